/* sy-plot-export.c: writes the plot to a PNG, SVG or PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "sy-cost-error.h"
#include "sy-format.h"
#include "sy-plot-private.h"

/* The caption band, in device-independent pixels. */
#define CAPTION_FONT       "Cantarell, Sans"
#define CAPTION_FONT_PX    13.0
#define CAPTION_PAD_X      16.0
#define CAPTION_PAD_TOP    4.0
#define CAPTION_PAD_BOTTOM 12.0

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

typedef struct
{
  SyPlotDrawFunc draw_func;
  gpointer       user_data;
  const char    *caption;
  double         plot_height;
} Picture;

/* Public API */

gboolean
sy_plot_format_from_filename (const char    *filename,
                              SyPlotFormat  *out_format,
                              GError       **error)
{
  static const struct { const char *ext; SyPlotFormat format; } formats[] = {
    { ".png", SY_PLOT_FORMAT_PNG },
    { ".svg", SY_PLOT_FORMAT_SVG },
    { ".pdf", SY_PLOT_FORMAT_PDF },
  };
  g_autofree char *base = NULL;
  const char *dot;

  g_return_val_if_fail (filename != NULL, FALSE);

  base = g_path_get_basename (filename);
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base || dot[1] == '\0')
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   "Cannot tell the plot format of “%s”: use .png, .svg or .pdf",
                   filename);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (dot, formats[i].ext) == 0)
        {
          if (out_format != NULL)
            *out_format = formats[i].format;
          return TRUE;
        }
    }

  g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
               "Unknown plot format “%s”: use .png, .svg or .pdf", dot);
  return FALSE;
}

static cairo_status_t
append_to_bytes_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *
new_caption_layout (cairo_t    *cr,
                    const char *caption,
                    double      width)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (CAPTION_FONT);
  PangoLayout *layout = pango_cairo_create_layout (cr);

  pango_font_description_set_absolute_size (font, CAPTION_FONT_PX * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) MAX (1.0, width - 2 * CAPTION_PAD_X) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, caption, -1);

  return layout;
}

/* How tall the band under a picture of @width gets for @caption. */
static double
caption_height (const char *caption,
                double      width)
{
  g_autoptr(cairo_surface_t) scratch = NULL;
  g_autoptr(cairo_t) cr = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int w, h;

  if (caption == NULL || *caption == '\0')
    return 0.0;

  scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (scratch);
  layout = new_caption_layout (cr, caption, width);
  pango_layout_get_pixel_size (layout, &w, &h);

  return ceil (CAPTION_PAD_TOP + h + CAPTION_PAD_BOTTOM);
}

static void
draw_picture (cairo_t           *cr,
              const Picture     *picture,
              double             width,
              double             height,
              const SyPlotTheme *theme)
{
  static const SyPlotTheme light = { FALSE, NULL };
  g_autoptr(PangoLayout) layout = NULL;
  SyPlotColor bg, fg;

  cairo_save (cr);
  picture->draw_func (cr, width, picture->plot_height, theme, picture->user_data);
  cairo_restore (cr);

  if (picture->caption == NULL || *picture->caption == '\0')
    return;

  /* The band continues the plot's background: one picture, not two. */
  if (theme == NULL)
    theme = &light;
  bg = sy_plot_theme_background (theme);
  fg = sy_plot_theme_foreground (theme);
  cairo_save (cr);
  cairo_rectangle (cr, 0, picture->plot_height, width, height - picture->plot_height);
  set_color (cr, &bg, 1.0);
  cairo_fill (cr);

  layout = new_caption_layout (cr, picture->caption, width);
  set_color (cr, &fg, 0.75);
  cairo_move_to (cr, CAPTION_PAD_X, picture->plot_height + CAPTION_PAD_TOP);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* cairo writes text as glyph outlines; a <title> keeps the caption
 * readable to screen readers, search and anyone opening the file. */
static void
insert_svg_title (GByteArray *bytes,
                  const char *caption)
{
  g_autofree char *escaped = NULL;
  g_autofree char *element = NULL;
  const char *start, *end;
  gsize offset, len, tail;

  start = g_strstr_len ((const char *) bytes->data, bytes->len, "<svg");
  if (start == NULL)
    return;
  end = memchr (start, '>', bytes->len - (start - (const char *) bytes->data));
  if (end == NULL)
    return;

  escaped = g_markup_escape_text (caption, -1);
  element = g_strdup_printf ("\n<title>%s</title>", escaped);
  offset = end + 1 - (const char *) bytes->data;
  len = strlen (element);
  tail = bytes->len - offset;
  g_byte_array_set_size (bytes, bytes->len + len);
  memmove (bytes->data + offset + len, bytes->data + offset, tail);
  memcpy (bytes->data + offset, element, len);
}

static cairo_status_t
render_to_bytes (const Picture     *picture,
                 SyPlotFormat       format,
                 double             width,
                 double             height,
                 double             scale,
                 const SyPlotTheme *theme,
                 GByteArray        *bytes)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  gboolean has_caption = picture->caption != NULL && *picture->caption != '\0';

  switch (format)
    {
    case SY_PLOT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_bytes_cb, bytes, width, height);
      break;
    case SY_PLOT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_to_bytes_cb, bytes, width, height);
      if (has_caption)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, picture->caption);
      break;
    case SY_PLOT_FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (width * scale),
                                            (int) ceil (height * scale));
      break;
    }

  cr = cairo_create (surface);
  if (format == SY_PLOT_FORMAT_PNG)
    cairo_scale (cr, scale, scale);
  draw_picture (cr, picture, width, height, theme);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == SY_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_to_bytes_cb, bytes);

  /* Vector surfaces write their trailer on finish. */
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS && format == SY_PLOT_FORMAT_SVG && has_caption)
    insert_svg_title (bytes, picture->caption);

  return status;
}

