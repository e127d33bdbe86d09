/* test-models-page.c: the Models page on fixture machines (xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "sy-models-page-private.h"

typedef struct
{
  GSettings    *settings;
  GtkWindow    *window;
  SyModelsPage *page;
} Fixture;

static char *
fixture_path (const char *machine,
              const char *sub)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "hw", machine, sub, NULL);
}

static SyHardware *
fixture_hardware (const char *machine,
                  const char *smi)
{
  g_autofree char *sys = fixture_path (machine, "sys");
  g_autofree char *proc = fixture_path (machine, "proc");
  g_autofree char *smi_path = g_test_build_filename (G_TEST_DIST, "fixtures", "hw", smi, NULL);
  SyHardwareOptions options = { sys, proc, smi_path, "none", 0 };
  SyHardware *hardware = sy_hardware_new (&options);

  sy_hardware_detect_sync (hardware, NULL);
  return hardware;
}

static void
wait_for_detection (SyModelsPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (sy_models_page_get_detecting (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sy_models_page_get_detecting (page));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  fixture->settings = g_settings_new (APP_ID);
  /* The memory backend keeps values between tests of one process. */
  g_settings_reset (fixture->settings, "models-context-length");
  g_settings_reset (fixture->settings, "models-kv-type");
  g_settings_reset (fixture->settings, "models-use-case");
  g_settings_reset (fixture->settings, "models-manual-vram-gb");
  g_settings_reset (fixture->settings, "chat-local-model");

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1180, 780);
  fixture->page = SY_MODELS_PAGE (sy_models_page_new (fixture->settings));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (fixture->window, overlay);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_ref (fixture->page);
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->page);
  g_assert_finalize_object (fixture->settings);
}

static void
assert_string (GSettings  *settings,
               const char *key,
               const char *expected)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  g_assert_cmpstr (value, ==, expected);
}

static SyFitVerdict
verdict_of (SyModelsPage *page,
            const char   *tag,
            SyQuant      *out_quant)
{
  for (guint i = 0; i < sy_models_page_get_n_rows (page); i++)
    {
      SyFitResult result;
      const SyModelInfo *model = sy_models_page_get_row (page, i, &result);

      if (g_strcmp0 (model->ollama_tag, tag) == 0)
        {
          if (out_quant != NULL)
            *out_quant = result.quant;
          return result.verdict;
        }
    }

  g_assert_not_reached ();
}

static void
assert_best_first (SyModelsPage *page)
{
  SyFitVerdict last = SY_FIT_GPU;

  for (guint i = 0; i < sy_models_page_get_n_rows (page); i++)
    {
      SyFitResult result;

      sy_models_page_get_row (page, i, &result);
      g_assert_cmpint (result.verdict, >=, last);
      last = result.verdict;
    }
}

static void
test_detects_async (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *text = NULL;

  /* main () pointed the default detection at the RTX 4060 fixture. */
  wait_for_detection (fixture->page);
  text = sy_models_page_dup_hardware_text (fixture->page);
  g_assert_nonnull (strstr (text, "NVIDIA GeForce RTX 4060"));
  g_assert_nonnull (strstr (text, "System memory"));
  g_assert_nonnull (strstr (text, "32.0 GB"));
  g_assert_cmpuint (sy_models_page_get_n_rows (fixture->page), >=, 12);
}

static void
test_verdicts (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("nvidia", "nvidia-smi-ok");
  GtkListBox *list = sy_models_page_get_models_list (fixture->page);
  SyQuant quant;

  sy_models_page_set_hardware (fixture->page, hardware);
  g_assert_false (sy_models_page_get_detecting (fixture->page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  /* 7.6 GB free on the card, 24 GB of RAM available, 8k context. */
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:8b", &quant), ==, SY_FIT_GPU);
  g_assert_cmpint (quant, ==, SY_QUANT_Q4_K_M);
  g_assert_cmpint (verdict_of (fixture->page, "phi3:mini", NULL), ==, SY_FIT_GPU);
  g_assert_cmpint (verdict_of (fixture->page, "gemma2:9b", NULL), ==, SY_FIT_PARTIAL);
  g_assert_cmpint (verdict_of (fixture->page, "qwen2.5:32b", NULL), ==, SY_FIT_PARTIAL);
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:70b", NULL), ==, SY_FIT_TOO_LARGE);
  assert_best_first (fixture->page);

  /* One list row per model. */
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, sy_models_page_get_n_rows (fixture->page) - 1));
  g_assert_null (gtk_list_box_get_row_at_index (list, sy_models_page_get_n_rows (fixture->page)));
}

static void
test_context_changes_verdicts (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("nvidia", "nvidia-smi-ok");
  AdwComboRow *context_row = sy_models_page_get_context_row (fixture->page);
  AdwComboRow *kv_row = sy_models_page_get_kv_row (fixture->page);

  sy_models_page_set_hardware (fixture->page, hardware);
  g_assert_cmpint (verdict_of (fixture->page, "gemma2:9b", NULL), ==, SY_FIT_PARTIAL);
  g_assert_cmpuint (adw_combo_row_get_selected (context_row), ==, 2);

  /* 2k: Gemma 2 9B at Q4 is 5.2 + 0.66 + 0.75 = 6.6 GB ≤ 6.8 GB. */
  adw_combo_row_set_selected (context_row, 0);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "models-context-length"), ==, 2048);
  g_assert_cmpint (verdict_of (fixture->page, "gemma2:9b", NULL), ==, SY_FIT_GPU);

  /* 128k: even the 8B no longer fits. */
  adw_combo_row_set_selected (context_row, 6);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "models-context-length"), ==, 131072);
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:8b", NULL), ==, SY_FIT_PARTIAL);
  assert_best_first (fixture->page);

  /* The key drives the control too. */
  g_settings_set_uint (fixture->settings, "models-context-length", 4096);
  g_assert_cmpuint (adw_combo_row_get_selected (context_row), ==, 1);

  adw_combo_row_set_selected (kv_row, 1);
  assert_string (fixture->settings, "models-kv-type", "q8_0");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
