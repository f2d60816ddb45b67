/* SPDX-License-Identifier: MIT */
/* The verdict: facts and options in, configuration, findings and fixes
 * out. Pure: no I/O and no state besides the const tables below. The
 * decision follows docs/design.md's verdict table; docs/fixes.md explains each code and
 * tests/verdict/ checks every row. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "preflight/verdict.h"

#include "fixes.h"

const char *const pf_blocker_codes[] = {
	PF_CODE_MISSING_CAP_NET_ADMIN,
	PF_CODE_SECCOMP_BLOCKS_CLONE,
	PF_CODE_SECCOMP_KILLS_CLONE,
	PF_CODE_USERNS_LIMIT_ZERO,
	PF_CODE_USERNS_RESTRICTED,
	PF_CODE_NETNS_NEEDS_SYS_ADMIN,
	PF_CODE_IDMAP_FAILED,
	PF_CODE_VETH_UNAVAILABLE,
	PF_CODE_NONROOT_ESCALATION_FAILS,
	PF_CODE_TOOL_MISSING,
	PF_CODE_IPTABLES_UNUSABLE,
	PF_CODE_NETNS_PARENT_OWNED,
	PF_CODE_NETNS_LIMIT_REACHED,
	PF_CODE_JAIL_NETWORK_FAILED,
	PF_CODE_LANDLOCK_UNAVAILABLE,
	PF_CODE_PROBE_ERROR,
	/* only under --strict; a warning otherwise */
	PF_CODE_TESTING_ONLY_SYS_ADMIN,
	NULL,
};

const char *const pf_warning_codes[] = {
	PF_CODE_TESTING_ONLY_SYS_ADMIN,
	PF_CODE_SECCOMP_UNCONFINED,
	PF_CODE_CLONE3_EPERM,
	PF_CODE_STALE_CONTAINER_MARKER,
	PF_CODE_IP_FORWARD_READONLY,
	PF_CODE_LANDJAIL_AVAILABLE,
	PF_CODE_RUNTIME_UNDOCUMENTED,
	PF_CODE_SUDO_POLICY_UNCHECKED,
	NULL,
};

/* ---- small pure helpers ---- */

/* Bounded appender: text past the end is dropped, never overruns. */
struct sbuf {
	char *buf;
	size_t size, len;
};

static void sb_init(struct sbuf *s, char *buf, size_t size)
{
	s->buf = buf;
	s->size = size;
	s->len = 0;
	if (size)
		buf[0] = '\0';
}

