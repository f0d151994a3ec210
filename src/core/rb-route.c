/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-route"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rb-error.h"
#include "rb-json.h"
#include "rb-route.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-util.h"
#include "rb-uuid.h"

/*
 * A route is data: the routeboek of one SWV as phases and steps (see docs in rb-route.h).
 * It is stored in the "routes" table as one JSON document per route, because a route is
 * only valid as a whole (a step may wait for another; cycles span steps), it is shared
 * between SWVs as exactly that JSON, and sharing by file then merges a route as one
 * field instead of half an edit. Every route in memory passed rb_route_new_from_json().
 */

#define PRESET_DIR "/nl/routeboek/Routeboek/routes/"
#define DOCUMENT_DIR "/nl/routeboek/Routeboek/documents/"

static const char *const trigger_names[]
    = { "case-created", "status", "signal", "meeting", "milestone", "placement", "step", NULL };
static const char *const unit_names[]
    = { "none", "werkdagen", "days", "weeks", "school-weeks", NULL };
static const char *const done_names[] = { "manual", "log", "meeting", "document", "status", NULL };

static gint
lookup_name (const char *const *names, const char *name)
{
  for (gint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return i;
  return -1;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_utf8_collate ((*(RbRoute *const *)a)->name, (*(RbRoute *const *)b)->name);
}

static gboolean
strv_has (const char *const *names, const char *name)
{
  return lookup_name (names, name) >= 0;
}

static void
step_free (RbRouteStep *step)
{
  g_free (step->id);
  g_free (step->phase_id);
  g_free (step->title);
  g_free (step->description);
  g_free (step->role);
  g_free (step->trigger_arg);
  g_free (step->document);
  g_free (step->done_arg);
  g_free (step->source);
  g_free (step);
}

static void
phase_free (RbRoutePhase *phase)
{
  g_free (phase->id);
  g_free (phase->title);
  g_free (phase);
}

RbRoute *
rb_route_ref (RbRoute *route)
{
  g_return_val_if_fail (route != NULL, NULL);
  g_atomic_int_inc (&route->ref_count);
  return route;
}

void
rb_route_unref (RbRoute *route)
{
  g_return_if_fail (route != NULL);
  if (!g_atomic_int_dec_and_test (&route->ref_count))
    return;
  g_free (route->code);
  g_free (route->name);
  g_free (route->school_type);
  g_free (route->source);
  g_ptr_array_unref (route->phases);
  g_ptr_array_unref (route->steps);
  g_free (route);
}

G_DEFINE_BOXED_TYPE (RbRoute, rb_route, rb_route_ref, rb_route_unref)

static char *
dup_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING
      || rb_str_is_blank (json_node_get_string (node)))
    return NULL;
  return g_strstrip (g_strdup (json_node_get_string (node)));
}

static gboolean
invalid (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_set_error_literal (error, RB_ERROR, RB_ERROR_INVALID, "");
  if (error != NULL && *error != NULL)
    {
      g_free ((*error)->message);
      (*error)->message = g_strdup_vprintf (format, args);
    }
  va_end (args);
  return FALSE;
}

/* Routes are parsed whenever a run starts: look the definition up, do not load it. */
static gboolean
document_kind_exists (const char *id)
{
  g_autofree char *path = g_strconcat (DOCUMENT_DIR, id, ".json", NULL);

  return g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL);
}

