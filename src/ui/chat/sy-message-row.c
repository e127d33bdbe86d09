/* sy-message-row.c: one message of a chat, its Markdown and its measurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include <glib/gi18n.h>

#include "sy-cost-model.h"
#include "sy-format.h"
#include "sy-message-row-private.h"
#include "sy-text-column-layout.h"
#include "sy-tooltip.h"

/* Finished blocks with at least this much finished text after them (a
 * reply that came faster than frames, or a long one just bound) are not
 * even rendered until they come near the viewport: a placeholder of an
 * estimated height stands for them, so the end of a long reply shows
 * as soon as it arrives, whatever came before it. */
#define TAIL_BYTES (4 * 1024)
/* Finished blocks of the tail rendered per frame: a tail that arrived at
 * once is shown over a frame or two rather than in one that stalls. What
 * a frame can take depends on the machine and on what else the frame
 * does (most of it is the new labels' layout, not the Markdown), so the
 * amount follows the frames: it grows while they come at the display's
 * pace and shrinks when one runs long. */
#define MIN_BYTES_PER_FRAME 4096
#define MAX_BYTES_PER_FRAME (16 * 1024)
/* Frames that cost the main thread less than this leave room for more;
 * more than SLOW_FRAME_US, less. Its CPU time rather than the clock's:
 * on a busy machine frames come late whatever they hold, and a smaller
 * share would only make the reply later. Most of a frame is the same at
 * any length (the row measured, the view drawn). */
#define FAST_FRAME_US 25000
#define SLOW_FRAME_US 40000
/* A reply coming faster than frames shows its end this often rather than
 * every frame: laying a new end out is most of such a frame, and frames
 * that take the main thread whole leave the socket unread. Nobody reads
 * text that scrolls by this fast; its last words show as soon as it ends. */
#define FLOOD_INTERVAL_US (150 * 1000)
/* The Markdown itself never takes more than this of the main thread's
 * CPU time in a frame: nothing else of the frame grows with it. */
#define RENDER_BUDGET_US 4000


