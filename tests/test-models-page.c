/* test-models-page.c: the Models page on fixture machines (xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include <glib/gstdio.h>

#include "sy-adaptive-row.h"
#include "sy-columns.h"
#include "sy-gpu-table.h"
#include "sy-model-row.h"
#include "sy-speed-store.h"
#include "sy-test-gguf.h"
#include "sy-test-utils.h"
#include "sy-test-widgets.h"
#include "sy-models-page-gguf.h"
#include "sy-models-page-ollama.h"
#include "sy-models-page-private.h"
#include "sy-models-page-rows.h"

#define NDJSON "application/x-ndjson"

/* Measured speeds are read from here, never from the user's own. */
static char *data_dir;
#define TAGS_EMPTY "{\"models\":[]}"
#define TAGS_LLAMA "{\"models\":[{\"name\":\"llama3.1:8b\",\"model\":\"llama3.1:8b\"," \
                   "\"size\":4920734272,\"details\":{\"parameter_size\":\"8.0B\"," \
                   "\"quantization_level\":\"Q4_K_M\",\"family\":\"llama\"}}]}"

typedef struct
{
  GSettings    *settings;
  GtkWindow    *window;
  SyModelsPage *page;
  TestServer   *server;
  char         *refused;
  guint         tick_id;
} Fixture;

/* Runs the main loop until @cond holds, at most 5 s. */
#define WAIT_FOR(cond) \
  G_STMT_START { \
    gint64 wait_deadline_ = g_get_monotonic_time () + 5 * G_USEC_PER_SEC; \
    while (!(cond) && g_get_monotonic_time () < wait_deadline_) \
      g_main_context_iteration (NULL, TRUE); \
    g_assert_true (cond); \
  } G_STMT_END

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

static gboolean
on_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  g_autoptr(SyContext) context = NULL;

  fixture->settings = g_settings_new (APP_ID);
  /* The memory backend keeps values between tests of one process. */
  g_settings_reset (fixture->settings, "models-context-length");
  g_settings_reset (fixture->settings, "models-kv-type");
  g_settings_reset (fixture->settings, "models-use-case");
  g_settings_reset (fixture->settings, "models-manual-vram-gb");
  g_settings_reset (fixture->settings, "models-manual-ram-gb");
  g_settings_reset (fixture->settings, "models-planned-gpu");
  g_settings_reset (fixture->settings, "models-planned-gpu-count");
  g_settings_reset (fixture->settings, "chat-local-model");
  /* Never this machine's Ollama: a port where nobody listens. */
  fixture->refused = refused_url ();
  g_settings_set_string (fixture->settings, "chat-local-url", fixture->refused);
  /* Keeps WAIT_FOR's iterations from blocking. */
  fixture->tick_id = g_timeout_add (20, on_tick_cb, NULL);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1180, 780);
  context = sy_context_new (fixture->settings);
  fixture->page = SY_MODELS_PAGE (sy_models_page_new (context));
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (fixture->window, overlay);
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

/* The same, in German from the build tree's catalogue. */
static void
fixture_set_up_german (Fixture       *fixture,
                       gconstpointer  data)
{
  if (!have_german_locale ())
    return;

  g_assert_nonnull (setlocale (LC_ALL, GERMAN_LOCALE));
  g_setenv ("LANGUAGE", "de", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SWITCHYARD_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  fixture_set_up (fixture, data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  SyModelsOllama *ollama = sy_models_page_get_ollama (fixture->page);

  /* Requests in flight are cancelled and let go of the Ollama state. */
  g_object_add_weak_pointer (G_OBJECT (ollama), (gpointer *) &ollama);
  g_object_ref (fixture->page);
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->page);
  WAIT_FOR (ollama == NULL);
  g_assert_finalize_object (fixture->settings);
  g_clear_pointer (&fixture->server, test_server_free);
  g_clear_handle_id (&fixture->tick_id, g_source_remove);
  g_free (fixture->refused);
}

static void
fixture_tear_down_german (Fixture       *fixture,
                          gconstpointer  data)
{
  if (fixture->page == NULL)
    return;

  fixture_tear_down (fixture, data);
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "", TRUE);
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
      const SyCatalogModel *model = sy_models_page_get_row (page, i, &result);

      if (g_strcmp0 (model->ollama_tag, tag) == 0)
        {
          if (out_quant != NULL)
            *out_quant = result.quant;
          return result.verdict;
        }
    }

  g_assert_not_reached ();
}

/* The tag the row of the model @tag pulls: the build it sized. */
static const char *
pull_tag_of (SyModelsPage *page,
             const char   *tag)
{
  for (guint i = 0; i < sy_models_page_get_n_rows (page); i++)
    {
      SyFitResult result;
      const SyCatalogModel *model = sy_models_page_get_row (page, i, &result);

      if (g_strcmp0 (model->ollama_tag, tag) == 0)
        return sy_catalog_model_get_pull_tag (model, result.quant);
    }

  g_assert_not_reached ();
}

/* The label under @widget that carries a verdict's colour. */
static gboolean
is_badge (GtkWidget *widget,
          gpointer   data)
{
  for (SyFitVerdict v = SY_FIT_GPU; v <= SY_FIT_TOO_LARGE; v++)
    if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, sy_models_verdict_css (v)))
      return TRUE;

  return FALSE;
}

static GtkWidget *
find_badge (GtkWidget *widget)
{
  return sy_test_find_widget (widget, is_badge, NULL);
}

/* The verdict the row of @tag shows. */
static const char *
badge_of (SyModelsPage *page,
          const char   *tag)
{
  GtkListBox *list = sy_models_page_get_models_list (page);

  for (guint i = 0; i < sy_models_page_get_n_rows (page); i++)
    if (g_strcmp0 (sy_models_page_get_row (page, i, NULL)->ollama_tag, tag) == 0)
      {
        GtkWidget *badge = find_badge (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)));

        g_assert_nonnull (badge);
        return gtk_label_get_text (GTK_LABEL (badge));
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
  g_assert_nonnull (strstr (text, "32.0 GiB"));
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

/* Issue #15: with a manual 24 GB card, 70B said "Too large" because this
 * machine has little RAM, while the command line with --ram-gb 64 said
 * "Partial offload". The planner takes a RAM figure too. */
