/* test-bad-input.c: every form field × every bad value, under a real display
 *
 * For each field of each page the table below lists, the test types each
 * of the bad values into it and commits it the way a user would (Enter in
 * a spin button, the apply button of an entry row, Add in the prices
 * dialog). A value the field does not accept must leave the "error" style
 * class on the field's row, a visible message right under the row, and the
 * value behind the field (cost model, GSettings key, router rule, price
 * table) as it was; a valid value afterwards must clear both and apply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "sy-costs-page-private.h"
#include "sy-field-check.h"
#include "sy-format.h"
#include "sy-models-page.h"
#include "sy-option-dialog.h"
#include "sy-preferences-window-private.h"
#include "sy-prices-dialog-private.h"
#include "sy-router.h"
#include "sy-rules-page.h"
#include "sy-test-utils.h"
#include "sy-wizard-page.h"

typedef enum
{
  PAGE_COSTS,
  PAGE_OPTION,
  PAGE_PRICES,
  PAGE_WIZARD,
  PAGE_PREFERENCES,
  PAGE_RULES,
  PAGE_MODELS,
} Page;

/* Where the value behind a field lives */
typedef enum
{
  SOURCE_MODEL_PROPERTY,    /* a SyCostModel property */
  SOURCE_SETTING,           /* a GSettings key */
  SOURCE_ANSWER,            /* a Decide answer, in "wizard-answers" */
  SOURCE_SPIN,              /* the spin button's own value (a dialog not saved yet) */
  SOURCE_NONE,              /* a dialog's text field: only Save is checked */
  SOURCE_PRICE_INPUT,       /* the price table, for PRICE_MODEL */
  SOURCE_PRICE_OUTPUT,
  SOURCE_PRICE_MODELS,      /* how many models the price table holds */
  SOURCE_KEYWORDS,          /* a router class's keywords */
  SOURCE_LENGTH,            /* the router's simple length limit */
  SOURCE_ROUTE_MODEL,       /* a router class's model */
} Source;

/* The bad values every field gets; a field may accept some of them. */
enum
{
  VALUE_EMPTY,
  VALUE_NEGATIVE,
  VALUE_ZERO,
  VALUE_HUGE,
  VALUE_TEXT,
  VALUE_NAN,
  VALUE_INF,
  N_VALUES
};

static const char *bad_values[N_VALUES] = { "", "-1", "0", "1e300", "lots", "nan", "inf" };

#define ACCEPTS(v)   (1u << (v))
#define ACCEPTS_TEXT (ACCEPTS (VALUE_NEGATIVE) | ACCEPTS (VALUE_ZERO) | ACCEPTS (VALUE_HUGE) | \
                      ACCEPTS (VALUE_TEXT) | ACCEPTS (VALUE_NAN) | ACCEPTS (VALUE_INF))

#define PRICE_MODEL "bad-input-model"

typedef struct
{
  const char *path;
  Page        page;
  const char *child;          /* the field's id in the page's template */
  Source      source;
  const char *key;            /* property, settings key or answer key */
  guint       klass;          /* SyRouteClass, for router sources */
  guint       accepts;        /* ACCEPTS() of the values that are valid here */
  const char *extra_bad;      /* a bad value only this field has */
  const char *valid_a;        /* set before each bad value */
  const char *valid_b;        /* the fix after it */
  const char *action;         /* disabled while the field is in error */
} Field;

