/* test-markdown.c: Markdown to text and Pango attributes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-markdown-blocks.h"
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

/* Finished blocks and the open block ------------------------------------ */

/* Replies the block splitter must cut without changing what shows. */
static const char * const block_texts[] = {
  /* A heading after a paragraph, a fence opened and closed */
  "Intro with **bold** and `code`.\n# Title\n\nText after [a link](https://ex.org).\n\n"
  "```c\nint x;\n\n# not a heading\n- not a list\n\nstill code\n```\n\nAfter the fence.\n",
  /* Nested list items, loose and tight, then numbers, then a paragraph */
  "- one\n- two\n  - nested\n    - deeper\n\n- loose\n\n  more of loose\n\n1. first\n2. second\n\nDone.\n",
  /* A list item's fenced code, indented as models write it */
  "1. Install:\n\n   ```sh\n   pip install x\n\n   ```\n\n2. Run:\n\n   ```\n   run\n   ```\n\nEnd.\n\nMore.",
  /* … and ended by a line the item cannot hold: then a fence of the document */
  "1. Install:\n\n   ```sh\n   pip install x\n\nnot code any more\n   ```\n\n2. Run:\n\n   ```\n   run\n   ```\n\nEnd.",
  /* CRLF and a lone CR */
  "Para one\r\nstill one\r\n\r\n## Two\r\n\r\n- a\r\n- b\r\n\r\nThree\r\rFour\r\n",
  /* UTF-8, to be split in the middle of its sequences */
  "Café ⚡ naïve\n\n> quoted ✓ text\n\n日本語の段落\n\n---\n\n| a | é |\n|---|---|\n| 1 | ✓ |\n\nfin 🎉",
  /* Tildes, a longer closer, a fence never closed */
  "~~~\ncode ~~~ here\n\n~~~~\n\nText\n\n````\n```\n\nstill\n````\n\nLast\n\n```\nopen fence\n\nnever closed",
  /* Setext headings, an HR after a list, a number after a list, indented code */
  "Heading\n=======\n\nPara\n---\n\n* star\n\n---\n\n- item\n\n2024 was a year\n\n    indented code\n\n    more\n\nEnd",
  /* Empty list items, a quote after a list, text after a blank line in a quote */
  "-\n- b\n\n> q\n\n> r\nlazy\n\nx\n\n+ plus\n+\n\nlast",
};

static char *
attrs_to_string (SyMarkdown *md)
{
  return pango_attr_list_to_string (md->attrs);
}

static void
assert_same_render (SyMarkdown *whole,
                    SyMarkdown *joined,
                    const char *text,
                    gsize       length)
{
  g_autofree char *whole_attrs = attrs_to_string (whole);
  g_autofree char *joined_attrs = attrs_to_string (joined);

  if (g_strcmp0 (whole->text, joined->text) != 0 || g_strcmp0 (whole_attrs, joined_attrs) != 0)
    {
      g_autofree char *escaped = g_strescape (text, NULL);

      g_test_message ("Text (%" G_GSIZE_FORMAT " bytes): \"%.*s\"", length, (int) length, text);
      g_test_message ("%s", escaped);
    }
  g_assert_cmpstr (joined->text, ==, whole->text);
  g_assert_cmpstr (joined_attrs, ==, whole_attrs);
  g_assert_cmpuint (joined->links->len, ==, whole->links->len);
  for (guint i = 0; i < whole->links->len; i++)
    {
      SyMarkdownLink *a = g_ptr_array_index (whole->links, i);
      SyMarkdownLink *b = g_ptr_array_index (joined->links, i);

      g_assert_cmpuint (a->start, ==, b->start);
      g_assert_cmpuint (a->end, ==, b->end);
      g_assert_cmpstr (a->url, ==, b->url);
    }
}

/* The finished blocks and the open one, each rendered on its own. */
static SyMarkdown *
render_blocks (SyMarkdownBlocks *blocks,
               const char       *text,
               gsize             length)
{
  guint n = sy_markdown_blocks_get_n_finished (blocks);
  SyMarkdown *joined = sy_markdown_render ("", 0);

  for (guint i = 0; i <= n; i++)
    {
      gsize start = sy_markdown_blocks_get_start (blocks, i);
      gsize end = i < n ? sy_markdown_blocks_get_start (blocks, i + 1) : length;
      g_autoptr(SyMarkdown) block = NULL;

      g_assert_cmpuint (start, <=, end);
      block = sy_markdown_render (text + start, end - start);
      sy_markdown_append (joined, block);
    }

  return joined;
}

/* Cut in two at every byte: after the first part, and again after the
 * second, the blocks render as the whole text does, and the blocks
 * finished after the first part are still there after the second. */
