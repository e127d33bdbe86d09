/* test-prices-dialog.c: the API Prices dialog under a real display (xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sy-cost-error.h"
#include "sy-cost-settings.h"
#include "sy-field-check.h"
#include "sy-prices-dialog-private.h"
#include "sy-test-utils.h"
#include "sy-test-widgets.h"

typedef struct
{
  SyPriceTable   *prices;
  char           *tmpdir;
  char           *prices_path;
  SyPricesDialog *dialog;
} Fixture;

enum {
  WITH_SPEC_PRICES,
  WITH_UNWRITABLE_FOLDER,
  WITH_SHIPPED_TABLE,
};

#define SPEC_PRICES \
  "{ \"models\": [" \
  "  { \"id\": \"gpt-4o\", \"name\": \"GPT-4o\", \"input\": 2.5, \"output\": 10, \"cached_input\": 1.25 }," \
  "  { \"id\": \"gpt-4o-mini\", \"name\": \"GPT-4o mini\", \"input\": 0.15, \"output\": 0.6 }," \
  "  { \"id\": \"claude-sonnet-4-5\", \"name\": \"Claude Sonnet 4.5\", \"input\": 3, \"output\": 15 } ] }"

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean unwritable = GPOINTER_TO_INT (data) == WITH_UNWRITABLE_FOLDER;

  fixture->tmpdir = g_dir_make_tmp ("test-prices-dialog-XXXXXX", &error);
  g_assert_no_error (error);

  if (unwritable)
    {
      /* A folder that cannot be created: its parent is a regular file. */
      g_autofree char *file = g_build_filename (fixture->tmpdir, "file", NULL);

      g_file_set_contents (file, "", 0, &error);
      g_assert_no_error (error);
      fixture->prices_path = g_build_filename (file, "prices.json", NULL);
    }
  else
    {
      fixture->prices_path = g_build_filename (fixture->tmpdir, "prices.json", NULL);
    }

  /* SPEC's three as built-in prices: the dialog's behaviour does not depend
   * on how long the shipped list is (test_shipped_provenance shows that). */
  if (GPOINTER_TO_INT (data) == WITH_SHIPPED_TABLE)
    {
      fixture->prices = sy_price_table_new_default ();
    }
  else
    {
      fixture->prices = sy_price_table_new ();
      sy_price_table_load_from_data (fixture->prices, SPEC_PRICES, -1, SY_PRICE_ORIGIN_BUILTIN, &error);
      g_assert_no_error (error);
    }
  fixture->dialog = SY_PRICES_DIALOG (sy_prices_dialog_new (fixture->prices, fixture->prices_path));
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->dialog));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_assert_finalize_object (fixture->prices);

  sy_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->prices_path);
}

static void
wait_for_draw (Fixture *fixture)
{
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->dialog));
}

/* Each string in @expected, in order, is a model id the list shows. */
static void
assert_visible_models (Fixture     *fixture,
                       const char **expected)
{
  GListModel *visible = sy_prices_dialog_get_visible_models (fixture->dialog);
  guint n = g_list_model_get_n_items (visible);

  g_assert_cmpuint (n, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (visible, i);

      g_assert_cmpstr (gtk_string_object_get_string (item), ==, expected[i]);
    }
}

static void
collect_rows (GtkWidget  *widget,
              GPtrArray  *rows)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* The rows the list view actually shows on screen. */
static GPtrArray *
dup_shown_rows (Fixture *fixture)
{
  GPtrArray *rows = g_ptr_array_new ();

  wait_for_draw (fixture);
  collect_rows (GTK_WIDGET (sy_prices_dialog_get_list_view (fixture->dialog)), rows);

  return rows;
}

static AdwActionRow *
find_shown_row (Fixture    *fixture,
                const char *model)
{
  g_autoptr(GPtrArray) rows = dup_shown_rows (fixture);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), model) == 0)
      return g_ptr_array_index (rows, i);

  return NULL;
}

static void
assert_row_subtitle (Fixture    *fixture,
                     const char *model,
                     const char *subtitle)
{
  AdwActionRow *row = find_shown_row (fixture, model);

  if (row == NULL)
    g_error ("No row shown for “%s”", model);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, subtitle);
}

static void
assert_price (SyPriceTable  *prices,
              const char    *model,
              double         input,
              double         output,
              SyPriceOrigin  origin)
{
  g_autoptr(GError) error = NULL;
  SyPrice price;

  sy_price_table_lookup (prices, model, &price, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (price.input_per_million, input, 1e-9);
  g_assert_cmpfloat_with_epsilon (price.output_per_million, output, 1e-9);
  g_assert_cmpint (price.origin, ==, origin);
}

/* What the app reads at its next start. */
static SyPriceTable *
load_saved (Fixture *fixture)
{
  g_autoptr(SyPriceTable) saved = sy_price_table_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (fixture->prices_path, G_FILE_TEST_IS_REGULAR));
  sy_cost_settings_load_prices (saved, fixture->prices_path, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&saved);
}

