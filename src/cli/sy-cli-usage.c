/* sy-cli-usage.c: `switchyard usage FILE`, traffic figures from a real log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prices come from the shipped table: the comparison with the spend the
 * log reports is there to catch a wrong price in it.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "sy-cli-private.h"
#include "sy-format.h"
#include "sy-usage-log.h"

/* Auxiliary functions */

static const char *
format_name (SyUsageFormat format)
{
  switch (format)
    {
    case SY_USAGE_FORMAT_LITELLM:
      /* Translators: the kind of a usage log */
      return _("LiteLLM spend logs");
    case SY_USAGE_FORMAT_CSV:
      /* Translators: the kind of a usage log */
      return _("CSV");
    case SY_USAGE_FORMAT_PILOT:
      /* Translators: the kind of a usage log */
      return _("Switchyard pilot log");
    default:
      g_return_val_if_reached ("");
    }
}

static char *
format_utc (gint64 seconds,
            gboolean with_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  if (time == NULL)
    return g_strdup ("—");
  return g_date_time_format (time, with_time ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d");
}

static char *
format_fixed (double      value,
              const char *format)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, format, value);
  return sy_format_localize_ascii (buf);
}

/* Enough decimals to compare a log's spend with the table's to the
 * millionth of a dollar, where single requests cost that little. */
static char *
format_money (double usd)
{
  return sy_format_usd (usd, usd >= 100 ? 2 : usd >= 1 ? 4 : 6);
}

