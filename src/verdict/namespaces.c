/* SPDX-License-Identifier: MIT */
/* Blockers from the userns probe: boundary's clone, its veth pair, the id
 * maps, and the jail's own network and DNAT rule, in boundary's order. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "decide.h"

static bool u_alone_tried(const struct pf_facts *f)
{
	return f->userns.clone_user_only.attempted;
}

/* A failed real clone not explained by seccomp. */
static void clone_failure(struct decide *d, const struct pf_attempt *a, const char *call)
{
	const struct pf_facts *f = d->f;
	if (a->timed_out) {
		vd_undecided(d, PF_PROBE_USERNS, "%s timed out", call);
		return;
	}
	if (a->signal == SIGSYS) {
		BLOCKER(d, PF_CODE_SECCOMP_KILLS_CLONE, PF_PROBE_USERNS,
			"%s was killed by SIGSYS: a seccomp KILL/TRAP action", call);
		return;
	}
	if (a->signal) {
		char tmp[48];
		vd_undecided(d, PF_PROBE_USERNS, "%s: the child was %s", call, vd_attempt_result(a, tmp, sizeof tmp));
		return;
	}
	if (a->err == ENOSPC) {
		const char *name = vd_namespace_limit_sysctl(f, d->user_namespace);
		long limit = vd_namespace_limit_value(f, d->user_namespace);
		bool net = strcmp(name, "user.max_net_namespaces") == 0;
		enum pf_code code = net ? PF_CODE_NETNS_LIMIT_REACHED : PF_CODE_USERNS_LIMIT_ZERO;
		char which[120] = "";
		if (d->user_namespace && u_alone_tried(f))
			snprintf(which, sizeof which, " (a user namespace alone %s)",
				 net ? "could be made, so the network namespace was refused" : "was refused too");
		if (limit == 0)
			BLOCKER(d, code, PF_PROBE_USERNS, "%s: ENOSPC (\"no space left on device\") because %s is 0%s",
				call, name, which);
		else if (limit > 0)
			BLOCKER(d, code, PF_PROBE_USERNS,
				"%s: ENOSPC%s: %s (%ld here) is used up, here or in an ancestor user namespace (each "
				"counts the namespaces made below it), or the nesting depth of 32 is reached",
				call, which, name, limit);
		else
			BLOCKER(d, code, PF_PROBE_USERNS,
				"%s: ENOSPC%s: %s (unreadable here) or the nesting depth of 32 is reached", call, which,
				name);
		return;
	}
	if (!d->user_namespace && a->err == EPERM) {
		BLOCKER(d, PF_CODE_NETNS_NEEDS_SYS_ADMIN, PF_PROBE_USERNS,
			"%s: EPERM: with --no-user-namespace boundary creates a network namespace without a user "
			"namespace, which needs CAP_SYS_ADMIN; CAP_SYS_ADMIN is %s",
			call,
			!vd_caps_readable(f)                                 ? "of unknown state"
			: (f->caps.effective & PF_CAP_BIT(PF_CAP_SYS_ADMIN)) ? "effective (so something else denies it)"
									     : "not effective");
		return;
	}
	const char *likely;
	switch (vd_userns_restriction_cause(f, a->err)) {
	case PF_USERNS_CAUSE_DEBIAN_SYSCTL:
		likely = "kernel.unprivileged_userns_clone is 0 (Debian/Ubuntu patch)";
		break;
	case PF_USERNS_CAUSE_APPARMOR_SYSCTL:
		likely = "kernel.apparmor_restrict_unprivileged_userns is 1 (Ubuntu 23.10+ AppArmor restriction)";
		break;
	case PF_USERNS_CAUSE_APPARMOR:
		likely = "the AppArmor profile denies user namespace creation (EACCES comes from an LSM)";
		break;
	case PF_USERNS_CAUSE_SELINUX: likely = "SELinux denies user_namespace create (EACCES comes from an LSM)"; break;
	case PF_USERNS_CAUSE_LSM: likely = "a Linux security module denies it (EACCES comes from an LSM)"; break;
	case PF_USERNS_CAUSE_CHROOT:
		likely =
			f->seccomp.clone_userns_net.gate == PF_GATE_ALLOWED || !d->user_namespace
				? "the process is chrooted, or its euid is not mapped in its user namespace"
				: "the process is chrooted, its euid is unmapped, or a seccomp rule the probe could not see";
		break;
	case PF_USERNS_CAUSE_UNKNOWN:
	default: likely = "an unexpected errno for this call"; break;
	}
	const struct pf_oracle *o = d->user_namespace ? &f->seccomp.clone_userns_net : &f->seccomp.clone_net;
	BLOCKER(d, PF_CODE_USERNS_RESTRICTED, PF_PROBE_USERNS, "%s: %s, %s; likely: %s%s", call, vd_errname(a->err),
		o->gate == PF_GATE_ALLOWED && !f->run[PF_PROBE_SECCOMP].error
			? "though seccomp let the call through"
			: "and the seccomp oracle could not tell why",
		likely,
		d->nonroot && d->escalation_ok
			? "; the CAP_SYS_ADMIN boundary's setpriv re-exec grants does not lift "
			  "this (only Debian's sysctl in the initial user namespace yields to it)"
			: "");
}