G_DEFINE_FINAL_TYPE (SyMessageRow, sy_message_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REGENERATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
sy_message_row_format_cost (double cost_usd)
{
  if (cost_usd < 0)
    return g_strdup (_("price unknown"));

  /* One reply of a cheap model costs a fraction of a cent: show the
   * digits that matter rather than "$0.00". */
  return sy_format_usd_small (cost_usd);
}

char *
sy_message_row_format_route (SyMessage *message)
{
  const char *backend;

  if (!sy_message_get_routed (message))
    return NULL;

  backend = sy_message_get_route_backend (message) == SY_ROUTE_BACKEND_LOCAL ? _("Local") : _("API");
  if (sy_message_get_route_overridden (message))
    /* Translators: a message's route the person chose: "Simple → API · gpt-4o (your choice)" */
    return g_strdup_printf (_("%s → %s · %s (your choice)"), sy_route_class_get_label (sy_message_get_route_class (message)),
                            backend, sy_message_get_model (message) ? sy_message_get_model (message) : "");

  /* Translators: a message's class and route: "Simple → Local · llama3.1:8b" */
  return g_strdup_printf (_("%s → %s · %s"), sy_route_class_get_label (sy_message_get_route_class (message)),
                          backend, sy_message_get_model (message) ? sy_message_get_model (message) : "");
}

char *
sy_message_row_format_estimate (SyMessage *message)
{
  g_autofree char *estimate = NULL;
  g_autofree char *actual = NULL;

  if (!sy_message_get_routed (message))
    return NULL;

  estimate = sy_message_row_format_cost (sy_message_get_estimated_cost (message));
  if (!sy_message_get_measured (message))
    /* Translators: SPEC's word-count estimate before the reply came */
    return g_strdup_printf (_("estimated %s"), estimate);

  actual = sy_message_row_format_cost (sy_message_get_cost (message));
  /* Translators: the estimate before sending, then the cost the usage came to */
  return g_strdup_printf (_("estimated %s · actual %s"), estimate, actual);
}

static char *
format_stats (SyMessage *message,
              gboolean   with_origin)
{
  GString *out = g_string_new (NULL);
  g_autofree char *cost = NULL;
  g_autofree char *prompt_tokens = NULL;
  g_autofree char *completion_tokens = NULL;
  const char *backend = sy_message_get_backend (message);
  const char *estimated = sy_message_get_usage_estimated (message) ? _(" (estimated)") : "";

  g_autofree char *ttft = NULL;
  g_autofree char *speed = NULL;

  if (with_origin)
    {
      g_string_append (out, g_strcmp0 (backend, "openai") == 0 ? _("Hosted API") : _("Local (Ollama)"));
      if (sy_message_get_model (message) != NULL)
        g_string_append_printf (out, " · %s", sy_message_get_model (message));
    }

  if (!sy_message_get_measured (message))
    return g_string_free (out, FALSE);

  if (sy_message_get_ttft (message) >= 0)
    {
      ttft = sy_format_decimal (sy_message_get_ttft (message), 2);
      g_string_append_printf (out, _(" · %s s to first token"), ttft);
    }
  speed = sy_format_decimal (sy_message_get_tokens_per_second (message), 1);
  g_string_append_printf (out, _(" · %s tokens/s%s"), speed, estimated);
  prompt_tokens = g_strdup_printf ("%" G_GINT64_FORMAT, sy_message_get_prompt_tokens (message));
  completion_tokens = g_strdup_printf ("%" G_GINT64_FORMAT, sy_message_get_completion_tokens (message));
  g_string_append_printf (out, _(" · %s in / %s out tokens%s"), prompt_tokens, completion_tokens, estimated);
  cost = sy_message_get_cost (message) < 0 ? sy_message_row_format_cost (-1)
                                            : sy_format_usd_brief (sy_message_get_cost (message));
  g_string_append_printf (out, " · %s", cost);

  /* Without the origin the line starts with the separator. */
  if (!with_origin)
    g_string_erase (out, 0, strlen (" · "));

  return g_string_free (out, FALSE);
}

char *
sy_message_row_format_stats (SyMessage *message)
{
  return format_stats (message, TRUE);
}

static const char *
link_at (GtkLabel   *label,
         SyMarkdown *markdown,
         double      x,
         double      y)
{
  PangoLayout *layout;
  int offset_x, offset_y, index, trailing;

  if (markdown == NULL || markdown->links->len == 0)
    return NULL;

  layout = gtk_label_get_layout (label);
  gtk_label_get_layout_offsets (label, &offset_x, &offset_y);
  if (!pango_layout_xy_to_index (layout, (x - offset_x) * PANGO_SCALE, (y - offset_y) * PANGO_SCALE,
                                 &index, &trailing))
    return NULL;

  return sy_markdown_get_link_at (markdown, index);
}

static SyMarkdown *
markdown_of (SyMessageRow *self,
             GtkWidget    *label)
{
  return label == self->content_label ? self->markdown : g_object_get_data (G_OBJECT (label), "sy-markdown");
}

static void
on_label_released_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      SyMessageRow    *self)
{
  GtkWidget *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  const char *url = link_at (GTK_LABEL (label), markdown_of (self, label), x, y);
  GtkRoot *root;

  if (url == NULL || n_press != 1)
    return;

  /* A drag selecting text is not a click on the link. */
  if (gtk_label_get_selection_bounds (GTK_LABEL (label), NULL, NULL))
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

static void
on_label_motion_cb (GtkEventControllerMotion *motion,
                    double                    x,
                    double                    y,
                    SyMessageRow             *self)
{
  GtkWidget *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion));
  const char *url = link_at (GTK_LABEL (label), markdown_of (self, label), x, y);

  /* Each tooltip change asks the display where the pointer is. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (label), url) == 0)
    return;
  gtk_widget_set_cursor_from_name (label, url ? "pointer" : NULL);
  sy_tooltip_set_text (label, url);
}







/* A label for finished blocks, with the open block's link handlers (the
 * template cannot see it); @text is its Markdown, owned by the label. */
