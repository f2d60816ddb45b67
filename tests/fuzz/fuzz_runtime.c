/* SPDX-License-Identifier: MIT */
/* mountinfo, cgroup, uid_map and the other files the runtime and lsm probes
 * parse (src/probe/runtime.c, lsm.c). The input is split at "\n@@\n" into
 * the files below, in order, written under a scratch root; the probes then
 * read that root as they read a captured tree with --root. */
#include <string.h>

#include "fuzz.h"
#include "preflight/probe.h"
#include "preflight/util.h"

static const char *const files[] = {
	"proc/self/mountinfo",
	"proc/self/cgroup",
	"proc/self/uid_map",
	"proc/self/status",
	"proc/1/environ",
	"proc/cpuinfo",
	"proc/version",
	"run/.containerenv",
	"run/host/container-manager",
	"run/systemd/container",
	"proc/sys/kernel/osrelease",
	"etc/hostname",
	"proc/self/attr/current",
	"sys/module/apparmor/parameters/enabled",
};
#define N_FILES (sizeof files / sizeof files[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *root = fuzz_scratch_root();
	const uint8_t *seg[N_FILES];
	size_t len[N_FILES];
	size_t n = fuzz_split(data, size, seg, len, N_FILES);
	for (size_t i = 0; i < N_FILES; i++)
		fuzz_write_file(root, files[i], i < n ? seg[i] : (const uint8_t *)"", i < n ? len[i] : 0);

	struct pf_probe_ctx ctx = { .root = root, .deadline_us = pf_now_us() + 1000000 };
	struct pf_runtime_facts rt;
	struct pf_lsm_facts lsm;
	struct pf_probe_run run;
	memset(&rt, 0, sizeof rt);
	memset(&run, 0, sizeof run);
	pf_probe_runtime(&ctx, &rt, &run);
	memset(&lsm, 0, sizeof lsm);
	memset(&run, 0, sizeof run);
	pf_probe_lsm(&ctx, &lsm, &run);
	return 0;
}
