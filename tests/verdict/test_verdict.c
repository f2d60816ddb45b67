/* SPDX-License-Identifier: MIT */
/* The verdict table (docs/design.md "Verdict") row by row. Each row starts from
 * a healthy host (root, every probe passing) and changes what the
 * environment it names changes, citing docs/facts.md for the facts it sets. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight/facts.h"
#include "preflight/options.h"
#include "preflight/report.h"
#include "preflight/verdict.h"

/* ---- facts builders ---- */

static void succeeded(struct pf_attempt *a)
{
	a->attempted = true;
	a->err = 0;
	a->signal = 0;
	a->timed_out = false;
}

static void failed(struct pf_attempt *a, int err)
{
	succeeded(a);
	a->err = err;
}

static void gate(struct pf_oracle *o, enum pf_gate g, int err)
{
	o->call.attempted = true;
	o->call.err = err;
	o->call.signal = 0;
	o->gate = g;
}

static void gate_allowed(struct pf_oracle *o)
{
	gate(o, PF_GATE_ALLOWED, o->expected_errno);
}

static void gate_killed(struct pf_oracle *o)
{
	gate(o, PF_GATE_KILLED, 0);
	o->call.signal = SIGSYS;
}

#define ALL_CAPS UINT64_C(0x1ffffffffff)
/* Docker's default capability set (moby oci/caps/defaults.go). */
#define DOCKER_DEFAULT_CAPS \
	(PF_CAP_BIT(0) | PF_CAP_BIT(1) | PF_CAP_BIT(3) | PF_CAP_BIT(4) | PF_CAP_BIT(5) | PF_CAP_BIT(PF_CAP_SETGID) | \
	 PF_CAP_BIT(PF_CAP_SETUID) | PF_CAP_BIT(8) | PF_CAP_BIT(10) | PF_CAP_BIT(13) | PF_CAP_BIT(18) | \
	 PF_CAP_BIT(27) | PF_CAP_BIT(29) | PF_CAP_BIT(PF_CAP_SETFCAP))

/* Root on a host that is not a container, everything working. */
/* iptables-nft's needs met: nfnetlink answered NFT_MSG_GETGEN. */
static void nft_proof_ok(struct pf_iptables_proof *p)
{
	memset(p, 0, sizeof *p);
	p->attempted = true;
	snprintf(p->variant, sizeof p->variant, "nft");
	succeeded(&p->nat_table);
}

/* The probe stops inside the namespace at the first failure: later steps
 * are not tried. */
static void jail_steps_not_tried(struct pf_facts *f)
{
	f->userns.lo_up.attempted = f->userns.addr.attempted = f->userns.route.attempted = false;
	memset(&f->userns.jail_iptables, 0, sizeof f->userns.jail_iptables);
}

static void healthy_host(struct pf_facts *f)
{
	pf_facts_init(f);
	for (int i = 0; i < PF_PROBE_COUNT; i++)
		f->run[i].ran = true;
	f->caps.read_ok = true;
	f->caps.effective = f->caps.permitted = f->caps.bounding = ALL_CAPS;
	f->caps.euid = f->caps.egid = 0;
	f->caps.no_new_privs = 0;
	failed(&f->netadmin.dellink, ENODEV); /* docs/facts.md section 4.5: ENODEV = held */
	f->netadmin.net_admin_here = PF_YES;
	f->seccomp.mode = 0;
	f->seccomp.filters = 0;
	f->seccomp.no_new_privs = 0;
	gate_allowed(&f->seccomp.clone_userns_net);
	gate_allowed(&f->seccomp.clone_net);
	gate_allowed(&f->seccomp.clone3);
	gate_allowed(&f->seccomp.unshare);
	gate_allowed(&f->seccomp.setns);
	succeeded(&f->userns.clone);
	succeeded(&f->userns.setgroups);
	succeeded(&f->userns.uid_map);
	succeeded(&f->userns.gid_map);
	succeeded(&f->userns.lo_up);
	succeeded(&f->userns.veth);
	succeeded(&f->userns.addr);
	succeeded(&f->userns.route);
	nft_proof_ok(&f->userns.jail_iptables);
	succeeded(&f->userns.netns_clone);
	succeeded(&f->userns.netns_veth);
	f->userns.mapped_uid = f->userns.mapped_gid = 0;
	f->userns.euid = 0;
	f->sysctl.max_user_namespaces = 96365;
	f->sysctl.max_net_namespaces = 96365;
	f->sysctl.ip_forward = 1;
	f->sysctl.ip_forward_writable = PF_YES;
	f->runtime.in_container = false;
	f->runtime.all_initial_namespaces = true;
	f->runtime.user_ns_initial = PF_YES;
	f->runtime.confidence = PF_CONFIDENCE_HIGH;
	f->privilege.euid = 0;
	snprintf(f->privilege.setpriv_path, sizeof f->privilege.setpriv_path, "/usr/bin/setpriv");
	f->privilege.net_admin_in_bounding = f->privilege.sys_admin_in_bounding = true;
	f->privilege.setuid_in_bounding = f->privilege.setgid_in_bounding = true;
	snprintf(f->tools.ip, sizeof f->tools.ip, "/usr/sbin/ip");
	snprintf(f->tools.iptables, sizeof f->tools.iptables, "/usr/sbin/iptables");
	nft_proof_ok(&f->tools.iptables_host);
	snprintf(f->tools.iptables_variant, sizeof f->tools.iptables_variant, "nft");
	snprintf(f->tools.sysctl, sizeof f->tools.sysctl, "/usr/sbin/sysctl");
	f->landlock.abi = 6;
	snprintf(f->kernel.release, sizeof f->kernel.release, "6.18.44");
	snprintf(f->kernel.machine, sizeof f->kernel.machine, "x86_64");
}

static void default_options(struct pf_options *o)
{
	memset(o, 0, sizeof *o);
	o->jail = PF_JAIL_NSJAIL;
	o->user_namespace = true;
	o->timeout_ms = PF_DEFAULT_TIMEOUT_MS;
	o->root = "/";
}

/* ---- modifiers: each changes what one aspect of an environment changes ---- */

typedef void modifier(struct pf_facts *f, struct pf_options *o);

static void in_container(struct pf_facts *f, enum pf_engine e, enum pf_runtime r)
{
	f->runtime.in_container = true;
	f->runtime.all_initial_namespaces = false;
	f->runtime.engine = e;
	f->runtime.runtime = r;
}

/* runc container with the engine's default capabilities; seccomp filter on
 * but letting clone through (a custom profile); /proc/sys read-only. */
static void docker(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	in_container(f, PF_ENGINE_DOCKER, PF_RUNTIME_RUNC_COMPATIBLE);
	f->caps.effective = f->caps.permitted = f->caps.bounding = DOCKER_DEFAULT_CAPS;
	f->netadmin.net_admin_here = PF_NO;
	failed(&f->netadmin.dellink, EPERM);
	f->seccomp.mode = 2;
	f->seccomp.filters = 1;
	f->sysctl.ip_forward_writable = PF_NO;
	f->privilege.net_admin_in_bounding = f->privilege.sys_admin_in_bounding = false;
	/* a network namespace without a user namespace needs CAP_SYS_ADMIN
	 * (docs/facts.md section 3) */
	failed(&f->userns.netns_clone, EPERM);
	f->userns.netns_veth.attempted = false;
}

static void kubernetes(struct pf_facts *f, struct pf_options *o)
{
	docker(f, o);
	f->runtime.engine = PF_ENGINE_KUBERNETES;
}

static void net_admin(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->caps.effective |= PF_CAP_BIT(PF_CAP_NET_ADMIN);
	f->caps.permitted |= PF_CAP_BIT(PF_CAP_NET_ADMIN);
	f->caps.bounding |= PF_CAP_BIT(PF_CAP_NET_ADMIN);
	f->privilege.net_admin_in_bounding = true;
	f->netadmin.net_admin_here = PF_YES;
	failed(&f->netadmin.dellink, ENODEV);
}

static void sys_admin(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->caps.effective |= PF_CAP_BIT(PF_CAP_SYS_ADMIN);
	f->caps.permitted |= PF_CAP_BIT(PF_CAP_SYS_ADMIN);
	f->caps.bounding |= PF_CAP_BIT(PF_CAP_SYS_ADMIN);
	f->privilege.sys_admin_in_bounding = true;
	succeeded(&f->userns.netns_clone);
	succeeded(&f->userns.netns_veth);
}

static void drop_net_admin(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->caps.effective &= ~PF_CAP_BIT(PF_CAP_NET_ADMIN);
	f->caps.permitted &= ~PF_CAP_BIT(PF_CAP_NET_ADMIN);
	f->caps.bounding &= ~PF_CAP_BIT(PF_CAP_NET_ADMIN);
	f->privilege.net_admin_in_bounding = false;
	f->netadmin.net_admin_here = PF_NO;
	failed(&f->netadmin.dellink, EPERM);
}

/* Docker's default profile without CAP_SYS_ADMIN (docs/facts.md sections 2, 3): the
 * oracles answer EPERM, clone3 ENOSYS; the real clone then fails EPERM. */