test_manual_vram (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("nvidia", "nvidia-smi-ok");
  GtkSpinButton *spin = sy_models_page_get_manual_vram_spin (fixture->page);

  sy_models_page_set_hardware (fixture->page, hardware);
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:70b", NULL), ==, SY_FIT_TOO_LARGE);

  /* "Would a 24 GB card run 70B?": partially, with 24 GB of RAM. */
  gtk_editable_set_text (GTK_EDITABLE (spin), "24");
  gtk_spin_button_update (spin);
  g_assert_cmpfloat (g_settings_get_double (fixture->settings, "models-manual-vram-gb"), ==, 24);
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:70b", NULL), ==, SY_FIT_PARTIAL);
  g_assert_cmpint (verdict_of (fixture->page, "qwen2.5:32b", NULL), ==, SY_FIT_GPU);
}

static void
test_use_case_filter (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("amd", "nvidia-smi-fail");
  AdwComboRow *use_case_row = sy_models_page_get_use_case_row (fixture->page);

  sy_models_page_set_hardware (fixture->page, hardware);
  adw_combo_row_set_selected (use_case_row, 2);
  assert_string (fixture->settings, "models-use-case", "coding");
  g_assert_cmpuint (sy_models_page_get_n_rows (fixture->page), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (sy_models_page_get_row (fixture->page, i, NULL)->use_case, ==, "coding");

  adw_combo_row_set_selected (use_case_row, 0);
  assert_string (fixture->settings, "models-use-case", "all");
  g_assert_cmpuint (sy_models_page_get_n_rows (fixture->page), >=, 12);
}

static void
test_use_for_chat (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("amd", "nvidia-smi-fail");
  GtkListBox *list = sy_models_page_get_models_list (fixture->page);
  GtkWidget *button = NULL;

  sy_models_page_set_hardware (fixture->page, hardware);

  /* Find the row's own button for mistral:7b and click it. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL && button == NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          GVariant *target;

          if (!GTK_IS_BUTTON (child))
            continue;
          target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));
          if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), "mistral:7b") == 0)
            button = child;
        }
    }
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  assert_string (fixture->settings, "chat-local-model", "mistral:7b");

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.use-for-chat", "s", "qwen2.5-coder:7b");
  assert_string (fixture->settings, "chat-local-model", "qwen2.5-coder:7b");
}

static void
test_unknowns_shown (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("garbled", "nvidia-smi-fail");
  g_autofree char *text = NULL;

  sy_models_page_set_hardware (fixture->page, hardware);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  text = sy_models_page_dup_hardware_text (fixture->page);
  g_assert_nonnull (strstr (text, "Unknown: mem_info_vram_total"));
  g_assert_nonnull (strstr (text, "Unknown:"));
  g_assert_nonnull (strstr (text, "meminfo"));
  /* No usable GPU and no RAM figure: nothing can be planned, yet rows show. */
  g_assert_cmpuint (sy_models_page_get_n_rows (fixture->page), >=, 12);
  g_assert_cmpint (verdict_of (fixture->page, "llama3.2:1b", NULL), ==, SY_FIT_TOO_LARGE);
}

static void
test_two_gpus (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("two-gpus", "nvidia-smi-fail");
  SyFitResult result;

  sy_models_page_set_hardware (fixture->page, hardware);
  g_settings_set_uint (fixture->settings, "models-context-length", 4096);

  /* Qwen2.5 32B at 4k fits split across the two 12 GB cards. */
  for (guint i = 0; i < sy_models_page_get_n_rows (fixture->page); i++)
    if (g_strcmp0 (sy_models_page_get_row (fixture->page, i, &result)->ollama_tag, "qwen2.5:32b") == 0)
      break;
  g_assert_cmpint (result.verdict, ==, SY_FIT_GPU);
  g_assert_cmpuint (result.n_gpus_used, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sys = NULL;
  g_autofree char *proc = NULL;
  g_autofree char *smi = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The page's own detection reads the fixture RTX 4060, never this
   * machine's drivers. */
  sys = fixture_path ("nvidia", "sys");
  proc = fixture_path ("nvidia", "proc");
  smi = g_test_build_filename (G_TEST_DIST, "fixtures", "hw", "nvidia-smi-ok", NULL);
  g_setenv ("SWITCHYARD_SYSFS_ROOT", sys, TRUE);
  g_setenv ("SWITCHYARD_PROCFS_ROOT", proc, TRUE);
  g_setenv ("SWITCHYARD_NVIDIA_SMI", smi, TRUE);
  g_setenv ("SWITCHYARD_NVML", "none", TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/models-page/detects-async", test_detects_async);
  ADD ("/models-page/verdicts", test_verdicts);
  ADD ("/models-page/context-changes-verdicts", test_context_changes_verdicts);
  ADD ("/models-page/manual-vram", test_manual_vram);
  ADD ("/models-page/use-case-filter", test_use_case_filter);
  ADD ("/models-page/use-for-chat", test_use_for_chat);
  ADD ("/models-page/unknowns-shown", test_unknowns_shown);
  ADD ("/models-page/two-gpus", test_two_gpus);

#undef ADD

  return g_test_run ();
}