/* Returns true when every id-map step succeeded. */
static bool check_idmaps(struct decide *d)
{
	const struct pf_facts *f = d->f;
	const struct pf_userns_facts *u = &f->userns;
	const struct {
		const struct pf_attempt *a;
		const char *what;
	} steps[] = {
		/* boundary's (Go's) order: the first that fails is named */
		{ &u->uid_map, "writing uid_map" },
		{ &u->setgroups, "writing \"deny\" to setgroups" },
		{ &u->gid_map, "writing gid_map" },
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		const struct pf_attempt *a = steps[i].a;
		if (!a->attempted) {
			vd_undecided(d, PF_PROBE_USERNS, "%s was not tried after a successful clone", steps[i].what);
			return false;
		}
		if (a->timed_out || (a->signal && !a->err)) {
			char tmp[48];
			vd_undecided(d, PF_PROBE_USERNS, "%s: %s", steps[i].what,
				     vd_attempt_result(a, tmp, sizeof tmp));
			return false;
		}
		/* Go writes setgroups only where the file exists: ENOENT (no such
		 * file, as under gVisor) is no failure to boundary (docs/facts.md
		 * section 1.2) */
		if (!a->err || (a == &u->setgroups && a->err == ENOENT))
			continue;
		char map[48] = "";
		if (a == &u->uid_map && u->mapped_uid >= 0)
			snprintf(map, sizeof map, " (\"%ld %ld 1\")", u->mapped_uid, u->mapped_uid);
		else if (a == &u->gid_map && u->mapped_gid >= 0)
			snprintf(map, sizeof map, " (\"%ld %ld 1\")", u->mapped_gid, u->mapped_gid);
		/* the steps before this one succeeded: the cause is this step's */
		enum pf_idmap_cause cause = vd_idmap_cause(f);
		if (cause == PF_IDMAP_CAUSE_SETFCAP)
			BLOCKER(d, PF_CODE_IDMAP_FAILED, PF_PROBE_USERNS,
				"%s%s: EPERM: since Linux 5.12 a map that maps uid 0 needs CAP_SETFCAP, and CAP_SETFCAP "
				"is not effective (CapEff %#llx)",
				steps[i].what, map, (unsigned long long)f->caps.effective);
		else if (cause == PF_IDMAP_CAUSE_APPARMOR_SYSCTL)
			BLOCKER(d, PF_CODE_IDMAP_FAILED, PF_PROBE_USERNS,
				"%s%s: %s; kernel.apparmor_restrict_unprivileged_userns is 1, which leaves an unconfined "
				"process's new user namespace without capabilities",
				steps[i].what, map, vd_errname(a->err));
		else
			BLOCKER(d, PF_CODE_IDMAP_FAILED, PF_PROBE_USERNS,
				"%s%s: %s; boundary writes the same maps (uid and gid each mapped to themselves)",
				steps[i].what, map, vd_errname(a->err));
		return false;
	}
	return true;
}

