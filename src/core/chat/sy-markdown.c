/* sy-markdown.c: Markdown to plain text and Pango attributes, through md4c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <md4c.h>

#include "sy-markdown.h"

/* Adwaita's blue 3: readable on both the light and the dark background. */
#define LINK_RED   0x3535
#define LINK_GREEN 0x8484
#define LINK_BLUE  0xe4e4

/* Code on a faint grey that works on light and dark backgrounds alike. */
#define CODE_GREY  0x8080
#define CODE_ALPHA (guint16) (0.18 * 65535)

typedef struct
{
  MD_SPANTYPE  type;
  guint        start;
  char        *url;
} OpenSpan;

typedef struct
{
  GString       *text;
  PangoAttrList *attrs;
  GPtrArray     *links;
  GArray        *spans;        /* OpenSpan */
  GArray        *list_counters; /* int: the next number, or -1 for bullets */
  guint          pending_newlines;
  gboolean       after_marker; /* a list marker was just written */
  guint          block_start;
  guint          cell;
  guint          content_end;  /* after the last text, before any break */
} Renderer;

G_DEFINE_BOXED_TYPE (SyMarkdown, sy_markdown, sy_markdown_copy, sy_markdown_free)

static void
link_free (SyMarkdownLink *link)
{
  g_free (link->url);
  g_free (link);
}

static void
request_break (Renderer *r,
               guint     n_newlines)
{
  r->pending_newlines = MAX (r->pending_newlines, n_newlines);
}

/* Blocks are separated lazily, so the text never ends in blank lines. */
static void
flush_break (Renderer *r)
{
  guint have = 0;

  if (r->text->len == 0 || r->after_marker)
    {
      r->pending_newlines = 0;
      return;
    }

  while (have < r->text->len && r->text->str[r->text->len - 1 - have] == '\n')
    have++;
  for (; have < r->pending_newlines; have++)
    g_string_append_c (r->text, '\n');

  r->pending_newlines = 0;
}

static void
append (Renderer   *r,
        const char *text,
        gssize      length)
{
  flush_break (r);
  g_string_append_len (r->text, text, length);
  r->after_marker = FALSE;
  r->content_end = r->text->len;
}

static void
insert_attr (Renderer       *r,
             PangoAttribute *attr,
             guint           start,
             guint           end)
{
  if (end <= start)
    {
      pango_attribute_destroy (attr);
      return;
    }

  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (r->attrs, attr);
}

static void
insert_code_attrs (Renderer *r,
                   guint     start,
                   guint     end)
{
  insert_attr (r, pango_attr_family_new ("monospace"), start, end);
  insert_attr (r, pango_attr_background_new (CODE_GREY, CODE_GREY, CODE_GREY), start, end);
  insert_attr (r, pango_attr_background_alpha_new (CODE_ALPHA), start, end);
  /* No hyphens when a long identifier wraps. */
  insert_attr (r, pango_attr_insert_hyphens_new (FALSE), start, end);
}

static void
append_entity (Renderer   *r,
               const char *entity,
               gsize       size)
{
  static const struct { const char *name; const char *text; } named[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
    { "&apos;", "'" }, { "&nbsp;", "\u00a0" }, { "&copy;", "©" }, { "&mdash;", "—" },
    { "&ndash;", "–" }, { "&hellip;", "…" },
  };
  g_autofree char *copy = g_strndup (entity, size);

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    if (g_str_equal (copy, named[i].name))
      {
        append (r, named[i].text, -1);
        return;
      }

  if (size > 3 && copy[1] == '#')
    {
      gboolean hex = copy[2] == 'x' || copy[2] == 'X';
      gunichar c = (gunichar) strtoul (copy + (hex ? 3 : 2), NULL, hex ? 16 : 10);
      char utf8[6];

      if (c == 0 || !g_unichar_validate (c))
        c = 0xFFFD;
      append (r, utf8, g_unichar_to_utf8 (c, utf8));
      return;
    }

  /* An entity we do not know stays as written. */
  append (r, entity, size);
}

