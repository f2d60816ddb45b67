/* SPDX-License-Identifier: MIT */
/* Blockers from the capabilities, netadmin, privilege, tools and seccomp
 * probes: CAP_NET_ADMIN, boundary's non-root re-exec, the tools it runs,
 * its host-side iptables rules, and the seccomp oracle. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decide.h"

static void escalation_reasons(struct sbuf *s, unsigned why)
{
	const char *sep = "";
	if (why & PF_ESCALATION_NO_SUDO) {
		vd_sb_add(s, "%ssudo is not on PATH", sep);
		sep = "; ";
	}
	if (why & PF_ESCALATION_NO_SETPRIV) {
		vd_sb_add(s, "%ssetpriv is not on PATH", sep);
		sep = "; ";
	}
	if (why & (PF_ESCALATION_NET_ADMIN_NOT_BOUNDING | PF_ESCALATION_SYS_ADMIN_NOT_BOUNDING)) {
		bool both =
			(why & PF_ESCALATION_NET_ADMIN_NOT_BOUNDING) && (why & PF_ESCALATION_SYS_ADMIN_NOT_BOUNDING);
		vd_sb_add(s,
			  "%s%s outside the bounding set, so setpriv --inh-caps +net_admin,+sys_admin fails "
			  "(\"apply capabilities: Operation not permitted\")",
			  sep,
			  both                                           ? "cap_net_admin and cap_sys_admin are"
			  : (why & PF_ESCALATION_NET_ADMIN_NOT_BOUNDING) ? "cap_net_admin is"
									 : "cap_sys_admin is");
		sep = "; ";
	}
	if (why & PF_ESCALATION_NO_NEW_PRIVS) {
		vd_sb_add(s, "%sNoNewPrivs is set, so the setuid sudo cannot raise privileges", sep);
		sep = "; ";
	}
	if (why & (PF_ESCALATION_SETUID_NOT_BOUNDING | PF_ESCALATION_SETGID_NOT_BOUNDING))
		vd_sb_add(s,
			  "%s%s outside the bounding set, so sudo cannot change its ids and setpriv "
			  "--reuid/--regid/--clear-groups fails",
			  sep,
			  (why & PF_ESCALATION_SETUID_NOT_BOUNDING) && (why & PF_ESCALATION_SETGID_NOT_BOUNDING)
				  ? "cap_setuid and cap_setgid are"
			  : (why & PF_ESCALATION_SETUID_NOT_BOUNDING) ? "cap_setuid is"
								      : "cap_setgid is");
}

/* CAP_NET_ADMIN in this network namespace (docs/facts.md sections 1.1 and 4). */
void vd_check_net_admin(struct decide *d)
{
	const struct pf_facts *f = d->f;
	enum pf_tri have = PF_UNKNOWN;
	enum pf_probe_id probe = PF_PROBE_NETADMIN;
	char evidence[120];

	/* Capabilities count over a network namespace only through the user
	 * namespace that owns it: an ancestor owns this one, so no capability
	 * held here (nor one sudo/setpriv raises here) can configure it. */
	if (!f->run[PF_PROBE_NETADMIN].error && f->netadmin.netns_owned_here == PF_NO) {
		char tmp[48];
		BLOCKER(d, PF_CODE_NETNS_PARENT_OWNED, PF_PROBE_NETADMIN,
			"this network namespace belongs to an ancestor user namespace (NS_GET_USERNS: %s), so "
			"capabilities held in this one (CapEff %#llx) do not count over it (RTM_DELLINK: %s); "
			"boundary creates its veth pair and iptables rules here",
			vd_errname(f->netadmin.owner_err), (unsigned long long)f->caps.effective,
			vd_attempt_result(&f->netadmin.dellink, tmp, sizeof tmp));
		return;
	}
	if (!f->run[PF_PROBE_NETADMIN].error && f->netadmin.net_admin_here != PF_UNKNOWN) {
		char tmp[48];
		have = f->netadmin.net_admin_here;
		snprintf(evidence, sizeof evidence, "rtnetlink RTM_DELLINK of a nonexistent link answered %s",
			 vd_attempt_result(&f->netadmin.dellink, tmp, sizeof tmp));
	} else if (vd_caps_readable(f)) {
		have = (f->caps.effective & PF_CAP_BIT(PF_CAP_NET_ADMIN)) ? PF_YES : PF_NO;
		probe = PF_PROBE_CAPABILITIES;
		snprintf(evidence, sizeof evidence, "CapEff is %#llx (the netadmin probe could not tell)",
			 (unsigned long long)f->caps.effective);
	} else {
		vd_undecided(d, PF_PROBE_NETADMIN,
			     "neither rtnetlink nor the capability sets tell whether "
			     "CAP_NET_ADMIN is held in this network namespace");
		return;
	}
	if (have == PF_YES)
		return;
	if (!d->nonroot) {
		BLOCKER(d, PF_CODE_MISSING_CAP_NET_ADMIN, probe,
			"CAP_NET_ADMIN is not effective in this network namespace (%s); boundary creates a veth "
			"pair, addresses and iptables rules here before the jail starts",
			evidence);
		return;
	}
	/* Non-root: boundary gets the capability through sudo + setpriv. When
	 * only setpriv's part fails (setpriv missing, cap_sys_admin outside the
	 * bounding set), root via sudo could still hold CAP_NET_ADMIN: that is
	 * NONROOT_ESCALATION_FAILS alone, not a missing capability. */
	if (d->escalation_ok || !(d->escalation & (PF_ESCALATION_NO_SUDO | PF_ESCALATION_NO_NEW_PRIVS |
						   PF_ESCALATION_NET_ADMIN_NOT_BOUNDING)))
		return;
	char why[300];
	struct sbuf s;
	vd_sb_init(&s, why, sizeof why);
	if (d->escalation & PF_ESCALATION_NET_ADMIN_NOT_BOUNDING)
		vd_sb_add(&s, "CAP_NET_ADMIN is not even in the bounding set, so no process here can hold it");
	else
		vd_sb_add(&s, "cannot gain it through sudo (%s)",
			  (d->escalation & PF_ESCALATION_NO_SUDO) ? "sudo is not on PATH"
								  : "NoNewPrivs defeats the setuid sudo");
	BLOCKER(d, PF_CODE_MISSING_CAP_NET_ADMIN, probe,
		"euid %ld holds no CAP_NET_ADMIN in this network namespace (%s) and %s", d->euid, evidence, why);
}

