/* sy-message-row-private.h: what the message row's fragments share: the
 * row itself and the chunks a long reply's text is kept in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sy-markdown-blocks.h"
#include "sy-markdown.h"
#include "sy-message-row.h"

G_BEGIN_DECLS

/* Finished blocks fill a label up to this many bytes of Markdown, then
 * the label is left alone: a label per block would cost a widget and a
 * layout per paragraph. */
#define LABEL_BYTES 1024
/* Labels go into boxes of this many, so a frame measures and draws a few
 * unchanged boxes rather than every label of a long reply. A box is also
 * what is laid out or not (sy-message-row-chunks.c): 4 KB is about a
 * screenful. */
#define LABELS_PER_CHUNK 4
/* What must still match for the content to have grown rather than changed */
#define CHECK_BYTES 256

/* A box of labels, and the placeholder standing in for it while hidden.
 * Far from the end a chunk starts as its finished blocks alone: the box
 * is made when it first comes near the viewport. */
typedef struct _SyRowChunk
{
  GtkWidget *box;          /* NULL while its blocks are not rendered */
  GtkWidget *placeholder;
  guint      first_block;  /* … those blocks */
  guint      end_block;
  gsize      bytes;
  int        lines;        /* … and their estimated lines */
  gboolean   hidden;
  gboolean   measured;     /* height is the box's, at width */
  int        height;
  int        width;
} SyRowChunk;

struct _SyMessageRow
{
  GtkWidget   parent_instance;

  SyMessage  *message;
  SyMarkdown *markdown;     /* the open block's */
  guint       render_tick;
  gsize       shown_length; /* bytes of the content on screen */
  gboolean    compact;
  gboolean    blind;     /* a blind comparison not yet rated: no stats */

  /* A reply: its finished blocks, each rendered once, fill labels of
   * LABEL_BYTES (the last one takes the next blocks as they finish), in
   * chunk boxes in blocks_box (or, far from the end, wait unrendered in
   * a chunk without a box); content_label, blocks_box's last child,
   * shows the open block and is rendered again as the reply grows. */
  SyMarkdownBlocks *blocks;
  guint             next_block;  /* the first finished block not shown yet */
  GtkWidget        *fill_label;  /* the label taking finished blocks */
  SyMarkdown       *fill;        /* … its text, owned by the label */
  gsize             fill_bytes;
  SyRowChunk       *fill_chunk;  /* … and its box */
  guint             chunk_len;
  GPtrArray        *chunks;      /* SyRowChunk, in order */
  gboolean          visibility_queued;
  GdkFrameClock    *frame_clock; /* while mapped */
  gboolean          catching_up; /* finished blocks wait for the next frame */
  GtkAdjustment    *vadjustment; /* the scroller's, while mapped */
  char              check[CHECK_BYTES]; /* the last bytes of the finished blocks */
  gsize             check_len;
  gsize             bytes_per_frame;    /* see MIN_BYTES_PER_FRAME */
  gint64            last_tick;          /* the main thread's CPU time then */
  gint64            last_skip;          /* when blocks were last left unrendered */
  guint             flood_wait;         /* a timeout: when a flood's end shows next */

  /* Template widgets */
  GtkWidget  *badge_box;
  GtkWidget  *route_label;
  GtkWidget  *estimate_label;
  GtkWidget  *bubble;
  GtkWidget  *blocks_box;
  GtkWidget  *content_label;
  GtkWidget  *status_label;
  GtkWidget  *footer;
  GtkWidget  *stats_label;
  GtkWidget  *actions;
  GtkWidget  *regenerate_button;
  GtkWidget  *other_button;
  GtkWidget  *spinner;
};

/* sy-message-row.c */
GtkWidget  *_sy_message_row_new_blocks_label     (SyMessageRow  *self,
                                                  SyMarkdown   **text);
void        _sy_message_row_set_blocks_text      (GtkWidget     *label,
                                                  SyMarkdown    *text);

/* sy-message-row-chunks.c */
void        _sy_message_row_chunk_free           (SyRowChunk    *chunk);
void        _sy_message_row_set_stand_in         (SyRowChunk    *chunk,
                                                  int            height);
int         _sy_message_row_chars_per_line       (SyMessageRow  *self,
                                                  int           *line_height);
int         _sy_message_row_estimate_height      (SyMessageRow  *self,
                                                  SyRowChunk    *chunk);
GtkWidget  *_sy_message_row_new_chunk_box        (void);
SyRowChunk *_sy_message_row_add_chunk            (SyMessageRow  *self);
void        _sy_message_row_add_unrendered_block (SyMessageRow  *self,
                                                  const char    *content,
                                                  int            per_line,
                                                  int            line_height);
void        _sy_message_row_queue_visibility     (SyMessageRow  *self);
void        _sy_message_row_update_visibility    (SyMessageRow  *self);

G_END_DECLS
