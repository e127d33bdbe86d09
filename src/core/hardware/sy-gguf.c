/* sy-gguf.c: a GGUF file's header, and the model it describes
 *
 * Layout (ggml-org/ggml docs/gguf.md, commit d99724f2b141fed9e1a9f402213506c081433465):
 *   u32 magic "GGUF", u32 version, u64 tensor count, u64 key count,
 *   keys: string key, u32 value type, value,
 *   tensors: string name, u32 n_dims, u64 dims[n_dims], u32 ggml type, u64 offset,
 * where a string is u64 length + bytes (no NUL) and an array is u32 element
 * type, u64 count, elements. All little-endian.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sy-gguf.h"
#include "sy-model-describe.h"

#define GGUF_MAGIC 0x46554747u  /* "GGUF" read little-endian */

/* gguf_metadata_value_type, docs/gguf.md */
enum
{
  VALUE_UINT8,
  VALUE_INT8,
  VALUE_UINT16,
  VALUE_INT16,
  VALUE_UINT32,
  VALUE_INT32,
  VALUE_FLOAT32,
  VALUE_BOOL,
  VALUE_STRING,
  VALUE_ARRAY,
  VALUE_UINT64,
  VALUE_INT64,
  VALUE_FLOAT64,
  N_VALUE_TYPES,
};

typedef struct
{
  guint32  type;
  union
  {
    guint64  u;
    gint64   i;
    double   f;
    char    *s;
  };
} Value;

struct _SyGgufFile
{
  guint32     version;
  GHashTable *values;   /* key → Value */
  GArray     *tensors;  /* SyGgufTensor */
  double      parameters;
  double      weights_bytes;
};

/* Block size and bytes per block of each ggml_type: ggml-org/ggml
 * src/ggml.c type_traits[] and the block structs of src/ggml-common.h
 * (sizes printed with sizeof at commit d99724f2b141fed9e1a9f402213506c081433465).
 * Types whose support was removed (4, 5, 31–33, 36–38) have none. */
static const struct
{
  const char *name;
  guint       block_size;
  guint       block_bytes;
} ggml_types[] = {
  [0]  = { "F32",     1,   4 },
  [1]  = { "F16",     1,   2 },
  [2]  = { "Q4_0",    32,  18 },
  [3]  = { "Q4_1",    32,  20 },
  [6]  = { "Q5_0",    32,  22 },
  [7]  = { "Q5_1",    32,  24 },
  [8]  = { "Q8_0",    32,  34 },
  [9]  = { "Q8_1",    32,  36 },
  [10] = { "Q2_K",    256, 84 },
  [11] = { "Q3_K",    256, 110 },
  [12] = { "Q4_K",    256, 144 },
  [13] = { "Q5_K",    256, 176 },
  [14] = { "Q6_K",    256, 210 },
  [15] = { "Q8_K",    256, 292 },
  [16] = { "IQ2_XXS", 256, 66 },
  [17] = { "IQ2_XS",  256, 74 },
  [18] = { "IQ3_XXS", 256, 98 },
  [19] = { "IQ1_S",   256, 50 },
  [20] = { "IQ4_NL",  32,  18 },
  [21] = { "IQ3_S",   256, 110 },
  [22] = { "IQ2_S",   256, 82 },
  [23] = { "IQ4_XS",  256, 136 },
  [24] = { "I8",      1,   1 },
  [25] = { "I16",     1,   2 },
  [26] = { "I32",     1,   4 },
  [27] = { "I64",     1,   8 },
  [28] = { "F64",     1,   8 },
  [29] = { "IQ1_M",   256, 56 },
  [30] = { "BF16",    1,   2 },
  [34] = { "TQ1_0",   256, 54 },
  [35] = { "TQ2_0",   256, 66 },
  [39] = { "MXFP4",   32,  17 },
  [40] = { "NVFP4",   64,  36 },
  [41] = { "Q1_0",    128, 18 },
  [42] = { "Q2_0",    64,  18 },
};

/* general.file_type, llama.cpp's enum llama_ftype: ggml-org/llama.cpp
 * include/llama.h (0–18 also in ggml docs/gguf.md). */