static void
test_manual_ram (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("none", "nvidia-smi-fail");
  GtkSpinButton *vram_spin = sy_models_page_get_manual_vram_spin (fixture->page);
  GtkSpinButton *ram_spin = sy_models_page_get_manual_ram_spin (fixture->page);
  SyFitResult result;

  /* 12 GB of RAM available: 70B does not fit beside a 24 GB card. */
  sy_models_page_set_hardware (fixture->page, hardware);
  gtk_editable_set_text (GTK_EDITABLE (vram_spin), "24");
  gtk_spin_button_update (vram_spin);
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:70b", NULL), ==, SY_FIT_TOO_LARGE);
  g_assert_cmpstr (badge_of (fixture->page, "llama3.1:70b"), ==, "Too large");

  gtk_editable_set_text (GTK_EDITABLE (ram_spin), "64");
  gtk_spin_button_update (ram_spin);
  g_assert_cmpfloat (g_settings_get_double (fixture->settings, "models-manual-ram-gb"), ==, 64);
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:70b", NULL), ==, SY_FIT_PARTIAL);
  g_assert_cmpstr (badge_of (fixture->page, "llama3.1:70b"), ==, "Partial offload");
  g_assert_nonnull (strstr (sy_models_page_get_summary (fixture->page),
                            "57.6 GiB of system RAM (90 % of the 64.0 GiB set by hand)"));

  /* What the command line says for the same plan. */
  for (guint i = 0; i < sy_models_page_get_n_rows (fixture->page); i++)
    if (g_strcmp0 (sy_models_page_get_row (fixture->page, i, &result)->ollama_tag, "llama3.1:70b") == 0)
      break;
  g_assert_cmpint (result.quant, ==, SY_QUANT_Q4_K_M);
  g_assert_cmpfloat (result.ram_bytes, >, 0);
  g_assert_cmpfloat (result.ram_bytes, <=, 64 * SY_FIT_GIB * SY_FIT_HEADROOM);

  /* 0 again: the available RAM. */
  gtk_editable_set_text (GTK_EDITABLE (ram_spin), "0");
  gtk_spin_button_update (ram_spin);
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:70b", NULL), ==, SY_FIT_TOO_LARGE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
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

typedef struct
{
  const char *action;
  const char *tag;
} ActionTarget;

static gboolean
is_action_button (GtkWidget *widget,
                  gpointer   data)
{
  const ActionTarget *wanted = data;
  GVariant *target;

  if (!GTK_IS_BUTTON (widget))
    return FALSE;
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));

  return g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), wanted->action) == 0 &&
         target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), wanted->tag) == 0;
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action,
                    const char *tag)
{
  ActionTarget wanted = { action, tag };

  return sy_test_find_widget (widget, is_action_button, &wanted);
}

static void
test_use_for_chat (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("amd", "nvidia-smi-fail");
  GtkListBox *list = sy_models_page_get_models_list (fixture->page);
  GtkWidget *button = NULL;
  const char *mistral;

  sy_models_page_set_hardware (fixture->page, hardware);

  /* Find the row's own button for Mistral 7B and click it: the chat asks
   * for the build the row sized, the one Pull downloads. */
  mistral = pull_tag_of (fixture->page, "mistral:7b");
  g_assert_true (g_str_has_prefix (mistral, "mistral:7b-instruct-v0.3-"));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL && button == NULL; row = gtk_widget_get_next_sibling (row))
    button = find_action_button (row, "models.use-for-chat", mistral);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  assert_string (fixture->settings, "chat-local-model", mistral);

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

/* The visible Use for Chat (or Chat Model) button of @tag's row, if any. */
static gboolean
chat_button_shown (Fixture    *fixture,
                   const char *tag)
{
  GtkListBox *list = sy_models_page_get_models_list (fixture->page);

  for (guint i = 0; i < sy_models_page_get_n_rows (fixture->page); i++)
    if (g_strcmp0 (sy_models_page_get_row (fixture->page, i, NULL)->ollama_tag, tag) == 0)
      {
        GtkWidget *button = find_action_button (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)),
                                                "models.use-for-chat", pull_tag_of (fixture->page, tag));

        return button != NULL && gtk_widget_get_visible (button);
      }

  g_assert_not_reached ();
}

static void
test_no_gpu (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("none", "nvidia-smi-fail");
  g_autoptr(SyHardware) nvidia = fixture_hardware ("nvidia", "nvidia-smi-ok");
  GtkListBox *list = sy_models_page_get_models_list (fixture->page);
  const char *summary;
  g_autofree char *hardware_text = NULL;
  guint n_gpu_phrases = 0;

  sy_models_page_set_hardware (fixture->page, hardware);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  /* 16 GB installed, 12 GB available, 90 % of that planned with: the
   * three figures and why they differ. */
  hardware_text = sy_models_page_dup_hardware_text (fixture->page);
  g_assert_nonnull (strstr (hardware_text, "16.0 GiB"));
  g_assert_nonnull (strstr (hardware_text, "12.0 GiB available · 4.0 GiB in use"));
  summary = sy_models_page_get_summary (fixture->page);
  g_assert_nonnull (strstr (summary, "No usable GPU"));
  g_assert_nonnull (strstr (summary, "10.8 GiB of system RAM (90 % of the 12.0 GiB available now)"));
  g_assert_nonnull (strstr (summary, "the other 10 % stays free for the desktop and other programs"));

  /* Said once above the list, not on every row. */
  for (guint i = 0; i < sy_models_page_get_n_rows (fixture->page); i++)
    {
      g_autofree char *text = sy_models_dup_label_text (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)));

      g_assert_null (strstr (text, "on the GPU"));
    }

  /* Too large: nothing to chat with. Fits in RAM: offered. */
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:70b", NULL), ==, SY_FIT_TOO_LARGE);
  g_assert_false (chat_button_shown (fixture, "llama3.1:70b"));
  g_assert_cmpint (verdict_of (fixture->page, "llama3.2:1b", NULL), ==, SY_FIT_CPU);
  g_assert_true (chat_button_shown (fixture, "llama3.2:1b"));

  /* With a GPU, each row says how much context it holds. */
  sy_models_page_set_hardware (fixture->page, nvidia);
  g_assert_null (strstr (sy_models_page_get_summary (fixture->page), "No usable GPU"));
  for (guint i = 0; i < sy_models_page_get_n_rows (fixture->page); i++)
    {
      g_autofree char *text = sy_models_dup_label_text (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)));

      if (strstr (text, "on the GPU") != NULL)
        n_gpu_phrases++;
    }
  g_assert_cmpuint (n_gpu_phrases, ==, sy_models_page_get_n_rows (fixture->page));
  g_assert_false (chat_button_shown (fixture, "llama3.1:70b"));
  g_assert_true (chat_button_shown (fixture, "gemma2:9b"));
}