/* boundary re-executes itself through sudo and setpriv when not root. */
void vd_check_escalation(struct decide *d)
{
	if (!d->nonroot || vd_probe_errored(d, PF_PROBE_PRIVILEGE) || d->escalation_ok)
		return;
	char why[300];
	struct sbuf s;
	vd_sb_init(&s, why, sizeof why);
	escalation_reasons(&s, d->escalation);
	BLOCKER(d, PF_CODE_NONROOT_ESCALATION_FAILS, PF_PROBE_PRIVILEGE,
		"euid %ld: boundary re-executes itself as sudo -E env ... setpriv --inh-caps +net_admin,+sys_admin "
		"--ambient-caps +net_admin,+sys_admin, which fails here: %s",
		d->euid, why);
}

void vd_check_tools(struct decide *d)
{
	if (vd_probe_errored(d, PF_PROBE_TOOLS))
		return;
	unsigned missing = vd_missing_tools(d->f);
	if (!missing)
		return;
	char list[300];
	struct sbuf s;
	vd_sb_init(&s, list, sizeof list);
	for (unsigned bit = 1; bit < 1u << PF_TOOL_COUNT; bit <<= 1) {
		if (!(missing & bit))
			continue;
		vd_sb_add(&s, "%s%s (package %s on Debian, %s on Alpine, %s on RHEL)", s.len ? ", " : "",
			  pf_tool_name(bit), pf_tool_package(bit, PF_DISTRO_DEBIAN),
			  pf_tool_package(bit, PF_DISTRO_ALPINE), pf_tool_package(bit, PF_DISTRO_RHEL));
	}
	BLOCKER(d, PF_CODE_TOOL_MISSING, PF_PROBE_TOOLS,
		"not on PATH: %s; boundary runs ip, iptables and sysctl to set up the jail's network", list);
}

/* boundary's host-side rules (nat MASQUERADE and REDIRECT, two FORWARD
 * ACCEPT), proven in this network namespace with this process's
 * credentials. A non-root user runs them after setpriv with ambient
 * net_admin,sys_admin: the lock file and the raw socket are as this user
 * sees them (setpriv grants no DAC override and no CAP_NET_RAW), while
 * CAP_NET_ADMIN comes from setpriv, so its absence here is not boundary's. */