static const char * const file_types[] = {
  [0]  = "F32",     [1]  = "F16",     [2]  = "Q4_0",    [3]  = "Q4_1",
  [7]  = "Q8_0",    [8]  = "Q5_0",    [9]  = "Q5_1",    [10] = "Q2_K",
  [11] = "Q3_K_S",  [12] = "Q3_K_M",  [13] = "Q3_K_L",  [14] = "Q4_K_S",
  [15] = "Q4_K_M",  [16] = "Q5_K_S",  [17] = "Q5_K_M",  [18] = "Q6_K",
  [19] = "IQ2_XXS", [20] = "IQ2_XS",  [21] = "Q2_K_S",  [22] = "IQ3_XS",
  [23] = "IQ3_XXS", [24] = "IQ1_S",   [25] = "IQ4_NL",  [26] = "IQ3_S",
  [27] = "IQ3_M",   [28] = "IQ2_S",   [29] = "IQ2_M",   [30] = "IQ4_XS",
  [31] = "IQ1_M",   [32] = "BF16",    [36] = "TQ1_0",   [37] = "TQ2_0",
  [38] = "MXFP4_MOE", [39] = "NVFP4", [40] = "Q1_0",
};

G_DEFINE_QUARK (sy-gguf-error-quark, sy_gguf_error)

/* Auxiliary functions */

static void
value_free (gpointer data)
{
  Value *value = data;

  if (value->type == VALUE_STRING)
    g_free (value->s);
  g_free (value);
}

static void
tensor_clear (gpointer data)
{
  SyGgufTensor *tensor = data;

  g_free (tensor->name);
}

typedef struct
{
  GInputStream *stream;
  GCancellable *cancellable;
  guint64       position;
  guint64       size;
  GError      **error;
} Reader;

static gboolean
reader_fail_truncated (Reader  *reader,
                       guint64  wanted)
{
  g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_TRUNCATED,
               _("Truncated at byte %" PRIu64 ": %" PRIu64 " more bytes expected in a file of %" PRIu64),
               reader->position, wanted, reader->size);
  return FALSE;
}

static gboolean
reader_read (Reader *reader,
             void   *buffer,
             gsize   count)
{
  gsize n_read = 0;

  if (count > reader->size - reader->position)
    return reader_fail_truncated (reader, count);
  if (!g_input_stream_read_all (reader->stream, buffer, count, &n_read, reader->cancellable, reader->error))
    return FALSE;
  if (n_read < count)
    {
      /* The stream ended before its announced size. */
      reader->size = reader->position + n_read;
      return reader_fail_truncated (reader, count);
    }

  reader->position += count;
  return TRUE;
}

static gboolean
reader_skip (Reader  *reader,
             guint64  count)
{
  if (count > reader->size - reader->position)
    return reader_fail_truncated (reader, count);

  while (count > 0)
    {
      gssize skipped = g_input_stream_skip (reader->stream, MIN (count, G_MAXSSIZE / 2),
                                            reader->cancellable, reader->error);

      if (skipped < 0)
        return FALSE;
      if (skipped == 0)
        {
          reader->size = reader->position;
          return reader_fail_truncated (reader, count);
        }
      reader->position += (guint64) skipped;
      count -= (guint64) skipped;
    }

  return TRUE;
}

static gboolean
reader_u32 (Reader  *reader,
            guint32 *out)
{
  guint32 raw;

  if (!reader_read (reader, &raw, sizeof raw))
    return FALSE;
  *out = GUINT32_FROM_LE (raw);
  return TRUE;
}

static gboolean
reader_u64 (Reader  *reader,
            guint64 *out)
{
  guint64 raw;

  if (!reader_read (reader, &raw, sizeof raw))
    return FALSE;
  *out = GUINT64_FROM_LE (raw);
  return TRUE;
}

static gboolean
reader_string_length (Reader  *reader,
                      guint64 *out_length)
{
  guint64 at = reader->position;

  if (!reader_u64 (reader, out_length))
    return FALSE;
  if (*out_length > SY_GGUF_MAX_STRING)
    {
      g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_LIMIT,
                   _("A string of %" PRIu64 " bytes at byte %" PRIu64 " (at most %u)"),
                   *out_length, at, SY_GGUF_MAX_STRING);
      return FALSE;
    }

  return TRUE;
}

/* Keys and names must be valid UTF-8 without NULs: they end up in the
 * UI and in JSON output. */
