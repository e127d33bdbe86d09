/* sy-compare-view.c: a prompt's local and API replies side by side, rated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include <stdlib.h>

#include "sy-compare-view.h"
#include "sy-message-row.h"

#define SPACING 12

/* Which side the local reply shows on, kept on the message so a row that
 * is rebound (list recycling, a redraw) does not swap the two. */
#define ORDER_KEY "sy-compare-local-on-right"
enum { ORDER_UNDECIDED, ORDER_LOCAL_LEFT, ORDER_LOCAL_RIGHT };

struct _SyCompareView
{
  GtkWidget     parent_instance;

  SyMessage    *message;
  SyMessage    *local;
  SyMessage    *api;
  GRand        *rand;            /* draws the order of A and B */
  gboolean      local_on_right;
  gboolean      side_by_side;
  gboolean      updating;

  /* Template widgets */
  GtkWidget    *column_a;
  GtkWidget    *column_b;
  GtkWidget    *bar;
  GtkLabel     *title_a;
  GtkLabel     *title_b;
  SyMessageRow *row_a;
  SyMessageRow *row_b;
  GtkWidget    *rate_a;
  GtkWidget    *rate_tie;
  GtkWidget    *rate_b;
  GtkWidget    *regenerate_button;
};

G_DEFINE_FINAL_TYPE (SyCompareView, sy_compare_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RATE,
  REGENERATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Layout: the two columns share the width, or stack when it is under
 * SY_COMPARE_VIEW_STACK_BELOW; the rating bar goes underneath. Done by
 * hand because GTK 4.8 and libadwaita 1.2 have no breakpoints. */

static gboolean
fits_side_by_side (int width)
{
  return width < 0 || width >= SY_COMPARE_VIEW_STACK_BELOW;
}

static int
height_for (GtkWidget *child,
            int        width,
            int       *natural)
{
  int min = 0, nat = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
  if (natural != NULL)
    *natural = nat;
  return min;
}

static void
sy_compare_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  SyCompareView *self = SY_COMPARE_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int min_a, nat_a, min_b, nat_b, min_bar, nat_bar;

      gtk_widget_measure (self->column_a, orientation, -1, &min_a, &nat_a, NULL, NULL);
      gtk_widget_measure (self->column_b, orientation, -1, &min_b, &nat_b, NULL, NULL);
      gtk_widget_measure (self->bar, orientation, -1, &min_bar, &nat_bar, NULL, NULL);
      /* Stacked, the narrowest column is all it needs. */
      *minimum = MAX (MAX (min_a, min_b), min_bar);
      *natural = MAX (nat_a + SPACING + nat_b, nat_bar);
    }
  else
    {
      int nat_a, nat_b, nat_bar;
      int min_a, min_b, min_bar;

      if (fits_side_by_side (for_size))
        {
          int column = for_size < 0 ? -1 : (for_size - SPACING) / 2;

          min_a = height_for (self->column_a, column, &nat_a);
          min_b = height_for (self->column_b, column, &nat_b);
          min_bar = height_for (self->bar, for_size, &nat_bar);
          *minimum = MAX (min_a, min_b) + SPACING + min_bar;
          *natural = MAX (nat_a, nat_b) + SPACING + nat_bar;
        }
      else
        {
          min_a = height_for (self->column_a, for_size, &nat_a);
          min_b = height_for (self->column_b, for_size, &nat_b);
          min_bar = height_for (self->bar, for_size, &nat_bar);
          *minimum = min_a + SPACING + min_b + SPACING + min_bar;
          *natural = nat_a + SPACING + nat_b + SPACING + nat_bar;
        }
    }

  if (minimum_baseline != NULL)
    *minimum_baseline = -1;
  if (natural_baseline != NULL)
    *natural_baseline = -1;
}

static void
allocate_child (GtkWidget *child,
                int        x,
                int        y,
                int        width,
                int        height)
{
  GtkAllocation allocation = { x, y, width, height };

  gtk_widget_size_allocate (child, &allocation, -1);
}

