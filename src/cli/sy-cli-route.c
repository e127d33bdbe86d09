/* sy-cli-route.c: `switchyard route` and `switchyard pilot`, SPEC §3 and §1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sy-cli-private.h"
#include "sy-ollama-backend.h"
#include "sy-openai-backend.h"
#include "sy-pilot-runner.h"
#include "sy-pilot.h"
#include "sy-format.h"
#include "sy-router.h"
#include "sy-secrets.h"

#define EXIT_INTERRUPTED 130   /* 128 + SIGINT, as shells report it */

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GPtrArray    *records;
  GError       *error;
  gboolean      interrupted;
} PilotRun;

/* Auxiliary functions ---------------------------------------------------------- */

/* "%.8f" without the trailing zeros: SPEC's per-word estimates are a few
 * millionths of a dollar, which "%.2f" would show as 0. */
static char *
format_small_number (double   value,
                     gboolean money)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *dot;
  char *end;

  g_ascii_formatd (buf, sizeof buf, "%.8f", value);
  dot = strchr (buf, '.');
  end = buf + strlen (buf);
  while (dot != NULL && end > dot + (money ? 3 : 1) && end[-1] == '0')
    *--end = '\0';
  if (dot != NULL && end == dot + 1)
    *dot = '\0';
  if (strspn (buf, "-0.") == strlen (buf) && buf[0] == '-')
    memmove (buf, buf + 1, strlen (buf));

  if (!money)
    return g_strdup (buf);

  /* People read the figure in their locale; JSON keeps the ASCII one. */
  {
    g_autofree char *shown = sy_format_localize_ascii (buf[0] == '-' ? buf + 1 : buf);

    return sy_format_usd_wrap (shown, buf[0] == '-');
  }
}

static gboolean
check_url (const char  *option,
           const char  *text,
           GError     **error)
{
  g_autoptr(GUri) uri = text != NULL ? g_uri_parse (text, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (text == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("%s: missing"), option);
      return FALSE;
    }
  if (uri == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: “%s” is not an http:// or https:// URL"), option, text);
      return FALSE;
    }
  return TRUE;
}

/* route ------------------------------------------------------------------------ */

static void
print_route_text (const SyRouteDecision *decision)
{
  g_autofree char *cost = format_small_number (decision->estimated_cost_usd, TRUE);
  const char *backend = decision->backend == SY_ROUTE_BACKEND_LOCAL ? _("local") : _("API");

  /* Translators: "Class: simple" etc.; the class ids are not translated */
  g_print (_("Class: %s\n"), sy_route_class_to_id (decision->klass));
  /* Translators: "Route: llama3.1:8b (local)" */
  g_print (_("Route: %s (%s)\n"), decision->model, backend);
  g_print (_("Estimated cost: %s (SPEC’s word-count estimate, %u words)\n"), cost, decision->n_words);
  g_print (_("Reason: %s\n"), decision->reason);
}