GtkWidget *
_sy_message_row_new_blocks_label (SyMessageRow  *self,
                                  SyMarkdown   **text)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "wrap", TRUE,
                                   "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                   "xalign", 0.0f,
                                   "halign", GTK_ALIGN_FILL,
                                   "selectable", TRUE,
                                   "focusable", FALSE,
                                   NULL);

  *text = sy_markdown_render ("", 0);
  g_object_set_data_full (G_OBJECT (label), "sy-markdown", *text, (GDestroyNotify) sy_markdown_free);

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "released", G_CALLBACK (on_label_released_cb), self, 0);
  g_signal_connect_object (motion, "motion", G_CALLBACK (on_label_motion_cb), self, 0);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (click));
  gtk_widget_add_controller (label, motion);

  return label;
}

void
_sy_message_row_set_blocks_text (GtkWidget  *label,
                                 SyMarkdown *text)
{
  /* The blank line that follows a block, as in one label: the next label
   * or the open block comes after it. */
  g_autofree char *shown = g_strconcat (text->text, "\n", NULL);

  gtk_label_set_text (GTK_LABEL (label), shown);
  gtk_label_set_attributes (GTK_LABEL (label), text->attrs);
}








static void
clear_blocks (SyMessageRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->blocks_box)) != self->content_label)
    gtk_box_remove (GTK_BOX (self->blocks_box), child);

  g_clear_pointer (&self->blocks, sy_markdown_blocks_free);
  g_clear_pointer (&self->markdown, sy_markdown_free);
  if (self->chunks != NULL)
    g_ptr_array_set_size (self->chunks, 0);
  self->catching_up = FALSE;
  self->next_block = 0;
  self->fill_label = NULL;
  self->fill = NULL;
  self->fill_bytes = 0;
  self->fill_chunk = NULL;
  self->chunk_len = 0;
  self->check_len = 0;
  self->shown_length = 0;
}


static void
add_fill_label (SyMessageRow *self)
{
  self->fill_label = _sy_message_row_new_blocks_label (self, &self->fill);
  self->fill_bytes = 0;

  if (self->fill_chunk == NULL || self->chunk_len == LABELS_PER_CHUNK)
    {
      self->fill_chunk = _sy_message_row_add_chunk (self);
      self->fill_chunk->box = _sy_message_row_new_chunk_box ();
      gtk_box_insert_child_after (GTK_BOX (self->blocks_box), self->fill_chunk->box,
                                  self->fill_chunk->placeholder);
      self->chunk_len = 0;
    }
  gtk_box_append (GTK_BOX (self->fill_chunk->box), self->fill_label);
  self->chunk_len++;
}