__attribute__((format(printf, 2, 3)))
static void sb_add(struct sbuf *s, const char *fmt, ...)
{
	if (s->len + 1 >= s->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	s->len += (size_t)n;
	if (s->len >= s->size)
		s->len = s->size - 1;
}

static const char *errname(int err)
{
	const char *name = strerrorname_np(err);
	return name ? name : "an unknown errno";
}

static bool attempt_failed(const struct pf_attempt *a)
{
	return a->attempted && (a->err != 0 || a->signal != 0 || a->timed_out);
}

static bool attempt_ok(const struct pf_attempt *a)
{
	return a->attempted && !attempt_failed(a);
}

/* "ok", "EPERM", "killed by SIGSYS", "timed out", "not tried" */
static const char *attempt_result(const struct pf_attempt *a, char *buf, size_t size)
{
	if (!a->attempted)
		return "not tried";
	if (a->timed_out)
		return "timed out";
	if (a->signal) {
		const char *abbrev = sigabbrev_np(a->signal);
		if (abbrev)
			snprintf(buf, size, "killed by SIG%s", abbrev);
		else
			snprintf(buf, size, "killed by signal %d", a->signal);
		return buf;
	}
	if (a->err == 0)
		return "ok";
	return errname(a->err);
}

/* "allowed (EINVAL)", "denied: EPERM, expected EINVAL", "killed by SIGSYS" */
static void oracle_describe(struct sbuf *s, const struct pf_oracle *o)
{
	char tmp[48];
	switch (o->gate) {
	case PF_GATE_ALLOWED:
		sb_add(s, "allowed (%s)", attempt_result(&o->call, tmp, sizeof tmp));
		break;
	case PF_GATE_DENIED:
		sb_add(s, "denied: %s, expected %s", attempt_result(&o->call, tmp, sizeof tmp),
		       errname(o->expected_errno));
		break;
	case PF_GATE_NOSYS:
		sb_add(s, "denied: ENOSYS, expected %s", errname(o->expected_errno));
		break;
	case PF_GATE_KILLED:
		sb_add(s, "killed by SIGSYS (seccomp KILL/TRAP)");
		break;
	case PF_GATE_UNKNOWN:
	default:
		sb_add(s, "unknown (%s)", attempt_result(&o->call, tmp, sizeof tmp));
		break;
	}
}

static bool gate_blocks(enum pf_gate g)
{
	return g == PF_GATE_DENIED || g == PF_GATE_NOSYS || g == PF_GATE_KILLED;
}

/* ---- causes shared with fixes.c ---- */

enum pf_userns_cause pf_userns_restriction_cause(const struct pf_facts *f, int err)
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

static bool caps_readable(const struct pf_facts *f)
{
	return f->caps.read_ok && !f->run[PF_PROBE_CAPABILITIES].error;
}

static int no_new_privs(const struct pf_facts *f)
{
	return f->caps.no_new_privs >= 0 ? f->caps.no_new_privs : f->seccomp.no_new_privs;
}

unsigned pf_escalation_failures(const struct pf_facts *f)
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

enum pf_iptables_cause pf_iptables_cause(const struct pf_iptables_proof *p, int *err)
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

unsigned pf_missing_tools(const struct pf_facts *f)
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

/* Package providing each tool: Debian, Alpine, RHEL. */
static const struct {
	unsigned bit;
	const char *tool;
	const char *package[3];
} tool_packages[] = {
	{ PF_TOOL_IP, "ip", { "iproute2", "iproute2", "iproute" } },
	{ PF_TOOL_IPTABLES, "iptables", { "iptables", "iptables", "iptables-nft" } },
	{ PF_TOOL_SYSCTL, "sysctl", { "procps", "procps", "procps-ng" } },
};

void pf_tool_packages(unsigned missing, int distro, char *buf, size_t size)
{
	struct sbuf s;
	sb_init(&s, buf, size);
	if (distro < 0 || distro > 2)
		return;
	for (size_t i = 0; i < sizeof tool_packages / sizeof tool_packages[0]; i++)
		if (missing & tool_packages[i].bit)
			sb_add(&s, "%s%s", s.len ? " " : "", tool_packages[i].package[distro]);
}

static bool net_limit_hit(const struct pf_facts *f, bool user_namespace)
{
	if (!user_namespace)
		return true;
	const struct pf_attempt *alone = &f->userns.clone_user_only;
	/* a user namespace alone could be made: the network one was refused */
	if (attempt_ok(alone))
		return true;
	if (attempt_failed(alone))
		return false;
	return f->sysctl.max_user_namespaces != 0 && f->sysctl.max_net_namespaces == 0;
}

const char *pf_namespace_limit_sysctl(const struct pf_facts *f, bool user_namespace)
{
	return net_limit_hit(f, user_namespace) ? "user.max_net_namespaces" : "user.max_user_namespaces";
}

long pf_namespace_limit_value(const struct pf_facts *f, bool user_namespace)
{
	return net_limit_hit(f, user_namespace) ? f->sysctl.max_net_namespaces : f->sysctl.max_user_namespaces;
}

/* Distributions default to about half of threads-max; 15000 is ample for
 * boundary. Never below the current value: a fix must not lower a limit. */
#define PF_LIMIT_SUGGESTED 15000
long pf_namespace_limit_target(long current)
{
	if (current < PF_LIMIT_SUGGESTED)
		return PF_LIMIT_SUGGESTED;
	return current > 0x3fffffffL ? 0x7fffffffL : current * 2;
}

bool pf_idmap_needs_setfcap(const struct pf_facts *f)
{
	return f->userns.mapped_uid == 0 && caps_readable(f) &&
	       !(f->caps.effective & PF_CAP_BIT(PF_CAP_SETFCAP));
}

/* ---- the decision ---- */

struct decide {
	const struct pf_facts *f;
	const struct pf_options *o;
	struct pf_verdict *v;
	bool nsjail;
	bool user_namespace;     /* boundary's default mode (not --no-user-namespace) */
	long euid;
	bool nonroot;
	unsigned escalation;     /* pf_escalation_failures, nonroot only */
	bool escalation_ok;
	unsigned probe_error;    /* probes already reported as PROBE_ERROR */
};

__attribute__((format(printf, 5, 6)))
static void add_finding(struct decide *d, bool blocker, const char *code, enum pf_probe_id probe,
			const char *fmt, ...)
{
	struct pf_verdict *v = d->v;
	int *n = blocker ? &v->n_blockers : &v->n_warnings;
	struct pf_finding *list = blocker ? v->blockers : v->warnings;
	if (*n >= PF_MAX_FINDINGS)
		return;
	struct pf_finding *fd = &list[(*n)++];
	fd->code = code;
	fd->probe = probe;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(fd->message, sizeof fd->message, fmt, ap);
	va_end(ap);
}

#define BLOCKER(d, code, probe, ...) add_finding((d), true, (code), (probe), __VA_ARGS__)
#define WARNING(d, code, probe, ...) add_finding((d), false, (code), (probe), __VA_ARGS__)

/* A probe that errored cannot decide its requirement: one PROBE_ERROR each. */
static bool probe_errored(struct decide *d, enum pf_probe_id id)
{
	const struct pf_probe_run *run = &d->f->run[id];
	if (!run->error)
		return false;
	if (!(d->probe_error & (1u << id))) {
		d->probe_error |= 1u << id;
		BLOCKER(d, PF_CODE_PROBE_ERROR, id, "the %s probe could not decide: %s", pf_probe_name(id),
			run->error_msg[0] ? run->error_msg : "it failed without a message");
	}
	return true;
}

__attribute__((format(printf, 3, 4)))
static void undecided(struct decide *d, enum pf_probe_id id, const char *fmt, ...)
{
	if (d->probe_error & (1u << id))
		return;
	d->probe_error |= 1u << id;
	char why[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	BLOCKER(d, PF_CODE_PROBE_ERROR, id, "the %s probe could not decide: %s", pf_probe_name(id), why);
}

static void escalation_reasons(struct sbuf *s, unsigned why)
{
	const char *sep = "";
	if (why & PF_ESCALATION_NO_SUDO) {
		sb_add(s, "%ssudo is not on PATH", sep);
		sep = "; ";
	}
	if (why & PF_ESCALATION_NO_SETPRIV) {
		sb_add(s, "%ssetpriv is not on PATH", sep);
		sep = "; ";
	}
	if (why & (PF_ESCALATION_NET_ADMIN_NOT_BOUNDING | PF_ESCALATION_SYS_ADMIN_NOT_BOUNDING)) {
		bool both = (why & PF_ESCALATION_NET_ADMIN_NOT_BOUNDING) && (why & PF_ESCALATION_SYS_ADMIN_NOT_BOUNDING);
		sb_add(s, "%s%s outside the bounding set, so setpriv --inh-caps +net_admin,+sys_admin fails "
		       "(\"apply capabilities: Operation not permitted\")", sep,
		       both ? "cap_net_admin and cap_sys_admin are" :
		       (why & PF_ESCALATION_NET_ADMIN_NOT_BOUNDING) ? "cap_net_admin is" : "cap_sys_admin is");
		sep = "; ";
	}
	if (why & PF_ESCALATION_NO_NEW_PRIVS) {
		sb_add(s, "%sNoNewPrivs is set, so the setuid sudo cannot raise privileges", sep);
		sep = "; ";
	}
	if (why & (PF_ESCALATION_SETUID_NOT_BOUNDING | PF_ESCALATION_SETGID_NOT_BOUNDING))
		sb_add(s, "%s%s outside the bounding set, so sudo cannot change its ids and setpriv "
		       "--reuid/--regid/--clear-groups fails", sep,
		       (why & PF_ESCALATION_SETUID_NOT_BOUNDING) && (why & PF_ESCALATION_SETGID_NOT_BOUNDING) ?
			       "cap_setuid and cap_setgid are" :
		       (why & PF_ESCALATION_SETUID_NOT_BOUNDING) ? "cap_setuid is" : "cap_setgid is");
}

/* CAP_NET_ADMIN in this network namespace (docs/facts.md sections 1.1 and 4). */
static void check_net_admin(struct decide *d)
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
			"boundary creates its veth pair and iptables rules here", errname(f->netadmin.owner_err),
			(unsigned long long)f->caps.effective, attempt_result(&f->netadmin.dellink, tmp, sizeof tmp));
		return;
	}
	if (!f->run[PF_PROBE_NETADMIN].error && f->netadmin.net_admin_here != PF_UNKNOWN) {
		char tmp[48];
		have = f->netadmin.net_admin_here;
		snprintf(evidence, sizeof evidence, "rtnetlink RTM_DELLINK of a nonexistent link answered %s",
			 attempt_result(&f->netadmin.dellink, tmp, sizeof tmp));
	} else if (caps_readable(f)) {
		have = (f->caps.effective & PF_CAP_BIT(PF_CAP_NET_ADMIN)) ? PF_YES : PF_NO;
		probe = PF_PROBE_CAPABILITIES;
		snprintf(evidence, sizeof evidence, "CapEff is %#llx (the netadmin probe could not tell)",
			 (unsigned long long)f->caps.effective);
	} else {
		undecided(d, PF_PROBE_NETADMIN, "neither rtnetlink nor the capability sets tell whether "
			  "CAP_NET_ADMIN is held in this network namespace");
		return;
	}
	if (have == PF_YES)
		return;
	if (!d->nonroot) {
		BLOCKER(d, PF_CODE_MISSING_CAP_NET_ADMIN, probe,
			"CAP_NET_ADMIN is not effective in this network namespace (%s); boundary creates a veth "
			"pair, addresses and iptables rules here before the jail starts", evidence);
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
	sb_init(&s, why, sizeof why);
	if (d->escalation & PF_ESCALATION_NET_ADMIN_NOT_BOUNDING)
		sb_add(&s, "CAP_NET_ADMIN is not even in the bounding set, so no process here can hold it");
	else
		sb_add(&s, "cannot gain it through sudo (%s)", (d->escalation & PF_ESCALATION_NO_SUDO) ?
		       "sudo is not on PATH" : "NoNewPrivs defeats the setuid sudo");
	BLOCKER(d, PF_CODE_MISSING_CAP_NET_ADMIN, probe,
		"euid %ld holds no CAP_NET_ADMIN in this network namespace (%s) and %s", d->euid, evidence, why);
}

