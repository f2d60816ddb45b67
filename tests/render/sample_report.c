/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sample_report.h"

static void set_probe(struct pf_verdict *v, enum pf_probe_id id, enum pf_status status, const char *summary)
{
	v->probes[id].status = status;
	snprintf(v->probes[id].summary, sizeof v->probes[id].summary, "%s", summary);
}

static void add_finding(struct pf_finding *list, int *n, const char *code, enum pf_probe_id probe, const char *message)
{
	struct pf_finding *f = &list[(*n)++];
	f->code = code;
	f->probe = probe;
	snprintf(f->message, sizeof f->message, "%s", message);
}

static void add_fix(struct pf_verdict *v, const char *code, const char *engine, const char *text, const char *snippet)
{
	struct pf_fix *fix = &v->fixes[v->n_fixes++];
	fix->for_code = code;
	fix->engine = engine;
	snprintf(fix->text, sizeof fix->text, "%s", text);
	snprintf(fix->snippet, sizeof fix->snippet, "%s", snippet);
}

static void add_evidence(struct pf_runtime_facts *rt, const char *signal, const char *value, enum pf_weight w)
{
	struct pf_evidence *e = &rt->evidence[rt->n_evidence++];
	snprintf(e->signal, sizeof e->signal, "%s", signal);
	snprintf(e->value, sizeof e->value, "%s", value);
	e->weight = w;
}

static void timings(struct pf_facts *f)
{
	for (int id = 0; id < PF_PROBE_COUNT; id++) {
		f->run[id].ran = true;
		f->run[id].duration_us = 100 + (uint64_t)id * 37;
	}
}

static void kernel(struct pf_facts *f)
{
	snprintf(f->kernel.release, sizeof f->kernel.release, "6.1.0-13-amd64");
	snprintf(f->kernel.machine, sizeof f->kernel.machine, "x86_64");
	snprintf(f->kernel.version, sizeof f->kernel.version, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)");
	snprintf(f->kernel.actions_avail, sizeof f->kernel.actions_avail,
		 "kill_process kill_thread trap errno user_notif trace log allow");
	snprintf(f->kernel.libseccomp_version, sizeof f->kernel.libseccomp_version, "2.5.4");
}

