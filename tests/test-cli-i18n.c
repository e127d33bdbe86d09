/* test-cli-i18n.c: the CLI in German, from the build tree's catalogue
 *
 * glibc honours LANGUAGE unless the locale is exactly "C" (or "POSIX"); the
 * built-in C.UTF-8 locale (glibc ≥ 2.35) is not "C" for that rule, so
 * LC_ALL=C.UTF-8 LANGUAGE=de selects po/de.po without any generated locale
 * (a fresh Debian 12 has no de_DE.UTF-8). SWITCHYARD_LOCALEDIR points the
 * binary at the build tree's po/ (tests/meson.build).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "cli-run.h"

static const char * const german[] = { "LC_ALL", "C.UTF-8", "LANGUAGE", "de", NULL };
static const char * const english[] = { "LC_ALL", "C.UTF-8", "LANGUAGE", "", NULL };

static const char * const break_even[] = {
  "break-even", "--daily-requests", "5000", "--input-tokens", "800",
  "--output-tokens", "400", "--api-model", "gpt-4o-mini",
  "--local", "llama3.1-8b-rtx4090", NULL,
};

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("expected “%s” in:\n%s", needle, haystack);
}

static void
assert_lacks (const char *haystack,
              const char *needle)
{
  if (strstr (haystack, needle) != NULL)
    g_error ("did not expect “%s” in:\n%s", needle, haystack);
}

static void
test_catalogue_built (void)
{
  const char *dir = g_getenv ("SWITCHYARD_LOCALEDIR");
  g_autofree char *mo = NULL;

  g_assert_nonnull (dir);
  mo = g_build_filename (dir, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    g_error ("%s is missing: build the translations (ninja -C BUILDDIR)", mo);
}

static void
test_break_even_text (void)
{
  g_auto(Run) de = { 0 };
  g_auto(Run) en = { 0 };

  run_switchyard_argv (&de, german, break_even);
  run_switchyard_argv (&en, english, break_even);

  g_assert_cmpint (de.status, ==, 0);
  g_assert_cmpstr (de.err, ==, "");
  g_assert_cmpint (en.status, ==, 0);

  /* The catalogue was used: the same run differs only by LANGUAGE. */
  g_assert_cmpstr (de.out, !=, en.out);
  assert_contains (en.out, "  Break-even:     66.7 months\n");
  assert_contains (en.out, "Local is 25% lower quality");

  assert_contains (de.out, "API-Modell: gpt-4o-mini, $54.00 pro Monat\n");
  assert_contains (de.out, "  Lokal einmalig:  $1,600.00\n");
  assert_contains (de.out, "  Gewinnschwelle:  66.7 Monate\n");
  assert_contains (de.out, "  Qualität:        Lokal ist die Qualität 25 % geringer\n");
  assert_contains (de.out, "Auslastung eines Rechners: 23%; benötigte Rechner: 1\n");
  assert_lacks (de.out, "Break-even:");
  assert_lacks (de.out, "lower quality");
  assert_lacks (de.out, "months");
}

static void
test_never_breaks_even (void)
{
  static const char * const args[] = {
    "break-even", "--daily-requests", "5000", "--input-tokens", "800",
    "--output-tokens", "400", "--local", "llama3.1-70b-2xa100", NULL,
  };
  g_auto(Run) run = { 0 };

  run_switchyard_argv (&run, german, args);

  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "  Gewinnschwelle:  Nie – lokal ist jeden Monat teurer\n");
}

static void
test_help (void)
{
  static const char * const args[] = { "help", NULL };
  g_auto(Run) run = { 0 };

  run_switchyard_argv (&run, german, args);

  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "Aufruf:\n");
  assert_contains (run.out, "switchyard BEFEHL [OPTION …]    einen Befehl ohne Fenster ausführen\n");
  assert_contains (run.out, "Befehle:\n");
  assert_contains (run.out, "API- und lokale Inferenzkosten vergleichen");
  assert_contains (run.out, "Die vier Fragen beantworten: Modelle lokal betreiben oder eine API nutzen?");
  assert_contains (run.out, "Führen Sie „switchyard BEFEHL --help“ aus");
  assert_lacks (run.out, "Commands:");
}

static void
test_command_help (void)
{
  static const char * const args[] = { "break-even", "--help", NULL };
  g_auto(Run) run = { 0 };

  run_switchyard_argv (&run, german, args);

  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "– API- und lokale Inferenzkosten vergleichen");
  assert_contains (run.out, "Anfragen pro Tag (Vorgabe: 1000)");
  assert_contains (run.out, "Exit-Status: 0 erfolgreich");
  /* Command names and options stay as typed. */
  assert_contains (run.out, "--daily-requests");
}

static void
test_bad_input (void)
{
  static const char * const args[] = { "break-even", "--daily-requests", "viele", NULL };
  g_auto(Run) run = { 0 };

  run_switchyard_argv (&run, german, args);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  assert_contains (run.err, "--daily-requests: „viele“ ist keine Zahl");
  assert_lacks (run.err, "is not a number");
}

static void
test_unknown_command (void)
{
  static const char * const args[] = { "help", "brake-even", NULL };
  g_auto(Run) run = { 0 };

  run_switchyard_argv (&run, german, args);

  g_assert_cmpint (run.status, ==, 2);
  assert_contains (run.err, "unbekannter Befehl „brake-even“");
}

/* --json is for scripts: the same bytes whatever the language. */
static void
test_json_stays_english (void)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) de = { 0 };
  g_auto(Run) en = { 0 };
  JsonObject *object;

  for (guint i = 0; break_even[i] != NULL; i++)
    g_ptr_array_add (args, (char *) break_even[i]);
  g_ptr_array_add (args, (char *) "--json");
  g_ptr_array_add (args, NULL);

  run_switchyard_argv (&de, german, (const char * const *) args->pdata);
  run_switchyard_argv (&en, english, (const char * const *) args->pdata);

  g_assert_cmpint (de.status, ==, 0);
  g_assert_cmpstr (de.out, ==, en.out);

  json_parser_load_from_data (parser, de.out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "quality_tradeoff"), ==,
                   "Local is 25% lower quality");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "break_even_months"),
                                  66.7, 1e-9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-i18n/catalogue-built", test_catalogue_built);
  g_test_add_func ("/cli-i18n/break-even-text", test_break_even_text);
  g_test_add_func ("/cli-i18n/never-breaks-even", test_never_breaks_even);
  g_test_add_func ("/cli-i18n/help", test_help);
  g_test_add_func ("/cli-i18n/command-help", test_command_help);
  g_test_add_func ("/cli-i18n/bad-input", test_bad_input);
  g_test_add_func ("/cli-i18n/unknown-command", test_unknown_command);
  g_test_add_func ("/cli-i18n/json-stays-english", test_json_stays_english);

  return g_test_run ();
}