static gboolean
parse_trigger (RbRouteStep *step, JsonObject *object, GError **error)
{
  JsonObject *trigger = rb_json_object_member (object, "trigger");
  g_autofree char *on = trigger != NULL ? dup_member (trigger, "on") : NULL;
  gint kind = lookup_name (trigger_names, on);

  if (kind < 0)
    return invalid (error, _("Step “%s”: its trigger must be one of %s"), step->id,
                    "case-created, status, signal, meeting, milestone, placement, step");
  step->trigger = kind;
  if (step->trigger == RB_TRIGGER_CASE_CREATED)
    return TRUE;

  /* The argument is named after the kind: {"on": "status", "status": "thuiszitter"}; a
   * placement may name the kind of bridge location. */
  step->trigger_arg = dup_member (trigger, on);
  if (step->trigger == RB_TRIGGER_PLACEMENT)
    return TRUE;
  if (step->trigger_arg == NULL)
    return invalid (error, _("Step “%s”: its trigger “%s” needs a value for “%s”"), step->id, on,
                    on);
  if (step->trigger == RB_TRIGGER_STATUS && !strv_has (rb_case_statuses, step->trigger_arg))
    return invalid (error, _("Step “%s”: “%s” is not a case status"), step->id, step->trigger_arg);
  if (step->trigger == RB_TRIGGER_MEETING && !strv_has (rb_meeting_kinds, step->trigger_arg))
    return invalid (error, _("Step “%s”: “%s” is not a kind of meeting"), step->id,
                    step->trigger_arg);
  return TRUE;
}

static gboolean
parse_deadline (RbRouteStep *step, JsonObject *object, GError **error)
{
  JsonObject *deadline = rb_json_object_member (object, "deadline");
  g_autofree char *unit = NULL;
  gint64 count;

  if (deadline == NULL)
    {
      step->unit = RB_DEADLINE_NONE;
      return TRUE;
    }
  unit = dup_member (deadline, "unit");
  if (lookup_name (unit_names, unit) <= 0)
    return invalid (error, _("Step “%s”: the unit of its deadline must be one of %s"), step->id,
                    "werkdagen, days, weeks, school-weeks");
  step->unit = lookup_name (unit_names, unit);
  count = json_object_get_int_member_with_default (deadline, "count", -1);
  if (count < 0 || count > 520)
    return invalid (error, _("Step “%s”: its deadline needs a count from 0 to 520"), step->id);
  step->count = (guint)count;
  return TRUE;
}

static gboolean
parse_done (RbRouteStep *step, JsonObject *object, GError **error)
{
  JsonObject *done = rb_json_object_member (object, "done_when");

  step->done = RB_DONE_MANUAL;
  if (done == NULL || json_object_get_size (done) == 0)
    return TRUE;
  if (json_object_get_size (done) != 1)
    return invalid (error, _("Step “%s”: “done_when” names one of %s"), step->id,
                    "log, meeting, document, status");
  for (gint kind = RB_DONE_LOG; done_names[kind] != NULL; kind++)
    if (json_object_has_member (done, done_names[kind]))
      {
        step->done = kind;
        step->done_arg = dup_member (done, done_names[kind]);
      }
  if (step->done == RB_DONE_MANUAL || step->done_arg == NULL)
    return invalid (error, _("Step “%s”: “done_when” names one of %s"), step->id,
                    "log, meeting, document, status");
  if (step->done == RB_DONE_MEETING && !strv_has (rb_meeting_kinds, step->done_arg))
    return invalid (error, _("Step “%s”: “%s” is not a kind of meeting"), step->id,
                    step->done_arg);
  if (step->done == RB_DONE_STATUS && !strv_has (rb_case_statuses, step->done_arg))
    return invalid (error, _("Step “%s”: “%s” is not a case status"), step->id, step->done_arg);
  if (step->done == RB_DONE_DOCUMENT)
    {
      if (!document_kind_exists (step->done_arg))
        return invalid (error, _("Step “%s”: “%s” is not a kind of document"), step->id,
                        step->done_arg);
    }
  return TRUE;
}

