/* SPDX-License-Identifier: MIT */
/* Run a function in a throwaway child: every syscall that seccomp could
 * answer with KILL or TRAP runs here, so a SIGSYS costs a child, not the
 * tool. The child reports over a pipe; the parent enforces a deadline and
 * always reaps. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct pf_child_result {
	bool started;   /* fork succeeded */
	int fork_errno; /* why it did not */
	bool exited;    /* exited normally ... */
	int exit_code;  /* ... with this status */
	int signal;     /* or was killed by this signal (SIGSYS = seccomp) */
	bool timed_out; /* killed by us at the deadline */
	size_t got;     /* bytes of result received before the child ended */
};

/* The child body: write results to out_fd (write(2), complete records),
 * return the exit status. Runs in a forked copy of the tool: it must not
 * touch stdio buffers of the parent or return into the caller. */
typedef int (*pf_child_fn)(void *arg, int out_fd);

/* Fork, run fn(arg, fd) in the child, collect up to out_size bytes into
 * out, wait at most timeout_ms for the child to finish (then SIGKILL it)
 * and reap it. Returns 0 when the child was started (see res for how it
 * ended), -1 with res->fork_errno when it could not be. */
int pf_child_run(pf_child_fn fn, void *arg, void *out, size_t out_size, int timeout_ms, struct pf_child_result *res);

/* The same in two halves, so independent children can run at once: start
 * forks and returns; finish collects the result and reaps. Every started
 * child must be finished. */
struct pf_child {
	pid_t pid;
	int read_fd;
	uint64_t deadline_us;
};
int pf_child_start(pf_child_fn fn, void *arg, int timeout_ms, struct pf_child *c, struct pf_child_result *res);
void pf_child_finish(struct pf_child *c, void *out, size_t out_size, struct pf_child_result *res);

/* Inside a child: narrow its capabilities to the credentials the process it
 * stands in for would have. keep is a mask of (1u << CAP_x), CAP_x < 32.
 * Root (euid 0) keeps everything. Otherwise:
 *   PF_CAPS_EXACTLY: effective, permitted and inheritable become exactly
 *     keep, as after an exec with keep ambient (capabilities(7),
 *     "Transformation of capabilities during execve()"); fails (EPERM)
 *     when keep is not all permitted;
 *   PF_CAPS_AT_MOST: each set keeps only what it has of keep, and the
 *     ambient set is cleared, as after sudo + setpriv.
 * Returns 0 or the errno of the failed capget/capset. */
enum pf_caps_narrow { PF_CAPS_EXACTLY, PF_CAPS_AT_MOST };
int pf_caps_narrow(uint32_t keep, enum pf_caps_narrow how);