static void
show_fill (SyMessageRow *self)
{
  SyRowChunk *chunk = self->fill_chunk;

  _sy_message_row_set_blocks_text (self->fill_label, self->fill);
  if (chunk->hidden)
    {
      chunk->measured = FALSE;
      _sy_message_row_set_stand_in (chunk, _sy_message_row_estimate_height (self, chunk));
    }
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return g_get_monotonic_time ();
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void queue_render (SyMessageRow *self);

static gboolean
flood_over_cb (gpointer user_data)
{
  SyMessageRow *self = user_data;

  self->flood_wait = 0;
  queue_render (self);

  return G_SOURCE_REMOVE;
}

/* TRUE when everything is on screen; FALSE when finished blocks wait for
 * the next frame, or for flood_wait. */
static gboolean
render_content (SyMessageRow *self)
{
  const char *content = sy_message_get_content (self->message);
  gsize length = strlen (content);
  gsize budget = self->bytes_per_frame;
  gint64 started = 0;
  guint n_finished;
  gsize open;
  gboolean filled = FALSE;
  int per_line = 0, line_height = 0;

  if (!sy_message_is_reply (self->message))
    {
      /* What the person typed is shown as typed. */
      clear_blocks (self);
      gtk_label_set_attributes (GTK_LABEL (self->content_label), NULL);
      gtk_label_set_text (GTK_LABEL (self->content_label), content);
      self->shown_length = length;
      return TRUE;
    }

  /* Streaming appends; anything else starts over. */
  if (self->blocks != NULL)
    {
      gsize finished = sy_markdown_blocks_get_start (self->blocks, sy_markdown_blocks_get_n_finished (self->blocks));

      if (length < finished ||
          memcmp (content + finished - self->check_len, self->check, self->check_len) != 0)
        clear_blocks (self);
    }
  if (self->blocks == NULL)
    self->blocks = sy_markdown_blocks_new ();

  n_finished = sy_markdown_blocks_update (self->blocks, content, length);
  open = sy_markdown_blocks_get_start (self->blocks, n_finished);
  self->check_len = MIN (open, CHECK_BYTES);
  memcpy (self->check, content + open - self->check_len, self->check_len);

  if (self->next_block < n_finished &&
      open - sy_markdown_blocks_get_start (self->blocks, self->next_block) > TAIL_BYTES)
    {
      gint64 waited = g_get_monotonic_time () - self->last_skip;

      /* No frames while it waits: each would cost the socket a few ms. */
      if (sy_message_get_state (self->message) == SY_MESSAGE_STATE_STREAMING && waited < FLOOD_INTERVAL_US)
        {
          if (self->flood_wait == 0)
            self->flood_wait = g_timeout_add ((FLOOD_INTERVAL_US - waited) / 1000 + 1, flood_over_cb, self);
          return FALSE;
        }
      self->last_skip = g_get_monotonic_time ();
    }

  /* Finished blocks are rendered once, into the label being filled;
   * far from the end, only when they come near the viewport. */
  while (self->next_block < n_finished)
    {
      gsize start = sy_markdown_blocks_get_start (self->blocks, self->next_block);
      gsize end = sy_markdown_blocks_get_start (self->blocks, self->next_block + 1);
      g_autoptr(SyMarkdown) block = NULL;

      /* Blocks only come nearer the end, so none was rendered before
       * this in this call. */
      if (open - start > TAIL_BYTES)
        {
          if (per_line == 0)
            per_line = _sy_message_row_chars_per_line (self, &line_height);
          _sy_message_row_add_unrendered_block (self, content, per_line, line_height);
          self->next_block++;
          continue;
        }
      if (budget == 0 || (filled && thread_cpu_us () - started >= RENDER_BUDGET_US))
        break;

      /* The budget is the rendering's: finding the blocks and skipping
       * the far ones is done whatever it allows. */
      if (!filled)
        started = thread_cpu_us ();
      block = sy_markdown_render (content + start, end - start);
      if (block->text[0] != '\0')
        {
          if (self->fill_label == NULL || self->fill_bytes >= LABEL_BYTES)
            {
              if (filled)
                show_fill (self);
              add_fill_label (self);
            }
          sy_markdown_append (self->fill, block);
          self->fill_bytes += end - start;
          filled = TRUE;
        }
      budget -= MIN (budget, end - start);
      self->next_block++;
    }
  if (filled)
    show_fill (self);
  /* Unrendered blocks near the viewport (not following the end) render. */
  if (per_line != 0)
    _sy_message_row_queue_visibility (self);

  /* Caught up: the boxes near the viewport may show. */
  if (self->catching_up && self->next_block >= n_finished)
    _sy_message_row_queue_visibility (self);
  self->catching_up = self->next_block < n_finished;
  if (self->catching_up)
    {
      /* The open block shows once the blocks before it do. */
      gtk_widget_set_visible (self->content_label, FALSE);
      self->shown_length = sy_markdown_blocks_get_start (self->blocks, self->next_block);
      return FALSE;
    }

  /* Only the open block is rendered again. */
  g_clear_pointer (&self->markdown, sy_markdown_free);
  self->markdown = sy_markdown_render (content + open, length - open);
  gtk_label_set_text (GTK_LABEL (self->content_label), self->markdown->text);
  gtk_label_set_attributes (GTK_LABEL (self->content_label), self->markdown->attrs);
  gtk_widget_set_visible (self->content_label, self->markdown->text[0] != '\0');
  self->shown_length = length;

  return TRUE;
}

static gboolean
render_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  SyMessageRow *self = SY_MESSAGE_ROW (widget);
  gint64 now = thread_cpu_us ();

  /* The CPU time since the last tick is the last frame, layout and all. */
  if (self->last_tick != 0 && now - self->last_tick < FAST_FRAME_US)
    self->bytes_per_frame = MIN (self->bytes_per_frame * 3 / 2, MAX_BYTES_PER_FRAME);
  else if (self->last_tick != 0 && now - self->last_tick > SLOW_FRAME_US)
    self->bytes_per_frame = MAX (self->bytes_per_frame / 2, MIN_BYTES_PER_FRAME);
  self->last_tick = now;

  /* Finished blocks left for the next frame keep the tick going. */
  if (self->message != NULL && !render_content (self) && self->flood_wait == 0)
    return G_SOURCE_CONTINUE;

  self->render_tick = 0;
  self->last_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
queue_render (SyMessageRow *self)
{
  if (self->render_tick == 0 && self->flood_wait == 0)
    self->render_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), render_tick_cb, NULL, NULL);
}

