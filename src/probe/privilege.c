/* privilege probe: can a non-root user get to boundary's nsjail? boundary
 * re-executes itself through sudo and setpriv with --inh-caps
 * +net_admin,+sys_admin, which fails unless both capabilities are in the
 * bounding set (FACTS.md section 1.5). Only looks things up; runs nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#include "preflight/probe.h"

/* What a login shell would use when PATH is unset (Debian's default). */
#define PF_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* First executable regular file called name in a PATH directory. Empty
 * entries (the current directory) are skipped: a preflight must not
 * report a stray ./sudo as the real one. */
static void find_on_path(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = PF_DEFAULT_PATH;
	out[0] = '\0';
	for (const char *p = path; *p;) {
		size_t len = strcspn(p, ":");
		if (len > 0 && p[0] == '/') {
			char cand[512];
			struct stat st;
			int n = snprintf(cand, sizeof cand, "%.*s/%s", (int)len, p, name);
			/* a path that does not fit out cannot be reported: skip it */
			if (n > 0 && (size_t)n < sizeof cand && (size_t)n < size && stat(cand, &st) == 0 &&
			    S_ISREG(st.st_mode) && access(cand, X_OK) == 0) {
				memcpy(out, cand, (size_t)n + 1);
				return;
			}
		}
		p += len;
		if (*p == ':')
			p++;
	}
}

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
	find_on_path("sudo", out->sudo_path, sizeof out->sudo_path);
	find_on_path("setpriv", out->setpriv_path, sizeof out->setpriv_path);
	out->net_admin_in_bounding = in_bounding_set(CAP_NET_ADMIN);
	out->sys_admin_in_bounding = in_bounding_set(CAP_SYS_ADMIN);
	return 0;
}
