/* SPDX-License-Identifier: MIT */
/* Run every probe, in the order of docs/design.md ("Probes"), each timed
 * and each under a share of the total budget so one hung probe cannot starve the rest. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "preflight/child.h"
#include "preflight/probe.h"
#include "preflight/probes.h"
#include "preflight/util.h"

#ifdef PF_TEST_HOOKS
#include <stdlib.h>
#include <unistd.h>

/* Test-only build (boundary-preflight-testhooks): PF_TEST_HANG_PROBE=NAME
 * replaces that probe by a child that never answers, so the robustness
 * suite can check that the deadline holds and the rest of the report stays
 * intact. The shipped binary has no such hook. */
static int hang_child(void *arg, int out_fd)
{
	(void)arg;
	(void)out_fd;
	for (;;)
		pause();
	return 0; /* not reached */
}

static bool hang_requested(enum pf_probe_id id, const struct pf_probe_ctx *ctx, struct pf_probe_run *run)
{
	const char *name = getenv("PF_TEST_HANG_PROBE");
	if (!name || strcmp(name, pf_probe_name(id)) != 0)
		return false;
	struct pf_child_result res;
	char none;
	pf_child_run(hang_child, NULL, &none, sizeof none, pf_probe_ms_left(ctx), &res);
	pf_probe_fail(run, "%s", res.timed_out ? "timed out (test hook)" : "test hook child ended");
	return true;
}
#else
static bool hang_requested(enum pf_probe_id id, const struct pf_probe_ctx *ctx, struct pf_probe_run *run)
{
	(void)id;
	(void)ctx;
	(void)run;
	return false;
}
#endif

/* A probe that hangs may use at most this share of the total budget. */
#define PF_PROBE_SHARE_DIVISOR 3

void pf_probe_all(const struct pf_options *opts, struct pf_facts *f)
{
	uint64_t start = pf_now_us();
	uint64_t budget_us = (uint64_t)(opts->timeout_ms > 0 ? opts->timeout_ms : PF_DEFAULT_TIMEOUT_MS) * 1000;
	uint64_t end = start + budget_us;
	uint64_t share = budget_us / PF_PROBE_SHARE_DIVISOR;
	const char *root = opts->root ? opts->root : "/";

	/* The namespace probe is the slowest by far (docs/design.md "Targets":
	 * the floor is one user+network namespace): start it first, run everything else while
	 * the kernel makes the namespaces, then collect it. */
	struct pf_probe_ctx userns_ctx = {
		.root = root,
		.deadline_us = start + share < end ? start + share : end,
		.user_namespace = opts->user_namespace,
	};
	struct pf_userns_pending userns;
	bool userns_early = !hang_requested(PF_PROBE_USERNS, &userns_ctx, &f->run[PF_PROBE_USERNS]);
	if (userns_early)
		pf_probe_userns_start(&userns_ctx, &userns);
	f->run[PF_PROBE_USERNS].ran = true;

	for (int id = 0; id < PF_PROBE_COUNT; id++) {
		if (id == PF_PROBE_USERNS)
			continue;
		uint64_t now = pf_now_us();
		struct pf_probe_ctx ctx = {
			.root = root,
			.deadline_us = now + share < end ? now + share : end,
			.user_namespace = opts->user_namespace,
		};
		struct pf_probe_run *run = &f->run[id];
		run->ran = true;
		if (hang_requested((enum pf_probe_id)id, &ctx, run)) {
			run->duration_us = pf_now_us() - now;
			continue;
		}
		switch ((enum pf_probe_id)id) {
		case PF_PROBE_CAPABILITIES: pf_probe_capabilities(&ctx, &f->caps, run); break;
		case PF_PROBE_NETADMIN: pf_probe_netadmin(&ctx, &f->netadmin, run); break;
		case PF_PROBE_SECCOMP: pf_probe_seccomp(&ctx, &f->seccomp, run); break;
		case PF_PROBE_SYSCTL: pf_probe_sysctl(&ctx, &f->sysctl, run); break;
		case PF_PROBE_RUNTIME: pf_probe_runtime(&ctx, &f->runtime, run); break;
		case PF_PROBE_LSM: pf_probe_lsm(&ctx, &f->lsm, run); break;
		case PF_PROBE_PRIVILEGE: pf_probe_privilege(&ctx, &f->privilege, run); break;
		case PF_PROBE_TOOLS: pf_probe_tools(&ctx, &f->tools, run); break;
		case PF_PROBE_LANDLOCK: pf_probe_landlock(&ctx, &f->landlock, run); break;
		case PF_PROBE_KERNEL: pf_probe_kernel(&ctx, &f->kernel, run); break;
		case PF_PROBE_USERNS:
		case PF_PROBE_COUNT: break;
		}
		run->duration_us = pf_now_us() - now;
	}
	if (userns_early)
		pf_probe_userns_finish(&userns, &f->userns, &f->run[PF_PROBE_USERNS]);
	/* overlapping the others: the time from its start to its result */
	f->run[PF_PROBE_USERNS].duration_us = pf_now_us() - start;
}