void vd_check_iptables_host(struct decide *d)
{
	const struct pf_tools_facts *t = &d->f->tools;
	if (d->f->run[PF_PROBE_TOOLS].error || !t->iptables[0])
		return;
	int err;
	enum pf_iptables_cause cause = vd_iptables_cause(&t->iptables_host, &err);
	if (cause == PF_IPT_OK || cause == PF_IPT_NO_NET_ADMIN)
		return; /* CAP_NET_ADMIN is the netadmin check's (and setpriv's) */
	char why[200];
	BLOCKER(d, PF_CODE_IPTABLES_UNUSABLE, PF_PROBE_TOOLS,
		"%s (%s) cannot add boundary's host-side nat and FORWARD rules in this network namespace%s: %s",
		t->iptables, t->iptables_host.variant,
		d->nonroot ? " as this user (boundary runs it after setpriv "
			     "with only net_admin and sys_admin)"
			   : "",
		vd_iptables_cause_text(cause, err, why, sizeof why));
}

/* Returns true when seccomp's answer alone blocks boundary's clone. */
bool vd_check_seccomp_gate(struct decide *d)
{
	const struct pf_facts *f = d->f;
	if (f->run[PF_PROBE_SECCOMP].error)
		return false; /* the real clone in the userns probe still decides */
	const struct pf_oracle *o = d->user_namespace ? &f->seccomp.clone_userns_net : &f->seccomp.clone_net;
	const char *call =
		d->user_namespace ? "clone(CLONE_NEWUSER|CLONE_NEWNET|CLONE_FS)" : "clone(CLONE_NEWNET|CLONE_SIGHAND)";
	char how[120];
	struct sbuf s;
	vd_sb_init(&s, how, sizeof how);
	vd_oracle_describe(&s, o);
	switch (o->gate) {
	case PF_GATE_KILLED:
		BLOCKER(d, PF_CODE_SECCOMP_KILLS_CLONE, PF_PROBE_SECCOMP,
			"the seccomp filter kills the caller of a namespace clone: the invalid-flag probe %s was %s; "
			"boundary's clone would die the same way",
			call, how);
		return true;
	case PF_GATE_DENIED:
	case PF_GATE_NOSYS: {
		const char *whose;
		/* Which variant of a default profile a container got was decided
		 * from its bounding set (docs/facts.md section 2): with CAP_SYS_ADMIN there, the
		 * defaults allow clones, so this filter is a custom one. */
		bool sys_admin_bounding = f->caps.bounding & PF_CAP_BIT(PF_CAP_SYS_ADMIN);
		switch (f->runtime.engine) {
		case PF_ENGINE_KUBERNETES:
			whose = "containerd's RuntimeDefault profile does this unless the container holds "
				"CAP_SYS_ADMIN";
			break;
		case PF_ENGINE_PODMAN:
			whose = "podman's default profile allows it, so a custom profile is in force";
			break;
		case PF_ENGINE_NONE:
			whose = f->runtime.in_container ? "" : "no container engine applied this filter";
			break;
		case PF_ENGINE_DOCKER:
		case PF_ENGINE_ECS:
			whose = "Docker's default profile does this unless the container holds CAP_SYS_ADMIN";
			break;
		default:
			whose = "the default profiles of Docker and containerd do this unless the container holds "
				"CAP_SYS_ADMIN";
			break;
		}
		char filters[32] = "";
		if (f->seccomp.filters >= 0)
			snprintf(filters, sizeof filters, " with %d filter%s", f->seccomp.filters,
				 f->seccomp.filters == 1 ? "" : "s");
		if (sys_admin_bounding && f->runtime.in_container)
			whose = "the engines' default profiles allow it when CAP_SYS_ADMIN is in the bounding set, "
				"as here, so a custom profile is in force";
		char mode[16] = "unknown";
		if (f->seccomp.mode >= 0)
			snprintf(mode, sizeof mode, "%d", f->seccomp.mode);
		BLOCKER(d, PF_CODE_SECCOMP_BLOCKS_CLONE, PF_PROBE_SECCOMP,
			"the seccomp filter (mode %s%s) rejects namespace clones: the invalid-flag probe %s was %s"
			"%s%s",
			mode, filters, call, how, *whose ? "; " : "", whose);
		return true;
	}
	default: return false;
	}
}