static void
print_route_json (const SyRouteDecision *decision)
{
  g_autoptr(GString) out = g_string_new ("{\"class\": ");
  g_autofree char *cost = format_small_number (decision->estimated_cost_usd, FALSE);

  sy_cli_append_json_string (out, sy_route_class_to_id (decision->klass));
  g_string_append (out, ", \"backend\": ");
  sy_cli_append_json_string (out, sy_route_backend_to_id (decision->backend));
  g_string_append (out, ", \"model\": ");
  sy_cli_append_json_string (out, decision->model);
  g_string_append_printf (out, ", \"estimated_cost_usd\": %s, \"reason\": ", cost);
  sy_cli_append_json_string (out, decision->reason);
  g_string_append (out, "}\n");

  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

int
sy_cli_run_route (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyRouter) router = NULL;
  g_autoptr(SyRouteDecision) decision = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_auto(GStrv) args = NULL;
  gboolean json = FALSE;
  gboolean defaults = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print JSON: class, backend, model, estimated_cost_usd, reason"), NULL },
    { "default-rules", 0, 0, G_OPTION_ARG_NONE, &defaults,
      N_("Use SPEC’s default rules, not the ones edited in Preferences"), NULL },
    { NULL }
  };

  /* Translators: the rest of "Usage: switchyard route [OPTION…]" */
  context = g_option_context_new (_("QUERY — classify a query and show where it is routed"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("simple: contains “what is”, “define”, “when did”, “how many” or “list the”\n"
      "  and is shorter than 100 characters → local llama3.1:8b;\n"
      "complex: contains “compare”, “analyze”, “explain why”, “design”, “implement”,\n"
      "  “debug”, “optimize” or “write a program” → gpt-4o;\n"
      "medium: anything else → gpt-4o-mini.\n"
      "Matching ignores case. Rules edited in Preferences (routing.json in the\n"
      "config directory) apply unless --default-rules is given.\n\n"
      "Example:\n"
      "  switchyard route --json \"What is RAG?\"\n\n"
      "Exit status: 0 ok, 2 bad input."));

  args = sy_cli_dup_args ("route", argc, argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

  if (args[1] == NULL)
    return sy_cli_fail (EXIT_BAD_INPUT, "route", _("missing the query"));
  /* `switchyard route What is RAG?` means the same as the quoted form. */
  query = g_strjoinv (" ", args + 1);
  if (!g_utf8_validate (query, -1, NULL))
    return sy_cli_fail (EXIT_BAD_INPUT, "route", _("the query is not UTF-8 text"));
  if (sy_router_count_words (query) == 0)
    return sy_cli_fail (EXIT_BAD_INPUT, "route", _("the query is empty"));

  router = sy_router_new ();
  if (!defaults)
    {
      path = sy_router_dup_default_path ();
      /* A broken rules file is moved aside: say so, then route by the defaults. */
      if (!sy_router_load (router, path, &error))
        g_printerr ("switchyard: %s\n", error->message);
    }

  /* Machines read JSON: its reason stays in SPEC's English. */
  if (json)
    {
      setlocale (LC_MESSAGES, "C");
      setlocale (LC_NUMERIC, "C");
    }

  decision = sy_router_route (router, query);
  if (json)
    print_route_json (decision);
  else
    print_route_text (decision);

  return 0;
}

/* pilot ------------------------------------------------------------------------ */

/* Ollama's OpenAI-compatible API lives under /v1, its native one at the
 * root: a URL ending in /v1 gets the OpenAI protocol, anything else
 * Ollama's, which reports the server's own tokens/s. */
static SyBackend *
new_local_backend (const char *url)
{
  g_autofree char *trimmed = g_strdup (url);
  gsize len = strlen (trimmed);

  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';
  if (g_str_has_suffix (trimmed, "/v1"))
    return SY_BACKEND (sy_openai_backend_new (trimmed));
  return SY_BACKEND (sy_ollama_backend_new (trimmed));
}

/* The non-empty lines of @path; NULL with the exit status in @out_status. */
static GStrv
read_prompts (const char *path,
              int        *out_status)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) prompts = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("cannot read “%s”: %s"), path, error->message);

      *out_status = sy_cli_fail (EXIT_RUNTIME_FAILURE, "--prompts", message);
      return NULL;
    }
  if (!g_utf8_validate (contents, -1, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not UTF-8 text"), path);

      *out_status = sy_cli_fail (EXIT_BAD_INPUT, "--prompts", message);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* CRLF files too; a line of blanks is no prompt. */
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        g_strv_builder_add (builder, lines[i]);
    }

  prompts = g_strv_builder_end (builder);
  if (prompts[0] == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” holds no prompt (one per line)"), path);

      *out_status = sy_cli_fail (EXIT_BAD_INPUT, "--prompts", message);
      return NULL;
    }
  return g_steal_pointer (&prompts);
}

static void
format_seconds (GString *out,
                double   seconds)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (seconds < 0)
    g_string_append (out, "–");
  else
    {
      g_autofree char *shown = sy_format_localize_ascii (g_ascii_formatd (buf, sizeof buf, "%.3f", seconds));

      g_string_append_printf (out, "%s s", shown);
    }
}

static void
on_progress_cb (SyPilotRunner       *runner,
                guint                n_done,
                guint                n_total,
                const SyPilotRecord *record,
                gpointer             user_data)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "[%u/%u]", n_done, n_total);
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    {
      const SyPilotReply *reply = &record->replies[i];

      if (!reply->sent)
        continue;
      g_string_append_printf (line, " %s: ", sy_route_backend_to_id (i));
      if (reply->error != NULL)
        g_string_append (line, reply->error);
      else
        format_seconds (line, reply->time_to_first_token);
      g_string_append_c (line, i + 1 < SY_ROUTE_N_BACKENDS ? ';' : '.');
    }
  /* Progress on stderr: stdout carries the summary alone. */
  g_printerr ("%s\n", line->str);
}

