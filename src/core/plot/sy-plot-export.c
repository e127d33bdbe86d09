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

#include "sy-cost-error.h"
#include "sy-plot.h"

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

static cairo_status_t
render_to_bytes (SyCostSeries      *series,
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

  switch (format)
    {
    case SY_PLOT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_bytes_cb, bytes, width, height);
      break;
    case SY_PLOT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_to_bytes_cb, bytes, width, height);
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
  sy_plot_draw (cr, series, width, height, theme, -1.0);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == SY_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_to_bytes_cb, bytes);

  /* Vector surfaces write their trailer on finish. */
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return status;
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
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  cairo_status_t status;

  g_return_val_if_fail (filename != NULL, FALSE);

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
  status = render_to_bytes (series, format, width, height, scale, theme, bytes);
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
