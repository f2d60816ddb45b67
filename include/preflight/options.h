/* SPDX-License-Identifier: MIT */
/* What the user asked for; shared by probes (root, deadline) and the verdict. */
#pragma once

#include <stdbool.h>

enum pf_jail { PF_JAIL_NSJAIL, PF_JAIL_LANDJAIL };
const char *pf_jail_name(enum pf_jail j);
extern const char *const pf_jail_names[]; /* by jail, NULL-terminated (src/names.c) */

enum pf_format { PF_FORMAT_TEXT, PF_FORMAT_JSON };
enum pf_color { PF_COLOR_AUTO, PF_COLOR_ALWAYS, PF_COLOR_NEVER };

#define PF_DEFAULT_TIMEOUT_MS 5000

struct pf_options {
	enum pf_jail jail;
	bool user_namespace; /* false: boundary's --no-user-namespace */
	bool strict;         /* testing-only configuration does not count */
	bool quiet;
	bool redact;
	int timeout_ms;   /* total budget for all probes */
	const char *root; /* file-based probes read under this root ("/") */
	enum pf_format format;
	enum pf_color color;
	const char *output; /* NULL: stdout */
};
