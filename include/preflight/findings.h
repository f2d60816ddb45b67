/* SPDX-License-Identifier: MIT */
/* Finding codes and their causes. The codes come from one table,
 * include/preflight/findings.def; a finding carries, besides its code, the
 * cause its fixes need, filled in by the verdict from the facts, so that
 * the fixes (src/fixes.c) read findings only. */
#pragma once

#include <stdbool.h>

#include "preflight/facts.h"

enum pf_code {
#define PF_FINDING(code, kind, probe, fixes, doc) PF_CODE_##code,
#include "preflight/findings.def"
#undef PF_FINDING
	PF_CODE_COUNT
};

enum pf_code_kind {
	PF_KIND_BLOCKER,
	PF_KIND_WARNING,
	PF_KIND_STRICT, /* a warning; a blocker under --strict */
};

struct pf_code_info {
	const char *name; /* "SECCOMP_BLOCKS_CLONE" */
	enum pf_code_kind kind;
	enum pf_probe_id probe; /* the usual probe; PF_PROBE_COUNT: any */
	const char *doc;        /* the manual's entry, on one line */
};
/* The table row of a code; NULL past the end. */
const struct pf_code_info *pf_code_info(enum pf_code code);
const char *pf_code_name(enum pf_code code);
int pf_code_from_name(const char *name); /* -1 when unknown */

/* Why a user namespace clone (or an id-map write) was refused, as far as
 * the facts tell (docs/facts.md section 3). */
enum pf_userns_cause {
	PF_USERNS_CAUSE_UNKNOWN,
	PF_USERNS_CAUSE_DEBIAN_SYSCTL,   /* kernel.unprivileged_userns_clone=0 */
	PF_USERNS_CAUSE_APPARMOR_SYSCTL, /* kernel.apparmor_restrict_unprivileged_userns=1 */
	PF_USERNS_CAUSE_APPARMOR,        /* EACCES under an AppArmor profile */
	PF_USERNS_CAUSE_SELINUX,         /* EACCES under SELinux */
	PF_USERNS_CAUSE_LSM,             /* EACCES, no LSM visible */
	PF_USERNS_CAUSE_CHROOT,          /* EPERM, nothing else explains it */
};

/* Why writing the id maps failed. */
enum pf_idmap_cause {
	PF_IDMAP_CAUSE_OTHER,
	PF_IDMAP_CAUSE_SETFCAP,         /* uid 0 mapped without CAP_SETFCAP (Linux 5.12+): EPERM */
	PF_IDMAP_CAUSE_APPARMOR_SYSCTL, /* kernel.apparmor_restrict_unprivileged_userns=1 */
};

/* Why boundary's non-root re-exec (sudo ... setpriv --inh-caps
 * +net_admin,+sys_admin, docs/facts.md section 1.5) would fail: a bit set,
 * 0 when it works. */
enum {
	PF_ESCALATION_NO_SUDO = 1u << 0,
	PF_ESCALATION_NO_SETPRIV = 1u << 1,
	PF_ESCALATION_NET_ADMIN_NOT_BOUNDING = 1u << 2,
	PF_ESCALATION_SYS_ADMIN_NOT_BOUNDING = 1u << 3,
	PF_ESCALATION_NO_NEW_PRIVS = 1u << 4,        /* sudo is setuid: NoNewPrivs defeats it */
	PF_ESCALATION_SETUID_NOT_BOUNDING = 1u << 5, /* sudo's setuid, setpriv --reuid */
	PF_ESCALATION_SETGID_NOT_BOUNDING = 1u << 6, /* setpriv --regid, --clear-groups */
};

/* The tools boundary runs that are not on PATH: a bit set (their names and
 * packages: pf_tool_name, pf_tool_package in src/names.c). */
enum {
	PF_TOOL_IP = 1u << 0,
	PF_TOOL_IPTABLES = 1u << 1,
	PF_TOOL_SYSCTL = 1u << 2,
};
#define PF_TOOL_COUNT 3
enum pf_distro { PF_DISTRO_DEBIAN, PF_DISTRO_ALPINE, PF_DISTRO_RHEL };
const char *pf_tool_name(unsigned bit);
const char *pf_tool_package(unsigned bit, enum pf_distro distro);

/* Why the found iptables cannot add boundary's rules, from a proof
 * (host side or jail side), or PF_IPT_OK. */
enum pf_iptables_cause {
	PF_IPT_OK,
	PF_IPT_LOCK,         /* legacy: the xtables lock file cannot be opened */
	PF_IPT_NO_NET_RAW,   /* legacy: no raw socket (CAP_NET_RAW) */
	PF_IPT_NO_NET_ADMIN, /* EPERM on the table: CAP_NET_ADMIN (reported on its own) */
	PF_IPT_NO_BACKEND,   /* the kernel lacks the variant's tables (module missing) */
	PF_IPT_KILLED,       /* the proof died of a signal or hung */
	PF_IPT_OTHER,
};

/* What a finding's fixes need to know of its cause; which fields count
 * depends on the code (the rest stay zero). */
struct pf_cause {
	/* SECCOMP_BLOCKS_CLONE, SECCOMP_KILLS_CLONE: a container created with
	 * CAP_SYS_ADMIN got the default profile that allows clones */
	bool sys_admin_bounding;
	/* USERNS_LIMIT_ZERO, NETNS_LIMIT_REACHED: the sysctl that bit and the
	 * value it shows here (-1 unreadable) */
	const char *limit_sysctl;
	long limit_value;
	enum pf_userns_cause userns; /* USERNS_RESTRICTED */
	enum pf_idmap_cause idmap;   /* IDMAP_FAILED */
	/* VETH_UNAVAILABLE: the errno of the failed step; both it and
	 * IPTABLES_UNUSABLE: gVisor's netstack, which has neither */
	int err;
	bool gvisor;
	/* IPTABLES_UNUSABLE: the host side's cause when it failed, else the
	 * jail side's; whether adding CAP_NET_RAW would help (root lacking it,
	 * on the host side) */
	enum pf_iptables_cause iptables;
	bool net_raw_helps;
	unsigned escalation;    /* NONROOT_ESCALATION_FAILS: PF_ESCALATION_* */
	unsigned missing_tools; /* TOOL_MISSING: PF_TOOL_* */
};
