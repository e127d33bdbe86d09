/* sy-report.c: the decision as a PDF a person can hand to a manager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

#include "sy-cost-error.h"
#include "sy-format.h"
#include "sy-plot.h"
#include "sy-report.h"

#define MARGIN        56.0
#define CONTENT_WIDTH (SY_REPORT_PAGE_WIDTH - 2 * MARGIN)
#define BOTTOM        (SY_REPORT_PAGE_HEIGHT - MARGIN)
#define FONT_FAMILY   "Cantarell, Sans"
/* The plot is drawn at the size it has on screen, then scaled to the page,
 * so its labels keep their proportions. */
#define PLOT_WIDTH    780.0
#define PLOT_HEIGHT   520.0

/* Draws on @cr, or, with @text set, writes the same paragraphs as plain
 * text, so what page 1 says can be read back without a PDF parser. */
typedef struct
{
  cairo_t     *cr;
  GString     *text;
  double       y;
  guint        n_pages;
} Writer;

typedef enum
{
  STYLE_TITLE,
  STYLE_HEADLINE,
  STYLE_HEADING,
  STYLE_BODY,
  STYLE_BODY_BOLD,
  STYLE_SMALL,
} Style;

static const struct
{
  double       size;
  PangoWeight  weight;
  double       gray;      /* text colour */
  double       space_after;
} styles[] = {
  [STYLE_TITLE]     = { 20, PANGO_WEIGHT_BOLD,   0.12, 4 },
  [STYLE_HEADLINE]  = { 17, PANGO_WEIGHT_BOLD,   0.12, 4 },
  [STYLE_HEADING]   = { 12.5, PANGO_WEIGHT_BOLD, 0.12, 6 },
  [STYLE_BODY]      = { 10.5, PANGO_WEIGHT_NORMAL, 0.18, 6 },
  [STYLE_BODY_BOLD] = { 10.5, PANGO_WEIGHT_BOLD, 0.12, 2 },
  [STYLE_SMALL]     = { 8.5, PANGO_WEIGHT_NORMAL, 0.40, 4 },
};

/* Auxiliary functions */

static void
new_page (Writer *w)
{
  if (w->text != NULL)
    return;
  if (w->n_pages > 0)
    cairo_show_page (w->cr);
  w->n_pages++;
  w->y = MARGIN;
}

static PangoLayout *
create_layout (Writer     *w,
               Style       style,
               const char *text,
               double      indent)
{
  PangoLayout *layout = pango_cairo_create_layout (w->cr);
  PangoContext *context = pango_layout_get_context (layout);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Points on the page: 1 font point = 1 unit, whatever the screen. */
  pango_cairo_context_set_resolution (context, 72);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (layout);

  pango_font_description_set_size (font, (int) (styles[style].size * PANGO_SCALE));
  pango_font_description_set_weight (font, styles[style].weight);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((CONTENT_WIDTH - indent) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_spacing (layout, (int) (styles[style].size * 0.25 * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);

  return layout;
}

/* A paragraph; it moves to a new page when it does not fit. */
static void
paragraph (Writer     *w,
           Style       style,
           const char *text,
           double      indent)
{
  g_autoptr(PangoLayout) layout = NULL;
  int height;

  if (w->text != NULL)
    {
      g_string_append_printf (w->text, "%s\n", text);
      return;
    }

  layout = create_layout (w, style, text, indent);
  pango_layout_get_size (layout, NULL, &height);
  if (w->y + height / (double) PANGO_SCALE > BOTTOM && w->y > MARGIN)
    new_page (w);

  cairo_set_source_rgb (w->cr, styles[style].gray, styles[style].gray, styles[style].gray);
  cairo_move_to (w->cr, MARGIN + indent, w->y);
  pango_cairo_show_layout (w->cr, layout);
  w->y += height / (double) PANGO_SCALE + styles[style].space_after;
}

static void
bullet (Writer     *w,
        const char *marker,
        const char *text)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoLayout) mark = NULL;
  int height;

  if (w->text != NULL)
    {
      g_string_append_printf (w->text, "%s %s\n", marker, text);
      return;
    }

  layout = create_layout (w, STYLE_BODY, text, 18);
  mark = create_layout (w, STYLE_BODY, marker, 0);
  pango_layout_get_size (layout, NULL, &height);
  if (w->y + height / (double) PANGO_SCALE > BOTTOM && w->y > MARGIN)
    new_page (w);

  cairo_set_source_rgb (w->cr, 0.18, 0.18, 0.18);
  cairo_move_to (w->cr, MARGIN + 4, w->y);
  pango_cairo_show_layout (w->cr, mark);
  cairo_move_to (w->cr, MARGIN + 18, w->y);
  pango_cairo_show_layout (w->cr, layout);
  w->y += height / (double) PANGO_SCALE + styles[STYLE_BODY].space_after;
}

static void
heading (Writer     *w,
         const char *text)
{
  if (w->text != NULL)
    {
      g_string_append_printf (w->text, "\n%s\n", text);
      return;
    }

  /* Never the last line of a page. */
  if (w->y + 60 > BOTTOM)
    new_page (w);
  w->y += 12;
  paragraph (w, STYLE_HEADING, text, 0);
}