static void
draw_series_cb (cairo_t           *cr,
                double             width,
                double             height,
                const SyPlotTheme *theme,
                gpointer           user_data)
{
  sy_plot_draw (cr, user_data, width, height, theme, -1.0);
}

gboolean
sy_plot_export (SyCostSeries       *series,
                const char         *filename,
                SyPlotFormat        format,
                double              width,
                double              height,
                double              scale,
                const SyPlotTheme  *theme,
                GError            **error)
{
  return sy_plot_export_drawing (draw_series_cb, series, NULL, filename, format,
                                 width, height, scale, theme, error);
}

gboolean
sy_plot_export_with_caption (SyCostSeries       *series,
                             const char         *caption,
                             const char         *filename,
                             SyPlotFormat        format,
                             double              width,
                             double              height,
                             double              scale,
                             const SyPlotTheme  *theme,
                             GError            **error)
{
  return sy_plot_export_drawing (draw_series_cb, series, caption, filename, format,
                                 width, height, scale, theme, error);
}

gboolean
sy_plot_export_drawing (SyPlotDrawFunc      draw_func,
                        gpointer            user_data,
                        const char         *caption,
                        const char         *filename,
                        SyPlotFormat        format,
                        double              width,
                        double              height,
                        double              scale,
                        const SyPlotTheme  *theme,
                        GError            **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  cairo_status_t status;
  Picture picture = { draw_func, user_data, caption, height };

  g_return_val_if_fail (draw_func != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  if (isfinite (width) && width >= 1)
    height += caption_height (caption, width);

  if (!isfinite (width) || !isfinite (height) || !isfinite (scale) ||
      width < 1 || height < 1 || scale <= 0 ||
      width * scale > 32767 || height * scale > 32767)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   "Cannot draw a plot of %g × %g at scale %g",
                   width, height, scale);
      return FALSE;
    }

  bytes = g_byte_array_new ();
  status = render_to_bytes (&picture, format, width, height, scale, theme, bytes);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_IO,
                   "Could not draw the plot for “%s”: %s",
                   filename, cairo_status_to_string (status));
      return FALSE;
    }

  if (!g_file_set_contents (filename, (const char *) bytes->data, bytes->len, &local_error))
    {
      /* GLib names its temporary file; the user only knows theirs, so keep
       * just the reason (the strerror after the last colon). */
      const char *reason = strrchr (local_error->message, ':');

      reason = reason != NULL && reason[1] == ' ' ? reason + 2 : local_error->message;
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   "Could not save the plot to “%s”: %s", filename, reason);
      return FALSE;
    }

  return TRUE;
}

char *
sy_plot_format_caption (double      daily_requests,
                        double      input_tokens,
                        double      output_tokens,
                        const char *api_model,
                        GDateTime  *date)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *requests = sy_format_number (daily_requests);
  g_autofree char *in = sy_format_number (input_tokens);
  g_autofree char *out = sy_format_number (output_tokens);
  g_autofree char *day = NULL;

  if (date == NULL)
    date = now = g_date_time_new_now_local ();
  /* ISO 8601: the one date a reader in any country reads the same way. */
  day = g_date_time_format (date, "%Y-%m-%d");

  /* Translators: the caption under an exported cost plot: requests a day,
   * average input and output tokens per request, the API model and the
   * date, e.g. "5,000 requests a day, 800 tokens in, 400 out · gpt-4o-mini · 2026-12-05" */
  return g_strdup_printf (_("%s requests a day, %s tokens in, %s out · %s · %s"),
                          requests, in, out,
                          api_model != NULL && *api_model != '\0' ? api_model : "—",
                          day);
}