static void
test_blocks_split_anywhere (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (block_texts); t++)
    {
      const char *text = block_texts[t];
      gsize len = strlen (text);
      g_autoptr(SyMarkdown) whole = sy_markdown_render (text, len);
      guint most = 0;

      for (gsize cut = 0; cut <= len; cut++)
        {
          g_autoptr(SyMarkdownBlocks) blocks = sy_markdown_blocks_new ();
          g_autoptr(SyMarkdown) prefix = sy_markdown_render (text, cut);
          g_autoptr(SyMarkdown) joined_prefix = NULL;
          g_autoptr(SyMarkdown) joined = NULL;
          g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
          guint n;

          n = sy_markdown_blocks_update (blocks, text, cut);
          for (guint i = 0; i <= n; i++)
            {
              gsize start = sy_markdown_blocks_get_start (blocks, i);

              g_array_append_val (starts, start);
            }
          joined_prefix = render_blocks (blocks, text, cut);
          assert_same_render (prefix, joined_prefix, text, cut);

          g_assert_cmpuint (sy_markdown_blocks_update (blocks, text, len), >=, n);
          for (guint i = 0; i < n; i++)
            g_assert_cmpuint (sy_markdown_blocks_get_start (blocks, i), ==, g_array_index (starts, gsize, i));
          joined = render_blocks (blocks, text, len);
          assert_same_render (whole, joined, text, len);
          most = MAX (most, sy_markdown_blocks_get_n_finished (blocks));
        }

      /* Not one block for everything: the splitter does split. */
      g_assert_cmpuint (most, >=, 1);
    }
}

/* Byte by byte, as a fast stream delivers it. */
static void
test_blocks_byte_by_byte (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (block_texts); t++)
    {
      const char *text = block_texts[t];
      gsize len = strlen (text);
      g_autoptr(SyMarkdownBlocks) blocks = sy_markdown_blocks_new ();
      guint previous = 0;

      for (gsize cut = 0; cut <= len; cut++)
        {
          g_autoptr(SyMarkdown) prefix = sy_markdown_render (text, cut);
          g_autoptr(SyMarkdown) joined = NULL;
          guint n = sy_markdown_blocks_update (blocks, text, cut);

          g_assert_cmpuint (n, >=, previous);
          previous = n;
          joined = render_blocks (blocks, text, cut);
          assert_same_render (prefix, joined, text, cut);
        }
    }
}

static void
assert_starts (const char *text,
               const char *first_words)
{
  g_autoptr(SyMarkdownBlocks) blocks = sy_markdown_blocks_new ();
  g_auto(GStrv) words = g_strsplit (first_words, "|", -1);
  guint n = sy_markdown_blocks_update (blocks, text, strlen (text));

  g_assert_cmpuint (n + 1, ==, g_strv_length (words));
  for (guint i = 0; i <= n; i++)
    g_assert_true (g_str_has_prefix (text + sy_markdown_blocks_get_start (blocks, i), words[i]));
}

/* Where blocks start, and where they must not. */
static void
test_blocks_where (void)
{
  /* A heading after a paragraph; a list after a heading */
  assert_starts ("Para\n\n# Head\n\n- a\n- b\n\nEnd", "Para|# Head|- a|End");
  /* A fence is one block, blank lines and all; after it, a block */
  assert_starts ("```\na\n\nb\n\n```\n\nc", "```|c");
  /* A loose list is one block until a line that is not an item */
  assert_starts ("- a\n\n- b\n\n1. c\n\nd", "- a|d");
  /* A fence in a list item ends with the item */
  assert_starts ("- a\n\n  ```\n  x\n\ny\n  ```\n\nz", "- a|y");
  /* Indented lines never start a block (here: indented code after a paragraph) */
  assert_starts ("Para\n\n    code\n\n    code\n\nText", "Para|Text");
  /* CRLF */
  assert_starts ("a\r\n\r\nb\r\n\r\nc", "a|b|c");
  /* The open block may be a line of one byte; a trailing CR waits */
  assert_starts ("a\n\nb", "a|b");
  assert_starts ("a\r", "a");
}

static void
test_blocks_reset (void)
{
  g_autoptr(SyMarkdownBlocks) blocks = sy_markdown_blocks_new ();

  g_assert_cmpuint (sy_markdown_blocks_update (blocks, "a\n\nb\n\nc", 7), ==, 2);
  sy_markdown_blocks_reset (blocks);
  g_assert_cmpuint (sy_markdown_blocks_get_n_finished (blocks), ==, 0);
  g_assert_cmpuint (sy_markdown_blocks_update (blocks, "x", 1), ==, 0);
  g_assert_cmpuint (sy_markdown_blocks_get_start (blocks, 0), ==, 0);
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
  g_test_add_func ("/markdown/blocks/split-anywhere", test_blocks_split_anywhere);
  g_test_add_func ("/markdown/blocks/byte-by-byte", test_blocks_byte_by_byte);
  g_test_add_func ("/markdown/blocks/where", test_blocks_where);
  g_test_add_func ("/markdown/blocks/reset", test_blocks_reset);

  return g_test_run ();
}