/* boundary re-executes itself through sudo and setpriv when not root. */
static void check_escalation(struct decide *d)
{
	if (!d->nonroot || probe_errored(d, PF_PROBE_PRIVILEGE) || d->escalation_ok)
		return;
	char why[300];
	struct sbuf s;
	sb_init(&s, why, sizeof why);
	escalation_reasons(&s, d->escalation);
	BLOCKER(d, PF_CODE_NONROOT_ESCALATION_FAILS, PF_PROBE_PRIVILEGE,
		"euid %ld: boundary re-executes itself as sudo -E env ... setpriv --inh-caps +net_admin,+sys_admin "
		"--ambient-caps +net_admin,+sys_admin, which fails here: %s", d->euid, why);
}

static void check_tools(struct decide *d)
{
	if (probe_errored(d, PF_PROBE_TOOLS))
		return;
	unsigned missing = pf_missing_tools(d->f);
	if (!missing)
		return;
	char list[300];
	struct sbuf s;
	sb_init(&s, list, sizeof list);
	for (size_t i = 0; i < sizeof tool_packages / sizeof tool_packages[0]; i++) {
		if (!(missing & tool_packages[i].bit))
			continue;
		sb_add(&s, "%s%s (package %s on Debian, %s on Alpine, %s on RHEL)", s.len ? ", " : "",
		       tool_packages[i].tool, tool_packages[i].package[0], tool_packages[i].package[1],
		       tool_packages[i].package[2]);
	}
	BLOCKER(d, PF_CODE_TOOL_MISSING, PF_PROBE_TOOLS,
		"not on PATH: %s; boundary runs ip, iptables and sysctl to set up the jail's network",
		list);
}

/* Why, in words, a proof failed; what boundary's iptables would print. */
static const char *iptables_cause_text(enum pf_iptables_cause cause, int err, char *buf, size_t size)
{
	switch (cause) {
	case PF_IPT_LOCK:
		snprintf(buf, size, "iptables-legacy cannot open its lock file %s (%s; it is root's, mode 0600): "
			 "\"can't open lock file\"", "/run/xtables.lock", errname(err));
		break;
	case PF_IPT_NO_NET_RAW:
		snprintf(buf, size, "iptables-legacy needs a raw socket, which needs CAP_NET_RAW (%s): \"can't "
			 "initialize iptables table 'nat': Permission denied\"", errname(err));
		break;
	case PF_IPT_NO_BACKEND:
		snprintf(buf, size, "the kernel has no tables for this iptables variant (%s: module missing or "
			 "not built)", errname(err));
		break;
	case PF_IPT_KILLED:
		snprintf(buf, size, "the proof was killed or hung (a seccomp KILL/TRAP on socket or getsockopt)");
		break;
	case PF_IPT_NO_NET_ADMIN:
		snprintf(buf, size, "the nat table refuses this process (EPERM: CAP_NET_ADMIN)");
		break;
	default:
		snprintf(buf, size, "%s", errname(err));
		break;
	}
	return buf;
}

/* boundary's host-side rules (nat MASQUERADE and REDIRECT, two FORWARD
 * ACCEPT), proven in this network namespace with this process's
 * credentials. A non-root user runs them after setpriv with ambient
 * net_admin,sys_admin: the lock file and the raw socket are as this user
 * sees them (setpriv grants no DAC override and no CAP_NET_RAW), while
 * CAP_NET_ADMIN comes from setpriv, so its absence here is not boundary's. */
static void check_iptables_host(struct decide *d)
{
	const struct pf_tools_facts *t = &d->f->tools;
	if (d->f->run[PF_PROBE_TOOLS].error || !t->iptables[0])
		return;
	int err;
	enum pf_iptables_cause cause = pf_iptables_cause(&t->iptables_host, &err);
	if (cause == PF_IPT_OK || cause == PF_IPT_NO_NET_ADMIN)
		return; /* CAP_NET_ADMIN is the netadmin check's (and setpriv's) */
	char why[200];
	BLOCKER(d, PF_CODE_IPTABLES_UNUSABLE, PF_PROBE_TOOLS,
		"%s (%s) cannot add boundary's host-side nat and FORWARD rules in this network namespace%s: %s",
		t->iptables, t->iptables_host.variant, d->nonroot ? " as this user (boundary runs it after setpriv "
		"with only net_admin and sys_admin)" : "", iptables_cause_text(cause, err, why, sizeof why));
}

/* Returns true when seccomp's answer alone blocks boundary's clone. */
static bool check_seccomp_gate(struct decide *d)
{
	const struct pf_facts *f = d->f;
	if (f->run[PF_PROBE_SECCOMP].error)
		return false; /* the real clone in the userns probe still decides */
	const struct pf_oracle *o = d->user_namespace ? &f->seccomp.clone_userns_net : &f->seccomp.clone_net;
	const char *call = d->user_namespace ? "clone(CLONE_NEWUSER|CLONE_NEWNET|CLONE_FS)" :
					       "clone(CLONE_NEWNET|CLONE_SIGHAND)";
	char how[120];
	struct sbuf s;
	sb_init(&s, how, sizeof how);
	oracle_describe(&s, o);
	switch (o->gate) {
	case PF_GATE_KILLED:
		BLOCKER(d, PF_CODE_SECCOMP_KILLS_CLONE, PF_PROBE_SECCOMP,
			"the seccomp filter kills the caller of a namespace clone: the invalid-flag probe %s was %s; "
			"boundary's clone would die the same way", call, how);
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
			"%s%s", mode, filters, call, how, *whose ? "; " : "", whose);
		return true;
	}
	default:
		return false;
	}
}

static bool u_alone_tried(const struct pf_facts *f)
{
	return f->userns.clone_user_only.attempted;
}

