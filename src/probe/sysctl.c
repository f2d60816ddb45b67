/* SPDX-License-Identifier: MIT */
/* sysctl probe: the knobs that decide whether boundary's clone and its
 * ip_forward write can work (docs/facts.md sections 1 and 3). Read from
 * ROOT/proc/sys; a file that does not exist means the knob does not apply
 * on this kernel and stays -1. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "preflight/probe.h"
#include "preflight/procfs.h"

static long read_knob(const struct pf_probe_ctx *ctx, const char *path)
{
	long v;
	/* absent, unreadable or malformed all mean "not known": the verdict
	 * must not act on a value we could not read */
	if (pf_read_long(ctx->root, path, &v) < 0)
		return -1;
	return v;
}

/* /proc/sys is mounted read-only in most containers, and faccessat answers
 * EROFS for that without writing anything. Only EROFS is an answer: a
 * permission error is this user's, and boundary writes the sysctl after its
 * sudo/setpriv re-exec with other credentials. */
static enum pf_tri path_writable(const char *root, const char *path)
{
	char full[PATH_MAX];
	if (pf_root_path(root, path, full, sizeof full) < 0)
		return PF_UNKNOWN;
	if (faccessat(AT_FDCWD, full, W_OK, AT_EACCESS) == 0)
		return PF_YES;
	return errno == EROFS ? PF_NO : PF_UNKNOWN;
}

int pf_probe_sysctl(const struct pf_probe_ctx *ctx, struct pf_sysctl_facts *out, struct pf_probe_run *run)
{
	(void)run;
	out->max_user_namespaces = read_knob(ctx, "/proc/sys/user/max_user_namespaces");
	out->max_net_namespaces = read_knob(ctx, "/proc/sys/user/max_net_namespaces");
	out->unprivileged_userns_clone = read_knob(ctx, "/proc/sys/kernel/unprivileged_userns_clone");
	out->apparmor_restrict_unprivileged_userns =
		read_knob(ctx, "/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
	out->ip_forward = read_knob(ctx, "/proc/sys/net/ipv4/ip_forward");
	out->ip_forward_writable = path_writable(ctx->root, "/proc/sys/net/ipv4/ip_forward");
	return 0;
}