static RbRouteStep *
parse_step (JsonNode *node, const char *phase_id, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  RbRouteStep *step = g_new0 (RbRouteStep, 1);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  step->phase_id = g_strdup (phase_id);
  if (object == NULL || (step->id = dup_member (object, "id")) == NULL)
    {
      invalid (error, _("A step of phase “%s” has no id"), phase_id);
      step_free (step);
      return NULL;
    }
  step->title = dup_member (object, "title");
  step->description = dup_member (object, "description");
  step->role = dup_member (object, "role");
  step->document = dup_member (object, "document");
  step->source = dup_member (object, "source");
  if (step->title == NULL || step->role == NULL)
    invalid (&local_error, _("Step “%s” needs a title and a responsible role"), step->id);
  else if (step->document != NULL && !document_kind_exists (step->document))
    invalid (&local_error, _("Step “%s”: “%s” is not a kind of document"), step->id,
             step->document);
  if (local_error == NULL)
    parse_trigger (step, object, &local_error);
  if (local_error == NULL)
    parse_deadline (step, object, &local_error);
  if (local_error == NULL)
    parse_done (step, object, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      step_free (step);
      return NULL;
    }
  return step;
}

/* Depth-first over "waits for step": a step met again on the current path closes a cycle. */
static gboolean
check_cycles_from (RbRoute *route, const RbRouteStep *step, GHashTable *state, GPtrArray *path,
                   GError **error)
{
  gpointer mark = g_hash_table_lookup (state, step->id);
  const RbRouteStep *next;
  gboolean ok;

  if (mark == GINT_TO_POINTER (2))
    return TRUE;
  if (mark == GINT_TO_POINTER (1))
    {
      g_autoptr(GString) cycle = g_string_new (NULL);
      gboolean in_cycle = FALSE;

      for (guint i = 0; i < path->len; i++)
        {
          const char *id = g_ptr_array_index (path, i);

          in_cycle = in_cycle || g_strcmp0 (id, step->id) == 0;
          if (in_cycle)
            g_string_append_printf (cycle, "%s → ", id);
        }
      g_string_append (cycle, step->id);
      return invalid (error, _("The steps of the route wait for each other in a cycle: %s"),
                      cycle->str);
    }
  if (step->trigger != RB_TRIGGER_STEP)
    {
      g_hash_table_insert (state, step->id, GINT_TO_POINTER (2));
      return TRUE;
    }
  g_hash_table_insert (state, step->id, GINT_TO_POINTER (1));
  g_ptr_array_add (path, step->id);
  next = rb_route_find_step (route, step->trigger_arg);
  ok = check_cycles_from (route, next, state, path, error);
  g_ptr_array_remove_index (path, path->len - 1);
  g_hash_table_insert (state, step->id, GINT_TO_POINTER (2));
  return ok;
}

static gboolean
check_route (RbRoute *route, GError **error)
{
  g_autoptr(GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();

  if (route->steps->len == 0)
    return invalid (error, _("The route “%s” has no steps"), route->name);
  for (guint i = 0; i < route->steps->len; i++)
    {
      const RbRouteStep *step = g_ptr_array_index (route->steps, i);

      if (step->trigger == RB_TRIGGER_STEP && rb_route_find_step (route, step->trigger_arg) == NULL)
        return invalid (error, _("Step “%s” waits for step “%s”, which the route does not have"),
                        step->id, step->trigger_arg);
    }
  for (guint i = 0; i < route->steps->len; i++)
    if (!check_cycles_from (route, g_ptr_array_index (route->steps, i), state, path, error))
      return FALSE;
  return TRUE;
}

static gboolean
is_code (const char *code)
{
  if (code == NULL || *code == '\0')
    return FALSE;
  for (const char *c = code; *c != '\0'; c++)
    if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '-')
      return FALSE;
  return TRUE;
}

