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
  const char *cancelled_text;   /* …and the text they make */
} TestChatReply;

/* The shared tests: @fixture starts with a TestChat, @reply is a
 * TestChatReply. A connection dropped mid-reply keeps the partial text;
 * a server gone silent times out; Stop ends the reply at once. */
void        test_chat_cut_off       (gpointer       fixture,
                                     gconstpointer  reply);
void        test_chat_silent_server (gpointer       fixture,
                                     gconstpointer  reply);
void        test_chat_cancel        (gpointer       fixture,
                                     gconstpointer  reply);

/* g_test_add() for the shared tests, which cannot name the Fixture type. */
#define test_chat_add(path, Fixture, reply, setup, func, teardown) \
  g_test_add (path, Fixture, reply, setup, (void (*) (Fixture *, gconstpointer)) (func), teardown)

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

/* Adds @prefix "fault/" NAME for each of the @n_faults rows of @faults. */
void        test_chat_add_faults    (const char       *prefix,
                                     gsize             fixture_size,
                                     GTestFixtureFunc  setup,
                                     GTestFixtureFunc  teardown,
                                     const TestFault  *faults,
                                     gsize             n_faults);

#define TEST_CHAT_ADD_FAULTS(prefix, Fixture, faults, setup, teardown)                     \
  test_chat_add_faults (prefix, sizeof (Fixture), (GTestFixtureFunc) (setup),                \
                        (GTestFixtureFunc) (teardown), faults, G_N_ELEMENTS (faults))

G_END_DECLS
