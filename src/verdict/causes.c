/* SPDX-License-Identifier: MIT */
/* Causes read off the facts: why a clone or a map write was refused, why
 * iptables or the sudo/setpriv re-exec fails, which namespace limit bit.
 * The messages use them, and vd_fill_cause gives each finding what its
 * fixes need, so that src/fixes.c reads findings only. */
#include <errno.h>
#include <string.h>

#include "decide.h"

enum pf_userns_cause vd_userns_restriction_cause(const struct pf_facts *f, int err)
{
	if (err == EACCES) {
		if (f->sysctl.apparmor_restrict_unprivileged_userns == 1)
			return PF_USERNS_CAUSE_APPARMOR_SYSCTL;
		if (f->lsm.selinux_enabled)
			return PF_USERNS_CAUSE_SELINUX;
		if (f->lsm.apparmor_enabled)
			return PF_USERNS_CAUSE_APPARMOR;
		return PF_USERNS_CAUSE_LSM;
	}
	if (f->sysctl.unprivileged_userns_clone == 0)
		return PF_USERNS_CAUSE_DEBIAN_SYSCTL;
	if (f->sysctl.apparmor_restrict_unprivileged_userns == 1)
		return PF_USERNS_CAUSE_APPARMOR_SYSCTL;
	if (err == EPERM)
		return PF_USERNS_CAUSE_CHROOT;
	return PF_USERNS_CAUSE_UNKNOWN;
}

bool vd_caps_readable(const struct pf_facts *f)
{
	return f->caps.read_ok && !f->run[PF_PROBE_CAPABILITIES].error;
}

static int no_new_privs(const struct pf_facts *f)
{
	return f->caps.no_new_privs >= 0 ? f->caps.no_new_privs : f->seccomp.no_new_privs;
}

unsigned vd_escalation_failures(const struct pf_facts *f)
{
	const struct pf_privilege_facts *p = &f->privilege;
	unsigned why = 0;
	if (!p->sudo_path[0])
		why |= PF_ESCALATION_NO_SUDO;
	if (!p->setpriv_path[0])
		why |= PF_ESCALATION_NO_SETPRIV;
	if (!p->net_admin_in_bounding)
		why |= PF_ESCALATION_NET_ADMIN_NOT_BOUNDING;
	if (!p->sys_admin_in_bounding)
		why |= PF_ESCALATION_SYS_ADMIN_NOT_BOUNDING;
	if (no_new_privs(f) == 1)
		why |= PF_ESCALATION_NO_NEW_PRIVS;
	if (!p->setuid_in_bounding)
		why |= PF_ESCALATION_SETUID_NOT_BOUNDING;
	if (!p->setgid_in_bounding)
		why |= PF_ESCALATION_SETGID_NOT_BOUNDING;
	return why;
}

enum pf_iptables_cause vd_iptables_cause(const struct pf_iptables_proof *p, int *err)
{
	const struct pf_attempt *steps[] = { &p->lock, &p->raw_socket, &p->nat_table };
	*err = 0;
	if (!p->attempted)
		return PF_IPT_OK;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		const struct pf_attempt *a = steps[i];
		if (!a->attempted)
			continue;
		if (a->signal || a->timed_out)
			return PF_IPT_KILLED;
		if (!a->err)
			continue;
		*err = a->err;
		if (a == &p->lock)
			return PF_IPT_LOCK;
		if (a == &p->raw_socket)
			return a->err == EPERM || a->err == EACCES ? PF_IPT_NO_NET_RAW : PF_IPT_OTHER;
		/* the table step: EPERM is the capability; the rest say the
		 * kernel has no such table type (module missing or not built) */
		if (a->err == EPERM)
			return PF_IPT_NO_NET_ADMIN;
		if (a->err == ENOENT || a->err == ENOPROTOOPT || a->err == EOPNOTSUPP || a->err == EPROTONOSUPPORT ||
		    a->err == EAFNOSUPPORT)
			return PF_IPT_NO_BACKEND;
		return PF_IPT_OTHER;
	}
	return PF_IPT_OK;
}

unsigned vd_missing_tools(const struct pf_facts *f)
{
	unsigned missing = 0;
	if (!f->tools.ip[0])
		missing |= PF_TOOL_IP;
	if (!f->tools.iptables[0])
		missing |= PF_TOOL_IPTABLES;
	if (!f->tools.sysctl[0])
		missing |= PF_TOOL_SYSCTL;
	return missing;
}