static const Field fields[] = {
  /* Costs page: zero traffic is an idle workload, valid; the horizon
   * starts at three months. */
  { "costs/daily-requests", PAGE_COSTS, "daily_requests_spin", SOURCE_MODEL_PROPERTY, "daily-requests", 0,
    ACCEPTS (VALUE_ZERO), NULL, "700", "1234", NULL },
  { "costs/input-tokens", PAGE_COSTS, "input_tokens_spin", SOURCE_MODEL_PROPERTY, "input-tokens", 0,
    ACCEPTS (VALUE_ZERO), NULL, "900", "1500", NULL },
  { "costs/output-tokens", PAGE_COSTS, "output_tokens_spin", SOURCE_MODEL_PROPERTY, "output-tokens", 0,
    ACCEPTS (VALUE_ZERO), NULL, "300", "450", NULL },
  { "costs/horizon", PAGE_COSTS, "horizon_spin", SOURCE_MODEL_PROPERTY, "horizon-months", 0,
    0, "2", "24", "48", NULL },

  /* Local option dialog: nothing is stored before Save, so the check is
   * that Save waits and the spin keeps its number. */
  { "option/name", PAGE_OPTION, "name_row", SOURCE_NONE, NULL, 0,
    ACCEPTS_TEXT, "   ", "RTX box", "Mac Studio", "option.save" },
  { "option/setup-cost", PAGE_OPTION, "setup_spin", SOURCE_SPIN, NULL, 0,
    ACCEPTS (VALUE_ZERO), NULL, "2000", "3500.5", "option.save" },
  { "option/monthly-cost", PAGE_OPTION, "monthly_spin", SOURCE_SPIN, NULL, 0,
    ACCEPTS (VALUE_ZERO), NULL, "40", "55.25", "option.save" },
  { "option/tokens-per-second", PAGE_OPTION, "tokens_spin", SOURCE_SPIN, NULL, 0,
    0, NULL, "60", "45.5", "option.save" },
  { "option/aggregate-tokens-per-second", PAGE_OPTION, "aggregate_spin", SOURCE_SPIN, NULL, 0,
    0, NULL, "60", "240", "option.save" },
  { "option/quality", PAGE_OPTION, "quality_spin", SOURCE_SPIN, NULL, 0,
    ACCEPTS (VALUE_ZERO), "1.5", "0.8", "0.65", "option.save" },

  /* Prices dialog: a zero price is valid next to one above zero, but the
   * form (emptied after each Add) holds zero for the other price, and
   * 0 / 0 needs the "Free model" switch, which is off. */
  { "prices/model", PAGE_PRICES, "model_row", SOURCE_PRICE_MODELS, NULL, 0,
    ACCEPTS_TEXT, "  ", "bad-input-a", "bad-input-b", "prices.add" },
  { "prices/input-per-million", PAGE_PRICES, "input_spin", SOURCE_PRICE_INPUT, NULL, 0,
    0, NULL, "2.5", "0.15", "prices.add" },
  { "prices/output-per-million", PAGE_PRICES, "output_spin", SOURCE_PRICE_OUTPUT, NULL, 0,
    0, NULL, "10", "0.6", "prices.add" },

  /* Decide: no spend, no traffic and a zero threshold are all answers */
  { "wizard/monthly-spend", PAGE_WIZARD, "monthly_cost_spin", SOURCE_ANSWER, "monthly-cost", 0,
    ACCEPTS (VALUE_ZERO), NULL, "300", "1250.5", NULL },
  { "wizard/daily-requests", PAGE_WIZARD, "daily_requests_spin", SOURCE_ANSWER, "daily-requests", 0,
    ACCEPTS (VALUE_ZERO), NULL, "2000", "5000", NULL },
  { "wizard/input-tokens", PAGE_WIZARD, "input_tokens_spin", SOURCE_ANSWER, "input-tokens", 0,
    ACCEPTS (VALUE_ZERO), NULL, "800", "1200", NULL },
  { "wizard/output-tokens", PAGE_WIZARD, "output_tokens_spin", SOURCE_ANSWER, "output-tokens", 0,
    ACCEPTS (VALUE_ZERO), NULL, "400", "650", NULL },
  { "wizard/threshold", PAGE_WIZARD, "threshold_spin", SOURCE_SETTING, "decision-threshold", 0,
    ACCEPTS (VALUE_ZERO), NULL, "500", "750", NULL },

  /* Preferences: a URL is never any of the bad values; a model name can
   * be "0" or "inf", only not blank; timeouts start at one second. */
  { "preferences/local-url", PAGE_PREFERENCES, "local_url_row", SOURCE_SETTING, "chat-local-url", 0,
    0, "ftp://example.org", "http://localhost:11434", "http://gpu-box.lan:11434", NULL },
  { "preferences/api-url", PAGE_PREFERENCES, "api_url_row", SOURCE_SETTING, "chat-api-url", 0,
    0, "http://", "https://api.openai.com/v1", "https://api.example.org/v1", NULL },
  { "preferences/api-model", PAGE_PREFERENCES, "api_model_row", SOURCE_SETTING, "chat-api-model", 0,
    ACCEPTS_TEXT, " ", "gpt-4o-mini", "gpt-4o", NULL },
  { "preferences/connect-timeout", PAGE_PREFERENCES, "connect_spin", SOURCE_SETTING, "connect-timeout-seconds", 0,
    0, "601", "10", "25", NULL },
  { "preferences/idle-timeout", PAGE_PREFERENCES, "idle_spin", SOURCE_SETTING, "idle-timeout-seconds", 0,
    0, NULL, "60", "90", NULL },

  /* Routing rules: no keywords at all is valid, an empty one between
   * commas is not; 0 % shadowing is valid, a 0-character limit is not. */
  { "rules/simple-keywords", PAGE_RULES, "simple_keywords_row", SOURCE_KEYWORDS, NULL, SY_ROUTE_CLASS_SIMPLE,
    ACCEPTS_TEXT | ACCEPTS (VALUE_EMPTY), "what is,,define", "hello", "define", NULL },
  { "rules/complex-keywords", PAGE_RULES, "complex_keywords_row", SOURCE_KEYWORDS, NULL, SY_ROUTE_CLASS_COMPLEX,
    ACCEPTS_TEXT | ACCEPTS (VALUE_EMPTY), ", prove", "refactor", "prove", NULL },
  { "rules/simple-length", PAGE_RULES, "simple_length_spin", SOURCE_LENGTH, NULL, 0,
    0, "100001", "80", "120", NULL },
  { "rules/simple-model", PAGE_RULES, "simple_model_row", SOURCE_ROUTE_MODEL, NULL, SY_ROUTE_CLASS_SIMPLE,
    ACCEPTS_TEXT, " ", "llama3.2:3b", "qwen2.5:7b", NULL },
  { "rules/medium-model", PAGE_RULES, "medium_model_row", SOURCE_ROUTE_MODEL, NULL, SY_ROUTE_CLASS_MEDIUM,
    ACCEPTS_TEXT, " ", "gpt-4o-mini", "gpt-4.1-mini", NULL },
  { "rules/complex-model", PAGE_RULES, "complex_model_row", SOURCE_ROUTE_MODEL, NULL, SY_ROUTE_CLASS_COMPLEX,
    ACCEPTS_TEXT, " ", "gpt-4o", "gpt-4.1", NULL },
  { "rules/shadow-share", PAGE_RULES, "shadow_spin", SOURCE_SETTING, "pilot-shadow-share", 0,
    ACCEPTS (VALUE_ZERO), "101", "10", "25", NULL },

  /* Models: 0 GB means "use what was detected" */
  { "models/manual-vram", PAGE_MODELS, "manual_vram_spin", SOURCE_SETTING, "models-manual-vram-gb", 0,
    ACCEPTS (VALUE_ZERO), "1025", "24", "48", NULL },
};