static void
print_json (const char          *path,
            const SyUsageReport *report)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"file\": ");
  g_autofree char *first = format_utc (report->first_time, TRUE);
  g_autofree char *last = format_utc (report->last_time, TRUE);
  g_autofree char *peak = format_utc (report->peak_hour, TRUE);
  gboolean any_unpriced = FALSE;

  sy_cli_append_json_string (out, path);
  g_string_append (out, ",\n  \"format\": ");
  sy_cli_append_json_string (out, sy_usage_format_to_id (report->format));
  g_string_append (out, ",\n  \"columns\": ");
  if (report->format == SY_USAGE_FORMAT_CSV)
    {
      g_string_append (out, "{");
      for (guint i = 0; i < SY_USAGE_N_COLUMNS; i++)
        {
          g_string_append (out, i > 0 ? ", " : " ");
          sy_cli_append_json_string (out, sy_usage_column_to_id (i));
          g_string_append (out, ": ");
          if (report->columns[i] != NULL)
            sy_cli_append_json_string (out, report->columns[i]);
          else
            g_string_append (out, "null");
        }
      g_string_append (out, " }");
    }
  else
    g_string_append (out, "null");

  g_string_append_printf (out, ",\n  \"records\": %" G_GUINT64_FORMAT ",\n  \"days\": %u",
                          report->records, report->days);
  g_string_append (out, ",\n  \"requests_per_day\": ");
  sy_cli_append_json_number (out, "%.2f", report->requests_per_day);
  g_string_append (out, ",\n  \"input_tokens_mean\": ");
  sy_cli_append_json_number (out, "%.2f", report->input_tokens_mean);
  g_string_append (out, ",\n  \"output_tokens_mean\": ");
  sy_cli_append_json_number (out, "%.2f", report->output_tokens_mean);
  g_string_append_printf (out, ",\n  \"input_tokens_p95\": %u,\n  \"output_tokens_p95\": %u",
                          report->input_tokens_p95, report->output_tokens_p95);
  g_string_append (out, ",\n  \"peak_factor\": ");
  sy_cli_append_json_number (out, "%.4f", report->peak_factor);
  g_string_append (out, ",\n  \"peak_hour\": ");
  sy_cli_append_json_string (out, peak);
  g_string_append_printf (out, ",\n  \"peak_hour_requests\": %" G_GUINT64_FORMAT, report->peak_hour_requests);
  g_string_append (out, ",\n  \"first_time\": ");
  sy_cli_append_json_string (out, first);
  g_string_append (out, ",\n  \"last_time\": ");
  sy_cli_append_json_string (out, last);

  g_string_append (out, ",\n  \"models\": [");
  for (guint i = 0; i < report->models->len; i++)
    {
      const SyUsageModel *model = g_ptr_array_index (report->models, i);

      g_string_append (out, i > 0 ? ",\n    { \"name\": " : "\n    { \"name\": ");
      sy_cli_append_json_string (out, model->name);
      g_string_append_printf (out, ", \"requests\": %" G_GUINT64_FORMAT ", \"share\": ", model->requests);
      sy_cli_append_json_number (out, "%.4f", model->share);
      g_string_append_printf (out, ", \"input_tokens\": %" G_GUINT64_FORMAT ", \"output_tokens\": %" G_GUINT64_FORMAT,
                              model->input_tokens, model->output_tokens);
      g_string_append (out, ", \"spend_usd\": ");
      sy_cli_append_json_optional_number (out, "%.8f", model->spend_usd);
      g_string_append_printf (out, ", \"spend_records\": %" G_GUINT64_FORMAT, model->spend_records);
      g_string_append (out, ", \"priced_usd\": ");
      sy_cli_append_json_optional_number (out, "%.8f", model->priced_usd);
      g_string_append (out, " }");
    }
  g_string_append (out, report->models->len > 0 ? "\n  ]" : "]");

  g_string_append (out, ",\n  \"unpriced_models\": [");
  for (guint i = 0; i < report->models->len; i++)
    {
      const SyUsageModel *model = g_ptr_array_index (report->models, i);

      if (model->priced_usd >= 0)
        continue;
      if (any_unpriced)
        g_string_append (out, ", ");
      sy_cli_append_json_string (out, model->name);
      any_unpriced = TRUE;
    }
  g_string_append (out, "]");

  g_string_append (out, ",\n  \"spend_usd\": ");
  sy_cli_append_json_optional_number (out, "%.8f", report->spend_usd);
  g_string_append_printf (out, ",\n  \"spend_records\": %" G_GUINT64_FORMAT, report->spend_records);
  g_string_append (out, ",\n  \"priced_usd\": ");
  sy_cli_append_json_number (out, "%.8f", report->priced_usd);
  g_string_append_printf (out, ",\n  \"unpriced_records\": %" G_GUINT64_FORMAT, report->unpriced_records);
  g_string_append (out, ",\n  \"spend_check\": ");
  if (report->check_records > 0)
    {
      g_string_append_printf (out, "{ \"records\": %" G_GUINT64_FORMAT ", \"log_usd\": ", report->check_records);
      sy_cli_append_json_number (out, "%.8f", report->check_spend_usd);
      g_string_append (out, ", \"table_usd\": ");
      sy_cli_append_json_number (out, "%.8f", report->check_priced_usd);
      g_string_append (out, " }");
    }
  else
    g_string_append (out, "null");

  g_string_append_printf (out, ",\n  \"bad_rows\": { \"count\": %" G_GUINT64_FORMAT ", \"first\": [",
                          report->n_bad_rows);
  for (guint i = 0; i < report->bad_rows->len; i++)
    {
      const SyUsageBadRow *bad = g_ptr_array_index (report->bad_rows, i);

      g_string_append_printf (out, "%s{ \"line\": %" G_GUINT64_FORMAT ", \"reason\": ", i > 0 ? ", " : "", bad->line);
      sy_cli_append_json_string (out, bad->reason);
      g_string_append (out, " }");
    }
  g_string_append (out, "] }\n}\n");

  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

