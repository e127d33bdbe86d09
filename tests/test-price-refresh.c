/* test-price-refresh.c: refreshing prices from a loopback LiteLLM server,
 * through the core and through `switchyard prices`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sy-cost-error.h"
#include "sy-price-refresh.h"
#include "sy-test-utils.h"

#define ETAG "\"v1\""
#define HUGE_SIZE (50u * 1024u * 1024u)

/* Against the shipped table: gpt-9 is new, gpt-4o-mini dearer, gpt-4o and
 * claude-sonnet-4-5 as shipped, claude-haiku-4-5 what the user may have
 * typed, and a reseller's copy that is not the maker's price. */
static const char litellm_list[] =
  "{ \"sample_spec\": { \"mode\": \"one of: chat, embedding\", \"input_cost_per_token\": 0.0 },"
  "  \"gpt-4o\": { \"mode\": \"chat\", \"litellm_provider\": \"openai\","
  "    \"input_cost_per_token\": 2.5e-06, \"output_cost_per_token\": 1e-05,"
  "    \"cache_read_input_token_cost\": 1.25e-06,"
  "    \"input_cost_per_token_batches\": 1.25e-06, \"output_cost_per_token_batches\": 5e-06 },"
  "  \"gpt-4o-mini\": { \"mode\": \"chat\", \"litellm_provider\": \"openai\","
  "    \"input_cost_per_token\": 2e-07, \"output_cost_per_token\": 8e-07,"
  "    \"cache_read_input_token_cost\": 1e-07 },"
  "  \"claude-sonnet-4-5\": { \"mode\": \"chat\", \"litellm_provider\": \"anthropic\","
  "    \"input_cost_per_token\": 3e-06, \"output_cost_per_token\": 1.5e-05,"
  "    \"cache_read_input_token_cost\": 3e-07,"
  "    \"input_cost_per_token_above_200k_tokens\": 6e-06,"
  "    \"output_cost_per_token_above_200k_tokens\": 2.25e-05 },"
  "  \"claude-haiku-4-5\": { \"mode\": \"chat\", \"litellm_provider\": \"anthropic\","
  "    \"input_cost_per_token\": 9e-06, \"output_cost_per_token\": 9e-06 },"
  "  \"gpt-9\": { \"mode\": \"chat\", \"litellm_provider\": \"openai\","
  "    \"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 4e-06 },"
  "  \"together_ai/gpt-9\": { \"mode\": \"chat\", \"litellm_provider\": \"together_ai\","
  "    \"input_cost_per_token\": 2e-06, \"output_cost_per_token\": 2e-06 },"
  "  \"text-embedding-3-small\": { \"mode\": \"embedding\", \"litellm_provider\": \"openai\","
  "    \"input_cost_per_token\": 2e-08, \"output_cost_per_token\": 0 } }";

typedef struct
{
  TestServer *ts;
  char       *tmpdir;
  char       *cache_dir;
  char       *if_none_match;   /* what the last /etag request sent */
  guint       n_etag_requests;
  GBytes     *megabyte;
} Fixture;

/* The loopback server ---------------------------------------------------- */

static void
etag_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *match = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "If-None-Match");

  fixture->n_etag_requests++;
  g_free (fixture->if_none_match);
  fixture->if_none_match = g_strdup (match);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", ETAG);
  if (g_strcmp0 (match, ETAG) == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    litellm_list, strlen (litellm_list));
}

/* 50 MB, with its length announced (/huge) or streamed in chunks without
 * one (/huge-stream); one shared megabyte, so the server holds 1 MB. */
static void
huge_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  if (g_str_equal (path, "/huge-stream"))
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  else
    soup_message_headers_set_content_length (headers, HUGE_SIZE);

  for (guint i = 0; i < HUGE_SIZE / g_bytes_get_size (fixture->megabyte); i++)
    soup_message_body_append_bytes (body, fixture->megabyte);
  soup_message_body_complete (body);
}