/* A failed real clone not explained by seccomp. */
static void clone_failure(struct decide *d, const struct pf_attempt *a, const char *call)
{
	const struct pf_facts *f = d->f;
	if (a->timed_out) {
		undecided(d, PF_PROBE_USERNS, "%s timed out", call);
		return;
	}
	if (a->signal == SIGSYS) {
		BLOCKER(d, PF_CODE_SECCOMP_KILLS_CLONE, PF_PROBE_USERNS,
			"%s was killed by SIGSYS: a seccomp KILL/TRAP action", call);
		return;
	}
	if (a->signal) {
		char tmp[48];
		undecided(d, PF_PROBE_USERNS, "%s: the child was %s", call, attempt_result(a, tmp, sizeof tmp));
		return;
	}
	if (a->err == ENOSPC) {
		const char *name = pf_namespace_limit_sysctl(f, d->user_namespace);
		long limit = pf_namespace_limit_value(f, d->user_namespace);
		bool net = strcmp(name, "user.max_net_namespaces") == 0;
		const char *code = net ? PF_CODE_NETNS_LIMIT_REACHED : PF_CODE_USERNS_LIMIT_ZERO;
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
				"%s: ENOSPC%s: %s (unreadable here) or the nesting depth of 32 is reached", call,
				which, name);
		return;
	}
	if (!d->user_namespace && a->err == EPERM) {
		BLOCKER(d, PF_CODE_NETNS_NEEDS_SYS_ADMIN, PF_PROBE_USERNS,
			"%s: EPERM: with --no-user-namespace boundary creates a network namespace without a user "
			"namespace, which needs CAP_SYS_ADMIN; CAP_SYS_ADMIN is %s", call,
			!caps_readable(f) ? "of unknown state" :
			(f->caps.effective & PF_CAP_BIT(PF_CAP_SYS_ADMIN)) ? "effective (so something else denies it)" :
									    "not effective");
		return;
	}
	const char *likely;
	switch (pf_userns_restriction_cause(f, a->err)) {
	case PF_USERNS_CAUSE_DEBIAN_SYSCTL:
		likely = "kernel.unprivileged_userns_clone is 0 (Debian/Ubuntu patch)";
		break;
	case PF_USERNS_CAUSE_APPARMOR_SYSCTL:
		likely = "kernel.apparmor_restrict_unprivileged_userns is 1 (Ubuntu 23.10+ AppArmor restriction)";
		break;
	case PF_USERNS_CAUSE_APPARMOR:
		likely = "the AppArmor profile denies user namespace creation (EACCES comes from an LSM)";
		break;
	case PF_USERNS_CAUSE_SELINUX:
		likely = "SELinux denies user_namespace create (EACCES comes from an LSM)";
		break;
	case PF_USERNS_CAUSE_LSM:
		likely = "a Linux security module denies it (EACCES comes from an LSM)";
		break;
	case PF_USERNS_CAUSE_CHROOT:
		likely = f->seccomp.clone_userns_net.gate == PF_GATE_ALLOWED || !d->user_namespace ?
				 "the process is chrooted, or its euid is not mapped in its user namespace" :
				 "the process is chrooted, its euid is unmapped, or a seccomp rule the probe could not see";
		break;
	case PF_USERNS_CAUSE_UNKNOWN:
	default:
		likely = "an unexpected errno for this call";
		break;
	}
	const struct pf_oracle *o = d->user_namespace ? &f->seccomp.clone_userns_net : &f->seccomp.clone_net;
	BLOCKER(d, PF_CODE_USERNS_RESTRICTED, PF_PROBE_USERNS, "%s: %s, %s; likely: %s%s", call,
		errname(a->err),
		o->gate == PF_GATE_ALLOWED && !f->run[PF_PROBE_SECCOMP].error ? "though seccomp let the call through" :
										 "and the seccomp oracle could not tell why",
		likely,
		d->nonroot && d->escalation_ok ? "; the CAP_SYS_ADMIN boundary's setpriv re-exec grants does not lift "
						 "this (only Debian's sysctl in the initial user namespace yields to it)" : "");
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
			undecided(d, PF_PROBE_USERNS, "%s was not tried after a successful clone", steps[i].what);
			return false;
		}
		if (a->timed_out || (a->signal && !a->err)) {
			char tmp[48];
			undecided(d, PF_PROBE_USERNS, "%s: %s", steps[i].what, attempt_result(a, tmp, sizeof tmp));
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
		if (a == &u->uid_map && a->err == EPERM && pf_idmap_needs_setfcap(f))
			BLOCKER(d, PF_CODE_IDMAP_FAILED, PF_PROBE_USERNS,
				"%s%s: EPERM: since Linux 5.12 a map that maps uid 0 needs CAP_SETFCAP, and CAP_SETFCAP "
				"is not effective (CapEff %#llx)", steps[i].what, map,
				(unsigned long long)f->caps.effective);
		else if (f->sysctl.apparmor_restrict_unprivileged_userns == 1)
			BLOCKER(d, PF_CODE_IDMAP_FAILED, PF_PROBE_USERNS,
				"%s%s: %s; kernel.apparmor_restrict_unprivileged_userns is 1, which leaves an unconfined "
				"process's new user namespace without capabilities", steps[i].what, map, errname(a->err));
		else
			BLOCKER(d, PF_CODE_IDMAP_FAILED, PF_PROBE_USERNS,
				"%s%s: %s; boundary writes the same maps (uid and gid each mapped to themselves)",
				steps[i].what, map, errname(a->err));
		return false;
	}
	return true;
}

static void veth_failure(struct decide *d, const struct pf_attempt *a, const char *what)
{
	if (!a->attempted) {
		undecided(d, PF_PROBE_USERNS, "%s was not tried", what);
		return;
	}
	if (!attempt_failed(a))
		return;
	if (a->timed_out || (a->signal && !a->err)) {
		char tmp[48];
		undecided(d, PF_PROBE_USERNS, "%s: %s", what, attempt_result(a, tmp, sizeof tmp));
		return;
	}
	const char *hint = "";
	if (a->err == EOPNOTSUPP)
		hint = "; the kernel has no veth driver (module not loaded or not built)";
	if (d->f->runtime.runtime == PF_RUNTIME_GVISOR)
		hint = "; gVisor's network stack has no veth";
	BLOCKER(d, PF_CODE_VETH_UNAVAILABLE, PF_PROBE_USERNS,
		"%s inside the new network namespace: %s%s; boundary moves one end of a veth pair into the jail",
		what, errname(a->err), hint);
}

/* A clone the probe made as a non-root user who will get CAP_SYS_ADMIN
 * through boundary's sudo/setpriv re-exec. Only one refusal is lifted by
 * that: Debian's kernel.unprivileged_userns_clone=0, which the kernel
 * waives for capable(CAP_SYS_ADMIN), i.e. CAP_SYS_ADMIN in the initial user
 * namespace, so only when this process lives there. A chroot, an LSM
 * denial (EACCES) or the same sysctl seen from a nested user namespace
 * refuse boundary exactly as they refuse the probe (docs/facts.md
 * section 3). */
static bool nonroot_clone_unrepresentative(const struct decide *d, const struct pf_attempt *a)
{
	const struct pf_facts *f = d->f;
	return d->nonroot && d->escalation_ok && a->attempted && !a->signal && !a->timed_out && a->err == EPERM &&
	       f->sysctl.unprivileged_userns_clone == 0 && f->runtime.user_ns_initial == PF_YES;
}

