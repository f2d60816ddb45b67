/* SPDX-License-Identifier: MIT */
/* landlock probe: the Landlock ABI, because boundary's landjail needs ABI 4
 * (network rules, docs/facts.md section 1.6) and works without any capability.
 * The version query is a syscall seccomp may not know, so it runs in a
 * throwaway child: a KILL action costs the child, not the tool. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "preflight/child.h"
#include "preflight/probe.h"
#include "preflight/util.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444 /* the same number on every architecture */
#endif
#define PF_LANDLOCK_CREATE_RULESET_VERSION (1U << 0)

struct landlock_answer {
	long ret;
	int err;
};

static int query_abi(void *arg, int out_fd)
{
	(void)arg;
	struct landlock_answer a;
	memset(&a, 0, sizeof a); /* padding goes over the pipe too */
	a.ret = syscall(SYS_landlock_create_ruleset, NULL, 0, PF_LANDLOCK_CREATE_RULESET_VERSION);
	a.err = a.ret < 0 ? errno : 0;
	return pf_write_all(out_fd, &a, sizeof a) < 0 ? 1 : 0;
}

int pf_probe_landlock(const struct pf_probe_ctx *ctx, struct pf_landlock_facts *out, struct pf_probe_run *run)
{
	struct landlock_answer a;
	struct pf_child_result res;

	memset(&a, 0, sizeof a);
	out->abi = -1;
	out->err = 0;
	if (pf_child_run(query_abi, NULL, &a, sizeof a, pf_probe_ms_left(ctx), &res) < 0) {
		return pf_probe_fail(run, "fork: %s", strerror(res.fork_errno));
	}
	if (res.timed_out) {
		return pf_probe_fail(run, "timed out in the Landlock version query");
	}
	if (res.signal == SIGSYS) {
		/* seccomp killed the query: Landlock is as unusable as absent */
		out->err = ENOSYS;
		return 0;
	}
	if (res.got != sizeof a) {
		return pf_probe_fail(run, "the Landlock query child ended without an answer");
	}
	if (a.ret >= 0)
		out->abi = (int)a.ret;
	else
		out->err = a.err;
	return 0;
}
