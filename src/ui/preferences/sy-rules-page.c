/* sy-rules-page.c: the routing rules and the shadow share, in Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-field-check.h"
#include "sy-format.h"
#include "sy-confirm.h"
#include "sy-rules-page-private.h"
#include "sy-toast.h"

struct _SyRulesPage
{
  AdwPreferencesPage  parent_instance;

  SyContext          *context;
  SyRouter           *router;
  GSettings          *settings;
  /* Set while this page changes the router or its own rows: the router's
   * "changed" must not overwrite what the user is still typing elsewhere. */
  gboolean            applying;
  gboolean            syncing;
  char               *save_error;

  /* Template widgets */
  AdwEntryRow        *try_row;
  AdwActionRow       *class_row;
  GtkLabel           *class_label;
  AdwActionRow       *route_row;
  GtkLabel           *route_label;
  AdwEntryRow        *simple_keywords_row;
  AdwEntryRow        *complex_keywords_row;
  GtkSpinButton      *simple_length_spin;
  GtkAdjustment      *simple_length_adjustment;
  AdwComboRow        *simple_backend_row;
  AdwComboRow        *medium_backend_row;
  AdwComboRow        *complex_backend_row;
  AdwEntryRow        *simple_model_row;
  AdwEntryRow        *medium_model_row;
  AdwEntryRow        *complex_model_row;
  GtkSpinButton      *shadow_spin;
  GtkAdjustment      *shadow_adjustment;
  GtkWidget          *reset_button;
};

G_DEFINE_FINAL_TYPE (SyRulesPage, sy_rules_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define EMPTY_KEYWORD N_("A keyword cannot be empty: remove the extra comma")

/* Auxiliary functions ----------------------------------------------------- */

static const char *
class_name (SyRouteClass klass)
{
  switch (klass)
    {
    case SY_ROUTE_CLASS_SIMPLE:
      return C_("route class", "Simple");
    case SY_ROUTE_CLASS_COMPLEX:
      return C_("route class", "Complex");
    case SY_ROUTE_CLASS_MEDIUM:
    default:
      return C_("route class", "Medium");
    }
}

static AdwEntryRow *
keywords_row (SyRulesPage  *self,
              SyRouteClass  klass)
{
  switch (klass)
    {
    case SY_ROUTE_CLASS_SIMPLE:
      return self->simple_keywords_row;
    case SY_ROUTE_CLASS_COMPLEX:
      return self->complex_keywords_row;
    case SY_ROUTE_CLASS_MEDIUM:
    default:
      return NULL;
    }
}

static AdwComboRow *
backend_row (SyRulesPage  *self,
             SyRouteClass  klass)
{
  switch (klass)
    {
    case SY_ROUTE_CLASS_SIMPLE:
      return self->simple_backend_row;
    case SY_ROUTE_CLASS_COMPLEX:
      return self->complex_backend_row;
    case SY_ROUTE_CLASS_MEDIUM:
    default:
      return self->medium_backend_row;
    }
}

static AdwEntryRow *
model_row (SyRulesPage  *self,
           SyRouteClass  klass)
{
  switch (klass)
    {
    case SY_ROUTE_CLASS_SIMPLE:
      return self->simple_model_row;
    case SY_ROUTE_CLASS_COMPLEX:
      return self->complex_model_row;
    case SY_ROUTE_CLASS_MEDIUM:
    default:
      return self->medium_model_row;
    }
}

static gboolean
class_of_row (SyRulesPage  *self,
              gpointer      row,
              SyRouteClass *out_class)
{
  for (SyRouteClass klass = 0; klass < SY_ROUTE_N_CLASSES; klass++)
    if (row == (gpointer) keywords_row (self, klass) ||
        row == (gpointer) backend_row (self, klass) ||
        row == (gpointer) model_row (self, klass))
      {
        *out_class = klass;
        return TRUE;
      }
  return FALSE;
}

/* "what is, define": the keywords as one editable line. */
static char *
join_keywords (const char * const *keywords)
{
  return g_strjoinv (", ", (char **) keywords);
}

/* NULL for a list with an empty item ("a,,b" or a trailing comma); an
 * empty line is an empty list, which turns the class off. */
static GStrv
split_keywords (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_auto(GStrv) parts = NULL;

  if (*trimmed == '\0')
    return g_strv_builder_end (builder);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        return NULL;
      g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* @message: (nullable): what is wrong, or %NULL when nothing is */
static void
set_row_error (gpointer    row,
               const char *message)
{
  sy_field_check_set_error (GTK_WIDGET (row), message);
}

static void
update_try_result (SyRulesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->try_row));
  g_autoptr(SyRouteDecision) decision = NULL;
  g_autofree char *route = NULL;
  g_autofree char *estimate = NULL;
  gboolean empty = *text == '\0';

  gtk_widget_set_visible (GTK_WIDGET (self->class_row), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->route_row), !empty);
  if (empty)
    return;

  decision = sy_router_route (self->router, text);
  gtk_label_set_text (self->class_label, class_name (decision->klass));
  adw_action_row_set_subtitle (self->class_row, decision->reason);

  route = decision->backend == SY_ROUTE_BACKEND_LOCAL
    /* Translators: a route: the model, then where it runs */
    ? g_strdup_printf (_("%s (local)"), decision->model)
    : g_strdup_printf (_("%s (API)"), decision->model);
  gtk_label_set_text (self->route_label, route);

  if (decision->backend == SY_ROUTE_BACKEND_LOCAL)
    estimate = g_strdup (_("Free: your own hardware answers"));
  else
    {
      g_autofree char *usd = sy_format_usd_small (decision->estimated_cost_usd);

      estimate = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "About %s, estimated from %u word",
                                               "About %s, estimated from %u words",
                                               decision->n_words),
                                  usd, decision->n_words);
    }
  adw_action_row_set_subtitle (self->route_row, estimate);
}

