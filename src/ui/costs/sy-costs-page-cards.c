/* sy-costs-page-cards.c: the Costs page's result cards
 *
 * One card for the API and one per enabled option. An option's card leads
 * with the break-even, then what a month costs and where that comes from,
 * so a box that pays for itself on paper but not once ops time is counted
 * shows why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-costs-page-private.h"
#include "sy-format.h"

/* Auxiliary functions */

static GtkWidget *
add_card_label (GtkWidget  *card,
                const char *text,
                const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Keeps a card narrow enough for five (the API and four options) to
   * share a row of a 1280 px window, with the plot under them; the width
   * counts characters of the label's own (larger) font. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), g_strcmp0 (css_class, "title-2") == 0 ? 9 : 12);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (card), label);

  return label;
}

static GtkWidget *
new_card (void)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "sy-result-card");
  /* Three cards share a row from a 1000 px window up; two would not fit
   * a 360 px one, so there each has a row to itself rather than wrapping
   * its verdict a word a line. */
  gtk_widget_set_size_request (card, 170, -1);

  return card;
}

static char *
format_capacity (const SyCostResult *result)
{
  double percent = result->utilisation * 100;

  if (result->boxes_needed <= 1)
    /* Translators: %.0f%% is how busy one machine is, e.g. "23%" */
    return g_strdup_printf (_("One box, %.0f%% busy"), percent);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u box needed: one alone would be %.0f%% busy",
                                       "%u boxes needed: one alone would be %.0f%% busy",
                                       result->boxes_needed),
                          result->boxes_needed, percent);
}

static char *
format_months_number (double months)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.1f", months);

  return sy_format_localize_ascii (buf);
}

static char *
format_spread (const SyCostsSpread *spread)
{
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  if (!spread->low_breaks_even)
    return g_strdup (_("Never at any end of the ranges"));

  low = format_months_number (spread->low);
  if (!spread->high_breaks_even)
    /* Translators: the earliest break-even over the ranges, e.g. "Range: 40.2 months to never" */
    return g_strdup_printf (_("Range: %s months to never"), low);

  high = format_months_number (spread->high);
  /* Translators: the earliest and latest break-even over the ranges, e.g. "Range: 40.2–90.1 months" */
  return g_strdup_printf (_("Range: %s–%s months"), low, high);
}

/* One line of the monthly breakdown: what, then how much, in two columns
 * so the amounts line up. */
static void
add_breakdown_row (GtkGrid    *grid,
                   int         row,
                   const char *what,
                   double      usd)
{
  g_autofree char *amount = sy_cost_format_usd (usd);
  GtkWidget *name = gtk_label_new (what);
  GtkWidget *value = gtk_label_new (amount);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "caption");
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_widget_add_css_class (value, "caption");
  gtk_widget_add_css_class (value, "numeric");
  gtk_grid_attach (grid, name, 0, row, 1, 1);
  gtk_grid_attach (grid, value, 1, row, 1, 1);
}

static void
add_breakdown (GtkWidget          *card,
               SyInferenceOption  *option,
               const SyCostResult *result)
{
  GtkWidget *grid = gtk_grid_new ();
  gboolean rented = sy_inference_option_get_kind (option) == SY_INFERENCE_KIND_RENTED;
  int row = 0;

  /* As wide as the figures, not the card: on a phone-wide card the
   * amounts would drift away from what they are for. */
  gtk_grid_set_column_spacing (GTK_GRID (grid), 8);
  gtk_widget_set_halign (grid, GTK_ALIGN_START);

  /* A box never replaced has no monthly hardware figure: its price is
   * the "bought once" step above. */
  if (rented)
    add_breakdown_row (GTK_GRID (grid), row++, _("Rent"), result->hardware_usd);
  else if (result->replacement_months > 0)
    add_breakdown_row (GTK_GRID (grid), row++, _("Hardware"), result->hardware_usd);
  if (!rented)
    add_breakdown_row (GTK_GRID (grid), row++, _("Power"), result->power_usd);
  add_breakdown_row (GTK_GRID (grid), row++, _("Ops"), result->ops_usd);
  add_breakdown_row (GTK_GRID (grid), row++, _("Other"), result->other_usd);

  gtk_box_append (GTK_BOX (card), grid);
}

/* Between the page's files */

GtkWidget *
sy_costs_page_new_api_card (SyCostModel        *model,
                            const SyCostResult *result)
{
  GtkWidget *card = new_card ();
  g_autofree char *title = g_strdup_printf (_("API · %s"), sy_cost_model_get_api_model (model));
  g_autofree char *monthly = sy_cost_format_usd (result->api_monthly_usd);
  g_autofree char *yearly = sy_cost_format_usd (result->api_monthly_usd * 12);
  g_autofree char *per_year = g_strdup_printf (_("%s a year"), yearly);

  add_card_label (card, title, "sy-card-title");
  add_card_label (card, monthly, "title-2");
  add_card_label (card, _("a month, paid per token"), "dim-label");
  add_card_label (card, per_year, "caption");
  if (result->api_price_decline > 0)
    {
      /* Translators: how much cheaper the API gets, e.g. "Falling 5% a year" */
      g_autofree char *falling = g_strdup_printf (_("Falling %.0f%% a year"), result->api_price_decline * 100);

      add_card_label (card, falling, "caption");
    }

  return card;
}

GtkWidget *
sy_costs_page_new_local_card (SyInferenceOption   *option,
                              const SyCostResult  *result,
                              const SyCostsSpread *spread)
{
  GtkWidget *card = new_card ();
  g_autofree char *break_even = sy_cost_format_break_even (result);
  g_autofree char *monthly = sy_cost_format_usd (result->total_monthly_usd);
  g_autofree char *per_month = g_strdup_printf (_("%s a month"), monthly);
  g_autofree char *quality = sy_cost_format_quality_tradeoff (sy_inference_option_get_quality (option));
  g_autofree char *capacity = format_capacity (result);
  GtkWidget *value;

  add_card_label (card, sy_inference_option_get_name (option), "sy-card-title");
  value = add_card_label (card, break_even, result->breaks_even ? "title-2" : "heading");
  if (!result->breaks_even)
    gtk_widget_add_css_class (value, "warning");
  else
    add_card_label (card, _("to break even"), "dim-label");
  /* "Never" at every end, or the same month at both (a rented GPU pays
   * back at once), says nothing the heading has not. */
  if (spread != NULL && (result->breaks_even || spread->low_breaks_even) &&
      !(spread->high_breaks_even && spread->high - spread->low < 0.05))
    {
      g_autofree char *range = format_spread (spread);

      add_card_label (card, range, "caption");
    }

  if (sy_inference_option_get_kind (option) == SY_INFERENCE_KIND_LOCAL)
    {
      g_autofree char *setup = sy_cost_format_usd (result->local_setup_usd);
      /* Translators: the hardware's price, paid at the start, e.g. "$1,600.00 bought once" */
      g_autofree char *bought = g_strdup_printf (_("%s bought once"), setup);

      add_card_label (card, bought, "caption");
    }
  add_card_label (card, per_month, "caption-heading");
  add_breakdown (card, option, result);
  add_card_label (card, quality, "caption");
  add_card_label (card, capacity, result->boxes_needed > 1 ? "sy-caption-warning" : "caption");

  return card;
}

GtkWidget *
sy_costs_page_new_empty_card (void)
{
  GtkWidget *card = new_card ();

  add_card_label (card, _("No local option selected"), "sy-card-title");
  add_card_label (card, _("Tick an option on the left to compare it with the API."), "caption");

  return card;
}
