/* sy-backend-private.h: what the backend implementations share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sy-backend.h"
#include "sy-http-backend.h"

G_BEGIN_DECLS

typedef enum
{
  SY_BACKEND_FLAVOR_OPENAI,
  SY_BACKEND_FLAVOR_OLLAMA,
} SyBackendFlavor;

/* What an HTTP call needs to know to time out and to explain its errors. */
typedef struct
{
  SyBackendFlavor  flavor;
  const char      *base_url;    /* shown without credentials or query */
  const char      *model;       /* named by MODEL_NOT_FOUND, may be NULL */
  const char      *secret;      /* redacted from server text, may be NULL */
  guint            connect_timeout_ms;
  guint            idle_timeout_ms;
} SyHttpContext;

/* An owned copy of @context, for what outlives the request that made it
 * (a streaming call); the secret is wiped when it is freed. */
SyHttpContext *sy_http_context_dup     (const SyHttpContext  *context);
void        sy_http_context_free       (SyHttpContext        *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyHttpContext, sy_http_context_free)

/* The one session a backend sends all its requests through. */
SoupSession *sy_http_session_new       (void);

/* Called with each piece of a 2xx body as it arrives; FALSE aborts. */
typedef gboolean (*SyHttpChunkFunc) (const char  *data,
                                     gsize        len,
                                     gpointer     user_data,
                                     GError     **error);

/* Sends @message and feeds the body to @chunk_func. Non-2xx replies and
 * transport failures complete with a SY_BACKEND_ERROR; a user cancel
 * with G_IO_ERROR_CANCELLED. A clean end of the body completes with TRUE:
 * whether the stream was whole is for the protocol to say. */