/* The rows show what the router holds; only after a reset or a load, so
 * a half-typed edit in one row survives a change applied in another. */
static void
sync_rows (SyRulesPage *self)
{
  self->syncing = TRUE;

  for (SyRouteClass klass = 0; klass < SY_ROUTE_N_CLASSES; klass++)
    {
      AdwEntryRow *keywords = keywords_row (self, klass);

      if (keywords != NULL)
        {
          g_autofree char *joined = join_keywords (sy_router_get_keywords (self->router, klass));

          gtk_editable_set_text (GTK_EDITABLE (keywords), joined);
          set_row_error (keywords, NULL);
        }
      adw_combo_row_set_selected (backend_row (self, klass),
                                  sy_router_get_route_backend (self->router, klass));
      gtk_editable_set_text (GTK_EDITABLE (model_row (self, klass)),
                             sy_router_get_route_model (self->router, klass));
      set_row_error (model_row (self, klass), NULL);
    }
  gtk_adjustment_set_value (self->simple_length_adjustment,
                            sy_router_get_simple_max_length (self->router));

  self->syncing = FALSE;
}

static void
save_rules (SyRulesPage *self)
{
  g_autofree char *path = sy_router_dup_default_path ();
  g_autoptr(GError) error = NULL;

  /* The rules stay applied in memory either way: a full disk costs the
   * next start its rules, not this session's. */
  if (sy_router_save (self->router, path, &error))
    {
      g_clear_pointer (&self->save_error, g_free);
      return;
    }

  g_message ("%s", error->message);
  g_free (self->save_error);
  self->save_error = g_strdup (error->message);
  sy_toast_show (GTK_WIDGET (self), error->message);
}

/* Runs one edit on the router, then saves; an invalid edit is a toast
 * and leaves the rules as they were. */
static gboolean
finish_edit (SyRulesPage  *self,
             gboolean      ok,
             GError       *error,
             gpointer      row)
{
  if (!ok)
    {
      set_row_error (row, error->message);
      return FALSE;
    }

  set_row_error (row, NULL);
  save_rules (self);
  return TRUE;
}

/* Callbacks ---------------------------------------------------------------- */

