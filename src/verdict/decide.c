/* SPDX-License-Identifier: MIT */
/* The verdict: facts and options in, configuration, findings and fixes
 * out. Pure: no I/O and no state besides const tables. The decision
 * follows docs/design.md's verdict table: here the configuration is matched
 * and each check runs; blockers.c and namespaces.c find the blockers,
 * warnings.c the warnings, probes.c each probe's line, and src/fixes.c
 * answers the findings. docs/fixes.md explains each code and
 * tests/verdict/ checks every row. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decide.h"
#include "src/fixes.h"

void vd_add_finding(struct decide *d, bool blocker, enum pf_code code, enum pf_probe_id probe, const char *fmt, ...)
{
	struct pf_verdict *v = d->v;
	int *n = blocker ? &v->n_blockers : &v->n_warnings;
	struct pf_finding *list = blocker ? v->blockers : v->warnings;
	if (*n >= PF_MAX_FINDINGS)
		return;
	struct pf_finding *fd = &list[(*n)++];
	fd->id = code;
	fd->code = pf_code_name(code);
	fd->probe = probe;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(fd->message, sizeof fd->message, fmt, ap);
	va_end(ap);
	vd_fill_cause(d->f, d->user_namespace, fd);
}

bool vd_probe_errored(struct decide *d, enum pf_probe_id id)
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

void vd_undecided(struct decide *d, enum pf_probe_id id, const char *fmt, ...)
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

static void decide_landjail(struct decide *d)
{
	const struct pf_landlock_facts *l = &d->f->landlock;
	struct pf_verdict *v = d->v;
	if (vd_probe_errored(d, PF_PROBE_LANDLOCK))
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
			"landjail needs ABI 4 (Linux 6.7+)",
			l->err ? vd_errname(l->err) : "nothing");
}

static void decide_nsjail(struct decide *d)
{
	const struct pf_facts *f = d->f;
	struct pf_verdict *v = d->v;

	vd_probe_errored(d, PF_PROBE_RUNTIME);
	vd_check_net_admin(d);
	bool seccomp_blocks = vd_check_seccomp_gate(d);
	vd_check_namespaces(d, seccomp_blocks);
	vd_check_escalation(d);
	vd_check_tools(d);
	vd_check_iptables_host(d);

	const struct pf_runtime_facts *r = &f->runtime;
	bool in_container = r->in_container;
	bool sysbox = r->runtime == PF_RUNTIME_SYSBOX;
	bool sys_admin;
	if (d->nonroot)
		sys_admin = d->escalation_ok; /* setpriv raises sys_admin too */
	else
		sys_admin = vd_caps_readable(f) && (f->caps.effective & PF_CAP_BIT(PF_CAP_SYS_ADMIN));

	if (in_container && !sysbox) {
		if (!d->nonroot && !vd_caps_readable(f))
			vd_undecided(d, PF_PROBE_CAPABILITIES,
				     "the capability sets could not be read, so it is unknown "
				     "whether CAP_SYS_ADMIN is held");
		else if (sys_admin)
			vd_add_finding(
				d, d->o->strict, PF_CODE_TESTING_ONLY_SYS_ADMIN,
				d->nonroot ? PF_PROBE_PRIVILEGE : PF_PROBE_CAPABILITIES,
				"%s: documented configuration 2, for testing only; CAP_SYS_ADMIN is far more than "
				"boundary needs%s",
				d->nonroot
					? "boundary's setpriv re-exec raises CAP_SYS_ADMIN (it is in the bounding set)"
					: "CAP_SYS_ADMIN is effective in this container",
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

	vd_nsjail_warnings(d);
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
	d.euid = facts->caps.euid >= 0        ? facts->caps.euid
		 : facts->privilege.euid >= 0 ? facts->privilege.euid
					      : facts->userns.euid;
	d.nonroot = d.euid > 0;
	if (d.nonroot) {
		d.escalation = vd_escalation_failures(facts);
		d.escalation_ok = d.escalation == 0 && !facts->run[PF_PROBE_PRIVILEGE].error;
	}

	vd_assess_probes(&d);
	if (d.nsjail)
		decide_nsjail(&d);
	else
		decide_landjail(&d);
	vd_general_warnings(&d);
	vd_mark_findings(out);
	pf_fixes_add(out, facts->runtime.in_container, facts->runtime.engine);
}