static void
sy_compare_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  SyCompareView *self = SY_COMPARE_VIEW (widget);
  int bar_height = height_for (self->bar, width, NULL);
  int y;

  self->side_by_side = fits_side_by_side (width);

  if (self->side_by_side)
    {
      int column = (width - SPACING) / 2;
      int columns_height = MAX (height - SPACING - bar_height, 0);
      gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

      allocate_child (self->column_a, rtl ? width - column : 0, 0, column, columns_height);
      allocate_child (self->column_b, rtl ? 0 : width - column, 0, column, columns_height);
      y = columns_height + SPACING;
    }
  else
    {
      int height_a = height_for (self->column_a, width, NULL);
      int height_b = height_for (self->column_b, width, NULL);

      allocate_child (self->column_a, 0, 0, width, height_a);
      allocate_child (self->column_b, 0, height_a + SPACING, width, height_b);
      y = height_a + SPACING + height_b + SPACING;
    }

  allocate_child (self->bar, 0, y, width, MAX (MIN (bar_height, height - y), 0));
}

static GtkSizeRequestMode
sy_compare_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Callbacks ---------------------------------------------------------------- */

static char *
column_title (SyMessage *message)
{
  const char *backend = g_strcmp0 (sy_message_get_backend (message), "openai") == 0 ? _("Hosted API")
                                                                                     : _("Local (Ollama)");

  if (sy_message_get_model (message) == NULL)
    return g_strdup (backend);
  return g_strdup_printf ("%s · %s", backend, sy_message_get_model (message));
}

/* Blind until rated (SPEC §5): the names show only once a rating is in. */
static void
sync_titles (SyCompareView *self)
{
  gboolean rated = self->message != NULL && sy_message_get_rating (self->message) != SY_PILOT_RATING_NONE;
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;

  if (rated)
    {
      left = column_title (self->local_on_right ? self->api : self->local);
      right = column_title (self->local_on_right ? self->local : self->api);
    }
  gtk_label_set_text (self->title_a, left != NULL ? left : "");
  gtk_label_set_text (self->title_b, right != NULL ? right : "");
  sy_message_row_set_blind (self->row_a, !rated);
  sy_message_row_set_blind (self->row_b, !rated);
}

/* The button a true rating (A: local better, B: API better) shows as. */
static GtkWidget *
button_for_rating (SyCompareView *self,
                   SyPilotRating  rating)
{
  switch (rating)
    {
    case SY_PILOT_RATING_A:
      return self->local_on_right ? self->rate_b : self->rate_a;
    case SY_PILOT_RATING_B:
      return self->local_on_right ? self->rate_a : self->rate_b;
    case SY_PILOT_RATING_TIE:
      return self->rate_tie;
    case SY_PILOT_RATING_NONE:
    default:
      return NULL;
    }
}

static void
sync_rating (SyCompareView *self)
{
  SyPilotRating rating = self->message ? sy_message_get_rating (self->message) : SY_PILOT_RATING_NONE;
  GtkWidget *active = button_for_rating (self, rating);

  self->updating = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->rate_a), active == self->rate_a);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->rate_tie), active == self->rate_tie);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->rate_b), active == self->rate_b);
  self->updating = FALSE;
  sync_titles (self);
}

static gboolean
is_streaming (SyMessage *message)
{
  return message != NULL && sy_message_get_state (message) == SY_MESSAGE_STATE_STREAMING;
}

static void
sync_sensitivity (SyCompareView *self)
{
  SyMessage *alternate = self->message ? sy_message_get_alternate (self->message) : NULL;
  /* Rated once both ended, and only if the pair made it into the log. */
  gboolean done = self->message != NULL && !is_streaming (self->message) && !is_streaming (alternate);
  gboolean can_rate = done && sy_message_get_pilot_id (self->message) != NULL;

  gtk_widget_set_sensitive (self->rate_a, can_rate);
  gtk_widget_set_sensitive (self->rate_tie, can_rate);
  gtk_widget_set_sensitive (self->rate_b, can_rate);
  gtk_widget_set_visible (self->regenerate_button, done);
}

