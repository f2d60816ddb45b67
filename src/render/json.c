/* SPDX-License-Identifier: MIT */
/* The JSON report (docs/design.md, "JSON report"): writer, and the strict
 * reader `explain` uses. The writer emits keys in the documented order;
 * the reader accepts exactly what the writer emits (docs/report.schema.json),
 * so file -> model -> JSON reproduces the file byte for byte. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "preflight/cleanup.h"
#include "preflight/report.h"

/* pf_error_set always returns -1; saying so here lets the analyzers see
 * that every failure path returns -1. */
#define FAIL_WITH(...) (pf_error_set(__VA_ARGS__), -1)

/* A report is a few KiB; anything near this is not one of ours, and a
 * bound keeps a hostile file from costing more than this much memory. */
#define PF_REPORT_MAX_BYTES ((size_t)4 * 1024 * 1024)

/* Whole microseconds are written, so 15 significant digits print every
 * duration exactly as it was written ("4.2", not "4.2000000000000002"). */
#define PF_JSON_DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* ---- writer ---- */

static bool set(json_t *obj, const char *key, json_t *value)
{
	return value && json_object_set_new(obj, key, value) == 0;
}

static json_t *str(const char *s)
{
	/* the model holds valid UTF-8 (built or parsed); "" stands for absent */
	return json_string(s ? s : "");
}

/* Append an object built with set(); ok false (a set failed) drops it.
 * json_array_append_new releases o itself when it fails. */
static bool append_built(json_t *arr, json_t *o, bool ok)
{
	if (!ok) {
		json_decref(o);
		return false;
	}
	return json_array_append_new(arr, o) == 0;
}

