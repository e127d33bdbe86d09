/* sy-cli-chat.c: `switchyard chat`, one prompt and a measured reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reply goes to stdout as it arrives, then one line of figures (or one
 * JSON object with --json). The API key never comes from the command line,
 * where every user of the machine could read it in the process list: it
 * comes from OPENAI_API_KEY or the keyring.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sy-cli-private.h"
#include "sy-ollama-backend.h"
#include "sy-openai-backend.h"
#include "sy-price-table.h"
#include "sy-secrets.h"

#define EXIT_INTERRUPTED 130   /* 128 + SIGINT, as shells report it */

typedef enum
{
  BACKEND_OLLAMA,
  BACKEND_OPENAI,
} BackendKind;

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  SyChatResult *result;
  GError       *error;
  gboolean      json;
  gboolean      interrupted;
  gboolean      ends_with_newline;
  gboolean      printed_any;
} ChatRun;

/* Auxiliary functions */

/* USD for the usage in @result, or FALSE if no price is known. The price
 * table knows "gpt-4o-mini", while the reply may name a dated snapshot
 * ("gpt-4o-mini-2024-07-18"): the model asked for comes first. */
static gboolean
compute_cost (BackendKind         kind,
              const char         *model,
              const SyChatResult *result,
              double             *out_usd)
{
  g_autoptr(SyPriceTable) prices = NULL;
  SyPrice price;

  /* A local server costs nothing in API terms; the tokens still show. */
  if (kind == BACKEND_OLLAMA)
    {
      *out_usd = 0.0;
      return TRUE;
    }

  prices = sy_price_table_new_default ();
  if (!sy_price_table_lookup (prices, model, &price, NULL) &&
      (result->model == NULL || !sy_price_table_lookup (prices, result->model, &price, NULL)))
    return FALSE;

  *out_usd = (result->prompt_tokens * price.input_per_million +
              result->completion_tokens * price.output_per_million) / 1e6;
  return TRUE;
}

static char *
format_decimal (const char *format,
                double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return sy_format_localize_ascii (g_ascii_formatd (buf, sizeof buf, format, value));
}

static void
print_stats (BackendKind         kind,
             const char         *model,
             const SyChatResult *result)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *prompt = sy_cli_format_count (result->prompt_tokens);
  g_autofree char *completion = sy_cli_format_count (result->completion_tokens);
  const char *estimated = result->usage_estimated ? _(" (estimated)") : "";
  double usd;

  if (result->time_to_first_token >= 0)
    {
      g_autofree char *ms = format_decimal ("%.0f", result->time_to_first_token * 1000.0);

      /* Translators: time to first token, in milliseconds */
      g_string_append_printf (line, _("TTFT %s ms"), ms);
    }
  else
    g_string_append (line, _("no tokens"));

  g_string_append (line, " · ");
  if (result->tokens_per_second > 0)
    {
      g_autofree char *rate = format_decimal ("%.1f", result->tokens_per_second);

      g_string_append_printf (line, _("%s tokens/s%s"), rate, estimated);
    }
  else
    g_string_append (line, _("tokens/s unknown"));

  g_string_append (line, " · ");
  g_string_append_printf (line, _("%s prompt + %s completion tokens%s"),
                          prompt, completion, estimated);

  g_string_append (line, " · ");
  if (kind == BACKEND_OLLAMA)
    g_string_append (line, _("$0 (local)"));
  else if (compute_cost (kind, model, result, &usd))
    {
      g_autofree char *cost = sy_format_usd (usd, 6);

      g_string_append_printf (line, "%s%s", cost, estimated);
    }
  else
    g_string_append_printf (line, _("cost unknown (no price for %s)"), model);

  g_string_append_c (line, '\n');
  fwrite (line->str, 1, line->len, stdout);
  fflush (stdout);
}

/* With --json, one object. @result is NULL after an interruption: then
 * only the text that arrived is known. */
