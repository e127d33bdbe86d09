/* sy-backend.h: the interface every chat backend implements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Errors ------------------------------------------------------------------ */

#define SY_BACKEND_ERROR (sy_backend_error_quark ())

/* Each code asks for a different reaction from the UI; the message is
 * written for a person and the suggestion says what to do about it. */
typedef enum
{
  SY_BACKEND_ERROR_CONNECTION_REFUSED, /* nobody listens at the URL */
  SY_BACKEND_ERROR_MODEL_NOT_FOUND,    /* offer to pull the model */
  SY_BACKEND_ERROR_UNAUTHORIZED,       /* 401/403: the key was rejected */
  SY_BACKEND_ERROR_RATE_LIMITED,       /* 429: see the Retry-After seconds */
  SY_BACKEND_ERROR_SERVER_ERROR,       /* 5xx, or an error inside the stream */
  SY_BACKEND_ERROR_TLS,                /* certificate or handshake failure */
  SY_BACKEND_ERROR_TIMEOUT,            /* connect or idle-stream timeout */
  SY_BACKEND_ERROR_CUT_OFF,            /* the reply ended early: partial text kept */
  SY_BACKEND_ERROR_PROTOCOL,           /* a reply we could not understand */
  SY_BACKEND_ERROR_BAD_REQUEST,        /* any other 4xx */
} SyBackendError;

GQuark      sy_backend_error_quark             (void);
/* What the person can do about @error, or NULL if nothing useful. */
const char *sy_backend_error_get_suggestion    (const GError *error);
/* The seconds a RATE_LIMITED reply asked us to wait, or -1. */
gint64      sy_backend_error_get_retry_after   (const GError *error);
/* The text received before a CUT_OFF or TIMEOUT, or NULL. */
const char *sy_backend_error_get_partial_text  (const GError *error);
/* The model a MODEL_NOT_FOUND error is about, or NULL. */
const char *sy_backend_error_get_model         (const GError *error);
/* The HTTP status that caused @error, or 0. */
guint       sy_backend_error_get_http_status   (const GError *error);

/* Model information ------------------------------------------------------ */

#define SY_TYPE_INSTALLED_MODEL (sy_installed_model_get_type ())

typedef struct
{
  char    *name;             /* "llama3.1:8b", "gpt-4o-mini" */
  guint64  size;             /* bytes on disk (or in memory for /api/ps); 0 if unknown */
  char    *parameter_size;   /* "8.0B", or NULL */
  char    *quantization;     /* "Q4_K_M", or NULL */
  char    *family;           /* "llama", or NULL */
  char    *owned_by;         /* OpenAI's owner field, or NULL */
  guint64  size_vram;        /* loaded models only: bytes in GPU memory */
  gboolean loaded;           /* from /api/ps: in memory right now */
} SyInstalledModel;

GType        sy_installed_model_get_type          (void) G_GNUC_CONST;
SyInstalledModel *sy_installed_model_new               (const char        *name);
SyInstalledModel *sy_installed_model_copy              (const SyInstalledModel *info);
void         sy_installed_model_free              (SyInstalledModel       *info);
/* TRUE for a loaded model that did not fit in VRAM: part runs on the CPU. */
gboolean     sy_installed_model_is_partly_on_cpu  (const SyInstalledModel *info);
/* The share of a loaded model in GPU memory, 0…1. */
double       sy_installed_model_get_gpu_fraction  (const SyInstalledModel *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyInstalledModel, sy_installed_model_free)

/* The architecture numbers of a model, from /api/show's model_info: what
 * the memory estimate (weights + KV cache) needs. 0 when not given. */
#define SY_TYPE_MODEL_DETAILS (sy_model_details_get_type ())

typedef struct
{
  char    *architecture;       /* "llama", "qwen2", … */
  char    *parameter_size;     /* "8.0B" */
  char    *quantization;       /* "Q4_K_M" */
  guint64  parameter_count;
  guint    block_count;        /* layers */
  guint    context_length;
  guint    embedding_length;
  guint    head_count;
  guint    head_count_kv;
  guint    key_length;         /* per head; embedding_length / head_count if not given */
  guint    expert_count;       /* a mixture's experts; 0 when dense */
  guint    expert_used_count;  /* of which each token uses */
  guint    sliding_window;     /* attention.sliding_window: tokens; 0 when not given */
  gboolean encoder;            /* <arch>.attention.causal false: an embedding model, no KV cache */
} SyModelDetails;

GType           sy_model_details_get_type (void) G_GNUC_CONST;
SyModelDetails *sy_model_details_copy     (const SyModelDetails *details);
void            sy_model_details_free     (SyModelDetails       *details);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyModelDetails, sy_model_details_free)

/* Chat result ------------------------------------------------------------ */

#define SY_TYPE_CHAT_RESULT (sy_chat_result_get_type ())

