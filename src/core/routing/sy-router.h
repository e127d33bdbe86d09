/* sy-router.h: hybrid routing, SPEC §3: which backend answers a query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sy-backend.h"
#include "sy-price-table.h"

G_BEGIN_DECLS

#define SY_ROUTER_ERROR (sy_router_error_quark ())

typedef enum
{
  SY_ROUTER_ERROR_INVALID,   /* an empty keyword or model, a zero length limit */
  SY_ROUTER_ERROR_PARSE,     /* routing.json is not what it claims */
  SY_ROUTER_ERROR_IO,
} SyRouterError;

GQuark sy_router_error_quark (void);

/* Checked in this order: simple, then complex, else medium (SPEC §3). */
typedef enum
{
  SY_ROUTE_CLASS_SIMPLE,
  SY_ROUTE_CLASS_MEDIUM,
  SY_ROUTE_CLASS_COMPLEX,
} SyRouteClass;

#define SY_ROUTE_N_CLASSES 3

typedef enum
{
  SY_ROUTE_BACKEND_LOCAL,
  SY_ROUTE_BACKEND_API,
} SyRouteBackend;

#define SY_ROUTE_N_BACKENDS 2

/* "simple", "medium", "complex" / "local", "api": stable ids for files
 * and JSON, never translated. */
const char *sy_route_class_to_id       (SyRouteClass    klass);
/* "Simple", "Medium", "Complex", translated */
const char *sy_route_class_get_label   (SyRouteClass    klass);
gboolean    sy_route_class_from_id     (const char     *id,
                                        SyRouteClass   *out_class);
const char *sy_route_backend_to_id     (SyRouteBackend  backend);
gboolean    sy_route_backend_from_id   (const char     *id,
                                        SyRouteBackend *out_backend);

/* SPEC §3's defaults. */
#define SY_ROUTER_DEFAULT_SIMPLE_MAX_LENGTH 100    /* "shorter than 100 characters" */
#define SY_ROUTER_DEFAULT_SIMPLE_MODEL      "llama3.1:8b"
#define SY_ROUTER_DEFAULT_MEDIUM_MODEL      "gpt-4o-mini"
#define SY_ROUTER_DEFAULT_COMPLEX_MODEL     "gpt-4o"
/* The original's word-count estimate, USD per word. */
#define SY_ROUTER_MEDIUM_USD_PER_WORD       0.0000015
#define SY_ROUTER_COMPLEX_USD_PER_WORD      0.000015

/* What the router decided for one query. */
#define SY_TYPE_ROUTE_DECISION (sy_route_decision_get_type ())

typedef struct
{
  SyRouteClass    klass;
  SyRouteBackend  backend;
  char           *model;
  char           *keyword;             /* the keyword that matched, or NULL */
  guint           length;              /* the query's length in characters */
  guint           n_words;
  double          estimated_cost_usd;  /* before sending: SPEC's word-count estimate */
  char           *reason;              /* translated: "contains “what is” and is 12 characters long" */
} SyRouteDecision;

GType            sy_route_decision_get_type (void) G_GNUC_CONST;
SyRouteDecision *sy_route_decision_copy     (const SyRouteDecision *decision);
void             sy_route_decision_free     (SyRouteDecision       *decision);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyRouteDecision, sy_route_decision_free)

/* Words as the original counted them: runs of non-space characters. */
guint     sy_router_count_words         (const char          *query);
/* SPEC's estimate before sending: 0 for a local route, else words × the
 * per-word rate of the class (complex: SY_ROUTER_COMPLEX_USD_PER_WORD,
 * simple and medium: SY_ROUTER_MEDIUM_USD_PER_WORD). With the default
 * routes this is exactly SPEC's medium, complex and simple (0) figures. */
double    sy_router_estimate_cost       (SyRouteClass         klass,
                                         SyRouteBackend       backend,
                                         const char          *query);
/* The real cost after the reply: the usage the server reported × the
 * price of @model (0 for a local route). A dated snapshot name the table
 * does not know ("gpt-4o-mini-2024-07-18") is looked up without its date. */
gboolean  sy_router_compute_cost        (SyPriceTable        *prices,
                                         SyRouteBackend       backend,
                                         const char          *model,
                                         gint64               prompt_tokens,
                                         gint64               completion_tokens,
                                         double              *out_usd,
                                         GError             **error);

#define SY_TYPE_ROUTER (sy_router_get_type ())
G_DECLARE_FINAL_TYPE (SyRouter, sy_router, SY, ROUTER, GObject)

/* SyRouter::changed is emitted after any rule changes (an edit, a reset
 * or a load), so a "try a sentence" box can classify again. */

SyRouter        *sy_router_new                  (void);
void             sy_router_reset                (SyRouter            *self);

/* Matching is a case-insensitive substring match. Only the simple and
 * complex classes have keywords; medium is what matches neither. */
const char * const *sy_router_get_keywords      (SyRouter            *self,
                                                 SyRouteClass         klass);
/* Keywords are trimmed; an empty one is SY_ROUTER_ERROR_INVALID and
 * leaves the rules unchanged. */
gboolean         sy_router_set_keywords         (SyRouter            *self,
                                                 SyRouteClass         klass,
                                                 const char * const  *keywords,
                                                 GError             **error);
/* A simple query is shorter than this many characters. */
guint            sy_router_get_simple_max_length (SyRouter           *self);
gboolean         sy_router_set_simple_max_length (SyRouter           *self,
                                                 guint                max_length,
                                                 GError             **error);
SyRouteBackend   sy_router_get_route_backend    (SyRouter            *self,
                                                 SyRouteClass         klass);
const char      *sy_router_get_route_model      (SyRouter            *self,
                                                 SyRouteClass         klass);
gboolean         sy_router_set_route            (SyRouter            *self,
                                                 SyRouteClass         klass,
                                                 SyRouteBackend       backend,
                                                 const char          *model,
                                                 GError             **error);
/* TRUE while every rule is SPEC's default. */
gboolean         sy_router_is_default           (SyRouter            *self);

SyRouteClass     sy_router_classify             (SyRouter            *self,
                                                 const char          *query);
SyRouteDecision *sy_router_route                (SyRouter            *self,
                                                 const char          *query);
/* Which rule matched and why, translated. */
char            *sy_router_explain              (SyRouter            *self,
                                                 const char          *query);

/* Persistence --------------------------------------------------------- */

/* g_get_user_config_dir()/switchyard/routing.json, or
 * $SWITCHYARD_CONFIG_DIR/routing.json when that is set (tests). */
char            *sy_router_dup_default_path     (void);
/* A missing file leaves the defaults and is not an error. A corrupt one is
 * moved aside (sy_cost_settings_move_aside(), named in the message), the
 * rules reset to the defaults, and FALSE returned. */
gboolean         sy_router_load                 (SyRouter            *self,
                                                 const char          *path,
                                                 GError             **error);
/* Written atomically, parent directories created (0700). */
gboolean         sy_router_save                 (SyRouter            *self,
                                                 const char          *path,
                                                 GError             **error);
char            *sy_router_to_json              (SyRouter            *self);

G_END_DECLS