static void
print_json (BackendKind         kind,
            const char         *model,
            const char         *text,
            const SyChatResult *result)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"text\": ");
  double usd;

  sy_cli_append_json_string (out, text);

  g_string_append (out, ",\n  \"ttft_ms\": ");
  if (result != NULL && result->time_to_first_token >= 0)
    sy_cli_append_json_number (out, "%.1f", result->time_to_first_token * 1000.0);
  else
    g_string_append (out, "null");

  g_string_append (out, ",\n  \"tokens_per_s\": ");
  if (result != NULL && result->tokens_per_second > 0)
    sy_cli_append_json_number (out, "%.2f", result->tokens_per_second);
  else
    g_string_append (out, "null");

  g_string_append (out, ",\n  \"prompt_tokens\": ");
  if (result != NULL)
    sy_cli_append_json_number (out, "%.0f", result->prompt_tokens);
  else
    g_string_append (out, "null");

  g_string_append (out, ",\n  \"completion_tokens\": ");
  if (result != NULL)
    sy_cli_append_json_number (out, "%.0f", result->completion_tokens);
  else
    g_string_append (out, "null");

  /* null: no price known for the model, so no honest figure. */
  g_string_append (out, ",\n  \"cost_usd\": ");
  if (result != NULL && compute_cost (kind, model, result, &usd))
    sy_cli_append_json_number (out, "%.10g", usd);
  else
    g_string_append (out, "null");

  g_string_append (out, ",\n  \"usage_estimated\": ");
  g_string_append (out, result == NULL || result->usage_estimated ? "true" : "false");
  g_string_append (out, "\n}\n");

  /* JSON is UTF-8 whatever the terminal's charset: no g_print conversion. */
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

/* "Message. Suggestion." on one line: a server's error text may hold
 * newlines, and scripts read one line per failure. */
static char *
one_line_error (const GError *error)
{
  const char *suggestion = NULL;
  GString *out = g_string_new (error->message);

  if (error->domain == SY_BACKEND_ERROR)
    suggestion = sy_backend_error_get_suggestion (error);

  while (out->len > 0 && g_ascii_isspace (out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);

  if (suggestion != NULL && *suggestion != '\0')
    {
      if (out->len > 0 && strchr (".?!", out->str[out->len - 1]) == NULL)
        g_string_append_c (out, '.');
      g_string_append_c (out, ' ');
      g_string_append (out, suggestion);
    }

  for (gsize i = 0; i < out->len; i++)
    if (out->str[i] == '\n' || out->str[i] == '\r')
      out->str[i] = ' ';

  return g_string_free (out, FALSE);
}

static gboolean
parse_url (const char  *text,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an http:// or https:// URL"), text);
      return FALSE;
    }

  return TRUE;
}

/* Callbacks */

static void
on_delta_cb (SyChatStream *stream,
             const char   *delta,
             ChatRun      *run)
{
  gsize len = strlen (delta);

  if (run->json || len == 0)
    return;

  /* Flushed piece by piece, so a pipe or terminal sees the reply grow. */
  fwrite (delta, 1, len, stdout);
  fflush (stdout);
  run->printed_any = TRUE;
  run->ends_with_newline = delta[len - 1] == '\n';
}

static gboolean
on_sigint_cb (gpointer user_data)
{
  ChatRun *run = user_data;

  run->interrupted = TRUE;
  g_cancellable_cancel (run->cancellable);

  return G_SOURCE_CONTINUE;
}