static void default_seccomp(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	gate(&f->seccomp.clone_userns_net, PF_GATE_DENIED, EPERM);
	gate(&f->seccomp.clone_net, PF_GATE_DENIED, EPERM);
	gate(&f->seccomp.clone3, PF_GATE_NOSYS, ENOSYS);
	gate(&f->seccomp.unshare, PF_GATE_DENIED, EPERM);
	gate(&f->seccomp.setns, PF_GATE_DENIED, EPERM);
	failed(&f->userns.clone, EPERM);
	f->userns.setgroups.attempted = f->userns.uid_map.attempted = f->userns.gid_map.attempted = false;
	f->userns.veth.attempted = false;
	jail_steps_not_tried(f);
	failed(&f->userns.netns_clone, EPERM);
	f->userns.netns_veth.attempted = false;
}

/* The same rule with SCMP_ACT_KILL_PROCESS: the child dies of SIGSYS. */
static void kill_seccomp(struct pf_facts *f, struct pf_options *o)
{
	default_seccomp(f, o);
	gate_killed(&f->seccomp.clone_userns_net);
	gate_killed(&f->seccomp.clone_net);
	f->userns.clone.err = 0;
	f->userns.clone.signal = SIGSYS;
}

static void unconfined(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->seccomp.mode = 0;
	f->seccomp.filters = 0;
}

static void strict(struct pf_facts *f, struct pf_options *o)
{
	(void)f;
	o->strict = true;
}

static void no_user_namespace(struct pf_facts *f, struct pf_options *o)
{
	(void)f;
	o->user_namespace = false;
}

static void landjail(struct pf_facts *f, struct pf_options *o)
{
	(void)f;
	o->jail = PF_JAIL_LANDJAIL;
}

static void stale_marker(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->runtime.stale_marker = true;
	f->runtime.n_evidence = 1;
	snprintf(f->runtime.evidence[0].signal, sizeof f->runtime.evidence[0].signal, "marker:/.dockerenv");
	snprintf(f->runtime.evidence[0].value, sizeof f->runtime.evidence[0].value, "present");
}

static void sysbox(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	/* docs/facts.md section 5.6: own user namespace, root with a full
	 * CapEff inside. */
	in_container(f, PF_ENGINE_DOCKER, PF_RUNTIME_SYSBOX);
	f->seccomp.mode = 2;
	f->seccomp.filters = 1;
	f->sysctl.ip_forward_writable = PF_YES;
}

/* ENOSPC with user.max_user_namespaces=0 (docs/facts.md section 1.8: EKS
 * Bottlerocket). */
static void userns_limit_zero(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->sysctl.max_user_namespaces = 0;
	failed(&f->userns.clone, ENOSPC);
	f->userns.setgroups.attempted = f->userns.uid_map.attempted = f->userns.gid_map.attempted = false;
	f->userns.veth.attempted = false;
	jail_steps_not_tried(f);
}

static void userns_enospc_depth(struct pf_facts *f, struct pf_options *o)
{
	userns_limit_zero(f, o);
	f->sysctl.max_user_namespaces = 96365;
}

static void netns_limit_zero(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->sysctl.max_net_namespaces = 0;
	failed(&f->userns.netns_clone, ENOSPC);
	f->userns.netns_veth.attempted = false;
}

static void clone_fails(struct pf_facts *f, int err)
{
	failed(&f->userns.clone, err);
	f->userns.setgroups.attempted = f->userns.uid_map.attempted = f->userns.gid_map.attempted = false;
	f->userns.veth.attempted = false;
	jail_steps_not_tried(f);
}

static void debian_sysctl(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->sysctl.unprivileged_userns_clone = 0;
	clone_fails(f, EPERM);
}

static void apparmor_restrict(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->sysctl.apparmor_restrict_unprivileged_userns = 1;
	f->lsm.apparmor_enabled = true;
	clone_fails(f, EACCES);
}

static void selinux_denies(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->lsm.selinux_enabled = true;
	snprintf(f->lsm.selinux, sizeof f->lsm.selinux, "system_u:system_r:container_t:s0:c1,c2");
	clone_fails(f, EACCES);
}

static void chrooted(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	clone_fails(f, EPERM);
}

/* --cap-drop=ALL --cap-add=NET_ADMIN: root maps uid 0 without CAP_SETFCAP
 * (docs/facts.md section 3, measured). */
static void drop_all_caps(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->caps.effective = f->caps.permitted = f->caps.bounding = 0;
	f->privilege.net_admin_in_bounding = f->privilege.sys_admin_in_bounding = false;
	failed(&f->userns.uid_map, EPERM);
	f->userns.gid_map.attempted = false;
	jail_steps_not_tried(f); /* the veth pair is made before the maps, and was */
}

static void gid_map_fails(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	failed(&f->userns.gid_map, EPERM);
	jail_steps_not_tried(f);
}

static void no_veth(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	failed(&f->userns.veth, EOPNOTSUPP);
	failed(&f->userns.netns_veth, EOPNOTSUPP);
}

static void veth_refused(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	failed(&f->userns.veth, EPERM);
}

/* A non-root user: no effective capabilities, rtnetlink EPERM; the user
 * namespace still works unprivileged. */
static void nonroot(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->caps.euid = f->caps.egid = 1000;
	f->privilege.euid = f->userns.euid = 1000;
	f->userns.mapped_uid = f->userns.mapped_gid = 1000;
	f->caps.effective = f->caps.permitted = 0;
	f->netadmin.net_admin_here = PF_NO;
	failed(&f->netadmin.dellink, EPERM);
	f->privilege.net_admin_in_bounding = (f->caps.bounding & PF_CAP_BIT(PF_CAP_NET_ADMIN)) != 0;
	f->privilege.sys_admin_in_bounding = (f->caps.bounding & PF_CAP_BIT(PF_CAP_SYS_ADMIN)) != 0;
	snprintf(f->privilege.sudo_path, sizeof f->privilege.sudo_path, "/usr/bin/sudo");
	failed(&f->userns.netns_clone, EPERM); /* CLONE_NEWNET alone needs CAP_SYS_ADMIN */
	f->userns.netns_veth.attempted = false;
}

static void no_sudo(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->privilege.sudo_path[0] = '\0';
}

static void no_setpriv(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->privilege.setpriv_path[0] = '\0';
}

static void no_new_privs(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->caps.no_new_privs = f->seccomp.no_new_privs = 1;
}

static void no_iptables(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->tools.iptables[0] = '\0';
	f->tools.iptables_variant[0] = '\0';
}

static void no_tools(struct pf_facts *f, struct pf_options *o)
{
	no_iptables(f, o);
	f->tools.ip[0] = '\0';
	f->tools.sysctl[0] = '\0';
}

static void landlock_abi3(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->landlock.abi = 3;
}

static void landlock_off(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->landlock.abi = -1;
	f->landlock.err = EOPNOTSUPP;
}

static void landlock_absent(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->landlock.abi = -1;
	f->landlock.err = ENOSYS;
}

/* Docker 20.10.0-20.10.9: clone3 answers EPERM (docs/facts.md section 2). */
static void clone3_eperm(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	gate(&f->seccomp.clone3, PF_GATE_DENIED, EPERM);
}

static void ip_forward_off(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->sysctl.ip_forward = 0;
	f->sysctl.ip_forward_writable = PF_NO;
}

static void userns_timeout(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->run[PF_PROBE_USERNS].error = true;
	snprintf(f->run[PF_PROBE_USERNS].error_msg, sizeof f->run[PF_PROBE_USERNS].error_msg,
		 "timed out after 5000 ms");
	f->userns.clone.attempted = true;
	f->userns.clone.timed_out = true;
}

static void seccomp_error(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->run[PF_PROBE_SECCOMP].error = true;
	snprintf(f->run[PF_PROBE_SECCOMP].error_msg, sizeof f->run[PF_PROBE_SECCOMP].error_msg, "fork: EAGAIN");
	f->seccomp.clone_userns_net.gate = PF_GATE_UNKNOWN;
	f->seccomp.clone_userns_net.call.attempted = false;
}

static void netadmin_error(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->run[PF_PROBE_NETADMIN].error = true;
	snprintf(f->run[PF_PROBE_NETADMIN].error_msg, sizeof f->run[PF_PROBE_NETADMIN].error_msg, "socket: EMFILE");
	f->netadmin.net_admin_here = PF_UNKNOWN;
	f->netadmin.dellink.attempted = false;
}

/* gVisor: Seccomp 0 always (docs/facts.md section 5). */
static void gvisor(struct pf_facts *f, struct pf_options *o)
{
	docker(f, o);
	f->runtime.runtime = PF_RUNTIME_GVISOR;
	f->seccomp.mode = 0;
	f->seccomp.filters = -1;
}

static void kata(struct pf_facts *f, struct pf_options *o)
{
	docker(f, o);
	f->runtime.runtime = PF_RUNTIME_KATA;
}

static void podman(struct pf_facts *f, struct pf_options *o)
{
	docker(f, o);
	f->runtime.engine = PF_ENGINE_PODMAN;
}

static void ecs(struct pf_facts *f, struct pf_options *o)
{
	docker(f, o);
	f->runtime.engine = PF_ENGINE_ECS;
}

/* ---- the whole jail: iptables, namespace owners and limits, escalation ---- */

/* The legacy proof: lock, raw socket, nat table; err_at 0 = all ok. */
static void legacy_proof(struct pf_iptables_proof *p, int step, int err)
{
	memset(p, 0, sizeof *p);
	p->attempted = true;
	snprintf(p->variant, sizeof p->variant, "legacy");
	struct pf_attempt *steps[] = { &p->lock, &p->raw_socket, &p->nat_table };
	for (int i = 0; i < 3; i++) {
		if (i + 1 == step) {
			failed(steps[i], err);
			return;
		}
		succeeded(steps[i]);
	}
}