static char *
reader_string (Reader *reader)
{
  g_autofree char *text = NULL;
  guint64 at = reader->position;
  guint64 length;

  if (!reader_string_length (reader, &length))
    return NULL;
  if (length > reader->size - reader->position)
    {
      reader_fail_truncated (reader, length);
      return NULL;
    }

  text = g_malloc (length + 1);
  if (!reader_read (reader, text, length))
    return NULL;
  text[length] = '\0';

  if (strlen (text) != length || !g_utf8_validate (text, (gssize) length, NULL))
    {
      g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_INVALID,
                   _("The string at byte %" PRIu64 " is not valid UTF-8"), at);
      return NULL;
    }

  return g_steal_pointer (&text);
}

static guint
scalar_size (guint32 type)
{
  switch (type)
    {
    case VALUE_UINT8:
    case VALUE_INT8:
    case VALUE_BOOL:
      return 1;
    case VALUE_UINT16:
    case VALUE_INT16:
      return 2;
    case VALUE_UINT32:
    case VALUE_INT32:
    case VALUE_FLOAT32:
      return 4;
    case VALUE_UINT64:
    case VALUE_INT64:
    case VALUE_FLOAT64:
      return 8;
    default:
      return 0;
    }
}

static gboolean
fail_value_type (Reader  *reader,
                 guint32  type,
                 guint64  at)
{
  g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_INVALID,
               _("Unknown value type %u at byte %" PRIu64), type, at);
  return FALSE;
}

/* Arrays (token lists of 150,000 strings, per-layer numbers) are skipped:
 * sizing needs none of them. The count is bounded by the bytes left. */
static gboolean
reader_skip_array (Reader *reader)
{
  guint64 at = reader->position;
  guint32 type;
  guint64 count;

  if (!reader_u32 (reader, &type) || !reader_u64 (reader, &count))
    return FALSE;

  if (type == VALUE_STRING)
    {
      /* Each string is at least its 8-byte length. */
      if (count > (reader->size - reader->position) / 8)
        return reader_fail_truncated (reader, count * 8 > count ? count * 8 : G_MAXUINT64);
      for (guint64 i = 0; i < count; i++)
        {
          guint64 length;

          if (!reader_string_length (reader, &length) || !reader_skip (reader, length))
            return FALSE;
        }
      return TRUE;
    }

  if (type == VALUE_ARRAY)
    {
      g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_INVALID,
                   _("An array of arrays at byte %" PRIu64), at);
      return FALSE;
    }

  if (scalar_size (type) == 0)
    return fail_value_type (reader, type, at + 0);
  if (count > (reader->size - reader->position) / scalar_size (type))
    return reader_fail_truncated (reader, count > G_MAXUINT64 / scalar_size (type)
                                          ? G_MAXUINT64 : count * scalar_size (type));

  return reader_skip (reader, count * scalar_size (type));
}

/* NULL with @error unset for an array (skipped). */
static Value *
reader_value (Reader  *reader,
              guint32  type)
{
  g_autofree Value *value = g_new0 (Value, 1);
  guint64 at = reader->position;
  guint8 raw[8];

  value->type = type;
  switch (type)
    {
    case VALUE_STRING:
      value->s = reader_string (reader);
      return value->s != NULL ? g_steal_pointer (&value) : NULL;
    case VALUE_ARRAY:
      reader_skip_array (reader);
      return NULL;
    default:
      break;
    }

  if (scalar_size (type) == 0)
    {
      fail_value_type (reader, type, at - 4);
      return NULL;
    }
  if (!reader_read (reader, raw, scalar_size (type)))
    return NULL;

  /* memcpy: @raw has no alignment of its own. */
  switch (type)
    {
    case VALUE_UINT8:
    case VALUE_BOOL:
      value->u = raw[0];
      break;
    case VALUE_INT8:
      value->i = (gint8) raw[0];
      break;
    case VALUE_UINT16:
    case VALUE_INT16:
      {
        guint16 bits;

        memcpy (&bits, raw, sizeof bits);
        bits = GUINT16_FROM_LE (bits);
        if (type == VALUE_UINT16)
          value->u = bits;
        else
          value->i = (gint16) bits;
      }
      break;
    case VALUE_UINT32:
    case VALUE_INT32:
    case VALUE_FLOAT32:
      {
        guint32 bits;
        float f;

        memcpy (&bits, raw, sizeof bits);
        bits = GUINT32_FROM_LE (bits);
        if (type == VALUE_UINT32)
          value->u = bits;
        else if (type == VALUE_INT32)
          value->i = (gint32) bits;
        else
          {
            memcpy (&f, &bits, sizeof f);
            value->f = f;
          }
      }
      break;
    case VALUE_UINT64:
    case VALUE_INT64:
    case VALUE_FLOAT64:
    default:
      {
        guint64 bits;

        memcpy (&bits, raw, sizeof bits);
        bits = GUINT64_FROM_LE (bits);
        if (type == VALUE_UINT64)
          value->u = bits;
        else if (type == VALUE_INT64)
          value->i = (gint64) bits;
        else
          memcpy (&value->f, &bits, sizeof value->f);
      }
      break;
    }

  return g_steal_pointer (&value);
}