static void
on_try_changed_cb (SyRulesPage *self)
{
  update_try_result (self);
}

static void
on_router_changed_cb (SyRouter    *router,
                      SyRulesPage *self)
{
  if (!self->applying)
    sync_rows (self);
  update_try_result (self);
  gtk_widget_set_sensitive (self->reset_button, !sy_router_is_default (router));
}

static void
on_keywords_changed_cb (AdwEntryRow *row,
                        SyRulesPage *self)
{
  g_auto(GStrv) keywords = NULL;

  if (self->syncing)
    return;

  keywords = split_keywords (gtk_editable_get_text (GTK_EDITABLE (row)));
  set_row_error (row, keywords == NULL ? _(EMPTY_KEYWORD) : NULL);
}

static void
on_keywords_applied_cb (AdwEntryRow *row,
                        SyRulesPage *self)
{
  g_auto(GStrv) keywords = split_keywords (gtk_editable_get_text (GTK_EDITABLE (row)));
  g_autoptr(GError) error = NULL;
  SyRouteClass klass;
  gboolean ok;

  if (!class_of_row (self, row, &klass))
    g_return_if_reached ();

  if (keywords == NULL)
    {
      set_row_error (row, _(EMPTY_KEYWORD));
      return;
    }

  self->applying = TRUE;
  ok = sy_router_set_keywords (self->router, klass, (const char * const *) keywords, &error);
  self->applying = FALSE;
  finish_edit (self, ok, error, row);
}

static void
on_length_changed_cb (GtkAdjustment *adjustment,
                      SyRulesPage   *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->syncing)
    return;

  self->applying = TRUE;
  ok = sy_router_set_simple_max_length (self->router, (guint) gtk_adjustment_get_value (adjustment), &error);
  self->applying = FALSE;
  finish_edit (self, ok, error, self->simple_length_spin);
}

static void
apply_route (SyRulesPage  *self,
             SyRouteClass  klass,
             gpointer      row)
{
  guint backend = adw_combo_row_get_selected (backend_row (self, klass));
  g_autofree char *model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (model_row (self, klass)))));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (backend >= SY_ROUTE_N_BACKENDS)
    return;

  self->applying = TRUE;
  ok = sy_router_set_route (self->router, klass, backend, model, &error);
  self->applying = FALSE;
  finish_edit (self, ok, error, row);
}

static void
on_backend_selected_cb (AdwComboRow *row,
                        GParamSpec  *pspec,
                        SyRulesPage *self)
{
  SyRouteClass klass;

  if (self->syncing || !class_of_row (self, row, &klass))
    return;

  /* The model row may hold an edit not applied yet: the backend change
   * goes in with the model the router has, not the half-typed one. */
  gtk_editable_set_text (GTK_EDITABLE (model_row (self, klass)),
                         sy_router_get_route_model (self->router, klass));
  apply_route (self, klass, row);
}

static void
on_model_applied_cb (AdwEntryRow *row,
                     SyRulesPage *self)
{
  SyRouteClass klass;

  if (class_of_row (self, row, &klass))
    apply_route (self, klass, row);
}

static void
on_reset_answered (GtkWidget *widget,
                   gboolean   confirmed)
{
  if (confirmed)
    sy_rules_page_reset (SY_RULES_PAGE (widget));
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  sy_confirm_destructive (widget, _("Reset Routing Rules?"),
                          _("Keywords, the length limit and every route get their original values back."),
                          "reset", _("_Reset"), on_reset_answered);
}

/* Overrides ---------------------------------------------------------------- */

static void
sy_rules_page_constructed (GObject *object)
{
  SyRulesPage *self = SY_RULES_PAGE (object);

  G_OBJECT_CLASS (sy_rules_page_parent_class)->constructed (object);

  g_return_if_fail (self->router != NULL && self->settings != NULL);

  sync_rows (self);
  gtk_widget_set_sensitive (self->reset_button, !sy_router_is_default (self->router));

  g_signal_connect_object (self->router, "changed", G_CALLBACK (on_router_changed_cb), self, 0);

  g_settings_bind (self->settings, "pilot-shadow-share", self->shadow_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  /* A shadow share of 0 % is valid (no shadowing); the length limit
   * starts at one character. */
}

static void
sy_rules_page_dispose (GObject *object)
{
  SyRulesPage *self = SY_RULES_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_RULES_PAGE);

  G_OBJECT_CLASS (sy_rules_page_parent_class)->dispose (object);
}