static int
enter_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Renderer *r = user_data;

  switch (type)
    {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      {
        int counter = type == MD_BLOCK_OL ? (int) ((MD_BLOCK_OL_DETAIL *) detail)->start : -1;

        request_break (r, r->list_counters->len == 0 ? 2 : 1);
        g_array_append_val (r->list_counters, counter);
      }
      break;

    case MD_BLOCK_LI:
      {
        guint depth = r->list_counters->len;
        int *counter = &g_array_index (r->list_counters, int, depth - 1);
        static const char * const bullets[] = { "•", "◦", "▪" };
        g_autofree char *marker = NULL;
        g_autofree char *indent = g_strnfill (4 * (depth - 1), ' ');

        if (*counter >= 0)
          marker = g_strdup_printf ("%s%d. ", indent, (*counter)++);
        else
          marker = g_strdup_printf ("%s%s ", indent, bullets[(depth - 1) % G_N_ELEMENTS (bullets)]);

        if (((MD_BLOCK_LI_DETAIL *) detail)->is_task)
          {
            char mark = ((MD_BLOCK_LI_DETAIL *) detail)->task_mark;
            char *with_box = g_strconcat (marker, mark == ' ' ? "☐ " : "☑ ", NULL);

            g_free (marker);
            marker = with_box;
          }

        request_break (r, 1);
        append (r, marker, -1);
        r->after_marker = TRUE;
      }
      break;

    case MD_BLOCK_HR:
      request_break (r, 2);
      append (r, "──────────", -1);
      request_break (r, 2);
      break;

    case MD_BLOCK_TR:
      request_break (r, 1);
      r->cell = 0;
      break;

    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      if (r->cell++ > 0)
        append (r, " │ ", -1);
      r->block_start = r->text->len;
      break;

    case MD_BLOCK_DOC:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
      break;

    case MD_BLOCK_QUOTE:
    case MD_BLOCK_H:
    case MD_BLOCK_CODE:
    case MD_BLOCK_HTML:
    case MD_BLOCK_P:
    case MD_BLOCK_TABLE:
    default:
      request_break (r, 2);
      flush_break (r);
      r->block_start = r->text->len;
      break;
    }

  return 0;
}

static int
leave_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Renderer *r = user_data;

  switch (type)
    {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      g_array_set_size (r->list_counters, r->list_counters->len - 1);
      request_break (r, r->list_counters->len == 0 ? 2 : 1);
      break;

    case MD_BLOCK_LI:
      r->after_marker = FALSE;
      request_break (r, 1);
      break;

    case MD_BLOCK_H:
      {
        static const double scales[] = { 1.44, 1.2, 1.1, 1.0, 1.0, 1.0 };
        guint level = CLAMP (((MD_BLOCK_H_DETAIL *) detail)->level, 1, 6);

        insert_attr (r, pango_attr_weight_new (PANGO_WEIGHT_BOLD), r->block_start, r->text->len);
        insert_attr (r, pango_attr_scale_new (scales[level - 1]), r->block_start, r->text->len);
        request_break (r, 2);
      }
      break;

    case MD_BLOCK_CODE:
      /* md4c hands over the block's final newline; a break replaces it. */
      if (r->text->len > r->block_start && r->text->str[r->text->len - 1] == '\n')
        g_string_truncate (r->text, r->text->len - 1);
      insert_code_attrs (r, r->block_start, r->text->len);
      request_break (r, 2);
      break;

    case MD_BLOCK_QUOTE:
      insert_attr (r, pango_attr_style_new (PANGO_STYLE_ITALIC), r->block_start, r->text->len);
      insert_attr (r, pango_attr_foreground_alpha_new ((guint16) (0.7 * 65535)), r->block_start, r->text->len);
      request_break (r, 2);
      break;

    case MD_BLOCK_TH:
      insert_attr (r, pango_attr_weight_new (PANGO_WEIGHT_BOLD), r->block_start, r->text->len);
      break;

    case MD_BLOCK_TR:
      request_break (r, 1);
      break;

    case MD_BLOCK_DOC:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_TD:
    case MD_BLOCK_HR:
      break;

    case MD_BLOCK_HTML:
    case MD_BLOCK_P:
    case MD_BLOCK_TABLE:
    default:
      request_break (r, 2);
      break;
    }

  return 0;
}

