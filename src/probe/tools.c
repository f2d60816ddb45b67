/* SPDX-License-Identifier: MIT */
/* tools probe: boundary shells out to ip, iptables and sysctl
 * (docs/facts.md section 1, point 1), so each must be on PATH; and the
 * iptables found there must be able to add boundary's host-side rules in
 * this network namespace. Adding them would change the environment, so
 * the probe proves it with calls that need the same permission and change
 * nothing (include/preflight/iptables_proof.h), in a throwaway child. */
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>

#include "preflight/child.h"
#include "preflight/iptables_proof.h"
#include "preflight/pathlookup.h"
#include "preflight/probe.h"
#include "preflight/util.h"

/* A non-root boundary runs iptables after sudo and setpriv, holding only
 * net_admin and sys_admin: sudo, a set-user-ID program, clears the ambient
 * set the user brought (capabilities(7)), so no capability of the user's
 * own (CAP_DAC_OVERRIDE for the lock file, CAP_NET_RAW for the raw socket)
 * reaches it. The child proves with at most what boundary will have. */
static int iptables_child(void *arg, int out_fd)
{
	struct pf_iptables_proof proof;
	(void)pf_caps_narrow((1u << CAP_NET_ADMIN) | (1u << CAP_SYS_ADMIN), PF_CAPS_AT_MOST);
	pf_iptables_prove(arg, &proof);
	return pf_write_all(out_fd, &proof, sizeof proof) == 0 ? 0 : 1;
}

int pf_probe_tools(const struct pf_probe_ctx *ctx, struct pf_tools_facts *out, struct pf_probe_run *run)
{
	pf_find_on_path("ip", out->ip, sizeof out->ip);
	pf_find_on_path("iptables", out->iptables, sizeof out->iptables);
	pf_find_on_path("sysctl", out->sysctl, sizeof out->sysctl);
	snprintf(out->iptables_variant, sizeof out->iptables_variant, "%s",
		 out->iptables[0] ? pf_iptables_variant(out->iptables) : "");
	if (!out->iptables[0])
		return 0;
	struct pf_iptables_proof proof;
	memset(&proof, 0, sizeof proof);
	struct pf_child_result res;
	if (pf_child_run(iptables_child, out->iptables_variant, &proof, sizeof proof, pf_probe_ms_left(ctx), &res) < 0)
		return pf_probe_fail(run, "fork: %s", strerror(res.fork_errno));
	if (res.got == sizeof proof) {
		out->iptables_host = proof;
		return 0;
	}
	/* the child died or hung before answering: the step it was on is unknown */
	out->iptables_host.attempted = true;
	snprintf(out->iptables_host.variant, sizeof out->iptables_host.variant, "%s",
		 strcmp(out->iptables_variant, "legacy") == 0 ? "legacy" : "nft");
	out->iptables_host.nat_table.attempted = true;
	out->iptables_host.nat_table.signal = res.signal;
	out->iptables_host.nat_table.timed_out = res.timed_out;
	if (res.timed_out)
		return pf_probe_fail(run, "timed out proving iptables");
	return 0;
}