static void
rule (Writer *w)
{
  if (w->text != NULL)
    return;

  cairo_set_source_rgb (w->cr, 0.85, 0.85, 0.85);
  cairo_set_line_width (w->cr, 0.75);
  cairo_move_to (w->cr, MARGIN, w->y + 0.5);
  cairo_line_to (w->cr, SY_REPORT_PAGE_WIDTH - MARGIN, w->y + 0.5);
  cairo_stroke (w->cr);
  w->y += 10;
}

/* The recommendation, in a tinted box. */
static void
recommendation (Writer     *w,
                SyDecision *decision)
{
  g_autoptr(PangoLayout) headline = NULL;
  g_autoptr(PangoLayout) summary = NULL;
  int h1, h2;
  double top = w->y, height;

  if (w->text != NULL)
    {
      g_string_append_printf (w->text, "%s\n%s\n", sy_decision_get_headline (decision),
                              sy_decision_get_summary (decision));
      return;
    }

  headline = create_layout (w, STYLE_HEADLINE, sy_decision_get_headline (decision), 32);
  summary = create_layout (w, STYLE_BODY, sy_decision_get_summary (decision), 32);
  pango_layout_get_size (headline, NULL, &h1);
  pango_layout_get_size (summary, NULL, &h2);
  height = 16 + h1 / (double) PANGO_SCALE + 6 + h2 / (double) PANGO_SCALE + 16;

  cairo_set_source_rgb (w->cr, 0.92, 0.95, 0.99);
  cairo_rectangle (w->cr, MARGIN, top, CONTENT_WIDTH, height);
  cairo_fill (w->cr);
  /* Adwaita's accent blue as a bar on the left. */
  cairo_set_source_rgb (w->cr, 0.21, 0.52, 0.89);
  cairo_rectangle (w->cr, MARGIN, top, 4, height);
  cairo_fill (w->cr);

  cairo_set_source_rgb (w->cr, 0.12, 0.12, 0.12);
  cairo_move_to (w->cr, MARGIN + 16, top + 16);
  pango_cairo_show_layout (w->cr, headline);
  cairo_set_source_rgb (w->cr, 0.2, 0.2, 0.2);
  cairo_move_to (w->cr, MARGIN + 16, top + 16 + h1 / (double) PANGO_SCALE + 6);
  pango_cairo_show_layout (w->cr, summary);

  w->y = top + height + 8;
}

static void
summary_pages (Writer     *w,
               SyDecision *decision)
{
  g_auto(GStrv) guidance = sy_decision_dup_guidance (decision);
  g_autofree char *threshold = sy_cost_format_usd (sy_decision_get_threshold (decision));
  g_autofree char *threshold_line = NULL;
  guint n = sy_decision_get_n_steps (decision);
  gboolean any_note = FALSE;
  guint number = 0;

  new_page (w);
  paragraph (w, STYLE_TITLE, _("Local Inference or an API?"), 0);
  paragraph (w, STYLE_SMALL, _("A decision made with Switchyard, following four checks: data, quality, cost and people."), 0);
  w->y += 6;
  rule (w);
  paragraph (w, STYLE_SMALL, _("RECOMMENDATION"), 0);
  recommendation (w, decision);

  /* Right under the verdict, so nobody reads one without the other. */
  if (sy_decision_get_cost_note (decision) != NULL)
    {
      heading (w, sy_decision_get_cost_note_title (decision));
      paragraph (w, STYLE_BODY, sy_decision_get_cost_note (decision), 0);
    }

  heading (w, _("Your Answers and Why They Led On"));
  for (guint i = 0; i < n; i++)
    {
      const SyDecisionStep *step = sy_decision_get_step (decision, i);
      g_autofree char *title = NULL;
      g_autofree char *answer = NULL;

      if (!step->decisive)
        continue;

      number++;
      title = g_strdup_printf ("%u. %s", number, step->question);
      /* Translators: "Answer: No. The data may leave …" */
      answer = g_strdup_printf (_("Answer: %s. %s"), step->answer_text, step->result);
      paragraph (w, STYLE_BODY_BOLD, title, 0);
      paragraph (w, STYLE_BODY, answer, 14);
    }
  /* Translators: %s is an amount, e.g. "$500.00" */
  threshold_line = g_strdup_printf (_("Cost threshold: %s a month (a setting)."), threshold);
  paragraph (w, STYLE_SMALL, threshold_line, 0);

  for (guint i = 0; i < n; i++)
    {
      const SyDecisionStep *step = sy_decision_get_step (decision, i);
      g_autofree char *text = NULL;

      if (step->decisive)
        continue;

      if (!any_note)
        heading (w, _("Also Weighed"));
      any_note = TRUE;
      /* Translators: a question, its answer and a note */
      text = g_strdup_printf (_("%s %s. %s"), step->question, step->answer_text, step->result);
      bullet (w, "•", text);
    }

  heading (w, _("Practical Guidance"));
  for (guint i = 0; guidance[i] != NULL; i++)
    bullet (w, "•", guidance[i]);
}