static gboolean
read_tensor (Reader       *reader,
             SyGgufTensor *tensor)
{
  guint64 at = reader->position;
  guint64 blocks;
  guint block_size, block_bytes;

  tensor->name = reader_string (reader);
  if (tensor->name == NULL || !reader_u32 (reader, &tensor->n_dims))
    return FALSE;
  if (tensor->n_dims == 0 || tensor->n_dims > SY_GGUF_MAX_DIMS)
    {
      g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_LIMIT,
                   _("Tensor “%s” has %u dimensions (1 to %u)"),
                   tensor->name, tensor->n_dims, SY_GGUF_MAX_DIMS);
      return FALSE;
    }

  tensor->n_elements = 1;
  for (guint i = 0; i < SY_GGUF_MAX_DIMS; i++)
    {
      tensor->dims[i] = 1;
      if (i < tensor->n_dims && !reader_u64 (reader, &tensor->dims[i]))
        return FALSE;
      /* llama.cpp keeps shapes in int64_t. */
      if (tensor->dims[i] > G_MAXINT64 ||
          (tensor->dims[i] > 0 && tensor->n_elements > G_MAXINT64 / tensor->dims[i]))
        {
          g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_LIMIT,
                       _("Tensor “%s” has too many elements"), tensor->name);
          return FALSE;
        }
      tensor->n_elements *= tensor->dims[i];
    }

  if (!reader_u32 (reader, &tensor->type) || !reader_u64 (reader, &tensor->offset))
    return FALSE;
  if (!sy_gguf_type_get_layout (tensor->type, &block_size, &block_bytes))
    {
      g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_INVALID,
                   _("Unknown tensor type %u (tensor “%s” at byte %" PRIu64 ")"),
                   tensor->type, tensor->name, at);
      return FALSE;
    }
  /* Blocks run along the first dimension (llama.cpp checks the same). */
  if (tensor->dims[0] % block_size != 0)
    {
      g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_INVALID,
                   _("Tensor “%s”: %" PRIu64 " is not a multiple of %s's block of %u"),
                   tensor->name, tensor->dims[0], sy_gguf_type_get_name (tensor->type), block_size);
      return FALSE;
    }

  blocks = tensor->n_elements / block_size;
  if (blocks > G_MAXINT64 / block_bytes)
    {
      g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_LIMIT,
                   _("Tensor “%s” has too many elements"), tensor->name);
      return FALSE;
    }
  tensor->n_bytes = blocks * block_bytes;

  return TRUE;
}