static gboolean
parse_phases (RbRoute *route, JsonArray *phases, GHashTable *ids, GError **error)
{
  for (guint p = 0; p < json_array_get_length (phases); p++)
    {
      JsonObject *object = json_array_get_object_element (phases, p);
      RbRoutePhase *phase;
      JsonArray *steps;

      if (object == NULL)
        return invalid (error, _("Phase %u of the route is not an object"), p + 1);
      phase = g_new0 (RbRoutePhase, 1);
      g_ptr_array_add (route->phases, phase);
      phase->id = dup_member (object, "id");
      phase->title = dup_member (object, "title");
      if (phase->id == NULL || phase->title == NULL)
        return invalid (error, _("Phase %u of the route needs an id and a title"), p + 1);
      if (rb_route_find_phase (route, phase->id) != phase)
        return invalid (error, _("Two phases have the id “%s”"), phase->id);
      steps = rb_json_array_member (object, "steps");
      for (guint s = 0; steps != NULL && s < json_array_get_length (steps); s++)
        {
          RbRouteStep *step = parse_step (json_array_get_element (steps, s), phase->id, error);

          if (step == NULL)
            return FALSE;
          g_ptr_array_add (route->steps, step);
          if (!g_hash_table_add (ids, step->id))
            return invalid (error, _("Two steps have the id “%s”"), step->id);
        }
    }
  return TRUE;
}

/**
 * rb_route_new_from_json:
 * @root: a route as exported (see data/routes/)
 * @error: %RB_ERROR_NEWER_VERSION for a format this version does not know, else
 *   %RB_ERROR_INVALID naming what is wrong (no steps, a cycle, an unknown step...)
 *
 * Returns: (transfer full) (nullable): the route, valid as a whole.
 */
RbRoute *
rb_route_new_from_json (JsonNode *root, GError **error)
{
  g_autoptr(RbRoute) route = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *object;
  JsonArray *phases;
  gint64 format;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, _("A route is a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);
  format = json_object_get_int_member_with_default (object, "format", 0);
  if (format > RB_ROUTE_FORMAT)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NEWER_VERSION,
                   _("This route was made by a newer version of Routeboek (format %d); "
                      "this version reads format %d. Update Routeboek to use it."),
                   (int)format, RB_ROUTE_FORMAT);
      return NULL;
    }
  if (format < 1)
    {
      invalid (error, _("A route needs a format number (1)"));
      return NULL;
    }

  route = g_new0 (RbRoute, 1);
  route->ref_count = 1;
  route->phases = g_ptr_array_new_with_free_func ((GDestroyNotify) phase_free);
  route->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  route->code = dup_member (object, "code");
  route->name = dup_member (object, "name");
  route->school_type = dup_member (object, "school_type");
  route->source = dup_member (object, "source");
  if (!is_code (route->code) || route->name == NULL)
    {
      invalid (error, _("A route needs a name and a code of lower-case letters, digits and "
                         "dashes"));
      return NULL;
    }
  phases = rb_json_array_member (object, "phases");
  if (phases == NULL)
    {
      invalid (error, _("The route “%s” has no steps"), route->name);
      return NULL;
    }
  if (!parse_phases (route, phases, ids, error) || !check_route (route, error))
    return NULL;
  return g_steal_pointer (&route);
}

/**
 * rb_route_new_from_data:
 * @data: JSON text
 * @length: its length, or -1 when nul-terminated
 * @error: as rb_route_new_from_json(), or a JSON syntax error
 *
 * Returns: (transfer full) (nullable): the route.
 */
RbRoute *
rb_route_new_from_data (const char *data, gssize length, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("The route is not valid JSON: %s"),
                   local_error->message);
      return NULL;
    }
  return rb_route_new_from_json (json_parser_get_root (parser), error);
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
build_step (JsonBuilder *builder, const RbRouteStep *step)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", step->id);
  add_string (builder, "title", step->title);
  add_string (builder, "description", step->description);
  add_string (builder, "role", step->role);
  json_builder_set_member_name (builder, "trigger");
  json_builder_begin_object (builder);
  add_string (builder, "on", trigger_names[step->trigger]);
  add_string (builder, trigger_names[step->trigger], step->trigger_arg);
  json_builder_end_object (builder);
  if (step->unit != RB_DEADLINE_NONE)
    {
      json_builder_set_member_name (builder, "deadline");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, step->count);
      add_string (builder, "unit", unit_names[step->unit]);
      json_builder_end_object (builder);
    }
  add_string (builder, "document", step->document);
  if (step->done != RB_DONE_MANUAL)
    {
      json_builder_set_member_name (builder, "done_when");
      json_builder_begin_object (builder);
      add_string (builder, done_names[step->done], step->done_arg);
      json_builder_end_object (builder);
    }
  add_string (builder, "source", step->source);
  json_builder_end_object (builder);
}