/* The fields take_screenshots() shows: a spin button and an entry row on
 * a page, in a dialog and in Preferences */
static const char * const screenshot_fields[] = {
  "costs/horizon", "prices/input-per-million", "preferences/local-url", "rules/simple-keywords", NULL
};

static const char *settings_keys[] = {
  "decision-threshold", "wizard-answers", "wizard-step", "chat-local-url", "chat-api-url",
  "chat-api-model", "connect-timeout-seconds", "idle-timeout-seconds", "pilot-shadow-share",
  "models-manual-vram-gb", "models-context-length", "chat-local-model",
};

typedef struct
{
  GSettings    *settings;
  SyPriceTable *prices;
  SyCostModel  *model;
  SyRouter     *router;
  char         *tmpdir;
  GtkWindow    *window;
  GtkWidget    *owner;          /* the widget whose template holds the field */
  guint         model_changes;
} Fixture;

static void
on_model_changed_cb (SyCostModel *model,
                     Fixture     *fixture)
{
  fixture->model_changes++;
}

static void
wait_a_moment (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static GtkWindow *
present_in_window (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 1100, 800);
  gtk_window_set_child (window, child);
  gtk_window_present (window);

  return window;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const Field *field = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyContext) context = NULL;

  fixture->settings = g_settings_new (APP_ID);
  /* The memory backend keeps values between the tests of one process */
  for (guint i = 0; i < G_N_ELEMENTS (settings_keys); i++)
    g_settings_reset (fixture->settings, settings_keys[i]);
  /* The Models page asks Ollama: a port where nobody listens */
  g_settings_set_string (fixture->settings, "chat-local-url", "http://127.0.0.1:9");

  fixture->prices = sy_price_table_new_default ();
  fixture->model = sy_cost_model_new (fixture->prices);
  g_object_set (fixture->model, "auto-extend-horizon", FALSE, NULL);
  g_signal_connect (fixture->model, "changed", G_CALLBACK (on_model_changed_cb), fixture);
  fixture->router = sy_router_new ();
  context = g_object_new (SY_TYPE_CONTEXT,
                          "settings", fixture->settings,
                          "cost-model", fixture->model,
                          "router", fixture->router,
                          NULL);
  fixture->tmpdir = g_dir_make_tmp ("test-bad-input-XXXXXX", &error);
  g_assert_no_error (error);

  switch (field->page)
    {
    case PAGE_COSTS:
      fixture->owner = sy_costs_page_new (context);
      fixture->window = present_in_window (fixture->owner);
      break;

    case PAGE_OPTION:
      fixture->owner = sy_option_dialog_new (fixture->model, NULL);
      fixture->window = GTK_WINDOW (fixture->owner);
      /* A new option has no name yet, which alone keeps Save off */
      gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (fixture->owner, SY_TYPE_OPTION_DIALOG,
                                                                           "name_row")), "Test box");
      gtk_window_present (fixture->window);
      break;

    case PAGE_PRICES:
      {
        g_autofree char *path = g_build_filename (fixture->tmpdir, "prices.json", NULL);

        fixture->owner = sy_prices_dialog_new (fixture->prices, path);
        fixture->window = GTK_WINDOW (fixture->owner);
        gtk_window_present (fixture->window);
      }
      break;

    case PAGE_WIZARD:
      fixture->owner = sy_wizard_page_new (context);
      fixture->window = present_in_window (fixture->owner);
      break;

    case PAGE_PREFERENCES:
    case PAGE_RULES:
      fixture->window = GTK_WINDOW (sy_preferences_window_new (context));
      fixture->owner = GTK_WIDGET (fixture->window);
      if (field->page == PAGE_RULES)
        {
          fixture->owner = GTK_WIDGET (sy_preferences_window_get_rules_page (SY_PREFERENCES_WINDOW (fixture->window)));
          adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (fixture->window),
                                                   ADW_PREFERENCES_PAGE (fixture->owner));
        }
      gtk_window_present (fixture->window);
      break;

    case PAGE_MODELS:
      fixture->owner = sy_models_page_new (context);
      fixture->window = present_in_window (fixture->owner);
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* GTK drops its last references to a destroyed window from idles */
  if (window != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
      gtk_window_destroy (fixture->window);
      while (window != NULL && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      g_assert_null (window);
    }

  g_signal_handlers_disconnect_by_data (fixture->model, fixture);
  g_assert_finalize_object (fixture->model);
  g_assert_finalize_object (fixture->prices);
  g_assert_finalize_object (fixture->router);
  g_clear_object (&fixture->settings);
  sy_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

static GtkWidget *
get_field (Fixture     *fixture,
           const Field *field)
{
  GObject *child = gtk_widget_get_template_child (fixture->owner, G_OBJECT_TYPE (fixture->owner), field->child);

  g_assert_nonnull (child);
  g_assert_true (GTK_IS_EDITABLE (child));

  return GTK_WIDGET (child);
}

static char *
number_to_string (double value)
{
  return g_strdup_printf ("%.6g", value);
}

static char *
variant_to_string (GVariant *value)
{
  if (value == NULL)
    return g_strdup ("(unset)");
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return number_to_string (g_variant_get_double (value));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    return number_to_string (g_variant_get_uint32 (value));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);

  return g_variant_print (value, TRUE);
}