void sample_docker(struct pf_facts *f, struct pf_verdict *v)
{
	pf_facts_init(f);
	memset(v, 0, sizeof *v);
	timings(f);
	kernel(f);

	f->caps.read_ok = true;
	f->caps.effective = f->caps.permitted = f->caps.bounding = SAMPLE_EFFECTIVE;
	f->caps.euid = f->caps.egid = 0;
	f->caps.no_new_privs = 0;

	f->netadmin.dellink = (struct pf_attempt){ .attempted = true, .err = ENODEV };
	f->netadmin.net_admin_here = PF_YES;

	f->seccomp.mode = 2;
	f->seccomp.filters = 1;
	f->seccomp.no_new_privs = 0;
	f->seccomp.clone_userns_net.call = (struct pf_attempt){ .attempted = true, .err = EPERM };
	f->seccomp.clone_userns_net.gate = PF_GATE_DENIED;
	f->seccomp.clone_net.call = (struct pf_attempt){ .attempted = true, .err = EPERM };
	f->seccomp.clone_net.gate = PF_GATE_DENIED;
	f->seccomp.clone3.call = (struct pf_attempt){ .attempted = true, .err = ENOSYS };
	f->seccomp.clone3.gate = PF_GATE_NOSYS;
	f->seccomp.unshare.call = (struct pf_attempt){ .attempted = true, .err = EPERM };
	f->seccomp.unshare.gate = PF_GATE_DENIED;
	f->seccomp.setns.call = (struct pf_attempt){ .attempted = true, .signal = SIGSYS };
	f->seccomp.setns.gate = PF_GATE_KILLED;

	f->userns.clone = (struct pf_attempt){ .attempted = true, .err = EPERM };
	f->userns.netns_clone = (struct pf_attempt){ .attempted = true, .err = EPERM };
	f->userns.euid = 0;

	f->sysctl.max_user_namespaces = 63432;
	f->sysctl.max_net_namespaces = 63432;
	f->sysctl.ip_forward = 0;
	f->sysctl.ip_forward_writable = PF_NO;

	f->runtime.engine = PF_ENGINE_DOCKER;
	f->runtime.runtime = PF_RUNTIME_RUNC_COMPATIBLE;
	f->runtime.in_container = true;
	f->runtime.confidence = PF_CONFIDENCE_HIGH;
	add_evidence(&f->runtime, "marker:/.dockerenv", "present", PF_STRONG);
	add_evidence(&f->runtime, "cgroup", "0::/docker/" SAMPLE_CONTAINER_ID, PF_STRONG);
	add_evidence(&f->runtime, "hostname", SAMPLE_HOSTNAME, PF_WEAK);
	snprintf(f->runtime.container_id, sizeof f->runtime.container_id, "%s", SAMPLE_CONTAINER_ID);
	snprintf(f->runtime.hostname, sizeof f->runtime.hostname, "%s", SAMPLE_HOSTNAME);

	snprintf(f->lsm.apparmor, sizeof f->lsm.apparmor, "docker-default (enforce)");
	f->lsm.apparmor_enabled = true;

	f->privilege.euid = 0;
	snprintf(f->privilege.setpriv_path, sizeof f->privilege.setpriv_path, "/usr/bin/setpriv");
	f->privilege.net_admin_in_bounding = true;

	snprintf(f->tools.ip, sizeof f->tools.ip, "/home/" SAMPLE_USER "/.local/bin/ip");
	snprintf(f->tools.iptables, sizeof f->tools.iptables, "/usr/sbin/iptables");
	snprintf(f->tools.iptables_variant, sizeof f->tools.iptables_variant, "nft");
	snprintf(f->tools.sysctl, sizeof f->tools.sysctl, "/usr/sbin/sysctl");

	f->landlock.abi = -1;
	f->landlock.err = EOPNOTSUPP;

	set_probe(v, PF_PROBE_CAPABILITIES, PF_STATUS_PASS,
		  "CAP_NET_ADMIN effective; CAP_SYS_ADMIN absent (not needed)");
	set_probe(v, PF_PROBE_NETADMIN, PF_STATUS_PASS, "can configure links in this network namespace");
	set_probe(v, PF_PROBE_SECCOMP, PF_STATUS_FAIL, SAMPLE_LONG_SUMMARY);
	set_probe(v, PF_PROBE_USERNS, PF_STATUS_FAIL, "clone(CLONE_NEWUSER|CLONE_NEWNET): EPERM");
	set_probe(v, PF_PROBE_SYSCTL, PF_STATUS_PASS, "user.max_user_namespaces 63432");
	set_probe(v, PF_PROBE_RUNTIME, PF_STATUS_PASS, "docker, runc-compatible, hostname " SAMPLE_HOSTNAME);
	set_probe(v, PF_PROBE_LSM, PF_STATUS_PASS, "AppArmor docker-default (enforce)");
	set_probe(v, PF_PROBE_PRIVILEGE, PF_STATUS_SKIP, "running as root");
	set_probe(v, PF_PROBE_TOOLS, PF_STATUS_PASS, "ip, iptables (nft), sysctl");
	set_probe(v, PF_PROBE_LANDLOCK, PF_STATUS_WARN, "Landlock unavailable: EOPNOTSUPP");
	set_probe(v, PF_PROBE_KERNEL, PF_STATUS_PASS, "6.1.0-13-amd64 x86_64");

	v->configuration = PF_CONF_NONE;
	v->ready = false;
	add_finding(v->blockers, &v->n_blockers, "SECCOMP_BLOCKS_CLONE", PF_PROBE_SECCOMP,
		    "Docker's default seccomp profile rejects namespace clones unless the container holds "
		    "CAP_SYS_ADMIN: clone(CLONE_NEWUSER|CLONE_NEWNET|CLONE_FS) returned EPERM where the kernel "
		    "answers EINVAL.");
	add_finding(v->warnings, &v->n_warnings, "IP_FORWARD_READONLY", PF_PROBE_SYSCTL,
		    "net.ipv4.ip_forward is 0 and /proc/sys is read-only; boundary's sysctl -w may fail.");
	add_fix(v, "SECCOMP_BLOCKS_CLONE", "docker",
		"Run with a seccomp profile that allows boundary's clone, made from Docker's own default.",
		"boundary-preflight seccomp-profile --base default.json --output boundary-seccomp.json\n"
		"docker run --cap-add=NET_ADMIN --security-opt seccomp=boundary-seccomp.json ...");
	add_fix(v, "SECCOMP_BLOCKS_CLONE", "docker", "Run the container with sysbox-runc.",
		"docker run --runtime=sysbox-runc --cap-add=NET_ADMIN ...");
	add_fix(v, "SECCOMP_BLOCKS_CLONE", "kubernetes", "Testing only: grant CAP_SYS_ADMIN.",
		"securityContext:\n  capabilities:\n    add: [\"NET_ADMIN\", \"SYS_ADMIN\"]");
	add_fix(v, "SECCOMP_BLOCKS_CLONE", "generic", "Allow clone(2) with CLONE_NEWUSER|CLONE_NEWNET.", "");
	add_fix(v, "IP_FORWARD_READONLY", "generic", "Set net.ipv4.ip_forward=1 on the host.", "");
}

void sample_host(struct pf_facts *f, struct pf_verdict *v)
{
	pf_facts_init(f);
	memset(v, 0, sizeof *v);
	timings(f);
	kernel(f);
	f->caps.read_ok = true;
	f->caps.effective = f->caps.permitted = f->caps.bounding = UINT64_C(0x000001ffffffffff);
	f->caps.euid = f->caps.egid = 0;
	f->runtime.all_initial_namespaces = true;
	f->runtime.stale_marker = true;
	add_evidence(&f->runtime, "marker:/.dockerenv", "present, but every namespace is initial", PF_WEAK);
	for (int id = 0; id < PF_PROBE_COUNT; id++)
		set_probe(v, (enum pf_probe_id)id, PF_STATUS_PASS, "ok");
	v->configuration = PF_CONF_HOST;
	v->ready = true;
	add_finding(v->warnings, &v->n_warnings, "STALE_CONTAINER_MARKER", PF_PROBE_RUNTIME,
		    "/.dockerenv exists, but every namespace is the initial one: not a container.");
	add_fix(v, "STALE_CONTAINER_MARKER", "host", "Remove the stale marker if nothing relies on it.",
		"rm /.dockerenv");
}
