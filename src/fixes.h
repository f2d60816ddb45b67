/* SPDX-License-Identifier: MIT */
/* Internal to the verdict: the stable codes, the causes verdict.c and
 * fixes.c both read off the facts, and the fix builder. Not part of the
 * public model (include/preflight/verdict.h is). */
#pragma once

#include "preflight/facts.h"
#include "preflight/options.h"
#include "preflight/verdict.h"

/* Blockers (docs/design.md "Verdict"; docs/fixes.md has a section for each). */
#define PF_CODE_MISSING_CAP_NET_ADMIN "MISSING_CAP_NET_ADMIN"
#define PF_CODE_SECCOMP_BLOCKS_CLONE "SECCOMP_BLOCKS_CLONE"
#define PF_CODE_SECCOMP_KILLS_CLONE "SECCOMP_KILLS_CLONE"
#define PF_CODE_USERNS_LIMIT_ZERO "USERNS_LIMIT_ZERO"
#define PF_CODE_USERNS_RESTRICTED "USERNS_RESTRICTED"
#define PF_CODE_NETNS_NEEDS_SYS_ADMIN "NETNS_NEEDS_SYS_ADMIN"
#define PF_CODE_IDMAP_FAILED "IDMAP_FAILED"
#define PF_CODE_VETH_UNAVAILABLE "VETH_UNAVAILABLE"
#define PF_CODE_NONROOT_ESCALATION_FAILS "NONROOT_ESCALATION_FAILS"
#define PF_CODE_TOOL_MISSING "TOOL_MISSING"
#define PF_CODE_IPTABLES_UNUSABLE "IPTABLES_UNUSABLE"
#define PF_CODE_NETNS_PARENT_OWNED "NETNS_PARENT_OWNED"
#define PF_CODE_NETNS_LIMIT_REACHED "NETNS_LIMIT_REACHED"
#define PF_CODE_JAIL_NETWORK_FAILED "JAIL_NETWORK_FAILED"
#define PF_CODE_LANDLOCK_UNAVAILABLE "LANDLOCK_UNAVAILABLE"
#define PF_CODE_PROBE_ERROR "PROBE_ERROR"
/* Warnings (TESTING_ONLY_SYS_ADMIN is a blocker under --strict). */
#define PF_CODE_TESTING_ONLY_SYS_ADMIN "TESTING_ONLY_SYS_ADMIN"
#define PF_CODE_SECCOMP_UNCONFINED "SECCOMP_UNCONFINED"
#define PF_CODE_CLONE3_EPERM "CLONE3_EPERM"
#define PF_CODE_STALE_CONTAINER_MARKER "STALE_CONTAINER_MARKER"
#define PF_CODE_IP_FORWARD_READONLY "IP_FORWARD_READONLY"
#define PF_CODE_LANDJAIL_AVAILABLE "LANDJAIL_AVAILABLE"
#define PF_CODE_RUNTIME_UNDOCUMENTED "RUNTIME_UNDOCUMENTED"
#define PF_CODE_SUDO_POLICY_UNCHECKED "SUDO_POLICY_UNCHECKED"

/* Why a user namespace clone (or an id-map write) was refused, as far as
 * the facts tell (docs/facts.md section 3). */
enum pf_userns_cause {
	PF_USERNS_CAUSE_UNKNOWN,
	PF_USERNS_CAUSE_DEBIAN_SYSCTL,    /* kernel.unprivileged_userns_clone=0 */
	PF_USERNS_CAUSE_APPARMOR_SYSCTL,  /* kernel.apparmor_restrict_unprivileged_userns=1 */
	PF_USERNS_CAUSE_APPARMOR,         /* EACCES under an AppArmor profile */
	PF_USERNS_CAUSE_SELINUX,          /* EACCES under SELinux */
	PF_USERNS_CAUSE_LSM,              /* EACCES, no LSM visible */
	PF_USERNS_CAUSE_CHROOT,           /* EPERM, nothing else explains it */
};
enum pf_userns_cause pf_userns_restriction_cause(const struct pf_facts *f, int err);

/* Why boundary's non-root re-exec (sudo ... setpriv --inh-caps
 * +net_admin,+sys_admin, docs/facts.md section 1.5) would fail: a bit set,
 * 0 when it works. Only meaningful for a non-root euid. */
enum {
	PF_ESCALATION_NO_SUDO = 1u << 0,
	PF_ESCALATION_NO_SETPRIV = 1u << 1,
	PF_ESCALATION_NET_ADMIN_NOT_BOUNDING = 1u << 2,
	PF_ESCALATION_SYS_ADMIN_NOT_BOUNDING = 1u << 3,
	PF_ESCALATION_NO_NEW_PRIVS = 1u << 4,   /* sudo is setuid: NoNewPrivs defeats it */
	PF_ESCALATION_SETUID_NOT_BOUNDING = 1u << 5, /* sudo's setuid, setpriv --reuid */
	PF_ESCALATION_SETGID_NOT_BOUNDING = 1u << 6, /* setpriv --regid, --clear-groups */
};
unsigned pf_escalation_failures(const struct pf_facts *f);

/* The tools boundary runs that are not on PATH: a bit set. */
enum {
	PF_TOOL_IP = 1u << 0,
	PF_TOOL_IPTABLES = 1u << 1,
	PF_TOOL_SYSCTL = 1u << 2,
};
unsigned pf_missing_tools(const struct pf_facts *f);
/* "iproute2 iptables" for the missing set; distro: 0 Debian, 1 Alpine, 2 RHEL */
void pf_tool_packages(unsigned missing, int distro, char *buf, size_t size);

/* The sysctl whose limit a clone hit with ENOSPC (docs/facts.md section 3):
 * after a failed clone(CLONE_NEWUSER|CLONE_NEWNET), the probe's
 * clone(CLONE_NEWUSER) alone tells which of the two was used up. */
const char *pf_namespace_limit_sysctl(const struct pf_facts *f, bool user_namespace);
/* The value that limit shows here, -1 when unreadable. */
long pf_namespace_limit_value(const struct pf_facts *f, bool user_namespace);
/* A value to raise it to that is never lower than what it is now. */
long pf_namespace_limit_target(long current);

/* Why the found iptables cannot add boundary's rules, from a proof
 * (host side or jail side), or PF_IPT_OK. */
enum pf_iptables_cause {
	PF_IPT_OK,
	PF_IPT_LOCK,        /* legacy: the xtables lock file cannot be opened */
	PF_IPT_NO_NET_RAW,  /* legacy: no raw socket (CAP_NET_RAW) */
	PF_IPT_NO_NET_ADMIN, /* EPERM on the table: CAP_NET_ADMIN (reported on its own) */
	PF_IPT_NO_BACKEND,  /* the kernel lacks the variant's tables (module missing) */
	PF_IPT_KILLED,      /* the proof died of a signal or hung */
	PF_IPT_OTHER,
};
enum pf_iptables_cause pf_iptables_cause(const struct pf_iptables_proof *p, int *err);

/* The user namespace was mapped with uid 0 while CAP_SETFCAP is not
 * effective: the map write fails since Linux 5.12 (docs/facts.md section 3). */
bool pf_idmap_needs_setfcap(const struct pf_facts *f);

/* Append the fixes for every blocker, then every warning, in v. Pure. */
void pf_fixes_add(struct pf_verdict *v, const struct pf_facts *f, const struct pf_options *o);
