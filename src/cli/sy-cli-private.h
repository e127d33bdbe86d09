/* sy-cli-private.h: shared by the subcommands in src/cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sy-format.h"
#include "sy-model-fit.h"
#include "sy-speed.h"

G_BEGIN_DECLS

#define EXIT_RUNTIME_FAILURE 1
#define EXIT_BAD_INPUT       2

/* Prints "switchyard: OPTION: MESSAGE" (or without the option) on stderr
 * and returns @status. */
int       sy_cli_fail               (int          status,
                                     const char  *option,
                                     const char  *message);
/* Locale-independent; rejects "", trailing text, NaN and infinities. A NULL
 * @text leaves @out_value alone (the option was not given). */
gboolean  sy_cli_parse_number       (const char  *option,
                                     const char  *text,
                                     double      *out_value,
                                     GError     **error);
/* A whole number in [min, max]. */
gboolean  sy_cli_parse_in_range     (const char  *option,
                                     const char  *text,
                                     double       min,
                                     double       max,
                                     double      *out_value,
                                     GError     **error);
/* "5,000" */
char     *sy_cli_format_count       (double       value);
/* "23%" */
char     *sy_cli_format_percent     (double       fraction);
/* A column of a text table: its width in characters (the last column's
 * is 0: not padded), the spaces before it, and which side it keeps. */
typedef struct
{
  int      width;
  int      gap;
  gboolean right;
} SyCliColumn;

/* A text table: rows of cells, printed with each column as wide as its
 * widest cell (and at least its width), padded by characters: printf
 * pads by bytes, and “—”, “×” or a translated head is more bytes than
 * characters. */
typedef struct _SyCliTable SyCliTable;

SyCliTable *sy_cli_table_new        (const SyCliColumn  *columns,
                                     guint               n_columns);
/* Copies @cells, n_columns of them; NULL prints as nothing. */
void        sy_cli_table_add_row    (SyCliTable         *table,
                                     const char * const *cells);
void        sy_cli_table_print      (SyCliTable         *table);
void        sy_cli_table_free       (SyCliTable         *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyCliTable, sy_cli_table_free)
void      sy_cli_append_json_string (GString     *out,
                                     const char  *text);
/* @format as for g_ascii_formatd, e.g. "%.2f". */
void      sy_cli_append_json_number (GString     *out,
                                     const char  *format,
                                     double       value);
/* The same, or null for a negative @value (a figure that is not known). */
void      sy_cli_append_json_optional_number (GString    *out,
                                              const char *format,
                                              double      value);

/* argv for a subcommand's GOptionContext, argv[0] = "switchyard NAME". */
GStrv     sy_cli_dup_args           (const char  *name,
                                     int          argc,
                                     char       **argv);
/* The hosted API's key: OPENAI_API_KEY, else the keyring; NULL if neither.
 * Never from an argument, so it stays out of the process list. */
char     *sy_cli_dup_api_key        (const char  *base_url);
/* Frees a key after overwriting it. */
void      sy_cli_wipe_free          (char        *key);

/* The machine `--vram-gb`, `--ram-gb` and `--gpu` (cards from @table)
 * describe: NULL text or no names is not given, so detected; a VRAM of 0
 * is no GPU. @speed (may be NULL) gets the GPUs' bandwidths, and
 * @out_hardware (may be NULL) the detected hardware when detection ran.
 * Returns 0, or the exit status after saying what is wrong. */
int       sy_cli_plan_machine       (const char          *vram_text,
                                     double               vram_gb,
                                     const char          *ram_text,
                                     double               ram_gb,
                                     const char * const  *gpu_names,
                                     SyGpuTable          *table,
                                     SyFitMachine        *machine,
                                     SySpeedMachine      *speed,
                                     SyHardware         **out_hardware);

/* The subcommands: each returns the exit status. */
int       sy_cli_run_break_even     (int          argc,
                                     char       **argv);
int       sy_cli_run_chat           (int          argc,
                                     char       **argv);
int       sy_cli_run_route          (int          argc,
                                     char       **argv);
int       sy_cli_run_pilot          (int          argc,
                                     char       **argv);
int       sy_cli_run_decide         (int          argc,
                                     char       **argv);
int       sy_cli_run_gpus           (int          argc,
                                     char       **argv);
int       sy_cli_run_hardware       (int          argc,
                                     char       **argv);
int       sy_cli_run_prices         (int          argc,
                                     char       **argv);
int       sy_cli_run_models         (int          argc,
                                     char       **argv);
int       sy_cli_run_deploy         (int          argc,
                                     char       **argv);
int       sy_cli_run_usage          (int          argc,
                                     char       **argv);

G_END_DECLS
