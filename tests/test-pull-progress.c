/* test-pull-progress.c: one overall figure over a recorded multi-layer pull
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-backend-private.h"
#include "sy-ndjson-parser.h"
#include "sy-pull-progress.h"

#define LAYERS (G_GUINT64_CONSTANT (4920734272) + 1481 + 12320 + 96 + 629145600)

static GPtrArray *
load_lines (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "streams", name, NULL);
  g_autoptr(SyNdjsonParser) parser = sy_ndjson_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GPtrArray *items = sy_ndjson_item_array_new ();
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  sy_ndjson_parser_feed (parser, contents, len, items);
  sy_ndjson_parser_finish (parser, items);

  return items;
}

/* Feeds @object as the backend would hand it to the progress callback. */
static void
feed (SyPullProgress *progress,
      JsonObject     *object)
{
  sy_pull_progress_update (progress,
                           json_object_get_string_member_with_default (object, "status", ""),
                           json_object_get_string_member_with_default (object, "digest", NULL),
                           MAX (sy_json_get_int (object, "completed", NULL), 0),
                           MAX (sy_json_get_int (object, "total", NULL), 0));
}

static void
test_layers (void)
{
  g_autoptr(GPtrArray) items = load_lines ("ollama-pull-layers.ndjson");
  g_autoptr(SyPullProgress) progress = sy_pull_progress_new ();
  double last_fraction = -1, layer_fraction = 0;
  guint64 last_completed = 0;
  gboolean layer_went_back = FALSE, sum_went_back = FALSE;

  g_assert_cmpuint (items->len, ==, 18);

  /* Before any layer: Ollama's words, no figure. */
  feed (progress, ((SyNdjsonItem *) g_ptr_array_index (items, 0))->object);
  g_assert_cmpstr (sy_pull_progress_get_phase (progress), ==, "pulling manifest");
  g_assert_cmpfloat (sy_pull_progress_get_fraction (progress), <, 0);
  g_assert_cmpuint (sy_pull_progress_get_total (progress), ==, 0);

  for (guint i = 1; i < items->len; i++)
    {
      JsonObject *object = ((SyNdjsonItem *) g_ptr_array_index (items, i))->object;
      gint64 completed = sy_json_get_int (object, "completed", NULL);
      gint64 total = sy_json_get_int (object, "total", NULL);
      double fraction;

      /* What the per-layer figure did: jump back with each new layer. */
      if (total > 0)
        {
          double own = (double) MAX (completed, 0) / total;

          layer_went_back |= own < layer_fraction;
          layer_fraction = own;
        }

      feed (progress, object);
      fraction = sy_pull_progress_get_fraction (progress);
      if (sy_pull_progress_get_total (progress) > 0)
        sum_went_back |= (double) sy_pull_progress_get_completed (progress) /
                         sy_pull_progress_get_total (progress) < last_fraction;

      g_assert_cmpfloat (fraction, >=, last_fraction);
      g_assert_cmpfloat (fraction, <=, 1.0);
      g_assert_cmpuint (sy_pull_progress_get_completed (progress), >=, last_completed);
      g_assert_cmpuint (sy_pull_progress_get_completed (progress), <=, sy_pull_progress_get_total (progress));
      last_fraction = fraction;
      last_completed = sy_pull_progress_get_completed (progress);

      if (json_object_has_member (object, "digest"))
        g_assert_null (sy_pull_progress_get_phase (progress));
    }

  /* The fixture is one where a naive figure goes backwards, both ways. */
  g_assert_true (layer_went_back);
  g_assert_true (sum_went_back);

  g_assert_cmpuint (sy_pull_progress_get_total (progress), ==, LAYERS);
  g_assert_cmpuint (sy_pull_progress_get_completed (progress), ==, LAYERS);
  g_assert_cmpfloat (sy_pull_progress_get_fraction (progress), ==, 1.0);
  g_assert_cmpstr (sy_pull_progress_get_phase (progress), ==, "success");
}

/* Half of the first layer, with the second layer not yet announced. */
static void
test_figures (void)
{
  g_autoptr(SyPullProgress) progress = sy_pull_progress_new ();

  sy_pull_progress_update (progress, "pulling a", "sha256:a", 0, 1000);
  g_assert_cmpfloat (sy_pull_progress_get_fraction (progress), ==, 0.0);
  sy_pull_progress_update (progress, "pulling a", "sha256:a", 500, 1000);
  g_assert_cmpfloat (sy_pull_progress_get_fraction (progress), ==, 0.5);

  /* A new layer grows the total; the bar holds until it is passed. */
  sy_pull_progress_update (progress, "pulling b", "sha256:b", 0, 1000);
  g_assert_cmpuint (sy_pull_progress_get_total (progress), ==, 2000);
  g_assert_cmpuint (sy_pull_progress_get_completed (progress), ==, 500);
  g_assert_cmpfloat (sy_pull_progress_get_fraction (progress), ==, 0.5);
  sy_pull_progress_update (progress, "pulling b", "sha256:b", 1000, 1000);
  g_assert_cmpfloat (sy_pull_progress_get_fraction (progress), ==, 0.75);

  /* A layer's figure never shrinks, nor exceeds its size. */
  sy_pull_progress_update (progress, "pulling a", "sha256:a", 100, 1000);
  g_assert_cmpuint (sy_pull_progress_get_completed (progress), ==, 1500);
  sy_pull_progress_update (progress, "pulling a", "sha256:a", 5000, 1000);
  g_assert_cmpuint (sy_pull_progress_get_completed (progress), ==, 2000);
  g_assert_cmpfloat (sy_pull_progress_get_fraction (progress), ==, 1.0);

  sy_pull_progress_update (progress, "verifying sha256 digest", NULL, 0, 0);
  g_assert_cmpstr (sy_pull_progress_get_phase (progress), ==, "verifying sha256 digest");
  g_assert_cmpfloat (sy_pull_progress_get_fraction (progress), ==, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pull-progress/layers", test_layers);
  g_test_add_func ("/pull-progress/figures", test_figures);

  return g_test_run ();
}