/* The value behind @field, as text, or NULL when nothing stands behind it */
static char *
read_value (Fixture     *fixture,
            const Field *field)
{
  switch (field->source)
    {
    case SOURCE_MODEL_PROPERTY:
      {
        GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (fixture->model), field->key);
        g_auto(GValue) value = G_VALUE_INIT;
        g_auto(GValue) number = G_VALUE_INIT;

        g_assert_nonnull (pspec);
        g_value_init (&value, pspec->value_type);
        g_value_init (&number, G_TYPE_DOUBLE);
        g_object_get_property (G_OBJECT (fixture->model), field->key, &value);
        g_assert_true (g_value_transform (&value, &number));
        return number_to_string (g_value_get_double (&number));
      }

    case SOURCE_SETTING:
      {
        g_autoptr(GVariant) value = g_settings_get_value (fixture->settings, field->key);

        return variant_to_string (value);
      }

    case SOURCE_ANSWER:
      {
        g_autoptr(GVariant) answers = g_settings_get_value (fixture->settings, "wizard-answers");
        g_autoptr(GVariant) value = g_variant_lookup_value (answers, field->key, NULL);

        return variant_to_string (value);
      }

    case SOURCE_SPIN:
      return number_to_string (gtk_spin_button_get_value (GTK_SPIN_BUTTON (get_field (fixture, field))));

    case SOURCE_NONE:
      return NULL;

    case SOURCE_PRICE_INPUT:
    case SOURCE_PRICE_OUTPUT:
      {
        SyPrice price;

        if (!sy_price_table_lookup (fixture->prices, PRICE_MODEL, &price, NULL))
          return g_strdup ("(none)");
        return number_to_string (field->source == SOURCE_PRICE_INPUT ? price.input_per_million
                                                                     : price.output_per_million);
      }

    case SOURCE_PRICE_MODELS:
      return g_strdup_printf ("%u models", sy_price_table_get_n_models (fixture->prices));

    case SOURCE_KEYWORDS:
      return g_strjoinv (",", (char **) sy_router_get_keywords (fixture->router, field->klass));

    case SOURCE_LENGTH:
      return number_to_string (sy_router_get_simple_max_length (fixture->router));

    case SOURCE_ROUTE_MODEL:
      return g_strdup (sy_router_get_route_model (fixture->router, field->klass));

    default:
      g_assert_not_reached ();
    }
}