/* Ollama ------------------------------------------------------------------ */

static gboolean
is_named (GtkWidget *widget,
          gpointer   name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  return sy_test_find_widget (widget, is_named, (gpointer) name);
}

/* The Ollama widget @name in the row of @tag. */
static GtkWidget *
row_part (Fixture    *fixture,
          const char *tag,
          const char *name)
{
  GtkListBox *list = sy_models_page_get_models_list (fixture->page);

  for (guint i = 0; i < sy_models_page_get_n_rows (fixture->page); i++)
    if (g_strcmp0 (sy_models_page_get_row (fixture->page, i, NULL)->ollama_tag, tag) == 0)
      {
        GtkWidget *found = find_named (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)), name);

        g_assert_nonnull (found);
        return found;
      }

  g_assert_not_reached ();
}

static gboolean
part_visible (Fixture    *fixture,
              const char *tag,
              const char *name)
{
  return gtk_widget_get_visible (row_part (fixture, tag, name));
}

static const char *
progress_text (Fixture    *fixture,
               const char *tag)
{
  const char *text = gtk_progress_bar_get_text (GTK_PROGRESS_BAR (row_part (fixture, tag, "ollama-progress")));

  return text != NULL ? text : "";
}

/* A fixture machine, and the page pointed at a fake Ollama listing @tags. */
static SyModelsOllama *
start_ollama (Fixture    *fixture,
              const char *tags)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("nvidia", "nvidia-smi-ok");
  SyModelsOllama *ollama = sy_models_page_get_ollama (fixture->page);

  sy_models_page_set_hardware (fixture->page, hardware);
  fixture->server = test_server_new ();
  test_server_add (fixture->server, "/api/tags", 200, "application/json", tags, -1, 1);
  g_settings_set_string (fixture->settings, "chat-local-url", fixture->server->base_url);
  WAIT_FOR (sy_models_ollama_get_reachable (ollama));

  return ollama;
}

static void
add_pull_stream (Fixture  *fixture,
                 guint     n_lines,
                 ScriptEnd end)
{
  gsize len;
  g_autofree char *body = load_fixture ("ollama-pull.ndjson", &len);
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);
  g_autofree char *head = NULL;
  Script *script;

  n_lines = MIN (n_lines, g_strv_length (lines));
  g_free (g_steal_pointer (&lines[n_lines]));
  head = g_strjoinv ("\n", lines);
  /* A line at a time, slowly enough to see the bar move. */
  script = test_server_add (fixture->server, "/api/pull", 200, NDJSON, head, -1, n_lines);
  script->delay_ms = 30;
  script->end = end;
}