/**
 * rb_route_to_json:
 * @route: a route
 *
 * Returns: (transfer full): @route in the layout rb_route_new_from_json() reads.
 */
JsonNode *
rb_route_to_json (RbRoute *route)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, RB_ROUTE_FORMAT);
  add_string (builder, "code", route->code);
  add_string (builder, "name", route->name);
  add_string (builder, "school_type", route->school_type);
  add_string (builder, "source", route->source);
  json_builder_set_member_name (builder, "phases");
  json_builder_begin_array (builder);
  for (guint p = 0; p < route->phases->len; p++)
    {
      const RbRoutePhase *phase = g_ptr_array_index (route->phases, p);

      json_builder_begin_object (builder);
      add_string (builder, "id", phase->id);
      add_string (builder, "title", phase->title);
      json_builder_set_member_name (builder, "steps");
      json_builder_begin_array (builder);
      for (guint s = 0; s < route->steps->len; s++)
        {
          const RbRouteStep *step = g_ptr_array_index (route->steps, s);

          if (g_strcmp0 (step->phase_id, phase->id) == 0)
            build_step (builder, step);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * rb_route_to_data:
 * @route: a route
 *
 * Returns: (transfer full): @route as indented JSON text.
 */
char *
rb_route_to_data (RbRoute *route)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = rb_route_to_json (route);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

const RbRouteStep *
rb_route_find_step (RbRoute *route, const char *id)
{
  for (guint i = 0; i < route->steps->len; i++)
    {
      const RbRouteStep *step = g_ptr_array_index (route->steps, i);

      if (g_strcmp0 (step->id, id) == 0)
        return step;
    }
  return NULL;
}

const RbRoutePhase *
rb_route_find_phase (RbRoute *route, const char *id)
{
  for (guint i = 0; i < route->phases->len; i++)
    {
      const RbRoutePhase *phase = g_ptr_array_index (route->phases, i);

      if (g_strcmp0 (phase->id, id) == 0)
        return phase;
    }
  return NULL;
}

/**
 * rb_route_describe_deadline:
 * @step: a step
 *
 * Returns: (transfer full) (nullable): e.g. "4 school weeks", or %NULL without a deadline.
 */
char *
rb_route_describe_deadline (const RbRouteStep *step)
{
  switch (step->unit)
    {
    case RB_DEADLINE_WORKING_DAYS:
      return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u working day", "%u working days", step->count),
          step->count);
    case RB_DEADLINE_DAYS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", step->count),
                              step->count);
    case RB_DEADLINE_WEEKS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u week", "%u weeks", step->count),
                              step->count);
    case RB_DEADLINE_SCHOOL_WEEKS:
      return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u school week", "%u school weeks", step->count),
          step->count);
    case RB_DEADLINE_NONE:
    default:
      return NULL;
    }
}

static gboolean
steps_differ (const RbRouteStep *a, const RbRouteStep *b)
{
  return g_strcmp0 (a->phase_id, b->phase_id) != 0 || g_strcmp0 (a->title, b->title) != 0
         || g_strcmp0 (a->description, b->description) != 0 || g_strcmp0 (a->role, b->role) != 0
         || a->trigger != b->trigger || g_strcmp0 (a->trigger_arg, b->trigger_arg) != 0
         || a->unit != b->unit || a->count != b->count
         || g_strcmp0 (a->document, b->document) != 0 || a->done != b->done
         || g_strcmp0 (a->done_arg, b->done_arg) != 0;
}