/* What read_value() gives once @text has been applied */
static char *
expected_value (Fixture     *fixture,
                const Field *field,
                const char  *text)
{
  switch (field->source)
    {
    case SOURCE_MODEL_PROPERTY:
    case SOURCE_SPIN:
    case SOURCE_PRICE_INPUT:
    case SOURCE_PRICE_OUTPUT:
    case SOURCE_LENGTH:
      return number_to_string (g_ascii_strtod (text, NULL));

    case SOURCE_SETTING:
    case SOURCE_ANSWER:
      {
        g_autoptr(GVariant) current = g_settings_get_value (fixture->settings,
                                                            field->source == SOURCE_SETTING ? field->key
                                                                                            : "decision-threshold");

        if (field->source == SOURCE_SETTING && g_variant_is_of_type (current, G_VARIANT_TYPE_STRING))
          return g_strdup (text);
        return number_to_string (g_ascii_strtod (text, NULL));
      }

    case SOURCE_NONE:
    case SOURCE_PRICE_MODELS:
      return NULL;

    case SOURCE_KEYWORDS:
    case SOURCE_ROUTE_MODEL:
      return g_strdup (text);

    default:
      g_assert_not_reached ();
    }
}

static GtkWidget *
get_child (Fixture    *fixture,
           const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (fixture->owner, G_OBJECT_TYPE (fixture->owner), name));
}

/* Types @text and commits it as a user would: Enter in a spin button, the
 * apply button of an entry row that has one, Add in the prices dialog. */
static void
enter (Fixture     *fixture,
       const Field *field,
       const char  *text)
{
  GtkWidget *widget = get_field (fixture, field);

  /* Add clears the prices form; the figures always go to one model, and
   * a model typed in gets a price, since 0 / 0 is refused (unless free) */
  if (field->page == PAGE_PRICES && GTK_IS_SPIN_BUTTON (widget))
    gtk_editable_set_text (GTK_EDITABLE (get_child (fixture, "model_row")), PRICE_MODEL);
  else if (field->page == PAGE_PRICES)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (get_child (fixture, "input_spin")), 1);

  if (GTK_IS_SPIN_BUTTON (widget))
    {
      gtk_editable_set_text (GTK_EDITABLE (widget), text);
      g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (widget)), "activate");
    }
  else
    {
      /* Something else first, so that even "" is a change */
      gtk_editable_set_text (GTK_EDITABLE (widget), "x");
      gtk_editable_set_text (GTK_EDITABLE (widget), text);
      if (ADW_IS_ENTRY_ROW (widget) && adw_entry_row_get_show_apply_button (ADW_ENTRY_ROW (widget)))
        g_signal_emit_by_name (widget, "apply");
    }

  if (field->page == PAGE_PRICES)
    gtk_widget_activate_action (fixture->owner, "prices.add", NULL);

  wait_a_moment ();
}

static GtkWidget *
find_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = find_label (child);

      if (label != NULL)
        return label;
    }

  return NULL;
}

static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Whether the button that commits the form (Save, Add) can be pressed */
static gboolean
action_enabled (Fixture     *fixture,
                const Field *field)
{
  GtkWidget *button = find_actionable (GTK_WIDGET (fixture->window), field->action);

  g_assert_nonnull (button);

  return gtk_widget_get_sensitive (button);
}

static GtkWidget *
get_row (GtkWidget *field)
{
  GtkWidget *row = gtk_widget_get_ancestor (field, GTK_TYPE_LIST_BOX_ROW);

  g_assert_nonnull (row);

  return row;
}