static int
enter_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Renderer *r = user_data;
  OpenSpan span = { type, 0, NULL };

  /* A span opening the block must not start before the block's break. */
  flush_break (r);
  span.start = r->text->len;

  if (type == MD_SPAN_A)
    {
      MD_SPAN_A_DETAIL *a = detail;

      span.url = g_strndup (a->href.text, a->href.size);
    }
  else if (type == MD_SPAN_WIKILINK)
    {
      MD_SPAN_WIKILINK_DETAIL *w = detail;

      span.url = g_strndup (w->target.text, w->target.size);
    }

  g_array_append_val (r->spans, span);

  return 0;
}

static int
leave_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Renderer *r = user_data;
  OpenSpan *span;
  guint start, end = r->text->len;

  g_return_val_if_fail (r->spans->len > 0, 0);

  span = &g_array_index (r->spans, OpenSpan, r->spans->len - 1);
  start = span->start;

  switch (type)
    {
    case MD_SPAN_EM:
      insert_attr (r, pango_attr_style_new (PANGO_STYLE_ITALIC), start, end);
      break;

    case MD_SPAN_STRONG:
      insert_attr (r, pango_attr_weight_new (PANGO_WEIGHT_BOLD), start, end);
      break;

    case MD_SPAN_CODE:
      insert_code_attrs (r, start, end);
      break;

    case MD_SPAN_DEL:
      insert_attr (r, pango_attr_strikethrough_new (TRUE), start, end);
      break;

    case MD_SPAN_U:
      insert_attr (r, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE), start, end);
      break;

    case MD_SPAN_A:
    case MD_SPAN_WIKILINK:
      if (end > start && span->url != NULL)
        {
          SyMarkdownLink *link = g_new0 (SyMarkdownLink, 1);

          link->start = start;
          link->end = end;
          link->url = g_steal_pointer (&span->url);
          g_ptr_array_add (r->links, link);

          insert_attr (r, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE), start, end);
          insert_attr (r, pango_attr_foreground_new (LINK_RED, LINK_GREEN, LINK_BLUE), start, end);
        }
      break;

    case MD_SPAN_IMG:
    case MD_SPAN_LATEXMATH:
    case MD_SPAN_LATEXMATH_DISPLAY:
    default:
      break;
    }

  g_free (span->url);
  g_array_set_size (r->spans, r->spans->len - 1);

  return 0;
}

static int
text_cb (MD_TEXTTYPE    type,
         const MD_CHAR *text,
         MD_SIZE        size,
         void          *user_data)
{
  Renderer *r = user_data;

  switch (type)
    {
    case MD_TEXT_NULLCHAR:
      append (r, "\uFFFD", -1);
      break;

    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
      /* Chat replies mean their line breaks; keep them. */
      append (r, "\n", 1);
      break;

    case MD_TEXT_ENTITY:
      append_entity (r, text, size);
      break;

    case MD_TEXT_NORMAL:
    case MD_TEXT_CODE:
    case MD_TEXT_HTML:
    case MD_TEXT_LATEXMATH:
    default:
      /* Raw HTML included: shown as the characters it is. */
      append (r, text, size);
      break;
    }

  return 0;
}

