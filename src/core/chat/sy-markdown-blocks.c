/* sy-markdown-blocks.c: a growing Markdown text cut into finished blocks
 * and the open block at its end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Appending text to CommonMark changes how earlier lines parse in few
 * ways: a fence left open swallows what follows; a list takes in items
 * that come after a blank line (and turns loose); a paragraph turns into
 * a setext heading or a table under the right next line, and lines join
 * a paragraph, a list item or a quote lazily. None of these reach across
 * a blank line followed by an unindented line that is not a list item,
 * unless a fence is open there. Whether a fence is open (fences hide in
 * list items, whose width only a real parser knows) is md4c's call: it
 * parses the open block with a plain line in place of the candidate, and
 * the candidate starts a block when that line comes out as a paragraph
 * of the document itself.
 */
#include "config.h"

#include <string.h>

#include <md4c.h>

#include "sy-markdown-blocks.h"

struct _SyMarkdownBlocks
{
  GArray   *starts;        /* gsize: starts[0] = 0, then one per finished block */
  gsize     scan;          /* the first line not wholly looked at */
  gboolean  scan_checked;  /* the line at @scan was judged as a start already */
  gboolean  after_blank;   /* the line before @scan is blank */
  gboolean  has_content;   /* the open block has a non-blank line before @scan */
  gboolean  maybe_list;    /* … and one that may be a list item */
};

/* Auxiliary functions */

static gboolean
is_blank (const char *line,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (line[i] != ' ' && line[i] != '\t')
      return FALSE;

  return TRUE;
}

/* "- ", "* ", "+ ", "1. ", "1) " (or the marker alone) after up to three
 * spaces: the start of a list item, or close enough to count as one. */
static gboolean
may_be_list_item (const char *line,
                  gsize       length)
{
  gsize i = 0, digits = 0;

  while (i < length && i < 3 && line[i] == ' ')
    i++;
  if (i == length)
    return FALSE;

  if (line[i] == '-' || line[i] == '*' || line[i] == '+')
    i++;
  else
    {
      while (i < length && g_ascii_isdigit (line[i]) && digits < 10)
        i++, digits++;
      if (digits == 0 || digits > 9 || i == length || (line[i] != '.' && line[i] != ')'))
        return FALSE;
      i++;
    }

  return i == length || line[i] == ' ' || line[i] == '\t';
}

static gboolean
may_start_list_item (char c)
{
  return c == '-' || c == '*' || c == '+' || g_ascii_isdigit (c);
}

typedef struct
{
  const char *sentinel;    /* where the stand-in line starts in the parsed text */
  GArray     *stack;       /* MD_BLOCKTYPE of the open blocks */
  gboolean    seen;
  gboolean    top_level;
} Probe;

static int
probe_enter_block_cb (MD_BLOCKTYPE  type,
                      void         *detail,
                      void         *user_data)
{
  Probe *probe = user_data;

  g_array_append_val (probe->stack, type);
  return 0;
}

static int
probe_leave_block_cb (MD_BLOCKTYPE  type,
                      void         *detail,
                      void         *user_data)
{
  Probe *probe = user_data;

  g_array_set_size (probe->stack, probe->stack->len - 1);
  return 0;
}

static int
probe_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  return 0;
}

static int
probe_text_cb (MD_TEXTTYPE    type,
               const MD_CHAR *text,
               MD_SIZE        size,
               void          *user_data)
{
  Probe *probe = user_data;

  if (probe->seen || text < probe->sentinel || text >= probe->sentinel + 1)
    return 0;

  probe->seen = TRUE;
  probe->top_level = type == MD_TEXT_NORMAL && probe->stack->len == 2 &&
                     g_array_index (probe->stack, MD_BLOCKTYPE, 0) == MD_BLOCK_DOC &&
                     g_array_index (probe->stack, MD_BLOCKTYPE, 1) == MD_BLOCK_P;
  /* Enough: stop parsing. */
  return 1;
}

/* TRUE when md4c reads a plain line at @line_start as a paragraph of the
 * document itself: every block before it is closed, no fence is open. */
