/* SPDX-License-Identifier: MIT */
/* The seccomp profile reader behind `seccomp-profile --base`: any bytes
 * through jansson, then the shape check and the patch; a profile that was
 * patched once must be left alone the second time. */
#include <stdlib.h>

#include <jansson.h>

#include "fuzz.h"
#include "preflight/seccomp_profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *profile = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (!profile)
		return 0;
	struct pf_error e = { 0 };
	int added = pf_seccomp_profile_patch(profile, &e);
	if (added >= 0) {
		if (pf_seccomp_profile_patch(profile, &e) != 0)
			abort(); /* not idempotent */
		char *text = json_dumps(profile, JSON_INDENT(2));
		free(text);
	}
	json_decref(profile);
	return 0;
}
