/* SPDX-License-Identifier: MIT */
/* Warnings: ready, but worth knowing (docs/fixes.md). */
#include <errno.h>
#include <string.h>

#include "decide.h"

void vd_general_warnings(struct decide *d)
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
			"from, so it is treated as not in a container",
			marker,
			r->all_initial_namespaces
				? "every namespace is the initial one"
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
			vd_errname(c3->expected_errno));
}

void vd_nsjail_warnings(struct decide *d)
{
	const struct pf_facts *f = d->f;
	const struct pf_sysctl_facts *y = &f->sysctl;
	if (!f->run[PF_PROBE_SYSCTL].error && y->ip_forward_writable == PF_NO && y->ip_forward != 1)
		WARNING(d, PF_CODE_IP_FORWARD_READONLY, PF_PROBE_SYSCTL,
			"net.ipv4.ip_forward is %ld and /proc/sys is read-only here: boundary's "
			"sysctl -w net.ipv4.ip_forward=1 will fail (it tolerates that), and traffic the jail sends "
			"outside the proxy redirect is not forwarded",
			y->ip_forward);
	const struct pf_runtime_facts *r = &f->runtime;
	if (r->in_container && !f->run[PF_PROBE_RUNTIME].error &&
	    (r->runtime == PF_RUNTIME_GVISOR || r->runtime == PF_RUNTIME_KATA || r->runtime == PF_RUNTIME_UNKNOWN))
		WARNING(d, PF_CODE_RUNTIME_UNDOCUMENTED, PF_PROBE_RUNTIME,
			"the OCI runtime is %s, not one of the documented configurations (runc, sysbox-runc); the "
			"verdict rests on the live tests alone",
			pf_runtime_name(r->runtime));
	if (!d->v->ready && !f->run[PF_PROBE_LANDLOCK].error && f->landlock.abi >= 4) {
		d->v->landjail_would_work = true;
		WARNING(d, PF_CODE_LANDJAIL_AVAILABLE, PF_PROBE_LANDLOCK,
			"nsjail cannot start here, but Landlock ABI %d is available: boundary's landjail jail type "
			"(boundary --jail-type landjail, BOUNDARY_JAIL_TYPE=landjail) needs nothing else",
			f->landlock.abi);
	}
}
