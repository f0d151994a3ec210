/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>

#include "rb-gui-test-util.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * Killing the app loses at most the last second of typing. This program runs itself a
 * second time as the "app": it opens a case and types into its field for the school
 * board's regisseur, one key per 50 ms, reporting each key on stdout. The test kills it with SIGKILL (no handler runs,
 * nothing is flushed) and reads what reached the database file.
 */

#define TEXT "Marije van den Hoogenband-Çelik, intern begeleider De Regenboog"
#define KEY_INTERVAL_MS 50

typedef struct
{
  GtkWidget *field;
  guint typed;
} Typist;

static gboolean
type_key_cb (gpointer data)
{
  Typist *typist = data;
  const char *next = g_utf8_offset_to_pointer (TEXT, typist->typed);
  g_autofree char *key = g_strndup (next, g_utf8_next_char (next) - next);

  rb_gui_test_type (typist->field, key);
  typist->typed++;
  g_print ("typed %u\n", typist->typed);
  fflush (stdout);
  if (typist->typed < (guint) g_utf8_strlen (TEXT, -1))
    return G_SOURCE_CONTINUE;
  g_print ("done\n");
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

/* The "app": types and waits to be killed. */
G_GNUC_NORETURN static void
run_typist (const char *path)
{
  RbWindow *window;
  Typist typist = { NULL, 0 };

  gtk_init ();
  adw_init ();
  window = rb_gui_test_show_window (path);
  rb_gui_test_activate_row (window, 0);
  rb_gui_test_wait_for_frame (GTK_WIDGET (window));
  typist.field = rb_gui_test_find_row (GTK_WIDGET (rb_window_get_case_file (window)),
                                       "Regisseur of the school board");
  g_assert_nonnull (typist.field);
  g_print ("ready\n");
  fflush (stdout);
  g_timeout_add (KEY_INTERVAL_MS, type_key_cb, &typist);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  char *dir;
  char *path;
  GPid pid;
  GIOChannel *lines;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "--typist", NULL, NULL };
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  int out_fd;

  f->dir = rb_test_make_dir ();
  f->path = rb_gui_test_make_swv (f->dir, "swv.db", "SWV Test", 1);
  argv[0] = self;
  argv[2] = f->path;
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &f->pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  f->lines = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (f->lines, TRUE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_io_channel_unref (f->lines);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* The next line the typist printed, or NULL when it is gone. */
static char *
next_line (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *line = NULL;
  gsize end;

  if (g_io_channel_read_line (f->lines, &line, NULL, &end, &error) != G_IO_STATUS_NORMAL)
    return NULL;
  line[end] = '\0';
  return line;
}

static void
kill_typist (Fixture *f)
{
  int status;

  g_assert_cmpint (kill (f->pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (f->pid, &status, 0), ==, f->pid);
  g_assert_true (WIFSIGNALED (status));
  g_spawn_close_pid (f->pid);
}

static char *
saved_text (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_database_open (f->path, &error);
  g_autoptr(GPtrArray) cases = NULL;

  g_assert_no_error (error);
  cases = rb_store_list (db, rb_schema_lookup_table ("cases"), NULL, NULL, &error);
  g_assert_cmpuint (cases->len, ==, 1);
  return g_strdup (rb_record_is_set (cases->pdata[0], "regisseur_school")
                   ? rb_record_get_string (cases->pdata[0], "regisseur_school") : "");
}

static void
test_kill_after_typing (Fixture *f, gconstpointer data)
{
  g_autofree char *saved = NULL;
  char *line;

  while ((line = next_line (f)) != NULL && !g_str_equal (line, "done"))
    g_free (line);
  g_assert_nonnull (line);
  g_free (line);
  g_usleep (G_USEC_PER_SEC);
  kill_typist (f);

  saved = saved_text (f);
  g_assert_cmpstr (saved, ==, TEXT);
}

static void
test_kill_while_typing (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *saved = NULL;
  gint64 start = 0, killed;
  guint needed = 0;
  char *line;

  /* Killed two seconds into typing without a pause. */
  while ((line = next_line (f)) != NULL)
    {
      gint64 now = g_get_monotonic_time ();

      if (g_str_has_prefix (line, "typed "))
        {
          g_array_append_val (times, now);
          if (start == 0)
            start = now;
        }
      g_free (line);
      if (start != 0 && now - start >= 2 * G_USEC_PER_SEC)
        break;
    }
  killed = g_get_monotonic_time ();
  kill_typist (f);
  g_assert_cmpuint (times->len, <, g_utf8_strlen (TEXT, -1));

  /* Every key typed more than a second before the kill is in the file. */
  for (guint i = 0; i < times->len; i++)
    if (g_array_index (times, gint64, i) <= killed - G_USEC_PER_SEC)
      needed = i + 1;
  saved = saved_text (f);
  g_test_message ("typed %u keys, %u of them over a second before the kill; %ld saved",
                  times->len, needed, g_utf8_strlen (saved, -1));
  g_assert_cmpuint (needed, >, 10);
  g_assert_true (g_str_has_prefix (TEXT, saved));
  g_assert_cmpuint (g_utf8_strlen (saved, -1), >=, needed);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--typist"))
    run_typist (argv[2]);

  rb_gui_test_init (&argc, &argv);
  g_test_add ("/kill/after-typing", Fixture, NULL, fixture_set_up, test_kill_after_typing,
              fixture_tear_down);
  g_test_add ("/kill/while-typing", Fixture, NULL, fixture_set_up, test_kill_while_typing,
              fixture_tear_down);
  return g_test_run ();
}
