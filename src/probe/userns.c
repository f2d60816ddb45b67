/* userns: create the namespaces the way boundary does (FACTS.md section 1):
 * clone(CLONE_NEWUSER|CLONE_NEWNET), the parent writes uid_map, setgroups
 * "deny" and gid_map as "ID ID 1" (Go's order), and inside the child lo goes
 * up and a veth pair is made (and goes with the namespace). For --no-user-namespace,
 * clone(CLONE_NEWNET) alone. Every step keeps its errno, so the verdict can
 * tell a namespace limit (ENOSPC) from a restriction (EPERM/EACCES) from an
 * id-map refusal.
 *
 * The whole sequence runs in a throwaway child P (a seccomp KILL on clone
 * costs P), which clones the namespaced grandchild G. Both report step
 * records over the same pipe; records are small, so writes are atomic. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "preflight/child.h"
#include "preflight/cleanup.h"
#include "preflight/netlink.h"
#include "preflight/probe.h"

enum step {
	STEP_CLONE,
	STEP_UID_MAP,
	STEP_SETGROUPS,
	STEP_GID_MAP,
	STEP_LO_UP,
	STEP_VETH,
	STEP_NETNS_CLONE,
	STEP_NETNS_VETH,
	STEP_COUNT
};

struct step_record {
	int step;
	int err;
};

static void report(int fd, enum step s, int err)
{
	struct step_record r = {.step = s, .err = err};
	(void)pf_write_all(fd, &r, sizeof r);
}

/* lo is ifindex 1 in every new network namespace. */
#define PF_LOOPBACK_IFINDEX 1

/* Inside the new network namespace: what boundary's child and host side do
 * with links, reduced to the parts that can fail on their own. */
static void exercise_links(int out_fd, enum step lo_step, enum step veth_step)
{
	int nl = pf_nl_open();
	if (nl < 0) {
		if (lo_step != STEP_COUNT)
			report(out_fd, lo_step, -nl);
		report(out_fd, veth_step, -nl);
		return;
	}
	if (lo_step != STEP_COUNT)
		report(out_fd, lo_step, -pf_nl_link_up(nl, PF_LOOPBACK_IFINDEX));
	/* No explicit delete: the pair lives in this throwaway namespace and the
	 * kernel removes it with the namespace when the child exits. Deleting
	 * it here waits for RCU grace periods (tens of ms measured) for nothing. */
	report(out_fd, veth_step, -pf_nl_add_veth(nl, "pf_veth_h", "pf_veth_n"));
	close(nl);
}

static int write_proc(pid_t pid, const char *file, const char *text)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	size_t len = strlen(text);
	ssize_t n = write(fd, text, len);
	if (n < 0)
		return errno;
	return (size_t)n == len ? 0 : EIO;
}

/* Fork-like clone: the raw syscall with no stack returns 0 in the child,
 * as Go's runtime does for SysProcAttr.Cloneflags. */
static pid_t clone_like_fork(unsigned long flags)
{
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

static int userns_child(void *arg, int out_fd)
{
	(void)arg;
	int sync[2];
	if (pipe2(sync, O_CLOEXEC) < 0) {
		report(out_fd, STEP_CLONE, errno);
		return 1;
	}
	uid_t uid = geteuid();
	gid_t gid = getegid();
	pid_t parent = getpid();
	pid_t pid = clone_like_fork(CLONE_NEWUSER | CLONE_NEWNET);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1); /* the parent died before the prctl: nothing to report to */
		close(sync[1]);
		char c;
		/* wait until the parent has written (or failed to write) the maps */
		while (read(sync[0], &c, 1) < 0 && errno == EINTR)
			;
		exercise_links(out_fd, STEP_LO_UP, STEP_VETH);
		_exit(0);
	}
	close(sync[0]);
	if (pid < 0) {
		report(out_fd, STEP_CLONE, errno);
		close(sync[1]);
		return 0;
	}
	report(out_fd, STEP_CLONE, 0);

	char map[64];
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
	report(out_fd, STEP_UID_MAP, write_proc(pid, "uid_map", map));
	report(out_fd, STEP_SETGROUPS, write_proc(pid, "setgroups", "deny"));
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
	report(out_fd, STEP_GID_MAP, write_proc(pid, "gid_map", map));
	close(sync[1]);

	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return 0;
}

