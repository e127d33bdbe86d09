/* sy-router.c: hybrid routing, SPEC §3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sy-router-private.h"

typedef struct
{
  GStrv           keywords;     /* as typed (trimmed); NULL for medium */
  GStrv           folded;       /* g_utf8_casefold()ed copies, for matching */
  SyRouteBackend  backend;
  char           *model;
} Rule;

struct _SyRouter
{
  GObject parent_instance;

  Rule    rules[SY_ROUTE_N_CLASSES];
  guint   simple_max_length;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SyRouter, sy_router, G_TYPE_OBJECT)
G_DEFINE_QUARK (sy-router-error-quark, sy_router_error)
G_DEFINE_BOXED_TYPE (SyRouteDecision, sy_route_decision, sy_route_decision_copy, sy_route_decision_free)

static const char * const default_simple_keywords[] = {
  "what is", "define", "when did", "how many", "list the", NULL
};
static const char * const default_complex_keywords[] = {
  "compare", "analyze", "explain why", "design", "implement", "debug", "optimize",
  "write a program", NULL
};

static const char * const class_ids[] = { "simple", "medium", "complex" };
static const char * const backend_ids[] = { "local", "api" };

/* Auxiliary functions ------------------------------------------------------ */

const char *
sy_route_class_to_id (SyRouteClass klass)
{
  g_return_val_if_fail (klass < SY_ROUTE_N_CLASSES, "medium");
  return class_ids[klass];
}

const char *
sy_route_class_get_label (SyRouteClass klass)
{
  switch (klass)
    {
    case SY_ROUTE_CLASS_SIMPLE:
      return _("Simple");
    case SY_ROUTE_CLASS_COMPLEX:
      return _("Complex");
    case SY_ROUTE_CLASS_MEDIUM:
    default:
      return _("Medium");
    }
}

gboolean
sy_route_class_from_id (const char   *id,
                        SyRouteClass *out_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (class_ids); i++)
    if (g_strcmp0 (id, class_ids[i]) == 0)
      {
        *out_class = i;
        return TRUE;
      }
  return FALSE;
}

const char *
sy_route_backend_to_id (SyRouteBackend backend)
{
  g_return_val_if_fail (backend < SY_ROUTE_N_BACKENDS, "api");
  return backend_ids[backend];
}

gboolean
sy_route_backend_from_id (const char     *id,
                          SyRouteBackend *out_backend)
{
  for (guint i = 0; i < G_N_ELEMENTS (backend_ids); i++)
    if (g_strcmp0 (id, backend_ids[i]) == 0)
      {
        *out_backend = i;
        return TRUE;
      }
  return FALSE;
}

SyRouteDecision *
sy_route_decision_copy (const SyRouteDecision *decision)
{
  SyRouteDecision *copy = g_memdup2 (decision, sizeof *decision);

  copy->model = g_strdup (decision->model);
  copy->keyword = g_strdup (decision->keyword);
  copy->reason = g_strdup (decision->reason);
  return copy;
}

void
sy_route_decision_free (SyRouteDecision *decision)
{
  if (decision == NULL)
    return;
  g_free (decision->model);
  g_free (decision->keyword);
  g_free (decision->reason);
  g_free (decision);
}

static GStrv
fold_keywords (const char * const *keywords)
{
  GStrv folded = g_new0 (char *, g_strv_length ((GStrv) keywords) + 1);

  for (guint i = 0; keywords[i] != NULL; i++)
    folded[i] = g_utf8_casefold (keywords[i], -1);
  return folded;
}

static void
rule_clear (Rule *rule)
{
  g_clear_pointer (&rule->keywords, g_strfreev);
  g_clear_pointer (&rule->folded, g_strfreev);
  g_clear_pointer (&rule->model, g_free);
}

static void
rule_set_keywords (Rule               *rule,
                   const char * const *keywords)
{
  g_clear_pointer (&rule->keywords, g_strfreev);
  g_clear_pointer (&rule->folded, g_strfreev);
  rule->keywords = g_strdupv ((GStrv) keywords);
  rule->folded = fold_keywords (keywords);
}