static void
print_text (const char          *path,
            const SyUsageReport *report)
{
  g_autofree char *records = sy_cli_format_count (report->records);
  g_autofree char *first = format_utc (report->first_time, FALSE);
  g_autofree char *last = format_utc (report->last_time, FALSE);
  g_autofree char *per_day = format_fixed (report->requests_per_day, "%.1f");
  g_autofree char *in_mean = format_fixed (report->input_tokens_mean, "%.1f");
  g_autofree char *out_mean = format_fixed (report->output_tokens_mean, "%.1f");
  g_autofree char *in_p95 = sy_cli_format_count (report->input_tokens_p95);
  g_autofree char *out_p95 = sy_cli_format_count (report->output_tokens_p95);
  g_autofree char *peak = format_fixed (report->peak_factor, "%.2f");
  g_autofree char *peak_hour = format_utc (report->peak_hour, TRUE);
  g_autofree char *peak_requests = sy_cli_format_count (report->peak_hour_requests);
  g_autofree char *hourly = format_fixed ((double) report->records / (report->days * 24.0), "%.2f");

  /* Translators: %s are a file name and the kind of log */
  g_print (_("Usage log %s (%s)\n"), path, format_name (report->format));

  if (report->format == SY_USAGE_FORMAT_CSV)
    {
      /* Translators: followed by "timestamp ← “time”, model ← “Model”, …" */
      g_print (_("Columns:"));
      for (guint i = 0; i < SY_USAGE_N_COLUMNS; i++)
        {
          if (report->columns[i] != NULL)
            g_print ("%s %s ← “%s”", i > 0 ? "," : "", sy_usage_column_to_id (i), report->columns[i]);
          else
            /* Translators: a column the CSV file does not have */
            g_print ("%s %s ← %s", i > 0 ? "," : "", sy_usage_column_to_id (i), _("none"));
        }
      g_print ("\n");
    }

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Records: %s over %u day (%s to %s, UTC)\n",
                        "Records: %s over %u days (%s to %s, UTC)\n", report->days),
           records, report->days, first, last);
  g_print (_("Requests per day: %s\n"), per_day);
  g_print (_("Input tokens: mean %s, 95th percentile %s\n"), in_mean, in_p95);
  g_print (_("Output tokens: mean %s, 95th percentile %s\n"), out_mean, out_p95);
  /* Translators: the peak factor, the busiest hour's start, its requests
   * and the mean requests an hour */
  g_print (_("Peak factor: %s (busiest hour from %s: %s requests; mean %s an hour)\n"),
           peak, peak_hour, peak_requests, hourly);

  g_print (_("Models:\n"));
  for (guint i = 0; i < report->models->len; i++)
    {
      const SyUsageModel *model = g_ptr_array_index (report->models, i);
      g_autofree char *requests = sy_cli_format_count (model->requests);
      g_autofree char *share = sy_cli_format_percent (model->share);
      g_autofree char *spend = model->spend_usd >= 0 ? format_money (model->spend_usd) : g_strdup ("—");
      g_autofree char *table = model->priced_usd >= 0 ? format_money (model->priced_usd) : NULL;
      /* Translators: how a model's tokens price in the price table */
      g_autofree char *priced = table != NULL ? g_strdup_printf (_("price table %s"), table)
                                              : g_strdup (_("not in the price table"));

      if (model->spend_records > 0 && model->spend_records < model->requests)
        {
          g_autofree char *count = sy_cli_format_count (model->spend_records);
          g_autofree char *partial = g_steal_pointer (&spend);

          /* Translators: a spend the log reports for only some of a
           * model's requests: "$0.42 (on 5)" */
          spend = g_strdup_printf (_("%s (on %s)"), partial, count);
        }

      /* Translators: a model's line in `switchyard usage`: its name, its
       * requests, their share, the spend the log reports and the price
       * table's figure ("price table $0.42" or "not in the price table") */
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "  %s: %s request (%s), spend %s, %s\n",
                            "  %s: %s requests (%s), spend %s, %s\n", model->requests),
               model->name, requests, share, spend, priced);
    }

  if (report->check_records > 0 && report->check_priced_usd > 0)
    {
      g_autofree char *spend = format_money (report->check_spend_usd);
      g_autofree char *priced = format_money (report->check_priced_usd);
      double percent = 100.0 * (report->check_spend_usd - report->check_priced_usd) / report->check_priced_usd;
      /* Rounded before the sign is chosen: no "−0.0". */
      g_autofree char *difference = format_fixed (fabs (percent) < 0.05 ? 0 : percent, "%+.1f");

      /* Translators: the log's spend, the price table's figure and how far
       * the log is from it in percent ("+2.5") */
      g_print (_("Spend the log reports: %s; the price table says %s for the same tokens (%s%%)\n"),
               spend, priced, difference);
      if (report->check_records < report->records)
        {
          g_autofree char *count = sy_cli_format_count (report->check_records);
          g_autofree char *total = sy_cli_format_count (report->records);

          /* Translators: under the spend comparison: how many requests it covers */
          g_print (_("  (over the %s of %s requests that report a spend and have a price)\n"), count, total);
        }
    }
  else if (report->spend_usd >= 0)
    {
      g_autofree char *spend = format_money (report->spend_usd);

      g_print (_("Spend the log reports: %s; none of its models is in the price table\n"), spend);
    }
  else
    g_print (_("The log reports no spend.\n"));

  if (report->unpriced_records > 0)
    {
      g_autofree char *count = sy_cli_format_count (report->unpriced_records);

      g_print (_("Requests to models not in the price table: %s (not in the price table’s figure)\n"), count);
    }

  if (report->n_bad_rows > 0)
    {
      g_autofree char *count = sy_cli_format_count (report->n_bad_rows);

      g_print (_("Bad rows, not counted: %s\n"), count);
      for (guint i = 0; i < report->bad_rows->len; i++)
        {
          const SyUsageBadRow *bad = g_ptr_array_index (report->bad_rows, i);
          g_autofree char *line = g_strdup_printf ("%" G_GUINT64_FORMAT, bad->line);

          /* Translators: a line number and why the row was not counted */
          g_print (_("  line %s: %s\n"), line, bad->reason);
        }
      if (report->n_bad_rows > report->bad_rows->len)
        g_print (_("  …\n"));
    }
}

