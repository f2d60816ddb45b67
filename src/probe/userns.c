/* SPDX-License-Identifier: MIT */
/* userns: boundary's jail, tried for real in throwaway namespaces
 * (docs/facts.md section 1, docs/design.md "How each step is proven"):
 * clone(CLONE_NEWUSER|CLONE_NEWNET); inside, at once, the veth pair
 * boundary makes first; the parent writes uid_map, setgroups "deny" and
 * gid_map as "ID ID 1" (Go's order); then, inside, what boundary's child
 * does: lo up, 192.168.100.2/24 on its end and both ends up, a default
 * route via 192.168.100.1, and, with the credentials boundary's child has
 * after its exec, what the jail's DNS DNAT rule needs from the found
 * iptables. Everything made lives in the namespace and goes with it.
 * For --no-user-namespace, clone(CLONE_NEWNET) alone and a veth pair; the
 * two modes are never tried at once, so they never race for the last slot
 * of a namespace limit. Every step keeps its errno, so the verdict can tell
 * a namespace limit (ENOSPC, and which one) from a restriction
 * (EPERM/EACCES) from an id-map refusal.
 *
 * The whole sequence runs in a throwaway child P (a seccomp KILL on clone
 * costs P), which clones the namespaced grandchild G. Both report step
 * records over the same pipe; records are small, so writes are atomic. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "preflight/arch.h"
#include "preflight/child.h"
#include "preflight/cleanup.h"
#include "preflight/iptables_proof.h"
#include "preflight/netlink.h"
#include "preflight/pathlookup.h"
#include "preflight/probe.h"
#include "preflight/util.h"

enum step {
	STEP_CLONE,
	STEP_UID_MAP,
	STEP_SETGROUPS,
	STEP_GID_MAP,
	STEP_LO_UP,
	STEP_VETH,
	STEP_NETNS_CLONE,
	STEP_NETNS_VETH,
	STEP_ADDR,
	STEP_ROUTE,
	STEP_JAIL_IPT_LOCK,
	STEP_JAIL_IPT_RAW,
	STEP_JAIL_IPT_TABLE,
	STEP_CLONE_USER_ONLY,
	STEP_COUNT
};

struct step_record {
	int step;
	int err;
};

static void report(int fd, enum step s, int err)
{
	struct step_record r = { .step = s, .err = err };
	(void)pf_write_all(fd, &r, sizeof r);
}

/* lo is ifindex 1 in every new network namespace. */
#define PF_LOOPBACK_IFINDEX 1
/* boundary's addresses (docs/facts.md section 1, point 1 and 3) */
#define PF_JAIL_HOST_ADDR "192.168.100.1"
#define PF_JAIL_CHILD_ADDR "192.168.100.2"
#define PF_JAIL_PREFIX_LEN 24
#define PF_VETH_HOST "pf_veth_h"
#define PF_VETH_JAIL "pf_veth_n"

/* The veth pair, made at once: boundary makes it before anything else, so
 * whether it can exist at all (a kernel without veth, gVisor's netstack)
 * must not hide behind a later step. No explicit delete: the pair lives in
 * this throwaway namespace and goes with it (deleting it waits for RCU
 * grace periods, tens of ms measured, for nothing). */
static void make_veth(int out_fd, enum step veth_step)
{
	int nl = pf_nl_open();
	report(out_fd, veth_step, nl < 0 ? -nl : -pf_nl_add_veth(nl, PF_VETH_HOST, PF_VETH_JAIL));
	if (nl >= 0)
		close(nl);
}

#ifdef PF_TEST_HOOKS
#include <stdlib.h>

/* Test-only build: PF_TEST_JAIL_GATEWAY=ADDR routes the jail through ADDR
 * instead of the host end's address, so the robustness suite can have the
 * kernel refuse the route step (a gateway off every link) and check that
 * the step is tried and its answer reported. */
static const char *jail_gateway(void)
{
	const char *v = getenv("PF_TEST_JAIL_GATEWAY");
	return v && *v ? v : PF_JAIL_HOST_ADDR;
}
#else
static const char *jail_gateway(void)
{
	return PF_JAIL_HOST_ADDR;
}
#endif