/* @what (a part of a sentence with one %s) with "“A”, “B” and 3 more" in @parts. */
static void
add_titles (GPtrArray *parts, const char *what, GPtrArray *titles)
{
  g_autoptr(GString) list = g_string_new (NULL);
  guint shown = titles->len > 4 ? 3 : titles->len;

  if (titles->len == 0)
    return;
  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append (list, ", ");
      /* TRANSLATORS: a step's title, quoted. */
      g_string_append_printf (list, _("“%s”"), (const char *) g_ptr_array_index (titles, i));
    }
  if (shown < titles->len)
    {
      g_string_append (list, " ");
      g_string_append_printf (list, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                                 titles->len - shown),
                              titles->len - shown);
    }
  g_ptr_array_add (parts, g_strdup_printf (what, list->str));
}

/**
 * rb_route_describe_version:
 * @data: one version of a route's definition, as stored (rb_route_to_data())
 * @other: (nullable): another version to compare it with
 *
 * For a person choosing between two versions (a conflict after sharing): the route's
 * name, its numbers of steps and phases, and which steps @data has that @other lacks,
 * lacks that @other has, or has otherwise (title, deadline, what opens or ends it).
 *
 * Returns: (transfer full) (nullable): the description; %NULL when @data is no route.
 */
char *
rb_route_describe_version (const char *data, const char *other)
{
  g_autoptr(RbRoute) route = rb_route_new_from_data (data, -1, NULL);
  g_autoptr(RbRoute) base = other != NULL ? rb_route_new_from_data (other, -1, NULL) : NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GPtrArray) removed = g_ptr_array_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *differences = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *phases = NULL;
  GString *text;

  if (route == NULL)
    return NULL;
  steps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps", route->steps->len),
                           route->steps->len);
  phases = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u phase", "%u phases",
                                         route->phases->len), route->phases->len);
  text = g_string_new (NULL);
  /* TRANSLATORS: a route's name, its number of steps and of phases. */
  g_string_printf (text, _("“%s”: %s in %s."), route->name, steps, phases);
  if (base == NULL)
    return g_string_free (text, FALSE);
  for (guint i = 0; i < route->steps->len; i++)
    {
      const RbRouteStep *step = g_ptr_array_index (route->steps, i);
      const RbRouteStep *same = rb_route_find_step (base, step->id);

      if (same == NULL)
        g_ptr_array_add (added, step->title);
      else if (steps_differ (step, same))
        g_ptr_array_add (changed, step->title);
    }
  for (guint i = 0; i < base->steps->len; i++)
    {
      const RbRouteStep *step = g_ptr_array_index (base->steps, i);

      if (rb_route_find_step (route, step->id) == NULL)
        g_ptr_array_add (removed, step->title);
    }
  if (added->len + removed->len + changed->len == 0)
    {
      g_string_append (text, " ");
      g_string_append (text, _("The same steps as the other version."));
      return g_string_free (text, FALSE);
    }
  add_titles (parts, _("has %s more"), added);
  add_titles (parts, _("lacks %s"), removed);
  add_titles (parts, _("has %s otherwise"), changed);
  g_ptr_array_add (parts, NULL);
  differences = g_strjoinv ("; ", (char **) parts->pdata);
  g_string_append (text, " ");
  /* TRANSLATORS: %s lists what the version has more, lacks or has otherwise. */
  g_string_append_printf (text, _("Compared with the other version, it %s."), differences);
  return g_string_free (text, FALSE);
}

/**
 * rb_route_describe_trigger:
 * @route: the route of @step
 * @step: a step
 *
 * Returns: (transfer full): what opens @step, as a phrase.
 */
