/* sy-hardware-parse.c: the text formats hardware detection reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sy-hardware-private.h"

/* Parsers */

gboolean
sy_hardware_parse_sysfs_number (const char  *text,
                                gint64      *out_value,
                                GError     **error)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  guint64 value;
  int base = 10;
  const char *digits;

  if (text == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("empty file"));
      return FALSE;
    }

  copy = g_strstrip (g_strdup (text));
  digits = copy;
  if (g_str_has_prefix (copy, "0x") || g_str_has_prefix (copy, "0X"))
    {
      base = 16;
      digits = copy + 2;
    }

  if (*copy == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("empty file"));
      return FALSE;
    }

  errno = 0;
  value = g_ascii_strtoull (digits, &end, base);
  if (*digits == '\0' || !g_ascii_isxdigit (*digits) || end == digits || *end != '\0' ||
      errno != 0 || value > G_MAXINT64)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%.40s” is not a number"), copy);
      return FALSE;
    }

  *out_value = (gint64) value;
  return TRUE;
}

static gboolean
parse_meminfo_kib (const char *line,
                   const char *key,
                   gint64     *out_bytes)
{
  gsize key_len = strlen (key);
  const char *p;
  char *end = NULL;
  guint64 kib;

  if (strncmp (line, key, key_len) != 0 || line[key_len] != ':')
    return FALSE;

  p = line + key_len + 1;
  while (*p == ' ' || *p == '\t')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;

  errno = 0;
  kib = g_ascii_strtoull (p, &end, 10);
  while (*end == ' ')
    end++;
  /* The unit is always kB; anything else is not what we know. */
  if (errno != 0 || (strcmp (end, "kB") != 0 && *end != '\0') || kib > G_MAXINT64 / 1024)
    return FALSE;

  *out_bytes = (gint64) kib * 1024;
  return TRUE;
}

gboolean
sy_hardware_parse_meminfo (const char  *text,
                           gint64      *out_total,
                           gint64      *out_available,
                           GError     **error)
{
  g_auto(GStrv) lines = NULL;
  gint64 total = -1, available = -1;

  if (text != NULL)
    lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      g_strchomp (lines[i]);
      if (!parse_meminfo_kib (lines[i], "MemTotal", &total))
        parse_meminfo_kib (lines[i], "MemAvailable", &available);
    }

  *out_total = total;
  *out_available = available;

  if (total < 0 && available < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("no MemTotal or MemAvailable line"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_mib_field (const char *text,
                 gint64     *out_bytes)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double mib;

  /* "[N/A]", "[Not Supported]", "" */
  if (*copy == '\0' || *copy == '[')
    {
      *out_bytes = -1;
      return TRUE;
    }

  mib = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !(mib >= 0) || mib > 1e9)
    return FALSE;

  *out_bytes = (gint64) (mib * SY_HARDWARE_MIB);
  return TRUE;
}

GPtrArray *
sy_hardware_parse_nvidia_smi_csv (const char  *text,
                                  GError     **error)
{
  g_autoptr(GPtrArray) gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_gpu_free);
  g_auto(GStrv) lines = NULL;
  g_autofree char *bad_line = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("output is not text"));
      return NULL;
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(SyGpu) gpu = NULL;
      char *line = g_strstrip (lines[i]);
      char *last, *second;

      if (*line == '\0')
        continue;

      /* Sizes are the last two fields; a name may hold commas. */
      last = strrchr (line, ',');
      if (last != NULL)
        *last = '\0';
      second = last != NULL ? strrchr (line, ',') : NULL;
      if (second != NULL)
        *second = '\0';

      gpu = sy_gpu_new ();
      if (last == NULL || second == NULL ||
          !parse_mib_field (second + 1, &gpu->vram_total) ||
          !parse_mib_field (last + 1, &gpu->vram_used) ||
          *g_strstrip (line) == '\0')
        {
          if (bad_line == NULL)
            bad_line = g_strdup (lines[i]);
          continue;
        }

      gpu->vendor = SY_GPU_VENDOR_NVIDIA;
      gpu->name = g_strdup (line);
      gpu->id = g_strdup_printf ("nvidia%u", gpus->len);
      gpu->source = g_strdup ("nvidia-smi");
      if (gpu->vram_total < 0)
        gpu->reason = g_strdup (_("nvidia-smi did not report the memory size"));
      else if (gpu->vram_used < 0)
        gpu->reason = g_strdup (_("nvidia-smi did not report the memory in use"));
      g_ptr_array_add (gpus, g_steal_pointer (&gpu));
    }

  if (gpus->len == 0)
    {
      if (bad_line != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("unexpected line “%.60s”"), bad_line);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("no GPU listed"));
      return NULL;
    }

  return g_steal_pointer (&gpus);
}