/* What boundary's child does with its network, in its order: lo up, the
 * address on its end and the link up (both ends here, so the route has a
 * carrier), the default route via the host end's address. */
static bool configure_jail_links(int out_fd)
{
	int nl = pf_nl_open();
	if (nl < 0) {
		report(out_fd, STEP_LO_UP, -nl);
		return false;
	}
	int err = -pf_nl_link_up(nl, PF_LOOPBACK_IFINDEX);
	report(out_fd, STEP_LO_UP, err);
	if (err == 0) {
		int jail = (int)if_nametoindex(PF_VETH_JAIL);
		int host = (int)if_nametoindex(PF_VETH_HOST);
		struct in_addr addr, gw;
		inet_pton(AF_INET, PF_JAIL_CHILD_ADDR, &addr);
		inet_pton(AF_INET, jail_gateway(), &gw);
		if (jail == 0 || host == 0)
			err = ENODEV;
		else if ((err = -pf_nl_addr_add(nl, jail, addr.s_addr, PF_JAIL_PREFIX_LEN)) == 0 &&
			 (err = -pf_nl_link_up(nl, host)) == 0)
			err = -pf_nl_link_up(nl, jail);
		report(out_fd, STEP_ADDR, err);
		if (err == 0) {
			err = -pf_nl_route_add_default(nl, jail, gw.s_addr);
			report(out_fd, STEP_ROUTE, err);
		}
	}
	close(nl);
	return err == 0;
}

/* boundary's child is an exec'd program: as root (uid 0 mapped to itself)
 * it holds every capability in its user namespace; as any other uid only
 * the ambient CAP_NET_ADMIN survives the exec (capabilities(7),
 * "Transformation of capabilities during execve()").
 * What the jail's DNS DNAT rule needs from the found iptables, proven with
 * those credentials (PF_CAPS_EXACTLY) in the jail's own (throwaway)
 * namespace. */
static void prove_jail_iptables(int out_fd, const char *variant)
{
	struct pf_iptables_proof proof;
	int err = pf_caps_narrow(1u << CAP_NET_ADMIN, PF_CAPS_EXACTLY);
	if (err) {
		report(out_fd, STEP_JAIL_IPT_TABLE, err);
		return;
	}
	pf_iptables_prove(variant, &proof);
	if (proof.lock.attempted)
		report(out_fd, STEP_JAIL_IPT_LOCK, proof.lock.err);
	if (proof.raw_socket.attempted)
		report(out_fd, STEP_JAIL_IPT_RAW, proof.raw_socket.err);
	if (proof.nat_table.attempted)
		report(out_fd, STEP_JAIL_IPT_TABLE, proof.nat_table.err);
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
	return (pid_t)pf_raw_clone(flags | SIGCHLD);
}

/* The found iptables' variant, looked up by the parent before the fork:
 * "" when there is no iptables on PATH (TOOL_MISSING says that). */
struct userns_args {
	char variant[16];
};

static int userns_child(void *arg, int out_fd)
{
	const struct userns_args *args = arg;
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
		make_veth(out_fd, STEP_VETH);
		char c;
		/* wait until the parent has written (or failed to write) the maps */
		while (read(sync[0], &c, 1) < 0 && errno == EINTR)
			;
		if (configure_jail_links(out_fd) && args->variant[0])
			prove_jail_iptables(out_fd, args->variant);
		_exit(0);
	}
	close(sync[0]);
	if (pid < 0) {
		int err = errno;
		report(out_fd, STEP_CLONE, err);
		close(sync[1]);
		/* Both limits answer ENOSPC: a user namespace alone tells which. */
		if (err == ENOSPC) {
			pid_t alone = clone_like_fork(CLONE_NEWUSER);
			if (alone == 0)
				_exit(0);
			report(out_fd, STEP_CLONE_USER_ONLY, alone < 0 ? errno : 0);
			if (alone > 0)
				while (waitpid(alone, NULL, 0) < 0 && errno == EINTR)
					;
		}
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

#ifdef PF_TEST_HOOKS
#include <stdlib.h>

/* Test-only build (boundary-preflight-testhooks, which compiles this file
 * itself): PF_TEST_HANG_NETNS_CLONE=1 makes the network-only clone never
 * return, so the robustness suite can check that it alone is lost at the
 * deadline. The library, and so the shipped binary, has no such hook. */
static void hang_netns_clone_if_asked(void)
{
	const char *v = getenv("PF_TEST_HANG_NETNS_CLONE");
	if (v && strcmp(v, "1") == 0)
		for (;;)
			pause();
}
#else
static void hang_netns_clone_if_asked(void)
{
}
#endif

static int netns_child(void *arg, int out_fd)
{
	(void)arg;
	hang_netns_clone_if_asked();
	pid_t parent = getpid();
	pid_t pid = clone_like_fork(CLONE_NEWNET);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		make_veth(out_fd, STEP_NETNS_VETH);
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
	case STEP_ADDR: return &f->addr;
	case STEP_ROUTE: return &f->route;
	case STEP_JAIL_IPT_LOCK: return &f->jail_iptables.lock;
	case STEP_JAIL_IPT_RAW: return &f->jail_iptables.raw_socket;
	case STEP_JAIL_IPT_TABLE: return &f->jail_iptables.nat_table;
	case STEP_CLONE_USER_ONLY: return &f->clone_user_only;
	case STEP_COUNT: break;
	}
	return NULL;
}

