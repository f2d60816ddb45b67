/* SPDX-License-Identifier: MIT */
/* Each probe's line in the report: a status and a one-line summary of
 * its facts; findings then make their probe's line fail or warn. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decide.h"

static void caps_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_caps_facts *c = &d->f->caps;
	if (!c->read_ok) {
		vd_sb_add(s, "capability sets could not be read");
		*st = PF_STATUS_WARN;
		return;
	}
	bool net = c->effective & PF_CAP_BIT(PF_CAP_NET_ADMIN);
	bool sys = c->effective & PF_CAP_BIT(PF_CAP_SYS_ADMIN);
	if (d->nonroot) {
		vd_sb_add(s, "euid %ld: CAP_NET_ADMIN %s; bounding set: NET_ADMIN %s, SYS_ADMIN %s", d->euid,
			  net ? "effective" : "not effective",
			  (c->bounding & PF_CAP_BIT(PF_CAP_NET_ADMIN)) ? "yes" : "no",
			  (c->bounding & PF_CAP_BIT(PF_CAP_SYS_ADMIN)) ? "yes" : "no");
		/* sudo can give back only what the bounding set still holds */
		if (d->nsjail && !net && !(c->bounding & PF_CAP_BIT(PF_CAP_NET_ADMIN)))
			*st = PF_STATUS_FAIL;
	} else {
		vd_sb_add(s, "CAP_NET_ADMIN %s; CAP_SYS_ADMIN %s", net ? "effective" : "not effective",
			  sys ? "effective" : "absent (not needed)");
		if (d->user_namespace && !(c->effective & PF_CAP_BIT(PF_CAP_SETFCAP)))
			vd_sb_add(s, "; CAP_SETFCAP absent");
		if (d->nsjail && !net)
			*st = PF_STATUS_FAIL;
	}
	if (c->no_new_privs == 1)
		vd_sb_add(s, "; NoNewPrivs");
}

static void netadmin_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_netadmin_facts *n = &d->f->netadmin;
	char tmp[48];
	const char *res = vd_attempt_result(&n->dellink, tmp, sizeof tmp);
	switch (n->net_admin_here) {
	case PF_YES: vd_sb_add(s, "can configure links in this network namespace (RTM_DELLINK: %s)", res); break;
	case PF_NO:
		vd_sb_add(s, "cannot configure links in this network namespace (RTM_DELLINK: %s)", res);
		if (n->netns_owned_here == PF_NO) {
			vd_sb_add(s, "; an ancestor user namespace owns it");
			*st = PF_STATUS_FAIL;
			break;
		}
		if (d->nonroot && d->escalation_ok)
			vd_sb_add(s, "; boundary gains CAP_NET_ADMIN through sudo/setpriv");
		else
			*st = PF_STATUS_FAIL;
		break;
	default:
		if (!n->dellink.attempted && n->dellink.err)
			vd_sb_add(s, "could not tell: no rtnetlink socket (%s)", vd_errname(n->dellink.err));
		else
			vd_sb_add(s, "could not tell (RTM_DELLINK: %s)", res);
		*st = PF_STATUS_WARN;
		break;
	}
}

static void seccomp_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_seccomp_facts *sc = &d->f->seccomp;
	if (sc->mode == 2 && sc->filters >= 0)
		vd_sb_add(s, "filter active (%d)", sc->filters);
	else if (sc->mode == 2)
		vd_sb_add(s, "filter active");
	else if (sc->mode == 0)
		vd_sb_add(s, "no filter");
	else if (sc->mode == 1)
		vd_sb_add(s, "strict mode");
	else
		vd_sb_add(s, "mode unknown");
	const struct pf_oracle *o = d->user_namespace ? &sc->clone_userns_net : &sc->clone_net;
	vd_sb_add(s, "; clone(%s) ", d->user_namespace ? "NEWUSER|NEWNET" : "NEWNET");
	vd_oracle_describe(s, o);
	if (d->nsjail && vd_gate_blocks(o->gate))
		*st = PF_STATUS_FAIL;
	if (sc->clone3.gate != PF_GATE_ALLOWED && sc->clone3.gate != PF_GATE_UNKNOWN) {
		vd_sb_add(s, "; clone3 ");
		vd_oracle_describe(s, &sc->clone3);
	}
	if (vd_gate_blocks(sc->unshare.gate) || vd_gate_blocks(sc->setns.gate))
		vd_sb_add(s, "; unshare %s, setns %s", pf_gate_name(sc->unshare.gate), pf_gate_name(sc->setns.gate));
}

