/* sy-cost-plot.c: the cumulative cost plot widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A thin widget: the drawing lives in src/core/plot/sy-plot.c so that the
 * command line and the export draw exactly what is on screen.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "sy-cost-plot-private.h"
#include "sy-format.h"
#include "sy-plot.h"

struct _SyCostPlot
{
  GtkWidget     parent_instance;

  SyCostSeries *series;
  double        hover_month;
  guint         n_draws;
};

G_DEFINE_FINAL_TYPE (SyCostPlot, sy_cost_plot, GTK_TYPE_WIDGET)

#define MIN_WIDTH  280
#define MIN_HEIGHT 240
#define MAX_HEIGHT 540
/* Natural height per pixel of width */
#define ASPECT     0.6

enum {
  PROP_0,
  PROP_SERIES,
  PROP_HOVER_MONTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
get_layout (SyCostPlot   *self,
            SyPlotLayout *layout)
{
  sy_plot_layout_init (layout, self->series,
                       gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
update_accessible_description (SyCostPlot *self)
{
  g_autoptr(GString) text = g_string_new (_("Cumulative cost over time."));

  if (self->series != NULL)
    {
      guint n = sy_cost_series_get_n_break_evens (self->series);

      for (guint i = 0; i < n; i++)
        {
          const SyBreakEven *be = sy_cost_series_get_break_even (self->series, i);
          const SyCostLine *line = sy_cost_series_get_line (self->series, be->local_line);
          char ascii[G_ASCII_DTOSTR_BUF_SIZE];
          g_autofree char *month = sy_format_localize_ascii (g_ascii_formatd (ascii, sizeof ascii, "%.1f", be->month));

          g_string_append_c (text, ' ');
          /* Translators: the first %s is an option's name, the second a month like 66.7 */
          g_string_append_printf (text, _("%s breaks even at month %s."), line->label, month);
        }
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              SyCostPlot               *self)
{
  SyPlotLayout layout;
  double month;

  if (self->series == NULL)
    return;

  get_layout (self, &layout);
  month = sy_plot_layout_x_to_month (&layout, x);
  /* Whole months read better ("Month 24") and a month is the unit of the plot. */
  sy_cost_plot_set_hover_month (self, month < 0 ? -1 : round (month));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             SyCostPlot               *self)
{
  sy_cost_plot_set_hover_month (self, -1);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   SyCostPlot            *self)
{
  double horizon;
  double month;

  if (self->series == NULL)
    return GDK_EVENT_PROPAGATE;

  /* The arrow keys walk the readout month by month, so the values are
   * reachable without a pointer. */
  horizon = sy_cost_series_get_horizon (self->series);
  month = self->hover_month < 0 ? 0 : round (self->hover_month);

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      month = MAX (0, month - 1);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      month = self->hover_month < 0 ? 0 : MIN (horizon, month + 1);
      break;
    case GDK_KEY_Home:
      month = 0;
      break;
    case GDK_KEY_End:
      month = horizon;
      break;
    case GDK_KEY_Escape:
      if (self->hover_month < 0)
        return GDK_EVENT_PROPAGATE;
      month = -1;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  sy_cost_plot_set_hover_month (self, month);
  return GDK_EVENT_STOP;
}

static void
on_dark_changed_cb (AdwStyleManager *style_manager,
                    GParamSpec      *pspec,
                    SyCostPlot      *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
sy_cost_plot_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SyCostPlot *self = SY_COST_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  SyPlotTheme theme = { .dark = sy_cost_plot_get_dark (self) };
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->series == NULL)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  sy_plot_draw (cr, self->series, width, height, &theme, self->hover_month);
  cairo_destroy (cr);

  self->n_draws++;
}

static void
sy_cost_plot_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  /* Below this the tick labels start to collide. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = 640;
    }
  else
    {
      /* A plot keeps a plot's shape: its height follows its width, within
       * bounds, so it is neither a tower at phone width nor a wall on a
       * big screen. A container with less room may give it down to the
       * minimum. */
      SyCostPlot *self = SY_COST_PLOT (widget);
      /* A narrow plot has its legend below the axis: that comes on top,
       * so the lines keep the height they had. */
      int legend = for_size < 0 ? 0 : (int) ceil (sy_plot_legend_band_height (self->series, for_size));

      *minimum = MIN_HEIGHT + legend;
      *natural = for_size < 0 ? 420 : CLAMP ((int) (for_size * ASPECT), MIN_HEIGHT, MAX_HEIGHT) + legend;
    }
}

static GtkSizeRequestMode
sy_cost_plot_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sy_cost_plot_dispose (GObject *object)
{
  SyCostPlot *self = SY_COST_PLOT (object);

  g_clear_pointer (&self->series, sy_cost_series_unref);

  G_OBJECT_CLASS (sy_cost_plot_parent_class)->dispose (object);
}

static void
sy_cost_plot_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SyCostPlot *self = SY_COST_PLOT (object);