char *
rb_route_describe_trigger (RbRoute *route, const RbRouteStep *step)
{
  const RbRouteStep *other;

  switch (step->trigger)
    {
    case RB_TRIGGER_STATUS:
      return g_strdup_printf (_("status “%s” reached"), rb_case_status_label (step->trigger_arg));
    case RB_TRIGGER_SIGNAL:
      return g_strdup_printf (_("signal %s fired"), step->trigger_arg);
    case RB_TRIGGER_MEETING:
      return g_strdup_printf (_("meeting %s held"), step->trigger_arg);
    case RB_TRIGGER_MILESTONE:
      return g_strdup_printf (_("milestone %s reached"), step->trigger_arg);
    case RB_TRIGGER_PLACEMENT:
      return step->trigger_arg != NULL
                 ? g_strdup_printf (_("bridge placement (%s) started"), step->trigger_arg)
                 : g_strdup (_("bridge placement started"));
    case RB_TRIGGER_STEP:
      other = rb_route_find_step (route, step->trigger_arg);
      return g_strdup_printf (_("“%s” done"), other != NULL ? other->title : step->trigger_arg);
    case RB_TRIGGER_CASE_CREATED:
    default:
      return g_strdup (_("case opened"));
    }
}

/**
 * rb_route_list_presets:
 *
 * Returns: (transfer full): the codes of the routes shipped with Routeboek, sorted.
 */
GStrv
rb_route_list_presets (void)
{
  g_auto(GStrv) names
      = g_resources_enumerate_children (PRESET_DIR, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".json"))
      g_ptr_array_add (codes, g_strndup (names[i], strlen (names[i]) - strlen (".json")));
  g_ptr_array_sort (codes, compare_strings);
  g_ptr_array_add (codes, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&codes), FALSE);
}

/**
 * rb_route_load_preset:
 * @code: a code from rb_route_list_presets()
 * @error: %RB_ERROR_NOT_FOUND for an unknown code
 *
 * Returns: (transfer full) (nullable): the shipped route.
 */
RbRoute *
rb_route_load_preset (const char *code, GError **error)
{
  g_autofree char *path = g_strconcat (PRESET_DIR, code, ".json", NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);

  if (bytes == NULL)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("Routeboek has no route “%s”"), code);
      return NULL;
    }
  return rb_route_new_from_data (g_bytes_get_data (bytes, NULL), (gssize)g_bytes_get_size (bytes),
                                 error);
}

static RbRoute *
route_from_record (RbRecord *record, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  RbRoute *route
      = rb_route_new_from_data (rb_record_get_string (record, "definition"), -1, &local_error);

  if (route == NULL)
    g_set_error (error, RB_ERROR, local_error->code, _("The stored route “%s”: %s"),
                 rb_record_get_string (record, "name"), local_error->message);
  return route;
}

/* A database made before routes were data (schema version 7) gets the shipped routes of
 * its kind on first use. Their UUIDs derive from the SWV's, so colleagues who both do
 * this hold the same records. */
static gboolean
ensure_routes (RbDatabase *db, GError **error)
{
  gint64 n = rb_store_count (db, rb_schema_lookup_table ("routes"), error);

  if (n != 0)
    return n > 0;
  if (!rb_database_begin (db, error))
    return FALSE;
  if (!rb_route_install_defaults (db, error))
    {
      rb_database_rollback (db);
      return FALSE;
    }
  return rb_database_commit (db, error);
}

/**
 * rb_route_list_stored:
 * @db: an open database
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type RbRoute) (nullable): the routes of the
 *   SWV, by name.
 */
GPtrArray *
rb_route_list_stored (RbDatabase *db, GError **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) routes = g_ptr_array_new_with_free_func ((GDestroyNotify) rb_route_unref);

  if (!ensure_routes (db, error)
      || (records = rb_store_list_all (db, rb_schema_lookup_table ("routes"), error)) == NULL)
    return NULL;
  for (guint i = 0; i < records->len; i++)
    {
      RbRoute *route = route_from_record (g_ptr_array_index (records, i), error);

      if (route == NULL)
        return NULL;
      g_ptr_array_add (routes, route);
    }
  g_ptr_array_sort (routes, compare_names);
  return g_steal_pointer (&routes);
}