SyMarkdown *
sy_markdown_render (const char *markdown,
                    gssize      length)
{
  g_autofree char *valid = NULL;
  SyMarkdown *self;
  Renderer r = { 0 };
  MD_PARSER parser = {
    .abi_version = 0,
    .flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML,
    .enter_block = enter_block_cb,
    .leave_block = leave_block_cb,
    .enter_span = enter_span_cb,
    .leave_span = leave_span_cb,
    .text = text_cb,
  };

  if (markdown == NULL)
    markdown = "";

  /* md4c works on bytes; Pango needs valid UTF-8 offsets. */
  valid = g_utf8_make_valid (markdown, length);

  r.text = g_string_sized_new (strlen (valid) + 16);
  r.attrs = pango_attr_list_new ();
  r.links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  r.spans = g_array_new (FALSE, FALSE, sizeof (OpenSpan));
  r.list_counters = g_array_new (FALSE, FALSE, sizeof (int));

  if (md_parse (valid, strlen (valid), &parser, &r) != 0)
    {
      /* md4c only fails on memory exhaustion; show the source then. */
      g_string_assign (r.text, valid);
      r.content_end = r.text->len;
      pango_attr_list_unref (r.attrs);
      r.attrs = pango_attr_list_new ();
      g_ptr_array_set_size (r.links, 0);
    }

  /* A block left empty at the end ("```", "#") leaves its break behind:
   * the text ends with its last text, as a block rendered alone does. */
  if (r.content_end < r.text->len)
    {
      pango_attr_list_update (r.attrs, r.content_end, r.text->len - r.content_end, 0);
      g_string_truncate (r.text, r.content_end);
    }

  for (guint i = 0; i < r.spans->len; i++)
    g_free (g_array_index (r.spans, OpenSpan, i).url);
  g_array_unref (r.spans);
  g_array_unref (r.list_counters);

  self = g_new0 (SyMarkdown, 1);
  self->text = g_string_free (r.text, FALSE);
  self->attrs = r.attrs;
  self->links = r.links;

  return self;
}

SyMarkdown *
sy_markdown_copy (const SyMarkdown *self)
{
  SyMarkdown *copy = g_new0 (SyMarkdown, 1);

  copy->text = g_strdup (self->text);
  copy->attrs = pango_attr_list_copy (self->attrs);
  if (copy->attrs == NULL)
    copy->attrs = pango_attr_list_new ();
  copy->links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  for (guint i = 0; i < self->links->len; i++)
    {
      const SyMarkdownLink *link = g_ptr_array_index (self->links, i);
      SyMarkdownLink *link_copy = g_new0 (SyMarkdownLink, 1);

      *link_copy = *link;
      link_copy->url = g_strdup (link->url);
      g_ptr_array_add (copy->links, link_copy);
    }

  return copy;
}

void
sy_markdown_free (SyMarkdown *self)
{
  if (self == NULL)
    return;

  g_free (self->text);
  pango_attr_list_unref (self->attrs);
  g_ptr_array_unref (self->links);
  g_free (self);
}

void
sy_markdown_append (SyMarkdown       *self,
                    const SyMarkdown *block)
{
  gsize len, have = 0, offset;
  GSList *attrs;
  char *text;

  g_return_if_fail (self != NULL);
  g_return_if_fail (block != NULL);

  if (block->text[0] == '\0')
    return;

  /* The renderer's break between top-level blocks: a blank line, counting
   * the newlines the text already ends in (a code block's last lines). */
  len = strlen (self->text);
  while (have < len && self->text[len - 1 - have] == '\n')
    have++;
  text = g_strconcat (self->text, len == 0 ? "" : &"\n\n"[MIN (have, 2)], block->text, NULL);
  offset = strlen (text) - strlen (block->text);
  g_free (self->text);
  self->text = text;

  attrs = pango_attr_list_get_attributes (block->attrs);
  for (GSList *l = attrs; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      attr->start_index += offset;
      attr->end_index += offset;
      pango_attr_list_insert (self->attrs, attr);
    }
  g_slist_free (attrs);

  for (guint i = 0; i < block->links->len; i++)
    {
      const SyMarkdownLink *link = g_ptr_array_index (block->links, i);
      SyMarkdownLink *moved = g_new0 (SyMarkdownLink, 1);

      moved->start = link->start + offset;
      moved->end = link->end + offset;
      moved->url = g_strdup (link->url);
      g_ptr_array_add (self->links, moved);
    }
}

const char *
sy_markdown_get_link_at (const SyMarkdown *self,
                         int               index)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->links->len; i++)
    {
      const SyMarkdownLink *link = g_ptr_array_index (self->links, i);

      if (index >= (int) link->start && index < (int) link->end)
        return link->url;
    }

  return NULL;
}