/* Public API */

int
sy_cli_run_usage (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyUsageReport) report = NULL;
  g_auto(GStrv) args = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of text"), NULL },
    { NULL }
  };

  /* Translators: the rest of "Usage: switchyard usage [OPTION…]" */
  context = g_option_context_new (_("FILE — traffic figures from a usage log"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("FILE is a LiteLLM spend-log export (JSON lines or a JSON array of records\n"
      "with startTime, model, prompt_tokens, completion_tokens and spend), a CSV\n"
      "file whose header names a time, a model, input and output tokens (and\n"
      "optionally a cost), or Switchyard’s own pilot log. The format is told\n"
      "from the content; the CSV columns found are shown.\n\n"
      "Prints the records, the distinct days (UTC), requests per day, the mean\n"
      "and 95th percentile (nearest rank) of input and output tokens, the peak\n"
      "factor (the busiest clock hour ÷ the mean hour of those days), each\n"
      "model’s share, and the spend the log reports next to what the shipped\n"
      "price table says for the same tokens. Rows that cannot be read are\n"
      "counted and named by line, never guessed.\n\n"
      "Example:\n"
      "  switchyard usage spend-logs.jsonl --json\n\n"
      "Exit status: 0 ok, 1 the file cannot be read, 2 bad input (an empty\n"
      "file, an unknown format, no usable record)."));

  args = sy_cli_dup_args ("usage", argc, argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

  if (args[1] == NULL)
    return sy_cli_fail (EXIT_BAD_INPUT, "usage", _("name the log file to read"));
  if (args[2] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), args[2]);

      return sy_cli_fail (EXIT_BAD_INPUT, "usage", message);
    }

  report = sy_usage_log_read_file (args[1], NULL, NULL, NULL, NULL, &error);
  if (report == NULL)
    {
      /* GIO's own messages name the file already. */
      g_autofree char *message = error->domain == SY_USAGE_ERROR
                                 ? g_strdup_printf ("%s: %s", args[1], error->message)
                                 : g_strdup (error->message);

      return sy_cli_fail (error->domain == SY_USAGE_ERROR ? EXIT_BAD_INPUT : EXIT_RUNTIME_FAILURE,
                          "usage", message);
    }

  if (json)
    print_json (args[1], report);
  else
    print_text (args[1], report);

  return 0;
}