static void veth_failure(struct decide *d, const struct pf_attempt *a, const char *what)
{
	if (!a->attempted) {
		vd_undecided(d, PF_PROBE_USERNS, "%s was not tried", what);
		return;
	}
	if (!vd_attempt_failed(a))
		return;
	if (a->timed_out || (a->signal && !a->err)) {
		char tmp[48];
		vd_undecided(d, PF_PROBE_USERNS, "%s: %s", what, vd_attempt_result(a, tmp, sizeof tmp));
		return;
	}
	const char *hint = "";
	if (a->err == EOPNOTSUPP)
		hint = "; the kernel has no veth driver (module not loaded or not built)";
	if (d->f->runtime.runtime == PF_RUNTIME_GVISOR)
		hint = "; gVisor's network stack has no veth";
	BLOCKER(d, PF_CODE_VETH_UNAVAILABLE, PF_PROBE_USERNS,
		"%s inside the new network namespace: %s%s; boundary moves one end of a veth pair into the jail", what,
		vd_errname(a->err), hint);
}

/* A clone the probe made as a non-root user who will get CAP_SYS_ADMIN
 * through boundary's sudo/setpriv re-exec. Only one refusal is lifted by
 * that: Debian's kernel.unprivileged_userns_clone=0, which the kernel
 * waives for capable(CAP_SYS_ADMIN), i.e. CAP_SYS_ADMIN in the initial user
 * namespace, so only when this process lives there. A chroot, an LSM
 * denial (EACCES) or the same sysctl seen from a nested user namespace
 * refuse boundary exactly as they refuse the probe (docs/facts.md
 * section 3). */
bool vd_nonroot_clone_unrepresentative(const struct decide *d, const struct pf_attempt *a)
{
	const struct pf_facts *f = d->f;
	return d->nonroot && d->escalation_ok && a->attempted && !a->signal && !a->timed_out && a->err == EPERM &&
	       f->sysctl.unprivileged_userns_clone == 0 && f->runtime.user_ns_initial == PF_YES;
}

/* Inside the jail's network: what boundary's child does after the maps. */
static bool check_jail_network(struct decide *d)
{
	const struct pf_userns_facts *u = &d->f->userns;
	if (vd_attempt_failed(&u->lo_up)) {
		veth_failure(d, &u->lo_up, "bringing lo up");
		return false;
	}
	const struct {
		const struct pf_attempt *a;
		const char *what;
	} steps[] = {
		{ &u->addr, "giving the jail's end 192.168.100.2/24 and bringing the pair up" },
		{ &u->route, "adding the jail's default route via 192.168.100.1" },
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		const struct pf_attempt *a = steps[i].a;
		if (!a->attempted) {
			vd_undecided(d, PF_PROBE_USERNS, "%s was not tried", steps[i].what);
			return false;
		}
		if (!vd_attempt_failed(a))
			continue;
		char tmp[48];
		BLOCKER(d, PF_CODE_JAIL_NETWORK_FAILED, PF_PROBE_USERNS,
			"%s inside the new network namespace: %s; boundary's child does the same before it runs "
			"the agent",
			steps[i].what, vd_attempt_result(a, tmp, sizeof tmp));
		return false;
	}
	return true;
}

/* The jail's DNS DNAT rule, proven with the credentials boundary's child
 * has after its exec (root: all capabilities in its user namespace;
 * another uid: only the ambient CAP_NET_ADMIN). Not repeated when the
 * host side already failed for the same iptables. */
static void check_jail_iptables(struct decide *d)
{
	const struct pf_facts *f = d->f;
	const struct pf_iptables_proof *jail = &f->userns.jail_iptables;
	int err, host_err;
	enum pf_iptables_cause cause = vd_iptables_cause(jail, &err);
	if (cause == PF_IPT_OK)
		return;
	enum pf_iptables_cause host = vd_iptables_cause(&f->tools.iptables_host, &host_err);
	if (host != PF_IPT_OK && host != PF_IPT_NO_NET_ADMIN)
		return;
	char why[200];
	BLOCKER(d, PF_CODE_IPTABLES_UNUSABLE, PF_PROBE_USERNS,
		"%s iptables cannot add the jail's DNS DNAT rule inside the jail's network namespace with the "
		"credentials boundary's child has there (%s): %s",
		jail->variant,
		d->nonroot ? "this uid, only the ambient CAP_NET_ADMIN" : "root in its own user namespace",
		vd_iptables_cause_text(cause, err, why, sizeof why));
}

