/* SPDX-License-Identifier: MIT */
/* The verdict: a pure function from facts and options to a configuration,
 * blockers, warnings and fixes. No I/O, no globals. The table in docs/design.md is
 * its specification; tests/verdict/ checks it row by row. */
#pragma once

#include <stdbool.h>

#include "preflight/facts.h"
#include "preflight/findings.h"
#include "preflight/options.h"

enum pf_configuration {
	PF_CONF_NONE,
	PF_CONF_RUNC_CAP_NET_ADMIN,
	PF_CONF_RUNC_CAP_SYS_ADMIN,
	PF_CONF_SYSBOX_RUNC_CAP_NET_ADMIN,
	PF_CONF_HOST,
	PF_CONF_LANDJAIL, /* --jail landjail: Landlock ABI >= 4 */
};
/* "none", "runc-cap-net-admin", "runc-cap-sys-admin",
 * "sysbox-runc-cap-net-admin", "host", "landjail" */
const char *pf_configuration_name(enum pf_configuration c);
extern const char *const pf_configuration_names[]; /* by configuration, NULL-terminated (src/names.c) */

enum pf_status { PF_STATUS_PASS, PF_STATUS_FAIL, PF_STATUS_WARN, PF_STATUS_SKIP, PF_STATUS_ERROR };
const char *pf_status_name(enum pf_status s); /* "pass", "fail", ... */
extern const char *const pf_status_names[];   /* by status, NULL-terminated (src/names.c) */

#define PF_MAX_FINDINGS 16
#define PF_MAX_FIXES 48

struct pf_finding {
	enum pf_code id;        /* its row of include/preflight/findings.def */
	const char *code;       /* that row's stable code, e.g. "SECCOMP_BLOCKS_CLONE" */
	enum pf_probe_id probe; /* the probe whose facts it rests on */
	char message[400];      /* what and how we know (the evidence) */
	struct pf_cause cause;  /* what its fixes need to know */
};

/* Who a fix is written for: "docker", "compose", "podman", "kubernetes",
 * "ecs", "host", "generic"; NULL-terminated (src/names.c). */
extern const char *const pf_fix_audience_names[];

struct pf_fix {
	const char *for_code; /* the blocker or warning it answers */
	const char *engine;   /* one of pf_fix_audience_names */
	char text[300];       /* what to do, one or two sentences */
	char snippet[600];    /* paste-able flags / YAML / JSON; "" none */
};

struct pf_probe_assessment {
	enum pf_status status;
	char summary[240];
};

struct pf_verdict {
	enum pf_configuration configuration;
	bool ready;
	bool testing_only;
	bool landjail_would_work; /* nsjail impossible, landjail possible */
	int n_blockers, n_warnings, n_fixes;
	struct pf_finding blockers[PF_MAX_FINDINGS];
	struct pf_finding warnings[PF_MAX_FINDINGS];
	struct pf_fix fixes[PF_MAX_FIXES];
	struct pf_probe_assessment probes[PF_PROBE_COUNT];
};

/* Pure: decide from facts and options. */
void pf_decide(const struct pf_facts *facts, const struct pf_options *opts, struct pf_verdict *out);

/* Every blocker and warning code the verdict can emit, NULL-terminated,
 * from include/preflight/findings.def (TESTING_ONLY_SYS_ADMIN, a blocker
 * under --strict, is in both; docs/fixes.md must have a section for each;
 * a test enforces it). */
extern const char *const pf_blocker_codes[];
extern const char *const pf_warning_codes[];
