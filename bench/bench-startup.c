/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "rb-caseload.h"
#include "rb-window.h"

/*
 * Cold start to the first drawn dashboard frame with a large caseload, against an empty
 * AdwApplicationWindow started the same way in the same run; then to the frame that shows
 * every case's figures (signals, deadlines), which a large caseload computes after its
 * first frame; then the filter latency per keystroke in the search entry. Usage (see
 * docs/BENCHMARKS.md):
 *
 *   bench-startup BIG.db [RUNS]
 *
 * The parent runs itself as a child per start ("--child app START BIG.db" or "--child
 * reference START", START being the parent's monotonic clock when spawning) and the
 * child prints when it drew its first frame, and (the app) the frame with all figures
 * and the longest the main loop went without looking for input in between (a stall:
 * keys and clicks wait that long).
 */

static gint64 spawned;
static GPollFunc default_poll;
/* When the main loop last came back from polling, once the first frame is drawn. */
static gint64 poll_returned;
static gint64 longest_stall;

/* Everything between two polls of the main loop (dispatching sources, drawing) is time
 * in which the window does not respond. */
static gint
timed_poll (GPollFD *fds, guint n_fds, gint timeout)
{
  gint result;

  if (poll_returned != 0)
    longest_stall = MAX (longest_stall, g_get_monotonic_time () - poll_returned);
  result = default_poll (fds, n_fds, timeout);
  if (poll_returned != 0)
    poll_returned = g_get_monotonic_time ();
  return result;
}

static void
report (const char *what)
{
  g_print ("%s %.1f\n", what, (g_get_monotonic_time () - spawned) / 1000.0);
  fflush (stdout);
}

static void
on_figures_painted_cb (GdkFrameClock *clock, GtkWidget *window)
{
  /* Without a window, the figures were there in the first frame. */
  if (window != NULL
      && rb_dashboard_get_figures_pending (rb_window_get_dashboard (RB_WINDOW (window))))
    return;
  report ("figures");
  g_print ("stall %.1f\n", longest_stall / 1000.0);
  exit (0);
}

static void
on_after_paint_cb (GdkFrameClock *clock, GtkWidget *window)
{
  report ("frame");
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, window);
  if (window == NULL)
    exit (0);
  /* The figures come in steps when idle; the last one changes the cards, so a frame
   * follows it. */
  if (rb_dashboard_get_figures_pending (rb_window_get_dashboard (RB_WINDOW (window))))
    {
      poll_returned = g_get_monotonic_time ();
      g_signal_connect (clock, "after-paint", G_CALLBACK (on_figures_painted_cb), window);
    }
  else
    on_figures_painted_cb (clock, NULL);
}

static void
on_map_cb (GtkWidget *window, gpointer is_app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_cb), is_app ? window : NULL);
}

static void
on_activate_cb (GApplication *app, const char *path)
{
  GtkWidget *window;

  if (path == NULL)
    window = adw_application_window_new (GTK_APPLICATION (app));
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      window = GTK_WIDGET (rb_window_new (GTK_APPLICATION (app)));
      if (!rb_window_open (RB_WINDOW (window), file))
        exit (2);
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  g_signal_connect (window, "map", G_CALLBACK (on_map_cb), GINT_TO_POINTER (path != NULL));
  gtk_window_present (GTK_WINDOW (window));
}

static int
run_child (const char *path)
{
  /* The app's style sheet comes from its resource base path, as in the real app. */
  g_autoptr(AdwApplication) app = g_object_new (ADW_TYPE_APPLICATION,
                                                "application-id", path ? "nl.routeboek.Bench"
                                                                       : "nl.routeboek.BenchReference",
                                                "flags", G_APPLICATION_NON_UNIQUE,
                                                "resource-base-path",
                                                path ? "/nl/routeboek/Routeboek" : NULL,
                                                NULL);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), (gpointer) path);
  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

/* Milliseconds from spawning a child to its first frame, and (the app) to the frame that
 * shows all figures. */
static void
time_start (const char *self, const char *path, double *frame_ms, double *figures_ms,
            double *stall_ms)
{
  g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  const char *argv[] = { self, "--child", path ? "app" : "reference", start, path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *figures, *stall;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error) || !g_str_has_prefix (out, "frame "))
    g_error ("The child did not draw a frame: %s", error ? error->message : out);
  *frame_ms = g_ascii_strtod (out + strlen ("frame "), NULL);
  figures = strstr (out, "figures ");
  if (path != NULL && figures == NULL)
    g_error ("The child did not show its figures: %s", out);
  *figures_ms = figures != NULL ? g_ascii_strtod (figures + strlen ("figures "), NULL) : *frame_ms;
  stall = strstr (out, "stall ");
  *stall_ms = stall != NULL ? g_ascii_strtod (stall + strlen ("stall "), NULL) : 0;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The value below which @percent of @values lie (sorts @values). */
static double
percentile (GArray *values, guint percent)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len * percent / 100, values->len - 1));
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_painted_cb (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

static void
wait_for_frame (GtkWidget *widget)
{
  gboolean painted = FALSE;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_painted_cb), &painted);

  gtk_widget_queue_draw (widget);
  while (!is_true (&painted))
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
}