static void
on_stream_chat_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ChatRun *run = user_data;

  run->result = sy_backend_stream_chat_finish (SY_BACKEND (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* chat */

int
sy_cli_run_chat (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyBackend) backend = NULL;
  g_autoptr(SyChatStream) stream = NULL;
  g_autofree char *backend_name = NULL;
  g_autofree char *url = NULL;
  g_autofree char *model = NULL;
  g_auto(GStrv) args = NULL;
  gboolean json = FALSE;
  BackendKind kind;
  ChatRun run = { 0 };
  guint sigint_id;
  int status;
  const GOptionEntry entries[] = {
    { "backend", 0, 0, G_OPTION_ARG_STRING, &backend_name,
      N_("“ollama” (Ollama’s own API) or “openai” (any OpenAI-compatible API)"), N_("NAME") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("Server URL (default: http://localhost:11434 for ollama, https://api.openai.com/v1 for openai)"), N_("URL") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model,
      N_("Model to ask, e.g. llama3.1:8b or gpt-4o-mini"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object: text, ttft_ms, tokens_per_s, prompt_tokens, completion_tokens, cost_usd, usage_estimated"), NULL },
    { NULL }
  };

  /* Translators: the rest of "Usage: switchyard chat [OPTION…]" */
  context = g_option_context_new (_("PROMPT — send one prompt and measure the reply"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("The reply is printed as it arrives, then time to first token, tokens/s,\n"
      "tokens in and out and the cost from the shipped price table ($0 for a\n"
      "local server).\n\n"
      "The key for openai comes from the OPENAI_API_KEY environment variable,\n"
      "else from the keyring (the one Preferences stores); never from an argument.\n\n"
      "Example:\n"
      "  switchyard chat --backend ollama --model llama3.1:8b \"What is RAG?\"\n\n"
      "Exit status: 0 ok, 1 the request failed, 2 bad input, 130 interrupted."));

  args = g_new0 (char *, argc + 1);
  args[0] = g_strdup ("switchyard chat");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  g_set_prgname ("switchyard chat");

  if (!g_option_context_parse_strv (context, &args, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

  if (backend_name == NULL)
    return sy_cli_fail (EXIT_BAD_INPUT, "--backend", _("missing: give ollama or openai"));
  if (g_strcmp0 (backend_name, "ollama") == 0)
    kind = BACKEND_OLLAMA;
  else if (g_strcmp0 (backend_name, "openai") == 0)
    kind = BACKEND_OPENAI;
  else
    {
      g_autofree char *message = g_strdup_printf (_("unknown backend “%s” (known: ollama, openai)"),
                                                  backend_name);

      return sy_cli_fail (EXIT_BAD_INPUT, "--backend", message);
    }

  if (model == NULL || *model == '\0')
    return sy_cli_fail (EXIT_BAD_INPUT, "--model", _("missing: name the model to ask"));
  if (url != NULL && !parse_url (url, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, "--url", error->message);
  if (args[1] == NULL || *args[1] == '\0')
    return sy_cli_fail (EXIT_BAD_INPUT, "chat", _("missing the prompt"));
  if (args[2] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s” (quote the prompt)"),
                                                  args[2]);

      return sy_cli_fail (EXIT_BAD_INPUT, "chat", message);
    }

  if (kind == BACKEND_OLLAMA)
    {
      backend = SY_BACKEND (sy_ollama_backend_new (url));
    }
  else
    {
      SyOpenAIBackend *openai = sy_openai_backend_new (url);
      g_autofree char *base_url = sy_backend_dup_base_url (SY_BACKEND (openai));
      char *key = sy_cli_dup_api_key (base_url);

      /* A local OpenAI-compatible server needs no key: send none. */
      sy_openai_backend_set_api_key (openai, key);
      sy_cli_wipe_free (key);
      backend = SY_BACKEND (openai);
    }

  stream = sy_chat_stream_new (model);
  sy_chat_stream_add_message (stream, "user", args[1]);

  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  run.json = json;
  run.ends_with_newline = TRUE;
  g_signal_connect (stream, "delta", G_CALLBACK (on_delta_cb), &run);
  sigint_id = g_unix_signal_add (SIGINT, on_sigint_cb, &run);

  sy_backend_stream_chat_async (backend, stream, run.cancellable, on_stream_chat_cb, &run);
  g_main_loop_run (run.loop);

  g_source_remove (sigint_id);
  g_signal_handlers_disconnect_by_data (stream, &run);

  /* The reply text on its own lines: the figures or an error follow. */
  if (!json && run.printed_any && !run.ends_with_newline)
    {
      fputc ('\n', stdout);
      fflush (stdout);
    }

  if (run.result != NULL)
    {
      if (json)
        print_json (kind, model, run.result->text, run.result);
      else
        print_stats (kind, model, run.result);
      status = 0;
    }
  else if (run.interrupted && g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* What arrived is printed already (or now, as JSON). */
      if (json)
        print_json (kind, model, sy_chat_stream_get_text (stream), NULL);
      status = sy_cli_fail (EXIT_INTERRUPTED, "chat", _("interrupted"));
    }
  else
    {
      g_autofree char *message = one_line_error (run.error);

      if (json && g_error_matches (run.error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_CUT_OFF))
        print_json (kind, model, sy_chat_stream_get_text (stream), NULL);
      status = sy_cli_fail (EXIT_RUNTIME_FAILURE, NULL, message);
    }

  g_clear_pointer (&run.result, sy_chat_result_free);
  g_clear_error (&run.error);
  g_clear_object (&run.cancellable);
  g_clear_pointer (&run.loop, g_main_loop_unref);

  return status;
}
