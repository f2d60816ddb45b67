/* Throwaway children. The parent reads the child's result from a pipe until
 * EOF or the deadline, then reaps: SIGKILL at the deadline, so a hung probe
 * costs its time budget and nothing more. */
#include <errno.h>
#include <fcntl.h>
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
#include "preflight/probe.h"

int pf_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int ms_until(uint64_t deadline_us)
{
	uint64_t now = pf_now_us();
	if (now >= deadline_us)
		return 0;
	uint64_t ms = (deadline_us - now + 999) / 1000;
	return ms > 60000000 ? 60000000 : (int)ms;
}

static void record_status(struct pf_child_result *res, int status)
{
	if (WIFEXITED(status)) {
		res->exited = true;
		res->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		res->signal = WTERMSIG(status);
	}
}

/* Wait for pid until the deadline; kill it then. Always reaps. */
static void reap(pid_t pid, uint64_t deadline_us, struct pf_child_result *res)
{
	int status;
	long sleep_ns = 20000;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG | __WALL);
		if (r == pid) {
			record_status(res, status);
			return;
		}
		if (r < 0 && errno != EINTR)
			return; /* not our child any more: nothing to reap */
		if (pf_now_us() >= deadline_us)
			break;
		struct timespec ts = {0, sleep_ns};
		nanosleep(&ts, NULL);
		if (sleep_ns < 2000000)
			sleep_ns *= 2;
	}
	res->timed_out = true;
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR)
		;
	/* the status is SIGKILL from us: keep timed_out, not a signal fact */
}

int pf_child_run(pf_child_fn fn, void *arg, void *out, size_t out_size,
		 int timeout_ms, struct pf_child_result *res)
{
	memset(res, 0, sizeof *res);
	uint64_t deadline = pf_now_us() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 1) * 1000;
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		res->fork_errno = errno;
		return -1;
	}
	_cleanup_close_ int rd = fds[0];
	_cleanup_close_ int wr = fds[1];

	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		res->fork_errno = errno;
		return -1;
	}
	if (pid == 0) {
		/* the child never outlives the tool */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		close(rd);
		_exit(fn(arg, wr));
	}
	res->started = true;
	close(wr);
	wr = -1;

	char *dst = out;
	for (;;) {
		int left = ms_until(deadline);
		if (left == 0)
			break;
		struct pollfd p = {.fd = rd, .events = POLLIN};
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
	reap(pid, deadline, res);
	return 0;
}