/* The spinner stands for words not yet come: once they come, they show
 * the reply is alive (and a spinner would have every frame drawn while a
 * long reply streams). */
static void
update_spinner (SyMessageRow *self)
{
  gboolean waiting = sy_message_is_reply (self->message) &&
                     sy_message_get_state (self->message) == SY_MESSAGE_STATE_STREAMING &&
                     *sy_message_get_content (self->message) == '\0';

  gtk_widget_set_visible (self->spinner, waiting);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), waiting);
}

static void
on_content_changed_cb (SyMessageRow *self)
{
  update_spinner (self);
  /* Streaming renders the open block again; once per frame is plenty. */
  if (self->render_tick != 0 || self->flood_wait != 0)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) || !render_content (self))
    queue_render (self);
}

static void
update_badge (SyMessageRow *self)
{
  g_autofree char *route = NULL;
  g_autofree char *estimate = NULL;

  if (!self->compact && sy_message_is_reply (self->message))
    {
      route = sy_message_row_format_route (self->message);
      estimate = sy_message_row_format_estimate (self->message);
    }

  gtk_label_set_text (GTK_LABEL (self->route_label), route ? route : "");
  gtk_label_set_text (GTK_LABEL (self->estimate_label), estimate ? estimate : "");
  gtk_widget_set_visible (self->badge_box, route != NULL);
}

