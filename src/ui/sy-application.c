/* sy-application.c: application-wide state and actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sy-application.h"
#include "sy-context.h"
#include "sy-preferences-window.h"
#include "sy-toast.h"
#include "sy-window.h"

struct _SyApplication
{
  AdwApplication  parent_instance;

  SyContext      *context;
  char           *startup_problem;  /* shown once the window exists */
};

G_DEFINE_FINAL_TYPE (SyApplication, sy_application, ADW_TYPE_APPLICATION)

/* `SY_BENCH_FIRST_FRAME=1 switchyard` prints when the first frame was
 * painted and how much memory it took, then quits: bench/bench-startup
 * reads that line. */
static void
print_rss_and_quit (GdkFrameClock *clock,
                    GtkWindow     *window)
{
  g_autofree char *status = NULL;
  long rss_kb = -1;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmRSS:")) != NULL)
    rss_kb = strtol (line + strlen ("VmRSS:"), NULL, 10);

  g_print ("first-frame realtime_us=%" G_GINT64_FORMAT " rss_kb=%ld\n", g_get_real_time (), rss_kb);
  fflush (stdout);

  g_signal_handlers_disconnect_by_func (clock, print_rss_and_quit, window);
  g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

static void
on_bench_window_mapped_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (print_rss_and_quit), window, 0);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SyApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Switchyard developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-icon", APP_ID,
                        "application-name", _("Switchyard"),
                        "developer-name", _("The Switchyard developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Decide with data whether to run language models yourself or keep paying for an API."),
                        "website", "https://github.com/switchyard/switchyard",
                        "issue-url", "https://github.com/switchyard/switchyard/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SyApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing lets each window save its size. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SyApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences = sy_preferences_window_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
show_startup_problem_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  SyApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog;

  if (self->startup_problem == NULL)
    return;

  dialog = adw_message_dialog_new (window, _("Saved Settings Not Read"), self->startup_problem);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry app_actions[] = {
  { "show-startup-problem", show_startup_problem_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static void
sy_application_startup (GApplication *application)
{
  SyApplication *self = SY_APPLICATION (application);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  const char *pilot_accels[] = { "<Control><Shift>p", NULL };
  static const char * const pages[] = { "decide", "costs", "models", "chat" };
  g_autoptr(GStrvBuilder) problems = NULL;
  g_auto(GStrv) messages = NULL;

  G_APPLICATION_CLASS (sy_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.pilot-summary", pilot_accels);

  /* Alt+1 … Alt+N: the pages in switcher order, as in other GNOME apps. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *detailed = g_strdup_printf ("win.show-page::%s", pages[i]);
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", i + 1);
      const char *accels[] = { accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (self), detailed, accels);
    }

  /* A saved prices or rules file that cannot be read was moved aside and
   * the defaults apply: say so once the window exists. */
  problems = g_strv_builder_new ();
  self->context = sy_context_load (NULL, problems);
  messages = g_strv_builder_end (problems);
  for (guint i = 0; messages[i] != NULL; i++)
    sy_application_add_startup_problem (self, messages[i]);
}

static void
sy_application_activate (GApplication *application)
{
  SyApplication *self = SY_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (sy_window_new (ADW_APPLICATION (self), self->context));

      /* A toast is too short for the whole story (which file, where it
       * was kept): it says what happened and offers the details. */
      if (self->startup_problem != NULL)
        {
          AdwToast *toast = sy_toast_new (_("Some saved settings could not be read; the file was kept aside"));
          adw_toast_set_timeout (toast, 0);
          adw_toast_set_button_label (toast, _("_Details"));
          adw_toast_set_action_name (toast, "app.show-startup-problem");
          sy_window_add_toast (SY_WINDOW (window), toast);
        }

      if (g_strcmp0 (g_getenv ("SY_BENCH_FIRST_FRAME"), "1") == 0)
        g_signal_connect (window, "map", G_CALLBACK (on_bench_window_mapped_cb), NULL);
    }

  gtk_window_present (window);
}

static void
sy_application_dispose (GObject *object)
{
  SyApplication *self = SY_APPLICATION (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->startup_problem, g_free);

  G_OBJECT_CLASS (sy_application_parent_class)->dispose (object);
}

static void
sy_application_class_init (SyApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sy_application_dispose;
  app_class->startup = sy_application_startup;
  app_class->activate = sy_application_activate;
}

static void
sy_application_init (SyApplication *self)
{
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[COMMAND …]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Without a command, opens the window."));
}

SyApplication *
sy_application_new (void)
{
  return g_object_new (SY_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/* What the pages share; NULL before startup. */
SyContext *
sy_application_get_context (SyApplication *self)
{
  g_return_val_if_fail (SY_IS_APPLICATION (self), NULL);

  return self->context;
}

/* Problems found before the window exists (a settings file moved aside);
 * the window offers them in a toast with the details. */
void
sy_application_add_startup_problem (SyApplication *self,
                                    const char    *message)
{
  char *all;

  g_return_if_fail (SY_IS_APPLICATION (self));
  g_return_if_fail (message != NULL);

  all = self->startup_problem == NULL ? g_strdup (message)
                                      : g_strconcat (self->startup_problem, "\n\n", message, NULL);
  g_free (self->startup_problem);
  self->startup_problem = all;
}
