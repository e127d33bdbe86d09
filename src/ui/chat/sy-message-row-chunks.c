/* sy-message-row-chunks.c: a reply's text far from the view, which waits
 * unrendered (or laid out but hidden) behind placeholders of its height
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sy-message-row-private.h"
#include "sy-text-column-layout.h"

/* Laying text out (GtkLabel shapes it for its minimum, natural and
 * wrapped sizes) is most of what a long reply costs, so only the boxes
 * near the viewport have their labels shown: a box farther than
 * NEAR_SCREENS viewport heights away is hidden behind a placeholder of
 * its height. Boxes are shown again once within NEAR_SCREENS and hidden
 * only beyond FAR_SCREENS, so a box whose real height differs from the
 * estimate does not flip back and forth. */
#define NEAR_SCREENS 1.0
#define FAR_SCREENS 2.0

void
_sy_message_row_chunk_free (SyRowChunk *chunk)
{
  g_free (chunk);
}

/* The placeholder stands for @chunk, @height tall. Shown first: GTK 4.8
 * lays a widget whose size was asked for while it was hidden out at the
 * size it had before. */
void
_sy_message_row_set_stand_in (SyRowChunk *chunk,
                              int         height)
{
  chunk->height = height;
  gtk_widget_set_visible (chunk->placeholder, TRUE);
  gtk_widget_set_size_request (chunk->placeholder, -1, height);
}

/* Text never laid out: its lines at the width the row has, each of the
 * font's approximate character width. */
int
_sy_message_row_chars_per_line (SyMessageRow *self,
                                int          *line_height)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int char_width = MAX (1, pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE);
  int width = gtk_widget_get_width (self->blocks_box);

  *line_height = MAX (1, pango_font_metrics_get_height (metrics) / PANGO_SCALE);
  pango_font_metrics_unref (metrics);

  return MAX (20, (width > 0 ? width : 800) / char_width);
}

static int
count_lines (const char *text,
             gsize       length,
             int         per_line)
{
  const char *end = text + length;
  int lines = 0;

  while (text < end)
    {
      const char *eol = memchr (text, '\n', end - text);

      if (eol == NULL)
        eol = end;
      lines += 1 + (int) g_utf8_strlen (text, eol - text) / per_line;
      text = eol < end ? eol + 1 : end;
    }

  return lines;
}

int
_sy_message_row_estimate_height (SyMessageRow *self,
                                 SyRowChunk   *chunk)
{
  int line_height;
  int per_line = _sy_message_row_chars_per_line (self, &line_height);
  int lines = 0;

  if (chunk->box == NULL)
    return chunk->lines * line_height;

  for (GtkWidget *label = gtk_widget_get_first_child (chunk->box); label != NULL;
       label = gtk_widget_get_next_sibling (label))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (label));

      lines += count_lines (text, strlen (text), per_line);
    }

  return lines * line_height;
}

static void
hide_chunk (SyMessageRow *self,
            SyRowChunk   *chunk)
{
  int width = gtk_widget_get_width (self->blocks_box);

  /* What the box measured stands for it while the width stays. */
  if (!chunk->hidden && gtk_widget_get_height (chunk->box) > 0)
    {
      chunk->measured = TRUE;
      chunk->height = gtk_widget_get_height (chunk->box);
      chunk->width = width;
    }
  _sy_message_row_set_stand_in (chunk, !chunk->measured || chunk->width != width
                                       ? _sy_message_row_estimate_height (self, chunk)
                                       : chunk->height);
  gtk_widget_set_visible (chunk->box, FALSE);
  chunk->hidden = TRUE;
}

/* A box for a chunk's labels, stacked as in blocks_box */
GtkWidget *
_sy_message_row_new_chunk_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_set_layout_manager (box, sy_text_column_layout_new ());
  return box;
}

/* The labels of a chunk whose blocks waited unrendered, in a box not yet
 * shown */
static void
render_chunk (SyMessageRow *self,
              SyRowChunk   *chunk)
{
  const char *content = sy_message_get_content (self->message);
  GtkWidget *label = NULL;
  SyMarkdown *text = NULL;
  gsize bytes = 0;

  chunk->box = _sy_message_row_new_chunk_box ();
  gtk_widget_set_visible (chunk->box, FALSE);
  gtk_box_insert_child_after (GTK_BOX (self->blocks_box), chunk->box, chunk->placeholder);

  /* Content replaced rather than grown (a reply regenerated) and not yet
   * rendered again: the blocks are gone with it. */
  if (sy_markdown_blocks_get_start (self->blocks, chunk->end_block) > strlen (content))
    return;

  for (guint i = chunk->first_block; i < chunk->end_block; i++)
    {
      gsize start = sy_markdown_blocks_get_start (self->blocks, i);
      gsize end = sy_markdown_blocks_get_start (self->blocks, i + 1);
      g_autoptr(SyMarkdown) block = sy_markdown_render (content + start, end - start);

      if (block->text[0] == '\0')
        continue;
      if (label == NULL || bytes >= LABEL_BYTES)
        {
          if (label != NULL)
            _sy_message_row_set_blocks_text (label, text);
          label = _sy_message_row_new_blocks_label (self, &text);
          gtk_box_append (GTK_BOX (chunk->box), label);
          bytes = 0;
        }
      sy_markdown_append (text, block);
      bytes += end - start;
    }
  if (label != NULL)
    _sy_message_row_set_blocks_text (label, text);
}

