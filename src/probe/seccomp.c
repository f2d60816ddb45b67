/* SPDX-License-Identifier: MIT */
/* seccomp: is a filter active, and does it let boundary's namespace calls
 * through? A filter cannot be read from inside a container (docs/facts.md
 * section 4), so we ask the kernel instead: each oracle is a call with
 * arguments the kernel always rejects itself (docs/facts.md section 3). Seccomp
 * runs first, so the kernel's own errno means "let through", anything else
 * means the filter answered. Nothing can be created by these calls.
 *
 * All oracles run in one child that reports each result as it goes; if a
 * KILL or TRAP action ends the child, the first unreported oracle is the
 * one that killed it, and a new child carries on with the rest. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "preflight/arch.h"
#include "preflight/child.h"
#include "preflight/probe.h"
#include "preflight/procfs.h"
#include "preflight/util.h"

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

enum oracle_id { OR_CLONE_USERNS_NET, OR_CLONE_NET, OR_CLONE3, OR_UNSHARE, OR_SETNS, OR_COUNT };

struct oracle_record {
	int id;
	int err;
};

/* Each call must fail in the kernel's argument checks, before any task or
 * namespace exists: NEWUSER with FS, SIGHAND without VM, a clone3 args size
 * below the first version, an unshare flag never valid there, a bad fd. */
static int call_oracle(enum oracle_id id)
{
	long r = -1;
	errno = 0;
	switch (id) {
	case OR_CLONE_USERNS_NET: r = pf_raw_clone((unsigned long)(CLONE_NEWUSER | CLONE_NEWNET | CLONE_FS)); break;
	case OR_CLONE_NET: r = pf_raw_clone((unsigned long)(CLONE_NEWNET | CLONE_SIGHAND)); break;
	case OR_CLONE3: r = syscall(SYS_clone3, NULL, 0); break;
	case OR_UNSHARE: r = syscall(SYS_unshare, (unsigned long)CLONE_PARENT); break;
	case OR_SETNS: r = syscall(SYS_setns, -1, 0); break;
	case OR_COUNT: break;
	}
	if (r == 0)
		_exit(0); /* cannot happen with these arguments; never run on as a copy */
	return r < 0 ? errno : 0;
}

static int oracle_child(void *arg, int out_fd)
{
	int first = *(const int *)arg;
	for (int id = first; id < OR_COUNT; id++) {
		struct oracle_record rec = { .id = id, .err = call_oracle((enum oracle_id)id) };
		if (pf_write_all(out_fd, &rec, sizeof rec) < 0)
			return 1;
	}
	return 0;
}

static struct pf_oracle *oracle_slot(struct pf_seccomp_facts *f, int id)
{
	switch ((enum oracle_id)id) {
	case OR_CLONE_USERNS_NET: return &f->clone_userns_net;
	case OR_CLONE_NET: return &f->clone_net;
	case OR_CLONE3: return &f->clone3;
	case OR_UNSHARE: return &f->unshare;
	case OR_SETNS: return &f->setns;
	case OR_COUNT: break;
	}
	return NULL;
}

static enum pf_gate classify(const struct pf_oracle *o)
{
	if (o->call.signal == SIGSYS)
		return PF_GATE_KILLED;
	if (!o->call.attempted || o->call.signal || o->call.timed_out)
		return PF_GATE_UNKNOWN;
	if (o->call.err == o->expected_errno)
		return PF_GATE_ALLOWED;
	if (o->call.err == ENOSYS)
		return PF_GATE_NOSYS;
	return PF_GATE_DENIED;
}

static void read_status(const char *root, struct pf_seccomp_facts *out)
{
	char status[PF_READ_MAX];
	char v[32];
	long n;
	if (pf_read_file(root, "/proc/self/status", status, sizeof status) < 0)
		return;
	if (pf_status_field(status, "Seccomp", v, sizeof v) == 0 && pf_parse_long(v, &n) == 0)
		out->mode = (int)n;
	if (pf_status_field(status, "Seccomp_filters", v, sizeof v) == 0 && pf_parse_long(v, &n) == 0)
		out->filters = (int)n;
	if (pf_status_field(status, "NoNewPrivs", v, sizeof v) == 0 && pf_parse_long(v, &n) == 0)
		out->no_new_privs = (int)n;
}

int pf_probe_seccomp(const struct pf_probe_ctx *ctx, struct pf_seccomp_facts *out, struct pf_probe_run *run)
{
	read_status(ctx->root, out);

	int next = 0;
	while (next < OR_COUNT) {
		struct oracle_record recs[OR_COUNT];
		struct pf_child_result res;
		if (pf_child_run(oracle_child, &next, recs, sizeof recs, pf_probe_ms_left(ctx), &res) < 0) {
			return pf_probe_fail(run, "fork: %s", strerror(res.fork_errno));
		}
		size_t n = res.got / sizeof recs[0];
		for (size_t i = 0; i < n; i++) {
			struct pf_oracle *o = oracle_slot(out, recs[i].id);
			if (!o)
				continue;
			o->call.attempted = true;
			o->call.err = recs[i].err;
			o->gate = classify(o);
		}
		next += (int)n;
		if (next >= OR_COUNT)
			break;
		/* the child ended before reporting oracle `next`: that call ended it
		 * when a signal or the deadline did; a plain exit (a failed write)
		 * says nothing about the call */
		struct pf_oracle *o = oracle_slot(out, next);
		o->call.attempted = res.signal || res.timed_out;
		o->call.signal = res.signal;
		o->call.timed_out = res.timed_out;
		o->gate = classify(o);
		if (res.timed_out) {
			return pf_probe_fail(run, "timed out in the %s oracle",
					     next == OR_CLONE3    ? "clone3"
					     : next == OR_UNSHARE ? "unshare"
					     : next == OR_SETNS   ? "setns"
								  : "clone");
		}
		next++;
	}
	return 0;
}