/* Inside the jail's network: what boundary's child does after the maps. */
static bool check_jail_network(struct decide *d)
{
	const struct pf_userns_facts *u = &d->f->userns;
	if (attempt_failed(&u->lo_up)) {
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
			undecided(d, PF_PROBE_USERNS, "%s was not tried", steps[i].what);
			return false;
		}
		if (!attempt_failed(a))
			continue;
		char tmp[48];
		BLOCKER(d, PF_CODE_JAIL_NETWORK_FAILED, PF_PROBE_USERNS,
			"%s inside the new network namespace: %s; boundary's child does the same before it runs "
			"the agent", steps[i].what, attempt_result(a, tmp, sizeof tmp));
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
	enum pf_iptables_cause cause = pf_iptables_cause(jail, &err);
	if (cause == PF_IPT_OK)
		return;
	enum pf_iptables_cause host = pf_iptables_cause(&f->tools.iptables_host, &host_err);
	if (host != PF_IPT_OK && host != PF_IPT_NO_NET_ADMIN)
		return;
	char why[200];
	BLOCKER(d, PF_CODE_IPTABLES_UNUSABLE, PF_PROBE_USERNS,
		"%s iptables cannot add the jail's DNS DNAT rule inside the jail's network namespace with the "
		"credentials boundary's child has there (%s): %s", jail->variant,
		d->nonroot ? "this uid, only the ambient CAP_NET_ADMIN" : "root in its own user namespace",
		iptables_cause_text(cause, err, why, sizeof why));
}

static void check_namespaces(struct decide *d, bool seccomp_blocks)
{
	const struct pf_facts *f = d->f;
	if (probe_errored(d, PF_PROBE_USERNS))
		return;
	const struct pf_userns_facts *u = &f->userns;
	if (d->user_namespace) {
		const char *call = "clone(CLONE_NEWUSER|CLONE_NEWNET)";
		if (!u->clone.attempted) {
			if (!seccomp_blocks)
				undecided(d, PF_PROBE_USERNS, "%s was not tried", call);
			return;
		}
		if (attempt_failed(&u->clone)) {
			/* Under a blocking filter the clone's failure is its consequence. */
			if (seccomp_blocks)
				return;
			if (nonroot_clone_unrepresentative(d, &u->clone)) {
				if (f->sysctl.max_user_namespaces == 0 || f->sysctl.max_net_namespaces == 0)
					BLOCKER(d, f->sysctl.max_user_namespaces == 0 ? PF_CODE_USERNS_LIMIT_ZERO :
											 PF_CODE_NETNS_LIMIT_REACHED,
						PF_PROBE_SYSCTL, "%s after boundary's setpriv re-exec would fail with ENOSPC: %s is 0",
						call, f->sysctl.max_user_namespaces == 0 ? "user.max_user_namespaces" :
											   "user.max_net_namespaces");
				return;
			}
			clone_failure(d, &u->clone, call);
			return;
		}
		/* boundary makes the veth pair first, before its clone: a pair that
		 * cannot exist fails it there, whatever the id maps would do */
		if (!u->veth.attempted) {
			undecided(d, PF_PROBE_USERNS, "creating a veth pair was not tried");
			return;
		}
		if (attempt_failed(&u->veth)) {
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
			undecided(d, PF_PROBE_USERNS, "%s was not tried", call);
		return;
	}
	if (attempt_failed(&u->netns_clone)) {
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
	if (d->nonroot && d->escalation_ok && u->netns_veth.err == EPERM && caps_readable(f) &&
	    !(f->caps.effective & PF_CAP_BIT(PF_CAP_NET_ADMIN)))
		return;
	veth_failure(d, &u->netns_veth, "creating a veth pair");
}

/* ---- probe lines ---- */

static void caps_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_caps_facts *c = &d->f->caps;
	if (!c->read_ok) {
		sb_add(s, "capability sets could not be read");
		*st = PF_STATUS_WARN;
		return;
	}
	bool net = c->effective & PF_CAP_BIT(PF_CAP_NET_ADMIN);
	bool sys = c->effective & PF_CAP_BIT(PF_CAP_SYS_ADMIN);
	if (d->nonroot) {
		sb_add(s, "euid %ld: CAP_NET_ADMIN %s; bounding set: NET_ADMIN %s, SYS_ADMIN %s", d->euid,
		       net ? "effective" : "not effective",
		       (c->bounding & PF_CAP_BIT(PF_CAP_NET_ADMIN)) ? "yes" : "no",
		       (c->bounding & PF_CAP_BIT(PF_CAP_SYS_ADMIN)) ? "yes" : "no");
		/* sudo can give back only what the bounding set still holds */
		if (d->nsjail && !net && !(c->bounding & PF_CAP_BIT(PF_CAP_NET_ADMIN)))
			*st = PF_STATUS_FAIL;
	} else {
		sb_add(s, "CAP_NET_ADMIN %s; CAP_SYS_ADMIN %s", net ? "effective" : "not effective",
		       sys ? "effective" : "absent (not needed)");
		if (d->user_namespace && !(c->effective & PF_CAP_BIT(PF_CAP_SETFCAP)))
			sb_add(s, "; CAP_SETFCAP absent");
		if (d->nsjail && !net)
			*st = PF_STATUS_FAIL;
	}
	if (c->no_new_privs == 1)
		sb_add(s, "; NoNewPrivs");
}

static void netadmin_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_netadmin_facts *n = &d->f->netadmin;
	char tmp[48];
	const char *res = attempt_result(&n->dellink, tmp, sizeof tmp);
	switch (n->net_admin_here) {
	case PF_YES:
		sb_add(s, "can configure links in this network namespace (RTM_DELLINK: %s)", res);
		break;
	case PF_NO:
		sb_add(s, "cannot configure links in this network namespace (RTM_DELLINK: %s)", res);
		if (n->netns_owned_here == PF_NO) {
			sb_add(s, "; an ancestor user namespace owns it");
			*st = PF_STATUS_FAIL;
			break;
		}
		if (d->nonroot && d->escalation_ok)
			sb_add(s, "; boundary gains CAP_NET_ADMIN through sudo/setpriv");
		else
			*st = PF_STATUS_FAIL;
		break;
	default:
		if (!n->dellink.attempted && n->dellink.err)
			sb_add(s, "could not tell: no rtnetlink socket (%s)", errname(n->dellink.err));
		else
			sb_add(s, "could not tell (RTM_DELLINK: %s)", res);
		*st = PF_STATUS_WARN;
		break;
	}
}

static void seccomp_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_seccomp_facts *sc = &d->f->seccomp;
	if (sc->mode == 2 && sc->filters >= 0)
		sb_add(s, "filter active (%d)", sc->filters);
	else if (sc->mode == 2)
		sb_add(s, "filter active");
	else if (sc->mode == 0)
		sb_add(s, "no filter");
	else if (sc->mode == 1)
		sb_add(s, "strict mode");
	else
		sb_add(s, "mode unknown");
	const struct pf_oracle *o = d->user_namespace ? &sc->clone_userns_net : &sc->clone_net;
	sb_add(s, "; clone(%s) ", d->user_namespace ? "NEWUSER|NEWNET" : "NEWNET");
	oracle_describe(s, o);
	if (d->nsjail && gate_blocks(o->gate))
		*st = PF_STATUS_FAIL;
	if (sc->clone3.gate != PF_GATE_ALLOWED && sc->clone3.gate != PF_GATE_UNKNOWN) {
		sb_add(s, "; clone3 ");
		oracle_describe(s, &sc->clone3);
	}
	if (gate_blocks(sc->unshare.gate) || gate_blocks(sc->setns.gate))
		sb_add(s, "; unshare %s, setns %s", pf_gate_name(sc->unshare.gate), pf_gate_name(sc->setns.gate));
}