static void
show_chunk (SyMessageRow *self,
            SyRowChunk   *chunk)
{
  if (chunk->box == NULL)
    render_chunk (self, chunk);
  gtk_widget_set_visible (chunk->box, TRUE);
  gtk_widget_set_visible (chunk->placeholder, FALSE);
  chunk->hidden = FALSE;
}

/* The height a chunk just shown takes, at the column's width */
static int
shown_height (SyMessageRow *self,
              SyRowChunk   *chunk)
{
  int height;

  gtk_widget_measure (chunk->box, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (self->blocks_box),
                      &height, NULL, NULL, NULL);
  return height;
}

/* A chunk off screen, just shown, is @growth taller than the estimate
 * that stood for it: what is on screen would move by that much under
 * the reader's eyes (the list keeps the row's top or its bottom edge in
 * place, whichever is nearer the middle of the view). The placeholders
 * on the same side of the view, still estimates, give up (or take) the
 * difference: the text between the view and either edge of the row
 * keeps its height, and nothing on screen moves. */
static void
keep_text_in_view (SyMessageRow *self,
                   guint         index,
                   gboolean      above,
                   int           growth)
{
  for (guint n = 1; growth != 0; n++)
    {
      SyRowChunk *other;
      int height;

      if (above ? n > index : index + n >= self->chunks->len)
        break;
      other = g_ptr_array_index (self->chunks, above ? index - n : index + n);
      if (!other->hidden)
        continue;
      height = MAX (0, other->height - growth);
      growth -= other->height - height;
      other->measured = FALSE;
      _sy_message_row_set_stand_in (other, height);
    }
}

/* Shows the boxes near the viewport and hides the far ones. After a
 * frame is painted: the boxes are where the frame's layout put them (a
 * scroll moves them only in the layout after it). */
void
_sy_message_row_update_visibility (SyMessageRow *self)
{
  GtkWidget *scroller;
  double view;

  /* Every row of the window hears every frame's after-paint. */
  if (!self->visibility_queued || self->chunks == NULL)
    return;
  self->visibility_queued = FALSE;
  scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  view = scroller != NULL ? gtk_widget_get_height (scroller) : 0;

  /* Not in a scrolled window: all of it is on screen. */
  if (scroller == NULL)
    {
      for (guint i = 0; i < self->chunks->len; i++)
        if (((SyRowChunk *) g_ptr_array_index (self->chunks, i))->hidden)
          show_chunk (self, g_ptr_array_index (self->chunks, i));
      return;
    }
  if (view <= 0)
    return;

  for (guint i = 0; i < self->chunks->len; i++)
    {
      SyRowChunk *chunk = g_ptr_array_index (self->chunks, i);
      graphene_rect_t bounds;
      double margin = (chunk->hidden ? NEAR_SCREENS : FAR_SCREENS) * view;
      gboolean near;

      if (!gtk_widget_compute_bounds (chunk->hidden ? chunk->placeholder : chunk->box, scroller, &bounds))
        continue;
      near = bounds.origin.y + bounds.size.height >= -margin && bounds.origin.y <= view + margin;
      /* Catching up with a reply that came faster than frames, the end
       * of what is rendered is not the end of the reply: the view is
       * about to move past it. */
      if (near && chunk->hidden && !self->catching_up)
        {
          /* The height laid out, which the estimate may have changed since */
          int stood_for = round (bounds.size.height);

          show_chunk (self, chunk);
          if (bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= view)
            keep_text_in_view (self, i, bounds.origin.y < 0, shown_height (self, chunk) - stood_for);
        }
      else if (!near && !chunk->hidden)
        hide_chunk (self, chunk);
    }
}

void
_sy_message_row_queue_visibility (SyMessageRow *self)
{
  if (self->chunks == NULL || self->chunks->len == 0)
    return;
  self->visibility_queued = TRUE;
  if (self->frame_clock != NULL)
    gdk_frame_clock_request_phase (self->frame_clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

/* A new chunk, before the open block */
SyRowChunk *
_sy_message_row_add_chunk (SyMessageRow *self)
{
  SyRowChunk *chunk = g_new0 (SyRowChunk, 1);

  chunk->placeholder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_visible (chunk->placeholder, FALSE);
  gtk_box_insert_child_after (GTK_BOX (self->blocks_box), chunk->placeholder,
                              gtk_widget_get_prev_sibling (self->content_label));
  g_ptr_array_add (self->chunks, chunk);

  return chunk;
}

/* A finished block far from the end, into the last chunk of unrendered
 * blocks (a new one after a rendered chunk or a full one) */
void
_sy_message_row_add_unrendered_block (SyMessageRow *self,
                                      const char   *content,
                                      int           per_line,
                                      int           line_height)
{
  SyRowChunk *chunk = self->chunks->len > 0 ? g_ptr_array_index (self->chunks, self->chunks->len - 1) : NULL;
  gsize start = sy_markdown_blocks_get_start (self->blocks, self->next_block);
  gsize end = sy_markdown_blocks_get_start (self->blocks, self->next_block + 1);

  if (chunk == NULL || chunk->box != NULL || chunk->bytes >= LABEL_BYTES * LABELS_PER_CHUNK)
    {
      chunk = _sy_message_row_add_chunk (self);
      chunk->first_block = self->next_block;
      chunk->hidden = TRUE;
      /* Blocks after it start a label and a box of their own. */
      self->fill_label = NULL;
      self->fill = NULL;
      self->fill_chunk = NULL;
    }
  chunk->end_block = self->next_block + 1;
  chunk->bytes += end - start;
  chunk->lines += count_lines (content + start, end - start, per_line);
  _sy_message_row_set_stand_in (chunk, chunk->lines * line_height);
}