typedef struct
{
  char     *text;
  char     *model;
  char     *finish_reason;        /* "stop", "length"…, or NULL */
  gint64    prompt_tokens;
  gint64    completion_tokens;
  gboolean  usage_estimated;      /* no counts from the server: characters / 4 */
  double    time_to_first_token;  /* seconds from sending; -1 if no token came */
  double    total_time;           /* seconds from sending to the end */
  double    tokens_per_second;    /* 0 when unknown */
  gint64    load_duration_ns;     /* Ollama only, else 0 */
  gint64    eval_duration_ns;     /* Ollama only, else 0 */
  gint64    total_duration_ns;    /* Ollama only, else 0 */
} SyChatResult;

GType         sy_chat_result_get_type (void) G_GNUC_CONST;
SyChatResult *sy_chat_result_copy     (const SyChatResult *result);
void          sy_chat_result_free     (SyChatResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyChatResult, sy_chat_result_free)

/* Chat stream: one request and the reply as it arrives ----------------- */

#define SY_CHAT_DEFAULT_TEMPERATURE 0.0
#define SY_CHAT_DEFAULT_MAX_TOKENS  500

#define SY_TYPE_CHAT_STREAM (sy_chat_stream_get_type ())

G_DECLARE_FINAL_TYPE (SyChatStream, sy_chat_stream, SY, CHAT_STREAM, GObject)

SyChatStream       *sy_chat_stream_new                 (const char   *model);
const char         *sy_chat_stream_get_model           (SyChatStream *self);
void                sy_chat_stream_set_model           (SyChatStream *self,
                                                        const char   *model);
double              sy_chat_stream_get_temperature     (SyChatStream *self);
void                sy_chat_stream_set_temperature     (SyChatStream *self,
                                                        double        temperature);
guint               sy_chat_stream_get_max_tokens      (SyChatStream *self);
void                sy_chat_stream_set_max_tokens      (SyChatStream *self,
                                                        guint         max_tokens);
/* @role is "system", "user" or "assistant". */
void                sy_chat_stream_add_message         (SyChatStream *self,
                                                        const char   *role,
                                                        const char   *content);
guint               sy_chat_stream_get_n_messages      (SyChatStream *self);
const char         *sy_chat_stream_get_message_role    (SyChatStream *self,
                                                        guint         position);
const char         *sy_chat_stream_get_message_content (SyChatStream *self,
                                                        guint         position);
/* The reply so far; after an error, the partial reply. */
const char         *sy_chat_stream_get_text            (SyChatStream *self);
/* Set once the reply completed, else NULL. */
const SyChatResult *sy_chat_stream_get_result          (SyChatStream *self);

/* The interface ----------------------------------------------------------- */

#define SY_BACKEND_DEFAULT_CONNECT_TIMEOUT_MS 10000
#define SY_BACKEND_DEFAULT_IDLE_TIMEOUT_MS    60000

#define SY_TYPE_BACKEND (sy_backend_get_type ())

G_DECLARE_INTERFACE (SyBackend, sy_backend, SY, BACKEND, GObject)

/* A *_finish left NULL takes the result as a GTask carrying the pointer,
 * which is what both backends return. */
struct _SyBackendInterface
{
  GTypeInterface parent_iface;

  void           (*list_models_async)  (SyBackend           *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
  GPtrArray     *(*list_models_finish) (SyBackend           *self,
                                        GAsyncResult        *result,
                                        GError             **error);
  void           (*stream_chat_async)  (SyBackend           *self,
                                        SyChatStream        *stream,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
  SyChatResult  *(*stream_chat_finish) (SyBackend           *self,
                                        GAsyncResult        *result,
                                        GError             **error);
};

/* Properties of every backend: "base-url" (string), "connect-timeout" and
 * "idle-timeout" (milliseconds; 0 turns the timeout off). */
/* Whether @url's server runs on this machine (a loopback address,
 * "localhost" or this host's name): a reply's speed from elsewhere says
 * nothing about this machine's GPU. */
gboolean      sy_backend_url_is_this_machine    (const char          *url);
char         *sy_backend_dup_base_url           (SyBackend           *self);
void          sy_backend_set_base_url           (SyBackend           *self,
                                                 const char          *base_url);
guint         sy_backend_get_connect_timeout    (SyBackend           *self);
void          sy_backend_set_connect_timeout    (SyBackend           *self,
                                                 guint                timeout_ms);
guint         sy_backend_get_idle_timeout       (SyBackend           *self);
void          sy_backend_set_idle_timeout       (SyBackend           *self,
                                                 guint                timeout_ms);

/* Completes with a GPtrArray of SyInstalledModel (free function set). */
void          sy_backend_list_models_async      (SyBackend           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray    *sy_backend_list_models_finish     (SyBackend           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Sends the messages of @stream and streams the reply into it: @stream
 * emits SyChatStream::delta for each piece of text as it arrives. A
 * cancelled reply fails with G_IO_ERROR_CANCELLED, and @stream keeps the
 * text received so far. */
void          sy_backend_stream_chat_async      (SyBackend           *self,
                                                 SyChatStream        *stream,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
SyChatResult *sy_backend_stream_chat_finish     (SyBackend           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* A rough token count for text no server counted: one per 4 characters. */
gint64        sy_backend_estimate_tokens        (const char          *text);

G_END_DECLS