static void
plot_page (Writer       *w,
           SyCostModel  *costs,
           SyCostSeries *series)
{
  g_autofree char *requests = sy_format_number (sy_cost_model_get_daily_requests (costs));
  g_autofree char *input = sy_format_number (sy_cost_model_get_input_tokens (costs));
  g_autofree char *output = sy_format_number (sy_cost_model_get_output_tokens (costs));
  g_autofree char *traffic = NULL;
  GListModel *options = sy_cost_model_get_options (costs);
  SyPlotTheme theme = { .dark = FALSE };
  double scale = CONTENT_WIDTH / PLOT_WIDTH;
  gboolean api_told = FALSE;

  new_page (w);
  paragraph (w, STYLE_TITLE, _("Cumulative Cost"), 0);
  /* Translators: requests a day, input tokens, output tokens, API model */
  traffic = g_strdup_printf (_("%s requests a day, %s input and %s output tokens each, on %s."),
                             requests, input, output, sy_cost_model_get_api_model (costs));
  paragraph (w, STYLE_BODY, traffic, 0);
  w->y += 6;

  cairo_save (w->cr);
  cairo_translate (w->cr, MARGIN, w->y);
  cairo_scale (w->cr, scale, scale);
  sy_plot_draw (w->cr, series, PLOT_WIDTH, PLOT_HEIGHT, &theme, -1.0);
  cairo_restore (w->cr);
  w->y += PLOT_HEIGHT * scale + 16;

  for (guint i = 0; i < g_list_model_get_n_items (options); i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);
      g_autofree char *break_even = NULL, *setup = NULL, *monthly = NULL;
      g_autofree char *quality = NULL, *text = NULL;
      SyCostResult result;

      if (!sy_inference_option_get_enabled (option) ||
          !sy_cost_model_compute (costs, option, &result, NULL))
        continue;

      if (!api_told)
        {
          g_autofree char *api = sy_cost_format_usd (result.api_monthly_usd);
          g_autofree char *line = g_strdup_printf (_("The API costs %s a month, paid per token."), api);

          paragraph (w, STYLE_BODY, line, 0);
          api_told = TRUE;
        }

      break_even = sy_cost_format_break_even (&result);
      setup = sy_cost_format_usd (result.local_setup_usd);
      monthly = sy_cost_format_usd (result.local_monthly_usd);
      quality = sy_cost_format_quality_tradeoff (sy_inference_option_get_quality (option));
      /* Translators: option name, setup cost, monthly cost, break-even, quality */
      text = g_strdup_printf (_("%s: %s setup and %s a month; break-even: %s. %s."),
                              sy_inference_option_get_name (option), setup, monthly, break_even, quality);
      bullet (w, "•", text);
    }
}

static cairo_status_t
append_to_bytes_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Public API */

GBytes *
sy_report_render (SyDecision   *decision,
                  SyCostModel  *costs,
                  guint        *out_n_pages,
                  GError      **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(SyCostSeries) series = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Writer w = { 0 };

  g_return_val_if_fail (SY_IS_DECISION (decision), NULL);
  g_return_val_if_fail (costs == NULL || SY_IS_COST_MODEL (costs), NULL);

  /* Everything that can fail before any drawing. */
  if (costs != NULL && (series = sy_cost_model_build_series (costs, error)) == NULL)
    return NULL;

  bytes = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (append_to_bytes_cb, bytes,
                                                 SY_REPORT_PAGE_WIDTH, SY_REPORT_PAGE_HEIGHT);
  /* PDF 1.4 keeps page objects readable (no object streams) and opens
   * everywhere. */
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_4);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Local Inference or an API?"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Switchyard " PACKAGE_VERSION);

  w.cr = cairo_create (surface);
  summary_pages (&w, decision);
  if (series != NULL)
    plot_page (&w, costs, series);
  cairo_show_page (w.cr);

  status = cairo_status (w.cr);
  cairo_destroy (w.cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_IO,
                   _("Could not draw the report: %s"), cairo_status_to_string (status));
      return NULL;
    }

  if (out_n_pages != NULL)
    *out_n_pages = w.n_pages;

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

char *
sy_report_dup_text (SyDecision *decision)
{
  g_autoptr(GString) text = g_string_new (NULL);
  Writer w = { .text = text };

  g_return_val_if_fail (SY_IS_DECISION (decision), NULL);

  summary_pages (&w, decision);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
sy_report_write (SyDecision   *decision,
                 SyCostModel  *costs,
                 const char   *path,
                 GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = sy_report_render (decision, costs, NULL, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents (path, data, size, &local_error))
    {
      /* GLib names its temporary file; keep just the reason. */
      const char *reason = strrchr (local_error->message, ':');

      reason = reason != NULL && reason[1] == ' ' ? reason + 2 : local_error->message;
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not save the report to “%s”: %s"), path, reason);
      return FALSE;
    }

  return TRUE;
}
