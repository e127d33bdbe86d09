/* test-markdown.c: Markdown to text and Pango attributes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-markdown.h"

/* TRUE when an attribute of @type covers exactly the bytes of @needle in
 * the rendered text; @check may look at the attribute further. */
static PangoAttribute *
find_attr (SyMarkdown     *md,
           PangoAttrType   type,
           const char     *needle)
{
  const char *at = strstr (md->text, needle);
  guint start, end;
  PangoAttribute *found = NULL;
  GSList *attrs;

  g_assert_nonnull (at);
  start = at - md->text;
  end = start + strlen (needle);

  attrs = pango_attr_list_get_attributes (md->attrs);
  for (GSList *l = attrs; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (found == NULL && attr->klass->type == type && attr->start_index == start && attr->end_index == end)
        found = pango_attribute_copy (attr);
    }
  g_slist_free_full (attrs, (GDestroyNotify) pango_attribute_destroy);

  return found;
}

static gboolean
has_attr (SyMarkdown    *md,
          PangoAttrType  type,
          const char    *needle)
{
  PangoAttribute *attr = find_attr (md, type, needle);

  if (attr == NULL)
    return FALSE;
  pango_attribute_destroy (attr);
  return TRUE;
}

static void
test_paragraphs (void)
{
  g_autoptr(SyMarkdown) md = sy_markdown_render ("First paragraph.\n\nSecond one.\n", -1);

  g_assert_cmpstr (md->text, ==, "First paragraph.\n\nSecond one.");
  g_assert_cmpuint (md->links->len, ==, 0);
}

static void
test_emphasis (void)
{
  g_autoptr(SyMarkdown) md = sy_markdown_render ("Some *soft* and **loud** and ~~gone~~ words", -1);
  PangoAttribute *attr;

  g_assert_cmpstr (md->text, ==, "Some soft and loud and gone words");
  attr = find_attr (md, PANGO_ATTR_STYLE, "soft");
  g_assert_nonnull (attr);
  g_assert_cmpint (((PangoAttrInt *) attr)->value, ==, PANGO_STYLE_ITALIC);
  pango_attribute_destroy (attr);
  attr = find_attr (md, PANGO_ATTR_WEIGHT, "loud");
  g_assert_nonnull (attr);
  g_assert_cmpint (((PangoAttrInt *) attr)->value, ==, PANGO_WEIGHT_BOLD);
  pango_attribute_destroy (attr);
  g_assert_true (has_attr (md, PANGO_ATTR_STRIKETHROUGH, "gone"));
}

static void
test_lists (void)
{
  g_autoptr(SyMarkdown) bullets = sy_markdown_render ("Intro:\n\n- one\n- two\n  - nested\n- three\n\nAfter.", -1);
  g_autoptr(SyMarkdown) numbers = sy_markdown_render ("3. three\n4. four\n", -1);

  g_assert_cmpstr (bullets->text, ==, "Intro:\n\n• one\n• two\n    ◦ nested\n• three\n\nAfter.");
  g_assert_cmpstr (numbers->text, ==, "3. three\n4. four");
}

static void
test_links (void)
{
  g_autoptr(SyMarkdown) md = sy_markdown_render ("See [the docs](https://example.org/a?b=1&c=2) now.", -1);
  const char *at;

  g_assert_cmpstr (md->text, ==, "See the docs now.");
  g_assert_cmpuint (md->links->len, ==, 1);
  at = strstr (md->text, "the docs");
  g_assert_cmpstr (sy_markdown_get_link_at (md, at - md->text + 2), ==, "https://example.org/a?b=1&c=2");
  g_assert_null (sy_markdown_get_link_at (md, 0));
  g_assert_true (has_attr (md, PANGO_ATTR_UNDERLINE, "the docs"));
  g_assert_true (has_attr (md, PANGO_ATTR_FOREGROUND, "the docs"));
}