static void userns_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_userns_facts *u = &d->f->userns;
	char tmp[48];
	if (!d->user_namespace) {
		sb_add(s, "clone(NEWNET): %s", attempt_result(&u->netns_clone, tmp, sizeof tmp));
		if (attempt_ok(&u->netns_clone))
			sb_add(s, "; veth: %s", attempt_result(&u->netns_veth, tmp, sizeof tmp));
		if (attempt_failed(&u->netns_clone) || attempt_failed(&u->netns_veth)) {
			if (d->nonroot && d->escalation_ok &&
			    (u->netns_clone.err == EPERM || (attempt_ok(&u->netns_clone) && u->netns_veth.err == EPERM))) {
				sb_add(s, " as euid %ld (boundary's setpriv re-exec grants CAP_SYS_ADMIN and CAP_NET_ADMIN)", d->euid);
				*st = PF_STATUS_WARN;
			} else {
				*st = PF_STATUS_FAIL;
			}
		}
		return;
	}
	sb_add(s, "clone(NEWUSER|NEWNET): %s", attempt_result(&u->clone, tmp, sizeof tmp));
	if (attempt_failed(&u->clone) || !u->clone.attempted) {
		if (nonroot_clone_unrepresentative(d, &u->clone)) {
			sb_add(s, " as euid %ld (boundary's setpriv re-exec grants CAP_SYS_ADMIN)", d->euid);
			*st = PF_STATUS_WARN;
		} else if (attempt_failed(&u->clone)) {
			*st = PF_STATUS_FAIL;
		}
		return;
	}
	/* boundary's order: the veth pair first, then the maps, then the child */
	const struct {
		const struct pf_attempt *a;
		const char *what;
	} steps[] = {
		{ &u->veth, "veth" }, { &u->uid_map, "uid_map" }, { &u->setgroups, "setgroups" },
		{ &u->gid_map, "gid_map" }, { &u->lo_up, "lo" }, { &u->addr, "addr" }, { &u->route, "route" },
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		sb_add(s, "; %s: %s", steps[i].what, attempt_result(steps[i].a, tmp, sizeof tmp));
		if (steps[i].a == &u->uid_map && u->mapped_uid >= 0)
			sb_add(s, " (%ld)", u->mapped_uid);
		if (attempt_failed(steps[i].a) && !(steps[i].a == &u->setgroups && u->setgroups.err == ENOENT)) {
			*st = PF_STATUS_FAIL;
			return;
		}
	}
	const struct pf_iptables_proof *ipt = &u->jail_iptables;
	if (ipt->attempted) {
		int err;
		enum pf_iptables_cause cause = pf_iptables_cause(ipt, &err);
		sb_add(s, "; DNAT (%s): %s", ipt->variant, cause == PF_IPT_OK ? "ok" : err ? errname(err) : "killed");
		if (cause != PF_IPT_OK)
			*st = PF_STATUS_FAIL;
	}
}

static void sysctl_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_sysctl_facts *y = &d->f->sysctl;
	const char *sep = "";
	if (y->max_user_namespaces >= 0) {
		sb_add(s, "user.max_user_namespaces=%ld", y->max_user_namespaces);
		sep = "; ";
	}
	if (y->max_net_namespaces >= 0) {
		sb_add(s, "%suser.max_net_namespaces=%ld", sep, y->max_net_namespaces);
		sep = "; ";
	}
	if (y->unprivileged_userns_clone >= 0) {
		sb_add(s, "%skernel.unprivileged_userns_clone=%ld", sep, y->unprivileged_userns_clone);
		sep = "; ";
	}
	if (y->apparmor_restrict_unprivileged_userns >= 0) {
		sb_add(s, "%skernel.apparmor_restrict_unprivileged_userns=%ld", sep,
		       y->apparmor_restrict_unprivileged_userns);
		sep = "; ";
	}
	if (y->ip_forward >= 0) {
		sb_add(s, "%snet.ipv4.ip_forward=%ld%s", sep, y->ip_forward,
		       y->ip_forward_writable == PF_NO ? " (read-only)" : "");
		sep = "; ";
	}
	if (!*sep)
		sb_add(s, "none of the namespace sysctls is present");
	if (d->nsjail && ((d->user_namespace && y->max_user_namespaces == 0) || y->max_net_namespaces == 0))
		*st = PF_STATUS_FAIL;
}

static void runtime_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	static const char *const confidence[] = { "low", "medium", "high" };
	const struct pf_runtime_facts *r = &d->f->runtime;
	(void)st;
	if (r->in_container)
		sb_add(s, "in a container: engine %s, runtime %s (confidence %s)", pf_engine_name(r->engine),
		       pf_runtime_name(r->runtime),
		       (unsigned)r->confidence < 3 ? confidence[r->confidence] : "low");
	else
		sb_add(s, "not in a container");
	if (r->stale_marker)
		sb_add(s, "; stale container marker ignored (%s)",
		       r->all_initial_namespaces ? "every namespace is initial" : "pid, ipc, uts namespaces are initial");
}

static void lsm_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_lsm_facts *l = &d->f->lsm;
	(void)st;
	if (!l->apparmor_enabled && !l->selinux_enabled && !l->apparmor[0] && !l->selinux[0]) {
		sb_add(s, "no AppArmor or SELinux confinement");
		return;
	}
	sb_add(s, "AppArmor: %s; SELinux: %s", l->apparmor[0] ? l->apparmor : (l->apparmor_enabled ? "enabled" : "off"),
	       l->selinux[0] ? l->selinux : (l->selinux_enabled ? "enabled" : "off"));
}

static void privilege_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_privilege_facts *p = &d->f->privilege;
	if (!d->nonroot) {
		sb_add(s, "running as root: boundary does not re-execute through sudo/setpriv");
		*st = PF_STATUS_SKIP;
		return;
	}
	sb_add(s, "euid %ld; sudo %s; setpriv %s; bounding set: net_admin %s, sys_admin %s", d->euid,
	       p->sudo_path[0] ? p->sudo_path : "missing", p->setpriv_path[0] ? p->setpriv_path : "missing",
	       p->net_admin_in_bounding ? "yes" : "no", p->sys_admin_in_bounding ? "yes" : "no");
	if (!p->setuid_in_bounding || !p->setgid_in_bounding)
		sb_add(s, ", setuid %s, setgid %s", p->setuid_in_bounding ? "yes" : "no",
		       p->setgid_in_bounding ? "yes" : "no");
	if (d->escalation & PF_ESCALATION_NO_NEW_PRIVS)
		sb_add(s, "; NoNewPrivs");
	if (!d->escalation_ok && d->nsjail)
		*st = PF_STATUS_FAIL;
}