static gboolean
starts_top_level_block (const char *text,
                        gsize       block_start,
                        gsize       line_start)
{
  gsize prefix = line_start - block_start;
  g_autofree char *probe_text = g_malloc (prefix + 3);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (MD_BLOCKTYPE));
  Probe probe = { probe_text + prefix, stack, FALSE, FALSE };
  MD_PARSER parser = {
    .abi_version = 0,
    /* As sy_markdown_render() parses. */
    .flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML,
    .enter_block = probe_enter_block_cb,
    .leave_block = probe_leave_block_cb,
    .enter_span = probe_span_cb,
    .leave_span = probe_span_cb,
    .text = probe_text_cb,
  };

  memcpy (probe_text, text + block_start, prefix);
  memcpy (probe_text + prefix, "x\n", 3);
  md_parse (probe_text, prefix + 2, &parser, &probe);

  return probe.seen && probe.top_level;
}

static void
start_block (SyMarkdownBlocks *self,
             gsize             offset)
{
  g_array_append_val (self->starts, offset);
  self->has_content = FALSE;
  self->maybe_list = FALSE;
}

/* Public API */

SyMarkdownBlocks *
sy_markdown_blocks_new (void)
{
  SyMarkdownBlocks *self = g_new0 (SyMarkdownBlocks, 1);

  self->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  sy_markdown_blocks_reset (self);

  return self;
}

void
sy_markdown_blocks_free (SyMarkdownBlocks *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->starts);
  g_free (self);
}

void
sy_markdown_blocks_reset (SyMarkdownBlocks *self)
{
  gsize zero = 0;

  g_return_if_fail (self != NULL);

  g_array_set_size (self->starts, 0);
  g_array_append_val (self->starts, zero);
  self->scan = 0;
  self->scan_checked = FALSE;
  self->after_blank = FALSE;
  self->has_content = FALSE;
  self->maybe_list = FALSE;
}

guint
sy_markdown_blocks_update (SyMarkdownBlocks *self,
                           const char       *text,
                           gsize             length)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (text != NULL || length == 0, 0);
  g_return_val_if_fail (length >= self->scan, self->starts->len - 1);

  while (self->scan < length)
    {
      const char *line = text + self->scan;
      gsize rest = length - self->scan;
      const char *end;
      gsize line_length, next;

      /* A line that could open a block needs only its first byte. */
      if (!self->scan_checked && self->after_blank && self->has_content &&
          line[0] != ' ' && line[0] != '\t' && line[0] != '\n' && line[0] != '\r')
        {
          gsize block_start = g_array_index (self->starts, gsize, self->starts->len - 1);

          if (!(self->maybe_list && may_start_list_item (line[0])) &&
              starts_top_level_block (text, block_start, self->scan))
            start_block (self, self->scan);
        }
      self->scan_checked = TRUE;

      /* The rest of the line waits for its end: "\n", "\r\n" or "\r"
       * (and a "\r" at the end may still get its "\n"). */
      end = memchr (line, '\n', rest);
      {
        const char *cr = memchr (line, '\r', end ? (gsize) (end - line) : rest);

        if (cr != NULL)
          end = cr;
      }
      if (end == NULL || (*end == '\r' && end + 1 == text + length))
        break;
      line_length = end - line;
      next = self->scan + line_length + (*end == '\r' && end[1] == '\n' ? 2 : 1);

      if (is_blank (line, line_length))
        self->after_blank = TRUE;
      else
        {
          self->after_blank = FALSE;
          self->has_content = TRUE;
          if (may_be_list_item (line, line_length))
            self->maybe_list = TRUE;
        }

      self->scan = next;
      self->scan_checked = FALSE;
    }

  return self->starts->len - 1;
}

guint
sy_markdown_blocks_get_n_finished (SyMarkdownBlocks *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->starts->len - 1;
}

gsize
sy_markdown_blocks_get_start (SyMarkdownBlocks *self,
                              guint             index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->starts->len, 0);

  return g_array_index (self->starts, gsize, index);
}