static RbRecord *
find_record (RbDatabase *db, const char *code, GError **error)
{
  g_autoptr(GPtrArray) records = NULL;

  if (!ensure_routes (db, error)
      || (records = rb_store_list (db, rb_schema_lookup_table ("routes"), "code", code, error))
             == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("This SWV has no route “%s”"), code);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (records, 0));
}

/**
 * rb_route_load_stored:
 * @db: an open database
 * @code: (nullable): a route's code; %NULL for the default route
 * @error: %RB_ERROR_NOT_FOUND when the SWV has no such route
 *
 * Returns: (transfer full) (nullable): the route.
 */
RbRoute *
rb_route_load_stored (RbDatabase *db, const char *code, GError **error)
{
  g_autofree char *default_code = NULL;
  g_autoptr(RbRecord) record = NULL;

  if (code == NULL && (code = default_code = rb_route_dup_default_code (db, error)) == NULL)
    return NULL;
  if ((record = find_record (db, code, error)) == NULL)
    return NULL;
  return route_from_record (record, error);
}

/**
 * rb_route_dup_default_code:
 * @db: an open database
 * @error: %RB_ERROR_NOT_FOUND when the SWV has no routes
 *
 * Returns: (transfer full) (nullable): the code of the route new cases follow.
 */
char *
rb_route_dup_default_code (RbDatabase *db, GError **error)
{
  g_autoptr(GPtrArray) records = NULL;
  RbRecord *first = NULL;

  if (!ensure_routes (db, error)
      || (records = rb_store_list_all (db, rb_schema_lookup_table ("routes"), error)) == NULL)
    return NULL;
  for (guint i = 0; i < records->len; i++)
    {
      RbRecord *record = g_ptr_array_index (records, i);

      if (rb_record_get_boolean (record, "is_default"))
        return g_strdup (rb_record_get_string (record, "code"));
      if (first == NULL
          || g_strcmp0 (rb_record_get_string (record, "code"), rb_record_get_string (first, "code"))
                 < 0)
        first = record;
    }
  if (first == NULL)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("This SWV has no routes yet"));
      return NULL;
    }
  return g_strdup (rb_record_get_string (first, "code"));
}

/**
 * rb_route_install_defaults:
 * @db: a new database
 * @error: return location for an error
 *
 * Stores the shipped routes of the database's school type (and those for both); the first
 * one of the type becomes the default. UUIDs are derived from the SWV's UUID, so two
 * databases made alike are identical.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_route_install_defaults (RbDatabase *db, GError **error)
{
  g_auto(GStrv) codes = rb_route_list_presets ();
  const char *school_type = rb_database_get_school_type (db);
  gboolean have_default = FALSE;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autoptr(RbRoute) route = rb_route_load_preset (codes[i], error);
      g_autofree char *key = NULL;
      g_autofree char *uuid = NULL;
      g_autofree char *data = NULL;
      g_autoptr(RbRecord) record = NULL;
      gboolean is_default;

      if (route == NULL)
        return FALSE;
      if (route->school_type != NULL && g_strcmp0 (route->school_type, school_type) != 0)
        continue;
      is_default = !have_default && route->school_type != NULL;
      have_default = have_default || is_default;
      key = g_strconcat ("route/", route->code, NULL);
      uuid = rb_uuid_derive (rb_database_get_swv_uuid (db), key);
      record = rb_record_new_with_uuid (rb_schema_lookup_table ("routes"), uuid);
      data = rb_route_to_data (route);
      rb_record_set_string (record, "code", route->code);
      rb_record_set_string (record, "name", route->name);
      rb_record_set_int (record, "format", RB_ROUTE_FORMAT);
      rb_record_set_string (record, "definition", data);
      rb_record_set_boolean (record, "is_default", is_default);
      if (!rb_store_save (db, record, error))
        return FALSE;
    }
  return TRUE;
}
