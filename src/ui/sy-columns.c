/* sy-columns.c: two columns side by side, stacked when the window is narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libadwaita 1.2 has no breakpoints, so the page decides its shape from
 * the width it is given, in measure and size_allocate alone (changing
 * orientation or CSS from an allocation would loop).
 */
#include "config.h"

#include "sy-columns.h"

#define DEFAULT_THRESHOLD   760
#define DEFAULT_START_WIDTH 400

struct _SyColumns
{
  GtkWidget parent_instance;

  int       threshold;
  int       start_width;
  gboolean  stacked;
};

static void sy_columns_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SyColumns, sy_columns, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, sy_columns_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

static gboolean
is_wide (SyColumns *self,
         int        width)
{
  return width >= self->threshold;
}

/* Stacked, a column shows all of its content. A GtkScrolledWindow that
 * propagates its natural height measures its child at the child's natural
 * width, not at @width, so wrapped text and rows that fold when narrow come
 * out too short and the column would scroll inside the page: ask its
 * content directly. */
static int
stacked_height (GtkWidget *column,
                int        width)
{
  GtkWidget *content = column;
  int natural = 0;

  if (GTK_IS_SCROLLED_WINDOW (column) && gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (column)) != NULL)
    content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (column));

  gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
  if (content != column)
    {
      int own = 0;

      gtk_widget_measure (column, GTK_ORIENTATION_VERTICAL, width, NULL, &own, NULL, NULL);
      natural = MAX (natural, own);
    }

  return natural;
}

/* Stacked, the page scrolls, not the columns: a GtkScrolledWindow takes
 * the wheel even when it has nothing to scroll, so the page would never
 * move under the pointer. */
static void
set_column_scrolls (GtkWidget *column,
                    gboolean   scrolls)
{
  GtkPolicyType hpolicy, vpolicy;

  if (!GTK_IS_SCROLLED_WINDOW (column))
    return;

  gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (column), &hpolicy, &vpolicy);
  if ((vpolicy != GTK_POLICY_NEVER) == scrolls)
    return;

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (column), hpolicy,
                                  scrolls ? GTK_POLICY_AUTOMATIC : GTK_POLICY_NEVER);

  /* GtkScrolledWindow keeps its wheel handler when there is nothing to
   * scroll, which would stop the event before the page's own scroller. */
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (column);

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
          gtk_event_controller_set_propagation_phase (controller, scrolls ? GTK_PHASE_BUBBLE : GTK_PHASE_NONE);
      }
  }
}

static void
sy_columns_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  SyColumns *self = SY_COLUMNS (widget);
  GtkWidget *start = gtk_widget_get_first_child (widget);
  GtkWidget *end = start != NULL ? gtk_widget_get_next_sibling (start) : NULL;
  int start_min = 0, start_nat = 0, end_min = 0, end_nat = 0;

  *minimum = *natural = 0;
  if (start == NULL || end == NULL)
    return;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (start, orientation, -1, &start_min, &start_nat, NULL, NULL);
      gtk_widget_measure (end, orientation, -1, &end_min, &end_nat, NULL, NULL);
      /* Stacked, the narrower of the two sets the minimum; side by side is
       * what it would like. */
      *minimum = MAX (start_min, end_min);
      *natural = MAX (self->threshold, MAX (self->start_width, start_nat) + end_nat);
      return;
    }

  /* Side by side, each column scrolls on its own: ask only for their
   * minimum, so a surrounding viewport fits us to the window. Stacked, ask
   * for everything, so the surrounding viewport scrolls the whole page. */
  if (for_size < 0 || is_wide (self, for_size))
    {
      int start_width = for_size < 0 ? -1 : self->start_width;
      int end_width = for_size < 0 ? -1 : MAX (0, for_size - self->start_width);

      gtk_widget_measure (start, orientation, start_width, &start_min, &start_nat, NULL, NULL);
      gtk_widget_measure (end, orientation, end_width, &end_min, &end_nat, NULL, NULL);
      *minimum = MAX (start_min, end_min);
      *natural = MAX (start_nat, end_nat);
    }
  else
    {
      start_nat = stacked_height (start, for_size);
      end_nat = stacked_height (end, for_size);
      *minimum = start_nat + end_nat;
      *natural = start_nat + end_nat;
    }
}

static void
sy_columns_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  SyColumns *self = SY_COLUMNS (widget);
  GtkWidget *start = gtk_widget_get_first_child (widget);
  GtkWidget *end = start != NULL ? gtk_widget_get_next_sibling (start) : NULL;
  int start_height, end_height;

  if (start == NULL || end == NULL)
    return;

  self->stacked = !is_wide (self, width);
  set_column_scrolls (start, !self->stacked);
  set_column_scrolls (end, !self->stacked);

  if (!self->stacked)
    {
      int start_width = MIN (self->start_width, width);

      gtk_widget_size_allocate (start, &(GtkAllocation) { 0, 0, start_width, height }, -1);
      gtk_widget_size_allocate (end, &(GtkAllocation) { start_width, 0, width - start_width, height }, -1);
      return;
    }

  start_height = stacked_height (start, width);
  end_height = stacked_height (end, width);
  start_height = MIN (start_height, MAX (0, height - end_height));
  gtk_widget_size_allocate (start, &(GtkAllocation) { 0, 0, width, start_height }, -1);
  gtk_widget_size_allocate (end, &(GtkAllocation) { 0, start_height, width, height - start_height }, -1);
}

static GtkSizeRequestMode
sy_columns_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sy_columns_buildable_add_child (GtkBuildable *buildable,
                                GtkBuilder   *builder,
                                GObject      *child,
                                const char   *type)
{
  if (GTK_IS_WIDGET (child))
    gtk_widget_set_parent (GTK_WIDGET (child), GTK_WIDGET (buildable));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
sy_columns_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = sy_columns_buildable_add_child;
}

static void
sy_columns_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sy_columns_parent_class)->dispose (object);
}

static void
sy_columns_class_init (SyColumnsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_columns_dispose;
  widget_class->measure = sy_columns_measure;
  widget_class->size_allocate = sy_columns_size_allocate;
  widget_class->get_request_mode = sy_columns_get_request_mode;

  gtk_widget_class_set_css_name (widget_class, "columns");
}

static void
sy_columns_init (SyColumns *self)
{
  self->threshold = DEFAULT_THRESHOLD;
  self->start_width = DEFAULT_START_WIDTH;
}

GtkWidget *
sy_columns_new (void)
{
  return g_object_new (SY_TYPE_COLUMNS, NULL);
}

gboolean
sy_columns_get_stacked (SyColumns *self)
{
  g_return_val_if_fail (SY_IS_COLUMNS (self), FALSE);

  return self->stacked;
}