static json_t *findings_json(const struct pf_report_finding *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++) {
		json_t *o = json_object();
		bool ok = o && set(o, "code", str(items[i].code)) && set(o, "probe", str(items[i].probe)) &&
			  set(o, "message", str(items[i].message));
		if (!append_built(arr, o, ok)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *fixes_json(const struct pf_report_fix *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++) {
		json_t *o = json_object();
		bool ok = o && set(o, "for", str(items[i].for_code)) && set(o, "engine", str(items[i].engine)) &&
			  set(o, "text", str(items[i].text)) && set(o, "snippet", str(items[i].snippet));
		if (!append_built(arr, o, ok)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *evidence_json(const struct pf_report *r)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < r->n_evidence; i++) {
		const struct pf_report_evidence *ev = &r->evidence[i];
		json_t *o = json_object();
		bool ok = o && set(o, "signal", str(ev->signal)) && set(o, "value", str(ev->value)) &&
			  set(o, "weight", str(ev->weight));
		if (!append_built(arr, o, ok)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *probes_json(const struct pf_report *r)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < r->n_probes; i++) {
		const struct pf_report_probe *p = &r->probes[i];
		json_t *o = json_object();
		json_int_t us = p->duration_us > (uint64_t)INT64_MAX ? INT64_MAX : (json_int_t)p->duration_us;
		bool ok = o && set(o, "id", str(p->id)) && set(o, "status", str(p->status)) &&
			  set(o, "summary", str(p->summary)) && set(o, "duration_us", json_integer(us)) &&
			  set(o, "facts", p->facts ? json_incref(p->facts) : json_object());
		if (!append_built(arr, o, ok)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *strings_json(const struct pf_string_list *l)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < l->n; i++) {
		if (json_array_append_new(arr, str(l->items[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* The container section of a `container` report; NULL on OOM. */
static json_t *container_json(const struct pf_report_container *c)
{
	json_t *o = json_object(), *settings = json_object();
	bool ok = o && settings && set(o, "name", str(c->name)) && set(o, "id", str(c->id)) &&
		  set(o, "image", str(c->image)) && set(o, "engine", str(c->engine)) &&
		  set(o, "api_version", str(c->api_version)) &&
		  set(settings, "privileged", json_boolean(c->privileged)) &&
		  set(settings, "cap_add", strings_json(&c->cap_add)) &&
		  set(settings, "cap_drop", strings_json(&c->cap_drop)) &&
		  set(settings, "security_opt", strings_json(&c->security_opt)) &&
		  set(settings, "runtime", str(c->runtime)) && set(settings, "user", str(c->user)) &&
		  set(settings, "userns_mode", str(c->userns_mode)) &&
		  set(settings, "network_mode", str(c->network_mode)) &&
		  set(settings, "sysctls", strings_json(&c->sysctls)) &&
		  set(settings, "devices", strings_json(&c->devices)) && set(o, "settings", json_incref(settings));
	json_decref(settings);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *pf_report_to_json(const struct pf_report *r)
{
	json_t *root = json_object();
	json_t *tool = json_object(), *options = json_object(), *system = json_object();
	json_t *environment = json_object(), *verdict = json_object();
	bool ok = root && tool && options && system && environment && verdict;

	ok = ok && set(tool, "name", str(r->tool_name)) && set(tool, "version", str(r->tool_version));
	ok = ok && set(options, "jail", str(r->jail)) &&
	     set(options, "user_namespace", json_boolean(r->user_namespace)) &&
	     set(options, "strict", json_boolean(r->strict));
	ok = ok && set(system, "kernel", str(r->kernel)) && set(system, "machine", str(r->machine)) &&
	     set(system, "euid", json_integer(r->euid));
	ok = ok && set(environment, "engine", str(r->engine)) && set(environment, "runtime", str(r->runtime)) &&
	     set(environment, "in_container", json_boolean(r->in_container)) &&
	     set(environment, "evidence", evidence_json(r));
	ok = ok && set(verdict, "configuration", str(r->configuration)) &&
	     set(verdict, "ready", json_boolean(r->ready)) &&
	     set(verdict, "testing_only", json_boolean(r->testing_only)) &&
	     set(verdict, "blockers", findings_json(r->blockers, r->n_blockers)) &&
	     set(verdict, "warnings", findings_json(r->warnings, r->n_warnings)) &&
	     set(verdict, "fixes", fixes_json(r->fixes, r->n_fixes));

	/* each set() takes its reference even on the way out, so one decref of
	 * root releases every section already attached */
	ok = ok && set(root, "schema", json_string(PF_REPORT_SCHEMA));
	ok = ok && set(root, "tool", json_incref(tool));
	ok = ok && set(root, "generated_at", str(r->generated_at));
	ok = ok && set(root, "duration_ms", json_real(r->duration_ms));
	ok = ok && set(root, "options", json_incref(options));
	ok = ok && set(root, "system", json_incref(system));
	ok = ok && set(root, "environment", json_incref(environment));
	ok = ok && set(root, "probes", probes_json(r));
	ok = ok && set(root, "verdict", json_incref(verdict));
	/* optional: only a `container` report has it, so older reports stay valid */
	if (r->container)
		ok = ok && set(root, "container", container_json(r->container));

	json_decref(tool);
	json_decref(options);
	json_decref(system);
	json_decref(environment);
	json_decref(verdict);
	if (!ok) {
		json_decref(root);
		return NULL;
	}
	return root;
}

char *pf_render_json(const struct pf_report *r)
{
	json_t *root = pf_report_to_json(r);
	if (!root)
		return NULL;
	char *text = json_dumps(root, PF_JSON_DUMP_FLAGS);
	json_decref(root);
	if (!text)
		return NULL;
	size_t n = strlen(text);
	char *out = realloc(text, n + 2);
	if (!out) {
		free(text);
		return NULL;
	}
	out[n] = '\n';
	out[n + 1] = '\0';
	return out;
}

/* ---- reader ---- */

struct reader {
	const char *source; /* file name for every message */
	struct pf_error *e;
};

/* "report.json: verdict.ready: expected boolean": the file, the JSON
 * path, what is wrong. */
#define FAIL_AT(rd, path, fmt, ...) FAIL_WITH((rd)->e, 0, "%s: %s: " fmt, (rd)->source, (path), ##__VA_ARGS__)

/* JSON path of a member: "verdict" + "ready" = "verdict.ready". */
static void join(char *buf, size_t size, const char *path, const char *key)
{
	if (path[0])
		snprintf(buf, size, "%s.%s", path, key);
	else
		snprintf(buf, size, "%s", key);
}

static void join_index(char *buf, size_t size, const char *path, size_t i)
{
	snprintf(buf, size, "%s[%zu]", path, i);
}

/* Exactly the documented keys: a missing one or a stranger is an error,
 * which also keeps the round trip lossless. */
static int check_keys(struct reader *rd, const json_t *obj, const char *path, const char *const *keys)
{
	char sub[256];
	for (size_t i = 0; keys[i]; i++) {
		if (!json_object_get(obj, keys[i])) {
			join(sub, sizeof sub, path, keys[i]);
			return FAIL_AT(rd, sub, "missing (required)");
		}
	}
	const char *key;
	const json_t *value;
	json_object_foreach((json_t *)obj, key, value)
	{
		bool known = false;
		for (size_t i = 0; keys[i] && !known; i++)
			known = strcmp(keys[i], key) == 0;
		if (!known) {
			join(sub, sizeof sub, path, key);
			return FAIL_AT(rd, sub, "unexpected key");
		}
	}
	return 0;
}

static const json_t *member(const json_t *obj, const char *key, const char *path, char *sub, size_t size)
{
	join(sub, size, path, key);
	return json_object_get(obj, key);
}

static int need_object(struct reader *rd, const json_t *v, const char *path, const char *const *keys)
{
	if (!json_is_object(v))
		return FAIL_AT(rd, path, "expected object");
	return keys ? check_keys(rd, v, path, keys) : 0;
}

static int need_array(struct reader *rd, const json_t *v, const char *path)
{
	return json_is_array(v) ? 0 : FAIL_AT(rd, path, "expected array");
}

static int get_string(struct reader *rd, const json_t *obj, const char *path, const char *key, char **out)
{
	char sub[256];
	const json_t *v = member(obj, key, path, sub, sizeof sub);
	if (!json_is_string(v))
		return FAIL_AT(rd, sub, "expected string");
	*out = strdup(json_string_value(v));
	return *out ? 0 : FAIL_WITH(rd->e, ENOMEM, "%s: reading the report", rd->source);
}

/* A string that must be one of names[] (NULL-terminated). */
static int get_enum(struct reader *rd, const json_t *obj, const char *path, const char *key, const char *const *names,
		    char **out)
{
	if (get_string(rd, obj, path, key, out) < 0)
		return -1;
	for (size_t i = 0; names[i]; i++)
		if (strcmp(names[i], *out) == 0)
			return 0;
	char sub[256], list[200] = "";
	join(sub, sizeof sub, path, key);
	for (size_t i = 0, len = 0; names[i] && len < sizeof list; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
	return FAIL_AT(rd, sub, "\"%.60s\" is not one of %s", *out, list);
}

static int get_bool(struct reader *rd, const json_t *obj, const char *path, const char *key, bool *out)
{
	char sub[256];
	const json_t *v = member(obj, key, path, sub, sizeof sub);
	if (!json_is_boolean(v))
		return FAIL_AT(rd, sub, "expected boolean");
	*out = json_is_true(v);
	return 0;
}

static int get_int(struct reader *rd, const json_t *obj, const char *path, const char *key, json_int_t min,
		   json_int_t *out)
{
	char sub[256];
	const json_t *v = member(obj, key, path, sub, sizeof sub);
	if (!json_is_integer(v))
		return FAIL_AT(rd, sub, "expected integer");
	*out = json_integer_value(v);
	if (*out < min)
		return FAIL_AT(rd, sub, "%lld is below the minimum %lld", (long long)*out, (long long)min);
	return 0;
}

/* Codes are SHOUTING_SNAKE_CASE, as verdict.h spells them. */
static int get_code(struct reader *rd, const json_t *obj, const char *path, const char *key, char **out)
{
	if (get_string(rd, obj, path, key, out) < 0)
		return -1;
	const char *c = *out;
	bool ok = c[0] >= 'A' && c[0] <= 'Z';
	for (; ok && *c; c++)
		ok = (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_';
	if (ok)
		return 0;
	char sub[256];
	join(sub, sizeof sub, path, key);
	return FAIL_AT(rd, sub, "\"%.60s\" is not a code (A-Z, 0-9, _)", *out);
}

/* RFC 3339 in UTC, the one form the tool writes: 2026-11-28T20:44:13Z. */
static bool is_rfc3339_utc(const char *s)
{
	static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
	if (strlen(s) != sizeof form - 1)
		return false;
	for (size_t i = 0; form[i]; i++) {
		if (form[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != form[i])
			return false;
	}
	return true;
}

/* Every enum a report names is read against its names in src/names.c;
 * container engines (src/container.c) belong to no model enum. */
/* Allocate n items for an array member; n == 0 leaves *out NULL. */
static int alloc_items(struct reader *rd, size_t n, size_t size, void **out)
{
	*out = NULL;
	if (n == 0)
		return 0;
	*out = calloc(n, size);
	return *out ? 0 : FAIL_WITH(rd->e, ENOMEM, "%s: reading the report", rd->source);
}

static int read_findings(struct reader *rd, const json_t *arr, const char *path, struct pf_report_finding **out,
			 size_t *n_out)
{
	static const char *const keys[] = { "code", "probe", "message", NULL };
	size_t n = json_array_size(arr);
	if (need_array(rd, arr, path) < 0 || alloc_items(rd, n, sizeof **out, (void **)out) < 0)
		return -1;
	*n_out = n;
	for (size_t i = 0; i < n; i++) {
		char sub[256];
		const json_t *item = json_array_get(arr, i);
		struct pf_report_finding *f = &(*out)[i];
		join_index(sub, sizeof sub, path, i);
		if (need_object(rd, item, sub, keys) < 0 || get_code(rd, item, sub, "code", &f->code) < 0 ||
		    get_enum(rd, item, sub, "probe", pf_probe_names, &f->probe) < 0 ||
		    get_string(rd, item, sub, "message", &f->message) < 0)
			return -1;
	}
	return 0;
}

static int read_fixes(struct reader *rd, const json_t *arr, const char *path, struct pf_report *r)
{
	static const char *const keys[] = { "for", "engine", "text", "snippet", NULL };
	size_t n = json_array_size(arr);
	if (need_array(rd, arr, path) < 0 || alloc_items(rd, n, sizeof *r->fixes, (void **)&r->fixes) < 0)
		return -1;
	r->n_fixes = n;
	for (size_t i = 0; i < n; i++) {
		char sub[256];
		const json_t *item = json_array_get(arr, i);
		struct pf_report_fix *f = &r->fixes[i];
		join_index(sub, sizeof sub, path, i);
		if (need_object(rd, item, sub, keys) < 0 || get_code(rd, item, sub, "for", &f->for_code) < 0 ||
		    get_enum(rd, item, sub, "engine", pf_fix_audience_names, &f->engine) < 0 ||
		    get_string(rd, item, sub, "text", &f->text) < 0 ||
		    get_string(rd, item, sub, "snippet", &f->snippet) < 0)
			return -1;
	}
	return 0;
}

static int read_environment(struct reader *rd, const json_t *env, struct pf_report *r)
{
	static const char *const keys[] = { "engine", "runtime", "in_container", "evidence", NULL };
	static const char *const ev_keys[] = { "signal", "value", "weight", NULL };
	const char *path = "environment";
	if (need_object(rd, env, path, keys) < 0 ||
	    get_enum(rd, env, path, "engine", pf_engine_names, &r->engine) < 0 ||
	    get_enum(rd, env, path, "runtime", pf_runtime_names, &r->runtime) < 0 ||
	    get_bool(rd, env, path, "in_container", &r->in_container) < 0)
		return -1;
	const json_t *arr = json_object_get(env, "evidence");
	size_t n = json_array_size(arr);
	if (need_array(rd, arr, "environment.evidence") < 0 ||
	    alloc_items(rd, n, sizeof *r->evidence, (void **)&r->evidence) < 0)
		return -1;
	r->n_evidence = n;
	for (size_t i = 0; i < n; i++) {
		char sub[256];
		const json_t *item = json_array_get(arr, i);
		struct pf_report_evidence *ev = &r->evidence[i];
		join_index(sub, sizeof sub, "environment.evidence", i);
		if (need_object(rd, item, sub, ev_keys) < 0 || get_string(rd, item, sub, "signal", &ev->signal) < 0 ||
		    get_string(rd, item, sub, "value", &ev->value) < 0 ||
		    get_enum(rd, item, sub, "weight", pf_weight_names, &ev->weight) < 0)
			return -1;
	}
	return 0;
}

static int read_probes(struct reader *rd, const json_t *arr, struct pf_report *r)
{
	static const char *const keys[] = { "id", "status", "summary", "duration_us", "facts", NULL };
	size_t n = json_array_size(arr);
	if (need_array(rd, arr, "probes") < 0 || alloc_items(rd, n, sizeof *r->probes, (void **)&r->probes) < 0)
		return -1;
	r->n_probes = n;
	for (size_t i = 0; i < n; i++) {
		char sub[256], facts_path[280];
		const json_t *item = json_array_get(arr, i);
		struct pf_report_probe *p = &r->probes[i];
		json_int_t us = 0;
		join_index(sub, sizeof sub, "probes", i);
		if (need_object(rd, item, sub, keys) < 0 || get_enum(rd, item, sub, "id", pf_probe_names, &p->id) < 0 ||
		    get_enum(rd, item, sub, "status", pf_status_names, &p->status) < 0 ||
		    get_string(rd, item, sub, "summary", &p->summary) < 0 ||
		    get_int(rd, item, sub, "duration_us", 0, &us) < 0)
			return -1;
		p->duration_us = (uint64_t)us;
		join(facts_path, sizeof facts_path, sub, "facts");
		const json_t *facts = json_object_get(item, "facts");
		if (need_object(rd, facts, facts_path, NULL) < 0)
			return -1;
		/* facts stay JSON: each probe's own shape, kept as written */
		p->facts = json_deep_copy(facts);
		if (!p->facts)
			return FAIL_WITH(rd->e, ENOMEM, "%s: reading the report", rd->source);
	}
	return 0;
}

static int read_verdict(struct reader *rd, const json_t *v, struct pf_report *r)
{
	static const char *const keys[] = {
		"configuration", "ready", "testing_only", "blockers", "warnings", "fixes", NULL,
	};
	const char *path = "verdict";
	return need_object(rd, v, path, keys) < 0 ||
			       get_enum(rd, v, path, "configuration", pf_configuration_names, &r->configuration) < 0 ||
			       get_bool(rd, v, path, "ready", &r->ready) < 0 ||
			       get_bool(rd, v, path, "testing_only", &r->testing_only) < 0 ||
			       read_findings(rd, json_object_get(v, "blockers"), "verdict.blockers", &r->blockers,
					     &r->n_blockers) < 0 ||
			       read_findings(rd, json_object_get(v, "warnings"), "verdict.warnings", &r->warnings,
					     &r->n_warnings) < 0 ||
			       read_fixes(rd, json_object_get(v, "fixes"), "verdict.fixes", r) < 0
		       ? -1
		       : 0;
}

static int read_strings(struct reader *rd, const json_t *obj, const char *path, const char *key,
			struct pf_string_list *out)
{
	char sub[256];
	const json_t *arr = member(obj, key, path, sub, sizeof sub);
	if (need_array(rd, arr, sub) < 0)
		return -1;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const json_t *item = json_array_get(arr, i);
		char at[280];
		join_index(at, sizeof at, sub, i);
		if (!json_is_string(item))
			return FAIL_AT(rd, at, "expected string");
		if (pf_string_list_add(out, json_string_value(item)) < 0)
			return FAIL_WITH(rd->e, ENOMEM, "%s: reading the report", rd->source);
	}
	return 0;
}

static const char *const container_engine_names[] = { "docker", "podman", NULL };

static int read_container(struct reader *rd, const json_t *v, struct pf_report *r)
{
	static const char *const keys[] = { "name", "id", "image", "engine", "api_version", "settings", NULL };
	static const char *const settings_keys[] = {
		"privileged",  "cap_add",      "cap_drop", "security_opt", "runtime", "user",
		"userns_mode", "network_mode", "sysctls",  "devices",      NULL,
	};
	const char *path = "container", *sp = "container.settings";
	if (need_object(rd, v, path, keys) < 0)
		return -1;
	struct pf_report_container *c = calloc(1, sizeof *c);
	if (!c)
		return FAIL_WITH(rd->e, ENOMEM, "%s: reading the report", rd->source);
	r->container = c;
	const json_t *s = json_object_get(v, "settings");
	return get_string(rd, v, path, "name", &c->name) < 0 || get_string(rd, v, path, "id", &c->id) < 0 ||
			       get_string(rd, v, path, "image", &c->image) < 0 ||
			       get_enum(rd, v, path, "engine", container_engine_names, &c->engine) < 0 ||
			       get_string(rd, v, path, "api_version", &c->api_version) < 0 ||
			       need_object(rd, s, sp, settings_keys) < 0 ||
			       get_bool(rd, s, sp, "privileged", &c->privileged) < 0 ||
			       read_strings(rd, s, sp, "cap_add", &c->cap_add) < 0 ||
			       read_strings(rd, s, sp, "cap_drop", &c->cap_drop) < 0 ||
			       read_strings(rd, s, sp, "security_opt", &c->security_opt) < 0 ||
			       get_string(rd, s, sp, "runtime", &c->runtime) < 0 ||
			       get_string(rd, s, sp, "user", &c->user) < 0 ||
			       get_string(rd, s, sp, "userns_mode", &c->userns_mode) < 0 ||
			       get_string(rd, s, sp, "network_mode", &c->network_mode) < 0 ||
			       read_strings(rd, s, sp, "sysctls", &c->sysctls) < 0 ||
			       read_strings(rd, s, sp, "devices", &c->devices) < 0
		       ? -1
		       : 0;
}

#define SCHEMA_PREFIX "boundary-preflight/report/v"

/* The schema key first, before any other check: a newer report must be
 * refused as newer, not for some key it renamed. */
static int check_schema(struct reader *rd, const json_t *root)
{
	if (!json_is_object(root))
		return FAIL_WITH(rd->e, 0, "%s: not a boundary-preflight report (the top level is not an object)",
				 rd->source);
	const json_t *schema = json_object_get(root, "schema");
	if (!schema)
		return FAIL_WITH(rd->e, 0, "%s: not a boundary-preflight report (no \"schema\" key)", rd->source);
	if (!json_is_string(schema))
		return FAIL_WITH(rd->e, 0, "%s: not a boundary-preflight report (\"schema\" is not a string)",
				 rd->source);
	const char *name = json_string_value(schema);
	if (strcmp(name, PF_REPORT_SCHEMA) == 0)
		return 0;
	size_t plen = strlen(SCHEMA_PREFIX);
	if (strncmp(name, SCHEMA_PREFIX, plen) == 0 && name[plen] >= '1' && name[plen] <= '9') {
		char *end;
		unsigned long version = strtoul(name + plen, &end, 10);
		if (*end == '\0' && version > 1)
			return FAIL_WITH(rd->e, 0,
					 "%s: report schema \"%.80s\" is newer than this boundary-preflight "
					 "understands (%s); read it with a newer boundary-preflight",
					 rd->source, name, PF_REPORT_SCHEMA);
	}
	return FAIL_WITH(rd->e, 0, "%s: not a boundary-preflight report (schema \"%.80s\", expected \"%s\")",
			 rd->source, name, PF_REPORT_SCHEMA);
}

static int read_report(struct reader *rd, const json_t *root, struct pf_report *r)
{
	static const char *const keys[] = {
		"schema", "tool",        "generated_at", "duration_ms", "options",
		"system", "environment", "probes",       "verdict",     NULL,
	};
	/* the same, with the optional container section */
	static const char *const container_keys[] = {
		"schema",      "tool",   "generated_at", "duration_ms", "options", "system",
		"environment", "probes", "verdict",      "container",   NULL,
	};
	static const char *const tool_keys[] = { "name", "version", NULL };
	static const char *const option_keys[] = { "jail", "user_namespace", "strict", NULL };
	static const char *const system_keys[] = { "kernel", "machine", "euid", NULL };

	const json_t *container = json_is_object(root) ? json_object_get(root, "container") : NULL;
	if (check_schema(rd, root) < 0 || check_keys(rd, root, "", container ? container_keys : keys) < 0)
		return -1;

	const json_t *tool = json_object_get(root, "tool");
	if (need_object(rd, tool, "tool", tool_keys) < 0 || get_string(rd, tool, "tool", "name", &r->tool_name) < 0 ||
	    get_string(rd, tool, "tool", "version", &r->tool_version) < 0)
		return -1;

	if (get_string(rd, root, "", "generated_at", &r->generated_at) < 0)
		return -1;
	if (!is_rfc3339_utc(r->generated_at))
		return FAIL_AT(rd, "generated_at", "expected RFC 3339 UTC time (YYYY-MM-DDTHH:MM:SSZ)");

	const json_t *duration = json_object_get(root, "duration_ms");
	if (!json_is_number(duration))
		return FAIL_AT(rd, "duration_ms", "expected number");
	r->duration_ms = json_number_value(duration);
	if (!(r->duration_ms >= 0))
		return FAIL_AT(rd, "duration_ms", "expected a number >= 0");

	const json_t *options = json_object_get(root, "options");
	if (need_object(rd, options, "options", option_keys) < 0 ||
	    get_enum(rd, options, "options", "jail", pf_jail_names, &r->jail) < 0 ||
	    get_bool(rd, options, "options", "user_namespace", &r->user_namespace) < 0 ||
	    get_bool(rd, options, "options", "strict", &r->strict) < 0)
		return -1;

	const json_t *system = json_object_get(root, "system");
	json_int_t euid = -1;
	if (need_object(rd, system, "system", system_keys) < 0 ||
	    get_string(rd, system, "system", "kernel", &r->kernel) < 0 ||
	    get_string(rd, system, "system", "machine", &r->machine) < 0 ||
	    get_int(rd, system, "system", "euid", -1, &euid) < 0)
		return -1;
	if (euid > (json_int_t)UINT32_MAX)
		return FAIL_AT(rd, "system.euid", "%lld is not a uid", (long long)euid);
	r->euid = (long)euid;

	return read_environment(rd, json_object_get(root, "environment"), r) < 0 ||
			       read_probes(rd, json_object_get(root, "probes"), r) < 0 ||
			       read_verdict(rd, json_object_get(root, "verdict"), r) < 0 ||
			       (container && read_container(rd, container, r) < 0)
		       ? -1
		       : 0;
}

int pf_report_from_json(const json_t *root, const char *source, struct pf_report *r, struct pf_error *e)
{
	struct reader rd = { .source = source ? source : "report", .e = e };
	memset(r, 0, sizeof *r);
	if (read_report(&rd, root, r) < 0) {
		pf_report_free(r);
		return -1;
	}
	return 0;
}

/* Read at most PF_REPORT_MAX_BYTES + 1, so a larger file is known to be
 * too large without reading it whole. */
static int slurp(FILE *in, const char *path, char **out, size_t *len, struct pf_error *e)
{
	size_t cap = (size_t)64 * 1024, n = 0;
	_cleanup_free_ char *buf = malloc(cap);
	if (!buf)
		return FAIL_WITH(e, ENOMEM, "reading %s", path);
	for (;;) {
		if (n == cap) {
			if (cap > PF_REPORT_MAX_BYTES)
				break;
			size_t grown = cap * 2 > PF_REPORT_MAX_BYTES + 1 ? PF_REPORT_MAX_BYTES + 1 : cap * 2;
			char *p = realloc(buf, grown);
			if (!p)
				return FAIL_WITH(e, ENOMEM, "reading %s", path);
			buf = p;
			cap = grown;
		}
		size_t got = fread(buf + n, 1, cap - n, in);
		n += got;
		if (got == 0) {
			if (ferror(in))
				return FAIL_WITH(e, errno ? errno : EIO, "cannot read %s", path);
			break;
		}
	}
	if (n > PF_REPORT_MAX_BYTES)
		return FAIL_WITH(e, 0, "%s: larger than 4 MiB; not a boundary-preflight report", path);
	*out = buf;
	buf = NULL;
	*len = n;
	return 0;
}

int pf_report_from_file(const char *path, struct pf_report *r, struct pf_error *e)
{
	memset(r, 0, sizeof *r);
	bool use_stdin = strcmp(path, "-") == 0;
	const char *name = use_stdin ? "<stdin>" : path;
	_cleanup_fclose_ FILE *file = use_stdin ? NULL : fopen(path, "re");
	if (!use_stdin && !file)
		return FAIL_WITH(e, errno, "cannot read %s", path);

	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	errno = 0;
	if (slurp(use_stdin ? stdin : file, name, &text, &len, e) < 0)
		return -1;

	json_error_t jerr;
	/* duplicate keys would make "the same model" ambiguous */
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return FAIL_WITH(e, 0, "%s: malformed JSON at line %d, column %d: %s", name, jerr.line, jerr.column,
				 jerr.text);
	int rc = pf_report_from_json(root, name, r, e);
	json_decref(root);
	return rc;
}