static void
fill_form (Fixture    *fixture,
           const char *model,
           double      input,
           double      output)
{
  gtk_editable_set_text (GTK_EDITABLE (sy_prices_dialog_get_model_row (fixture->dialog)), model);
  gtk_spin_button_set_value (sy_prices_dialog_get_input_spin (fixture->dialog), input);
  gtk_spin_button_set_value (sy_prices_dialog_get_output_spin (fixture->dialog), output);
}

static void
add_through_form (Fixture    *fixture,
                  const char *model,
                  double      input,
                  double      output)
{
  fill_form (fixture, model, input, output);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (sy_prices_dialog_get_add_button (fixture->dialog))));
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.add", NULL);
  g_assert_null (sy_prices_dialog_get_form_error (fixture->dialog));
}

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

static void
import_fixture (Fixture    *fixture,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  data = read_fixture (name, &length);
  g_assert_true (sy_prices_dialog_import_data (fixture->dialog, data, length, &error));
  g_assert_no_error (error);
}

static void
search_for (Fixture    *fixture,
            const char *text,
            guint       expected_n)
{
  GListModel *visible = sy_prices_dialog_get_visible_models (fixture->dialog);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* The search entry waits for the typing to pause before it searches. */
  gtk_editable_set_text (GTK_EDITABLE (sy_prices_dialog_get_search_entry (fixture->dialog)), text);
  while (g_list_model_get_n_items (visible) != expected_n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  wait_for_draw (fixture);
}

static void
test_shipped_models_listed (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *expected[] = { "gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", NULL };
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *focus;

  assert_visible_models (fixture, expected);

  rows = dup_shown_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), ==, expected[i]);
      g_assert_false (adw_preferences_row_get_use_markup (g_ptr_array_index (rows, i)));
    }
  assert_row_subtitle (fixture, "gpt-4o-mini", "$0.15 in · $0.60 out per 1M tokens · Built-in");
  assert_row_subtitle (fixture, "gpt-4o", "$2.50 in · $10.00 out per 1M tokens · Built-in");

  /* Nothing to add yet. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sy_prices_dialog_get_add_button (fixture->dialog))));
  g_assert_null (sy_prices_dialog_get_form_error (fixture->dialog));

  /* The search field has the focus on open. */
  focus = gtk_window_get_focus (GTK_WINDOW (fixture->dialog));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (sy_prices_dialog_get_search_entry (fixture->dialog)) ||
                 gtk_widget_is_ancestor (focus, GTK_WIDGET (sy_prices_dialog_get_search_entry (fixture->dialog))));

  /* Built-in rows offer nothing to remove. */
  for (guint i = 0; i < rows->len; i++)
    g_assert_false (gtk_widget_get_visible (g_object_get_data (g_ptr_array_index (rows, i), "sy-button")));
}

/* Arrow keys move the focus through the list's items, which offer it to
 * their row first: a user pressing Up there got a Gtk-CRITICAL (fatal
 * here) from a list-box row that is not in a list box. */
static void
test_keyboard_focus_in_list (Fixture       *fixture,
                             gconstpointer  data)
{
  AdwActionRow *row = find_shown_row (fixture, "gpt-4o-mini");
  GtkWidget *item;

  g_assert_nonnull (row);
  item = gtk_widget_get_parent (GTK_WIDGET (row));
  g_assert_true (gtk_widget_grab_focus (item));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->dialog)) == item);
  gtk_widget_child_focus (GTK_WIDGET (fixture->dialog), GTK_DIR_UP);
  gtk_widget_child_focus (GTK_WIDGET (fixture->dialog), GTK_DIR_DOWN);
  wait_for_draw (fixture);
}

