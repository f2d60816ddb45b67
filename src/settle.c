/* SPDX-License-Identifier: MIT */
/* See include/preflight/settle.h. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "preflight/arch.h"
#include "preflight/child.h"
#include "preflight/settle.h"
#include "preflight/util.h"

/* Measured here (kernel 6.18, two loaded cores): a user+network namespace
 * stops counting 35-70 ms after its last process is reaped. Twice the
 * worst seen covers the network namespace where no test can see it. */
#define PF_NET_RELEASE_GRACE_MS 150
/* A limit this small may be the tight one; larger visible limits leave
 * room for the probe's namespace and boundary's. */
#define PF_SMALL_LIMIT 1024
#define PF_POLL_US 2000

/* chroot puts the process outside its mount namespace's root, so
 * create_user_ns refuses it with EPERM right after taking the slot, and
 * gives it back before returning; ENOSPC means the limit check itself
 * failed. Needs CAP_SYS_CHROOT; in a throwaway child. */
static int slot_child(void *arg, int out_fd)
{
	(void)arg;
	int answer = PF_SLOT_UNTESTABLE;
	if (chroot("/proc/self/fd") == 0 || chroot("/dev") == 0) {
		long pid = pf_raw_clone(CLONE_NEWUSER | CLONE_NEWNET | SIGCHLD);
		if (pid == 0)
			_exit(0); /* not chrooted after all: the slot was taken, it is ours now */
		if (pid > 0) {
			while (waitpid((pid_t)pid, NULL, 0) < 0 && errno == EINTR)
				;
		} else if (errno == EPERM) {
			answer = PF_SLOT_FREE;
		} else if (errno == ENOSPC) {
			answer = PF_SLOT_FULL;
		}
	}
	return pf_write_all(out_fd, &answer, sizeof answer) == 0 ? 0 : 1;
}

enum pf_slot pf_user_slot(int timeout_ms)
{
	int answer = PF_SLOT_UNTESTABLE;
	struct pf_child_result res;
	if (pf_child_run(slot_child, NULL, &answer, sizeof answer, timeout_ms, &res) < 0 || res.got != sizeof answer)
		return PF_SLOT_UNTESTABLE;
	return (enum pf_slot)answer;
}

static bool made_namespaces(const struct pf_facts *f)
{
	const struct pf_userns_facts *u = &f->userns;
	return (u->clone.attempted && !u->clone.err && !u->clone.signal) ||
	       (u->netns_clone.attempted && !u->netns_clone.err && !u->netns_clone.signal);
}

static bool limit_may_be_tight(long visible, enum pf_tri initial_userns)
{
	/* in a nested user namespace an ancestor's limit is not visible */
	return initial_userns != PF_YES || (visible >= 0 && visible < PF_SMALL_LIMIT);
}

int pf_settle_namespaces(const struct pf_facts *f, int timeout_ms)
{
	if (!made_namespaces(f))
		return 0;
	uint64_t start = pf_now_us();
	uint64_t deadline = start + (uint64_t)timeout_ms * 1000;
	bool user_ns = f->userns.clone.attempted && !f->userns.clone.err;
	if (user_ns) {
		while (pf_user_slot(timeout_ms) == PF_SLOT_FULL && pf_now_us() < deadline)
			usleep(PF_POLL_US);
	}
	if (limit_may_be_tight(f->sysctl.max_net_namespaces, f->runtime.user_ns_initial) ||
	    (!user_ns && limit_may_be_tight(f->sysctl.max_user_namespaces, f->runtime.user_ns_initial))) {
		uint64_t until = start + (uint64_t)PF_NET_RELEASE_GRACE_MS * 1000;
		if (until > deadline)
			until = deadline;
		uint64_t now = pf_now_us();
		if (now < until) {
			struct timespec ts = { .tv_sec = (time_t)((until - now) / 1000000),
					       .tv_nsec = (long)((until - now) % 1000000) * 1000 };
			while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
		}
	}
	return (int)((pf_now_us() - start) / 1000);
}