static gboolean
read_header (SyGgufFile *self,
             Reader     *reader)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint32 magic;
  guint64 n_tensors, n_keys;

  if (reader->size < 4 || !reader_u32 (reader, &magic) || magic != GGUF_MAGIC)
    {
      g_clear_error (reader->error);
      g_set_error_literal (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_NOT_GGUF,
                           _("Not a GGUF file"));
      return FALSE;
    }

  if (!reader_u32 (reader, &self->version))
    return FALSE;
  if (self->version != 2 && self->version != 3)
    {
      g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_VERSION,
                   _("GGUF version %u is not supported (2 and 3 are)"), self->version);
      return FALSE;
    }

  if (!reader_u64 (reader, &n_tensors) || !reader_u64 (reader, &n_keys))
    return FALSE;
  if (n_tensors > SY_GGUF_MAX_TENSORS || n_keys > SY_GGUF_MAX_KEYS)
    {
      gboolean tensors = n_tensors > SY_GGUF_MAX_TENSORS;

      g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_LIMIT,
                   tensors ? _("%" PRIu64 " tensors (at most %u)")
                           : _("%" PRIu64 " metadata keys (at most %u)"),
                   tensors ? n_tensors : n_keys, tensors ? SY_GGUF_MAX_TENSORS : SY_GGUF_MAX_KEYS);
      return FALSE;
    }

  for (guint64 i = 0; i < n_keys; i++)
    {
      g_autofree char *key = reader_string (reader);
      guint32 type;
      Value *value;

      if (key == NULL || !reader_u32 (reader, &type))
        return FALSE;
      if (g_hash_table_contains (self->values, key))
        {
          g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_INVALID,
                       _("Duplicate key “%s”"), key);
          return FALSE;
        }
      value = reader_value (reader, type);
      if (value != NULL)
        g_hash_table_insert (self->values, g_steal_pointer (&key), value);
      else if (*reader->error != NULL)
        return FALSE;
      else
        {
          /* An array: remembered as present, for the duplicate check. */
          value = g_new0 (Value, 1);
          value->type = VALUE_ARRAY;
          g_hash_table_insert (self->values, g_steal_pointer (&key), value);
        }
    }

  for (guint64 i = 0; i < n_tensors; i++)
    {
      SyGgufTensor tensor = { NULL };

      g_array_append_val (self->tensors, tensor);
      if (!read_tensor (reader, &g_array_index (self->tensors, SyGgufTensor, self->tensors->len - 1)))
        return FALSE;

      {
        const SyGgufTensor *read = &g_array_index (self->tensors, SyGgufTensor, self->tensors->len - 1);

        if (!g_hash_table_add (names, read->name))
          {
            g_set_error (reader->error, SY_GGUF_ERROR, SY_GGUF_ERROR_INVALID,
                         _("Duplicate tensor “%s”"), read->name);
            return FALSE;
          }
        self->parameters += (double) read->n_elements;
        self->weights_bytes += (double) read->n_bytes;
      }
    }

  return TRUE;
}

static Value *
lookup (SyGgufFile *self,
        const char *key)
{
  return g_hash_table_lookup (self->values, key);
}

static gboolean
lookup_arch_uint (SyGgufFile *self,
                  const char *arch,
                  const char *suffix,
                  guint64    *out)
{
  g_autofree char *key = g_strconcat (arch, ".", suffix, NULL);

  return sy_gguf_file_get_uint (self, key, out);
}

/* Public API */

SyGgufFile *
sy_gguf_file_new_from_stream (GInputStream  *stream,
                              guint64        size,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(SyGgufFile) self = g_new0 (SyGgufFile, 1);
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GError) local_error = NULL;
  Reader reader = { NULL };

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  self->tensors = g_array_new (FALSE, TRUE, sizeof (SyGgufTensor));
  g_array_set_clear_func (self->tensors, tensor_clear);

  /* Token lists are read as thousands of short strings. */
  buffered = g_buffered_input_stream_new_sized (stream, 64 * 1024);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (buffered), FALSE);
  reader.stream = buffered;
  reader.cancellable = cancellable;
  reader.size = size;
  reader.error = &local_error;

  if (!read_header (self, &reader))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&self);
}

SyGgufFile *
sy_gguf_file_new_from_data (const guint8  *data,
                            gsize          size,
                            GError       **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);

  return sy_gguf_file_new_from_stream (stream, size, NULL, error);
}

SyGgufFile *
sy_gguf_file_new_for_file (GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, error);
  if (info == NULL)
    return NULL;

  return sy_gguf_file_new_from_stream (G_INPUT_STREAM (stream), (guint64) MAX (g_file_info_get_size (info), 0),
                                       cancellable, error);
}

void
sy_gguf_file_free (SyGgufFile *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->tensors, g_array_unref);
  g_free (self);
}

guint32
sy_gguf_file_get_version (SyGgufFile *self)
{
  return self->version;
}

guint
sy_gguf_file_get_n_keys (SyGgufFile *self)
{
  return g_hash_table_size (self->values);
}

guint
sy_gguf_file_get_n_tensors (SyGgufFile *self)
{
  return self->tensors->len;
}

const SyGgufTensor *
sy_gguf_file_get_tensor (SyGgufFile *self,
                         guint       index)
{
  g_return_val_if_fail (index < self->tensors->len, NULL);

  return &g_array_index (self->tensors, SyGgufTensor, index);
}

const char *
sy_gguf_file_get_string (SyGgufFile *self,
                         const char *key)
{
  Value *value = lookup (self, key);

  return value != NULL && value->type == VALUE_STRING ? value->s : NULL;
}