static void
test_code (void)
{
  g_autoptr(SyMarkdown) md = sy_markdown_render ("Run `ollama serve` first:\n\n```sh\nollama pull llama3.1:8b\n  indented *not em*\n```\n\nDone.", -1);
  PangoAttribute *attr;

  g_assert_cmpstr (md->text, ==, "Run ollama serve first:\n\nollama pull llama3.1:8b\n  indented *not em*\n\nDone.");
  attr = find_attr (md, PANGO_ATTR_FAMILY, "ollama serve");
  g_assert_nonnull (attr);
  g_assert_cmpstr (((PangoAttrString *) attr)->value, ==, "monospace");
  pango_attribute_destroy (attr);
  attr = find_attr (md, PANGO_ATTR_FAMILY, "ollama pull llama3.1:8b\n  indented *not em*");
  g_assert_nonnull (attr);
  g_assert_cmpstr (((PangoAttrString *) attr)->value, ==, "monospace");
  pango_attribute_destroy (attr);
}

static void
test_not_markup (void)
{
  g_autoptr(SyMarkdown) md = sy_markdown_render ("<b>not markup</b> &amp; <i>x</i> &lt;3 &#x41;", -1);
  g_autoptr(SyMarkdown) block = sy_markdown_render ("<div>\n<script>alert(1)</script>\n</div>", -1);

  g_assert_cmpstr (md->text, ==, "<b>not markup</b> & <i>x</i> <3 A");
  g_assert_nonnull (strstr (block->text, "<script>alert(1)</script>"));
  /* Nothing styled: the tags were not interpreted. */
  g_assert_null (pango_attr_list_get_attributes (md->attrs));
}

static void
test_headings_quotes (void)
{
  g_autoptr(SyMarkdown) md = sy_markdown_render ("# Title\n\n> quoted\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", -1);

  g_assert_true (g_str_has_prefix (md->text, "Title\n\nquoted\n\n"));
  g_assert_true (has_attr (md, PANGO_ATTR_WEIGHT, "Title"));
  g_assert_true (has_attr (md, PANGO_ATTR_SCALE, "Title"));
  g_assert_true (has_attr (md, PANGO_ATTR_STYLE, "quoted"));
  g_assert_nonnull (strstr (md->text, "a │ b\n1 │ 2"));
}

/* Every prefix of a reply, as the stream delivers it: unterminated
 * fences, emphasis, links and lists must render without trouble. */
static void
test_streaming_prefixes (void)
{
  const char *reply =
    "# Plan\n\nHere is **bold *and nested* text** with a [link](https://ex.org/p \"t\") and `code\n\n"
    "1. first\n2. second\n   - deep\n     1. deeper\n\n```c\nint main (void) { return 0; }\n```\n"
    "> quote *open\n\n| h | i |\n|---|\n| x | y | z |\n\nEnd ⚡ café &am";
  gsize len = strlen (reply);

  for (gsize i = 0; i <= len; i++)
    {
      g_autoptr(SyMarkdown) md = sy_markdown_render (reply, i);
      GSList *attrs = pango_attr_list_get_attributes (md->attrs);

      g_assert_true (g_utf8_validate (md->text, -1, NULL));
      for (GSList *l = attrs; l != NULL; l = l->next)
        {
          PangoAttribute *attr = l->data;

          g_assert_cmpuint (attr->start_index, <=, attr->end_index);
          g_assert_cmpuint (attr->end_index, <=, strlen (md->text));
        }
      g_slist_free_full (attrs, (GDestroyNotify) pango_attribute_destroy);
    }
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(SyMarkdown) md = sy_markdown_render ("bad \xff\xfe bytes **and** \xe2\x82", -1);
  g_autoptr(SyMarkdown) copy = sy_markdown_copy (md);

  g_assert_true (g_utf8_validate (md->text, -1, NULL));
  g_assert_cmpstr (copy->text, ==, md->text);
  g_assert_true (has_attr (copy, PANGO_ATTR_WEIGHT, "and"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/paragraphs", test_paragraphs);
  g_test_add_func ("/markdown/emphasis", test_emphasis);
  g_test_add_func ("/markdown/lists", test_lists);
  g_test_add_func ("/markdown/links", test_links);
  g_test_add_func ("/markdown/code", test_code);
  g_test_add_func ("/markdown/not-markup", test_not_markup);
  g_test_add_func ("/markdown/headings-quotes", test_headings_quotes);
  g_test_add_func ("/markdown/streaming-prefixes", test_streaming_prefixes);
  g_test_add_func ("/markdown/invalid-utf8", test_invalid_utf8);

  return g_test_run ();
}