static void
test_add_and_edit (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *expected[] = { "gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "my-model", NULL };
  g_autoptr(SyPriceTable) saved = NULL;
  GListModel *visible = sy_prices_dialog_get_visible_models (fixture->dialog);
  GtkButton *add_button = sy_prices_dialog_get_add_button (fixture->dialog);
  guint position = G_MAXUINT;

  fill_form (fixture, "my-model", 1.25, 5.5);
  g_assert_cmpstr (gtk_button_get_label (add_button), ==, "_Add");
  add_through_form (fixture, "  my-model ", 1.25, 5.5);

  assert_price (fixture->prices, "my-model", 1.25, 5.5, SY_PRICE_ORIGIN_USER);
  assert_visible_models (fixture, expected);
  assert_row_subtitle (fixture, "my-model", "$1.25 in · $5.50 out per 1M tokens · Yours");
  g_assert_cmpstr (sy_prices_dialog_get_last_toast (fixture->dialog), ==, "Added “my-model”");
  g_assert_null (sy_prices_dialog_get_last_error (fixture->dialog));

  saved = load_saved (fixture);
  assert_price (saved, "my-model", 1.25, 5.5, SY_PRICE_ORIGIN_USER);
  /* Shipped prices are not copied into the user's file. */
  g_assert_false (sy_price_table_contains (saved, "gpt-4o"));
  g_clear_object (&saved);

  /* The form is ready for the next one. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sy_prices_dialog_get_model_row (fixture->dialog))), ==, "");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (add_button)));

  /* Clicking a row puts its figures in the form, to change them. */
  for (guint i = 0; i < g_list_model_get_n_items (visible); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (visible, i);

      if (g_str_equal (gtk_string_object_get_string (item), "my-model"))
        position = i;
    }
  g_assert_cmpuint (position, ==, 3);
  g_signal_emit_by_name (sy_prices_dialog_get_list_view (fixture->dialog), "activate", position);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sy_prices_dialog_get_model_row (fixture->dialog))), ==, "my-model");
  g_assert_cmpfloat (gtk_spin_button_get_value (sy_prices_dialog_get_input_spin (fixture->dialog)), ==, 1.25);
  g_assert_cmpfloat (gtk_spin_button_get_value (sy_prices_dialog_get_output_spin (fixture->dialog)), ==, 5.5);
  g_assert_cmpstr (gtk_button_get_label (add_button), ==, "_Save");

  gtk_spin_button_set_value (sy_prices_dialog_get_output_spin (fixture->dialog), 6.0755);
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.add", NULL);
  assert_price (fixture->prices, "my-model", 1.25, 6.0755, SY_PRICE_ORIGIN_USER);
  assert_visible_models (fixture, expected);
  assert_row_subtitle (fixture, "my-model", "$1.25 in · $6.0755 out per 1M tokens · Yours");
  g_assert_cmpstr (sy_prices_dialog_get_last_toast (fixture->dialog), ==, "Saved the price of “my-model”");

  saved = load_saved (fixture);
  assert_price (saved, "my-model", 1.25, 6.0755, SY_PRICE_ORIGIN_USER);

  /* Changing a shipped model's price makes it the user's. */
  add_through_form (fixture, "gpt-4o-mini", 0.1, 0.4);
  assert_price (fixture->prices, "gpt-4o-mini", 0.1, 0.4, SY_PRICE_ORIGIN_USER);
  assert_row_subtitle (fixture, "gpt-4o-mini", "$0.10 in · $0.40 out per 1M tokens · Yours");
  g_assert_cmpuint (sy_price_table_get_n_models (fixture->prices), ==, 4);
}

static void
test_invalid_add (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkSpinButton *input_spin = sy_prices_dialog_get_input_spin (fixture->dialog);
  GtkButton *add_button = sy_prices_dialog_get_add_button (fixture->dialog);
  const char *form_error;

  /* No model id: nothing to add. */
  fill_form (fixture, "   ", 1, 2);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (add_button)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.add", NULL);
  g_assert_cmpuint (sy_price_table_get_n_models (fixture->prices), ==, 3);
  g_assert_false (g_file_test (fixture->prices_path, G_FILE_TEST_EXISTS));

  /* A negative price cannot be entered. */
  gtk_spin_button_set_value (input_spin, -5);
  g_assert_cmpfloat (gtk_spin_button_get_value (input_spin), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (input_spin), "-5");
  gtk_spin_button_update (input_spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (input_spin), >=, 0);

  /* Should the spin button ever allow more than the table does, the
   * table's refusal is shown under the form and nothing changes. */
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (input_spin), 1e6);
  fill_form (fixture, "too-dear", 20000, 1);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (add_button)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.add", NULL);
  form_error = sy_prices_dialog_get_form_error (fixture->dialog);
  g_assert_nonnull (form_error);
  g_assert_nonnull (strstr (form_error, "too-dear"));
  g_assert_nonnull (strstr (form_error, "not plausible"));
  g_assert_false (sy_price_table_contains (fixture->prices, "too-dear"));
  g_assert_cmpuint (sy_price_table_get_n_models (fixture->prices), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (sy_prices_dialog_get_visible_models (fixture->dialog)), ==, 3);
  g_assert_false (g_file_test (fixture->prices_path, G_FILE_TEST_EXISTS));
  /* The form keeps what was typed, to be corrected. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sy_prices_dialog_get_model_row (fixture->dialog))), ==, "too-dear");

  /* Editing the form clears the message. */
  gtk_editable_set_text (GTK_EDITABLE (sy_prices_dialog_get_model_row (fixture->dialog)), "cheaper");
  g_assert_null (sy_prices_dialog_get_form_error (fixture->dialog));
}

/* Enter in the Model field of an empty form used to add the model at
 * $0 / $0: a free API in every comparison, without a word. */