static void userns_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_userns_facts *u = &d->f->userns;
	char tmp[48];
	if (!d->user_namespace) {
		vd_sb_add(s, "clone(NEWNET): %s", vd_attempt_result(&u->netns_clone, tmp, sizeof tmp));
		if (vd_attempt_ok(&u->netns_clone))
			vd_sb_add(s, "; veth: %s", vd_attempt_result(&u->netns_veth, tmp, sizeof tmp));
		if (vd_attempt_failed(&u->netns_clone) || vd_attempt_failed(&u->netns_veth)) {
			if (d->nonroot && d->escalation_ok &&
			    (u->netns_clone.err == EPERM ||
			     (vd_attempt_ok(&u->netns_clone) && u->netns_veth.err == EPERM))) {
				vd_sb_add(
					s,
					" as euid %ld (boundary's setpriv re-exec grants CAP_SYS_ADMIN and CAP_NET_ADMIN)",
					d->euid);
				*st = PF_STATUS_WARN;
			} else {
				*st = PF_STATUS_FAIL;
			}
		}
		return;
	}
	vd_sb_add(s, "clone(NEWUSER|NEWNET): %s", vd_attempt_result(&u->clone, tmp, sizeof tmp));
	if (vd_attempt_failed(&u->clone) || !u->clone.attempted) {
		if (vd_nonroot_clone_unrepresentative(d, &u->clone)) {
			vd_sb_add(s, " as euid %ld (boundary's setpriv re-exec grants CAP_SYS_ADMIN)", d->euid);
			*st = PF_STATUS_WARN;
		} else if (vd_attempt_failed(&u->clone)) {
			*st = PF_STATUS_FAIL;
		}
		return;
	}
	/* boundary's order: the veth pair first, then the maps, then the child */
	const struct {
		const struct pf_attempt *a;
		const char *what;
	} steps[] = {
		{ &u->veth, "veth" },       { &u->uid_map, "uid_map" }, { &u->setgroups, "setgroups" },
		{ &u->gid_map, "gid_map" }, { &u->lo_up, "lo" },        { &u->addr, "addr" },
		{ &u->route, "route" },
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		vd_sb_add(s, "; %s: %s", steps[i].what, vd_attempt_result(steps[i].a, tmp, sizeof tmp));
		if (steps[i].a == &u->uid_map && u->mapped_uid >= 0)
			vd_sb_add(s, " (%ld)", u->mapped_uid);
		if (vd_attempt_failed(steps[i].a) && !(steps[i].a == &u->setgroups && u->setgroups.err == ENOENT)) {
			*st = PF_STATUS_FAIL;
			return;
		}
	}
	const struct pf_iptables_proof *ipt = &u->jail_iptables;
	if (ipt->attempted) {
		int err;
		enum pf_iptables_cause cause = vd_iptables_cause(ipt, &err);
		vd_sb_add(s, "; DNAT (%s): %s", ipt->variant,
			  cause == PF_IPT_OK ? "ok"
			  : err              ? vd_errname(err)
					     : "killed");
		if (cause != PF_IPT_OK)
			*st = PF_STATUS_FAIL;
	}
}

static void sysctl_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_sysctl_facts *y = &d->f->sysctl;
	const char *sep = "";
	if (y->max_user_namespaces >= 0) {
		vd_sb_add(s, "user.max_user_namespaces=%ld", y->max_user_namespaces);
		sep = "; ";
	}
	if (y->max_net_namespaces >= 0) {
		vd_sb_add(s, "%suser.max_net_namespaces=%ld", sep, y->max_net_namespaces);
		sep = "; ";
	}
	if (y->unprivileged_userns_clone >= 0) {
		vd_sb_add(s, "%skernel.unprivileged_userns_clone=%ld", sep, y->unprivileged_userns_clone);
		sep = "; ";
	}
	if (y->apparmor_restrict_unprivileged_userns >= 0) {
		vd_sb_add(s, "%skernel.apparmor_restrict_unprivileged_userns=%ld", sep,
			  y->apparmor_restrict_unprivileged_userns);
		sep = "; ";
	}
	if (y->ip_forward >= 0) {
		vd_sb_add(s, "%snet.ipv4.ip_forward=%ld%s", sep, y->ip_forward,
			  y->ip_forward_writable == PF_NO ? " (read-only)" : "");
		sep = "; ";
	}
	if (!*sep)
		vd_sb_add(s, "none of the namespace sysctls is present");
	if (d->nsjail && ((d->user_namespace && y->max_user_namespaces == 0) || y->max_net_namespaces == 0))
		*st = PF_STATUS_FAIL;
}