/* iptables-legacy in a container without CAP_NET_RAW (--cap-drop=NET_RAW,
 * podman's default set): the host side's raw socket is refused; the jail's
 * root holds NET_RAW in its own user namespace. */
static void legacy_no_net_raw(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	snprintf(f->tools.iptables_variant, sizeof f->tools.iptables_variant, "legacy");
	f->caps.effective &= ~PF_CAP_BIT(PF_CAP_NET_RAW);
	legacy_proof(&f->tools.iptables_host, 2, EPERM);
	legacy_proof(&f->userns.jail_iptables, 0, 0);
}

/* Non-root with iptables-legacy: the lock file is root's, mode 0600. */
static void legacy_lock_refused(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	snprintf(f->tools.iptables_variant, sizeof f->tools.iptables_variant, "legacy");
	legacy_proof(&f->tools.iptables_host, 1, EACCES);
	legacy_proof(&f->userns.jail_iptables, 1, EACCES);
}

/* nft whose kernel lacks nf_tables: nfnetlink answers EOPNOTSUPP. */
static void nft_backend_missing(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	failed(&f->tools.iptables_host.nat_table, EOPNOTSUPP);
	failed(&f->userns.jail_iptables.nat_table, EOPNOTSUPP);
}

/* unshare -Ur, or rootless podman --network=host: CapEff is full in the
 * process's user namespace, but an ancestor owns the network namespace. */
static void netns_parent_owned(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	failed(&f->netadmin.dellink, EPERM);
	f->netadmin.net_admin_here = PF_NO;
	f->netadmin.netns_owned_here = PF_NO;
	f->netadmin.owner_err = EPERM;
	f->runtime.user_ns_initial = PF_NO;
}

/* user.max_net_namespaces used up while max_user_namespaces is large: the
 * user namespace alone could be made. */
static void netns_limit_used_up(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->sysctl.max_net_namespaces = 5;
	clone_fails(f, ENOSPC);
	succeeded(&f->userns.clone_user_only);
}

/* The same, the visible limit large: an ancestor's limit bites. The fix
 * must raise, never lower. */
static void netns_limit_ancestor(struct pf_facts *f, struct pf_options *o)
{
	netns_limit_used_up(f, o);
	f->sysctl.max_net_namespaces = 96365;
}

/* Non-root with a clone EPERM that CAP_SYS_ADMIN does not lift. */
static void nested_userns(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->runtime.user_ns_initial = PF_NO;
}

static void no_setuid_bounding(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->caps.bounding &= ~PF_CAP_BIT(PF_CAP_SETUID);
	f->privilege.setuid_in_bounding = false;
}

/* A non-root user with ambient CAP_SYS_ADMIN makes the network namespace,
 * but without CAP_NET_ADMIN no veth in it. */
static void netonly_veth_eperm(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	succeeded(&f->userns.netns_clone);
	failed(&f->userns.netns_veth, EPERM);
}

static void max_user_zero(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->sysctl.max_user_namespaces = 0;
}

/* Only the limit is visible: the probe's own clone fails first (EPERM). */
static void max_net_zero(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	f->sysctl.max_net_namespaces = 0;
}

static void route_refused(struct pf_facts *f, struct pf_options *o)
{
	(void)o;
	failed(&f->userns.route, EINVAL);
	memset(&f->userns.jail_iptables, 0, sizeof f->userns.jail_iptables);
}

/* ---- the table ---- */

#define MAX_MODS 6
#define MAX_CODES 6
#define MAX_STATUSES 4

struct status_expect {
	int probe_plus_one; /* 0 ends the list */
	enum pf_status status;
};
#define ST(p, s) \
	{ \
		(p) + 1, (s) \
	}

struct row {
	const char *name;
	modifier *mods[MAX_MODS];
	enum pf_configuration configuration;
	bool ready, testing_only;
	const char *blockers[MAX_CODES];
	const char *warnings[MAX_CODES];
	const char *message_has; /* some finding's message contains it */
	struct status_expect statuses[MAX_STATUSES];
};

#define B(...) \
	{ \
		__VA_ARGS__ \
	}
#define W(...) \
	{ \
		__VA_ARGS__ \
	}
#define NONE_ PF_CONF_NONE

