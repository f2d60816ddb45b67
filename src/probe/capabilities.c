/* SPDX-License-Identifier: MIT */
/* capabilities: the five capability sets of this process, euid and
 * NoNewPrivs. libcap reads the live sets (capget); the bounding and ambient
 * sets come from prctl through libcap. Nothing is decided here. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "preflight/probe.h"

/* Collect one flag of a cap_t into a bit mask. */
static uint64_t cap_set_mask(cap_t caps, cap_flag_t flag)
{
	uint64_t mask = 0;
	for (cap_value_t c = 0; c < 64 && c < cap_max_bits(); c++) {
		cap_flag_value_t v = CAP_CLEAR;
		if (cap_get_flag(caps, c, flag, &v) == 0 && v == CAP_SET)
			mask |= PF_CAP_BIT(c);
	}
	return mask;
}

int pf_probe_capabilities(const struct pf_probe_ctx *ctx, struct pf_caps_facts *out, struct pf_probe_run *run)
{
	(void)ctx; /* live: the capability sets belong to this process */
	out->euid = (long)geteuid();
	out->egid = (long)getegid();
	int nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	out->no_new_privs = nnp < 0 ? -1 : nnp;

	cap_t caps = cap_get_proc();
	if (!caps) {
		return pf_probe_fail(run, "cap_get_proc: %s", strerror(errno));
	}
	out->effective = cap_set_mask(caps, CAP_EFFECTIVE);
	out->permitted = cap_set_mask(caps, CAP_PERMITTED);
	out->inheritable = cap_set_mask(caps, CAP_INHERITABLE);
	cap_free(caps);

	out->bounding = 0;
	out->ambient = 0;
	/* cap_get_bound/ambient answer -1 for capabilities the kernel lacks */
	for (cap_value_t c = 0; c < 64 && c < cap_max_bits(); c++) {
		if (cap_get_bound(c) > 0)
			out->bounding |= PF_CAP_BIT(c);
		if (CAP_AMBIENT_SUPPORTED() && cap_get_ambient(c) > 0)
			out->ambient |= PF_CAP_BIT(c);
	}
	out->read_ok = true;
	return 0;
}