gboolean
sy_gguf_file_get_uint (SyGgufFile *self,
                       const char *key,
                       guint64    *out_value)
{
  Value *value = lookup (self, key);

  if (value == NULL)
    return FALSE;

  switch (value->type)
    {
    case VALUE_UINT8:
    case VALUE_UINT16:
    case VALUE_UINT32:
    case VALUE_UINT64:
      *out_value = value->u;
      return TRUE;
    case VALUE_INT8:
    case VALUE_INT16:
    case VALUE_INT32:
    case VALUE_INT64:
      if (value->i < 0)
        return FALSE;
      *out_value = (guint64) value->i;
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
sy_gguf_file_get_bool (SyGgufFile *self,
                       const char *key,
                       gboolean   *out_value)
{
  Value *value = lookup (self, key);

  if (value == NULL || value->type != VALUE_BOOL)
    return FALSE;

  *out_value = value->u != 0;
  return TRUE;
}

double
sy_gguf_file_get_parameters (SyGgufFile *self)
{
  return self->parameters;
}

double
sy_gguf_file_get_weights_bytes (SyGgufFile *self)
{
  return self->weights_bytes;
}

const char *
sy_gguf_type_get_name (guint32 type)
{
  return type < G_N_ELEMENTS (ggml_types) ? ggml_types[type].name : NULL;
}

gboolean
sy_gguf_type_get_layout (guint32  type,
                         guint   *out_block_size,
                         guint   *out_block_bytes)
{
  if (type >= G_N_ELEMENTS (ggml_types) || ggml_types[type].block_size == 0)
    return FALSE;

  *out_block_size = ggml_types[type].block_size;
  *out_block_bytes = ggml_types[type].block_bytes;
  return TRUE;
}

const char *
sy_gguf_file_type_get_name (guint32 file_type)
{
  return file_type < G_N_ELEMENTS (file_types) ? file_types[file_type] : NULL;
}

SyCatalogModel *
sy_gguf_file_to_model (SyGgufFile  *self,
                       const char  *fallback_name,
                       GError     **error)
{
  SyModelDescription description = { NULL };
  const char *arch = sy_gguf_file_get_string (self, "general.architecture");
  g_autofree char *causal_key = NULL;
  double expert_parameters = 0;
  guint64 file_type;
  gboolean causal = TRUE;

  if (arch == NULL)
    {
      g_set_error_literal (error, SY_GGUF_ERROR, SY_GGUF_ERROR_NOT_A_MODEL,
                           _("The file names no architecture (general.architecture)"));
      return NULL;
    }

  description.name = sy_gguf_file_get_string (self, "general.name");
  if (description.name == NULL || *description.name == '\0')
    description.name = fallback_name;
  description.architecture = arch;
  lookup_arch_uint (self, arch, "block_count", &description.block_count);
  lookup_arch_uint (self, arch, "attention.head_count", &description.head_count);
  lookup_arch_uint (self, arch, "attention.head_count_kv", &description.head_count_kv);
  lookup_arch_uint (self, arch, "attention.key_length", &description.key_length);
  lookup_arch_uint (self, arch, "embedding_length", &description.embedding_length);
  lookup_arch_uint (self, arch, "context_length", &description.context_length);
  lookup_arch_uint (self, arch, "expert_count", &description.expert_count);
  lookup_arch_uint (self, arch, "expert_used_count", &description.expert_used_count);
  lookup_arch_uint (self, arch, "attention.sliding_window", &description.sliding_window);
  causal_key = g_strconcat (arch, ".attention.causal", NULL);
  description.encoder = sy_gguf_file_get_bool (self, causal_key, &causal) && !causal;

  if (sy_gguf_file_get_uint (self, "general.file_type", &file_type) && file_type <= G_MAXUINT32)
    description.quant_name = sy_gguf_file_type_get_name ((guint32) file_type);

  /* llama.cpp names a mixture's stacked expert tensors "blk.N.ffn_*_exps.weight". */
  for (guint i = 0; i < self->tensors->len; i++)
    {
      const SyGgufTensor *tensor = &g_array_index (self->tensors, SyGgufTensor, i);

      if (strstr (tensor->name, "_exps.") != NULL)
        expert_parameters += (double) tensor->n_elements;
    }

  description.parameters = self->parameters;
  description.active_parameters = self->parameters;
  if (description.expert_count > 0 && description.expert_used_count > 0 &&
      description.expert_used_count <= description.expert_count)
    description.active_parameters = self->parameters - expert_parameters +
                                    expert_parameters * (double) description.expert_used_count /
                                    (double) description.expert_count;
  description.weights_bytes_exact = self->weights_bytes;
  description.source = "GGUF";

  return sy_catalog_model_new_described (&description, error);
}
