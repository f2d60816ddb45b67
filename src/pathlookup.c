/* SPDX-License-Identifier: MIT */
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