/* Record one finished sequence; the first step it never reported gets the
 * child's fate (a SIGSYS on clone, a timeout). */
static void record_sequence(const struct step_record *recs, const struct pf_child_result *res, enum step first,
			    struct pf_userns_facts *out)
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
	/* Only the mode boundary will use is tried: the two modes at once would
	 * race for the last free slot of a namespace limit. The caller runs
	 * other probes while the namespaces are being made. */
	int ms = pf_probe_ms_left(ctx);
	struct userns_args args;
	memset(&args, 0, sizeof args);
	char iptables[256];
	pf_find_on_path("iptables", iptables, sizeof iptables);
	if (iptables[0])
		snprintf(args.variant, sizeof args.variant, "%s",
			 strcmp(pf_iptables_variant(iptables), "legacy") == 0 ? "legacy" : "nft");
	memcpy(p->variant, args.variant, sizeof p->variant);
	p->user_namespace = ctx->user_namespace;
	p->userns_started = p->netns_started = false;
	if (ctx->user_namespace)
		p->userns_started = pf_child_start(userns_child, &args, ms, &p->userns, &p->userns_res) == 0;
	else
		p->netns_started = pf_child_start(netns_child, NULL, ms, &p->netns, &p->netns_res) == 0;
}

int pf_probe_userns_finish(struct pf_userns_pending *p, struct pf_userns_facts *out, struct pf_probe_run *run)
{
	/* zeroed: only the bytes a child sent are read, but say so to the analyzer */
	struct step_record userns_recs[STEP_COUNT] = { 0 }, netns_recs[STEP_COUNT] = { 0 };
	out->euid = (long)geteuid();
	out->mapped_uid = out->euid;
	out->mapped_gid = (long)getegid();
	if (p->user_namespace) {
		if (!p->userns_started)
			return pf_probe_fail(run, "fork: %s", strerror(p->userns_res.fork_errno));
		pf_child_finish(&p->userns, userns_recs, sizeof userns_recs, &p->userns_res);
		record_sequence(userns_recs, &p->userns_res, STEP_CLONE, out);
		if (out->jail_iptables.lock.attempted || out->jail_iptables.raw_socket.attempted ||
		    out->jail_iptables.nat_table.attempted) {
			out->jail_iptables.attempted = true;
			memcpy(out->jail_iptables.variant, p->variant, sizeof out->jail_iptables.variant);
		}
		if (p->userns_res.timed_out)
			return pf_probe_fail(run, "timed out creating namespaces");
		return 0;
	}
	if (!p->netns_started)
		return pf_probe_fail(run, "fork: %s", strerror(p->netns_res.fork_errno));
	pf_child_finish(&p->netns, netns_recs, sizeof netns_recs, &p->netns_res);
	record_sequence(netns_recs, &p->netns_res, STEP_NETNS_CLONE, out);
	if (p->netns_res.timed_out)
		return pf_probe_fail(run, "timed out creating a network namespace");
	return 0;
}