static void
update_status (SyMessageRow *self)
{
  SyMessageState state = sy_message_get_state (self->message);
  const char *error_text = sy_message_get_error_text (self->message);
  g_autofree char *stats = NULL;
  g_autofree char *exact = NULL;
  gboolean reply = sy_message_is_reply (self->message);

  gtk_widget_remove_css_class (self->status_label, "error");
  gtk_widget_remove_css_class (self->status_label, "warning");

  switch (state)
    {
    case SY_MESSAGE_STATE_STOPPED:
      gtk_label_set_text (GTK_LABEL (self->status_label),
                          error_text ? error_text : _("Stopped: the reply is incomplete"));
      gtk_widget_add_css_class (self->status_label, "warning");
      break;

    case SY_MESSAGE_STATE_CUT_OFF:
      gtk_label_set_text (GTK_LABEL (self->status_label),
                          error_text ? error_text : _("The reply was cut off"));
      gtk_widget_add_css_class (self->status_label, "warning");
      break;

    case SY_MESSAGE_STATE_FAILED:
      gtk_label_set_text (GTK_LABEL (self->status_label), error_text ? error_text : _("The reply failed"));
      gtk_widget_add_css_class (self->status_label, "error");
      break;

    case SY_MESSAGE_STATE_STREAMING:
    case SY_MESSAGE_STATE_COMPLETE:
    default:
      gtk_label_set_text (GTK_LABEL (self->status_label), "");
      break;
    }

  gtk_widget_set_visible (self->status_label, reply && state >= SY_MESSAGE_STATE_STOPPED);
  update_spinner (self);
  gtk_widget_set_visible (self->actions, state != SY_MESSAGE_STATE_STREAMING);
  gtk_widget_set_visible (self->regenerate_button, reply && !self->compact);
  gtk_widget_set_visible (self->other_button,
                          reply && !self->compact && sy_message_get_alternate (self->message) != NULL &&
                          !sy_message_get_compare (self->message));

  update_badge (self);

  stats = reply ? format_stats (self->message, !self->compact) : NULL;
  gtk_label_set_text (GTK_LABEL (self->stats_label), stats ? stats : "");
  /* The stats show a sub-cent cost as "< $0.01": the exact one on hover. */
  if (reply && sy_message_get_cost (self->message) > 0 && sy_message_get_cost (self->message) < 0.01)
    exact = sy_format_usd_small (sy_message_get_cost (self->message));
  sy_tooltip_set_text (self->stats_label, exact);
  gtk_widget_set_visible (self->stats_label, reply && state != SY_MESSAGE_STATE_STREAMING && !self->blind);
}

static void
on_copy_clicked_cb (SyMessageRow *self)
{
  if (self->message != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                            sy_message_get_content (self->message));
}

static gboolean
on_copy_query_tooltip_cb (GtkWidget  *button,
                          int         x,
                          int         y,
                          gboolean    keyboard,
                          GtkTooltip *tooltip)
{
  gtk_tooltip_set_text (tooltip, _("Copy"));
  return TRUE;
}

static gboolean
on_regenerate_query_tooltip_cb (GtkWidget  *button,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  gtk_tooltip_set_text (tooltip, _("Regenerate This Reply"));
  return TRUE;
}

static void
on_regenerate_clicked_cb (SyMessageRow *self)
{
  if (self->message != NULL)
    g_signal_emit (self, signals[REGENERATE], 0);
}

static void
on_other_clicked_cb (SyMessageRow *self)
{
  if (self->message != NULL)
    sy_message_set_show_alternate (self->message, TRUE);
}

static void
sy_message_row_map (GtkWidget *widget)
{
  SyMessageRow *self = SY_MESSAGE_ROW (widget);
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  GTK_WIDGET_CLASS (sy_message_row_parent_class)->map (widget);

  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  g_signal_connect_swapped (self->frame_clock, "after-paint", G_CALLBACK (_sy_message_row_update_visibility), self);
  /* Scrolling and the list growing move the boxes relative to the viewport. */
  if (scroller != NULL)
    {
      self->vadjustment = g_object_ref (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)));
      g_signal_connect_swapped (self->vadjustment, "value-changed", G_CALLBACK (_sy_message_row_queue_visibility), self);
      g_signal_connect_swapped (self->vadjustment, "changed", G_CALLBACK (_sy_message_row_queue_visibility), self);
    }
  _sy_message_row_queue_visibility (self);
}

static void
sy_message_row_unmap (GtkWidget *widget)
{
  SyMessageRow *self = SY_MESSAGE_ROW (widget);

  /* By function: GTK's own handlers on these may carry the row too. */
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, _sy_message_row_queue_visibility, self);
  g_clear_object (&self->vadjustment);
  if (self->frame_clock != NULL)
    g_signal_handlers_disconnect_by_func (self->frame_clock, _sy_message_row_update_visibility, self);
  g_clear_object (&self->frame_clock);

  GTK_WIDGET_CLASS (sy_message_row_parent_class)->unmap (widget);
}