static const struct row rows[] = {
	/* docs/design.md row `host` */
	{ "host root",
	  { NULL },
	  PF_CONF_HOST,
	  true,
	  false,
	  B(NULL),
	  W(NULL),
	  NULL,
	  { ST(PF_PROBE_PRIVILEGE, PF_STATUS_SKIP), ST(PF_PROBE_USERNS, PF_STATUS_PASS) } },
	{ "host root --strict", { strict }, PF_CONF_HOST, true, false, B(NULL), W(NULL), NULL, { { 0, 0 } } },
	{ "host with a stale /.dockerenv (the build machine)",
	  { stale_marker },
	  PF_CONF_HOST,
	  true,
	  false,
	  B(NULL),
	  W("STALE_CONTAINER_MARKER"),
	  "/.dockerenv",
	  { ST(PF_PROBE_RUNTIME, PF_STATUS_WARN) } },
	{ "host --no-user-namespace",
	  { no_user_namespace },
	  PF_CONF_HOST,
	  true,
	  false,
	  B(NULL),
	  W(NULL),
	  NULL,
	  { { 0, 0 } } },

	/* docs/design.md row `runc-cap-net-admin` */
	{ "docker NET_ADMIN + generated profile",
	  { docker, net_admin },
	  PF_CONF_RUNC_CAP_NET_ADMIN,
	  true,
	  false,
	  B(NULL),
	  W(NULL),
	  NULL,
	  { ST(PF_PROBE_SECCOMP, PF_STATUS_PASS) } },
	{ "docker NET_ADMIN unconfined",
	  { docker, net_admin, unconfined },
	  PF_CONF_RUNC_CAP_NET_ADMIN,
	  true,
	  false,
	  B(NULL),
	  W("SECCOMP_UNCONFINED"),
	  NULL,
	  { ST(PF_PROBE_SECCOMP, PF_STATUS_WARN) } },
	{ "docker NET_ADMIN, Docker 20.10.5 clone3 EPERM",
	  { docker, net_admin, clone3_eperm },
	  PF_CONF_RUNC_CAP_NET_ADMIN,
	  true,
	  false,
	  B(NULL),
	  W("CLONE3_EPERM"),
	  "glibc",
	  { { 0, 0 } } },
	{ "docker NET_ADMIN, ip_forward 0 read-only",
	  { docker, net_admin, ip_forward_off },
	  PF_CONF_RUNC_CAP_NET_ADMIN,
	  true,
	  false,
	  B(NULL),
	  W("IP_FORWARD_READONLY"),
	  NULL,
	  { ST(PF_PROBE_SYSCTL, PF_STATUS_WARN) } },
	{ "podman NET_ADMIN (containers/common allows clone)",
	  { podman, net_admin },
	  PF_CONF_RUNC_CAP_NET_ADMIN,
	  true,
	  false,
	  B(NULL),
	  W(NULL),
	  NULL,
	  { { 0, 0 } } },
	{ "gvisor NET_ADMIN",
	  { gvisor, net_admin },
	  PF_CONF_RUNC_CAP_NET_ADMIN,
	  true,
	  false,
	  B(NULL),
	  W("RUNTIME_UNDOCUMENTED"),
	  "gvisor",
	  { { 0, 0 } } },
	{ "kata NET_ADMIN",
	  { kata, net_admin },
	  PF_CONF_RUNC_CAP_NET_ADMIN,
	  true,
	  false,
	  B(NULL),
	  W("RUNTIME_UNDOCUMENTED"),
	  "kata",
	  { { 0, 0 } } },

	/* docs/design.md row `runc-cap-sys-admin` */
	{ "docker NET_ADMIN + SYS_ADMIN",
	  { docker, net_admin, sys_admin },
	  PF_CONF_RUNC_CAP_SYS_ADMIN,
	  true,
	  true,
	  B(NULL),
	  W("TESTING_ONLY_SYS_ADMIN"),
	  "testing only",
	  { ST(PF_PROBE_CAPABILITIES, PF_STATUS_WARN) } },
	{ "docker NET_ADMIN + SYS_ADMIN --strict",
	  { docker, net_admin, sys_admin, strict },
	  NONE_,
	  false,
	  false,
	  B("TESTING_ONLY_SYS_ADMIN"),
	  W("LANDJAIL_AVAILABLE"),
	  "--strict",
	  { ST(PF_PROBE_CAPABILITIES, PF_STATUS_FAIL) } },
	{ "docker SYS_ADMIN without NET_ADMIN",
	  { docker, sys_admin },
	  NONE_,
	  false,
	  false,
	  B("MISSING_CAP_NET_ADMIN"),
	  W("TESTING_ONLY_SYS_ADMIN", "LANDJAIL_AVAILABLE"),
	  "RTM_DELLINK",
	  { ST(PF_PROBE_NETADMIN, PF_STATUS_FAIL) } },

	/* docs/design.md row `sysbox-runc-cap-net-admin` */
	{ "sysbox", { sysbox }, PF_CONF_SYSBOX_RUNC_CAP_NET_ADMIN, true, false, B(NULL), W(NULL), NULL, { { 0, 0 } } },
	{ "sysbox --strict",
	  { sysbox, strict },
	  PF_CONF_SYSBOX_RUNC_CAP_NET_ADMIN,
	  true,
	  false,
	  B(NULL),
	  W(NULL),
	  NULL,
	  { { 0, 0 } } },
	{ "sysbox non-root with sudo and setpriv",
	  { sysbox, nonroot },
	  PF_CONF_SYSBOX_RUNC_CAP_NET_ADMIN,
	  true,
	  false,
	  B(NULL),
	  W("SUDO_POLICY_UNCHECKED"),
	  NULL,
	  { ST(PF_PROBE_PRIVILEGE, PF_STATUS_WARN) } },
	{ "sysbox --cap-drop=NET_ADMIN",
	  { sysbox, drop_net_admin },
	  NONE_,
	  false,
	  false,
	  B("MISSING_CAP_NET_ADMIN"),
	  W("LANDJAIL_AVAILABLE"),
	  NULL,
	  { { 0, 0 } } },

	/* docs/design.md row `none`: seccomp */
	{ "docker default (no NET_ADMIN, default profile)",
	  { docker, default_seccomp },
	  NONE_,
	  false,
	  false,
	  B("MISSING_CAP_NET_ADMIN", "SECCOMP_BLOCKS_CLONE"),
	  W("LANDJAIL_AVAILABLE"),
	  NULL,
	  { ST(PF_PROBE_SECCOMP, PF_STATUS_FAIL), ST(PF_PROBE_USERNS, PF_STATUS_FAIL),
	    ST(PF_PROBE_LANDLOCK, PF_STATUS_WARN) } },
	{ "docker NET_ADMIN default profile (no USERNS_RESTRICTED cascade)",
	  { docker, net_admin, default_seccomp },
	  NONE_,
	  false,
	  false,
	  B("SECCOMP_BLOCKS_CLONE"),
	  W("LANDJAIL_AVAILABLE"),
	  "EPERM, expected EINVAL",
	  { ST(PF_PROBE_SECCOMP, PF_STATUS_FAIL), ST(PF_PROBE_USERNS, PF_STATUS_FAIL),
	    ST(PF_PROBE_NETADMIN, PF_STATUS_PASS) } },
	{ "docker NET_ADMIN+SYS_ADMIN under a custom profile that still denies clones",
	  { docker, net_admin, sys_admin, default_seccomp },
	  NONE_,
	  false,
	  false,
	  B("SECCOMP_BLOCKS_CLONE"),
	  W("TESTING_ONLY_SYS_ADMIN", "LANDJAIL_AVAILABLE"),
	  "so a custom profile is in force",
	  { ST(PF_PROBE_SECCOMP, PF_STATUS_FAIL) } },
	{ "kubernetes RuntimeDefault NET_ADMIN",
	  { kubernetes, net_admin, default_seccomp },
	  NONE_,
	  false,
	  false,
	  B("SECCOMP_BLOCKS_CLONE"),
	  W("LANDJAIL_AVAILABLE"),
	  NULL,
	  { { 0, 0 } } },
	{ "docker NET_ADMIN KILL profile",
	  { docker, net_admin, kill_seccomp },
	  NONE_,
	  false,
	  false,
	  B("SECCOMP_KILLS_CLONE"),
	  W("LANDJAIL_AVAILABLE"),
	  "SIGSYS",
	  { ST(PF_PROBE_SECCOMP, PF_STATUS_FAIL) } },
	{ "default profile, no landlock: no landjail hint",
	  { docker, net_admin, default_seccomp, landlock_absent },
	  NONE_,
	  false,
	  false,
	  B("SECCOMP_BLOCKS_CLONE"),
	  W(NULL),
	  NULL,
	  { ST(PF_PROBE_LANDLOCK, PF_STATUS_SKIP) } },

	/* user namespace limits and restrictions */
	{ "user.max_user_namespaces=0",
	  { userns_limit_zero },
	  NONE_,
	  false,
	  false,
	  B("USERNS_LIMIT_ZERO"),
	  W("LANDJAIL_AVAILABLE"),
	  "user.max_user_namespaces is 0",
	  { ST(PF_PROBE_USERNS, PF_STATUS_FAIL), ST(PF_PROBE_SYSCTL, PF_STATUS_FAIL) } },
	{ "ENOSPC with a nonzero limit: depth or count",
	  { userns_enospc_depth },
	  NONE_,
	  false,
	  false,
	  B("USERNS_LIMIT_ZERO"),
	  W("LANDJAIL_AVAILABLE"),
	  "nesting depth",
	  { { 0, 0 } } },
	{ "kernel.unprivileged_userns_clone=0",
	  { debian_sysctl },
	  NONE_,
	  false,
	  false,
	  B("USERNS_RESTRICTED"),
	  W("LANDJAIL_AVAILABLE"),
	  "kernel.unprivileged_userns_clone is 0",
	  { { 0, 0 } } },
	{ "AppArmor userns restriction (EACCES)",
	  { apparmor_restrict },
	  NONE_,
	  false,
	  false,
	  B("USERNS_RESTRICTED"),
	  W("LANDJAIL_AVAILABLE"),
	  "apparmor_restrict_unprivileged_userns",
	  { { 0, 0 } } },
	{ "SELinux denies user_namespace create",
	  { selinux_denies },
	  NONE_,
	  false,
	  false,
	  B("USERNS_RESTRICTED"),
	  W("LANDJAIL_AVAILABLE"),
	  "SELinux",
	  { { 0, 0 } } },
	{ "EPERM with seccomp allowing: chroot",
	  { chrooted },
	  NONE_,
	  false,
	  false,
	  B("USERNS_RESTRICTED"),
	  W("LANDJAIL_AVAILABLE"),
	  "chroot",
	  { { 0, 0 } } },

	/* id maps and veth */
	{ "--cap-drop=ALL --cap-add=NET_ADMIN: uid_map needs CAP_SETFCAP",
	  { docker, drop_all_caps, net_admin },
	  NONE_,
	  false,
	  false,
	  B("IDMAP_FAILED"),
	  W("LANDJAIL_AVAILABLE"),
	  "CAP_SETFCAP",
	  { ST(PF_PROBE_USERNS, PF_STATUS_FAIL) } },
	{ "gid_map EPERM with CAP_SETFCAP held",
	  { docker, net_admin, gid_map_fails },
	  NONE_,
	  false,
	  false,
	  B("IDMAP_FAILED"),
	  W("LANDJAIL_AVAILABLE"),
	  "gid_map",
	  { { 0, 0 } } },
	{ "veth refused by an LSM",
	  { veth_refused },
	  NONE_,
	  false,
	  false,
	  B("VETH_UNAVAILABLE"),
	  W("LANDJAIL_AVAILABLE"),
	  "EPERM",
	  { ST(PF_PROBE_USERNS, PF_STATUS_FAIL) } },
	{ "no veth driver",
	  { no_veth },
	  NONE_,
	  false,
	  false,
	  B("VETH_UNAVAILABLE"),
	  W("LANDJAIL_AVAILABLE"),
	  "veth driver",
	  { { 0, 0 } } },

	/* non-root (docs/facts.md section 1.5) */
	{ "non-root on a host without sudo (setpriv to nobody)",
	  { nonroot, no_sudo },
	  NONE_,
	  false,
	  false,
	  B("MISSING_CAP_NET_ADMIN", "NONROOT_ESCALATION_FAILS"),
	  W("LANDJAIL_AVAILABLE"),
	  "sudo is not on PATH",
	  { ST(PF_PROBE_PRIVILEGE, PF_STATUS_FAIL), ST(PF_PROBE_NETADMIN, PF_STATUS_FAIL) } },
	{ "non-root on a host with sudo and setpriv",
	  { nonroot },
	  PF_CONF_HOST,
	  true,
	  false,
	  B(NULL),
	  W("SUDO_POLICY_UNCHECKED"),
	  "without a password",
	  { ST(PF_PROBE_PRIVILEGE, PF_STATUS_WARN), ST(PF_PROBE_NETADMIN, PF_STATUS_PASS) } },
	{ "non-root on a Debian host with unprivileged_userns_clone=0: boundary's re-exec holds CAP_SYS_ADMIN",
	  { nonroot, debian_sysctl },
	  PF_CONF_HOST,
	  true,
	  false,
	  B(NULL),
	  W("SUDO_POLICY_UNCHECKED"),
	  NULL,
	  { ST(PF_PROBE_USERNS, PF_STATUS_WARN) } },
	{ "non-root without setpriv",
	  { nonroot, no_setpriv },
	  NONE_,
	  false,
	  false,
	  B("NONROOT_ESCALATION_FAILS"),
	  W("LANDJAIL_AVAILABLE"),
	  "setpriv is not on PATH",
	  { { 0, 0 } } },
	{ "non-root under NoNewPrivs",
	  { nonroot, no_new_privs },
	  NONE_,
	  false,
	  false,
	  B("MISSING_CAP_NET_ADMIN", "NONROOT_ESCALATION_FAILS"),
	  W("LANDJAIL_AVAILABLE"),
	  "NoNewPrivs",
	  { { 0, 0 } } },
	{ "non-root in docker --cap-add=NET_ADMIN: sys_admin not in bounding",
	  { docker, net_admin, nonroot },
	  NONE_,
	  false,
	  false,
	  B("NONROOT_ESCALATION_FAILS"),
	  W("LANDJAIL_AVAILABLE"),
	  "cap_sys_admin is outside",
	  { ST(PF_PROBE_PRIVILEGE, PF_STATUS_FAIL) } },
	{ "non-root in docker without NET_ADMIN",
	  { docker, nonroot },
	  NONE_,
	  false,
	  false,
	  B("MISSING_CAP_NET_ADMIN", "NONROOT_ESCALATION_FAILS"),
	  W("LANDJAIL_AVAILABLE"),
	  "bounding set",
	  { ST(PF_PROBE_CAPABILITIES, PF_STATUS_FAIL) } },
	{ "non-root in docker NET_ADMIN + SYS_ADMIN",
	  { docker, net_admin, sys_admin, nonroot },
	  PF_CONF_RUNC_CAP_SYS_ADMIN,
	  true,
	  true,
	  B(NULL),
	  W("TESTING_ONLY_SYS_ADMIN", "SUDO_POLICY_UNCHECKED"),
	  NULL,
	  { ST(PF_PROBE_PRIVILEGE, PF_STATUS_WARN) } },

	/* the whole jail (docs/design.md "How each step is proven") */
	{ "iptables-legacy without CAP_NET_RAW",
	  { docker, net_admin, legacy_no_net_raw },
	  NONE_,
	  false,
	  false,
	  B("IPTABLES_UNUSABLE"),
	  W("LANDJAIL_AVAILABLE"),
	  "CAP_NET_RAW",
	  { ST(PF_PROBE_TOOLS, PF_STATUS_FAIL) } },
	{ "non-root, iptables-legacy: the lock file",
	  { nonroot, legacy_lock_refused },
	  NONE_,
	  false,
	  false,
	  B("IPTABLES_UNUSABLE"),
	  W("LANDJAIL_AVAILABLE"),
	  "lock file",
	  { ST(PF_PROBE_TOOLS, PF_STATUS_FAIL) } },
	{ "iptables-nft without nf_tables",
	  { docker, net_admin, nft_backend_missing },
	  NONE_,
	  false,
	  false,
	  B("IPTABLES_UNUSABLE"),
	  W("LANDJAIL_AVAILABLE"),
	  "module",
	  { { 0, 0 } } },
	{ "non-root chrooted: CAP_SYS_ADMIN does not lift it",
	  { nonroot, chrooted },
	  NONE_,
	  false,
	  false,
	  B("USERNS_RESTRICTED"),
	  W("LANDJAIL_AVAILABLE"),
	  "does not lift",
	  { ST(PF_PROBE_USERNS, PF_STATUS_FAIL) } },
	{ "non-root, Debian sysctl seen from a nested user namespace",
	  { nonroot, debian_sysctl, nested_userns },
	  NONE_,
	  false,
	  false,
	  B("USERNS_RESTRICTED"),
	  W("LANDJAIL_AVAILABLE"),
	  "unprivileged_userns_clone",
	  { { 0, 0 } } },
	{ "network namespace owned by an ancestor",
	  { netns_parent_owned },
	  NONE_,
	  false,
	  false,
	  B("NETNS_PARENT_OWNED"),
	  W("LANDJAIL_AVAILABLE"),
	  "ancestor user namespace",
	  { ST(PF_PROBE_NETADMIN, PF_STATUS_FAIL) } },
	{ "user.max_net_namespaces used up, max_user_namespaces large",
	  { netns_limit_used_up },
	  NONE_,
	  false,
	  false,
	  B("NETNS_LIMIT_REACHED"),
	  W("LANDJAIL_AVAILABLE"),
	  "user.max_net_namespaces (5 here)",
	  { { 0, 0 } } },
	{ "user.max_net_namespaces of an ancestor",
	  { netns_limit_ancestor },
	  NONE_,
	  false,
	  false,
	  B("NETNS_LIMIT_REACHED"),
	  W("LANDJAIL_AVAILABLE"),
	  "ancestor",
	  { { 0, 0 } } },
	{ "non-root without CAP_SETUID in the bounding set",
	  { docker, net_admin, sys_admin, nonroot, no_setuid_bounding },
	  NONE_,
	  false,
	  false,
	  B("NONROOT_ESCALATION_FAILS"),
	  W("LANDJAIL_AVAILABLE"),
	  "cap_setuid",
	  { ST(PF_PROBE_PRIVILEGE, PF_STATUS_FAIL) } },
	{ "--no-user-namespace non-root, user.max_net_namespaces=0: boundary's own clone hits it",
	  { nonroot, no_user_namespace, max_net_zero },
	  NONE_,
	  false,
	  false,
	  B("NETNS_LIMIT_REACHED"),
	  W("LANDJAIL_AVAILABLE"),
	  "user.max_net_namespaces is 0",
	  { ST(PF_PROBE_SYSCTL, PF_STATUS_FAIL) } },
	{ "--no-user-namespace non-root: the probe's veth EPERM is for want of CAP_NET_ADMIN, which setpriv grants",
	  { nonroot, no_user_namespace, netonly_veth_eperm },
	  PF_CONF_HOST,
	  true,
	  false,
	  B(NULL),
	  W("SUDO_POLICY_UNCHECKED"),
	  NULL,
	  { ST(PF_PROBE_USERNS, PF_STATUS_WARN) } },
	{ "--no-user-namespace: user.max_user_namespaces=0 does not matter",
	  { no_user_namespace, max_user_zero },
	  PF_CONF_HOST,
	  true,
	  false,
	  B(NULL),
	  W(NULL),
	  NULL,
	  { ST(PF_PROBE_SYSCTL, PF_STATUS_PASS) } },
	{ "the jail's default route refused",
	  { route_refused },
	  NONE_,
	  false,
	  false,
	  B("JAIL_NETWORK_FAILED"),
	  W("LANDJAIL_AVAILABLE"),
	  "default route",
	  { ST(PF_PROBE_USERNS, PF_STATUS_FAIL) } },

	/* tools */
	{ "iptables missing",
	  { no_iptables },
	  NONE_,
	  false,
	  false,
	  B("TOOL_MISSING"),
	  W("LANDJAIL_AVAILABLE"),
	  "iptables-nft",
	  { ST(PF_PROBE_TOOLS, PF_STATUS_FAIL) } },
	{ "ip, iptables, sysctl missing",
	  { docker, net_admin, no_tools },
	  NONE_,
	  false,
	  false,
	  B("TOOL_MISSING"),
	  W("LANDJAIL_AVAILABLE"),
	  "procps-ng",
	  { { 0, 0 } } },

	/* --no-user-namespace: boundary's network-only mode (docs/facts.md
	 * section 1.2) */
	{ "--no-user-namespace docker NET_ADMIN",
	  { docker, net_admin, no_user_namespace, debian_sysctl },
	  NONE_,
	  false,
	  false,
	  B("NETNS_NEEDS_SYS_ADMIN"),
	  W("LANDJAIL_AVAILABLE"),
	  "CAP_SYS_ADMIN is not effective",
	  { ST(PF_PROBE_USERNS, PF_STATUS_FAIL) } },
	{ "--no-user-namespace docker NET_ADMIN + SYS_ADMIN",
	  { docker, net_admin, sys_admin, no_user_namespace },
	  PF_CONF_RUNC_CAP_SYS_ADMIN,
	  true,
	  true,
	  B(NULL),
	  W("TESTING_ONLY_SYS_ADMIN"),
	  NULL,
	  { { 0, 0 } } },
	{ "--no-user-namespace default profile",
	  { docker, net_admin, default_seccomp, no_user_namespace },
	  NONE_,
	  false,
	  false,
	  B("SECCOMP_BLOCKS_CLONE"),
	  W("LANDJAIL_AVAILABLE"),
	  "CLONE_NEWNET|CLONE_SIGHAND",
	  { { 0, 0 } } },
	{ "--no-user-namespace, user.max_net_namespaces=0",
	  { no_user_namespace, netns_limit_zero },
	  NONE_,
	  false,
	  false,
	  B("NETNS_LIMIT_REACHED"),
	  W("LANDJAIL_AVAILABLE"),
	  "user.max_net_namespaces is 0",
	  { { 0, 0 } } },
	{ "--no-user-namespace non-root with sudo and setpriv",
	  { nonroot, no_user_namespace },
	  PF_CONF_HOST,
	  true,
	  false,
	  B(NULL),
	  W("SUDO_POLICY_UNCHECKED"),
	  NULL,
	  { ST(PF_PROBE_USERNS, PF_STATUS_WARN) } },
	{ "--no-user-namespace without veth",
	  { no_user_namespace, no_veth },
	  NONE_,
	  false,
	  false,
	  B("VETH_UNAVAILABLE"),
	  W("LANDJAIL_AVAILABLE"),
	  NULL,
	  { { 0, 0 } } },

	/* --jail landjail: boundary's Landlock jail (docs/facts.md section 1.6) */
	{ "landjail in docker default",
	  { docker, default_seccomp, landjail },
	  PF_CONF_LANDJAIL,
	  true,
	  false,
	  B(NULL),
	  W(NULL),
	  NULL,
	  { ST(PF_PROBE_NETADMIN, PF_STATUS_SKIP), ST(PF_PROBE_USERNS, PF_STATUS_SKIP),
	    ST(PF_PROBE_LANDLOCK, PF_STATUS_PASS) } },
	{ "landjail, Landlock ABI 3",
	  { landjail, landlock_abi3 },
	  NONE_,
	  false,
	  false,
	  B("LANDLOCK_UNAVAILABLE"),
	  W(NULL),
	  "ABI 3",
	  { ST(PF_PROBE_LANDLOCK, PF_STATUS_FAIL) } },
	{ "landjail, Landlock off at boot",
	  { landjail, landlock_off },
	  NONE_,
	  false,
	  false,
	  B("LANDLOCK_UNAVAILABLE"),
	  W(NULL),
	  "lsm=",
	  { { 0, 0 } } },
	{ "landjail, no Landlock",
	  { docker, landjail, landlock_absent },
	  NONE_,
	  false,
	  false,
	  B("LANDLOCK_UNAVAILABLE"),
	  W(NULL),
	  "ENOSYS",
	  { { 0, 0 } } },

	/* probes that could not decide */
	{ "userns probe timed out",
	  { userns_timeout },
	  NONE_,
	  false,
	  false,
	  B("PROBE_ERROR"),
	  W("LANDJAIL_AVAILABLE"),
	  "timed out",
	  { ST(PF_PROBE_USERNS, PF_STATUS_ERROR) } },
	{ "seccomp errored, the real clone decides",
	  { seccomp_error, chrooted },
	  NONE_,
	  false,
	  false,
	  B("USERNS_RESTRICTED"),
	  W("LANDJAIL_AVAILABLE"),
	  "could not tell",
	  { ST(PF_PROBE_SECCOMP, PF_STATUS_ERROR) } },
	{ "netadmin errored, capabilities tell",
	  { netadmin_error },
	  PF_CONF_HOST,
	  true,
	  false,
	  B(NULL),
	  W(NULL),
	  NULL,
	  { ST(PF_PROBE_NETADMIN, PF_STATUS_ERROR) } },

	/* fix flavours for the other engines */
	{ "podman with a profile that denies clone",
	  { podman, net_admin, default_seccomp },
	  NONE_,
	  false,
	  false,
	  B("SECCOMP_BLOCKS_CLONE"),
	  W("LANDJAIL_AVAILABLE"),
	  NULL,
	  { { 0, 0 } } },
	{ "ecs without NET_ADMIN",
	  { ecs, default_seccomp },
	  NONE_,
	  false,
	  false,
	  B("MISSING_CAP_NET_ADMIN", "SECCOMP_BLOCKS_CLONE"),
	  W("LANDJAIL_AVAILABLE"),
	  NULL,
	  { { 0, 0 } } },
};