  switch (prop_id)
    {
    case PROP_SERIES:
      g_value_set_boxed (value, self->series);
      break;
    case PROP_HOVER_MONTH:
      g_value_set_double (value, self->hover_month);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_cost_plot_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SyCostPlot *self = SY_COST_PLOT (object);

  switch (prop_id)
    {
    case PROP_SERIES:
      sy_cost_plot_set_series (self, g_value_get_boxed (value));
      break;
    case PROP_HOVER_MONTH:
      sy_cost_plot_set_hover_month (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_cost_plot_class_init (SyCostPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_cost_plot_dispose;
  object_class->get_property = sy_cost_plot_get_property;
  object_class->set_property = sy_cost_plot_set_property;

  widget_class->snapshot = sy_cost_plot_snapshot;
  widget_class->measure = sy_cost_plot_measure;
  widget_class->get_request_mode = sy_cost_plot_get_request_mode;

  properties[PROP_SERIES] =
    g_param_spec_boxed ("series", NULL, NULL,
                        SY_TYPE_COST_SERIES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOVER_MONTH] =
    g_param_spec_double ("hover-month", NULL, NULL,
                         -1, G_MAXDOUBLE, -1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "costplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-cost-plot.ui");
  gtk_widget_class_bind_template_callback (widget_class, on_motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_key_pressed_cb);
}

static void
sy_cost_plot_init (SyCostPlot *self)
{
  self->hover_month = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, 0);
}

GtkWidget *
sy_cost_plot_new (void)
{
  return g_object_new (SY_TYPE_COST_PLOT, NULL);
}

SyCostSeries *
sy_cost_plot_get_series (SyCostPlot *self)
{
  g_return_val_if_fail (SY_IS_COST_PLOT (self), NULL);

  return self->series;
}

void
sy_cost_plot_set_series (SyCostPlot   *self,
                         SyCostSeries *series)
{
  g_return_if_fail (SY_IS_COST_PLOT (self));

  if (self->series == series)
    return;

  g_clear_pointer (&self->series, sy_cost_series_unref);
  if (series != NULL)
    self->series = sy_cost_series_ref (series);

  if (self->series != NULL && self->hover_month > sy_cost_series_get_horizon (self->series))
    sy_cost_plot_set_hover_month (self, sy_cost_series_get_horizon (self->series));

  update_accessible_description (self);
  /* The number of lines sets the height of a legend below the axis. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIES]);
}

double
sy_cost_plot_get_hover_month (SyCostPlot *self)
{
  g_return_val_if_fail (SY_IS_COST_PLOT (self), -1);

  return self->hover_month;
}

void
sy_cost_plot_set_hover_month (SyCostPlot *self,
                              double      month)
{
  g_return_if_fail (SY_IS_COST_PLOT (self));

  if (!(month >= 0))
    month = -1;

  if (self->hover_month == month)
    return;

  self->hover_month = month;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_MONTH]);
}

gboolean
sy_cost_plot_get_dark (SyCostPlot *self)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

guint
sy_cost_plot_get_n_draws (SyCostPlot *self)
{
  g_return_val_if_fail (SY_IS_COST_PLOT (self), 0);

  return self->n_draws;
}