static void
sy_rules_page_finalize (GObject *object)
{
  SyRulesPage *self = SY_RULES_PAGE (object);

  g_clear_object (&self->router);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_pointer (&self->save_error, g_free);

  G_OBJECT_CLASS (sy_rules_page_parent_class)->finalize (object);
}

static void
sy_rules_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SyRulesPage *self = SY_RULES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      self->router = g_object_ref (sy_context_get_router (self->context));
      self->settings = g_object_ref (sy_context_get_settings (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_rules_page_class_init (SyRulesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sy_rules_page_constructed;
  object_class->dispose = sy_rules_page_dispose;
  object_class->finalize = sy_rules_page_finalize;
  object_class->set_property = sy_rules_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SY_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-rules-page.ui");
  sy_field_check_bind_template_callbacks (widget_class);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, try_row);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, class_row);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, class_label);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, route_row);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, route_label);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, simple_keywords_row);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, complex_keywords_row);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, simple_length_spin);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, simple_length_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, simple_backend_row);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, medium_backend_row);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, complex_backend_row);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, simple_model_row);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, medium_model_row);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, complex_model_row);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, shadow_spin);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, shadow_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SyRulesPage, reset_button);

  gtk_widget_class_bind_template_callback (widget_class, on_try_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_keywords_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_keywords_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_length_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_backend_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_model_applied_cb);

  gtk_widget_class_install_action (widget_class, "rules.reset", NULL, reset_action);
}

static void
sy_rules_page_init (SyRulesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
sy_rules_page_new (SyContext *context)
{
  g_return_val_if_fail (SY_IS_CONTEXT (context), NULL);

  return g_object_new (SY_TYPE_RULES_PAGE, "context", context, NULL);
}

void
sy_rules_page_reset (SyRulesPage *self)
{
  g_return_if_fail (SY_IS_RULES_PAGE (self));

  /* Not "applying": every row takes the defaults. */
  sy_router_reset (self->router);
  save_rules (self);
  if (self->save_error == NULL)
    sy_toast_show (GTK_WIDGET (self), _("Routing rules reset to the defaults"));
}

AdwEntryRow *
sy_rules_page_get_try_row (SyRulesPage *self)
{
  return self->try_row;
}

const char *
sy_rules_page_get_class_text (SyRulesPage *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->class_row)))
    return NULL;
  return gtk_label_get_text (self->class_label);
}

const char *
sy_rules_page_get_route_text (SyRulesPage *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->route_row)))
    return NULL;
  return gtk_label_get_text (self->route_label);
}

const char *
sy_rules_page_get_reason_text (SyRulesPage *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->class_row)))
    return NULL;
  return adw_action_row_get_subtitle (self->class_row);
}

AdwEntryRow *
sy_rules_page_get_keywords_row (SyRulesPage  *self,
                                SyRouteClass  klass)
{
  return keywords_row (self, klass);
}

AdwEntryRow *
sy_rules_page_get_model_row (SyRulesPage  *self,
                             SyRouteClass  klass)
{
  return model_row (self, klass);
}

AdwComboRow *
sy_rules_page_get_backend_row (SyRulesPage  *self,
                               SyRouteClass  klass)
{
  return backend_row (self, klass);
}

GtkSpinButton *
sy_rules_page_get_length_spin (SyRulesPage *self)
{
  return self->simple_length_spin;
}

GtkSpinButton *
sy_rules_page_get_shadow_spin (SyRulesPage *self)
{
  return self->shadow_spin;
}

const char *
sy_rules_page_get_save_error (SyRulesPage *self)
{
  return self->save_error;
}
