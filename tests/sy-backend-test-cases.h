/* sy-backend-test-cases.h: the tests every chat backend runs, each
 * backend with its own wire-format data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-test-utils.h"

G_BEGIN_DECLS

/* A backend's recorded chat reply, for the tests every backend must pass. */
typedef struct
{
  const char *path;             /* where the chat request goes */
  const char *content_type;
  const char *stream;           /* in fixtures/streams */
  const char *expected;         /* the text of @stream */
  gsize       cut_slack;        /* bytes past its middle sent before a cut */
  guint       cancel_after;     /* deltas before a Stop… */
  const char *cancelled_text;   /* …and the first tokens of their text (a
                                 * delta is a read: it may bring more) */
  /* What the whole of @stream makes */
  guint       n_deltas;
  const char *model;            /* as the server names it */
  const char *finish_reason;
  gint64      prompt_tokens;
  gint64      completion_tokens;
  /* Where the request says the temperature and the token limit */
  const char *options;          /* the member that holds them; NULL: the request */
  const char *max_tokens;       /* the limit's name */
} TestChatReply;

/* @reply's stream in @n_pieces, start to finish: each delta, the text, the
 * usage the server counted, and a POST to its path with the stream's model,
 * messages and settings (a TestChat's stream keeps the defaults:
 * temperature 0, at most 500 tokens). */
SyChatResult *test_chat_run_reply   (TestChat             *chat,
                                     const TestChatReply  *reply,
                                     guint                 n_pieces);

/* A GET of @path that lists models, answered with @body: the @n_models
 * models. */
GPtrArray  *test_chat_list_models   (TestChat      *chat,
                                     const char    *path,
                                     const char    *body,
                                     guint          n_models);

/* A long reply in a backend's wire format, sent to @reply's path in
 * @n_pieces: @n_tokens tokens, each a line (or event) that @line appends,
 * the texts taken in turn, then @trailer; and what the result must say
 * (fields left 0 or NULL are not checked). */
typedef struct
{
  const TestChatReply *reply;
  void              (*line)     (GString    *body,
                                 guint       i,
                                 const char *text);
  const char         *trailer;
  guint               n_pieces;
  const char * const *texts;    /* as in the JSON… */
  const char * const *decoded;  /* …and as read; "" makes no delta */
  guint               n_texts;
  guint               n_tokens;
  const char         *model;
  const char         *finish_reason;
  gint64              completion_tokens;
  double              tokens_per_second;
} TestLongStream;

/* The shared test: @fixture starts with a TestChat, @stream is a
 * TestLongStream. Every token arrives, in order, and the usage counted. */
void        test_chat_long_stream   (gpointer       fixture,
                                     gconstpointer  stream);

/* The shared tests: @fixture starts with a TestChat, @reply is a
 * TestChatReply. A connection dropped mid-reply keeps the partial text;
 * a server gone silent times out; Stop ends the reply at once. */
void        test_chat_cut_off       (gpointer       fixture,
                                     gconstpointer  reply);
void        test_chat_silent_server (gpointer       fixture,
                                     gconstpointer  reply);
void        test_chat_cancel        (gpointer       fixture,
                                     gconstpointer  reply);

/* Faults ------------------------------------------------------------------ */

/* A request that must fail, made on @chat (the start of the test's
 * fixture); returns its error. */
typedef GError *(*TestFailingRequest) (TestChat *chat);

/* sy_backend_list_models_async() on @chat's backend, which must fail. */
GError     *test_chat_list_models_failing (TestChat *chat);

/* What the server replies to a request that must fail. */
typedef struct
{
  const char *path;
  guint       status;
  const char *content_type;
  const char *body;
  guint       n_pieces;         /* 0: in one */
  const char *retry_after;      /* the Retry-After header */
} TestFaultReply;

/* One way a request goes wrong, and what its error must say. A row of a
 * backend's table: fields left 0 or NULL are not set up, or not checked. */
typedef struct
{
  const char *name;             /* the test path, under the backend's "fault/" */

  /* The request */
  const char *model;            /* the chat's model instead of the fixture's */
  gboolean    refused;          /* the base URL is one nobody listens at… */
  const char *base_url;         /* …or this one */
  TestFailingRequest request;   /* NULL: the fixture's chat, test_chat_run_failing() */

  /* The server's reply, if it has a body */
  TestFaultReply reply;

  /* The error: always in SY_BACKEND_ERROR, in valid UTF-8 and without the
   * chat's secret. In the messages, @URL@ stands for the base URL set. */
  SyBackendError code;
  const char *message_is;
  const char *message_starts;
  const char *message_has[3];
  const char *message_lacks;
  const char *error_model;      /* sy_backend_error_get_model() */
  gboolean    has_suggestion;
  const char *suggestion_is;
  const char *suggestion_has;
  guint       http_status;
  gint64      retry_after_s;    /* sy_backend_error_get_retry_after() */
  const char *stream_text;      /* the chat's text when it failed */

  /* What else the backend checks afterwards */
  void      (*then)             (TestChat *chat);
} TestFault;

/* The fault test: @fixture starts with a TestChat, @fault is a TestFault. */
void        test_chat_fault         (gpointer       fixture,
                                     gconstpointer  fault);

/* The whole test program -------------------------------------------------- */

/* One of a backend's own tests, with its Fixture. */
typedef struct
{
  const char       *path;       /* under the backend's prefix */
  GTestFixtureFunc  func;
} TestBackendCase;

#define TEST_BACKEND_CASE(path, func) { path, (GTestFixtureFunc) (func) }

/* A backend's test program: its fixture (which starts with a TestChat),
 * its recorded reply, long stream and faults for the shared tests, and
 * its own tests, all under @prefix; the own tests get @reply as data. */
typedef struct
{
  const char            *prefix;
  gsize                  fixture_size;
  GTestFixtureFunc       setup;
  GTestFixtureFunc       teardown;
  const TestChatReply   *reply;
  const TestLongStream  *long_stream;
  const TestFault       *faults;
  gsize                  n_faults;
  const TestBackendCase *cases;
  gsize                  n_cases;
} TestBackendSuite;

#define TEST_BACKEND_FIXTURE(Fixture, setup_func, teardown_func) \
  .fixture_size = sizeof (Fixture), .setup = (GTestFixtureFunc) (setup_func), .teardown = (GTestFixtureFunc) (teardown_func)

#define TEST_BACKEND_TABLES(faults_array, cases_array) \
  .faults = faults_array, .n_faults = G_N_ELEMENTS (faults_array), \
  .cases = cases_array, .n_cases = G_N_ELEMENTS (cases_array)

/* Captures the logs, adds the shared tests and then @suite's own, and
 * runs them. */
int         test_backend_main       (int                     argc,
                                     char                  **argv,
                                     const TestBackendSuite *suite);

#define TEST_BACKEND_MAIN(suite) \
  int main (int argc, char *argv[]) { return test_backend_main (argc, argv, &(suite)); }

G_END_DECLS