static bool net_limit_hit(const struct pf_facts *f, bool user_namespace)
{
	if (!user_namespace)
		return true;
	const struct pf_attempt *alone = &f->userns.clone_user_only;
	/* a user namespace alone could be made: the network one was refused */
	if (vd_attempt_ok(alone))
		return true;
	if (vd_attempt_failed(alone))
		return false;
	return f->sysctl.max_user_namespaces != 0 && f->sysctl.max_net_namespaces == 0;
}

const char *vd_namespace_limit_sysctl(const struct pf_facts *f, bool user_namespace)
{
	return net_limit_hit(f, user_namespace) ? "user.max_net_namespaces" : "user.max_user_namespaces";
}

long vd_namespace_limit_value(const struct pf_facts *f, bool user_namespace)
{
	return net_limit_hit(f, user_namespace) ? f->sysctl.max_net_namespaces : f->sysctl.max_user_namespaces;
}

/* The user namespace was mapped with uid 0 while CAP_SETFCAP is not
 * effective: the map write fails since Linux 5.12 (docs/facts.md section 3). */
static bool idmap_needs_setfcap(const struct pf_facts *f)
{
	return f->userns.mapped_uid == 0 && vd_caps_readable(f) && !(f->caps.effective & PF_CAP_BIT(PF_CAP_SETFCAP));
}

enum pf_idmap_cause vd_idmap_cause(const struct pf_facts *f)
{
	if (idmap_needs_setfcap(f) && f->userns.uid_map.err == EPERM)
		return PF_IDMAP_CAUSE_SETFCAP;
	if (f->sysctl.apparmor_restrict_unprivileged_userns == 1)
		return PF_IDMAP_CAUSE_APPARMOR_SYSCTL;
	return PF_IDMAP_CAUSE_OTHER;
}

void vd_fill_cause(const struct pf_facts *f, bool user_namespace, struct pf_finding *fd)
{
	struct pf_cause *c = &fd->cause;
	const struct pf_userns_facts *u = &f->userns;
	memset(c, 0, sizeof *c);
	switch (fd->id) {
	case PF_CODE_SECCOMP_BLOCKS_CLONE:
	case PF_CODE_SECCOMP_KILLS_CLONE:
		c->sys_admin_bounding = f->caps.bounding & PF_CAP_BIT(PF_CAP_SYS_ADMIN);
		break;
	case PF_CODE_USERNS_LIMIT_ZERO:
	case PF_CODE_NETNS_LIMIT_REACHED:
		c->limit_sysctl = vd_namespace_limit_sysctl(f, user_namespace);
		c->limit_value = vd_namespace_limit_value(f, user_namespace);
		break;
	case PF_CODE_USERNS_RESTRICTED:
		c->userns = vd_userns_restriction_cause(f, user_namespace ? u->clone.err : u->netns_clone.err);
		break;
	case PF_CODE_IDMAP_FAILED: c->idmap = vd_idmap_cause(f); break;
	case PF_CODE_VETH_UNAVAILABLE:
		c->gvisor = f->runtime.runtime == PF_RUNTIME_GVISOR;
		c->err = user_namespace ? (u->lo_up.err ? u->lo_up.err : u->veth.err) : u->netns_veth.err;
		break;
	case PF_CODE_IPTABLES_UNUSABLE: {
		/* the host side's cause when it failed, else the jail side's */
		int err;
		c->gvisor = f->runtime.runtime == PF_RUNTIME_GVISOR;
		c->iptables = vd_iptables_cause(&f->tools.iptables_host, &err);
		bool host = c->iptables != PF_IPT_OK && c->iptables != PF_IPT_NO_NET_ADMIN;
		if (!host)
			c->iptables = vd_iptables_cause(&u->jail_iptables, &err);
		c->net_raw_helps = host && f->caps.euid == 0 && !(f->caps.effective & PF_CAP_BIT(PF_CAP_NET_RAW));
		break;
	}
	case PF_CODE_NONROOT_ESCALATION_FAILS: c->escalation = vd_escalation_failures(f); break;
	case PF_CODE_TOOL_MISSING: c->missing_tools = vd_missing_tools(f); break;
	default: break;
	}
}
