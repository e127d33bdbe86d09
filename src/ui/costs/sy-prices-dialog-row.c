/* sy-prices-dialog-row.c: one model's row in the prices dialog's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sy-cost-model.h"
#include "sy-format.h"
#include "sy-prices-dialog-row.h"
#include "sy-tooltip.h"

/* The rows live in a GtkListView, not a GtkListBox: the list item around
 * each row takes focus, but GTK 4.8's list item offers focus to its child
 * first, and a GtkListBoxRow outside a GtkListBox then logs a critical
 * (a user pressed Up after adding a price). This row declines instead. */
#define SY_TYPE_PRICES_ROW (sy_prices_row_get_type ())
G_DECLARE_FINAL_TYPE (SyPricesRow, sy_prices_row, SY, PRICES_ROW, AdwActionRow)

struct _SyPricesRow
{
  AdwActionRow parent_instance;
};

G_DEFINE_FINAL_TYPE (SyPricesRow, sy_prices_row, ADW_TYPE_ACTION_ROW)

static gboolean
sy_prices_row_grab_focus (GtkWidget *widget)
{
  return FALSE;
}

static void
sy_prices_row_class_init (SyPricesRowClass *klass)
{
  GTK_WIDGET_CLASS (klass)->grab_focus = sy_prices_row_grab_focus;
}

static void
sy_prices_row_init (SyPricesRow *self)
{
}

/* Many prices are fractions of a cent per 1M tokens ($0.075), so up to four
 * decimals are kept; whole cents read like any other amount ($2.50). */
static char *
format_price (double usd)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gsize len;

  if (fabs (usd * 100 - round (usd * 100)) < 1e-6)
    return sy_cost_format_usd (usd);

  g_ascii_formatd (buf, sizeof buf, "%.4f", usd);
  len = strlen (buf);
  while (len > 0 && buf[len - 1] == '0')
    buf[--len] = '\0';

  {
    g_autofree char *number = sy_format_localize_ascii (buf);

    return sy_format_usd_wrap (number, FALSE);
  }
}

static const char *
origin_label (SyPriceOrigin origin)
{
  switch (origin)
    {
    case SY_PRICE_ORIGIN_BUILTIN:
      /* Translators: where a price comes from, shipped with the app */
      return _("Built-in");
    case SY_PRICE_ORIGIN_IMPORTED:
      /* Translators: where a price comes from, a LiteLLM price list */
      return _("Imported");
    case SY_PRICE_ORIGIN_USER:
    default:
      /* Translators: where a price comes from, typed in by the user */
      return _("Yours");
    }
}

/* An ellipsized label is never narrower than "…"; GTK 4.8 then reports a
 * one-character title ("0" is a model name someone may type) as wider at
 * its minimum than at its natural size, and warns. A few characters of
 * width keep both at least as wide as the ellipsis. */
static void
widen_title_labels (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "title"))
        gtk_label_set_width_chars (GTK_LABEL (child), 3);
      widen_title_labels (child);
    }
}

GtkWidget *
sy_prices_row_new (void)
{
  GtkWidget *row = g_object_new (SY_TYPE_PRICES_ROW, NULL);
  GtkWidget *button = gtk_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* The list item around it takes focus and activation. */
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* Single lines keep measuring the list view's rows cheap, which is what
   * clearing a search over an imported list of ~1,500 models costs. */
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  widen_title_labels (row);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data (G_OBJECT (row), "sy-button", button);

  return row;
}

void
sy_prices_row_update (GtkWidget    *row,
                      SyPriceTable *prices,
                      SyPriceTable *shipped,
                      const char   *model)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (row), "sy-button");
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *tooltip = NULL;
  const char *as_of;
  const char *source;
  SyPrice price;

  /* A row about to go away with its model: the list catches up next. */
  if (!sy_price_table_lookup (prices, model, &price, NULL))
    return;

  input = format_price (price.input_per_million);
  output = format_price (price.output_per_million);
  /* Translators: input price, output price and where the prices come from,
   * e.g. "$0.15 in · $0.60 out per 1M tokens · Built-in" */
  subtitle = g_strdup_printf (_("%s in · %s out per 1M tokens · %s"),
                              input, output, origin_label (price.origin));
  as_of = sy_price_table_get_as_of (prices, model);
  source = sy_price_table_get_source (prices, model);

  /* A price is only as good as its date: say it where the price is. */
  if (as_of != NULL)
    {
      g_autofree char *with_date = NULL;

      /* Translators: the row's price line and a date, e.g.
       * "$0.15 in · $0.60 out per 1M tokens · Built-in · as of 2025-12-05" */
      with_date = g_strdup_printf (_("%s · as of %s"), subtitle, as_of);
      g_free (subtitle);
      subtitle = g_steal_pointer (&with_date);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), model);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (source != NULL)
    {
      g_autofree char *source_tooltip = g_strdup_printf (_("Source: %s"), source);

      sy_tooltip_set_text (row, source_tooltip);
    }
  else
    {
      sy_tooltip_set_text (row, NULL);
    }

  if (price.origin == SY_PRICE_ORIGIN_BUILTIN)
    {
      gtk_widget_set_visible (button, FALSE);
      return;
    }

  /* The target first: the action wants one the moment it is set. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", model);

  /* Removing a shipped model would break every place that expects it;
   * what the user can take back is their change to it. */
  if (sy_price_table_contains (shipped, model))
    {
      tooltip = g_strdup_printf (_("Restore the shipped price of “%s”"), model);
      gtk_button_set_icon_name (GTK_BUTTON (button), "edit-undo-symbolic");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "prices.restore");
    }
  else
    {
      tooltip = g_strdup_printf (_("Remove “%s”"), model);
      gtk_button_set_icon_name (GTK_BUTTON (button), "user-trash-symbolic");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "prices.remove");
    }

  sy_tooltip_set_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_set_visible (button, TRUE);
}

