/* sy-markdown-blocks.h: a growing Markdown text cut into finished blocks
 * and the open block at its end, so a streamed reply renders each finished
 * block once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SyMarkdownBlocks SyMarkdownBlocks;

/* Block i is the bytes [start (i), start (i + 1)) of the text; the open
 * block runs from start (n_finished) to the end. Rendering each block on
 * its own (sy_markdown_render()) and joining them (sy_markdown_append())
 * gives what rendering the whole text gives, and a finished block stays
 * finished whatever text comes after it. One exception: a link reference
 * definition ("[1]: https://…") serves only links in its own block.
 *
 * A block starts at a line that begins, unindented, after a blank line,
 * outside any fenced code, and that md4c takes for the start of a new
 * top-level block. A list is finished only once a line that cannot be
 * one of its items follows it. */
SyMarkdownBlocks *sy_markdown_blocks_new            (void);
void              sy_markdown_blocks_free           (SyMarkdownBlocks *self);
/* @text is the whole text so far and extends the text of the last call
 * (or call sy_markdown_blocks_reset() first). Looks only at what is new
 * since the last call, and at the open block. Returns the number of
 * finished blocks, which never goes down. */
guint             sy_markdown_blocks_update         (SyMarkdownBlocks *self,
                                                     const char       *text,
                                                     gsize             length);
guint             sy_markdown_blocks_get_n_finished (SyMarkdownBlocks *self);
/* The byte offset where block @index starts; @index may be n_finished,
 * the open block. */
gsize             sy_markdown_blocks_get_start      (SyMarkdownBlocks *self,
                                                     guint             index);
void              sy_markdown_blocks_reset          (SyMarkdownBlocks *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyMarkdownBlocks, sy_markdown_blocks_free)

G_END_DECLS
