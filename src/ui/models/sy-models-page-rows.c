/* sy-models-page-rows.c: the widgets SyModelsPage builds its rows from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-models-page-rows.h"

GtkWidget *
sy_models_new_label (const char *text,
           const char *css_class,
           const char *css_class_2)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  if (css_class_2 != NULL)
    gtk_widget_add_css_class (label, css_class_2);

  return label;
}

GtkWidget *
sy_models_new_level_bar (double      value,
               double      max,
               const char *css_class)
{
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, MAX (max, 1));

  /* Colour comes from the verdict, not from GTK's low/high/full offsets. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (value, 0, MAX (max, 1)));
  gtk_widget_add_css_class (bar, "sy-memory-bar");
  if (css_class != NULL)
    gtk_widget_add_css_class (bar, css_class);

  return bar;
}

const char *
sy_models_verdict_css (SyFitVerdict verdict)
{
  switch (verdict)
    {
    case SY_FIT_GPU:
      return "sy-fit-gpu";
    case SY_FIT_PARTIAL:
      return "sy-fit-partial";
    case SY_FIT_CPU:
      return "sy-fit-cpu";
    case SY_FIT_TOO_LARGE:
    default:
      return "sy-fit-too-large";
    }
}

/* The memory bar and its caption: needed against what the verdict uses. */
GtkWidget *
sy_models_new_memory_box (const SyFitResult *r,
                          double             ram_budget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *bar, *label;
  g_autofree char *total = sy_fit_format_gib (r->total_bytes);
  g_autofree char *caption = NULL;
  double value, max;

  switch (r->verdict)
    {
    case SY_FIT_GPU:
      {
        g_autofree char *available = sy_fit_format_gib (r->available_bytes);

        /* Translators: memory needed of GPU memory available */
        caption = g_strdup_printf (_("%s of %s GPU"), total, available);
        value = r->total_bytes;
        max = r->available_bytes;
      }
      break;
    case SY_FIT_PARTIAL:
      {
        g_autofree char *gpu = sy_fit_format_gib (r->gpu_bytes);
        g_autofree char *ram = sy_fit_format_gib (r->ram_bytes);

        caption = g_strdup_printf (_("%s GPU + %s RAM"), gpu, ram);
        value = r->gpu_bytes;
        max = r->total_bytes;
      }
      break;
    case SY_FIT_CPU:
      {
        g_autofree char *available = sy_fit_format_gib (ram_budget);

        caption = g_strdup_printf (_("%s of %s RAM"), total, available);
        value = r->total_bytes;
        max = ram_budget;
      }
      break;
    case SY_FIT_TOO_LARGE:
    default:
      caption = g_strdup_printf (_("needs %s"), total);
      value = max = 1;
      break;
    }

  bar = sy_models_new_level_bar (value, max, sy_models_verdict_css (r->verdict));
  gtk_widget_set_hexpand (bar, TRUE);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (box, 4);
  gtk_box_append (GTK_BOX (box), bar);
  label = sy_models_new_label (caption, "caption", "numeric");
  /* The same width on every row, so the bars line up. */
  gtk_label_set_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget))
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

char *
sy_models_dup_label_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

/* Hardware card --------------------------------------------------------- */

void
sy_models_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

void
sy_models_add_hardware_row (GtkListBox *list,
                            const char *icon,
                            const char *title,
                            const char *size,
                            double      used,
                            double      total,
                            const char *caption,
                            const char *reason)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *image = gtk_image_new_from_icon_name (icon);
  GtkWidget *title_label = sy_models_new_label (title, NULL, NULL);
  int line = 1;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (grid, "sy-hardware-row");
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_grid_attach (GTK_GRID (grid), image, 0, 0, 1, 1);
  gtk_widget_set_hexpand (title_label, TRUE);
  gtk_grid_attach (GTK_GRID (grid), title_label, 1, 0, 1, 1);
  if (size != NULL)
    gtk_grid_attach (GTK_GRID (grid), sy_models_new_label (size, "numeric", "heading"), 2, 0, 1, 1);

  if (total > 0)
    gtk_grid_attach (GTK_GRID (grid), sy_models_new_level_bar (used, total, NULL), 1, line++, 2, 1);
  if (caption != NULL)
    gtk_grid_attach (GTK_GRID (grid), sy_models_new_label (caption, "caption", "dim-label"), 1, line++, 2, 1);
  if (reason != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Unknown: %s"), reason);

      gtk_grid_attach (GTK_GRID (grid), sy_models_new_label (text, "sy-caption-warning", NULL), 1, line++, 2, 1);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);
  gtk_list_box_append (list, row);
}

void
sy_models_add_gpu_row (GtkListBox  *list,
                       const SyGpu *gpu)
{
  g_autofree char *size = gpu->vram_total >= 0 ? sy_fit_format_gib ((double) gpu->vram_total) : NULL;
  g_autoptr(GString) caption = g_string_new (NULL);
  gint64 free_vram = sy_gpu_get_vram_free (gpu);

  if (gpu->vram_total >= 0 && gpu->vram_used >= 0)
    {
      g_autofree char *used = sy_fit_format_gib ((double) gpu->vram_used);
      g_autofree char *free_text = sy_fit_format_gib ((double) free_vram);

      /* Translators: VRAM in use and free */
      g_string_append_printf (caption, _("%s used · %s free"), used, free_text);
    }
  else if (gpu->vram_total >= 0)
    g_string_append (caption, _("Use unknown: planned as all free"));

  if (gpu->integrated && gpu->shared_total > 0)
    {
      g_autofree char *shared = sy_fit_format_gib ((double) gpu->shared_total);

      if (caption->len > 0)
        g_string_append (caption, " · ");
      g_string_append_printf (caption, _("integrated, may borrow %s of RAM"), shared);
    }
  else if (gpu->integrated)
    {
      if (caption->len > 0)
        g_string_append (caption, " · ");
      g_string_append (caption, _("integrated, shares system RAM"));
    }

  if (caption->len > 0)
    g_string_append (caption, " · ");
  g_string_append_printf (caption, _("via %s"), gpu->source);

  sy_models_add_hardware_row (list, "video-display-symbolic", gpu->name, size,
                    (double) MAX (gpu->vram_used, 0), (double) gpu->vram_total,
                    caption->str, gpu->vram_total < 0 || gpu->vram_used < 0 ? gpu->reason : NULL);
}