/* The message under the field's row, if one is shown */
static const char *
shown_message (GtkWidget *field)
{
  GtkWidget *next = gtk_widget_get_next_sibling (get_row (field));
  GtkWidget *label;

  if (next == NULL || !gtk_widget_get_visible (next) || !gtk_widget_has_css_class (next, "sy-field-error-row"))
    return NULL;

  label = find_label (next);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_visible (label));

  return gtk_label_get_text (GTK_LABEL (label));
}

static void
assert_valid (Fixture     *fixture,
              const Field *field,
              const char  *text)
{
  GtkWidget *widget = get_field (fixture, field);
  g_autofree char *value = read_value (fixture, field);
  g_autofree char *expected = expected_value (fixture, field, text);

  if (gtk_widget_has_css_class (get_row (widget), "error") || shown_message (widget) != NULL)
    g_error ("%s: “%s” is valid, yet the field shows an error (%s)",
             field->path, text, shown_message (widget) ? shown_message (widget) : "no message");

  if (field->source == SOURCE_PRICE_MODELS)
    g_assert_true (sy_price_table_contains (fixture->prices, text));
  else if (expected != NULL)
    g_assert_cmpstr (value, ==, expected);

  /* Add empties the prices form, which then has nothing to add */
  if (field->action != NULL && field->page != PAGE_PRICES)
    g_assert_true (action_enabled (fixture, field));
}

static void
assert_rejected (Fixture     *fixture,
                 const Field *field,
                 const char  *text,
                 const char  *value_before,
                 guint        model_changes_before)
{
  GtkWidget *widget = get_field (fixture, field);
  g_autofree char *value = read_value (fixture, field);
  const char *message = shown_message (widget);

  g_test_message ("%s: “%s” → %s", field->path, text, message ? message : "(no message)");

  if (!gtk_widget_has_css_class (get_row (widget), "error"))
    g_error ("%s: “%s” is not valid, yet its row has no error style", field->path, text);
  if (message == NULL || message[0] == '\0')
    g_error ("%s: “%s” is not valid, yet no message is shown under it", field->path, text);

  /* The last valid value stays, and so does everything computed from it */
  g_assert_cmpstr (value, ==, value_before);
  g_assert_cmpuint (fixture->model_changes, ==, model_changes_before);

  /* What the user typed stays in the field, next to its message (checked
   * spin buttons take any text, see sy-field-check.c). A zero price is a
   * number, shown as one: what is refused is 0 / 0 without "Free model". */
  if (GTK_IS_SPIN_BUTTON (widget))
    g_assert_false (gtk_spin_button_get_numeric (GTK_SPIN_BUTTON (widget)));
  if (!(field->page == PAGE_PRICES && g_str_equal (text, bad_values[VALUE_ZERO])))
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget)), ==, text);

  if (field->action != NULL && action_enabled (fixture, field))
    g_error ("%s: “%s” is not valid, yet %s can be used", field->path, text, field->action);
}

static void
save_screenshot (GtkWidget  *window,
                 const char *path,
                 const char *suffix)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *flat = g_strdelimit (g_strdup (path), "/", '-');
  g_autofree char *name = g_strconcat (flat, "-", suffix, ".png", NULL);
  g_autofree char *file = g_build_filename (g_getenv ("SWITCHYARD_SCREENSHOT_DIR"), name, NULL);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_object_unref (paintable);
  /* A window caught between a resize and its next frame draws nothing */
  if (node == NULL)
    {
      g_test_message ("%s: nothing drawn yet, no %s", path, name);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, file));
}

/* With SWITCHYARD_SCREENSHOT_DIR set: the field in error, light, dark and
 * at phone width, to look at */
static void
take_screenshots (Fixture     *fixture,
                  const Field *field,
                  const char  *bad)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  /* The app's own style sheet, which an AdwApplication would load */
  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  enter (fixture, field, bad);
  gtk_widget_grab_focus (get_field (fixture, field));
  gtk_test_widget_wait_for_draw (window);
  g_test_message ("%s: screenshot at %d×%d", field->path, gtk_widget_get_width (window), gtk_widget_get_height (window));
  save_screenshot (window, field->path, "light");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_test_widget_wait_for_draw (window);
  wait_a_moment ();
  save_screenshot (window, field->path, "dark");

  gtk_window_set_default_size (fixture->window, 360, 700);
  gtk_test_widget_wait_for_draw (window);
  wait_a_moment ();
  wait_a_moment ();
  save_screenshot (window, field->path, "narrow");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css));
}

