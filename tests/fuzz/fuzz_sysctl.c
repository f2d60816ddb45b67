/* SPDX-License-Identifier: MIT */
/* sysctl values: pf_parse_long on arbitrary text, and the sysctl probe on a
 * tree whose knobs hold the input (read through pf_read_long's 64-byte
 * buffer, so long inputs are cut as in the real probe). */
#include <stdlib.h>

#include "fuzz.h"
#include "preflight/probe.h"
#include "preflight/procfs.h"
#include "preflight/util.h"

static const char *const knobs[] = {
	"proc/sys/user/max_user_namespaces",
	"proc/sys/user/max_net_namespaces",
	"proc/sys/kernel/unprivileged_userns_clone",
	"proc/sys/kernel/apparmor_restrict_unprivileged_userns",
	"proc/sys/net/ipv4/ip_forward",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	long v;
	pf_parse_long(text, &v);
	free(text);

	const char *root = fuzz_scratch_root();
	const uint8_t *seg[5];
	size_t len[5];
	size_t n = fuzz_split(data, size, seg, len, 5);
	for (size_t i = 0; i < 5; i++)
		fuzz_write_file(root, knobs[i], i < n ? seg[i] : data, i < n ? len[i] : size);
	struct pf_probe_ctx ctx = { .root = root, .deadline_us = pf_now_us() + 1000000 };
	struct pf_sysctl_facts facts;
	struct pf_probe_run run = { 0 };
	pf_probe_sysctl(&ctx, &facts, &run);
	return 0;
}