void vd_check_namespaces(struct decide *d, bool seccomp_blocks)
{
	const struct pf_facts *f = d->f;
	if (vd_probe_errored(d, PF_PROBE_USERNS))
		return;
	const struct pf_userns_facts *u = &f->userns;
	if (d->user_namespace) {
		const char *call = "clone(CLONE_NEWUSER|CLONE_NEWNET)";
		if (!u->clone.attempted) {
			if (!seccomp_blocks)
				vd_undecided(d, PF_PROBE_USERNS, "%s was not tried", call);
			return;
		}
		if (vd_attempt_failed(&u->clone)) {
			/* Under a blocking filter the clone's failure is its consequence. */
			if (seccomp_blocks)
				return;
			if (vd_nonroot_clone_unrepresentative(d, &u->clone)) {
				if (f->sysctl.max_user_namespaces == 0 || f->sysctl.max_net_namespaces == 0)
					BLOCKER(d,
						f->sysctl.max_user_namespaces == 0 ? PF_CODE_USERNS_LIMIT_ZERO
										   : PF_CODE_NETNS_LIMIT_REACHED,
						PF_PROBE_SYSCTL,
						"%s after boundary's setpriv re-exec would fail with ENOSPC: %s is 0",
						call,
						f->sysctl.max_user_namespaces == 0 ? "user.max_user_namespaces"
										   : "user.max_net_namespaces");
				return;
			}
			clone_failure(d, &u->clone, call);
			return;
		}
		/* boundary makes the veth pair first, before its clone: a pair that
		 * cannot exist fails it there, whatever the id maps would do */
		if (!u->veth.attempted) {
			vd_undecided(d, PF_PROBE_USERNS, "creating a veth pair was not tried");
			return;
		}
		if (vd_attempt_failed(&u->veth)) {
			veth_failure(d, &u->veth, "creating a veth pair");
			return;
		}
		if (!check_idmaps(d) || !check_jail_network(d))
			return;
		check_jail_iptables(d);
		return;
	}
	const char *call = "clone(CLONE_NEWNET)";
	if (!u->netns_clone.attempted) {
		if (!seccomp_blocks)
			vd_undecided(d, PF_PROBE_USERNS, "%s was not tried", call);
		return;
	}
	if (vd_attempt_failed(&u->netns_clone)) {
		/* As non-root the probe has no CAP_SYS_ADMIN, boundary after setpriv
		 * does: the network-only clone's EPERM is the capability's. */
		if (seccomp_blocks)
			return;
		if (d->nonroot && d->escalation_ok && u->netns_clone.err == EPERM) {
			/* boundary's own clone would get past the capability check;
			 * a limit of 0 still stops it, and that one can be read */
			if (f->sysctl.max_net_namespaces == 0)
				BLOCKER(d, PF_CODE_NETNS_LIMIT_REACHED, PF_PROBE_SYSCTL,
					"%s after boundary's setpriv re-exec would fail with ENOSPC: "
					"user.max_net_namespaces is 0 (the probe, without CAP_SYS_ADMIN, could not try it)",
					call);
			return;
		}
		clone_failure(d, &u->netns_clone, call);
		return;
	}
	/* The probe's network namespace belongs to this user namespace: a
	 * non-root probe without CAP_NET_ADMIN is refused a veth there, while
	 * boundary after its setpriv re-exec holds it. */
	if (d->nonroot && d->escalation_ok && u->netns_veth.err == EPERM && vd_caps_readable(f) &&
	    !(f->caps.effective & PF_CAP_BIT(PF_CAP_NET_ADMIN)))
		return;
	veth_failure(d, &u->netns_veth, "creating a veth pair");
}