static void
test_field (Fixture       *fixture,
            gconstpointer  data)
{
  const Field *field = data;
  const char *values[N_VALUES + 1];
  guint n_values = 0;

  for (guint i = 0; i < N_VALUES; i++)
    values[n_values++] = bad_values[i];
  if (field->extra_bad != NULL)
    values[n_values++] = field->extra_bad;

  for (guint i = 0; i < n_values; i++)
    {
      gboolean accepted = i < N_VALUES && (field->accepts & ACCEPTS (i));
      g_autofree char *before = NULL;
      guint changes_before;

      enter (fixture, field, field->valid_a);
      assert_valid (fixture, field, field->valid_a);
      before = read_value (fixture, field);
      changes_before = fixture->model_changes;

      enter (fixture, field, values[i]);
      if (accepted)
        {
          if (gtk_widget_has_css_class (get_row (get_field (fixture, field)), "error"))
            g_error ("%s: “%s” is valid here, yet the field shows an error", field->path, values[i]);
          continue;
        }
      assert_rejected (fixture, field, values[i], before, changes_before);

      /* Fixing the text clears the error and applies the value */
      enter (fixture, field, field->valid_b);
      assert_valid (fixture, field, field->valid_b);
    }

  if (g_getenv ("SWITCHYARD_SCREENSHOT_DIR") != NULL &&
      g_strv_contains (screenshot_fields, field->path))
    take_screenshots (fixture, field, field->extra_bad != NULL ? field->extra_bad : "-1");
}

/* Text not committed yet in a focused field is checked once more as the
 * window closes and takes the focus away: no warning, nothing stored. */
static void
test_close_with_bad_text (Fixture       *fixture,
                          gconstpointer  data)
{
  const Field *field = data;
  GtkWidget *widget = get_field (fixture, field);
  g_autofree char *before = read_value (fixture, field);
  g_autofree char *after = NULL;

  gtk_widget_grab_focus (widget);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  gtk_editable_set_text (GTK_EDITABLE (widget), "-1");
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_destroy (fixture->window);
  while (fixture->window != NULL)
    g_main_context_iteration (NULL, TRUE);

  /* A dialog's own numbers go with it */
  if (field->source == SOURCE_SPIN)
    return;

  after = read_value (fixture, field);
  g_assert_cmpstr (after, ==, before);
}

/* @text, committed, reads as @expected and shows no error */
static void
assert_reads_as (Fixture     *fixture,
                 const Field *field,
                 const char  *text,
                 double       expected)
{
  GtkWidget *widget = get_field (fixture, field);
  g_autofree char *value = NULL;
  g_autofree char *wanted = number_to_string (expected);

  enter (fixture, field, text);
  /* The prices form empties after Add; elsewhere the text stays */
  if (field->page != PAGE_PRICES)
    g_test_message ("%s: typed “%s”, shown back as “%s”", field->path, text,
                    gtk_editable_get_text (GTK_EDITABLE (widget)));

  if (sy_field_check_get_error (widget) != NULL)
    g_error ("%s: “%s” is %s here, yet the field says: %s",
             field->path, text, wanted, sy_field_check_get_error (widget));
  value = read_value (fixture, field);
  g_assert_cmpstr (value, ==, wanted);
}

/* @text is refused, the value behind the field kept; returns the message */
static char *
assert_refused (Fixture     *fixture,
                const Field *field,
                const char  *text)
{
  g_autofree char *before = NULL;
  guint changes_before;

  enter (fixture, field, field->valid_a);
  before = read_value (fixture, field);
  changes_before = fixture->model_changes;

  enter (fixture, field, text);
  assert_rejected (fixture, field, text, before, changes_before);

  return g_strdup (shown_message (get_field (fixture, field)));
}

/* A value with four digits in the field's range, if it has one: 1234, or
 * 1000 where 1234 is too large */
static gboolean
pick_thousands (GtkSpinButton *spin,
                double        *value)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);

  for (double candidate = 1234; candidate >= 1000; candidate -= 234)
    if (candidate >= gtk_adjustment_get_lower (adjustment) && candidate <= gtk_adjustment_get_upper (adjustment))
      {
        *value = candidate;
        return TRUE;
      }

  return FALSE;
}

/* A value with one decimal in the field's range: 12.5, or 0.5 */
static gboolean
pick_decimal (GtkSpinButton *spin,
              double        *value)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  const double candidates[] = { 12.5, 0.5 };

  /* A whole-number field shows 12.5 as "12": tested where it shows */
  if (gtk_spin_button_get_digits (spin) == 0)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] >= gtk_adjustment_get_lower (adjustment) && candidates[i] <= gtk_adjustment_get_upper (adjustment))
      {
        *value = candidates[i];
        return TRUE;
      }

  return FALSE;
}