static void
test_zero_prices_need_free (Fixture       *fixture,
                            gconstpointer  data)
{
  AdwEntryRow *model_row = sy_prices_dialog_get_model_row (fixture->dialog);
  GtkSpinButton *input_spin = sy_prices_dialog_get_input_spin (fixture->dialog);
  GtkSpinButton *output_spin = sy_prices_dialog_get_output_spin (fixture->dialog);
  GtkSwitch *free_switch = sy_prices_dialog_get_free_switch (fixture->dialog);
  GtkWidget *input_row = gtk_widget_get_ancestor (GTK_WIDGET (input_spin), ADW_TYPE_ACTION_ROW);

  g_assert_false (gtk_switch_get_active (free_switch));

  gtk_editable_set_text (GTK_EDITABLE (model_row), "my-free-model");
  g_signal_emit_by_name (model_row, "entry-activated");
  g_assert_false (sy_price_table_contains (fixture->prices, "my-free-model"));
  g_assert_false (g_file_test (fixture->prices_path, G_FILE_TEST_EXISTS));
  g_assert_true (gtk_widget_has_css_class (input_row, "error"));
  g_assert_nonnull (sy_field_check_get_error (GTK_WIDGET (input_spin)));
  g_assert_nonnull (strstr (sy_field_check_get_error (GTK_WIDGET (input_spin)), "Free model"));
  g_assert_nonnull (sy_field_check_get_error (GTK_WIDGET (output_spin)));
  /* Nothing was taken away: the name waits for its prices. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (model_row)), ==, "my-free-model");
  g_assert_null (sy_prices_dialog_get_last_toast (fixture->dialog));

  /* A price answers it: both messages go. */
  gtk_spin_button_set_value (output_spin, 0.5);
  g_assert_null (sy_field_check_get_error (GTK_WIDGET (input_spin)));
  g_assert_null (sy_field_check_get_error (GTK_WIDGET (output_spin)));
  gtk_spin_button_set_value (output_spin, 0);

  g_signal_emit_by_name (model_row, "entry-activated");
  g_assert_nonnull (sy_field_check_get_error (GTK_WIDGET (input_spin)));

  /* Saying it is free does too, and then 0 / 0 is added. */
  gtk_switch_set_active (free_switch, TRUE);
  g_assert_null (sy_field_check_get_error (GTK_WIDGET (input_spin)));
  g_assert_null (sy_field_check_get_error (GTK_WIDGET (output_spin)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (input_spin)));
  g_signal_emit_by_name (model_row, "entry-activated");
  assert_price (fixture->prices, "my-free-model", 0, 0, SY_PRICE_ORIGIN_USER);
  g_assert_cmpstr (sy_prices_dialog_get_last_toast (fixture->dialog), ==, "Added “my-free-model”");

  /* The next model is not free unless said again. */
  g_assert_false (gtk_switch_get_active (free_switch));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (input_spin)));

  /* Free turns figures already typed into 0 / 0. */
  fill_form (fixture, "other-free-model", 1, 2);
  gtk_switch_set_active (free_switch, TRUE);
  g_assert_cmpfloat (gtk_spin_button_get_value (input_spin), ==, 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (output_spin), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.add", NULL);
  assert_price (fixture->prices, "other-free-model", 0, 0, SY_PRICE_ORIGIN_USER);

  /* A free model clicked in the list comes back with the switch on. */
  fill_form (fixture, "gpt-4o", 2.5, 10);
  g_assert_false (gtk_switch_get_active (free_switch));
  for (guint i = 0; i < g_list_model_get_n_items (sy_prices_dialog_get_visible_models (fixture->dialog)); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (sy_prices_dialog_get_visible_models (fixture->dialog), i);

      if (g_str_equal (gtk_string_object_get_string (item), "my-free-model"))
        g_signal_emit_by_name (sy_prices_dialog_get_list_view (fixture->dialog), "activate", i);
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (model_row)), ==, "my-free-model");
  g_assert_true (gtk_switch_get_active (free_switch));
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  const char *expected[] = {
    "gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5",
    /* A shipped id keeps the shipped file's place, wherever its price is from. */
    "mistral/mistral-large-latest", "claude-3-5-haiku-20241022",
    NULL
  };
  g_autoptr(SyPriceTable) saved = NULL;

  add_through_form (fixture, "gpt-4o-mini", 0.1, 0.4);
  import_fixture (fixture, "litellm-prices.json");

  /* The user's own price stays; chat models with prices come in. */
  assert_price (fixture->prices, "gpt-4o-mini", 0.1, 0.4, SY_PRICE_ORIGIN_USER);
  assert_price (fixture->prices, "claude-3-5-haiku-20241022", 0.8, 4, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (fixture->prices, "mistral/mistral-large-latest", 2, 6, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (fixture->prices, "gpt-4o", 2.5, 10, SY_PRICE_ORIGIN_IMPORTED);
  g_assert_false (sy_price_table_contains (fixture->prices, "text-embedding-3-small"));
  g_assert_false (sy_price_table_contains (fixture->prices, "ollama/llama3.1"));

  assert_visible_models (fixture, expected);
  assert_row_subtitle (fixture, "claude-3-5-haiku-20241022", "$0.80 in · $4.00 out per 1M tokens · Imported");
  assert_row_subtitle (fixture, "gpt-4o-mini", "$0.10 in · $0.40 out per 1M tokens · Yours");
  g_assert_cmpstr (sy_prices_dialog_get_last_toast (fixture->dialog), ==, "Imported 3 prices; kept 1 of yours");
  g_assert_null (sy_prices_dialog_get_last_error (fixture->dialog));

  saved = load_saved (fixture);
  assert_price (saved, "gpt-4o-mini", 0.1, 0.4, SY_PRICE_ORIGIN_USER);
  assert_price (saved, "claude-3-5-haiku-20241022", 0.8, 4, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (saved, "mistral/mistral-large-latest", 2, 6, SY_PRICE_ORIGIN_IMPORTED);
}

static void
test_import_without_user_prices (Fixture       *fixture,
                                 gconstpointer  data)
{
  import_fixture (fixture, "litellm-prices.json");
  g_assert_cmpstr (sy_prices_dialog_get_last_toast (fixture->dialog), ==, "Imported 4 prices");
}

static void
assert_import_fails (Fixture    *fixture,
                     const char *name)
{
  g_auto(GStrv) before = sy_price_table_dup_models (fixture->prices);
  g_auto(GStrv) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  data = read_fixture (name, &length);
  g_assert_false (sy_prices_dialog_import_data (fixture->dialog, data, length, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "LiteLLM"));

  after = sy_price_table_dup_models (fixture->prices);
  g_assert_true (g_strv_equal ((const char * const *) before, (const char * const *) after));
  assert_price (fixture->prices, "gpt-4o-mini", 0.1, 0.4, SY_PRICE_ORIGIN_USER);
  assert_price (fixture->prices, "gpt-4o", 2.5, 10, SY_PRICE_ORIGIN_BUILTIN);
  g_assert_cmpuint (g_list_model_get_n_items (sy_prices_dialog_get_visible_models (fixture->dialog)), ==, 3);
}

static void
test_import_malformed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *saved_before = NULL;
  g_autofree char *saved_after = NULL;

  add_through_form (fixture, "gpt-4o-mini", 0.1, 0.4);
  g_file_get_contents (fixture->prices_path, &saved_before, NULL, NULL);
  g_assert_nonnull (saved_before);

  assert_import_fails (fixture, "litellm-malformed.json");
  assert_import_fails (fixture, "litellm-no-chat.json");

  /* Not even rewritten. */
  g_file_get_contents (fixture->prices_path, &saved_after, NULL, NULL);
  g_assert_cmpstr (saved_after, ==, saved_before);
  g_assert_cmpstr (sy_prices_dialog_get_last_toast (fixture->dialog), ==, "Saved the price of “gpt-4o-mini”");
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  const char *mini[] = { "gpt-4o-mini", NULL };
  const char *claude[] = { "claude-sonnet-4-5", "claude-3-5-haiku-20241022", NULL };
  GtkSearchEntry *entry = sy_prices_dialog_get_search_entry (fixture->dialog);
  g_autoptr(GPtrArray) rows = NULL;

  import_fixture (fixture, "litellm-prices.json");

  search_for (fixture, "mini", 1);
  assert_visible_models (fixture, mini);
  rows = dup_shown_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "gpt-4o-mini");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Case does not matter. */
  search_for (fixture, "CLAUDE", 2);
  assert_visible_models (fixture, claude);

  /* A price added while searching shows up if it matches. */
  add_through_form (fixture, "claude-my-own", 1, 2);
  g_assert_cmpuint (g_list_model_get_n_items (sy_prices_dialog_get_visible_models (fixture->dialog)), ==, 3);

  search_for (fixture, "no such model", 0);
  g_assert_cmpuint (g_list_model_get_n_items (sy_prices_dialog_get_visible_models (fixture->dialog)), ==, 0);
  rows = dup_shown_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Escape in the search field clears it rather than closing. */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  search_for (fixture, "", 6);
  g_assert_cmpuint (g_list_model_get_n_items (sy_prices_dialog_get_visible_models (fixture->dialog)), ==, 6);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->dialog)));

  /* Ctrl+F comes back to the search field from the form. */
  gtk_widget_grab_focus (GTK_WIDGET (sy_prices_dialog_get_model_row (fixture->dialog)));
  g_assert_false (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (fixture->dialog)), GTK_WIDGET (entry)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.search", NULL);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (fixture->dialog)), GTK_WIDGET (entry)));
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  const char *shipped[] = { "gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", NULL };
  g_autoptr(SyPriceTable) saved = NULL;
  GtkWidget *button;
  AdwActionRow *row;

  add_through_form (fixture, "my-model", 1.25, 5.5);
  add_through_form (fixture, "gpt-4o", 2, 8);

  /* A model of the user's own has a remove button… */
  row = find_shown_row (fixture, "my-model");
  g_assert_nonnull (row);
  button = g_object_get_data (G_OBJECT (row), "sy-button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "prices.remove");
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (button)), ==, "user-trash-symbolic");

  /* …a changed shipped model one that restores the shipped price. */
  row = find_shown_row (fixture, "gpt-4o");
  button = g_object_get_data (G_OBJECT (row), "sy-button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "prices.restore");

  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.remove", "s", "my-model");
  g_assert_false (sy_price_table_contains (fixture->prices, "my-model"));
  g_assert_cmpstr (sy_prices_dialog_get_last_toast (fixture->dialog), ==, "Removed “my-model”");
  assert_visible_models (fixture, shipped);
  g_assert_null (find_shown_row (fixture, "my-model"));
  saved = load_saved (fixture);
  g_assert_false (sy_price_table_contains (saved, "my-model"));
  assert_price (saved, "gpt-4o", 2, 8, SY_PRICE_ORIGIN_USER);
  g_clear_object (&saved);

  /* The toast's Undo brings it back, saved. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.undo-remove", NULL);
  assert_price (fixture->prices, "my-model", 1.25, 5.5, SY_PRICE_ORIGIN_USER);
  saved = load_saved (fixture);
  assert_price (saved, "my-model", 1.25, 5.5, SY_PRICE_ORIGIN_USER);
  g_clear_object (&saved);

  /* A shipped model is never removed… */
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.remove", "s", "gpt-4o");
  assert_price (fixture->prices, "gpt-4o", 2, 8, SY_PRICE_ORIGIN_USER);

  /* …its shipped price is restored instead, and no longer saved. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.restore", "s", "gpt-4o");
  assert_price (fixture->prices, "gpt-4o", 2.5, 10, SY_PRICE_ORIGIN_BUILTIN);
  assert_row_subtitle (fixture, "gpt-4o", "$2.50 in · $10.00 out per 1M tokens · Built-in");
  g_assert_false (gtk_widget_get_visible (g_object_get_data (G_OBJECT (find_shown_row (fixture, "gpt-4o")), "sy-button")));
  saved = load_saved (fixture);
  g_assert_false (sy_price_table_contains (saved, "gpt-4o"));
  assert_price (saved, "my-model", 1.25, 5.5, SY_PRICE_ORIGIN_USER);
}

static AdwMessageDialog *find_message_dialog (void);

/* Until the asynchronous read ends in a toast or a failure dialog. */
static void
wait_for_import (Fixture *fixture)
{
  g_autofree char *toast_before = g_strdup (sy_prices_dialog_get_last_toast (fixture->dialog));
  g_autofree char *error_before = g_strdup (sy_prices_dialog_get_last_error (fixture->dialog));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_strcmp0 (toast_before, sy_prices_dialog_get_last_toast (fixture->dialog)) == 0 &&
         g_strcmp0 (error_before, sy_prices_dialog_get_last_error (fixture->dialog)) == 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_import_file (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "litellm-prices.json", NULL);
  g_autofree char *missing_path = g_build_filename (fixture->tmpdir, "model_prices.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  AdwMessageDialog *message;
  const char *last_error;

  sy_prices_dialog_import_file (fixture->dialog, file);
  /* Read asynchronously: nothing has happened yet. */
  g_assert_false (sy_price_table_contains (fixture->prices, "mistral/mistral-large-latest"));
  wait_for_import (fixture);
  g_assert_cmpstr (sy_prices_dialog_get_last_toast (fixture->dialog), ==, "Imported 4 prices");
  assert_price (fixture->prices, "mistral/mistral-large-latest", 2, 6, SY_PRICE_ORIGIN_IMPORTED);
  g_assert_null (find_message_dialog ());

  /* A file that cannot be read is named in the failure dialog. */
  sy_prices_dialog_import_file (fixture->dialog, missing);
  wait_for_import (fixture);
  last_error = sy_prices_dialog_get_last_error (fixture->dialog);
  g_assert_nonnull (last_error);
  g_assert_nonnull (strstr (last_error, "model_prices.json"));
  message = find_message_dialog ();
  g_assert_nonnull (message);
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Could Not Import Prices");
  gtk_window_destroy (GTK_WINDOW (message));

  /* Closing the dialog while a file is being read is safe. */
  sy_prices_dialog_import_file (fixture->dialog, file);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  return (AdwMessageDialog *) sy_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

static void
test_save_fails (Fixture       *fixture,
                 gconstpointer  data)
{
  AdwMessageDialog *message;
  const char *last_error;

  g_assert_null (find_message_dialog ());

  add_through_form (fixture, "my-model", 1.25, 5.5);

  /* The change is kept in memory… */
  assert_price (fixture->prices, "my-model", 1.25, 5.5, SY_PRICE_ORIGIN_USER);
  g_assert_false (g_file_test (fixture->prices_path, G_FILE_TEST_EXISTS));

  /* …and the user is told it is not on disk. */
  last_error = sy_prices_dialog_get_last_error (fixture->dialog);
  g_assert_nonnull (last_error);
  g_assert_nonnull (strstr (last_error, "Could not"));
  message = find_message_dialog ();
  g_assert_nonnull (message);
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Could Not Save Your Prices");
  g_assert_cmpstr (adw_message_dialog_get_body (message), ==, last_error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (message));
  gtk_window_destroy (GTK_WINDOW (message));

  /* An import still imports. */
  import_fixture (fixture, "litellm-prices.json");
  assert_price (fixture->prices, "claude-3-5-haiku-20241022", 0.8, 4, SY_PRICE_ORIGIN_IMPORTED);
  message = find_message_dialog ();
  g_assert_nonnull (message);
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Could Not Save Your Prices");
}

static void
test_shipped_provenance (Fixture       *fixture,
                         gconstpointer  data)
{
  AdwActionRow *row;
  g_autofree char *as_of = sy_price_table_dup_newest_as_of (fixture->prices);
  g_autofree char *title_subtitle = g_strdup_printf ("Prices as of %s", as_of);
  g_autofree char *row_subtitle = g_strdup_printf ("$2.50 in · $10.00 out per 1M tokens · Built-in · as of %s",
                                                   sy_price_table_get_as_of (fixture->prices, "gpt-4o"));
  const char *tooltip;

  g_assert_nonnull (as_of);
  g_assert_cmpstr (adw_window_title_get_subtitle (sy_prices_dialog_get_window_title (fixture->dialog)), ==,
                   title_subtitle);

  row = find_shown_row (fixture, "gpt-4o");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, row_subtitle);
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (row));
  g_assert_nonnull (tooltip);
  g_assert_true (g_str_has_prefix (tooltip, "Source: https://github.com/BerriAI/litellm/"));

  /* A price the user types has no source and no date. */
  add_through_form (fixture, "gpt-4o", 2, 8);
  row = find_shown_row (fixture, "gpt-4o");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "$2.00 in · $8.00 out per 1M tokens · Yours");
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (row)));
}

