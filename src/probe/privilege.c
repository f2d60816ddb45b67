/* SPDX-License-Identifier: MIT */
/* privilege probe: can a non-root user get to boundary's nsjail? boundary
 * re-executes itself through sudo and setpriv with --inh-caps
 * +net_admin,+sys_admin, which fails unless both capabilities are in the
 * bounding set, and sudo (setuid root) and setpriv --reuid/--regid/--clear-groups
 * change ids, which needs CAP_SETUID and CAP_SETGID there too
 * (docs/facts.md section 1, point 5). Only looks things up; runs nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#include "preflight/pathlookup.h"
#include "preflight/probe.h"

static bool in_bounding_set(cap_value_t cap)
{
	/* 1 = in the set, 0 = not, -1 = the kernel does not know the cap */
	return cap_get_bound(cap) == 1;
}

int pf_probe_privilege(const struct pf_probe_ctx *ctx, struct pf_privilege_facts *out, struct pf_probe_run *run)
{
	(void)ctx;
	(void)run;
	out->euid = (long)geteuid();
	pf_find_on_path("sudo", out->sudo_path, sizeof out->sudo_path);
	pf_find_on_path("setpriv", out->setpriv_path, sizeof out->setpriv_path);
	out->net_admin_in_bounding = in_bounding_set(CAP_NET_ADMIN);
	out->sys_admin_in_bounding = in_bounding_set(CAP_SYS_ADMIN);
	out->setuid_in_bounding = in_bounding_set(CAP_SETUID);
	out->setgid_in_bounding = in_bounding_set(CAP_SETGID);
	return 0;
}