static GtkWidget *
find_search_entry (GtkWidget *root)
{
  if (GTK_IS_SEARCH_ENTRY (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_search_entry (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The slowest key of the filter run: the search text before and after it. */
typedef struct
{
  double ms;
  char *before;
  char *after;
} Slowest;

/* A fast typist's pace (about seven keys a second). The main loop has the rest of it
 * between two keys, as it has in use: the table makes and binds its other rows then. */
#define KEY_INTERVAL_MS 150

static gboolean
on_interval_over_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* One key into the search entry: @key typed at its end, or (NULL) its last character
 * deleted; the filter applied (without the entry's typing delay) and the next frame
 * drawn. Then the main loop runs until the next key is due. */
static void
time_key (GtkWidget *entry, GtkWidget *window, const char *key, GArray *latencies, Slowest *slowest)
{
  g_autofree char *before = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  int length = strlen (before);
  gint64 start = g_get_monotonic_time ();
  double ms;

  if (key != NULL)
    gtk_editable_insert_text (GTK_EDITABLE (entry), key, 1, &length);
  else
    gtk_editable_delete_text (GTK_EDITABLE (entry), length - 1, length);
  g_signal_emit_by_name (entry, "search-changed");
  wait_for_frame (window);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_array_append_val (latencies, ms);
  if (ms > slowest->ms)
    {
      slowest->ms = ms;
      g_free (slowest->before);
      g_free (slowest->after);
      slowest->before = g_steal_pointer (&before);
      slowest->after = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
    }
  if (ms < KEY_INTERVAL_MS)
    {
      gboolean over = FALSE;

      g_timeout_add (KEY_INTERVAL_MS - (guint) ms, on_interval_over_cb, &over);
      while (!over)
        g_main_context_iteration (NULL, TRUE);
    }
}

/* Each key typed, then deleted again. */
static void
time_filter (const char *path, GArray *latencies, Slowest *slowest, guint *n_cases)
{
  static const char *const words[] = { "jansen", "emma de", "yilmaz", "a", "van" };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RbWindow *window = g_object_ref_sink (rb_window_new (NULL));
  GtkWidget *entry;

  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  if (!rb_window_open (window, file))
    g_error ("%s cannot be opened", path);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  /* Typing starts once every figure is shown, as someone who looks first would. */
  while (rb_dashboard_get_figures_pending (rb_window_get_dashboard (window)))
    g_main_context_iteration (NULL, TRUE);
  wait_for_frame (GTK_WIDGET (window));
  *n_cases = rb_dashboard_get_n_cases (rb_window_get_dashboard (window));
  entry = find_search_entry (GTK_WIDGET (window));

  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    {
      for (const char *p = words[w]; *p != '\0'; p++)
        time_key (entry, GTK_WIDGET (window), p, latencies, slowest);
      while (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
        time_key (entry, GTK_WIDGET (window), NULL, latencies, slowest);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int argc, char **argv)
{
  g_autofree char *self = NULL;
  g_autoptr(GArray) app = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) figures = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reference = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  Slowest slowest = { 0 };
  guint runs, n_cases = 0;
  double app_ms, figures_ms, reference_ms, stall_ms, max_stall_ms, median_ms, p90_ms, max_ms;

  if (argc >= 4 && g_str_equal (argv[1], "--child"))
    {
      spawned = g_ascii_strtoll (argv[3], NULL, 10);
      return run_child (g_str_equal (argv[2], "app") ? argv[4] : NULL);
    }
  if (argc < 2)
    {
      g_printerr ("Usage: bench-startup BIG.db [RUNS]\n");
      return 1;
    }
  runs = argc > 2 ? (guint) atoi (argv[2]) : 5;
  self = g_file_read_link ("/proc/self/exe", NULL);

  /* Alternating, so that both see the same state of the machine. */
  for (guint i = 0; i < runs; i++)
    {
      double frame_ms, all_ms, stall;

      time_start (self, NULL, &frame_ms, &all_ms, &stall);
      g_array_append_val (reference, frame_ms);
      time_start (self, argv[1], &frame_ms, &all_ms, &stall);
      g_array_append_val (app, frame_ms);
      g_array_append_val (figures, all_ms);
      g_array_append_val (stalls, stall);
    }
  reference_ms = percentile (reference, 50);
  app_ms = percentile (app, 50);
  figures_ms = percentile (figures, 50);
  stall_ms = percentile (stalls, 50);
  max_stall_ms = percentile (stalls, 100);

  gtk_init ();
  adw_init ();
  time_filter (argv[1], latencies, &slowest, &n_cases);
  median_ms = percentile (latencies, 50);
  p90_ms = percentile (latencies, 90);
  max_ms = percentile (latencies, 100);

  g_print ("cases: %u, runs: %u\n", n_cases, runs);
  g_print ("cold start, median: reference (empty AdwApplicationWindow) first frame %.0f ms; "
           "Routeboek dashboard first frame %.0f ms (ratio %.2f), all figures shown %.0f ms "
           "(ratio %.2f)\n", reference_ms, app_ms, app_ms / reference_ms, figures_ms,
           figures_ms / reference_ms);
  g_print ("longest stall of the main loop between first frame and all figures shown: "
           "median %.1f ms, max %.1f ms\n", stall_ms, max_stall_ms);
  g_print ("filter per keystroke (%u keys): median %.1f ms, 90th percentile %.1f ms, max %.1f ms\n",
           latencies->len, median_ms, p90_ms, max_ms);
  g_print ("slowest key: \"%s\" -> \"%s\"\n", slowest.before, slowest.after);
  g_free (slowest.before);
  g_free (slowest.after);
  return 0;
}