static void tools_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_tools_facts *t = &d->f->tools;
	unsigned missing = pf_missing_tools(d->f);
	const char *sep = "";
	if (t->ip[0]) {
		sb_add(s, "ip");
		sep = ", ";
	}
	if (t->iptables[0]) {
		sb_add(s, "%siptables", sep);
		if (t->iptables_variant[0])
			sb_add(s, " (%s)", t->iptables_variant);
		int err;
		enum pf_iptables_cause cause = pf_iptables_cause(&t->iptables_host, &err);
		if (cause == PF_IPT_NO_NET_ADMIN)
			sb_add(s, " [nat table: EPERM]");
		else if (cause != PF_IPT_OK) {
			sb_add(s, " [%s: %s]", cause == PF_IPT_LOCK ? "lock file" : cause == PF_IPT_NO_NET_RAW ? "raw socket" :
			       "nat table", err ? errname(err) : "killed");
			if (d->nsjail)
				*st = PF_STATUS_FAIL;
		}
		sep = ", ";
	}
	if (t->sysctl[0])
		sb_add(s, "%ssysctl", sep);
	if (missing) {
		sb_add(s, "%smissing:", s->len ? "; " : "");
		for (size_t i = 0; i < sizeof tool_packages / sizeof tool_packages[0]; i++)
			if (missing & tool_packages[i].bit)
				sb_add(s, " %s", tool_packages[i].tool);
		if (d->nsjail)
			*st = PF_STATUS_FAIL;
	}
}

static void landlock_summary(const struct decide *d, struct sbuf *s, enum pf_status *st)
{
	const struct pf_landlock_facts *l = &d->f->landlock;
	if (l->abi >= 4)
		sb_add(s, "ABI %d (landjail needs 4)", l->abi);
	else if (l->abi > 0)
		sb_add(s, "ABI %d: no network rules (landjail needs 4, Linux 6.7+)", l->abi);
	else
		sb_add(s, "unavailable (%s)", l->err ? errname(l->err) : "no answer");
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
	sb_add(s, "%s %s", k->release[0] ? k->release : "?", k->machine[0] ? k->machine : "?");
	if (k->actions_avail[0])
		sb_add(s, "; seccomp actions: %s", k->actions_avail);
	if (k->libseccomp_version[0])
		sb_add(s, "; libseccomp %s", k->libseccomp_version);
}

typedef void summary_fn(const struct decide *d, struct sbuf *s, enum pf_status *st);

static summary_fn *const summaries[PF_PROBE_COUNT] = {
	[PF_PROBE_CAPABILITIES] = caps_summary,
	[PF_PROBE_NETADMIN] = netadmin_summary,
	[PF_PROBE_SECCOMP] = seccomp_summary,
	[PF_PROBE_USERNS] = userns_summary,
	[PF_PROBE_SYSCTL] = sysctl_summary,
	[PF_PROBE_RUNTIME] = runtime_summary,
	[PF_PROBE_LSM] = lsm_summary,
	[PF_PROBE_PRIVILEGE] = privilege_summary,
	[PF_PROBE_TOOLS] = tools_summary,
	[PF_PROBE_LANDLOCK] = landlock_summary,
	[PF_PROBE_KERNEL] = kernel_summary,
};

/* Probes whose facts only boundary's nsjail needs. */
static bool nsjail_only(enum pf_probe_id id)
{
	return id == PF_PROBE_NETADMIN || id == PF_PROBE_USERNS || id == PF_PROBE_PRIVILEGE ||
	       id == PF_PROBE_TOOLS;
}

static void assess_probes(const struct decide *d)
{
	for (int i = 0; i < PF_PROBE_COUNT; i++) {
		struct pf_probe_assessment *pa = &d->v->probes[i];
		const struct pf_probe_run *run = &d->f->run[i];
		struct sbuf s;
		sb_init(&s, pa->summary, sizeof pa->summary);
		pa->status = PF_STATUS_PASS;
		if (run->error) {
			pa->status = PF_STATUS_ERROR;
			sb_add(&s, "probe error: %s", run->error_msg[0] ? run->error_msg : "no message");
			continue;
		}
		if (!run->ran) {
			pa->status = PF_STATUS_SKIP;
			sb_add(&s, "not run");
			continue;
		}
		summaries[i](d, &s, &pa->status);
		if (!d->nsjail && nsjail_only((enum pf_probe_id)i)) {
			pa->status = PF_STATUS_SKIP;
			/* keep the evidence, say why it does not count */
			char evidence[sizeof pa->summary];
			snprintf(evidence, sizeof evidence, "%s", pa->summary);
			sb_init(&s, pa->summary, sizeof pa->summary);
			sb_add(&s, "not needed by landjail: %s", evidence);
		}
	}
}

/* A finding makes its probe's line fail (blocker) or warn (warning). */
static void mark_findings(struct pf_verdict *v)
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

static void general_warnings(struct decide *d)
{
	const struct pf_facts *f = d->f;
	const struct pf_runtime_facts *r = &f->runtime;

	/* A non-root "ready" rests on sudo letting this user run boundary's
	 * re-exec; asking sudo would mean running it, which no probe does. */
	if (d->nsjail && d->nonroot && d->escalation_ok && d->v->ready)
		WARNING(d, PF_CODE_SUDO_POLICY_UNCHECKED, PF_PROBE_PRIVILEGE,
			"euid %ld: boundary re-executes itself as sudo -E env ... setpriv; sudo and "
			"setpriv are on PATH and the bounding set allows the capabilities, but whether sudo's policy "
			"lets this user run it without a password was not checked (a preflight runs nothing)",
			d->euid);
	if (r->stale_marker && !f->run[PF_PROBE_RUNTIME].error) {
		const char *marker = "/.dockerenv or /run/.containerenv";
		for (int i = 0; i < r->n_evidence && i < PF_MAX_EVIDENCE; i++)
			if (strncmp(r->evidence[i].signal, "marker:", 7) == 0) {
				marker = r->evidence[i].signal + 7;
				break;
			}
		WARNING(d, PF_CODE_STALE_CONTAINER_MARKER, PF_PROBE_RUNTIME,
			"%s exists but %s: a leftover of the image this machine was built "
			"from, so it is treated as not in a container", marker,
			r->all_initial_namespaces ? "every namespace is the initial one"
						  : "the pid, ipc, uts and cgroup namespaces that every engine makes private are initial");
	}
	if (f->run[PF_PROBE_SECCOMP].error)
		return;
	/* gVisor always reports Seccomp: 0 (docs/facts.md section 5): its Sentry is the sandbox. */
	if (r->in_container && f->seccomp.mode == 0 && r->runtime != PF_RUNTIME_GVISOR)
		WARNING(d, PF_CODE_SECCOMP_UNCONFINED, PF_PROBE_SECCOMP,
			"Seccomp is 0 in /proc/self/status: the container runs without any seccomp filter "
			"(seccomp=unconfined); boundary needs only clone with CLONE_NEWUSER|CLONE_NEWNET allowed");
	const struct pf_oracle *c3 = &f->seccomp.clone3;
	if (c3->gate == PF_GATE_DENIED && c3->call.err == EPERM)
		WARNING(d, PF_CODE_CLONE3_EPERM, PF_PROBE_SECCOMP,
			"clone3 answers EPERM (expected %s): glibc 2.34+ falls back to clone only on ENOSYS, so "
			"fork-heavy programs fail under this filter (Docker 20.10.0-20.10.9)",
			errname(c3->expected_errno));
}