static void
set_defaults (SyRouter *self)
{
  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    rule_clear (&self->rules[i]);

  rule_set_keywords (&self->rules[SY_ROUTE_CLASS_SIMPLE], default_simple_keywords);
  rule_set_keywords (&self->rules[SY_ROUTE_CLASS_COMPLEX], default_complex_keywords);
  self->rules[SY_ROUTE_CLASS_SIMPLE].backend = SY_ROUTE_BACKEND_LOCAL;
  self->rules[SY_ROUTE_CLASS_SIMPLE].model = g_strdup (SY_ROUTER_DEFAULT_SIMPLE_MODEL);
  self->rules[SY_ROUTE_CLASS_MEDIUM].backend = SY_ROUTE_BACKEND_API;
  self->rules[SY_ROUTE_CLASS_MEDIUM].model = g_strdup (SY_ROUTER_DEFAULT_MEDIUM_MODEL);
  self->rules[SY_ROUTE_CLASS_COMPLEX].backend = SY_ROUTE_BACKEND_API;
  self->rules[SY_ROUTE_CLASS_COMPLEX].model = g_strdup (SY_ROUTER_DEFAULT_COMPLEX_MODEL);
  self->simple_max_length = SY_ROUTER_DEFAULT_SIMPLE_MAX_LENGTH;
}

/* Trims and checks @keywords; NULL (with @error) when one is empty. */
static GStrv
clean_keywords (const char * const  *keywords,
                GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      g_autofree char *keyword = g_strstrip (g_strdup (keywords[i]));

      if (*keyword == '\0' || !g_utf8_validate (keyword, -1, NULL))
        {
          g_set_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_INVALID,
                       _("A keyword cannot be empty"));
          return NULL;
        }
      g_strv_builder_add (builder, keyword);
    }

  return g_strv_builder_end (builder);
}

/* The first keyword of @rule found in @folded_query, or NULL. */
static const char *
find_keyword (const Rule *rule,
              const char *folded_query)
{
  for (guint i = 0; rule->folded != NULL && rule->folded[i] != NULL; i++)
    if (strstr (folded_query, rule->folded[i]) != NULL)
      return rule->keywords[i];
  return NULL;
}

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char **) a, (const char **) b);
}

static void
emit_changed (SyRouter *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Overrides ------------------------------------------------------------------ */

static void
sy_router_finalize (GObject *object)
{
  SyRouter *self = SY_ROUTER (object);

  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    rule_clear (&self->rules[i]);

  G_OBJECT_CLASS (sy_router_parent_class)->finalize (object);
}

static void
sy_router_class_init (SyRouterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sy_router_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sy_router_init (SyRouter *self)
{
  set_defaults (self);
}

/* Public API ----------------------------------------------------------------- */

guint
sy_router_count_words (const char *query)
{
  guint n = 0;
  gboolean in_word = FALSE;

  for (const char *p = query; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gboolean space = g_unichar_isspace (g_utf8_get_char (p));

      if (!space && !in_word)
        n++;
      in_word = !space;
    }

  return n;
}

double
sy_router_estimate_cost (SyRouteClass    klass,
                         SyRouteBackend  backend,
                         const char     *query)
{
  double per_word;

  /* A local answer costs nothing per request (SPEC: "simple → local (cost 0)"). */
  if (backend == SY_ROUTE_BACKEND_LOCAL)
    return 0.0;

  per_word = klass == SY_ROUTE_CLASS_COMPLEX ? SY_ROUTER_COMPLEX_USD_PER_WORD
                                              : SY_ROUTER_MEDIUM_USD_PER_WORD;
  return sy_router_count_words (query) * per_word;
}

gboolean
sy_router_compute_cost (SyPriceTable    *prices,
                        SyRouteBackend   backend,
                        const char      *model,
                        gint64           prompt_tokens,
                        gint64           completion_tokens,
                        double          *out_usd,
                        GError         **error)
{
  SyPrice price;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (prices), FALSE);

  if (backend == SY_ROUTE_BACKEND_LOCAL)
    {
      *out_usd = 0.0;
      return TRUE;
    }

  if (!sy_price_table_lookup (prices, model, &price, NULL))
    {
      g_autoptr(GRegex) dated = g_regex_new ("-\\d{4}-\\d{2}-\\d{2}$", 0, 0, NULL);
      g_autofree char *undated = g_regex_replace_literal (dated, model != NULL ? model : "",
                                                          -1, 0, "", 0, NULL);

      if (!sy_price_table_lookup (prices, undated, &price, error))
        return FALSE;
    }

  *out_usd = (MAX (prompt_tokens, 0) * price.input_per_million +
              MAX (completion_tokens, 0) * price.output_per_million) / 1e6;
  return TRUE;
}

SyRouter *
sy_router_new (void)
{
  return g_object_new (SY_TYPE_ROUTER, NULL);
}

void
sy_router_reset (SyRouter *self)
{
  g_return_if_fail (SY_IS_ROUTER (self));

  set_defaults (self);
  emit_changed (self);
}

const char * const *
sy_router_get_keywords (SyRouter     *self,
                        SyRouteClass  klass)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (SY_IS_ROUTER (self), none);
  g_return_val_if_fail (klass < SY_ROUTE_N_CLASSES, none);

  if (self->rules[klass].keywords == NULL)
    return none;
  return (const char * const *) self->rules[klass].keywords;
}

