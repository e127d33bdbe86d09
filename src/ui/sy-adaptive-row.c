/* sy-adaptive-row.c: a row's text with its controls beside it, or below
 * it when there is no room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-adaptive-row.h"

struct _SyAdaptiveRow
{
  GtkWidget  parent_instance;

  GtkWidget *main;
  GtkWidget *side;
  int        spacing;
  int        main_min_width;
  gboolean   stacked;
};

G_DEFINE_FINAL_TYPE (SyAdaptiveRow, sy_adaptive_row, GTK_TYPE_WIDGET)

/* Auxiliary functions */

static int
side_width (SyAdaptiveRow *self)
{
  int nat = 0;

  gtk_widget_measure (self->side, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat, NULL, NULL);

  return nat;
}

static gboolean
fits_beside (SyAdaptiveRow *self,
             int            width)
{
  int main_min = 0;

  gtk_widget_measure (self->main, GTK_ORIENTATION_HORIZONTAL, -1, &main_min, NULL, NULL, NULL);

  return width - side_width (self) - self->spacing >= MAX (main_min, self->main_min_width);
}

/* Overrides */

static void
sy_adaptive_row_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  SyAdaptiveRow *self = SY_ADAPTIVE_ROW (widget);
  int main_min = 0, main_nat = 0, side_min = 0, side_nat = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (self->main, orientation, -1, &main_min, &main_nat, NULL, NULL);
      gtk_widget_measure (self->side, orientation, -1, &side_min, &side_nat, NULL, NULL);
      /* Stacked, the wider of the two is all it needs. */
      *minimum = MAX (main_min, side_min);
      *natural = main_nat + self->spacing + side_nat;
      return;
    }

  if (for_size < 0 || fits_beside (self, for_size))
    {
      int side_w = side_width (self);
      int main_w = for_size < 0 ? -1 : for_size - side_w - self->spacing;

      gtk_widget_measure (self->main, orientation, main_w, &main_min, &main_nat, NULL, NULL);
      gtk_widget_measure (self->side, orientation, for_size < 0 ? -1 : side_w, &side_min, &side_nat, NULL, NULL);
      *minimum = MAX (main_min, side_min);
      *natural = MAX (main_nat, side_nat);
    }
  else
    {
      gtk_widget_measure (self->main, orientation, for_size, &main_min, &main_nat, NULL, NULL);
      gtk_widget_measure (self->side, orientation, for_size, &side_min, &side_nat, NULL, NULL);
      *minimum = main_min + self->spacing + side_min;
      *natural = main_nat + self->spacing + side_nat;
    }
}

static void
sy_adaptive_row_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  SyAdaptiveRow *self = SY_ADAPTIVE_ROW (widget);
  int main_height = 0, side_width_stacked = 0, side_height = 0;

  self->stacked = !fits_beside (self, width);

  if (!self->stacked)
    {
      int side_w = side_width (self);
      int main_w = width - side_w - self->spacing;
      gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

      gtk_widget_size_allocate (self->main, &(GtkAllocation) { rtl ? side_w + self->spacing : 0, 0, main_w, height }, -1);
      gtk_widget_size_allocate (self->side, &(GtkAllocation) { rtl ? 0 : main_w + self->spacing, 0, side_w, height }, -1);
      return;
    }

  /* Below the text, at its natural width from the start edge. */
  gtk_widget_measure (self->main, GTK_ORIENTATION_VERTICAL, width, NULL, &main_height, NULL, NULL);
  gtk_widget_measure (self->side, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &side_width_stacked, NULL, NULL);
  side_width_stacked = MIN (side_width_stacked, width);
  gtk_widget_measure (self->side, GTK_ORIENTATION_VERTICAL, side_width_stacked, NULL, &side_height, NULL, NULL);
  main_height = MIN (main_height, MAX (0, height - self->spacing - side_height));

  gtk_widget_size_allocate (self->main, &(GtkAllocation) { 0, 0, width, main_height }, -1);
  gtk_widget_size_allocate (self->side,
                            &(GtkAllocation) {
                              gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? width - side_width_stacked : 0,
                              main_height + self->spacing, side_width_stacked, side_height },
                            -1);
}

static GtkSizeRequestMode
sy_adaptive_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sy_adaptive_row_dispose (GObject *object)
{
  SyAdaptiveRow *self = SY_ADAPTIVE_ROW (object);

  g_clear_pointer (&self->main, gtk_widget_unparent);
  g_clear_pointer (&self->side, gtk_widget_unparent);

  G_OBJECT_CLASS (sy_adaptive_row_parent_class)->dispose (object);
}

static void
sy_adaptive_row_class_init (SyAdaptiveRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_adaptive_row_dispose;
  widget_class->measure = sy_adaptive_row_measure;
  widget_class->size_allocate = sy_adaptive_row_size_allocate;
  widget_class->get_request_mode = sy_adaptive_row_get_request_mode;

  gtk_widget_class_set_css_name (widget_class, "adaptiverow");
}

static void
sy_adaptive_row_init (SyAdaptiveRow *self)
{
}

/* Public API */

GtkWidget *
sy_adaptive_row_new (GtkWidget *main,
                     GtkWidget *side,
                     int        spacing,
                     int        main_min_width)
{
  SyAdaptiveRow *self;

  g_return_val_if_fail (GTK_IS_WIDGET (main), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (side), NULL);

  self = g_object_new (SY_TYPE_ADAPTIVE_ROW, NULL);
  self->main = main;
  self->side = side;
  self->spacing = MAX (spacing, 0);
  self->main_min_width = MAX (main_min_width, 0);
  gtk_widget_set_parent (main, GTK_WIDGET (self));
  gtk_widget_set_parent (side, GTK_WIDGET (self));

  return GTK_WIDGET (self);
}

gboolean
sy_adaptive_row_is_stacked (SyAdaptiveRow *self)
{
  g_return_val_if_fail (SY_IS_ADAPTIVE_ROW (self), FALSE);

  return self->stacked;
}
