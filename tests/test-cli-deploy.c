/* test-cli-deploy.c: `switchyard deploy` run as a script would: a folder
 * with the boxes the capacity rule asks for, bad flags refused, and no half
 * folder when the disk fills up or the place cannot be written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <json-glib/json-glib.h>

#include "sy-test-utils.h"

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* A fresh, empty folder for each test. */
static char *
make_root (void)
{
  char *root = g_dir_make_tmp ("sy-cli-deploy-XXXXXX", NULL);

  g_assert_nonnull (root);
  return root;
}

static char *
read_file_in (const char *dir,
              const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
test_three_boxes (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *root = make_root ();
  g_autofree char *dir = g_build_filename (root, "plan", NULL);
  g_autofree char *config = g_build_filename (dir, "config.yaml", NULL);
  g_autofree char *modelfile_path = g_build_filename (dir, "Modelfile", NULL);
  g_autofree char *box3_path = g_build_filename (dir, "start-box-3.sh", NULL);
  g_autofree char *modelfile = NULL;
  g_autofree char *box3 = NULL;
  g_autoptr(JsonNode) found = NULL;

  /* SPEC §2's capacity case: 50,000 requests a day need 3 RTX 4090 boxes. */
  run_switchyard (&run, NULL, "deploy", "--engine", "ollama", "--model", "llama3.1:8b",
                  "--vram-gb", "24", "--ram-gb", "64", "--daily-requests", "50000",
                  "--input-tokens", "800", "--output-tokens", "400", "--out", dir, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "Wrote a plan for 3 boxes of Llama 3.1 8B on Ollama to "));
  g_assert_nonnull (strstr (run.out, "  start-box-3.sh\n"));

  found = sy_test_check_deploy_yaml (config, 3, "gpt-4o-mini");
  if (found != NULL)
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (found), "boxes"), ==, 3);

  g_assert_true (g_file_get_contents (modelfile_path, &modelfile, NULL, NULL));
  g_assert_nonnull (strstr (modelfile, "PARAMETER num_ctx 8192\nPARAMETER num_gpu 32\n"));
  g_assert_true (g_file_get_contents (box3_path, &box3, NULL, NULL));
  g_assert_nonnull (strstr (box3, "# Box 3 of 3 (box-3)"));
  g_assert_nonnull (strstr (box3, "export OLLAMA_HOST=0.0.0.0:11434\n"));
  g_assert_nonnull (strstr (box3, "ollama create switchyard-llama3.1-8b -f Modelfile\n"));

  sy_test_remove_tree (root);
}

/* --gpu plans each box with cards from the GPU table: two 24 GB cards
 * hold twice the layers of 70B at Q4_K_M that one card holds (39 of 80
 * on one, as sy_fit_compute splits it); an
 * unknown card or --gpu with --vram-gb is refused before anything is
 * written. */
static void
test_gpu (void)
{
  g_auto(Run) one = { 0 };
  g_auto(Run) two = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) both = { 0 };
  g_autofree char *root = make_root ();
  g_autofree char *dir_one = g_build_filename (root, "one", NULL);
  g_autofree char *dir_two = g_build_filename (root, "two", NULL);
  g_autofree char *dir_bad = g_build_filename (root, "bad", NULL);
  g_autofree char *box_one = NULL;
  g_autofree char *box_two = NULL;

  run_switchyard (&one, NULL, "deploy", "--engine", "llama-server", "--model", "llama3.3-70b",
                  "--gpu", "RTX 4090", "--ram-gb", "64", "--out", dir_one, NULL);
  g_assert_cmpint (one.status, ==, 0);
  run_switchyard (&two, NULL, "deploy", "--engine", "llama-server", "--model", "llama3.3-70b",
                  "--gpu", "RTX 4090", "--gpu", "rtx 4090", "--ram-gb", "64", "--out", dir_two, NULL);
  g_assert_cmpint (two.status, ==, 0);
  box_one = read_file_in (dir_one, "start-box-1.sh");
  box_two = read_file_in (dir_two, "start-box-1.sh");
  g_assert_nonnull (strstr (box_one, "    -ngl 39 \\\n"));
  g_assert_nonnull (strstr (box_two, "    -ngl 78 \\\n"));

  run_switchyard (&unknown, NULL, "deploy", "--engine", "ollama", "--model", "llama3.1-8b",
                  "--gpu", "Voodoo 3", "--out", dir_bad, NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "Voodoo 3"));
  run_switchyard (&both, NULL, "deploy", "--engine", "ollama", "--model", "llama3.1-8b",
                  "--gpu", "RTX 4090", "--vram-gb", "24", "--out", dir_bad, NULL);
  g_assert_cmpint (both.status, ==, 2);
  g_assert_false (g_file_test (dir_bad, G_FILE_TEST_EXISTS));

  sy_test_remove_tree (root);
}