static void
on_run_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PilotRun *run = user_data;

  run->records = sy_pilot_runner_run_finish (SY_PILOT_RUNNER (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
on_sigint_cb (gpointer user_data)
{
  PilotRun *run = user_data;

  run->interrupted = TRUE;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
print_side_text (const SyPilotSideSummary *side)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *cost = format_small_number (side->cost_per_1000_usd, TRUE);
  g_autofree char *tps = sy_format_decimal (side->mean_tokens_per_second, 1);
  g_autofree char *mean_in = sy_format_decimal (side->mean_input_tokens, 0);
  g_autofree char *mean_out = sy_format_decimal (side->mean_output_tokens, 0);

  g_string_append_printf (out, "%s — %s: ", side->backend == SY_ROUTE_BACKEND_LOCAL ? _("Local") : _("API"),
                          side->model != NULL ? side->model : "");
  g_string_append_printf (out, _("%u sent, %u completed, %u failed\n"),
                          side->n_sent, side->n_completed, side->n_errors);
  g_string_append (out, _("  Time to first token: median "));
  format_seconds (out, side->ttft_median);
  g_string_append (out, _(", p95 "));
  format_seconds (out, side->ttft_p95);
  g_string_append (out, _("\n  Total latency: median "));
  format_seconds (out, side->total_median);
  g_string_append (out, _(", p95 "));
  format_seconds (out, side->total_p95);
  g_string_append_printf (out, _("\n  Tokens/s: %s\n"), tps);
  g_string_append_printf (out, _("  Mean tokens per request: %s in, %s out\n"), mean_in, mean_out);
  g_string_append_printf (out, _("  Cost per 1,000 requests: %s\n"), cost);
  g_print ("%s", out->str);
}

static void
print_quality_text (const SyPilotSummary *summary)
{
  g_autofree char *overall = sy_pilot_quality_format (&summary->quality);
  g_autofree char *note = sy_pilot_quality_dup_note (&summary->quality);

  /* Translators: "Quality retained: 70% (54.6%–81.9%) of 40 rated" */
  g_print (_("Quality retained: %s of %u rated (local as good or better; 95%% Wilson interval)\n"),
           overall, summary->quality.n_rated);
  if (note != NULL)
    g_print ("  %s\n", note);
  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    {
      g_autofree char *shown = sy_pilot_quality_format (&summary->classes[i]);

      /* Translators: a routing class's quality, e.g. "  Simple: 90% (59.6%–98.2%) of 10" */
      g_print (_("  %s: %s of %u\n"), sy_route_class_get_label (i), shown, summary->classes[i].n_rated);
    }
}

static void
print_summary_text (const SyPilotSummary *summary)
{
  g_print (_("Prompts: %u (%u sent to both backends)\n"), summary->n_prompts, summary->n_both);
  /* One block per model: a gpt-4o-mini and a gpt-4o run are told apart. */
  for (guint i = 0; i < summary->columns->len; i++)
    print_side_text (g_ptr_array_index (summary->columns, i));
  if (summary->quality.n_rated == 0)
    g_print ("%s\n", _("Quality retained: no ratings (rate replies in the app’s Compare view)"));
  else
    print_quality_text (summary);
  g_print ("%s\n", _("Percentiles are nearest-rank: the median of an even count is the lower middle value."));
}

static void
append_quality_json (GString              *out,
                     const SyPilotQuality *quality)
{
  g_string_append_printf (out, "{\"rated\": %u, \"local_better\": %u, \"api_better\": %u, \"ties\": %u",
                          quality->n_rated, quality->n_local_wins, quality->n_api_wins, quality->n_ties);
  g_string_append (out, ", \"quality_retained\": ");
  sy_cli_append_json_optional_number (out, "%.4f", quality->retained);
  g_string_append (out, ", \"interval_low\": ");
  sy_cli_append_json_optional_number (out, "%.4f", quality->low);
  g_string_append (out, ", \"interval_high\": ");
  sy_cli_append_json_optional_number (out, "%.4f", quality->high);
  g_string_append_printf (out, ", \"interval_wide\": %s}", sy_pilot_quality_is_wide (quality) ? "true" : "false");
}

static void
append_side_json (GString                  *out,
                  const SyPilotSideSummary *side)
{
  g_string_append (out, "{\"backend\": ");
  sy_cli_append_json_string (out, sy_route_backend_to_id (side->backend));
  g_string_append (out, ", \"model\": ");
  sy_cli_append_json_string (out, side->model);
  g_string_append_printf (out, ", \"sent\": %u, \"completed\": %u, \"errors\": %u",
                          side->n_sent, side->n_completed, side->n_errors);
  g_string_append (out, ", \"ttft_median_s\": ");
  sy_cli_append_json_optional_number (out, "%.4f", side->ttft_median);
  g_string_append (out, ", \"ttft_p95_s\": ");
  sy_cli_append_json_optional_number (out, "%.4f", side->ttft_p95);
  g_string_append (out, ", \"total_median_s\": ");
  sy_cli_append_json_optional_number (out, "%.4f", side->total_median);
  g_string_append (out, ", \"total_p95_s\": ");
  sy_cli_append_json_optional_number (out, "%.4f", side->total_p95);
  g_string_append (out, ", \"tokens_per_second\": ");
  sy_cli_append_json_number (out, "%.2f", side->mean_tokens_per_second);
  g_string_append (out, ", \"mean_input_tokens\": ");
  sy_cli_append_json_number (out, "%.2f", side->mean_input_tokens);
  g_string_append (out, ", \"mean_output_tokens\": ");
  sy_cli_append_json_number (out, "%.2f", side->mean_output_tokens);
  g_string_append (out, ", \"cost_per_1000_usd\": ");
  sy_cli_append_json_number (out, "%.6f", side->cost_per_1000_usd);
  g_string_append (out, "}");
}

static void
print_summary_json (const SyPilotSummary *summary)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_string_append_printf (out, "{\n  \"prompts\": %u,\n  \"both\": %u,\n  \"local\": ",
                          summary->n_prompts, summary->n_both);
  append_side_json (out, &summary->sides[SY_ROUTE_BACKEND_LOCAL]);
  g_string_append (out, ",\n  \"api\": ");
  append_side_json (out, &summary->sides[SY_ROUTE_BACKEND_API]);
  g_string_append (out, ",\n  \"models\": [");
  for (guint i = 0; i < summary->columns->len; i++)
    {
      g_string_append (out, i > 0 ? ",\n    " : "\n    ");
      append_side_json (out, g_ptr_array_index (summary->columns, i));
    }
  g_string_append_printf (out, "\n  ],\n  \"rated\": %u,\n  \"quality\": ", summary->quality.n_rated);
  append_quality_json (out, &summary->quality);
  g_string_append (out, ",\n  \"classes\": {");
  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    {
      g_string_append_printf (out, "%s\n    \"%s\": ", i > 0 ? "," : "", sy_route_class_to_id (i));
      append_quality_json (out, &summary->classes[i]);
    }
  g_string_append (out, "\n  }");
  g_string_append (out, ",\n  \"mean_input_tokens\": ");
  sy_cli_append_json_optional_number (out, "%.2f", summary->mean_input_tokens);
  g_string_append (out, ",\n  \"mean_output_tokens\": ");
  sy_cli_append_json_optional_number (out, "%.2f", summary->mean_output_tokens);
  g_string_append (out, "\n}\n");

  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

int
sy_cli_run_pilot (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyBackend) local = NULL;
  g_autoptr(SyOpenAIBackend) api = NULL;
  g_autoptr(SyPilotRunner) runner = NULL;
  g_autoptr(SyPilotLog) log = NULL;
  g_autoptr(SyPilotSummary) summary = NULL;
  g_autoptr(SyRouter) router = NULL;
  g_autoptr(GError) router_error = NULL;
  g_autofree char *router_path = NULL;
  g_autofree char *local_url = NULL, *local_model = NULL;
  g_autofree char *api_url = NULL, *api_model = NULL;
  g_autofree char *prompts_path = NULL, *share_text = NULL, *log_path = NULL;
  g_auto(GStrv) args = NULL;
  g_auto(GStrv) prompts = NULL;
  PilotRun run = { NULL, };
  gboolean json = FALSE;
  double share = 100;
  int status = 0;
  guint sigint_id;
  char *key;
  const GOptionEntry entries[] = {
    { "local-url", 0, 0, G_OPTION_ARG_STRING, &local_url,
      N_("Local server: http://localhost:11434 speaks Ollama’s API, a URL ending in /v1 the OpenAI one"), N_("URL") },
    { "local-model", 0, 0, G_OPTION_ARG_STRING, &local_model,
      N_("Local model, e.g. llama3.1:8b"), N_("NAME") },
    { "api-url", 0, 0, G_OPTION_ARG_STRING, &api_url,
      N_("OpenAI-compatible API, e.g. https://api.openai.com/v1"), N_("URL") },
    { "api-model", 0, 0, G_OPTION_ARG_STRING, &api_model,
      N_("API model, e.g. gpt-4o-mini"), N_("NAME") },
    { "prompts", 0, 0, G_OPTION_ARG_FILENAME, &prompts_path,
      N_("File with one prompt per line"), N_("FILE") },
    { "share", 0, 0, G_OPTION_ARG_STRING, &share_text,
      N_("Percentage of prompts also sent to the API (default: 100)"), N_("0-100") },
    { "log", 0, 0, G_OPTION_ARG_FILENAME, &log_path,
      N_("Also append each record to this JSON-lines pilot log"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the summary as JSON"), NULL },
    { NULL }
  };

  /* Translators: the rest of "Usage: switchyard pilot [OPTION…]" */
  context = g_option_context_new (_("— send prompts to a local and an API backend at once"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    /* xgettext:no-c-format */
    _("Every prompt goes to the local backend; with --share N, N % of them (chosen\n"
      "evenly and the same on every run) also go to the API at the same moment.\n"
      "Prints, per backend: median and 95th-percentile (nearest-rank) time to first\n"
      "token and total latency, tokens/s, mean tokens in and out, cost per 1,000\n"
      "requests (the shipped prices; $0 for local).\n\n"
      "The API key comes from the OPENAI_API_KEY environment variable, else from\n"
      "the keyring (the one Preferences stores); never from an argument.\n\n"
      "Example:\n"
      "  switchyard pilot --local-url http://localhost:11434 --local-model llama3.1:8b \\\n"
      "      --api-url https://api.openai.com/v1 --api-model gpt-4o-mini --prompts prompts.txt\n\n"
      "Exit status: 0 ok, 1 the prompts file is unreadable or no request completed,\n"
      "2 bad input, 130 interrupted."));

  args = sy_cli_dup_args ("pilot", argc, argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
  if (args[1] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), args[1]);

      return sy_cli_fail (EXIT_BAD_INPUT, "pilot", message);
    }

  if (!check_url ("--local-url", local_url, &error) || !check_url ("--api-url", api_url, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
  if (local_model == NULL || *local_model == '\0')
    return sy_cli_fail (EXIT_BAD_INPUT, "--local-model", _("missing: name the local model"));
  if (api_model == NULL || *api_model == '\0')
    return sy_cli_fail (EXIT_BAD_INPUT, "--api-model", _("missing: name the API model"));
  if (!sy_cli_parse_in_range ("--share", share_text, 0, 100, &share, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
  if (prompts_path == NULL)
    return sy_cli_fail (EXIT_BAD_INPUT, "--prompts", _("missing: give a file with one prompt per line"));

  prompts = read_prompts (prompts_path, &status);
  if (prompts == NULL)
    return status;

  local = new_local_backend (local_url);
  api = sy_openai_backend_new (api_url);
  {
    g_autofree char *base_url = sy_backend_dup_base_url (SY_BACKEND (api));

    key = sy_cli_dup_api_key (base_url);
    sy_openai_backend_set_api_key (api, key);
    sy_cli_wipe_free (key);
  }

  runner = sy_pilot_runner_new (local, local_model, SY_BACKEND (api), api_model);
  sy_pilot_runner_set_share (runner, (guint) share);
  if (log_path != NULL)
    {
      log = sy_pilot_log_new (log_path);
      sy_pilot_runner_set_log (runner, log);
    }

  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, &run);

  sy_pilot_runner_run_async (runner, (const char * const *) prompts, on_progress_cb, NULL,
                             run.cancellable, on_run_done_cb, &run);
  g_main_loop_run (run.loop);

  g_source_remove (sigint_id);
  g_main_loop_unref (run.loop);
  g_object_unref (run.cancellable);

  if (run.error != NULL)
    {
      g_autoptr(GError) run_error = run.error;

      if (run.interrupted)
        return sy_cli_fail (EXIT_INTERRUPTED, "pilot", _("interrupted"));
      return sy_cli_fail (EXIT_RUNTIME_FAILURE, "pilot", run_error->message);
    }

  /* The routing rules the app uses, to split the ratings by class. */
  router = sy_router_new ();
  router_path = sy_router_dup_default_path ();
  /* A broken rules file is moved aside: say so, then split by the defaults. */
  if (!sy_router_load (router, router_path, &router_error))
    g_printerr ("switchyard: %s\n", router_error->message);
  summary = sy_pilot_summary_new (run.records, router);
  g_ptr_array_unref (run.records);

  if (json)
    print_summary_json (summary);
  else
    print_summary_text (summary);

  if (summary->sides[SY_ROUTE_BACKEND_LOCAL].n_completed == 0 &&
      summary->sides[SY_ROUTE_BACKEND_API].n_completed == 0)
    return sy_cli_fail (EXIT_RUNTIME_FAILURE, "pilot", _("no request completed"));

  return 0;
}
