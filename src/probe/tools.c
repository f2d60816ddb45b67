/* tools probe: boundary shells out to ip, iptables and sysctl (FACTS.md
 * section 1.1), so each must be on PATH. Which iptables backend is in use
 * matters when the container's rules have to coexist with the host's. */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "preflight/pathlookup.h"
#include "preflight/probe.h"

/* Debian's chain is iptables -> /etc/alternatives/iptables ->
 * iptables-nft -> xtables-nft-multi; this is plenty. */
#define PF_MAX_LINK_HOPS 16

static const char *variant_of_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strstr(base, "nft"))
		return "nft";
	if (strstr(base, "legacy"))
		return "legacy";
	return NULL;
}

/* Walk the symlink chain by hand so an alternatives link named
 * iptables-legacy counts even when it ends in a multi-call binary, then
 * look at the final file. */
static const char *iptables_variant(const char *path)
{
	char cur[PATH_MAX];
	const char *v;

	snprintf(cur, sizeof cur, "%s", path);
	for (int hop = 0; hop < PF_MAX_LINK_HOPS; hop++) {
		if ((v = variant_of_name(cur)))
			return v;
		char target[PATH_MAX];
		ssize_t n = readlink(cur, target, sizeof target - 1);
		if (n < 0)
			break;
		target[n] = '\0';
		if (target[0] == '/') {
			snprintf(cur, sizeof cur, "%s", target);
		} else {
			char dir[PATH_MAX];
			memcpy(dir, cur, sizeof dir);
			const char *d = dirname(dir);
			/* d points into dir, never into cur */
			int len = snprintf(cur, sizeof cur, "%s/%s", d, target);
			if (len < 0 || (size_t)len >= sizeof cur)
				break;
		}
	}
	char real[PATH_MAX];
	if (realpath(path, real) && (v = variant_of_name(real)))
		return v;
	return "";
}

int pf_probe_tools(const struct pf_probe_ctx *ctx, struct pf_tools_facts *out, struct pf_probe_run *run)
{
	(void)ctx;
	(void)run;
	pf_find_on_path("ip", out->ip, sizeof out->ip);
	pf_find_on_path("iptables", out->iptables, sizeof out->iptables);
	pf_find_on_path("sysctl", out->sysctl, sizeof out->sysctl);
	snprintf(out->iptables_variant, sizeof out->iptables_variant, "%s",
		 out->iptables[0] ? iptables_variant(out->iptables) : "");
	return 0;
}