/* Numbers typed the local way: "1,234" is 1234 in English (and the C
 * locale), "1.234" in German, where "12,5" is 12.5; a grouping mark that
 * cannot group is refused with a message naming both marks, not read as
 * some other number. */
static void
test_local_numbers (Fixture       *fixture,
                    gconstpointer  data)
{
  const Field *field = data;
  GtkSpinButton *spin = GTK_SPIN_BUTTON (get_field (fixture, field));
  g_autofree char *message = NULL;
  double thousands, decimal;

  /* A checked spin button on screen takes any text: GTK's numeric filter
   * would drop "1,234" whole. One on a page not shown yet (a later Decide
   * step) is set up as it is realized; typing the valid value shows it. */
  if (gtk_widget_get_realized (GTK_WIDGET (spin)))
    g_assert_false (gtk_spin_button_get_numeric (spin));
  enter (fixture, field, field->valid_a);
  g_assert_false (gtk_spin_button_get_numeric (spin));

  g_assert_nonnull (setlocale (LC_NUMERIC, "C.UTF-8"));
  g_assert_cmpstr (sy_format_get_grouping_mark (), ==, ",");

  if (pick_thousands (spin, &thousands))
    {
      g_autofree char *grouped = g_strdup_printf ("%d,%03d", (int) thousands / 1000, (int) thousands % 1000);

      assert_reads_as (fixture, field, grouped, thousands);
      if (gtk_spin_button_get_digits (spin) > 0)
        {
          g_autofree char *with_decimal = g_strconcat (grouped, ".5", NULL);

          assert_reads_as (fixture, field, with_decimal, thousands + 0.5);
        }
      /* Grouping in threes only */
      g_free (message);
      message = assert_refused (fixture, field, "12,34");
    }

  /* A decimal comma from another locale: could be 15 or 1.5, so neither */
  g_free (message);
  message = assert_refused (fixture, field, "1,5");
  g_assert_nonnull (strstr (message, "“,”"));
  g_assert_nonnull (strstr (message, "“.”"));
  enter (fixture, field, field->valid_b);
  assert_valid (fixture, field, field->valid_b);

  if (!have_german_locale ())
    return;

  g_assert_nonnull (setlocale (LC_NUMERIC, GERMAN_LOCALE));

  if (pick_thousands (spin, &thousands))
    {
      g_autofree char *grouped = g_strdup_printf ("%d.%03d", (int) thousands / 1000, (int) thousands % 1000);

      assert_reads_as (fixture, field, grouped, thousands);
    }

  /* An English number: "1,234.5" could be 1234.5 or 1.2345, so neither */
  g_free (message);
  message = assert_refused (fixture, field, "1,234.5");
  g_assert_nonnull (strstr (message, "“.”"));
  g_assert_nonnull (strstr (message, "“,”"));

  if (pick_decimal (spin, &decimal))
    {
      g_autofree char *text = g_strdup_printf ("%d,%d", (int) decimal, (int) (decimal * 10) % 10);

      assert_reads_as (fixture, field, text, decimal);
    }

  g_assert_nonnull (setlocale (LC_NUMERIC, "C.UTF-8"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("test-bad-input-home-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  int status;

  /* The rules page and the prices dialog save files: never the user's */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *path = g_strconcat ("/bad-input/", fields[i].path, NULL);

      g_test_add (path, Fixture, &fields[i], fixture_set_up, test_field, fixture_tear_down);
    }

  /* One spin button per page or dialog */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (fields[i].child, "_spin") ||
          (i > 0 && fields[i - 1].page == fields[i].page && g_str_has_suffix (fields[i - 1].child, "_spin")))
        continue;

      path = g_strconcat ("/bad-input/close-with-bad-text/", fields[i].path, NULL);
      g_test_add (path, Fixture, &fields[i], fixture_set_up, test_close_with_bad_text, fixture_tear_down);
    }

  /* Every numeric field, typed the local way */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (fields[i].child, "_spin"))
        continue;

      path = g_strconcat ("/bad-input/local-numbers/", fields[i].path, NULL);
      g_test_add (path, Fixture, &fields[i], fixture_set_up, test_local_numbers, fixture_tear_down);
    }

  status = g_test_run ();
  sy_test_remove_tree (home);

  return status;
}
