/* sy-markdown.h: Markdown to plain text and Pango attributes, through md4c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

typedef struct
{
  guint  start;   /* byte offsets into SyMarkdown.text */
  guint  end;
  char  *url;
} SyMarkdownLink;

#define SY_TYPE_MARKDOWN (sy_markdown_get_type ())

/* The text is plain: nothing in it is ever interpreted as markup, so a
 * server's "<b>" stays "<b>". Styling is only in @attrs. */
typedef struct
{
  char          *text;
  PangoAttrList *attrs;
  GPtrArray     *links;   /* SyMarkdownLink */
} SyMarkdown;

GType       sy_markdown_get_type    (void) G_GNUC_CONST;
/* Any input, complete or cut mid-construct while streaming, renders. */
SyMarkdown *sy_markdown_render      (const char *markdown,
                                     gssize      length);
SyMarkdown *sy_markdown_copy        (const SyMarkdown *self);
void        sy_markdown_free        (SyMarkdown *self);
/* Appends @block, rendered on its own, as the next top-level block: the
 * blank line between them, its attributes and links moved along. An
 * empty @block adds nothing. */
void        sy_markdown_append      (SyMarkdown       *self,
                                     const SyMarkdown *block);
/* The URL of the link covering byte @index of the text, or NULL. */
const char *sy_markdown_get_link_at (const SyMarkdown *self,
                                     int               index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyMarkdown, sy_markdown_free)

G_END_DECLS
