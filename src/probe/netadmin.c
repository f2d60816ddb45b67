/* SPDX-License-Identifier: MIT */
/* netadmin: is CAP_NET_ADMIN effective in *this* network namespace?
 * rtnetlink checks the capability for every non-GET request before it looks
 * at the request (docs/facts.md section 4), so deleting an ifindex that cannot
 * exist answers EPERM without the capability and ENODEV with it. Nothing is
 * created or changed. The socket work runs in a throwaway child in case a
 * filter kills it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "preflight/child.h"
#include "preflight/cleanup.h"
#include "preflight/netlink.h"
#include "preflight/probe.h"
#include "preflight/util.h"

/* No interface ever gets this index: the kernel allocates them upward from 1. */
#define PF_NONEXISTENT_IFINDEX INT_MAX

/* What the child saw: the socket's own failure is not the oracle's answer. */
struct dellink_record {
	int sent; /* 1: the request reached rtnetlink and err is its answer */
	int err;
	int owned_here; /* enum pf_tri */
	int owner_err;
};

/* Who owns this network namespace: the capability sets count over it only
 * through its owning user namespace, so CAP_NET_ADMIN in CapEff means
 * nothing here when an ancestor owns it (rootless --network=host). The
 * ioctl answers EPERM when the owner is outside this process's user
 * namespace (ioctl_ns(2)): PF_NO means exactly that, an ancestor owns it.
 * Live: these are this process's namespaces. */
static void netns_owner(struct dellink_record *out)
{
	_cleanup_close_ int net = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (net < 0) {
		out->owner_err = errno;
		return;
	}
	_cleanup_close_ int owner = ioctl(net, NS_GET_USERNS);
	if (owner < 0) {
		out->owner_err = errno;
		if (errno == EPERM)
			out->owned_here = PF_NO;
		return;
	}
	struct stat own, theirs;
	if (stat("/proc/self/ns/user", &own) < 0 || fstat(owner, &theirs) < 0) {
		out->owner_err = errno;
		return;
	}
	/* a visible owner other than our own is a descendant: not "ancestor" */
	if (own.st_ino == theirs.st_ino && own.st_dev == theirs.st_dev)
		out->owned_here = PF_YES;
}

static int dellink_child(void *arg, int out_fd)
{
	(void)arg;
	struct dellink_record rec = { .owned_here = PF_UNKNOWN };
	netns_owner(&rec);
	int fd = pf_nl_open();
	if (fd < 0) {
		rec.err = -fd;
	} else {
		rec.sent = 1;
		rec.err = -pf_nl_dellink(fd, PF_NONEXISTENT_IFINDEX);
	}
	return pf_write_all(out_fd, &rec, sizeof rec) == 0 ? 0 : 1;
}

int pf_probe_netadmin(const struct pf_probe_ctx *ctx, struct pf_netadmin_facts *out, struct pf_probe_run *run)
{
	struct dellink_record rec = { 0 };
	struct pf_child_result res;
	out->net_admin_here = PF_UNKNOWN;
	if (pf_child_run(dellink_child, NULL, &rec, sizeof rec, pf_probe_ms_left(ctx), &res) < 0) {
		return pf_probe_fail(run, "fork: %s", strerror(res.fork_errno));
	}
	out->dellink.attempted = true;
	out->dellink.signal = res.signal;
	out->dellink.timed_out = res.timed_out;
	if (res.got != sizeof rec) {
		if (res.timed_out) {
			return pf_probe_fail(run, "timed out waiting for the rtnetlink probe");
		}
		return 0; /* died (signal recorded): the verdict reads it */
	}
	out->dellink.err = rec.err;
	out->netns_owned_here = (enum pf_tri)rec.owned_here;
	out->owner_err = rec.owner_err;
	if (!rec.sent) {
		/* no netlink socket (a filter or LSM refused it): the request was
		 * never made, so the capability stays unknown */
		out->dellink.attempted = false;
		return 0;
	}
	if (rec.err == ENODEV)
		out->net_admin_here = PF_YES;
	else if (rec.err == EPERM)
		out->net_admin_here = PF_NO;
	return 0;
}