static char *
url_for (Fixture    *fixture,
         const char *path)
{
  return g_strconcat (fixture->ts->base_url, path, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gsize half = strlen (litellm_list) / 2;
  Script *script;

  fixture->tmpdir = g_dir_make_tmp ("test-price-refresh-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cache_dir = g_build_filename (fixture->tmpdir, "cache", "switchyard", NULL);
  fixture->megabyte = g_bytes_new_take (g_malloc0 (1024 * 1024), 1024 * 1024);

  fixture->ts = test_server_new ();
  test_server_add (fixture->ts, "/good", 200, "application/json", litellm_list, -1, 1);
  /* A whole HTTP reply whose JSON stops half-way. */
  test_server_add (fixture->ts, "/truncated", 200, "application/json", litellm_list, (gssize) half, 1);
  /* The connection drops half-way through the body. */
  script = test_server_add (fixture->ts, "/cut", 200, "application/json", litellm_list, (gssize) half, 3);
  script->end = END_CUT;
  script = test_server_add (fixture->ts, "/silent", 200, "application/json", litellm_list, 20, 1);
  script->end = END_HANG;
  test_server_add (fixture->ts, "/html", 200, "text/html",
                   "<html><body>Rate limit exceeded</body></html>", -1, 1);
  test_server_add (fixture->ts, "/error", 500, "text/plain", "oops", -1, 1);
  soup_server_add_handler (fixture->ts->server, "/etag", etag_cb, fixture, NULL);
  soup_server_add_handler (fixture->ts->server, "/huge", huge_cb, fixture, NULL);
  soup_server_add_handler (fixture->ts->server, "/huge-stream", huge_cb, fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->ts, test_server_free);
  sy_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->cache_dir);
  g_free (fixture->if_none_match);
  g_bytes_unref (fixture->megabyte);
}

/* The core ---------------------------------------------------------------- */

static SyPriceUpdate *
refresh (Fixture         *fixture,
         SyPriceRefresh  *refresher,
         SyPriceTable    *table,
         GCancellable    *cancellable,
         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sy_price_refresh_run_async (refresher, table, cancellable, on_async_ready_cb, &result);
  wait_for_result (&result);

  return sy_price_refresh_run_finish (refresher, result, error);
}

static void
assert_price (SyPriceTable  *table,
              const char    *model,
              double         input,
              double         output,
              SyPriceOrigin  origin)
{
  SyPrice price;

  g_assert_true (sy_price_table_lookup (table, model, &price, NULL));
  g_assert_cmpfloat (price.input_per_million, ==, input);
  g_assert_cmpfloat (price.output_per_million, ==, output);
  g_assert_cmpint (price.origin, ==, origin);
}

static char *
dup_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static const SyPriceChange *
find_change (SyPriceUpdate *update,
             const char    *model)
{
  for (guint i = 0; i < sy_price_update_get_n_items (update); i++)
    if (g_str_equal (sy_price_update_get_item (update, i)->model, model))
      return sy_price_update_get_item (update, i);

  return NULL;
}

static gboolean
cache_exists (Fixture *fixture)
{
  g_autofree char *body = g_build_filename (fixture->cache_dir, "litellm-prices.json", NULL);

  return g_file_test (body, G_FILE_TEST_EXISTS);
}

static void
test_good_reply (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *url = url_for (fixture, "/good");
  g_autoptr(SyPriceRefresh) refresher = sy_price_refresh_new (url, fixture->cache_dir);
  g_autoptr(SyPriceTable) table = sy_price_table_new_default ();
  g_autoptr(SyPriceUpdate) update = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *today = dup_today ();
  const SyPriceChange *change;

  g_assert_true (sy_price_table_set (table, "claude-haiku-4-5", 1.5, 6, SY_PRICE_ORIGIN_USER, NULL));
  before = sy_price_table_to_json (table, 7);

  update = refresh (fixture, refresher, table, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (update);
  g_assert_cmpuint (sy_price_refresh_get_received (refresher), ==, strlen (litellm_list));

  g_assert_cmpuint (sy_price_update_get_n_added (update), ==, 1);
  g_assert_cmpuint (sy_price_update_get_n_changed (update), ==, 1);
  g_assert_cmpuint (sy_price_update_get_n_unchanged (update), ==, 2);
  g_assert_cmpuint (sy_price_update_get_n_kept_user (update), ==, 1);
  g_assert_false (sy_price_update_get_not_modified (update));
  g_assert_cmpstr (sy_price_update_get_source (update), ==, url);
  g_assert_cmpstr (sy_price_update_get_as_of (update), ==, today);

  /* News first. */
  g_assert_cmpint (sy_price_update_get_item (update, 0)->kind, !=, SY_PRICE_CHANGE_UNCHANGED);
  g_assert_cmpint (sy_price_update_get_item (update, 1)->kind, !=, SY_PRICE_CHANGE_UNCHANGED);
  change = find_change (update, "gpt-4o-mini");
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, SY_PRICE_CHANGE_CHANGED);
  g_assert_cmpfloat (change->old_price.input_per_million, ==, 0.15);
  g_assert_cmpfloat (change->new_price.input_per_million, ==, 0.2);
  g_assert_cmpfloat (change->new_price.output_per_million, ==, 0.8);
  g_assert_cmpfloat (change->new_price.cached_input_per_million, ==, 0.1);
  change = find_change (update, "gpt-9");
  g_assert_cmpint (change->kind, ==, SY_PRICE_CHANGE_ADDED);
  g_assert_cmpint (find_change (update, "gpt-4o")->kind, ==, SY_PRICE_CHANGE_UNCHANGED);
  /* Not the maker's price, not a chat model, not to be touched. */
  g_assert_null (find_change (update, "together_ai/gpt-9"));
  g_assert_null (find_change (update, "text-embedding-3-small"));
  g_assert_null (find_change (update, "claude-haiku-4-5"));

  /* Shown, not applied. */
  after = sy_price_table_to_json (table, 7);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (cache_exists (fixture));

  g_assert_cmpuint (sy_price_update_apply (update, table), ==, 4);
  assert_price (table, "gpt-4o-mini", 0.2, 0.8, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (table, "gpt-9", 1, 4, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (table, "gpt-4o", 2.5, 10, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (table, "claude-haiku-4-5", 1.5, 6, SY_PRICE_ORIGIN_USER);
  g_assert_cmpstr (sy_price_table_get_source (table, "gpt-4o-mini"), ==, url);
  g_assert_cmpstr (sy_price_table_get_as_of (table, "gpt-4o"), ==, today);
  g_assert_null (sy_price_table_get_as_of (table, "claude-haiku-4-5"));
}

static void
test_not_modified (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *url = url_for (fixture, "/etag");
  g_autoptr(SyPriceRefresh) refresher = sy_price_refresh_new (url, fixture->cache_dir);
  g_autoptr(SyPriceTable) table = sy_price_table_new_default ();
  g_autoptr(SyPriceUpdate) first = NULL;
  g_autoptr(SyPriceUpdate) second = NULL;
  g_autoptr(GError) error = NULL;

  first = refresh (fixture, refresher, table, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (fixture->if_none_match);
  g_assert_false (sy_price_update_get_not_modified (first));
  sy_price_update_apply (first, table);

  second = refresh (fixture, refresher, table, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_etag_requests, ==, 2);
  g_assert_cmpstr (fixture->if_none_match, ==, ETAG);
  g_assert_true (sy_price_update_get_not_modified (second));
  /* Compared from the cached copy: everything is as applied. */
  g_assert_true (sy_price_update_is_empty (second));
  g_assert_cmpuint (sy_price_update_get_n_unchanged (second), ==, 5);

  /* Another URL does not get this one's ETag. */
  {
    g_autofree char *other_url = url_for (fixture, "/etag?mirror=1");
    g_autoptr(SyPriceRefresh) other = sy_price_refresh_new (other_url, fixture->cache_dir);
    g_autoptr(SyPriceUpdate) third = refresh (fixture, other, table, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (fixture->n_etag_requests, ==, 3);
    g_assert_null (fixture->if_none_match);
    g_assert_false (sy_price_update_get_not_modified (third));
  }
}

/* A failed refresh names the URL, leaves the table and the cache alone. */
static GError *
refresh_failing (Fixture        *fixture,
                 SyPriceRefresh *refresher,
                 GCancellable   *cancellable)
{
  g_autoptr(SyPriceTable) table = sy_price_table_new_default ();
  g_autofree char *before = sy_price_table_to_json (table, 7);
  g_autofree char *after = NULL;
  g_autoptr(SyPriceUpdate) update = NULL;
  GError *error = NULL;

  update = refresh (fixture, refresher, table, cancellable, &error);
  g_assert_null (update);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_assert_nonnull (strstr (error->message, sy_price_refresh_get_url (refresher)));

  after = sy_price_table_to_json (table, 7);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (cache_exists (fixture));

  return error;
}

static void
test_failures (Fixture       *fixture,
               gconstpointer  data)
{
  static const struct {
    const char *path;
    GQuark    (*domain) (void);
    int         code;
    const char *in_message;
  } cases[] = {
    { "/truncated", sy_cost_error_quark, SY_COST_ERROR_PARSE, "not a LiteLLM price list" },
    { "/html", sy_cost_error_quark, SY_COST_ERROR_PARSE, "not a LiteLLM price list" },
    { "/huge", g_io_error_quark, G_IO_ERROR_MESSAGE_TOO_LARGE, "larger than a price list" },
    { "/huge-stream", g_io_error_quark, G_IO_ERROR_MESSAGE_TOO_LARGE, "larger than a price list" },
    { "/error", g_io_error_quark, G_IO_ERROR_FAILED, "500" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = url_for (fixture, cases[i].path);
      g_autoptr(SyPriceRefresh) refresher = sy_price_refresh_new (url, fixture->cache_dir);
      g_autoptr(GError) error = refresh_failing (fixture, refresher, NULL);

      g_assert_error (error, cases[i].domain (), cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
      /* The cap holds whether or not the length was announced. */
      g_assert_cmpuint (sy_price_refresh_get_received (refresher), <=, SY_PRICE_REFRESH_MAX_BYTES);
    }
}

static void
test_cut_off (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *url = url_for (fixture, "/cut");
  g_autoptr(SyPriceRefresh) refresher = sy_price_refresh_new (url, fixture->cache_dir);
  g_autoptr(GError) error = refresh_failing (fixture, refresher, NULL);

  g_assert_true (error->domain == G_IO_ERROR || error->domain == SY_COST_ERROR);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *base = refused_url ();
  g_autofree char *url = g_strconcat (base, "/prices.json", NULL);
  g_autoptr(SyPriceRefresh) refresher = sy_price_refresh_new (url, fixture->cache_dir);
  g_autoptr(GError) error = refresh_failing (fixture, refresher, NULL);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *url = url_for (fixture, "/silent");
  g_autoptr(SyPriceRefresh) refresher = sy_price_refresh_new (url, fixture->cache_dir);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_timeout_add (200, cancel_cb, cancellable);
  error = refresh_failing (fixture, refresher, cancellable);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The command line ------------------------------------------------------- */

static gboolean
on_child_deadline_cb (gpointer user_data)
{
  g_error ("switchyard prices did not finish within 60 s");
  return G_SOURCE_REMOVE;
}

/* `switchyard prices ARGS…` while this process's main loop serves. */
static void
run_prices (Fixture *fixture,
            Run     *run,
            ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_home = g_build_filename (fixture->tmpdir, "cache", NULL);
  const char *bin = g_getenv ("SWITCHYARD_BIN");
  guint deadline;

  g_assert_nonnull (bin);
  g_ptr_array_add (args, (char *) bin);
  g_ptr_array_add (args, (char *) "prices");
  RUN_COLLECT_ARGS (args, run);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "SWITCHYARD_CONFIG_DIR", fixture->tmpdir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_home, TRUE);

  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  /* Not g_spawn_sync: the server answering the child runs right here. */
  g_subprocess_communicate_utf8_async (child, NULL, NULL, on_async_ready_cb, &result);
  deadline = g_timeout_add_seconds (60, on_child_deadline_cb, NULL);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);

  g_subprocess_communicate_utf8_finish (child, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  run->status = g_subprocess_get_exit_status (child);
  g_test_message ("exit %d\n%s%s", run->status, run->out, run->err);
}

static gboolean
prices_file_exists (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->tmpdir, "prices.json", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_cli_list (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  run_prices (fixture, &run, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (g_strstr_len (run.out, -1, "gpt-4o "));
  g_assert_nonnull (g_strstr_len (run.out, -1, "$1.25"));
  g_assert_nonnull (g_strstr_len (run.out, -1, "$0.075"));
  g_assert_nonnull (g_strstr_len (run.out, -1, "deepseek/deepseek-chat"));
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_cli_refresh_and_apply (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *url = url_for (fixture, "/etag");
  g_auto(Run) shown = { 0 };
  g_auto(Run) applied = { 0 };
  g_auto(Run) listed = { 0 };
  g_auto(Run) again = { 0 };

  run_prices (fixture, &shown, "--refresh", "--url", url, NULL);
  g_assert_cmpint (shown.status, ==, 0);
  g_assert_nonnull (strstr (shown.out, "added    gpt-9: $1.00 in, $4.00 out"));
  g_assert_nonnull (strstr (shown.out, "changed  gpt-4o-mini: $0.15 → $0.20 in, $0.60 → $0.80 out, $0.075 → $0.10 cached"));
  g_assert_nonnull (strstr (shown.out, "1 added, 2 changed, 2 unchanged, 0 of yours kept"));
  g_assert_nonnull (strstr (shown.out, "--apply"));
  g_assert_false (prices_file_exists (fixture));

  run_prices (fixture, &applied, "--refresh", "--url", url, "--apply", NULL);
  g_assert_cmpint (applied.status, ==, 0);
  g_assert_cmpstr (fixture->if_none_match, ==, ETAG);
  g_assert_nonnull (strstr (applied.out, "Applied 5 prices to "));
  g_assert_true (prices_file_exists (fixture));

  run_prices (fixture, &listed, NULL);
  g_assert_nonnull (strstr (listed.out, "gpt-9"));
  g_assert_nonnull (strstr (listed.out, "$0.20"));

  run_prices (fixture, &again, "--refresh", "--url", url, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "Prices are up to date"));
  g_assert_nonnull (strstr (again.out, "0 added, 0 changed, 5 unchanged"));
}

static void
test_cli_failures (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *base = refused_url ();
  g_autofree char *refused = g_strconcat (base, "/prices.json", NULL);
  g_autofree char *huge = url_for (fixture, "/huge");
  g_autofree char *html = url_for (fixture, "/html");
  g_autofree char *truncated = url_for (fixture, "/truncated");
  g_autofree char *cut = url_for (fixture, "/cut");
  const char *urls[] = { refused, huge, html, truncated, cut };
  g_auto(Run) bad_args = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_auto(Run) run = { 0 };

      run_prices (fixture, &run, "--refresh", "--url", urls[i], "--apply", NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, urls[i]));
      g_assert_nonnull (strstr (run.err, "stays as it was"));
      g_assert_false (prices_file_exists (fixture));
    }

  run_prices (fixture, &bad_args, "--apply", NULL);
  g_assert_cmpint (bad_args.status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/price-refresh/good-reply", test_good_reply);
  ADD ("/price-refresh/not-modified", test_not_modified);
  ADD ("/price-refresh/failures", test_failures);
  ADD ("/price-refresh/cut-off", test_cut_off);
  ADD ("/price-refresh/refused", test_refused);
  ADD ("/price-refresh/cancel", test_cancel);
  ADD ("/price-refresh/cli/list", test_cli_list);
  ADD ("/price-refresh/cli/refresh-and-apply", test_cli_refresh_and_apply);
  ADD ("/price-refresh/cli/failures", test_cli_failures);
#undef ADD

  return g_test_run ();
}