void        sy_http_stream_async       (SoupSession          *session,
                                        SoupMessage          *message,
                                        const SyHttpContext  *context,
                                        SyHttpChunkFunc       chunk_func,
                                        gpointer              chunk_data,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean    sy_http_stream_finish      (GAsyncResult         *result,
                                        GError              **error);

/* Sends @message and parses the whole 2xx body as JSON. */
void        sy_http_json_async         (SoupSession          *session,
                                        SoupMessage          *message,
                                        const SyHttpContext  *context,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
JsonNode   *sy_http_json_finish        (GAsyncResult         *result,
                                        GError              **error);

SoupMessage *sy_http_message_new_json  (const char           *method,
                                        const char           *base_url,
                                        const char           *path,
                                        JsonBuilder          *body,
                                        GError              **error);

GError     *sy_backend_error_new       (SyBackendError        code,
                                        const char           *suggestion,
                                        const char           *format,
                                        ...) G_GNUC_PRINTF (3, 4);
void        sy_backend_error_set_partial_text (GError        *error,
                                        const char           *text);
void        sy_backend_error_set_details (GError            *error,
                                        guint                 http_status,
                                        gint64                retry_after,
                                        const char           *model);
/* A copy of @url fit to show: no user, password or query string. */
char       *sy_backend_display_url     (const char           *url);
/* @text with every occurrence of @secret replaced. */
char       *sy_backend_redact          (const char           *text,
                                        const char           *secret);
/* The message of an error body: OpenAI's {"error": {"message"}}, Ollama's
 * {"error": "…"}, or NULL (HTML pages and the like are not shown). */
char       *sy_backend_parse_error_body (const char          *body,
                                        gsize                 len,
                                        char                **code);
/* A PROTOCOL or SERVER_ERROR error for an error object inside a stream. */
GError     *sy_backend_error_from_stream (const SyHttpContext *context,
                                        JsonNode             *error_node);
/* A PROTOCOL error for a reply that is not what the protocol says. */
GError     *sy_backend_error_malformed (const SyHttpContext  *context,
                                        const char           *detail);
/* A CUT_OFF error keeping @partial_text. */
GError     *sy_backend_error_cut_off   (const SyHttpContext  *context,
                                        const char           *partial_text);
/* No chat reply is this long: a server that streams on and on (a loop, a
 * broken model) is cut off here rather than filling memory. */
#define SY_BACKEND_MAX_REPLY_BYTES (16 * 1024 * 1024)
/* A CUT_OFF error for a reply past SY_BACKEND_MAX_REPLY_BYTES. */
GError     *sy_backend_error_too_long  (const SyHttpContext  *context,
                                        const char           *partial_text);

/* What one chunk of a streamed chat reply says. Decoding has no side
 * effects, so the fuzzers reach exactly the code the backends run. */
typedef struct
{
  char     *delta;              /* the text this chunk adds, NULL if none */
  char     *model;              /* the model the server names, or NULL */
  char     *finish_reason;      /* or NULL */
  gboolean  done;               /* Ollama: the last line ("done": true) */
  gboolean  has_usage;          /* OpenAI: a "usage" object came */
  gboolean  has_prompt_tokens;  /* Ollama: counts are per member */
  gboolean  has_completion_tokens;
  gint64    prompt_tokens;
  gint64    completion_tokens;
  gint64    eval_duration_ns;   /* Ollama only, 0 when absent */
  gint64    load_duration_ns;
  gint64    total_duration_ns;
} SyChatChunk;

static inline void
sy_chat_chunk_clear (SyChatChunk *chunk)
{
  g_clear_pointer (&chunk->delta, g_free);
  g_clear_pointer (&chunk->model, g_free);
  g_clear_pointer (&chunk->finish_reason, g_free);
  memset (chunk, 0, sizeof *chunk);
}

/* Clears @chunk and reads what every chunk may carry: an error object
 * (FALSE with the error) and the model's name. */
gboolean    sy_backend_decode_chunk_start (const SyHttpContext  *context,
                                           JsonObject           *object,
                                           SyChatChunk          *chunk,
                                           GError              **error);
/* One OpenAI chat.completion.chunk object. FALSE with a SY_BACKEND_ERROR
 * when the chunk carries an error; @chunk is filled otherwise. */
gboolean    sy_openai_decode_chunk     (const SyHttpContext  *context,
                                        JsonObject           *object,
                                        SyChatChunk          *chunk,
                                        GError              **error);
/* One line of Ollama's /api/chat NDJSON reply, the same way. */
gboolean    sy_ollama_decode_line      (const SyHttpContext  *context,
                                        JsonObject           *object,
                                        SyChatChunk          *chunk,
                                        GError              **error);

/* The same for the common shape of a chunk or line, read straight from
 * its text (valid UTF-8, no NUL): TRUE with @chunk filled exactly as the
 * decoders above would fill it (but the model only if @want_model), FALSE
 * and @chunk empty when the event has anything the fast path leaves to
 * them (see sy-backend-fast.c). A decoder, optional, remembers the shape
 * of one stream's chunks so that the next one is checked quicker. */
typedef struct _SyFastDecoder SyFastDecoder;

SyFastDecoder *sy_fast_decoder_new     (void);
void        sy_fast_decoder_free       (SyFastDecoder        *self);
gboolean    sy_openai_decode_chunk_fast (SyFastDecoder       *decoder,
                                        const char           *data,
                                        gsize                 len,
                                        gboolean              want_model,
                                        SyChatChunk          *chunk);
gboolean    sy_ollama_decode_line_fast (const char           *data,
                                        gsize                 len,
                                        SyChatChunk          *chunk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyFastDecoder, sy_fast_decoder_free)

gint64      sy_json_get_int            (JsonObject           *object,
                                        const char           *member,
                                        gboolean             *found);
GPtrArray  *sy_ollama_parse_model_list (JsonNode             *root,
                                        gboolean              loaded,
                                        GError              **error);
SyModelDetails *sy_ollama_parse_show   (JsonNode             *root);

void        sy_chat_stream_begin       (SyChatStream         *self);
gsize       sy_chat_stream_get_length  (SyChatStream         *self);
void        sy_chat_stream_append      (SyChatStream         *self,
                                        const char           *delta);
void        sy_chat_stream_set_result  (SyChatStream         *self,
                                        const SyChatResult   *result);
/* Adds "messages": [{role, content}…] to @builder (inside an object). */
void        sy_chat_stream_add_messages_json (SyChatStream   *self,
                                        JsonBuilder          *builder);
gint64      sy_chat_stream_estimate_prompt_tokens (SyChatStream *self);

/* SyHttpBackend's subclasses -------------------------------------------- */

/* One chat reply as it streams in: the base class sends the request and
 * keeps the text, counts and timings; the subclass's decoder reads its
 * protocol into them. */
typedef struct
{
  SyHttpBackend *backend;
  SyChatStream  *stream;
  SyHttpContext *context;
  GCancellable  *cancellable;
  gpointer       decoder;              /* from new_chat_decoder */
  GDestroyNotify decoder_free;
  char          *reported_model;
  char          *finish_reason;
  gint64         start_us;
  gint64         first_token_us;
  gint64         prompt_tokens;
  gint64         completion_tokens;
  gint64         eval_duration_ns;
  gint64         load_duration_ns;
  gint64         total_duration_ns;
  gboolean       has_prompt_tokens;
  gboolean       has_completion_tokens;
  gboolean       done;                 /* the protocol's end marker came */
  /* Text of this read not yet in the stream: its "delta" comes once a
   * read rather than once a token (an emission a token was a tenth of
   * the main thread's time while a long reply poured in). */
  GString       *unsent;
} SyChatCall;

/* Adds what @chunk says to the reply, and clears @chunk. */
void        sy_chat_call_take_chunk    (SyChatCall           *call,
                                        SyChatChunk          *chunk);

/* Turns a whole JSON reply into what a request completes with. */
typedef gpointer (*SyHttpReplyFunc) (JsonNode  *root,
                                     gpointer   user_data,
                                     GError   **error);

/* Private, as Sysprof keeps its instruments' class structs: what a
 * protocol says is no public API. */
struct _SyHttpBackendClass
{
  GObjectClass     parent_class;

  /* Set with sy_http_backend_class_set_protocol(). */
  SyBackendFlavor  flavor;
  const char      *default_base_url;
  const char      *models_path;
  const char      *chat_path;
  const char      *chat_media_type;

  GPtrArray   *(*parse_models)      (JsonNode       *root,
                                     GError        **error);
  /* Adds what the protocol asks for besides the model, the messages and
   * "stream": true to the request object for @stream. */
  void         (*add_chat_options)  (SyChatStream   *stream,
                                     JsonBuilder    *builder);
  /* What one reply is read with (its framing parser and so on). */
  gpointer     (*new_chat_decoder)  (void);
  void         (*free_chat_decoder) (gpointer        decoder);
  /* Reads the next piece of the body into @call with
   * sy_chat_call_take_chunk(); FALSE ends the reply with @error. */
  gboolean     (*decode_chat)       (SyChatCall     *call,
                                     const char     *data,
                                     gsize           len,
                                     GError        **error);
  /* The body ended cleanly: reads what the decoder still holds. May be
   * NULL. The base class then calls a reply without an end cut off. */
  gboolean     (*finish_chat)       (SyChatCall     *call,
                                     GError        **error);
};

/* @flavor words the HTTP errors; "base-url" set to NULL or "" means
 * @default_base_url; GET @models_path lists the models; POST @chat_path
 * streams a chat reply of @chat_media_type. */
void        sy_http_backend_class_set_protocol (SyHttpBackendClass *klass,
                                        SyBackendFlavor       flavor,
                                        const char           *default_base_url,
                                        const char           *models_path,
                                        const char           *chat_path,
                                        const char           *chat_media_type);

SoupSession *sy_http_backend_get_session (SyHttpBackend      *self);
/* The key sent as a bearer token and redacted from what servers say;
 * wiped from memory when replaced. NULL or "" sends none. */
void        sy_http_backend_set_secret (SyHttpBackend        *self,
                                        const char           *secret);
gboolean    sy_http_backend_has_secret (SyHttpBackend        *self);

/* What a request about @model (may be NULL) needs to know. */
void        sy_http_backend_fill_context (SyHttpBackend      *self,
                                        const char           *model,
                                        SyHttpContext        *context);
/* A request to base URL + @path, with the bearer token if there is one. */
SoupMessage *sy_http_backend_new_message (SyHttpBackend      *self,
                                        const char           *method,
                                        const char           *path,
                                        JsonBuilder          *body,
                                        GError              **error);
/* Sends a request about @model (may be NULL) and completes with what
 * @reply_func makes of the JSON reply, freed with @result_free. */
void        sy_http_backend_request_json_async (SyHttpBackend *self,
                                        const char           *method,
                                        const char           *path,
                                        JsonBuilder          *body,
                                        const char           *model,
                                        SyHttpReplyFunc       reply_func,
                                        gpointer              reply_data,
                                        GDestroyNotify        result_free,
                                        gpointer              source_tag,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gpointer    sy_http_backend_request_json_finish (SyHttpBackend *self,
                                        GAsyncResult         *result,
                                        GError              **error);

G_END_DECLS