static void
on_rate_toggled_cb (GtkToggleButton *button,
                    SyCompareView   *self)
{
  SyPilotRating rating;

  if (self->updating || self->message == NULL || !gtk_toggle_button_get_active (button))
    return;

  /* Stored with the true sides, whichever side each reply was shown on. */
  if (GTK_WIDGET (button) == button_for_rating (self, SY_PILOT_RATING_A))
    rating = SY_PILOT_RATING_A;
  else if (GTK_WIDGET (button) == button_for_rating (self, SY_PILOT_RATING_B))
    rating = SY_PILOT_RATING_B;
  else
    rating = SY_PILOT_RATING_TIE;

  g_signal_emit (self, signals[RATE], 0, (int) rating);
  /* The page may have refused (the log could not be written). */
  sync_rating (self);
}

static void
on_regenerate_clicked_cb (SyCompareView *self)
{
  if (self->message != NULL)
    g_signal_emit (self, signals[REGENERATE], 0);
}

/* Overrides ---------------------------------------------------------------- */

static void
sy_compare_view_dispose (GObject *object)
{
  SyCompareView *self = SY_COMPARE_VIEW (object);

  sy_compare_view_set_message (self, NULL);
  g_clear_pointer (&self->rand, g_rand_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_COMPARE_VIEW);

  G_OBJECT_CLASS (sy_compare_view_parent_class)->dispose (object);
}