static void nsjail_warnings(struct decide *d)
{
	const struct pf_facts *f = d->f;
	const struct pf_sysctl_facts *y = &f->sysctl;
	if (!f->run[PF_PROBE_SYSCTL].error && y->ip_forward_writable == PF_NO && y->ip_forward != 1)
		WARNING(d, PF_CODE_IP_FORWARD_READONLY, PF_PROBE_SYSCTL,
			"net.ipv4.ip_forward is %ld and /proc/sys is read-only here: boundary's "
			"sysctl -w net.ipv4.ip_forward=1 will fail (it tolerates that), and traffic the jail sends "
			"outside the proxy redirect is not forwarded", y->ip_forward);
	const struct pf_runtime_facts *r = &f->runtime;
	if (r->in_container && !f->run[PF_PROBE_RUNTIME].error &&
	    (r->runtime == PF_RUNTIME_GVISOR || r->runtime == PF_RUNTIME_KATA || r->runtime == PF_RUNTIME_UNKNOWN))
		WARNING(d, PF_CODE_RUNTIME_UNDOCUMENTED, PF_PROBE_RUNTIME,
			"the OCI runtime is %s, not one of the documented configurations (runc, sysbox-runc); the "
			"verdict rests on the live tests alone", pf_runtime_name(r->runtime));
}

static void decide_landjail(struct decide *d)
{
	const struct pf_landlock_facts *l = &d->f->landlock;
	struct pf_verdict *v = d->v;
	if (probe_errored(d, PF_PROBE_LANDLOCK))
		return;
	if (l->abi >= 4) {
		v->configuration = PF_CONF_LANDJAIL;
		v->ready = true;
		return;
	}
	if (l->abi > 0)
		BLOCKER(d, PF_CODE_LANDLOCK_UNAVAILABLE, PF_PROBE_LANDLOCK,
			"Landlock ABI %d has no network rules; landjail needs ABI 4 (Linux 6.7+)", l->abi);
	else if (l->err == EOPNOTSUPP)
		BLOCKER(d, PF_CODE_LANDLOCK_UNAVAILABLE, PF_PROBE_LANDLOCK,
			"landlock_create_ruleset answered EOPNOTSUPP: Landlock is built into the kernel but not "
			"enabled at boot (lsm=); landjail needs ABI 4");
	else
		BLOCKER(d, PF_CODE_LANDLOCK_UNAVAILABLE, PF_PROBE_LANDLOCK,
			"landlock_create_ruleset answered %s: this kernel (or a seccomp filter) offers no Landlock; "
			"landjail needs ABI 4 (Linux 6.7+)", l->err ? errname(l->err) : "nothing");
}

static void decide_nsjail(struct decide *d)
{
	const struct pf_facts *f = d->f;
	struct pf_verdict *v = d->v;

	probe_errored(d, PF_PROBE_RUNTIME);
	check_net_admin(d);
	bool seccomp_blocks = check_seccomp_gate(d);
	check_namespaces(d, seccomp_blocks);
	check_escalation(d);
	check_tools(d);
	check_iptables_host(d);

	const struct pf_runtime_facts *r = &f->runtime;
	bool in_container = r->in_container;
	bool sysbox = r->runtime == PF_RUNTIME_SYSBOX;
	bool sys_admin;
	if (d->nonroot)
		sys_admin = d->escalation_ok; /* setpriv raises sys_admin too */
	else
		sys_admin = caps_readable(f) && (f->caps.effective & PF_CAP_BIT(PF_CAP_SYS_ADMIN));

	if (in_container && !sysbox) {
		if (!d->nonroot && !caps_readable(f))
			undecided(d, PF_PROBE_CAPABILITIES, "the capability sets could not be read, so it is unknown "
				  "whether CAP_SYS_ADMIN is held");
		else if (sys_admin)
			add_finding(d, d->o->strict, PF_CODE_TESTING_ONLY_SYS_ADMIN,
				    d->nonroot ? PF_PROBE_PRIVILEGE : PF_PROBE_CAPABILITIES,
				    "%s: documented configuration 2, for testing only; CAP_SYS_ADMIN is far more than "
				    "boundary needs%s",
				    d->nonroot ? "boundary's setpriv re-exec raises CAP_SYS_ADMIN (it is in the bounding set)" :
						 "CAP_SYS_ADMIN is effective in this container",
				    d->o->strict ? "; --strict does not accept it" : "");
	}

	if (v->n_blockers == 0) {
		v->ready = true;
		if (!in_container)
			v->configuration = PF_CONF_HOST;
		else if (sysbox)
			v->configuration = PF_CONF_SYSBOX_RUNC_CAP_NET_ADMIN;
		else if (sys_admin)
			v->configuration = PF_CONF_RUNC_CAP_SYS_ADMIN;
		else
			v->configuration = PF_CONF_RUNC_CAP_NET_ADMIN;
		v->testing_only = v->configuration == PF_CONF_RUNC_CAP_SYS_ADMIN;
	}

	nsjail_warnings(d);
	if (!v->ready && !f->run[PF_PROBE_LANDLOCK].error && f->landlock.abi >= 4) {
		v->landjail_would_work = true;
		WARNING(d, PF_CODE_LANDJAIL_AVAILABLE, PF_PROBE_LANDLOCK,
			"nsjail cannot start here, but Landlock ABI %d is available: boundary's landjail jail type "
			"(boundary --jail-type landjail, BOUNDARY_JAIL_TYPE=landjail) needs nothing else",
			f->landlock.abi);
	}
}

void pf_decide(const struct pf_facts *facts, const struct pf_options *opts, struct pf_verdict *out)
{
	memset(out, 0, sizeof *out);
	out->configuration = PF_CONF_NONE;

	struct decide d = {
		.f = facts,
		.o = opts,
		.v = out,
		.nsjail = opts->jail == PF_JAIL_NSJAIL,
		.user_namespace = opts->user_namespace,
	};
	d.euid = facts->caps.euid >= 0 ? facts->caps.euid :
		 facts->privilege.euid >= 0 ? facts->privilege.euid : facts->userns.euid;
	d.nonroot = d.euid > 0;
	if (d.nonroot) {
		d.escalation = pf_escalation_failures(facts);
		d.escalation_ok = d.escalation == 0 && !facts->run[PF_PROBE_PRIVILEGE].error;
	}

	assess_probes(&d);
	if (d.nsjail)
		decide_nsjail(&d);
	else
		decide_landjail(&d);
	general_warnings(&d);
	mark_findings(out);
	pf_fixes_add(out, facts, opts);
}