gboolean
sy_router_set_keywords (SyRouter            *self,
                        SyRouteClass         klass,
                        const char * const  *keywords,
                        GError             **error)
{
  g_auto(GStrv) clean = NULL;

  g_return_val_if_fail (SY_IS_ROUTER (self), FALSE);
  g_return_val_if_fail (klass == SY_ROUTE_CLASS_SIMPLE || klass == SY_ROUTE_CLASS_COMPLEX, FALSE);

  clean = clean_keywords (keywords, error);
  if (clean == NULL)
    return FALSE;

  if (!strv_equal0 ((const char * const *) clean, (const char * const *) self->rules[klass].keywords))
    {
      rule_set_keywords (&self->rules[klass], (const char * const *) clean);
      emit_changed (self);
    }
  return TRUE;
}

guint
sy_router_get_simple_max_length (SyRouter *self)
{
  g_return_val_if_fail (SY_IS_ROUTER (self), SY_ROUTER_DEFAULT_SIMPLE_MAX_LENGTH);
  return self->simple_max_length;
}

gboolean
sy_router_set_simple_max_length (SyRouter  *self,
                                 guint      max_length,
                                 GError   **error)
{
  g_return_val_if_fail (SY_IS_ROUTER (self), FALSE);

  /* "Shorter than 0 characters" would switch the simple class off
   * silently; an empty keyword list says that openly. */
  if (max_length == 0)
    {
      g_set_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_INVALID,
                   _("The length limit must be at least 1 character"));
      return FALSE;
    }

  if (max_length != self->simple_max_length)
    {
      self->simple_max_length = max_length;
      emit_changed (self);
    }
  return TRUE;
}

SyRouteBackend
sy_router_get_route_backend (SyRouter     *self,
                             SyRouteClass  klass)
{
  g_return_val_if_fail (SY_IS_ROUTER (self), SY_ROUTE_BACKEND_API);
  g_return_val_if_fail (klass < SY_ROUTE_N_CLASSES, SY_ROUTE_BACKEND_API);
  return self->rules[klass].backend;
}

const char *
sy_router_get_route_model (SyRouter     *self,
                           SyRouteClass  klass)
{
  g_return_val_if_fail (SY_IS_ROUTER (self), NULL);
  g_return_val_if_fail (klass < SY_ROUTE_N_CLASSES, NULL);
  return self->rules[klass].model;
}

gboolean
sy_router_set_route (SyRouter        *self,
                     SyRouteClass     klass,
                     SyRouteBackend   backend,
                     const char      *model,
                     GError         **error)
{
  g_autofree char *clean = NULL;
  Rule *rule;

  g_return_val_if_fail (SY_IS_ROUTER (self), FALSE);
  g_return_val_if_fail (klass < SY_ROUTE_N_CLASSES, FALSE);
  g_return_val_if_fail (backend < SY_ROUTE_N_BACKENDS, FALSE);

  clean = g_strstrip (g_strdup (model != NULL ? model : ""));
  if (*clean == '\0' || !g_utf8_validate (clean, -1, NULL))
    {
      g_set_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_INVALID,
                   _("A route needs a model name"));
      return FALSE;
    }

  rule = &self->rules[klass];
  if (rule->backend != backend || g_strcmp0 (rule->model, clean) != 0)
    {
      rule->backend = backend;
      g_free (rule->model);
      rule->model = g_steal_pointer (&clean);
      emit_changed (self);
    }
  return TRUE;
}

gboolean
sy_router_is_default (SyRouter *self)
{
  g_autoptr(SyRouter) defaults = sy_router_new ();

  g_return_val_if_fail (SY_IS_ROUTER (self), FALSE);

  if (self->simple_max_length != defaults->simple_max_length)
    return FALSE;
  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    if (self->rules[i].backend != defaults->rules[i].backend ||
        g_strcmp0 (self->rules[i].model, defaults->rules[i].model) != 0 ||
        !strv_equal0 ((const char * const *) self->rules[i].keywords,
                      (const char * const *) defaults->rules[i].keywords))
      return FALSE;
  return TRUE;
}