/* Refresh ----------------------------------------------------------------- */

static const char refresh_list[] =
  "{ \"gpt-4o-mini\": { \"mode\": \"chat\", \"litellm_provider\": \"openai\","
  "    \"input_cost_per_token\": 2e-07, \"output_cost_per_token\": 8e-07 },"
  "  \"claude-sonnet-4-5\": { \"mode\": \"chat\", \"litellm_provider\": \"anthropic\","
  "    \"input_cost_per_token\": 3e-06, \"output_cost_per_token\": 1.5e-05 },"
  "  \"gpt-9\": { \"mode\": \"chat\", \"litellm_provider\": \"openai\","
  "    \"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 4e-06 } }";

static gboolean
on_refresh_deadline_cb (gpointer user_data)
{
  g_error ("The refresh did not finish within 30 s");
  return G_SOURCE_REMOVE;
}

static void
start_refresh (Fixture    *fixture,
               const char *url)
{
  g_autofree char *cache_dir = g_build_filename (fixture->tmpdir, "cache", NULL);

  sy_prices_dialog_set_refresh_source (fixture->dialog, url, cache_dir);
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.refresh", NULL);
  g_assert_true (sy_prices_dialog_get_refreshing (fixture->dialog));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (sy_prices_dialog_get_refresh_progress (fixture->dialog)))));
}

