/* sy-test-utils.h: what the tests share, compiled once into each of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sy-backend.h"

G_BEGIN_DECLS

/* Recorded streams ------------------------------------------------------- */

/* The contents of tests/fixtures/streams/@name; @len may be NULL. */
char       *load_fixture            (const char    *name,
                                     gsize         *len);

/* Garbage for parsers: random bytes, every other one on average from
 * @alphabet (@alphabet_len bytes, NUL allowed) so that enough of the
 * format's syntax is in it to get past the first byte. */
void        fill_garbage            (guint8        *buffer,
                                     gsize          size,
                                     const char    *alphabet,
                                     gsize          alphabet_len);
/* The length of a random piece, 1 to 299 bytes, of @size bytes from
 * @offset: how the network might cut them. */
gsize       random_piece_length     (gsize          offset,
                                     gsize          size);

/* A loopback server speaking scripted replies ---------------------------- */

/* How a scripted reply ends after its pieces were sent. */
typedef enum
{
  END_COMPLETE,  /* a proper end of the body */
  END_CUT,       /* the server drops the connection */
  END_HANG,      /* the server goes silent, connection open */
} ScriptEnd;

typedef struct
{
  guint       status;
  char       *content_type;
  char       *retry_after;
  GPtrArray  *pieces;      /* GBytes, sent one per delay */
  guint       delay_ms;
  ScriptEnd   end;
} Script;

typedef struct
{
  SoupServer *server;
  char       *base_url;    /* http://127.0.0.1:port, no trailing slash */
  GHashTable *scripts;     /* path → Script */
  GPtrArray  *streams;
  char       *method;
  char       *path;
  char       *body;           /* of the last request that had one */
  char       *authorization;
  guint       n_requests;
} TestServer;

TestServer *test_server_new         (void);
void        test_server_free        (TestServer    *ts);
/* Adds a reply for @path made of @body cut into @n_pieces pieces at
 * arbitrary byte offsets (mid-line, mid-UTF-8 sequence). */
Script     *test_server_add         (TestServer    *ts,
                                     const char    *path,
                                     guint          status,
                                     const char    *content_type,
                                     const char    *body,
                                     gssize         len,
                                     guint          n_pieces);
/* The same with a recorded stream as the body, and status 200. */
Script     *test_server_add_fixture (TestServer    *ts,
                                     const char    *path,
                                     const char    *content_type,
                                     const char    *name,
                                     guint          n_pieces);
/* The body of the last request, which must be a JSON object. */
JsonObject *test_server_request_json (TestServer   *ts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

/* A loopback port that was bound and closed again: nobody listens there. */
char       *refused_url             (void);

/* The main loop ---------------------------------------------------------- */

/* Stores a reference to @result in the GAsyncResult * at @user_data. */
void        on_async_ready_cb       (GObject       *object,
                                     GAsyncResult  *result,
                                     gpointer       user_data);
/* Runs the main loop until *@result is set; bounded so a hang fails. */
void        wait_for_result         (GAsyncResult **result);
void        wait_for_result_within  (GAsyncResult **result,
                                     guint          seconds);

/* Backends --------------------------------------------------------------- */

/* One chat, start to finish, on the test's main loop. */
SyChatResult *test_stream_chat      (SyBackend     *backend,
                                     SyChatStream  *stream,
                                     GCancellable  *cancellable,
                                     GError       **error);
/* A chat that must fail: its error. */
GError     *test_stream_chat_error  (SyBackend     *backend,
                                     SyChatStream  *stream,
                                     GCancellable  *cancellable);
/* sy_backend_list_models_async(), start to finish. */
GPtrArray  *test_backend_list_models (SyBackend    *backend,
                                      GError      **error);

/* What the backend tests keep around one chat: the server it goes to, the
 * backend (the test's own, not owned here), the deltas the stream
 * emitted, a Stop once @cancel_after came, and a secret no error may
 * show. A test fixture starts with one, for the shared tests of
 * sy-backend-test-cases.h. */
typedef struct
{
  TestServer   *server;
  SyBackend    *backend;
  SyChatStream *stream;
  GPtrArray    *deltas;
  GCancellable *cancellable;
  guint         cancel_after;
  const char   *secret;
} TestChat;

void        test_chat_init          (TestChat      *chat,
                                     const char    *model);
/* Asserts the stream is released. */
void        test_chat_clear         (TestChat      *chat);
SyChatResult *test_chat_run         (TestChat      *chat,
                                     GError       **error);
/* A chat that must fail: its error, in valid UTF-8 and without the secret. */
GError     *test_chat_run_failing   (TestChat      *chat);
char       *test_chat_join_deltas   (TestChat      *chat);

/* Logs and properties ---------------------------------------------------- */

/* Every log field since capture_logs(), debug messages included. */
extern GString *captured_logs;

void        capture_logs            (void);
/* Every readable property of @object, as "name=value" lines. */
char       *dump_properties         (GObject       *object);

/* The command line ------------------------------------------------------- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

void        run_clear               (Run           *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs SWITCHYARD_BIN with @args (NULL-terminated) in the test's
 * environment plus @env (KEY, VALUE pairs, NULL-terminated; may be NULL).
 * Headless: the subcommands must not need a display. */
void        run_switchyard_argv     (Run                *run,
                                     const char * const *env,
                                     const char * const *args);
/* `switchyard ARGS…` (NULL-terminated) with @locale as LC_ALL, or the test
 * environment's when NULL. */
void        run_switchyard          (Run           *run,
                                     const char    *locale,
                                     ...) G_GNUC_NULL_TERMINATED;

/* Collects the NULL-terminated variadic arguments after @last. */
#define RUN_COLLECT_ARGS(array, last)                         \
  G_STMT_START {                                              \
    va_list ap_;                                              \
    const char *arg_;                                         \
    va_start (ap_, last);                                     \
    while ((arg_ = va_arg (ap_, const char *)) != NULL)       \
      g_ptr_array_add (array, (char *) arg_);                 \
    va_end (ap_);                                             \
    g_ptr_array_add (array, NULL);                            \
  } G_STMT_END

guint       count_lines             (const char    *text);
JsonNode   *parse_json              (const char    *text);

/* Locales ---------------------------------------------------------------- */

#define GERMAN_LOCALE "de_DE.UTF-8"

/* build-aux/install-deps.sh generates de_DE.UTF-8, so CI always has it and
 * a missing locale fails the test: a skip would prove nothing. The Flatpak
 * build's sandbox has only C.UTF-8; its manifest sets
 * SWITCHYARD_ALLOW_MISSING_LOCALE=1 to skip these checks there. */
gboolean    have_german_locale      (void);

/* Removes @path and everything below it (not following symbolic links);
 * what cannot be removed stays. */
void sy_test_remove_tree (const char *path);

/* tests/check-deploy-yaml.py on @config: the JSON it prints. NULL after
 * g_test_skip() when python3-yaml is missing (the Flatpak SDK), unless
 * SWITCHYARD_REQUIRE_YAML is set (CI sets it). */
JsonNode   *sy_test_check_deploy_yaml (const char *config,
                                       guint       boxes,
                                       const char *api_model);

G_END_DECLS
