/* sy-text-column-layout.c: children stacked top to bottom, each as tall
 * as it is at the column's width; the width itself not asked of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A wrapping GtkLabel measured for its height at a width is first
 * measured for its width (gtk_widget_measure() always asks), and lays its
 * text out as narrow as it can be (a line a character), as wide, and then
 * at the width: with the layout it is allocated, four times the shaping,
 * and shaping is most of what a long reply costs a frame. A reply takes
 * the width it is given, so its column asks a wrapping label only for its
 * height without a width (one unwrapped layout, which also settles the
 * label's pending resize) and reads the height off the label's own layout
 * at the column's width, the layout the label then draws: two layouts,
 * the narrowest not among them. A message the person typed is a bubble as
 * wide as its text, so there the column measures as a box does
 * (measure-width).
 */
#include "config.h"

#include "sy-text-column-layout.h"

struct _SyTextColumnLayout
{
  GtkLayoutManager parent_instance;

  gboolean         measure_width;
  int              measured_width; /* the width heights were last measured at */
  guint            measure_again_tick;
};

G_DEFINE_FINAL_TYPE (SyTextColumnLayout, sy_text_column_layout, GTK_TYPE_LAYOUT_MANAGER)

static GtkSizeRequestMode
sy_text_column_layout_get_request_mode (GtkLayoutManager *manager,
                                        GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* @child's height at @width; see above */
static int
child_height (SyTextColumnLayout *self,
              GtkWidget          *child,
              int                 width)
{
  int height;

  if (self->measure_width || width <= 0 || !GTK_IS_LABEL (child) || !gtk_label_get_wrap (GTK_LABEL (child)))
    {
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width > 0 ? width : -1, &height, NULL, NULL, NULL);
      return height;
    }

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, NULL, NULL, NULL, NULL);
  pango_layout_set_width (gtk_label_get_layout (GTK_LABEL (child)), width * PANGO_SCALE);
  pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (child)), NULL, &height);

  return height;
}

static void
sy_text_column_layout_measure (GtkLayoutManager *manager,
                               GtkWidget        *widget,
                               GtkOrientation    orientation,
                               int               for_size,
                               int              *minimum,
                               int              *natural,
                               int              *minimum_baseline,
                               int              *natural_baseline)
{
  SyTextColumnLayout *self = SY_TEXT_COLUMN_LAYOUT (manager);

  int width = for_size;

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL && !self->measure_width)
    return;

  /* Heights at the width the column has, at whatever width it is asked:
   * without one (the scrolled window above asks so), a box asks its
   * children at their minimum width, here next to none, and a layout a
   * character wide costs more than any; and the list of a chat 1000 px
   * wide asks its reply column at 724 px and then gives it 676. Each
   * other width is every label laid out again, thrown away by the
   * allocation, each time the reply grows. A column given another width
   * measures again once allocated (see allocate). */
  if (orientation == GTK_ORIENTATION_VERTICAL && !self->measure_width &&
      gtk_widget_get_width (widget) > 0)
    width = gtk_widget_get_width (widget);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    self->measured_width = width;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;

      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          int child_min, child_nat;

          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else
        {
          int height = child_height (self, child, width);

          *minimum += height;
          *natural += height;
        }
    }
}

static gboolean
measure_again_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  GtkLayoutManager *manager = gtk_widget_get_layout_manager (widget);

  if (SY_IS_TEXT_COLUMN_LAYOUT (manager))
    SY_TEXT_COLUMN_LAYOUT (manager)->measure_again_tick = 0;
  gtk_widget_queue_resize (widget);

  return G_SOURCE_REMOVE;
}

static void
sy_text_column_layout_allocate (GtkLayoutManager *manager,
                                GtkWidget        *widget,
                                int               width,
                                int               height,
                                int               baseline)
{
  SyTextColumnLayout *self = SY_TEXT_COLUMN_LAYOUT (manager);
  int y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_size;

      if (!gtk_widget_should_layout (child))
        continue;

      child_size = child_height (self, child, width);
      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, child_size }, -1);
      y += child_size;
    }

  /* Given another width than its heights are for: measured again, in
   * the next frame, as a resize queued while allocating is dropped (the
   * allocation ends by marking the widget and those above it as sized). */
  if (!self->measure_width && width != self->measured_width && self->measure_again_tick == 0)
    self->measure_again_tick = gtk_widget_add_tick_callback (widget, measure_again_cb, NULL, NULL);
}

static void
sy_text_column_layout_class_init (SyTextColumnLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->get_request_mode = sy_text_column_layout_get_request_mode;
  layout_class->measure = sy_text_column_layout_measure;
  layout_class->allocate = sy_text_column_layout_allocate;
}

static void
sy_text_column_layout_init (SyTextColumnLayout *self)
{
}

GtkLayoutManager *
sy_text_column_layout_new (void)
{
  return g_object_new (SY_TYPE_TEXT_COLUMN_LAYOUT, NULL);
}

/* Whether the column is as wide as its widest child (TRUE) or takes the
 * width it is given (FALSE, the default) */
void
sy_text_column_layout_set_measure_width (SyTextColumnLayout *self,
                                         gboolean            measure_width)
{
  g_return_if_fail (SY_IS_TEXT_COLUMN_LAYOUT (self));

  if (self->measure_width == !!measure_width)
    return;
  self->measure_width = !!measure_width;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
}