static void
wait_for_refresh (Fixture *fixture)
{
  guint deadline = g_timeout_add_seconds (30, on_refresh_deadline_cb, NULL);

  while (sy_prices_dialog_get_refreshing (fixture->dialog))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);

  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (sy_prices_dialog_get_refresh_progress (fixture->dialog)))));
}

static void
test_refresh (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_autofree char *url = g_strconcat (ts->base_url, "/prices.json", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(SyPriceTable) saved = NULL;
  g_autofree char *subtitle = NULL;
  SyPriceUpdateDialog *review;

  test_server_add (ts, "/prices.json", 200, "application/json", refresh_list, -1, 3);
  add_through_form (fixture, "claude-sonnet-4-5", 2, 9);

  start_refresh (fixture, url);
  wait_for_refresh (fixture);

  /* Shown before anything changes. */
  review = sy_prices_dialog_get_update_dialog (fixture->dialog);
  g_assert_nonnull (review);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (review)));
  assert_price (fixture->prices, "gpt-4o-mini", 0.15, 0.6, SY_PRICE_ORIGIN_BUILTIN);
  g_assert_false (sy_price_table_contains (fixture->prices, "gpt-9"));
  g_assert_cmpstr (sy_price_update_dialog_get_summary (review), ==,
                   "1 added, 1 changed, 0 unchanged, 1 of yours kept.");
  rows = sy_price_update_dialog_dup_rows (review);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 0)), ==, "gpt-4o-mini");
  g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, 0)), ==,
                   "$0.15 → $0.20 in · $0.60 → $0.80 out per 1M tokens");
  g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 1)), ==, "gpt-9");
  g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, 1)), ==,
                   "New · $1.00 in · $4.00 out per 1M tokens");

  gtk_widget_activate_action (GTK_WIDGET (review), "update.apply", NULL);
  g_assert_null (sy_prices_dialog_get_update_dialog (fixture->dialog));
  assert_price (fixture->prices, "gpt-4o-mini", 0.2, 0.8, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (fixture->prices, "gpt-9", 1, 4, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (fixture->prices, "claude-sonnet-4-5", 2, 9, SY_PRICE_ORIGIN_USER);
  g_assert_cmpstr (sy_prices_dialog_get_last_toast (fixture->dialog), ==, "Applied 2 prices");
  g_assert_cmpstr (sy_price_table_get_source (fixture->prices, "gpt-9"), ==, url);

  saved = load_saved (fixture);
  assert_price (saved, "gpt-9", 1, 4, SY_PRICE_ORIGIN_IMPORTED);
  subtitle = g_strdup_printf ("$0.20 in · $0.80 out per 1M tokens · Imported · as of %s",
                              sy_price_table_get_as_of (fixture->prices, "gpt-4o-mini"));
  wait_for_draw (fixture);
  assert_row_subtitle (fixture, "gpt-4o-mini", subtitle);
}

static void
test_refresh_fails (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_autofree char *base = refused_url ();
  g_autofree char *refused = g_strconcat (base, "/prices.json", NULL);
  g_autofree char *html = g_strconcat (ts->base_url, "/html", NULL);
  const char *urls[] = { refused, html };

  test_server_add (ts, "/html", 200, "text/html", "<html>Sign in</html>", -1, 1);

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autofree char *before = sy_price_table_to_json (fixture->prices, 7);
      g_autofree char *after = NULL;

      start_refresh (fixture, urls[i]);
      wait_for_refresh (fixture);

      g_assert_null (sy_prices_dialog_get_update_dialog (fixture->dialog));
      g_assert_nonnull (sy_prices_dialog_get_last_error (fixture->dialog));
      g_assert_nonnull (strstr (sy_prices_dialog_get_last_error (fixture->dialog), urls[i]));
      g_assert_nonnull (strstr (sy_prices_dialog_get_last_error (fixture->dialog), "stay as they were"));
      after = sy_price_table_to_json (fixture->prices, 7);
      g_assert_cmpstr (before, ==, after);
      g_assert_false (g_file_test (fixture->prices_path, G_FILE_TEST_EXISTS));
    }
}