/* Without --model, --gpu or --vram-gb a plan is for what the option was
 * planned on: SPEC's 70B pair runs Llama 3.1 70B on two 40 GB A100s, all
 * 80 layers on them, and says so. */
static void
test_option_hardware (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *root = make_root ();
  g_autofree char *dir = g_build_filename (root, "plan", NULL);
  g_autofree char *box = NULL;

  run_switchyard (&run, NULL, "deploy", "--engine", "llama-server", "--local", "llama3.1-70b-2xa100",
                  "--ram-gb", "64", "--out", dir, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Wrote a plan for 1 box of Llama 3.1 70B on llama.cpp server to "));
  g_assert_nonnull (strstr (run.out, "\nEach box: 2× A100 40 GB, the cards “Llama 3.1 70B Q4 (2× A100)” was planned on "
                                     "(--gpu or --vram-gb to change)\n"));
  box = read_file_in (dir, "start-box-1.sh");
  g_assert_nonnull (strstr (box, "    -ngl 80 \\\n"));

  /* An option of your own says it in its spec: Qwen3 32B's Q4_K_M build on
   * two RTX 3090s (it fits one of them). */
  {
    g_auto(Run) own = { 0 };
    g_autofree char *own_dir = g_build_filename (root, "own", NULL);
    g_autofree char *readme = NULL;

    run_switchyard (&own, NULL, "deploy", "--engine", "llama-server", "--ram-gb", "64", "--option",
                    "name=Used 3090s,setup=1400,tps=30,model=qwen3:32b,quant=Q4_K_M,gpu=RTX 3090,gpus=2",
                    "--out", own_dir, NULL);
    g_assert_cmpint (own.status, ==, 0);
    g_assert_nonnull (strstr (own.out, "\nEach box: 2× RTX 3090, the cards “Used 3090s” was planned on "));
    readme = read_file_in (own_dir, "README.md");
    g_assert_nonnull (strstr (readme, "- Model: Qwen3 32B, Q4_K_M build (the one the option's speed is for), "));
  }

  sy_test_remove_tree (root);
}

static void
test_bad_flags (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *dir = g_build_filename (root, "plan", NULL);
  g_autofree char *taken = g_build_filename (root, "taken", NULL);
  g_autofree char *taken_file = g_build_filename (taken, "mine", NULL);
  const struct
  {
    const char *args[8];
    const char *message;
  } cases[] = {
    { { "--model", "llama3.1:8b" }, "--engine: is required" },
    { { "--engine", "docker", "--model", "llama3.1:8b" }, "--engine: “docker” is not" },
    { { "--engine", "ollama", "--option", "name=Used 3090,setup=700,tps=60" }, "--model: is required" },
    { { "--engine", "ollama", "--model", "gpt-5" }, "--model: “gpt-5” is not in the catalogue" },
    { { "--engine", "ollama", "--model", "nomic-embed-text" }, "embedding model" },
    { { "--engine", "ollama", "--model", "llama3.1:8b", "--daily-requests", "-5" }, "--daily-requests" },
    { { "--engine", "ollama", "--model", "llama3.1:8b", "--api-model", "nope" }, "--api-model" },
    { { "--engine", "ollama", "--model", "llama3.1:8b", "--local", "nope" }, "--local" },
    { { "--engine", "ollama", "--model", "llama3.1:8b", "--vram-gb", "lots" }, "--vram-gb" },
    { { "--engine", "ollama", "--model", "llama3.1:8b", "--watts", "-1" }, "--watts" },
    { { "--engine", "ollama", "--model", "llama3.1:8b", "--option", "setup=1" }, "--option" },
    { { "--engine", "ollama", "--option", "name=x,model=gpt-9" }, "--option: model: “gpt-9” is not in the catalogue" },
    { { "--engine", "ollama", "--option", "name=x,model=qwen3:32b,quant=Q3" }, "quant: Qwen3 32B comes in no build “Q3”" },
    { { "--engine", "ollama", "--option", "name=x,model=qwen3:32b,quant=Q4_K_M,gpu=Voodoo" }, "gpu: unknown card “Voodoo”" },
    { { "--engine", "ollama", "--option", "name=x,model=qwen3:32b,gpu=RTX 3090,gpus=1.5" }, "gpus: must be a whole number" },
    { { "--engine", "vllm", "--model", "llama3.1:70b" }, "vLLM runs a model wholly on the GPUs" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      g_autoptr(GPtrArray) args = g_ptr_array_new ();

      /* The case's flags last: they override these. */
      g_ptr_array_add (args, "deploy");
      g_ptr_array_add (args, "--vram-gb");
      g_ptr_array_add (args, "24");
      g_ptr_array_add (args, "--ram-gb");
      g_ptr_array_add (args, "64");
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (args, (char *) cases[i].args[j]);
      g_ptr_array_add (args, "--out");
      g_ptr_array_add (args, dir);
      g_ptr_array_add (args, NULL);
      run_switchyard_argv (&run, NULL, (const char * const *) args->pdata);

      g_test_message ("case %u: %s", i, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_true (g_str_has_prefix (run.err, "switchyard: "));
      g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_cmpstr (run.out, ==, "");
      g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
    }

  /* A folder that holds something stays as it is. */
  {
    g_auto(Run) run = { 0 };

    g_assert_cmpint (g_mkdir (taken, 0755), ==, 0);
    g_assert_true (g_file_set_contents (taken_file, "mine", -1, NULL));
    run_switchyard (&run, NULL, "deploy", "--engine", "ollama", "--model", "llama3.1:8b",
                    "--vram-gb", "24", "--ram-gb", "64", "--out", taken, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "already exists"));
    g_assert_cmpuint (count_entries (taken), ==, 1);
  }

  sy_test_remove_tree (root);
}

/* The parent is a file: nothing can be made there. */
static void
test_unwritable_out (void)
{
  g_auto(Run) run = { 0 };
  g_autofree char *root = make_root ();
  g_autofree char *file = g_build_filename (root, "a-file", NULL);
  g_autofree char *dir = g_build_filename (file, "plan", NULL);

  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  run_switchyard (&run, NULL, "deploy", "--engine", "ollama", "--model", "llama3.1:8b",
                  "--vram-gb", "24", "--ram-gb", "64", "--out", dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "switchyard: --out: Could not create a folder in "));
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpuint (count_entries (root), ==, 1);

  sy_test_remove_tree (root);
}

static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { 300, 300 };

  /* Writing past the limit fails with EFBIG, as a full disk fails with
   * ENOSPC, instead of killing the process. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* The disk fills up halfway through: an error, and no half folder. */
static void
test_disk_full (void)
{
  g_autofree char *root = make_root ();
  g_autofree char *dir = g_build_filename (root, "plan", NULL);
  const char *bin = g_getenv ("SWITCHYARD_BIN");
  const char *argv[] = { bin, "deploy", "--engine", "ollama", "--model", "llama3.1:8b",
                         "--vram-gb", "24", "--ram-gb", "64", "--out", dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (bin);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, limit_file_size, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "Could not write the deployment plan to"));
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (count_entries (root), ==, 0);

  sy_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-deploy/three-boxes", test_three_boxes);
  g_test_add_func ("/cli-deploy/gpu", test_gpu);
  g_test_add_func ("/cli-deploy/option-hardware", test_option_hardware);
  g_test_add_func ("/cli-deploy/bad-flags", test_bad_flags);
  g_test_add_func ("/cli-deploy/unwritable-out", test_unwritable_out);
  g_test_add_func ("/cli-deploy/disk-full", test_disk_full);

  return g_test_run ();
}