#define N_ROWS ((int)(sizeof rows / sizeof rows[0]))

static void build(const struct row *r, struct pf_facts *f, struct pf_options *o)
{
	healthy_host(f);
	default_options(o);
	for (int i = 0; i < MAX_MODS && r->mods[i]; i++)
		r->mods[i](f, o);
}

static int count_codes(const char *const *codes)
{
	int n = 0;
	while (n < MAX_CODES && codes[n])
		n++;
	return n;
}

static bool has_finding(const struct pf_finding *list, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i].code, code) == 0)
			return true;
	return false;
}

static bool in_list(const char *const *list, const char *code)
{
	for (; *list; list++)
		if (strcmp(*list, code) == 0)
			return true;
	return false;
}

static void findings_string(char *buf, size_t size, const struct pf_finding *list, int n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && len + 1 < size; i++) {
		int w = snprintf(buf + len, size - len, "%s%s", i ? "," : "", list[i].code);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

static void check_findings(const char *row, const char *kind, const struct pf_finding *list, int n,
			   const char *const *expected, const char *const *code_list)
{
	char got[512];
	findings_string(got, sizeof got, list, n);
	int want = count_codes(expected);
	ck_assert_msg(n == want, "%s: %d %s (%s), expected %d", row, n, kind, got, want);
	for (int i = 0; i < want; i++)
		ck_assert_msg(has_finding(list, n, expected[i]), "%s: %s %s missing (got %s)", row, kind, expected[i],
			      got);
	for (int i = 0; i < n; i++) {
		ck_assert_msg(in_list(code_list, list[i].code), "%s: %s is not in the exported %s list", row,
			      list[i].code, kind);
		ck_assert_msg(list[i].message[0], "%s: %s has no message", row, list[i].code);
		ck_assert_msg((unsigned)list[i].probe < PF_PROBE_COUNT, "%s: %s rests on no probe", row, list[i].code);
	}
}

static bool some_message_has(const struct pf_verdict *v, const char *needle)
{
	for (int i = 0; i < v->n_blockers; i++)
		if (strstr(v->blockers[i].message, needle))
			return true;
	for (int i = 0; i < v->n_warnings; i++)
		if (strstr(v->warnings[i].message, needle))
			return true;
	return false;
}

static bool has_fix(const struct pf_verdict *v, const char *code, const char *engine)
{
	for (int i = 0; i < v->n_fixes; i++)
		if (strcmp(v->fixes[i].for_code, code) == 0 && (!engine || strcmp(v->fixes[i].engine, engine) == 0))
			return true;
	return false;
}

START_TEST(test_row)
{
	const struct row *r = &rows[_i];
	struct pf_facts f;
	struct pf_options o;
	struct pf_verdict v;
	build(r, &f, &o);
	pf_decide(&f, &o, &v);

	ck_assert_msg(v.configuration == r->configuration, "%s: configuration %s, expected %s", r->name,
		      pf_configuration_name(v.configuration), pf_configuration_name(r->configuration));
	ck_assert_msg(v.ready == r->ready, "%s: ready %d", r->name, v.ready);
	ck_assert_msg(v.testing_only == r->testing_only, "%s: testing_only %d", r->name, v.testing_only);
	check_findings(r->name, "blocker", v.blockers, v.n_blockers, r->blockers, pf_blocker_codes);
	check_findings(r->name, "warning", v.warnings, v.n_warnings, r->warnings, pf_warning_codes);
	if (r->message_has)
		ck_assert_msg(some_message_has(&v, r->message_has), "%s: no finding says \"%s\" (first: %s)", r->name,
			      r->message_has,
			      v.n_blockers   ? v.blockers[0].message
			      : v.n_warnings ? v.warnings[0].message
					     : "none");

	/* invariants */
	ck_assert_msg(v.ready == (v.n_blockers == 0), "%s: ready must mean no blocker", r->name);
	ck_assert_msg(v.ready || v.configuration == PF_CONF_NONE, "%s: not ready but a configuration", r->name);
	ck_assert_msg(v.landjail_would_work == has_finding(v.warnings, v.n_warnings, "LANDJAIL_AVAILABLE"),
		      "%s: landjail_would_work disagrees with LANDJAIL_AVAILABLE", r->name);
	ck_assert_msg(v.n_fixes < PF_MAX_FIXES, "%s: fixes may have been cut off (%d)", r->name, v.n_fixes);
	for (int i = 0; i < v.n_blockers; i++) {
		ck_assert_msg(has_fix(&v, v.blockers[i].code, "generic"), "%s: %s has no generic fix", r->name,
			      v.blockers[i].code);
		ck_assert_msg(v.probes[v.blockers[i].probe].status == PF_STATUS_FAIL ||
				      v.probes[v.blockers[i].probe].status == PF_STATUS_ERROR,
			      "%s: %s rests on %s, whose line is %s", r->name, v.blockers[i].code,
			      pf_probe_name(v.blockers[i].probe), pf_status_name(v.probes[v.blockers[i].probe].status));
	}
	for (int i = 0; i < v.n_warnings; i++)
		ck_assert_msg(has_fix(&v, v.warnings[i].code, NULL), "%s: %s has no fix", r->name, v.warnings[i].code);
	for (int i = 0; i < v.n_fixes; i++)
		for (int j = 0; j < i; j++)
			ck_assert_msg(strcmp(v.fixes[i].for_code, v.fixes[j].for_code) != 0 ||
					      strcmp(v.fixes[i].text, v.fixes[j].text) != 0,
				      "%s: fix \"%s\" for %s is listed twice", r->name, v.fixes[i].text,
				      v.fixes[i].for_code);
	for (int i = 0; i < PF_PROBE_COUNT; i++)
		ck_assert_msg(v.probes[i].summary[0], "%s: probe %s has no summary", r->name, pf_probe_name(i));
	for (int i = 0; i < MAX_STATUSES && r->statuses[i].probe_plus_one; i++) {
		int p = r->statuses[i].probe_plus_one - 1;
		ck_assert_msg(v.probes[p].status == r->statuses[i].status, "%s: %s is %s (%s), expected %s", r->name,
			      pf_probe_name(p), pf_status_name(v.probes[p].status), v.probes[p].summary,
			      pf_status_name(r->statuses[i].status));
	}
}
END_TEST

/* Every code the verdict exports is produced by some row. */
START_TEST(test_every_code_covered)
{
	const char *const *lists[] = { pf_blocker_codes, pf_warning_codes };
	for (int l = 0; l < 2; l++) {
		for (const char *const *c = lists[l]; *c; c++) {
			bool seen = false;
			for (int i = 0; i < N_ROWS && !seen; i++) {
				const char *const *want = l == 0 ? rows[i].blockers : rows[i].warnings;
				for (int j = 0; j < MAX_CODES && want[j]; j++)
					seen = seen || strcmp(want[j], *c) == 0;
			}
			ck_assert_msg(seen, "no row expects %s %s", l == 0 ? "blocker" : "warning", *c);
		}
	}
}
END_TEST

/* Every blocker, in whichever row raises it, has a fix for Docker (CLI or
 * Compose) and one for Kubernetes when the engine is that one; and a
 * fix never names an engine the environment does not have. */
static void check_engine_fixes(enum pf_engine engine, const char *a, const char *b)
{
	const char *const *codes = pf_blocker_codes;
	int n_codes = 0;
	while (codes[n_codes])
		n_codes++;
	bool seen[32] = { false };
	ck_assert_int_lt(n_codes, 32);

	for (int i = 0; i < N_ROWS; i++) {
		struct pf_facts f;
		struct pf_options o;
		struct pf_verdict v;
		build(&rows[i], &f, &o);
		if (!f.runtime.in_container)
			in_container(&f, engine, PF_RUNTIME_RUNC_COMPATIBLE);
		f.runtime.engine = engine;
		pf_decide(&f, &o, &v);
		for (int j = 0; j < v.n_blockers; j++) {
			const char *code = v.blockers[j].code;
			ck_assert_msg(has_fix(&v, code, a) || (b && has_fix(&v, code, b)), "%s on %s: %s has no %s fix",
				      rows[i].name, pf_engine_name(engine), code, a);
			for (int k = 0; k < n_codes; k++)
				if (strcmp(codes[k], code) == 0)
					seen[k] = true;
		}
		for (int j = 0; j < v.n_fixes; j++) {
			const char *e = v.fixes[j].engine;
			ck_assert_msg(strcmp(e, "generic") == 0 || strcmp(e, a) == 0 || (b && strcmp(e, b) == 0),
				      "%s on %s: a fix for engine %s", rows[i].name, pf_engine_name(engine), e);
			ck_assert_msg(v.fixes[j].text[0], "%s: a fix without text", rows[i].name);
		}
	}
	for (int k = 0; k < n_codes; k++)
		ck_assert_msg(seen[k], "blocker %s never raised in a %s container", codes[k], pf_engine_name(engine));
}

/* Every row's text report, on the host and in each engine, fits 80
 * columns: the fixes' snippets included (shell commands are folded by the
 * renderer; YAML and JSON must be written to fit). */
START_TEST(test_text_fits_80_columns)
{
	static const enum pf_engine engines[] = {
		PF_ENGINE_NONE, PF_ENGINE_DOCKER, PF_ENGINE_PODMAN, PF_ENGINE_KUBERNETES, PF_ENGINE_ECS,
	};
	int too_wide = 0;
	for (size_t e = 0; e < sizeof engines / sizeof engines[0]; e++)
		for (int i = 0; i < N_ROWS; i++) {
			struct pf_facts f;
			struct pf_options o;
			static struct pf_verdict v;
			struct pf_report r = { 0 };
			build(&rows[i], &f, &o);
			if (engines[e] != PF_ENGINE_NONE) {
				if (!f.runtime.in_container)
					in_container(&f, engines[e], PF_RUNTIME_RUNC_COMPATIBLE);
				f.runtime.engine = engines[e];
			}
			pf_decide(&f, &o, &v);
			ck_assert_int_eq(pf_report_build(&r, &f, &v, &o, 1.0, NULL), 0);
			char *text = NULL;
			size_t len = 0;
			FILE *out = open_memstream(&text, &len);
			struct pf_text_style style = { .color = false, .width = 80 };
			pf_render_text(out, &r, &style);
			fclose(out);
			int col = 0;
			const char *line = text;
			for (const char *p = text; *p; p++) {
				if (*p == '\n') {
					if (col > 80) {
						fprintf(stderr, "%s on %s: %d columns: %.*s\n", rows[i].name,
							pf_engine_name(engines[e]), col, (int)(p - line), line);
						too_wide++;
					}
					col = 0;
					line = p + 1;
				} else if (((unsigned char)*p & 0xc0) != 0x80) {
					col++;
				}
			}
			free(text);
			pf_report_free(&r);
		}
	ck_assert_msg(too_wide == 0, "%d report lines are wider than 80 columns (listed above)", too_wide);
}
END_TEST

START_TEST(test_fixes_docker)
{
	check_engine_fixes(PF_ENGINE_DOCKER, "docker", "compose");
}
END_TEST

START_TEST(test_fixes_kubernetes)
{
	check_engine_fixes(PF_ENGINE_KUBERNETES, "kubernetes", NULL);
}
END_TEST

static const struct row *row_named(const char *name)
{
	for (int i = 0; i < N_ROWS; i++)
		if (strcmp(rows[i].name, name) == 0)
			return &rows[i];
	ck_abort_msg("no row %s", name);
	return NULL;
}

static int fix_index(const struct pf_verdict *v, const char *code, const char *engine, const char *needle)
{
	for (int i = 0; i < v->n_fixes; i++)
		if (strcmp(v->fixes[i].for_code, code) == 0 && strcmp(v->fixes[i].engine, engine) == 0 &&
		    (strstr(v->fixes[i].snippet, needle) || strstr(v->fixes[i].text, needle)))
			return i;
	return -1;
}

/* Safest first: generated seccomp profile, then sysbox-runc, then SYS_ADMIN. */
static void check_order(const char *row, const char *code, const char *engine, const char *profile_needle)
{
	struct pf_facts f;
	struct pf_options o;
	struct pf_verdict v;
	build(row_named(row), &f, &o);
	pf_decide(&f, &o, &v);
	int profile = fix_index(&v, code, engine, profile_needle);
	int sysbox_i = fix_index(&v, code, engine, "sysbox-runc");
	int sys_admin_i = fix_index(&v, code, engine, "SYS_ADMIN");
	ck_assert_msg(profile >= 0 && sysbox_i >= 0 && sys_admin_i >= 0, "%s/%s: profile %d sysbox %d SYS_ADMIN %d",
		      code, engine, profile, sysbox_i, sys_admin_i);
	ck_assert_msg(profile < sysbox_i && sysbox_i < sys_admin_i, "%s/%s: order %d %d %d", code, engine, profile,
		      sysbox_i, sys_admin_i);
	/* the first fix for this engine is the profile */
	for (int i = 0; i < v.n_fixes; i++)
		if (strcmp(v.fixes[i].for_code, code) == 0 && strcmp(v.fixes[i].engine, engine) == 0) {
			ck_assert_int_eq(i, profile);
			break;
		}
}

START_TEST(test_fix_order)
{
	const char *docker_row = "docker NET_ADMIN default profile (no USERNS_RESTRICTED cascade)";
	check_order(docker_row, "SECCOMP_BLOCKS_CLONE", "docker", "seccomp-profile --base default.json");
	check_order(docker_row, "SECCOMP_BLOCKS_CLONE", "compose", "seccomp=./boundary-seccomp.json");
	check_order("kubernetes RuntimeDefault NET_ADMIN", "SECCOMP_BLOCKS_CLONE", "kubernetes",
		    "localhostProfile: boundary-seccomp.json");
	check_order("docker NET_ADMIN KILL profile", "SECCOMP_KILLS_CLONE", "docker", "seccomp-profile");
}
END_TEST

static const struct pf_fix *find_fix(const struct pf_verdict *v, const char *code, const char *engine)
{
	for (int i = 0; i < v->n_fixes; i++)
		if (strcmp(v->fixes[i].for_code, code) == 0 && strcmp(v->fixes[i].engine, engine) == 0)
			return &v->fixes[i];
	return NULL;
}

static void expect_snippet(const char *row, const char *code, const char *engine, const char *needle)
{
	struct pf_facts f;
	struct pf_options o;
	struct pf_verdict v;
	build(row_named(row), &f, &o);
	pf_decide(&f, &o, &v);
	bool found = false;
	for (int i = 0; i < v.n_fixes && !found; i++)
		found = strcmp(v.fixes[i].for_code, code) == 0 && strcmp(v.fixes[i].engine, engine) == 0 &&
			strstr(v.fixes[i].snippet, needle);
	const struct pf_fix *first = find_fix(&v, code, engine);
	ck_assert_msg(found, "%s: no %s fix for %s with \"%s\" (first: %s)", row, engine, code, needle,
		      first ? first->snippet : "none");
}

/* The fixes carry the engine's own syntax and the facts' specifics. */
START_TEST(test_fix_content)
{
	/* only a missing driver (EOPNOTSUPP) is fixed by loading it */
	expect_snippet("no veth driver", "VETH_UNAVAILABLE", "host", "modprobe veth");
	expect_snippet("veth refused by an LSM", "VETH_UNAVAILABLE", "generic", "dmesg");
	{
		struct pf_facts f;
		struct pf_options o;
		struct pf_verdict v;
		build(row_named("veth refused by an LSM"), &f, &o);
		pf_decide(&f, &o, &v);
		for (int i = 0; i < v.n_fixes; i++)
			ck_assert_msg(!strstr(v.fixes[i].snippet, "modprobe"), "an LSM refusal got: %s",
				      v.fixes[i].snippet);
	}
	/* CAP_SYS_ADMIN already in the bounding set: adding it is no fix */
	{
		struct pf_facts f;
		struct pf_options o;
		struct pf_verdict v;
		const char *row = "docker NET_ADMIN+SYS_ADMIN under a custom profile that still denies clones";
		build(row_named(row), &f, &o);
		pf_decide(&f, &o, &v);
		for (int i = 0; i < v.n_fixes; i++)
			ck_assert_msg(!strstr(v.fixes[i].snippet, "--cap-add=SYS_ADMIN") &&
					      !strstr(v.fixes[i].snippet, "- SYS_ADMIN"),
				      "%s: fix %d suggests SYS_ADMIN again: %s", row, i, v.fixes[i].snippet);
	}
	expect_snippet("docker default (no NET_ADMIN, default profile)", "MISSING_CAP_NET_ADMIN", "docker",
		       "docker run --cap-add=NET_ADMIN");
	expect_snippet("docker default (no NET_ADMIN, default profile)", "MISSING_CAP_NET_ADMIN", "compose",
		       "cap_add:\n      - NET_ADMIN");
	expect_snippet("kubernetes RuntimeDefault NET_ADMIN", "SECCOMP_BLOCKS_CLONE", "kubernetes", "type: Localhost");
	expect_snippet("ecs without NET_ADMIN", "MISSING_CAP_NET_ADMIN", "ecs", "\"linuxParameters\"");
	expect_snippet("ecs without NET_ADMIN", "SECCOMP_BLOCKS_CLONE", "ecs", "\"seccomp-profile\"");
	expect_snippet("user.max_user_namespaces=0", "USERNS_LIMIT_ZERO", "host",
		       "sysctl -w user.max_user_namespaces=15000");
	expect_snippet("--no-user-namespace, user.max_net_namespaces=0", "NETNS_LIMIT_REACHED", "host",
		       "sysctl -w user.max_net_namespaces=15000");
	expect_snippet("user.max_net_namespaces used up, max_user_namespaces large", "NETNS_LIMIT_REACHED", "host",
		       "sysctl -w user.max_net_namespaces=15000");
	/* never lower a limit: 96365 becomes 192730, not 15000 */
	expect_snippet("user.max_net_namespaces of an ancestor", "NETNS_LIMIT_REACHED", "host",
		       "sysctl -w user.max_net_namespaces=192730");
	expect_snippet("iptables-legacy without CAP_NET_RAW", "IPTABLES_UNUSABLE", "docker", "iptables-nft");
	expect_snippet("iptables-legacy without CAP_NET_RAW", "IPTABLES_UNUSABLE", "docker", "--cap-add=NET_RAW");
	expect_snippet("non-root, iptables-legacy: the lock file", "IPTABLES_UNUSABLE", "host", "iptables-nft");
	expect_snippet("network namespace owned by an ancestor", "NETNS_PARENT_OWNED", "host", "sudo boundary");
	expect_snippet("kernel.unprivileged_userns_clone=0", "USERNS_RESTRICTED", "host",
		       "kernel.unprivileged_userns_clone=1");
	expect_snippet("AppArmor userns restriction (EACCES)", "USERNS_RESTRICTED", "generic", "userns,");
	expect_snippet("--cap-drop=ALL --cap-add=NET_ADMIN: uid_map needs CAP_SETFCAP", "IDMAP_FAILED", "docker",
		       "--cap-add=SETFCAP");
	expect_snippet("iptables missing", "TOOL_MISSING", "host", "dnf install -y iptables-nft");
	expect_snippet("ip, iptables, sysctl missing", "TOOL_MISSING", "docker",
		       "apt-get install -y --no-install-recommends iproute2 iptables procps");
	expect_snippet("ip, iptables, sysctl missing", "TOOL_MISSING", "docker",
		       "apk add --no-cache iproute2 iptables procps");
	expect_snippet("non-root in docker --cap-add=NET_ADMIN: sys_admin not in bounding", "NONROOT_ESCALATION_FAILS",
		       "docker", "docker exec -u 0");
	expect_snippet("non-root on a host without sudo (setpriv to nobody)", "NONROOT_ESCALATION_FAILS", "generic",
		       "apt-get install -y sudo");
	expect_snippet("--no-user-namespace docker NET_ADMIN", "NETNS_NEEDS_SYS_ADMIN", "generic",
		       "unset BOUNDARY_NO_USER_NAMESPACE");
	expect_snippet("docker NET_ADMIN, ip_forward 0 read-only", "IP_FORWARD_READONLY", "docker",
		       "--sysctl net.ipv4.ip_forward=1");
	expect_snippet("docker default (no NET_ADMIN, default profile)", "LANDJAIL_AVAILABLE", "generic",
		       "--jail-type landjail");
	expect_snippet("podman with a profile that denies clone", "SECCOMP_BLOCKS_CLONE", "podman",
		       "--security-opt seccomp=boundary-seccomp.json");
}
END_TEST

/* Under --no-user-namespace the default-mode clone does not count, and the
 * drop-the-flag fix comes before any capability. */
START_TEST(test_no_userns_ignores_userns_facts)
{
	struct pf_facts f;
	struct pf_options o;
	struct pf_verdict v;
	healthy_host(&f);
	default_options(&o);
	o.user_namespace = false;
	userns_limit_zero(&f, &o); /* default-mode clone ENOSPC: irrelevant here */
	pf_decide(&f, &o, &v);
	ck_assert_int_eq(v.configuration, PF_CONF_HOST);
	ck_assert(v.ready);

	build(row_named("--no-user-namespace docker NET_ADMIN"), &f, &o);
	pf_decide(&f, &o, &v);
	int first = -1, sys_admin_fix = -1;
	for (int i = 0; i < v.n_fixes; i++) {
		if (strcmp(v.fixes[i].for_code, "NETNS_NEEDS_SYS_ADMIN") != 0)
			continue;
		if (first < 0)
			first = i;
		if (sys_admin_fix < 0 && strstr(v.fixes[i].snippet, "SYS_ADMIN"))
			sys_admin_fix = i;
	}
	ck_assert_int_ge(first, 0);
	ck_assert_msg(strstr(v.fixes[first].text, "--no-user-namespace") != NULL, "first fix: %s", v.fixes[first].text);
	ck_assert_int_gt(sys_admin_fix, first);
}
END_TEST

/* The summary carries the evidence (docs/design.md "Architecture": a
 * finding states its evidence). */
START_TEST(test_summaries)
{
	struct pf_facts f;
	struct pf_options o;
	struct pf_verdict v;
	build(row_named("docker NET_ADMIN default profile (no USERNS_RESTRICTED cascade)"), &f, &o);
	pf_decide(&f, &o, &v);
	ck_assert_str_eq(v.probes[PF_PROBE_SECCOMP].summary,
			 "filter active (1); clone(NEWUSER|NEWNET) denied: EPERM, expected EINVAL; "
			 "clone3 denied: ENOSYS, expected EINVAL; unshare denied, setns denied");
	ck_assert_str_eq(v.probes[PF_PROBE_USERNS].summary, "clone(NEWUSER|NEWNET): EPERM");
	ck_assert_str_eq(v.probes[PF_PROBE_CAPABILITIES].summary,
			 "CAP_NET_ADMIN effective; CAP_SYS_ADMIN absent (not needed)");
	ck_assert_str_eq(v.probes[PF_PROBE_TOOLS].summary, "ip, iptables (nft), sysctl");

	build(row_named("userns probe timed out"), &f, &o);
	pf_decide(&f, &o, &v);
	ck_assert_str_eq(v.probes[PF_PROBE_USERNS].summary, "probe error: timed out after 5000 ms");
}
END_TEST

/* Pure: same input, same output; the facts are not touched. */
START_TEST(test_pure)
{
	static struct pf_facts f, copy;
	static struct pf_verdict a, b;
	struct pf_options o;
	build(row_named("docker default (no NET_ADMIN, default profile)"), &f, &o);
	memcpy(&copy, &f, sizeof f);
	memset(&a, 0xa5, sizeof a);
	memset(&b, 0x5a, sizeof b);
	pf_decide(&f, &o, &a);
	pf_decide(&f, &o, &b);
	ck_assert(memcmp(&f, &copy, sizeof f) == 0);
	ck_assert_int_eq(a.n_blockers, b.n_blockers);
	ck_assert_int_eq(a.n_fixes, b.n_fixes);
	for (int i = 0; i < a.n_fixes; i++) {
		ck_assert_str_eq(a.fixes[i].text, b.fixes[i].text);
		ck_assert_str_eq(a.fixes[i].snippet, b.fixes[i].snippet);
	}
	for (int i = 0; i < PF_PROBE_COUNT; i++)
		ck_assert_str_eq(a.probes[i].summary, b.probes[i].summary);
}
END_TEST

/* Codes are unique within each list and well formed. */
START_TEST(test_code_lists)
{
	const char *const *lists[] = { pf_blocker_codes, pf_warning_codes };
	for (int l = 0; l < 2; l++)
		for (const char *const *c = lists[l]; *c; c++) {
			ck_assert_msg(strspn(*c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(*c), "bad code %s",
				      *c);
			for (const char *const *d = c + 1; *d; d++)
				ck_assert_msg(strcmp(*c, *d) != 0, "duplicate code %s", *c);
		}
	ck_assert(in_list(pf_blocker_codes, "TESTING_ONLY_SYS_ADMIN")); /* --strict */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("verdict");
	TCase *tc = tcase_create("table");
	tcase_add_loop_test(tc, test_row, 0, N_ROWS);
	tcase_add_test(tc, test_every_code_covered);
	suite_add_tcase(s, tc);
	TCase *fx = tcase_create("fixes");
	tcase_add_test(fx, test_fixes_docker);
	tcase_add_test(fx, test_fixes_kubernetes);
	tcase_add_test(fx, test_fix_order);
	tcase_add_test(fx, test_fix_content);
	tcase_add_test(fx, test_text_fits_80_columns);
	tcase_add_test(fx, test_no_userns_ignores_userns_facts);
	suite_add_tcase(s, fx);
	TCase *misc = tcase_create("model");
	tcase_add_test(misc, test_summaries);
	tcase_add_test(misc, test_pure);
	tcase_add_test(misc, test_code_lists);
	suite_add_tcase(s, misc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int n_failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return n_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
