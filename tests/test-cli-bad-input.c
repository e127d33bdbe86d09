/* test-cli-bad-input.c: every number a command takes, given nonsense
 *
 * The table walks each numeric option of each command through empty,
 * negative, zero, huge, text, NaN and ±inf. What is nonsense for that
 * option must end the command with status 2, nothing on stdout and one
 * line on stderr that names the option; what is valid must run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-test-utils.h"

typedef enum
{
  EMPTY, NEGATIVE, ZERO, HUGE_VALUE, TEXT, NOT_A_NUMBER, INFINITE, MINUS_INFINITE, COMMA,
  N_VALUES
} BadValue;

static const char * const values[N_VALUES] = {
  [EMPTY] = "", [NEGATIVE] = "-1", [ZERO] = "0", [HUGE_VALUE] = "1e300", [TEXT] = "lots",
  [NOT_A_NUMBER] = "nan", [INFINITE] = "inf", [MINUS_INFINITE] = "-inf", [COMMA] = "1,5",
};

#define ACCEPTS(v) (1u << (v))

typedef struct
{
  const char         *option;
  /* The rest of a valid command line; the option is added at the end. */
  const char * const *base;
  guint               accepted;    /* ACCEPTS() of the values that are valid */
} Field;

static const char * const break_even[] = {
  "break-even", "--daily-requests", "5000", "--input-tokens", "800", "--output-tokens", "400",
  "--api-model", "gpt-4o-mini", "--local", "llama3.1-8b-rtx4090", NULL,
};
static const char * const decide_traffic[] = {
  "decide", "--pii", "no", "--frontier", "no", "--ml-engineers", "yes", "--api-model", "gpt-4o-mini",
  "--daily-requests", "5000", "--input-tokens", "800", "--output-tokens", "400", NULL,
};
static const char * const decide_spend[] = {
  "decide", "--pii", "no", "--frontier", "no", "--ml-engineers", "yes", "--monthly-cost", "500", NULL,
};
static const char * const models[] = { "models", NULL };

/* A later option overrides the base's value of the same option (GOption
 * keeps the last), so each field is tested on an otherwise valid line. */
static const Field fields[] = {
  { "--daily-requests", break_even, ACCEPTS (ZERO) },
  { "--input-tokens", break_even, ACCEPTS (ZERO) },
  { "--output-tokens", break_even, ACCEPTS (ZERO) },
  { "--horizon", break_even, 0 },
  { "--width", break_even, 0 },
  { "--height", break_even, 0 },
  { "--scale", break_even, 0 },
  { "--daily-requests", decide_traffic, ACCEPTS (ZERO) },
  { "--input-tokens", decide_traffic, ACCEPTS (ZERO) },
  { "--output-tokens", decide_traffic, ACCEPTS (ZERO) },
  { "--monthly-cost", decide_spend, ACCEPTS (ZERO) },
  { "--threshold", decide_spend, ACCEPTS (ZERO) },
  { "--vram-gb", models, ACCEPTS (ZERO) },
  { "--ram-gb", models, ACCEPTS (ZERO) },
  { "--context", models, 0 },
};

static void
test_field (gconstpointer data)
{
  const Field *field = data;

  for (guint v = 0; v < N_VALUES; v++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *joined = NULL;
      g_auto(Run) run = { 0 };

      for (guint i = 0; field->base[i] != NULL; i++)
        g_ptr_array_add (args, (char *) field->base[i]);
      /* "--opt=-1": a value starting with '-' must not read as an option. */
      joined = g_strdup_printf ("%s=%s", field->option, values[v]);
      g_ptr_array_add (args, joined);
      g_ptr_array_add (args, NULL);

      run_switchyard_argv (&run, NULL, (const char * const *) args->pdata);

      if (field->accepted & ACCEPTS (v))
        {
          if (run.status != 0)
            g_error ("%s %s: expected success, got %d: %s", field->base[0], joined, run.status, run.err);
          continue;
        }

      if (run.status != 2 || run.out[0] != '\0' || count_lines (run.err) != 1 ||
          !g_str_has_prefix (run.err, "switchyard: ") || strstr (run.err, field->option) == NULL)
        g_error ("%s %s: expected status 2 and one line naming %s on stderr; got %d, stdout “%s”, stderr “%s”",
                 field->base[0], joined, field->option, run.status, run.out, run.err);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli-bad-input/%s/%s", fields[i].base[0],
                                               fields[i].option + 2);

      if (fields[i].base == decide_spend)
        {
          g_free (path);
          path = g_strdup_printf ("/cli-bad-input/decide-spend/%s", fields[i].option + 2);
        }
      g_test_add_data_func (path, &fields[i], test_field);
    }

  return g_test_run ();
}
