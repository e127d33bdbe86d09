/* sy-tornado-chart.c: the widget that shows how far each input moves the break-even
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thin widget, like SyCostPlot: it holds data and draws it with
 * sy_tornado_draw (), so the export is the picture on screen.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "sy-cost-error.h"
#include "sy-format.h"
#include "sy-tornado-chart.h"

/* Exports are for documents: a fixed width and the light theme. */
#define EXPORT_WIDTH     900
#define EXPORT_PNG_SCALE 2
#define MIN_WIDTH        280
#define NATURAL_WIDTH    640

struct _SyTornadoChart
{
  GtkWidget     parent_instance;

  double        base_months;
  SyTornadoBar *bars;      /* labels owned */
  guint         n_bars;
};

G_DEFINE_FINAL_TYPE (SyTornadoChart, sy_tornado_chart, GTK_TYPE_WIDGET)

/* Auxiliary functions */

static void
clear_bars (SyTornadoChart *self)
{
  for (guint i = 0; i < self->n_bars; i++)
    g_free ((char *) self->bars[i].label);
  g_clear_pointer (&self->bars, g_free);
  self->n_bars = 0;
}

static char *
format_end (double months)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (months) || months < 0)
    return g_strdup (C_("tornado", "never"));

  return sy_format_localize_ascii (g_ascii_formatd (buf, sizeof buf, "%.1f", months));
}

/* A screen reader gets the ranking in words: the picture is all there is. */
static void
update_accessible_description (SyTornadoChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree guint *order = sy_tornado_rank (self->bars, self->n_bars);
  g_autofree char *base = format_end (self->base_months);

  if (!isfinite (self->base_months) || self->base_months < 0)
    g_string_append (text, _("Break-even now: never."));
  else
    /* Translators: start of the tornado chart's description; %s is "66.7" */
    g_string_append_printf (text, _("Break-even now: %s months."), base);
  for (guint i = 0; i < self->n_bars; i++)
    {
      const SyTornadoBar *bar = &self->bars[order[i]];
      g_autofree char *low = format_end (bar->low_months);
      g_autofree char *high = format_end (bar->high_months);

      g_string_append_c (text, ' ');
      /* Translators: one bar of the tornado chart: the input's name, the
       * break-even with the input at its low end, then at its high end */
      g_string_append_printf (text, _("%s: %s at the low end, %s at the high end."),
                              bar->label, low, high);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

/* Callbacks */

static void
on_dark_changed_cb (AdwStyleManager *style_manager,
                    GParamSpec      *pspec,
                    SyTornadoChart  *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Overrides */

static void
sy_tornado_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SyTornadoChart *self = SY_TORNADO_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  SyPlotTheme theme = { .dark = adw_style_manager_get_dark (adw_style_manager_get_default ()) };
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->n_bars == 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  sy_tornado_draw (cr, self->base_months, self->bars, self->n_bars, width, height, &theme);
  cairo_destroy (cr);
}

static void
sy_tornado_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SyTornadoChart *self = SY_TORNADO_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NATURAL_WIDTH;
    }
  else
    {
      /* Every bar gets its row; nothing to gain from more. */
      *minimum = *natural = self->n_bars == 0 ? 0
                            : (int) ceil (sy_tornado_natural_height (self->n_bars));
    }
}

static void
sy_tornado_chart_finalize (GObject *object)
{
  SyTornadoChart *self = SY_TORNADO_CHART (object);

  clear_bars (self);

  G_OBJECT_CLASS (sy_tornado_chart_parent_class)->finalize (object);
}

static void
sy_tornado_chart_class_init (SyTornadoChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sy_tornado_chart_finalize;

  widget_class->snapshot = sy_tornado_chart_snapshot;
  widget_class->measure = sy_tornado_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "tornadochart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-tornado-chart.ui");
}

static void
sy_tornado_chart_init (SyTornadoChart *self)
{
  self->base_months = SY_TORNADO_NEVER;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, 0);
}

/* Public API */

GtkWidget *
sy_tornado_chart_new (void)
{
  return g_object_new (SY_TYPE_TORNADO_CHART, NULL);
}

void
sy_tornado_chart_set_data (SyTornadoChart     *self,
                           double              base_months,
                           const SyTornadoBar *bars,
                           guint               n_bars)
{
  g_return_if_fail (SY_IS_TORNADO_CHART (self));
  g_return_if_fail (bars != NULL || n_bars == 0);

  clear_bars (self);
  self->base_months = base_months;
  self->bars = g_new0 (SyTornadoBar, MAX (1, n_bars));
  self->n_bars = n_bars;
  for (guint i = 0; i < n_bars; i++)
    {
      self->bars[i] = bars[i];
      self->bars[i].label = g_strdup (bars[i].label != NULL ? bars[i].label : "");
    }

  update_accessible_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

double
sy_tornado_chart_get_base_months (SyTornadoChart *self)
{
  g_return_val_if_fail (SY_IS_TORNADO_CHART (self), SY_TORNADO_NEVER);

  return self->base_months;
}

guint
sy_tornado_chart_get_n_bars (SyTornadoChart *self)
{
  g_return_val_if_fail (SY_IS_TORNADO_CHART (self), 0);

  return self->n_bars;
}

gboolean
sy_tornado_chart_export (SyTornadoChart  *self,
                         const char      *caption,
                         const char      *filename,
                         SyPlotFormat     format,
                         GError         **error)
{
  SyPlotTheme theme = { .dark = FALSE };

  g_return_val_if_fail (SY_IS_TORNADO_CHART (self), FALSE);

  if (self->n_bars == 0)
    {
      g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                           _("There is no sensitivity chart to export yet."));
      return FALSE;
    }

  return sy_tornado_export (self->base_months, self->bars, self->n_bars, caption, filename, format,
                            EXPORT_WIDTH, sy_tornado_natural_height (self->n_bars),
                            format == SY_PLOT_FORMAT_PNG ? EXPORT_PNG_SCALE : 1,
                            &theme, error);
}