static void
test_refresh_cancel (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_autofree char *url = g_strconcat (ts->base_url, "/silent", NULL);
  Script *script = test_server_add (ts, "/silent", 200, "application/json", refresh_list, 10, 1);

  script->end = END_HANG;
  start_refresh (fixture, url);
  /* Refresh again while one runs: nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.refresh", NULL);
  while (ts->n_requests == 0)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "prices.cancel-refresh", NULL);
  wait_for_refresh (fixture);

  g_assert_cmpuint (ts->n_requests, ==, 1);
  g_assert_null (sy_prices_dialog_get_update_dialog (fixture->dialog));
  g_assert_null (sy_prices_dialog_get_last_error (fixture->dialog));
  g_assert_cmpstr (sy_prices_dialog_get_last_toast (fixture->dialog), ==, "Refresh cancelled; prices unchanged");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func, data) \
  g_test_add (path, Fixture, GINT_TO_POINTER (data), fixture_set_up, func, fixture_tear_down)
  ADD ("/prices-dialog/shipped", test_shipped_models_listed, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/shipped-provenance", test_shipped_provenance, WITH_SHIPPED_TABLE);
  ADD ("/prices-dialog/add-and-edit", test_add_and_edit, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/keyboard-focus-in-list", test_keyboard_focus_in_list, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/invalid-add", test_invalid_add, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/zero-prices-need-free", test_zero_prices_need_free, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/import", test_import, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/import-counts", test_import_without_user_prices, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/import-malformed", test_import_malformed, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/import-file", test_import_file, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/search", test_search, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/remove", test_remove, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/refresh", test_refresh, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/refresh-fails", test_refresh_fails, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/refresh-cancel", test_refresh_cancel, WITH_SPEC_PRICES);
  ADD ("/prices-dialog/save-fails", test_save_fails, WITH_UNWRITABLE_FOLDER);
#undef ADD

  return g_test_run ();
}