static void
sy_compare_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SyCompareView *self = SY_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_compare_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SyCompareView *self = SY_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      sy_compare_view_set_message (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_compare_view_class_init (SyCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_compare_view_dispose;
  object_class->get_property = sy_compare_view_get_property;
  object_class->set_property = sy_compare_view_set_property;
  widget_class->measure = sy_compare_view_measure;
  widget_class->size_allocate = sy_compare_view_size_allocate;
  widget_class->get_request_mode = sy_compare_view_get_request_mode;

  /* A reply with an alternate; NULL unbinds. */
  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL, SY_TYPE_MESSAGE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RATE] =
    g_signal_new ("rate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[REGENERATE] =
    g_signal_new ("regenerate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SY_TYPE_MESSAGE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SyCompareView, column_a);
  gtk_widget_class_bind_template_child (widget_class, SyCompareView, column_b);
  gtk_widget_class_bind_template_child (widget_class, SyCompareView, bar);
  gtk_widget_class_bind_template_child (widget_class, SyCompareView, title_a);
  gtk_widget_class_bind_template_child (widget_class, SyCompareView, title_b);
  gtk_widget_class_bind_template_child (widget_class, SyCompareView, row_a);
  gtk_widget_class_bind_template_child (widget_class, SyCompareView, row_b);
  gtk_widget_class_bind_template_child (widget_class, SyCompareView, rate_a);
  gtk_widget_class_bind_template_child (widget_class, SyCompareView, rate_tie);
  gtk_widget_class_bind_template_child (widget_class, SyCompareView, rate_b);
  gtk_widget_class_bind_template_child (widget_class, SyCompareView, regenerate_button);
  gtk_widget_class_bind_template_callback (widget_class, on_rate_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_regenerate_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "compareview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sy_compare_view_init (SyCompareView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  sy_message_row_set_compact (self->row_a, TRUE);
  sy_message_row_set_compact (self->row_b, TRUE);
  self->side_by_side = TRUE;
}

static GRand *
get_rand (SyCompareView *self)
{
  if (self->rand == NULL)
    {
      /* SWITCHYARD_COMPARE_SEED: a reproducible order for tests. */
      const char *seed = g_getenv ("SWITCHYARD_COMPARE_SEED");

      self->rand = seed != NULL && *seed != '\0' ? g_rand_new_with_seed ((guint32) strtoul (seed, NULL, 10))
                                                  : g_rand_new ();
    }
  return self->rand;
}

static gboolean
draw_local_on_right (SyCompareView *self,
                     SyMessage     *message)
{
  int order = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (message), ORDER_KEY));

  if (order == ORDER_UNDECIDED)
    {
      order = g_rand_boolean (get_rand (self)) ? ORDER_LOCAL_RIGHT : ORDER_LOCAL_LEFT;
      g_object_set_data (G_OBJECT (message), ORDER_KEY, GINT_TO_POINTER (order));
    }
  return order == ORDER_LOCAL_RIGHT;
}

/* Public API ---------------------------------------------------------------- */

GtkWidget *
sy_compare_view_new (void)
{
  return g_object_new (SY_TYPE_COMPARE_VIEW, NULL);
}

SyMessage *
sy_compare_view_get_message (SyCompareView *self)
{
  g_return_val_if_fail (SY_IS_COMPARE_VIEW (self), NULL);
  return self->message;
}

void
sy_compare_view_set_message (SyCompareView *self,
                             SyMessage     *message)
{
  SyMessage *local;
  SyMessage *api;

  g_return_if_fail (SY_IS_COMPARE_VIEW (self));
  g_return_if_fail (message == NULL || sy_message_get_alternate (message) != NULL);

  if (self->message == message)
    return;

  if (self->message != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->message, self);
      g_signal_handlers_disconnect_by_data (sy_message_get_alternate (self->message), self);
    }
  g_set_object (&self->message, message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);

  self->local = self->api = NULL;
  if (message == NULL)
    {
      sy_message_row_set_message (self->row_a, NULL);
      sy_message_row_set_message (self->row_b, NULL);
      return;
    }

  /* Which is local, whichever backend Auto chose first; then a random
   * side for each, so the rater cannot tell them apart by position. */
  local = message;
  api = sy_message_get_alternate (message);
  if (g_strcmp0 (sy_message_get_backend (local), "openai") == 0)
    {
      local = api;
      api = message;
    }
  self->local = local;
  self->api = api;
  self->local_on_right = draw_local_on_right (self, message);

  sy_message_row_set_message (self->row_a, self->local_on_right ? api : local);
  sy_message_row_set_message (self->row_b, self->local_on_right ? local : api);

  g_signal_connect_object (message, "notify::rating", G_CALLBACK (sync_rating), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (message, "notify::state", G_CALLBACK (sync_sensitivity), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (message, "notify::pilot-id", G_CALLBACK (sync_sensitivity), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sy_message_get_alternate (message), "notify::state",
                           G_CALLBACK (sync_sensitivity), self, G_CONNECT_SWAPPED);
  sync_rating (self);
  sync_sensitivity (self);
}

gboolean
sy_compare_view_get_side_by_side (SyCompareView *self)
{
  g_return_val_if_fail (SY_IS_COMPARE_VIEW (self), FALSE);
  return self->side_by_side;
}

GtkWidget *
sy_compare_view_get_rating_button (SyCompareView *self,
                                   SyPilotRating  rating)
{
  g_return_val_if_fail (SY_IS_COMPARE_VIEW (self), NULL);

  return button_for_rating (self, rating);
}

GtkWidget *
sy_compare_view_get_labelled_button (SyCompareView *self,
                                     SyPilotRating  label)
{
  g_return_val_if_fail (SY_IS_COMPARE_VIEW (self), NULL);

  switch (label)
    {
    case SY_PILOT_RATING_A:
      return self->rate_a;
    case SY_PILOT_RATING_B:
      return self->rate_b;
    case SY_PILOT_RATING_TIE:
      return self->rate_tie;
    case SY_PILOT_RATING_NONE:
    default:
      return NULL;
    }
}

GtkWidget *
sy_compare_view_get_column (SyCompareView  *self,
                            SyRouteBackend  side)
{
  g_return_val_if_fail (SY_IS_COMPARE_VIEW (self), NULL);
  return (side == SY_ROUTE_BACKEND_LOCAL) != self->local_on_right ? self->column_a : self->column_b;
}

gboolean
sy_compare_view_get_local_on_right (SyCompareView *self)
{
  g_return_val_if_fail (SY_IS_COMPARE_VIEW (self), FALSE);
  return self->local_on_right;
}

void
sy_compare_view_set_seed (SyCompareView *self,
                          guint32        seed)
{
  g_return_if_fail (SY_IS_COMPARE_VIEW (self));

  g_clear_pointer (&self->rand, g_rand_free);
  self->rand = g_rand_new_with_seed (seed);
}
