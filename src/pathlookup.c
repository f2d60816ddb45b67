/* SPDX-License-Identifier: MIT */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "preflight/pathlookup.h"

void pf_find_on_path(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");
	if (size == 0)
		return;
	out[0] = '\0';
	if (!path)
		return; /* Go's LookPath finds nothing without PATH, nor will boundary */
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
const char *pf_iptables_variant(const char *path)
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
