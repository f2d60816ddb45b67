/* SPDX-License-Identifier: MIT */
/* Throwaway children. The parent reads the child's result from a pipe until
 * EOF or the deadline, then reaps: SIGKILL at the deadline, so a hung probe
 * costs its time budget and nothing more. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "preflight/child.h"
#include "preflight/cleanup.h"
#include "preflight/util.h"

/* the longest wait a child is given: far beyond any probe's share */
#define PF_CHILD_MS_MAX 60000000

static void record_status(struct pf_child_result *res, int status)
{
	if (WIFEXITED(status)) {
		res->exited = true;
		res->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		res->signal = WTERMSIG(status);
	}
}

/* Wait for pid until the deadline; kill it then. Always reaps. SIGCHLD is
 * blocked meanwhile, so sigtimedwait wakes us the moment a child ends
 * instead of a polling loop guessing when. */
static void reap(pid_t pid, uint64_t deadline_us, struct pf_child_result *res)
{
	int status;
	sigset_t chld, saved_mask;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &saved_mask);
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG | __WALL);
		if (r == pid) {
			record_status(res, status);
			goto out;
		}
		if (r < 0 && errno != EINTR)
			goto out; /* not our child any more: nothing to reap */
		uint64_t now = pf_now_us();
		if (now >= deadline_us)
			break;
		uint64_t left = deadline_us - now;
		struct timespec ts = { (time_t)(left / 1000000u), (long)(left % 1000000u) * 1000 };
		/* a SIGCHLD of another child (or a stale one) only costs a loop */
		(void)sigtimedwait(&chld, NULL, &ts);
	}
	res->timed_out = true;
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR)
		;
	/* the status is SIGKILL from us: keep timed_out, not a signal fact */
out:
	/* a SIGCHLD left pending is discarded when unblocked (default: ignore) */
	sigprocmask(SIG_SETMASK, &saved_mask, NULL);
}

int pf_child_start(pf_child_fn fn, void *arg, int timeout_ms, struct pf_child *c, struct pf_child_result *res)
{
	memset(res, 0, sizeof *res);
	c->pid = -1;
	c->read_fd = -1;
	c->deadline_us = pf_now_us() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 1) * 1000;
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		res->fork_errno = errno;
		return -1;
	}
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		res->fork_errno = errno;
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		/* the child never outlives the tool */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		close(fds[0]);
		_exit(fn(arg, fds[1]));
	}
	close(fds[1]);
	res->started = true;
	c->pid = pid;
	c->read_fd = fds[0];
	return 0;
}

void pf_child_finish(struct pf_child *c, void *out, size_t out_size, struct pf_child_result *res)
{
	if (c->pid < 0)
		return;
	_cleanup_close_ int rd = pf_steal_fd(&c->read_fd);
	char *dst = out;
	for (;;) {
		/* past the deadline still take what is already there: a child
		 * started early may have finished long before it is collected */
		int left = pf_ms_until(c->deadline_us, PF_CHILD_MS_MAX);
		struct pollfd p = { .fd = rd, .events = POLLIN };
		int pr = poll(&p, 1, left);
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pr == 0)
			break;
		char scratch[256];
		char *into = res->got < out_size ? dst + res->got : scratch;
		size_t room = res->got < out_size ? out_size - res->got : sizeof scratch;
		ssize_t n = read(rd, into, room);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			break;
		}
		if (n == 0)
			break; /* EOF: the child (and anything it forked) closed the pipe */
		if (res->got < out_size)
			res->got += (size_t)n;
	}
	reap(c->pid, c->deadline_us, res);
	c->pid = -1;
}

int pf_child_run(pf_child_fn fn, void *arg, void *out, size_t out_size, int timeout_ms, struct pf_child_result *res)
{
	struct pf_child c;
	if (pf_child_start(fn, arg, timeout_ms, &c, res) < 0)
		return -1;
	pf_child_finish(&c, out, out_size, res);
	return 0;
}

int pf_caps_narrow(uint32_t keep, enum pf_caps_narrow how)
{
	if (geteuid() == 0)
		return 0;
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof data);
	if (how == PF_CAPS_EXACTLY) {
		data[0].effective = data[0].permitted = data[0].inheritable = keep;
	} else {
		if (syscall(SYS_capget, &hdr, data) < 0)
			return errno;
		data[0].effective &= keep;
		data[0].permitted &= keep;
		data[0].inheritable &= keep;
		data[1].effective = data[1].permitted = data[1].inheritable = 0;
		(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	}
	if (syscall(SYS_capset, &hdr, data) < 0)
		return errno;
	return 0;
}