static void runtime_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	static const char *const confidence[] = { "low", "medium", "high" };
	const struct pf_runtime_facts *r = &d->f->runtime;
	(void)st;
	if (r->in_container)
		vd_sb_add(s, "in a container: engine %s, runtime %s (confidence %s)", pf_engine_name(r->engine),
			  pf_runtime_name(r->runtime), (unsigned)r->confidence < 3 ? confidence[r->confidence] : "low");
	else
		vd_sb_add(s, "not in a container");
	if (r->stale_marker)
		vd_sb_add(s, "; stale container marker ignored (%s)",
			  r->all_initial_namespaces ? "every namespace is initial"
						    : "pid, ipc, uts namespaces are initial");
}

static void lsm_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_lsm_facts *l = &d->f->lsm;
	(void)st;
	if (!l->apparmor_enabled && !l->selinux_enabled && !l->apparmor[0] && !l->selinux[0]) {
		vd_sb_add(s, "no AppArmor or SELinux confinement");
		return;
	}
	vd_sb_add(s, "AppArmor: %s; SELinux: %s",
		  l->apparmor[0] ? l->apparmor : (l->apparmor_enabled ? "enabled" : "off"),
		  l->selinux[0] ? l->selinux : (l->selinux_enabled ? "enabled" : "off"));
}

static void privilege_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_privilege_facts *p = &d->f->privilege;
	if (!d->nonroot) {
		vd_sb_add(s, "running as root: boundary does not re-execute through sudo/setpriv");
		*st = PF_STATUS_SKIP;
		return;
	}
	vd_sb_add(s, "euid %ld; sudo %s; setpriv %s; bounding set: net_admin %s, sys_admin %s", d->euid,
		  p->sudo_path[0] ? p->sudo_path : "missing", p->setpriv_path[0] ? p->setpriv_path : "missing",
		  p->net_admin_in_bounding ? "yes" : "no", p->sys_admin_in_bounding ? "yes" : "no");
	if (!p->setuid_in_bounding || !p->setgid_in_bounding)
		vd_sb_add(s, ", setuid %s, setgid %s", p->setuid_in_bounding ? "yes" : "no",
			  p->setgid_in_bounding ? "yes" : "no");
	if (d->escalation & PF_ESCALATION_NO_NEW_PRIVS)
		vd_sb_add(s, "; NoNewPrivs");
	if (!d->escalation_ok && d->nsjail)
		*st = PF_STATUS_FAIL;
}

static void tools_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_tools_facts *t = &d->f->tools;
	unsigned missing = vd_missing_tools(d->f);
	const char *sep = "";
	if (t->ip[0]) {
		vd_sb_add(s, "ip");
		sep = ", ";
	}
	if (t->iptables[0]) {
		vd_sb_add(s, "%siptables", sep);
		if (t->iptables_variant[0])
			vd_sb_add(s, " (%s)", t->iptables_variant);
		int err;
		enum pf_iptables_cause cause = vd_iptables_cause(&t->iptables_host, &err);
		if (cause == PF_IPT_NO_NET_ADMIN)
			vd_sb_add(s, " [nat table: EPERM]");
		else if (cause != PF_IPT_OK) {
			vd_sb_add(s, " [%s: %s]",
				  cause == PF_IPT_LOCK         ? "lock file"
				  : cause == PF_IPT_NO_NET_RAW ? "raw socket"
							       : "nat table",
				  err ? vd_errname(err) : "killed");
			if (d->nsjail)
				*st = PF_STATUS_FAIL;
		}
		sep = ", ";
	}
	if (t->sysctl[0])
		vd_sb_add(s, "%ssysctl", sep);
	if (missing) {
		vd_sb_add(s, "%smissing:", s->len ? "; " : "");
		for (unsigned bit = 1; bit < 1u << PF_TOOL_COUNT; bit <<= 1)
			if (missing & bit)
				vd_sb_add(s, " %s", pf_tool_name(bit));
		if (d->nsjail)
			*st = PF_STATUS_FAIL;
	}
}