static void
test_ollama_installed (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *notice = sy_models_page_get_ollama_notice (fixture->page);
  const char *tooltip;

  start_ollama (fixture, TAGS_LLAMA);
  g_assert_cmpstr (fixture->server->path, ==, "/api/tags");
  g_assert_false (gtk_widget_get_visible (notice));

  g_assert_true (part_visible (fixture, "llama3.1:8b", "ollama-installed"));
  g_assert_false (part_visible (fixture, "llama3.1:8b", "ollama-pull"));
  tooltip = gtk_widget_get_tooltip_text (row_part (fixture, "llama3.1:8b", "ollama-installed"));
  /* g_format_size () joins number and unit with a no-break space. */
  g_assert_nonnull (strstr (tooltip, "4.9\u00a0GB on disk"));

  g_assert_false (part_visible (fixture, "phi3:mini", "ollama-installed"));
  g_assert_true (part_visible (fixture, "phi3:mini", "ollama-pull"));
  g_assert_false (part_visible (fixture, "phi3:mini", "ollama-progress"));
  /* Pull looks like Use for Chat above it. */
  g_assert_false (gtk_widget_has_css_class (row_part (fixture, "phi3:mini", "ollama-pull"), "flat"));
  g_assert_true (chat_button_shown (fixture, "phi3:mini"));

  /* At 4k the 8B fits at Q5_K_M: the installed Q4_K_M build is not it. */
  g_settings_set_uint (fixture->settings, "models-context-length", 4096);
  g_assert_cmpstr (pull_tag_of (fixture->page, "llama3.1:8b"), ==, "llama3.1:8b-instruct-q5_K_M");
  g_assert_false (part_visible (fixture, "llama3.1:8b", "ollama-installed"));
  g_assert_true (part_visible (fixture, "llama3.1:8b", "ollama-pull"));

  /* Rebuilt rows (another use case) keep the marks. */
  g_settings_set_uint (fixture->settings, "models-context-length", 8192);
  g_settings_set_string (fixture->settings, "models-use-case", "chat");
  g_assert_true (part_visible (fixture, "llama3.1:8b", "ollama-installed"));
  g_settings_set_string (fixture->settings, "models-use-case", "all");
  g_assert_true (part_visible (fixture, "llama3.1:8b", "ollama-installed"));
  g_assert_true (part_visible (fixture, "phi3:mini", "ollama-pull"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
test_ollama_pull (Fixture       *fixture,
                  gconstpointer  data)
{
  SyModelsOllama *ollama = start_ollama (fixture, TAGS_EMPTY);
  const char *tag = "llama3.1:8b";
  const char *pull = pull_tag_of (fixture->page, tag);
  double fraction;

  add_pull_stream (fixture, 100, END_COMPLETE);
  g_assert_false (part_visible (fixture, tag, "ollama-installed"));
  g_signal_emit_by_name (row_part (fixture, tag, "ollama-pull"), "clicked");
  g_assert_true (sy_models_ollama_is_pulling (ollama, pull));
  g_assert_true (part_visible (fixture, tag, "ollama-progress"));
  g_assert_true (part_visible (fixture, tag, "ollama-cancel"));
  g_assert_false (part_visible (fixture, tag, "ollama-pull"));

  /* Bytes and percent once the layer's size is known. */
  WAIT_FOR (strstr (progress_text (fixture, tag), "50 %") != NULL);
  g_assert_cmpstr (progress_text (fixture, tag), ==, "2.5\u00a0GB of 4.9\u00a0GB · 50 %");
  fraction = gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (row_part (fixture, tag, "ollama-progress")));
  g_assert_cmpfloat_with_epsilon (fraction, 0.5, 0.01);
  g_assert_cmpstr (fixture->server->path, ==, "/api/pull");
  g_assert_cmpstr (json_object_get_string_member (test_server_request_json (fixture->server), "model"), ==, pull);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  /* On success the page lists again and the row is installed. */
  test_server_add (fixture->server, "/api/tags", 200, "application/json", TAGS_LLAMA, -1, 1);
  WAIT_FOR (!sy_models_ollama_is_pulling (ollama, pull));
  g_assert_true (part_visible (fixture, tag, "ollama-installed"));
  g_assert_false (part_visible (fixture, tag, "ollama-progress"));
  g_assert_false (part_visible (fixture, tag, "ollama-cancel"));
  g_assert_false (part_visible (fixture, tag, "ollama-pull"));
  WAIT_FOR (g_strcmp0 (fixture->server->path, "/api/tags") == 0);
}

/* Issue #15: at 16 GB the 8B row said Q8_0, 9.7 GB, and Pull fetched
 * llama3.1:8b, the Q4_K_M build. Pull downloads the build the row sized,
 * and an installed model counts only when its quantisation is that one. */
static void
test_ollama_pull_sized_build (Fixture       *fixture,
                              gconstpointer  data)
{
  SyModelsOllama *ollama = start_ollama (fixture, TAGS_LLAMA);
  const char *tag = "llama3.1:8b";
  const char *q8 = "llama3.1:8b-instruct-q8_0";
  g_autofree char *tags_q8 = NULL;
  SyQuant quant;

  /* The RTX 4060 sizes the 8B at Q4_K_M: the installed llama3.1:8b,
   * which Ollama reports as Q4_K_M, is that build. */
  g_assert_cmpint (verdict_of (fixture->page, tag, &quant), ==, SY_FIT_GPU);
  g_assert_cmpint (quant, ==, SY_QUANT_Q4_K_M);
  g_assert_cmpstr (pull_tag_of (fixture->page, tag), ==, "llama3.1:8b-instruct-q4_K_M");
  g_assert_true (part_visible (fixture, tag, "ollama-installed"));

  /* A 16 GB card: Q8_0. llama3.1:8b is not that build, so Pull is offered. */
  g_settings_set_double (fixture->settings, "models-manual-vram-gb", 16);
  g_assert_cmpint (verdict_of (fixture->page, tag, &quant), ==, SY_FIT_GPU);
  g_assert_cmpint (quant, ==, SY_QUANT_Q8_0);
  g_assert_cmpstr (pull_tag_of (fixture->page, tag), ==, q8);
  g_assert_false (part_visible (fixture, tag, "ollama-installed"));
  g_assert_true (part_visible (fixture, tag, "ollama-pull"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row_part (fixture, tag, "ollama-pull")), q8));

  add_pull_stream (fixture, 100, END_COMPLETE);
  tags_q8 = g_strdup_printf ("{\"models\":[{\"name\":\"%s\",\"model\":\"%s\",\"size\":8540770784,"
                             "\"details\":{\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q8_0\","
                             "\"family\":\"llama\"}}]}", q8, q8);
  g_signal_emit_by_name (row_part (fixture, tag, "ollama-pull"), "clicked");
  g_assert_true (sy_models_ollama_is_pulling (ollama, q8));
  WAIT_FOR (g_strcmp0 (fixture->server->path, "/api/pull") == 0);
  g_assert_cmpstr (json_object_get_string_member (test_server_request_json (fixture->server), "model"), ==, q8);

  test_server_add (fixture->server, "/api/tags", 200, "application/json", tags_q8, -1, 1);
  WAIT_FOR (!sy_models_ollama_is_pulling (ollama, q8));
  WAIT_FOR (g_strcmp0 (fixture->server->path, "/api/tags") == 0);
  /* The new listing has only the Q8_0 build. */
  WAIT_FOR (!sy_models_ollama_has_build (ollama, "llama3.1:8b-instruct-q4_K_M", tag, "Q4_K_M", NULL));
  g_assert_true (sy_models_ollama_has_build (ollama, q8, tag, "Q8_0", NULL));
  g_assert_true (part_visible (fixture, tag, "ollama-installed"));
  g_assert_false (part_visible (fixture, tag, "ollama-pull"));

  /* Back on the 8 GB card: the Q8_0 build is not the Q4_K_M sized there. */
  g_settings_set_double (fixture->settings, "models-manual-vram-gb", 0);
  g_assert_false (part_visible (fixture, tag, "ollama-installed"));
  g_assert_true (part_visible (fixture, tag, "ollama-pull"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
test_ollama_pull_cancel (Fixture       *fixture,
                         gconstpointer  data)
{
  SyModelsOllama *ollama = start_ollama (fixture, TAGS_EMPTY);
  const char *tag = "llama3.1:8b";
  const char *pull = pull_tag_of (fixture->page, tag);

  /* Three lines, then the server stays silent. */
  add_pull_stream (fixture, 3, END_HANG);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.pull", "s", pull);
  WAIT_FOR (strstr (progress_text (fixture, tag), " %") != NULL);

  g_signal_emit_by_name (row_part (fixture, tag, "ollama-cancel"), "clicked");
  g_assert_false (sy_models_ollama_is_pulling (ollama, pull));
  g_assert_true (part_visible (fixture, tag, "ollama-pull"));
  g_assert_false (part_visible (fixture, tag, "ollama-progress"));
  g_assert_false (part_visible (fixture, tag, "ollama-error"));
  g_assert_false (part_visible (fixture, tag, "ollama-installed"));

  /* Again, and the tear-down destroys the page with the pull in flight. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.pull", "s", pull);
  WAIT_FOR (strstr (progress_text (fixture, tag), " %") != NULL);
  g_assert_true (sy_models_ollama_is_pulling (ollama, pull));
}

static void
test_ollama_pull_fails (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *body = "{\"status\":\"pulling manifest\"}\n"
                     "{\"error\":\"pull model manifest: file does not exist\"}\n";
  const char *tag = "phi3:mini";
  const char *text;

  start_ollama (fixture, TAGS_LLAMA);
  test_server_add (fixture->server, "/api/pull", 200, NDJSON, body, -1, 2);
  g_signal_emit_by_name (row_part (fixture, tag, "ollama-pull"), "clicked");

  WAIT_FOR (part_visible (fixture, tag, "ollama-error"));
  text = gtk_label_get_text (GTK_LABEL (row_part (fixture, tag, "ollama-error")));
  g_assert_nonnull (strstr (text, "file does not exist"));
  /* The backend's suggestion follows its message. */
  g_assert_nonnull (strstr (text, " — "));
  g_assert_false (part_visible (fixture, tag, "ollama-progress"));
  g_assert_true (part_visible (fixture, tag, "ollama-pull"));
  g_assert_false (part_visible (fixture, tag, "ollama-installed"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
test_ollama_unreachable (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("nvidia", "nvidia-smi-ok");
  SyModelsOllama *ollama = sy_models_page_get_ollama (fixture->page);
  GtkWidget *notice = sy_models_page_get_ollama_notice (fixture->page);
  g_autofree char *text = NULL;

  sy_models_page_set_hardware (fixture->page, hardware);
  WAIT_FOR (!sy_models_ollama_get_listing (ollama));
  g_assert_false (sy_models_ollama_get_reachable (ollama));

  g_assert_true (gtk_widget_get_visible (notice));
  for (GtkWidget *child = gtk_widget_get_first_child (notice); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      text = g_strdup (gtk_label_get_text (GTK_LABEL (child)));
  g_assert_nonnull (strstr (text, fixture->refused));
  g_assert_nonnull (strstr (text, "ollama serve"));

  /* Everything else works: verdicts, and no Pull to press. */
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:8b", NULL), ==, SY_FIT_GPU);
  g_assert_false (part_visible (fixture, "llama3.1:8b", "ollama-pull"));
  g_assert_false (part_visible (fixture, "llama3.1:8b", "ollama-installed"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  /* Retry once Ollama runs there: the notice goes away. */
  fixture->server = test_server_new ();
  test_server_add (fixture->server, "/api/tags", 200, "application/json", TAGS_LLAMA, -1, 1);
  g_settings_set_string (fixture->settings, "chat-local-url", fixture->server->base_url);
  WAIT_FOR (sy_models_ollama_get_reachable (ollama));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.list-installed", NULL);
  g_assert_false (gtk_widget_get_visible (notice));
  g_assert_true (part_visible (fixture, "llama3.1:8b", "ollama-installed"));
}



/* Narrow, wide and narrow again ------------------------------------------- */

static void
resize_window (GtkWindow *window,
               int        width)
{
  gtk_window_set_default_size (window, width, 780);
  gtk_widget_queue_resize (GTK_WIDGET (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

/* The window, wide then phone-sized twice over, always lets @widget go
 * down to 360 px. */
static void
assert_narrow_after_wide (GtkWindow  *window,
                          GtkWidget  *widget,
                          const char *state)
{
  const int widths[] = { 1200, 360, 1200, 360 };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      int minimum = 0;

      resize_window (window, widths[i]);
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_test_message ("%s, after %d px: %s needs %d px", state, widths[i], G_OBJECT_TYPE_NAME (widget), minimum);
      if (minimum > 360)
        g_error ("%s, after %d px: %s needs %d px, more than 360", state, widths[i],
                 G_OBJECT_TYPE_NAME (widget), minimum);
    }
}

static void
test_narrow_after_wide (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SyHardware) none = fixture_hardware ("none", "nvidia-smi-fail");
  SyModelsOllama *ollama;

  /* Installed marks and Pull buttons on a GPU machine. */
  ollama = start_ollama (fixture, TAGS_LLAMA);
  g_assert_true (sy_models_ollama_get_reachable (ollama));
  assert_narrow_after_wide (fixture->window, GTK_WIDGET (fixture->page), "RTX 4060, Ollama");

  /* A pull under way: progress and Cancel. */
  add_pull_stream (fixture, 3, END_HANG);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.pull", "s",
                              pull_tag_of (fixture->page, "phi3:mini"));
  WAIT_FOR (strstr (progress_text (fixture, "phi3:mini"), " %") != NULL);
  assert_narrow_after_wide (fixture->window, GTK_WIDGET (fixture->page), "pulling");

  /* No GPU, and the chat set to one of the models. */
  sy_models_page_set_hardware (fixture->page, none);
  g_settings_set_string (fixture->settings, "chat-local-model", "llama3.2:3b");
  assert_narrow_after_wide (fixture->window, GTK_WIDGET (fixture->page), "no GPU");
}

/* German labels are longer: "Für Chat verwenden" beside the verdict held
 * the window at 401 px. */
static void
test_narrow_after_wide_german (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *text = NULL;

  if (fixture->page == NULL)
    return;

  wait_for_detection (fixture->page);
  text = sy_models_page_dup_hardware_text (fixture->page);
  g_assert_nonnull (strstr (text, "Arbeitsspeicher"));
  test_narrow_after_wide (fixture, data);
}

/* A column as the pages build them: a scroller around a box of a wrapping
 * label and an adaptive row whose side is wider than half a phone. */
static GtkWidget *
new_column (const char *text)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *main_label = gtk_label_new (text);
  GtkWidget *side = gtk_button_new_with_label ("A button with a rather long label");

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (main_label), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), sy_adaptive_row_new (main_label, side, 18, 200));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);

  return scroller;
}

static void
test_columns_narrow_after_wide (void)
{
  const char *text = "Two columns side by side in a wide window, one above the other in a phone-sized one, "
                     "and a phone-sized window again after a wide one.";
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *outer = gtk_scrolled_window_new ();
  GtkWidget *columns = sy_columns_new ();

  gtk_widget_set_parent (new_column (text), columns);
  gtk_widget_set_parent (new_column (text), columns);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (outer), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (outer), columns);
  gtk_window_set_child (window, outer);
  gtk_window_set_default_size (window, 1200, 780);
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  assert_narrow_after_wide (window, outer, "SyColumns");
  g_assert_true (sy_columns_get_stacked (SY_COLUMNS (columns)));
  resize_window (window, 1200);
  g_assert_false (sy_columns_get_stacked (SY_COLUMNS (columns)));

  gtk_window_destroy (window);
}

static guint
row_index_of (SyModelsPage *page,
              const char   *tag)
{
  for (guint i = 0; i < sy_models_page_get_n_rows (page); i++)
    if (g_strcmp0 (sy_models_page_get_row (page, i, NULL)->ollama_tag, tag) == 0)
      return i;

  g_assert_not_reached ();
}

static SyModelRow *
model_row_of (SyModelsPage *page,
              const char   *tag)
{
  GtkListBox *list = sy_models_page_get_models_list (page);

  return SY_MODEL_ROW (gtk_list_box_get_row_at_index (list, (int) row_index_of (page, tag)));
}

static void
select_card (SyModelsPage *page,
             const char   *id)
{
  g_autoptr(SyGpuTable) table = sy_gpu_table_new_default ();

  for (guint i = 0; i < sy_gpu_table_get_n_gpus (table); i++)
    if (g_strcmp0 (sy_gpu_table_get_gpu (table, i)->id, id) == 0)
      {
        /* The combo lists "None" first, then the table in its order. */
        adw_combo_row_set_selected (sy_models_page_get_card_row (page), i + 1);
        return;
      }

  g_assert_not_reached ();
}

/* Issue #15: "The GUI planner answers 24 GB card + 64 GB RAM → 70B partial
 * offload", picking the card from the table, with its predicted speed. */
static void
test_planned_card (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("none", "nvidia-smi-fail");
  GtkSpinButton *ram_spin = sy_models_page_get_manual_ram_spin (fixture->page);
  GtkSpinButton *count_spin = sy_models_page_get_card_count_spin (fixture->page);
  double measured = -1;
  double predicted;

  sy_models_page_set_hardware (fixture->page, hardware);
  /* No GPU here: every speed is the CPU's, from RAM. */
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:8b", NULL), ==, SY_FIT_CPU);
  g_assert_cmpfloat (sy_models_page_get_row_speed (fixture->page, row_index_of (fixture->page, "llama3.1:8b"), NULL), >, 0);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (count_spin)));

  select_card (fixture->page, "rtx-4090");
  assert_string (fixture->settings, "models-planned-gpu", "rtx-4090");
  gtk_editable_set_text (GTK_EDITABLE (ram_spin), "64");
  gtk_spin_button_update (ram_spin);

  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:70b", NULL), ==, SY_FIT_PARTIAL);
  g_assert_cmpstr (badge_of (fixture->page, "llama3.1:70b"), ==, "Partial offload");
  g_assert_cmpint (verdict_of (fixture->page, "llama3.3:70b", NULL), ==, SY_FIT_PARTIAL);
  g_assert_nonnull (strstr (sy_models_page_get_summary (fixture->page), "Planning for 1× RTX 4090 (24 GiB, 1008 GB/s each)"));
  /* The memory typed by hand does not count beside a card. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (sy_models_page_get_manual_vram_spin (fixture->page))));

  /* Its speed at the chosen context, 8k: 2.1 tokens/s (test-speed works it out). */
  predicted = sy_models_page_get_row_speed (fixture->page, row_index_of (fixture->page, "llama3.1:70b"), &measured);
  g_assert_cmpfloat_with_epsilon (predicted, 2.1428, 0.0005);
  g_assert_cmpfloat (measured, ==, 0);
  g_assert_cmpstr (sy_model_row_get_speed (model_row_of (fixture->page, "llama3.1:70b")), ==, "≈2.1 tok/s");
  /* Llama 3.1 8B fits at F16: 0.6 × 1008 ÷ (16.06 + 1.07 GB) ≈ 35. */
  g_assert_cmpstr (sy_model_row_get_speed (model_row_of (fixture->page, "llama3.1:8b")), ==, "≈35 tok/s");

  /* A shorter context reads less cache per token: faster. */
  adw_combo_row_set_selected (sy_models_page_get_context_row (fixture->page), 0);
  g_assert_cmpfloat (sy_models_page_get_row_speed (fixture->page, row_index_of (fixture->page, "llama3.1:70b"), NULL), >, predicted);
  adw_combo_row_set_selected (sy_models_page_get_context_row (fixture->page), 2);

  /* Three cards hold it whole. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (count_spin)));
  gtk_editable_set_text (GTK_EDITABLE (count_spin), "3");
  gtk_spin_button_update (count_spin);
  g_assert_cmpfloat (g_settings_get_double (fixture->settings, "models-planned-gpu-count"), ==, 3);
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:70b", NULL), ==, SY_FIT_GPU);
  g_assert_nonnull (strstr (sy_models_page_get_summary (fixture->page), "Planning for 3× RTX 4090"));

  /* None again: the detected machine, no GPU. */
  adw_combo_row_set_selected (sy_models_page_get_card_row (fixture->page), 0);
  assert_string (fixture->settings, "models-planned-gpu", "");
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:70b", NULL), ==, SY_FIT_CPU);
  g_assert_null (find_action_button (GTK_WIDGET (model_row_of (fixture->page, "llama3.1:8b")), "models.plan-on-costs", "llama3.1-8b"));
}

/* Issue #15: a row's "Plan on Costs Page" makes a local option of the
 * cards and the model's predicted speed. */
static void
test_plan_on_costs (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("none", "nvidia-smi-fail");
  GtkSpinButton *count_spin = sy_models_page_get_card_count_spin (fixture->page);
  g_autoptr(SyContext) context = NULL;
  SyInferenceOption *option;
  g_autoptr(GError) error = NULL;
  SyCostModel *cost_model;
  GListModel *options;
  GtkWidget *button;
  guint n_before;
  double predicted;

  g_object_get (fixture->page, "context", &context, NULL);
  cost_model = sy_context_get_cost_model (context);
  options = sy_cost_model_get_options (cost_model);
  n_before = g_list_model_get_n_items (options);

  sy_models_page_set_hardware (fixture->page, hardware);
  select_card (fixture->page, "rtx-3090");
  gtk_editable_set_text (GTK_EDITABLE (count_spin), "2");
  gtk_spin_button_update (count_spin);
  adw_combo_row_set_selected (sy_models_page_get_context_row (fixture->page), 0);

  /* Two RTX 3090s hold Llama 3.1 70B Q4_K_M at 2k: 12.9 tokens/s. */
  g_assert_cmpint (verdict_of (fixture->page, "llama3.1:70b", NULL), ==, SY_FIT_GPU);
  predicted = sy_models_page_get_row_speed (fixture->page, row_index_of (fixture->page, "llama3.1:70b"), NULL);
  g_assert_cmpfloat_with_epsilon (predicted, 12.9186, 0.0001);

  button = find_action_button (GTK_WIDGET (model_row_of (fixture->page, "llama3.1:70b")), "models.plan-on-costs", "llama3.1-70b");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  g_assert_cmpuint (g_list_model_get_n_items (options), ==, n_before + 1);
  option = sy_cost_model_find_option (cost_model, "plan-llama3.1-70b-rtx-3090-2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sy_inference_option_get_name (option), ==, "Llama 3.1 70B on 2× RTX 3090");
  /* Launch MSRP $1,499 × 2; board power 350 W × 2. */
  g_assert_cmpfloat (sy_inference_option_get_setup_usd (option), ==, 2998);
  g_assert_cmpfloat (sy_inference_option_get_load_watts (option), ==, 700);
  g_assert_cmpfloat (sy_inference_option_get_tokens_per_second (option), ==, predicted);
  g_assert_cmpfloat (sy_inference_option_get_aggregate_tokens_per_second (option), ==, predicted);
  g_assert_cmpfloat (sy_inference_option_get_life_months (option), ==, 24);
  g_assert_cmpfloat (sy_inference_option_get_quality (option), ==, 0.95);
  g_assert_cmpint (sy_inference_option_get_kind (option), ==, SY_INFERENCE_KIND_LOCAL);
  g_assert_true (sy_inference_option_validate (option, NULL));
  /* What Export Deployment starts from when this option is chosen. */
  g_assert_cmpstr (sy_inference_option_get_model_id (option), ==, "llama3.1-70b");
  g_assert_cmpstr (sy_inference_option_get_gpu_id (option), ==, "rtx-3090");
  g_assert_cmpuint (sy_inference_option_get_gpu_count (option), ==, 2);
  /* The build the speed is for: a deployment plan deploys that one. */
  g_assert_cmpstr (sy_inference_option_get_quant (option), ==, "Q4_K_M");

  /* Planning it again replaces the option rather than adding a twin. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (options), ==, n_before + 1);

  /* A smaller model on them: quality of the 8B class. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.plan-on-costs", "s", "llama3.1-8b");
  option = sy_cost_model_find_option (cost_model, "plan-llama3.1-8b-rtx-3090-2", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sy_inference_option_get_quality (option), ==, 0.75);

  /* The options are the context's: take them out for the next test. */
  for (guint i = g_list_model_get_n_items (options); i > n_before; i--)
    {
      g_autoptr(SyInferenceOption) added = g_list_model_get_item (options, i - 1);

      sy_cost_model_remove_option (cost_model, added);
    }
}

/* A reply measured on this machine's GPU replaces the estimate on its row. */
static void
test_measured_speed (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SyHardware) hardware = fixture_hardware ("nvidia", "nvidia-smi-4090");
  g_autofree char *path = g_build_filename (data_dir, "speed.json", NULL);
  double measured = 0;

  /* Llama 3.1 8B is sized at F16 on a 24 GB card; that build was measured. */
  g_assert_true (g_file_set_contents (path,
    "{\"version\": 1, \"measurements\": [{\"gpu\": \"NVIDIA GeForce RTX 4090\", "
    "\"model\": \"llama3.1:8b-instruct-fp16\", \"tokens_per_s\": 41.2}]}", -1, NULL));
  g_settings_set_string (fixture->settings, "models-use-case", "chat");
  sy_models_page_set_hardware (fixture->page, hardware);

  g_assert_cmpfloat (sy_models_page_get_row_speed (fixture->page, row_index_of (fixture->page, "llama3.1:8b"), &measured),
                     >, 0);
  g_assert_cmpfloat (measured, ==, 41.2);
  /* Calibrated on this very measurement, the prediction agrees. */
  g_assert_cmpstr (sy_model_row_get_speed (model_row_of (fixture->page, "llama3.1:8b")), ==,
                   "measured 41 tok/s, predicted 41");
  /* Detection named the GPU the chat's replies are measured on. */
  g_assert_cmpstr (sy_speed_store_get_local_gpu (), ==, "NVIDIA GeForce RTX 4090");
  g_assert_null (strstr (sy_models_page_get_summary (fixture->page), "Measured speeds"));

  /* A broken file: uncalibrated estimates (0.6 × 1008 ÷ 17.13 GB), and the page says why. */
  g_assert_true (g_file_set_contents (path, "{\"version\": 1, \"measurements\": 3}", -1, NULL));
  sy_models_page_set_hardware (fixture->page, hardware);
  g_assert_nonnull (strstr (sy_models_page_get_summary (fixture->page), "\nMeasured speeds ignored: "));
  g_assert_cmpstr (sy_model_row_get_speed (model_row_of (fixture->page, "llama3.1:8b")), ==, "≈35 tok/s");

  g_assert_cmpint (g_remove (path), ==, 0);
}

/* An installed model outside the catalogue gets a row sized from
 * /api/show, with its file's size as the weights (issue #15). SmolLM2
 * 1.7B: 24 layers, 32 KV heads of 64, context 8192. */
static void
test_ollama_outside_catalogue (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *tags = "{\"models\":[{\"name\":\"smollm2:1.7b\",\"model\":\"smollm2:1.7b\",\"size\":1820428672,"
                     "\"details\":{\"parameter_size\":\"1.7B\",\"quantization_level\":\"Q8_0\",\"family\":\"llama\"}}]}";
  const char *show = "{\"details\":{\"parameter_size\":\"1.7B\",\"quantization_level\":\"Q8_0\"},"
                     "\"model_info\":{\"general.architecture\":\"llama\",\"general.parameter_count\":1711376384,"
                     "\"llama.attention.head_count\":32,\"llama.attention.head_count_kv\":32,\"llama.block_count\":24,"
                     "\"llama.context_length\":8192,\"llama.embedding_length\":2048}}";
  g_autoptr(SyHardware) hardware = fixture_hardware ("nvidia", "nvidia-smi-ok");
  SyModelsOllama *ollama = sy_models_page_get_ollama (fixture->page);
  guint n_catalogue, index = G_MAXUINT;
  SyFitResult result;

  sy_models_page_set_hardware (fixture->page, hardware);
  wait_for_detection (fixture->page);
  n_catalogue = sy_models_page_get_n_rows (fixture->page);

  fixture->server = test_server_new ();
  test_server_add (fixture->server, "/api/show", 200, "application/json", show, -1, 1);
  test_server_add (fixture->server, "/api/tags", 200, "application/json", tags, -1, 1);
  g_settings_set_string (fixture->settings, "chat-local-url", fixture->server->base_url);
  WAIT_FOR (sy_models_ollama_get_sized_models (ollama)->len == 1);
  g_assert_cmpuint (sy_models_page_get_n_rows (fixture->page), ==, n_catalogue + 1);

  for (guint i = 0; i < sy_models_page_get_n_rows (fixture->page); i++)
    if (g_strcmp0 (sy_models_page_get_row (fixture->page, i, NULL)->ollama_tag, "smollm2:1.7b") == 0)
      index = i;
  g_assert_cmpuint (index, !=, G_MAXUINT);
  sy_models_page_get_row (fixture->page, index, &result);
  g_assert_cmpint (result.quant, ==, SY_QUANT_Q8_0);
  /* The file's 1,820,428,672 bytes; KV 2 × 24 × 32 × 64 × 8192 × 2. */
  g_assert_cmpfloat (result.weights_bytes, ==, 1820428672.0);
  g_assert_cmpfloat (result.kv_bytes, ==, 1610612736.0);
  g_assert_cmpint (result.verdict, ==, SY_FIT_GPU);
  g_assert_cmpstr (badge_of (fixture->page, "smollm2:1.7b"), ==, "Fits on GPU");

  /* Installed: the chat can use it by its name, and there is nothing to pull. */
  g_assert_cmpstr (pull_tag_of (fixture->page, "smollm2:1.7b"), ==, "smollm2:1.7b");
  g_assert_true (chat_button_shown (fixture, "smollm2:1.7b"));
  {
    GtkWidget *row = GTK_WIDGET (model_row_of (fixture->page, "smollm2:1.7b"));
    GtkWidget *pull = find_action_button (row, "models.pull", "smollm2:1.7b");

    g_assert_true (pull == NULL || !gtk_widget_get_visible (pull));
  }
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "models.use-for-chat", "s", "smollm2:1.7b");
  {
    g_autofree char *chat_model = g_settings_get_string (fixture->settings, "chat-local-model");

    g_assert_cmpstr (chat_model, ==, "smollm2:1.7b");
  }
}

/* Open GGUF… (issue #15): the file's model gets a row sized from its
 * exact weight bytes; a bad file is named with the reader's reason. */
static GFile *
write_temp_file (const char   *name,
                 const guint8 *data,
                 gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-models-page-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, (const char *) data, (gssize) size, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
delete_temp_file (GFile *file)
{
  g_autoptr(GFile) dir = g_file_get_parent (file);

  g_file_delete (file, NULL, NULL);
  g_file_delete (dir, NULL, NULL);
}

static void
test_open_gguf (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) bytes = llama_fixture (3);
  g_autoptr(GFile) good = write_temp_file ("llama.gguf", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GFile) bad = write_temp_file ("notes.gguf", (const guint8 *) "not a model", 11);
  GtkListBox *list = sy_models_page_get_models_list (fixture->page);
  g_autofree char *text = NULL;
  guint n_rows, index = G_MAXUINT;
  SyFitResult result;

  /* 12 GB by hand: 7,051,469,056 bytes fit (see test-gguf). */
  g_settings_set_double (fixture->settings, "models-manual-vram-gb", 12);
  wait_for_detection (fixture->page);
  n_rows = sy_models_page_get_n_rows (fixture->page);

  sy_models_page_open_gguf_file (fixture->page, good);
  WAIT_FOR (!sy_models_page_get_reading_gguf (fixture->page));
  g_assert_null (sy_models_page_get_gguf_error (fixture->page));
  g_assert_cmpuint (sy_models_page_get_n_rows (fixture->page), ==, n_rows + 1);

  for (guint i = 0; i < sy_models_page_get_n_rows (fixture->page); i++)
    if (g_strcmp0 (sy_models_page_get_row (fixture->page, i, NULL)->name, "Meta Llama 3.1 8B Instruct") == 0)
      index = i;
  g_assert_cmpuint (index, !=, G_MAXUINT);
  sy_models_page_get_row (fixture->page, index, &result);
  g_assert_cmpfloat (result.weights_bytes, ==, 5172420864.0);
  g_assert_cmpfloat (result.total_bytes, ==, 7051469056.0);
  g_assert_cmpint (result.verdict, ==, SY_FIT_GPU);

  /* The same file again: still one row for it. */
  sy_models_page_open_gguf_file (fixture->page, good);
  WAIT_FOR (!sy_models_page_get_reading_gguf (fixture->page));
  g_assert_cmpuint (sy_models_page_get_n_rows (fixture->page), ==, n_rows + 1);

  /* The row says where it comes from, and offers no Pull. */
  text = sy_models_dup_label_text (GTK_WIDGET (gtk_list_box_get_row_at_index (list, index)));
  g_assert_nonnull (strstr (text, "GGUF file · Q4_K_M"));
  g_assert_null (strstr (text, "(null)"));
  g_assert_null (strstr (text, "Pull"));

  sy_models_page_open_gguf_file (fixture->page, bad);
  WAIT_FOR (!sy_models_page_get_reading_gguf (fixture->page));
  g_assert_nonnull (sy_models_page_get_gguf_error (fixture->page));
  g_assert_true (g_str_has_suffix (sy_models_page_get_gguf_error (fixture->page), "notes.gguf: Not a GGUF file"));
  g_assert_cmpuint (sy_models_page_get_n_rows (fixture->page), ==, n_rows + 1);

  delete_temp_file (good);
  delete_temp_file (bad);
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
  data_dir = g_dir_make_tmp ("sy-models-page-XXXXXX", NULL);
  g_assert_nonnull (data_dir);
  g_setenv ("SWITCHYARD_DATA_DIR", data_dir, TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/models-page/detects-async", test_detects_async);
  ADD ("/models-page/verdicts", test_verdicts);
  ADD ("/models-page/context-changes-verdicts", test_context_changes_verdicts);
  ADD ("/models-page/manual-vram", test_manual_vram);
  ADD ("/models-page/manual-ram", test_manual_ram);
  ADD ("/models-page/use-case-filter", test_use_case_filter);
  ADD ("/models-page/planned-card", test_planned_card);
  ADD ("/models-page/plan-on-costs", test_plan_on_costs);
  ADD ("/models-page/measured-speed", test_measured_speed);
  ADD ("/models-page/use-for-chat", test_use_for_chat);
  ADD ("/models-page/unknowns-shown", test_unknowns_shown);
  ADD ("/models-page/two-gpus", test_two_gpus);
  ADD ("/models-page/no-gpu", test_no_gpu);
  ADD ("/models-page/ollama/installed", test_ollama_installed);
  ADD ("/models-page/ollama/pull", test_ollama_pull);
  ADD ("/models-page/ollama/pull-sized-build", test_ollama_pull_sized_build);
  ADD ("/models-page/ollama/pull-cancel", test_ollama_pull_cancel);
  ADD ("/models-page/ollama/pull-fails", test_ollama_pull_fails);
  ADD ("/models-page/ollama/unreachable", test_ollama_unreachable);
  ADD ("/models-page/narrow-after-wide", test_narrow_after_wide);
  ADD ("/models-page/open-gguf", test_open_gguf);
  ADD ("/models-page/ollama/outside-catalogue", test_ollama_outside_catalogue);
  g_test_add ("/models-page/narrow-after-wide-german", Fixture, NULL, fixture_set_up_german,
              test_narrow_after_wide_german, fixture_tear_down_german);
  g_test_add_func ("/models-page/columns-narrow-after-wide", test_columns_narrow_after_wide);

#undef ADD

  {
    int status = g_test_run ();

    g_rmdir (data_dir);
    g_free (data_dir);
    return status;
  }
}
