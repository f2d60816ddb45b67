/* SPDX-License-Identifier: MIT */
/* The report: the one model both renderers read, built either from a live
 * run (facts + verdict) or from a saved JSON report (explain), so
 * JSON -> model -> JSON is lossless. Strings are owned (heap). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "preflight/error.h"
#include "preflight/facts.h"
#include "preflight/options.h"
#include "preflight/verdict.h"

#define PF_REPORT_SCHEMA "boundary-preflight/report/v1"

struct pf_report_evidence {
	char *signal, *value, *weight;
};
struct pf_report_finding {
	char *code, *probe, *message;
};
struct pf_report_fix {
	char *for_code, *engine, *text, *snippet;
};

/* `container NAME`: the container the report is about and the settings
 * its twin copied from the engine's inspect data (absent from a report of
 * the machine the tool runs on). Settings are as the engine reports them;
 * a custom seccomp profile is summarised, not copied ("seccomp=<custom
 * profile, N bytes>"). */
struct pf_string_list {
	size_t n;
	char **items;
};
struct pf_report_container {
	char *name, *id, *image;
	char *engine;      /* "docker", "podman" */
	char *api_version; /* the engine's /version ApiVersion */
	bool privileged;
	struct pf_string_list cap_add, cap_drop, security_opt, sysctls, devices;
	char *runtime, *user, *userns_mode, *network_mode; /* "" unset */
};

struct pf_report_probe {
	char *id;
	char *status; /* "pass|fail|warn|skip|error" */
	char *summary;
	uint64_t duration_us;
	json_t *facts; /* owned reference; the probe's facts as JSON */
};

struct pf_report {
	char *tool_name, *tool_version;
	char *generated_at; /* RFC 3339 UTC */
	double duration_ms;
	char *jail; /* options */
	bool user_namespace, strict;
	char *kernel, *machine; /* system */
	long euid;
	char *engine, *runtime; /* environment */
	bool in_container;
	size_t n_evidence;
	struct pf_report_evidence *evidence;
	size_t n_probes;
	struct pf_report_probe *probes;
	char *configuration; /* verdict */
	bool ready, testing_only;
	size_t n_blockers, n_warnings, n_fixes;
	struct pf_report_finding *blockers, *warnings;
	struct pf_report_fix *fixes;
	struct pf_report_container *container; /* NULL: not a `container` report */
};

/* Live run -> report (src/report.c). duration_ms is the whole check. */
int pf_report_build(struct pf_report *r, const struct pf_facts *f, const struct pf_verdict *v,
		    const struct pf_options *o, double duration_ms, struct pf_error *e);
void pf_report_free(struct pf_report *r);

void pf_report_container_free(struct pf_report_container *c);
/* Add to a string list; -1 on OOM. */
int pf_string_list_add(struct pf_string_list *l, const char *s);

/* Fixes written against the container of r->container (src/container_fixes.c):
 * docker/podman run flags and compose keys it already has are left out of
 * every snippet, so a fix names only what to add. A fix left with nothing
 * to add is dropped. Pure; returns -1 on OOM. */
int pf_report_fixes_for_container(struct pf_report *r);
/* --redact for the container section: name, id, image id and a user name
 * are replaced. */
int pf_report_container_redact(struct pf_report_container *c);

/* JSON (src/render/json.c). */
json_t *pf_report_to_json(const struct pf_report *r);
/* Parse a saved report; errors name the file and, for malformed JSON,
 * line and column. A foreign or newer schema is refused. */
int pf_report_from_file(const char *path, struct pf_report *r, struct pf_error *e);
int pf_report_from_json(const json_t *root, const char *source, struct pf_report *r, struct pf_error *e);

/* Text (src/render/text.c). */
struct pf_text_style {
	bool color;
	int width;
};
void pf_render_text(FILE *out, const struct pf_report *r, const struct pf_text_style *style);
/* JSON text, pretty, stable key order, trailing newline. Returns malloc'd string. */
char *pf_render_json(const struct pf_report *r);