static void landlock_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_landlock_facts *l = &d->f->landlock;
	if (l->abi >= 4)
		vd_sb_add(s, "ABI %d (landjail needs 4)", l->abi);
	else if (l->abi > 0)
		vd_sb_add(s, "ABI %d: no network rules (landjail needs 4, Linux 6.7+)", l->abi);
	else
		vd_sb_add(s, "unavailable (%s)", l->err ? vd_errname(l->err) : "no answer");
	if (d->nsjail) {
		if (l->abi < 4)
			*st = PF_STATUS_SKIP;
	} else if (l->abi < 4) {
		*st = PF_STATUS_FAIL;
	}
}

static void kernel_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_kernel_facts *k = &d->f->kernel;
	(void)st;
	vd_sb_add(s, "%s %s", k->release[0] ? k->release : "?", k->machine[0] ? k->machine : "?");
	if (k->actions_avail[0])
		vd_sb_add(s, "; seccomp actions: %s", k->actions_avail);
	if (k->libseccomp_version[0])
		vd_sb_add(s, "; libseccomp %s", k->libseccomp_version);
}

typedef void summary_fn(const struct decide *d, struct sbuf *s, enum pf_status *st);

static summary_fn *const summaries[PF_PROBE_COUNT] = {
	[PF_PROBE_CAPABILITIES] = caps_summary, [PF_PROBE_NETADMIN] = netadmin_summary,
	[PF_PROBE_SECCOMP] = seccomp_summary,   [PF_PROBE_USERNS] = userns_summary,
	[PF_PROBE_SYSCTL] = sysctl_summary,     [PF_PROBE_RUNTIME] = runtime_summary,
	[PF_PROBE_LSM] = lsm_summary,           [PF_PROBE_PRIVILEGE] = privilege_summary,
	[PF_PROBE_TOOLS] = tools_summary,       [PF_PROBE_LANDLOCK] = landlock_summary,
	[PF_PROBE_KERNEL] = kernel_summary,
};

/* Probes whose facts only boundary's nsjail needs. */
static bool nsjail_only(enum pf_probe_id id)
{
	return id == PF_PROBE_NETADMIN || id == PF_PROBE_USERNS || id == PF_PROBE_PRIVILEGE || id == PF_PROBE_TOOLS;
}

void vd_assess_probes(const struct decide *d)
{
	for (int i = 0; i < PF_PROBE_COUNT; i++) {
		struct pf_probe_assessment *pa = &d->v->probes[i];
		const struct pf_probe_run *run = &d->f->run[i];
		struct sbuf s;
		vd_sb_init(&s, pa->summary, sizeof pa->summary);
		pa->status = PF_STATUS_PASS;
		if (run->error) {
			pa->status = PF_STATUS_ERROR;
			vd_sb_add(&s, "probe error: %s", run->error_msg[0] ? run->error_msg : "no message");
			continue;
		}
		if (!run->ran) {
			pa->status = PF_STATUS_SKIP;
			vd_sb_add(&s, "not run");
			continue;
		}
		summaries[i](d, &s, &pa->status);
		if (!d->nsjail && nsjail_only((enum pf_probe_id)i)) {
			pa->status = PF_STATUS_SKIP;
			/* keep the evidence, say why it does not count */
			char evidence[sizeof pa->summary];
			snprintf(evidence, sizeof evidence, "%s", pa->summary);
			vd_sb_init(&s, pa->summary, sizeof pa->summary);
			vd_sb_add(&s, "not needed by landjail: %s", evidence);
		}
	}
}

/* A finding makes its probe's line fail (blocker) or warn (warning). */
void vd_mark_findings(struct pf_verdict *v)
{
	for (int i = 0; i < v->n_blockers; i++) {
		struct pf_probe_assessment *pa = &v->probes[v->blockers[i].probe];
		if (pa->status != PF_STATUS_ERROR)
			pa->status = PF_STATUS_FAIL;
	}
	for (int i = 0; i < v->n_warnings; i++) {
		struct pf_probe_assessment *pa = &v->probes[v->warnings[i].probe];
		if (pa->status == PF_STATUS_PASS || pa->status == PF_STATUS_SKIP)
			pa->status = PF_STATUS_WARN;
	}
}