/* The one place the rules are applied, so classify, route and explain
 * can never disagree. @out_simple_keyword is set when a simple keyword
 * matched but the query was too long. */
static SyRouteClass
classify_full (SyRouter    *self,
               const char  *query,
               const char **out_keyword,
               const char **out_simple_keyword,
               guint       *out_length)
{
  g_autofree char *folded = g_utf8_casefold (query != NULL ? query : "", -1);
  guint length = query != NULL ? (guint) g_utf8_strlen (query, -1) : 0;
  const char *keyword;

  *out_length = length;
  *out_keyword = NULL;
  *out_simple_keyword = NULL;

  keyword = find_keyword (&self->rules[SY_ROUTE_CLASS_SIMPLE], folded);
  if (keyword != NULL && length < self->simple_max_length)
    {
      *out_keyword = keyword;
      return SY_ROUTE_CLASS_SIMPLE;
    }
  *out_simple_keyword = keyword;

  keyword = find_keyword (&self->rules[SY_ROUTE_CLASS_COMPLEX], folded);
  if (keyword != NULL)
    {
      *out_keyword = keyword;
      return SY_ROUTE_CLASS_COMPLEX;
    }

  return SY_ROUTE_CLASS_MEDIUM;
}

SyRouteClass
sy_router_classify (SyRouter   *self,
                    const char *query)
{
  const char *keyword, *simple_keyword;
  guint length;

  g_return_val_if_fail (SY_IS_ROUTER (self), SY_ROUTE_CLASS_MEDIUM);

  return classify_full (self, query, &keyword, &simple_keyword, &length);
}

char *
sy_router_explain (SyRouter   *self,
                   const char *query)
{
  const char *keyword, *simple_keyword;
  guint length;
  SyRouteClass klass;

  g_return_val_if_fail (SY_IS_ROUTER (self), NULL);

  klass = classify_full (self, query, &keyword, &simple_keyword, &length);
  switch (klass)
    {
    case SY_ROUTE_CLASS_SIMPLE:
      /* Translators: a routing reason: the keyword, then the query's length */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "contains “%s” and is %u character long",
                                           "contains “%s” and is %u characters long", length),
                              keyword, length);

    case SY_ROUTE_CLASS_COMPLEX:
      if (simple_keyword != NULL)
        /* Translators: a routing reason; the simple rule's keyword matched,
         * but the query was too long for it */
        return g_strdup_printf (_("contains “%s” (and “%s”, but at %u characters it is too long to be simple)"),
                                keyword, simple_keyword, length);
      /* Translators: a routing reason */
      return g_strdup_printf (_("contains “%s”"), keyword);

    case SY_ROUTE_CLASS_MEDIUM:
    default:
      if (simple_keyword != NULL)
        /* Translators: a routing reason: keyword, length, the length limit */
        return g_strdup_printf (_("contains “%s” but is %u characters long, not under %u, "
                                  "and no keyword of the complex rule"),
                                simple_keyword, length, self->simple_max_length);
      return g_strdup (_("no keyword of the simple or complex rules"));
    }
}

SyRouteDecision *
sy_router_route (SyRouter   *self,
                 const char *query)
{
  SyRouteDecision *decision;
  const char *keyword, *simple_keyword;
  guint length;

  g_return_val_if_fail (SY_IS_ROUTER (self), NULL);

  decision = g_new0 (SyRouteDecision, 1);
  decision->klass = classify_full (self, query, &keyword, &simple_keyword, &length);
  decision->backend = self->rules[decision->klass].backend;
  decision->model = g_strdup (self->rules[decision->klass].model);
  decision->keyword = g_strdup (keyword);
  decision->length = length;
  decision->n_words = sy_router_count_words (query);
  decision->estimated_cost_usd = sy_router_estimate_cost (decision->klass, decision->backend, query);
  decision->reason = sy_router_explain (self, query);

  return decision;
}

/* Private API (sy-router-private.h) ------------------------------------------ */

/* Takes @from's rules, then tells listeners once. */
void
sy_router_copy_rules (SyRouter *self,
                      SyRouter *from)
{
  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    {
      rule_clear (&self->rules[i]);
      if (from->rules[i].keywords != NULL)
        rule_set_keywords (&self->rules[i], (const char * const *) from->rules[i].keywords);
      self->rules[i].backend = from->rules[i].backend;
      self->rules[i].model = g_strdup (from->rules[i].model);
    }
  self->simple_max_length = from->simple_max_length;
  emit_changed (self);
}