static void
sy_message_row_dispose (GObject *object)
{
  SyMessageRow *self = SY_MESSAGE_ROW (object);

  sy_message_row_set_message (self, NULL);
  g_clear_pointer (&self->chunks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_MESSAGE_ROW);

  G_OBJECT_CLASS (sy_message_row_parent_class)->dispose (object);
}

static void
sy_message_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SyMessageRow *self = SY_MESSAGE_ROW (object);

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
sy_message_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SyMessageRow *self = SY_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      sy_message_row_set_message (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_message_row_class_init (SyMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_message_row_dispose;
  object_class->get_property = sy_message_row_get_property;
  object_class->set_property = sy_message_row_set_property;
  widget_class->map = sy_message_row_map;
  widget_class->unmap = sy_message_row_unmap;

  /* Rows are recycled by the list view: NULL unbinds. */
  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL, SY_TYPE_MESSAGE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The row knows its message, not where it is in the conversation. */
  signals[REGENERATE] =
    g_signal_new ("regenerate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, badge_box);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, route_label);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, estimate_label);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, bubble);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, blocks_box);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, content_label);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, footer);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, stats_label);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, actions);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, regenerate_button);
  gtk_widget_class_bind_template_child (widget_class, SyMessageRow, other_button);
  gtk_widget_class_bind_template_callback (widget_class, on_label_released_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_label_motion_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_other_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_regenerate_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_regenerate_query_tooltip_cb);

  gtk_widget_class_set_css_name (widget_class, "messagerow");
}

static void
sy_message_row_init (SyMessageRow *self)
{
  self->bytes_per_frame = TAIL_BYTES;
  self->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) _sy_message_row_chunk_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Stacked like the box's own layout, without laying each label out as
   * narrow and as wide as it could be. */
  gtk_widget_set_layout_manager (self->blocks_box, sy_text_column_layout_new ());
}

GtkWidget *
sy_message_row_new (void)
{
  return g_object_new (SY_TYPE_MESSAGE_ROW, NULL);
}

SyMessage *
sy_message_row_get_message (SyMessageRow *self)
{
  g_return_val_if_fail (SY_IS_MESSAGE_ROW (self), NULL);
  return self->message;
}

/* A reply that ends shows its end now, flood or not. */
static void
on_state_changed_cb (SyMessageRow *self)
{
  if (self->flood_wait != 0 && sy_message_get_state (self->message) != SY_MESSAGE_STATE_STREAMING)
    {
      g_clear_handle_id (&self->flood_wait, g_source_remove);
      queue_render (self);
    }
  update_status (self);
}

void
sy_message_row_set_message (SyMessageRow *self,
                            SyMessage    *message)
{
  gboolean reply;

  g_return_if_fail (SY_IS_MESSAGE_ROW (self));

  if (self->message == message)
    return;

  if (self->render_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->render_tick);
      self->render_tick = 0;
      self->last_tick = 0;
    }
  g_clear_handle_id (&self->flood_wait, g_source_remove);
  if (self->message != NULL)
    g_signal_handlers_disconnect_by_data (self->message, self);
  clear_blocks (self);
  g_set_object (&self->message, message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);

  if (message == NULL)
    return;

  reply = sy_message_is_reply (message);
  gtk_widget_remove_css_class (GTK_WIDGET (self), reply ? "user" : "reply");
  gtk_widget_add_css_class (GTK_WIDGET (self), reply ? "reply" : "user");
  gtk_widget_remove_css_class (self->bubble, "sy-user-bubble");
  if (!reply)
    gtk_widget_add_css_class (self->bubble, "sy-user-bubble");
  gtk_widget_set_halign (self->bubble, reply ? GTK_ALIGN_FILL : GTK_ALIGN_END);
  /* A reply uses the whole width; what the person typed stays a bubble. */
  gtk_widget_set_halign (self->blocks_box, reply ? GTK_ALIGN_FILL : GTK_ALIGN_START);
  sy_text_column_layout_set_measure_width (SY_TEXT_COLUMN_LAYOUT (gtk_widget_get_layout_manager (self->blocks_box)),
                                           !reply);
  gtk_widget_set_halign (self->content_label, reply ? GTK_ALIGN_FILL : GTK_ALIGN_START);
  gtk_widget_set_visible (self->content_label, TRUE);
  gtk_widget_set_visible (self->footer, reply);

  g_signal_connect_swapped (message, "notify::content", G_CALLBACK (on_content_changed_cb), self);
  g_signal_connect_swapped (message, "notify::state", G_CALLBACK (on_state_changed_cb), self);
  g_signal_connect_swapped (message, "notify::measured", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (message, "notify::show-alternate", G_CALLBACK (update_status), self);

  /* A reply that comes faster than frames shows its first words after
   * FLOOD_INTERVAL_US at the latest, as it does from then on. */
  self->last_skip = g_get_monotonic_time ();
  /* A long reply shows over a few frames. */
  if (!render_content (self))
    queue_render (self);
  update_status (self);
}

/* In a compare pair: no origin in the stats (the column header says it),
 * no badge and no per-message actions (the pair has its own). */
void
sy_message_row_set_compact (SyMessageRow *self,
                            gboolean      compact)
{
  g_return_if_fail (SY_IS_MESSAGE_ROW (self));

  self->compact = !!compact;
  if (self->message != NULL)
    update_status (self);
}

/* A blind comparison (SPEC §5) hides the stats until the pair is rated:
 * a cost of $0.00 or a local speed would say which reply is which. */
void
sy_message_row_set_blind (SyMessageRow *self,
                          gboolean      blind)
{
  g_return_if_fail (SY_IS_MESSAGE_ROW (self));

  if (self->blind == !!blind)
    return;
  self->blind = !!blind;
  if (self->message != NULL)
    update_status (self);
}

gboolean
sy_message_row_get_stats_visible (SyMessageRow *self)
{
  g_return_val_if_fail (SY_IS_MESSAGE_ROW (self), FALSE);

  return gtk_widget_get_visible (self->stats_label);
}

GtkWidget *
sy_message_row_get_regenerate_button (SyMessageRow *self)
{
  return self->regenerate_button;
}

GtkWidget *
sy_message_row_get_other_button (SyMessageRow *self)
{
  return self->other_button;
}

gsize
sy_message_row_get_shown_length (SyMessageRow *self)
{
  g_return_val_if_fail (SY_IS_MESSAGE_ROW (self), 0);
  return self->message != NULL ? self->shown_length : 0;
}

/* The first reply's first frame would otherwise find and load the faces
 * its Markdown uses (bold, italic, code, larger headings, and symbols the
 * text font lacks, found by fontconfig's search among all fonts): 5 to
 * 20 ms of that one frame on a two-core machine. Once per process. */
static gboolean
load_fonts_cb (gpointer user_data)
{
  static const char sample[] =
    "# Heading\n\n## Section\n\n### Step\n\n"
    "Text with **bold**, *italic*, ***both***, `code` and [a link](https://example.org) "
    "→ ← • – — “quoted” ‘single’ … × ≤ ≥ ✓ café naïve Straße\n\n"
    "- item\n1. item\n\n"
    "```\nint main (void) → { return 0; } …\n```\n";
  GtkWidget *widget = user_data;
  g_autoptr(SyMarkdown) markdown = sy_markdown_render (sample, strlen (sample));
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, markdown->text);

  pango_layout_set_attributes (layout, markdown->attrs);
  pango_layout_set_width (layout, 400 * PANGO_SCALE);
  pango_layout_get_pixel_size (layout, NULL, NULL);

  return G_SOURCE_REMOVE;
}

void
sy_message_row_load_fonts (GtkWidget *widget)
{
  static gboolean loaded;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (loaded)
    return;
  loaded = TRUE;
  g_idle_add_full (G_PRIORITY_LOW, load_fonts_cb, g_object_ref (widget), g_object_unref);
}