static int netns_child(void *arg, int out_fd)
{
	(void)arg;
	pid_t parent = getpid();
	pid_t pid = clone_like_fork(CLONE_NEWNET);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		exercise_links(out_fd, STEP_COUNT, STEP_NETNS_VETH);
		_exit(0);
	}
	report(out_fd, STEP_NETNS_CLONE, pid < 0 ? errno : 0);
	if (pid > 0) {
		int status;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	return 0;
}

static struct pf_attempt *step_slot(struct pf_userns_facts *f, int s)
{
	switch ((enum step)s) {
	case STEP_CLONE: return &f->clone;
	case STEP_UID_MAP: return &f->uid_map;
	case STEP_SETGROUPS: return &f->setgroups;
	case STEP_GID_MAP: return &f->gid_map;
	case STEP_LO_UP: return &f->lo_up;
	case STEP_VETH: return &f->veth;
	case STEP_NETNS_CLONE: return &f->netns_clone;
	case STEP_NETNS_VETH: return &f->netns_veth;
	case STEP_COUNT: break;
	}
	return NULL;
}

/* Record one finished sequence; the first step it never reported gets the
 * child's fate (a SIGSYS on clone, a timeout). */
static void record_sequence(const struct step_record *recs, const struct pf_child_result *res,
			    enum step first, struct pf_userns_facts *out)
{
	size_t n = res->got / sizeof recs[0];
	bool first_reported = false;
	for (size_t i = 0; i < n; i++) {
		struct pf_attempt *a = step_slot(out, recs[i].step);
		if (!a)
			continue;
		a->attempted = true;
		a->err = recs[i].err;
		if (recs[i].step == (int)first)
			first_reported = true;
	}
	if (!first_reported) {
		struct pf_attempt *a = step_slot(out, first);
		a->attempted = true;
		a->signal = res->signal;
		a->timed_out = res->timed_out;
	}
}

void pf_probe_userns_start(const struct pf_probe_ctx *ctx, struct pf_userns_pending *p)
{
	/* The two sequences are independent: run them at once, and let the
	 * caller run other probes while the namespaces are being made. */
	int ms = pf_probe_ms_left(ctx);
	p->userns_started = pf_child_start(userns_child, NULL, ms, &p->userns, &p->userns_res) == 0;
	p->netns_started = pf_child_start(netns_child, NULL, ms, &p->netns, &p->netns_res) == 0;
}

int pf_probe_userns_finish(struct pf_userns_pending *p, struct pf_userns_facts *out, struct pf_probe_run *run)
{
	/* zeroed: only the bytes a child sent are read, but say so to the analyzer */
	struct step_record userns_recs[STEP_COUNT] = {0}, netns_recs[STEP_COUNT] = {0};
	out->euid = (long)geteuid();
	out->mapped_uid = out->euid;
	out->mapped_gid = (long)getegid();
	if (p->userns_started)
		pf_child_finish(&p->userns, userns_recs, sizeof userns_recs, &p->userns_res);
	if (p->netns_started)
		pf_child_finish(&p->netns, netns_recs, sizeof netns_recs, &p->netns_res);
	if (!p->userns_started || !p->netns_started) {
		return pf_probe_fail(run, "fork: %s",
			 strerror(!p->userns_started ? p->userns_res.fork_errno : p->netns_res.fork_errno));
	}
	record_sequence(userns_recs, &p->userns_res, STEP_CLONE, out);
	record_sequence(netns_recs, &p->netns_res, STEP_NETNS_CLONE, out);
	/* Only boundary's default sequence makes the probe itself fail: a hung
	 * network-only clone is a fact (netns_clone.timed_out) that matters
	 * only to --no-user-namespace, where the verdict reads it. */
	if (p->userns_res.timed_out) {
		return pf_probe_fail(run, "timed out creating namespaces");
	}
	return 0;
}

int pf_probe_userns(const struct pf_probe_ctx *ctx, struct pf_userns_facts *out, struct pf_probe_run *run)
{
	struct pf_userns_pending p;
	pf_probe_userns_start(ctx, &p);
	return pf_probe_userns_finish(&p, out, run);
}
