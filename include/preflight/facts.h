/* SPDX-License-Identifier: MIT */
/* The facts model: what each probe found, nothing decided. Probes fill one
 * struct each; the verdict (src/verdict/) reads them all; report.c turns them into JSON.
 * Convention: -1 (or PF_UNKNOWN) means "not known / not applicable". */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum pf_probe_id {
	PF_PROBE_CAPABILITIES,
	PF_PROBE_NETADMIN,
	PF_PROBE_SECCOMP,
	PF_PROBE_USERNS,
	PF_PROBE_SYSCTL,
	PF_PROBE_RUNTIME,
	PF_PROBE_LSM,
	PF_PROBE_PRIVILEGE,
	PF_PROBE_TOOLS,
	PF_PROBE_LANDLOCK,
	PF_PROBE_KERNEL,
	PF_PROBE_COUNT
};

/* "capabilities", "netadmin", ... as in docs/design.md ("Probes") */
const char *pf_probe_name(enum pf_probe_id id);
extern const char *const pf_probe_names[]; /* by id, NULL-terminated (src/names.c) */

enum pf_tri { PF_UNKNOWN = -1, PF_NO = 0, PF_YES = 1 };

/* One syscall (or step) attempted in a throwaway child. */
struct pf_attempt {
	bool attempted; /* false: not tried (an earlier step failed, or n/a) */
	int err;        /* 0 = succeeded, else the errno */
	int signal;     /* the child died of this signal (SIGSYS: seccomp KILL/TRAP) */
	bool timed_out; /* the child hung and was killed at the deadline */
};

/* What seccomp did with a probe call (docs/facts.md section 3). */
enum pf_gate {
	PF_GATE_UNKNOWN, /* not probed, or the child failed for another reason */
	PF_GATE_ALLOWED, /* the kernel's own argument check answered */
	PF_GATE_DENIED,  /* an errno other than the kernel's answer (EPERM under Docker) */
	PF_GATE_KILLED,  /* the child died of SIGSYS: KILL or TRAP action */
	PF_GATE_NOSYS,   /* ENOSYS: filtered to ENOSYS, or the kernel lacks the call */
};
const char *pf_gate_name(enum pf_gate g);

/* An invalid-argument oracle: a call that can never succeed, so the errno
 * tells whether seccomp let it reach the kernel. */
struct pf_oracle {
	struct pf_attempt call;
	int expected_errno; /* what the kernel answers when seccomp allows it */
	enum pf_gate gate;
};

/* Capability numbers the verdict cares about (linux/capability.h). */
#define PF_CAP_SETGID 6
#define PF_CAP_SETUID 7
#define PF_CAP_NET_ADMIN 12
#define PF_CAP_NET_RAW 13
#define PF_CAP_SYS_ADMIN 21
#define PF_CAP_SETFCAP 31
#define PF_CAP_BIT(n) (UINT64_C(1) << (n))

struct pf_caps_facts {
	bool read_ok; /* the sets could be read */
	uint64_t effective, permitted, inheritable, bounding, ambient;
	long euid, egid;
	int no_new_privs; /* -1 unknown */
};

struct pf_netadmin_facts {
	/* RTM_DELLINK of a nonexistent ifindex in this network namespace:
	 * EPERM = CAP_NET_ADMIN missing here, ENODEV = present. */
	struct pf_attempt dellink;
	enum pf_tri net_admin_here;
	/* Is this network namespace owned by this process's own user
	 * namespace? ioctl(NS_GET_USERNS) on /proc/self/ns/net (Linux 4.9+)
	 * compared with /proc/self/ns/user; EPERM from the ioctl means the
	 * owner is an ancestor (ioctl_ns(2)). Capabilities count over a network
	 * namespace only through its owner. */
	enum pf_tri netns_owned_here;
	int owner_err; /* errno of NS_GET_USERNS, 0 when it answered */
};

struct pf_seccomp_facts {
	int mode;                          /* Seccomp: 0 off, 1 strict, 2 filter; -1 unknown */
	int filters;                       /* Seccomp_filters (Linux 5.9+); -1 unknown */
	int no_new_privs;                  /* -1 unknown */
	struct pf_oracle clone_userns_net; /* clone(NEWUSER|NEWNET|FS) -> EINVAL */
	struct pf_oracle clone_net;        /* clone(NEWNET|SIGHAND) -> EINVAL */
	struct pf_oracle clone3;           /* clone3(NULL, 0) -> EINVAL */
	struct pf_oracle unshare;          /* unshare(CLONE_PARENT) -> EINVAL */
	struct pf_oracle setns;            /* setns(-1, 0) -> EBADF */
};

/* What boundary's iptables needs, proven without changing anything
 * (include/preflight/iptables_proof.h): legacy needs the lock file, a raw
 * socket and the nat table; nft needs nfnetlink (the nat_table step). */
struct pf_iptables_proof {
	bool attempted;
	char variant[16];             /* the variant proven: "nft" or "legacy" */
	struct pf_attempt lock;       /* legacy: the xtables lock file opens */
	struct pf_attempt raw_socket; /* legacy: socket(AF_INET, SOCK_RAW): CAP_NET_RAW */
	struct pf_attempt nat_table;  /* legacy: IPT_SO_GET_INFO "nat"; nft: NFT_MSG_GETGEN */
};

/* boundary's own sequence (docs/facts.md section 1), each step kept. */
struct pf_userns_facts {
	/* default mode: clone(CLONE_NEWUSER|CLONE_NEWNET) */
	struct pf_attempt clone;
	struct pf_attempt setgroups; /* "deny" to /proc/PID/setgroups */
	struct pf_attempt uid_map;   /* "UID UID 1" */
	struct pf_attempt gid_map;   /* "GID GID 1" */
	struct pf_attempt lo_up;     /* inside: bring lo up */
	struct pf_attempt veth;      /* inside, right after the clone: create a veth pair */
	struct pf_attempt addr;      /* inside: 192.168.100.2/24 on one end, both ends up */
	struct pf_attempt route;     /* inside: default route via 192.168.100.1 */
	/* inside, with the credentials boundary's child has after its exec:
	 * what the jail's DNS DNAT rule needs */
	struct pf_iptables_proof jail_iptables;
	/* after an ENOSPC: clone(CLONE_NEWUSER) alone, to tell which limit */
	struct pf_attempt clone_user_only;
	long mapped_uid, mapped_gid;
	/* --no-user-namespace mode: clone(CLONE_NEWNET) alone */
	struct pf_attempt netns_clone;
	struct pf_attempt netns_veth;
	/* the euid at probe time, to say why a uid-0 map needs CAP_SETFCAP */
	long euid;
};

struct pf_sysctl_facts {
	/* -1: file absent (not applicable on this kernel) */
	long max_user_namespaces;
	long max_net_namespaces;
	long unprivileged_userns_clone;             /* Debian/Ubuntu patch */
	long apparmor_restrict_unprivileged_userns; /* Ubuntu 23.10+ */
	long ip_forward;
	enum pf_tri ip_forward_writable; /* /proc/sys read-only in containers */
};

enum pf_engine {
	PF_ENGINE_NONE,
	PF_ENGINE_DOCKER,
	PF_ENGINE_PODMAN,
	PF_ENGINE_KUBERNETES,
	PF_ENGINE_ECS,
	PF_ENGINE_LXC,
	PF_ENGINE_NSPAWN,
	PF_ENGINE_WSL,
	PF_ENGINE_UNKNOWN, /* a container, engine not recognised */
	PF_ENGINE_COUNT
};
/* "none", "docker", "podman", "kubernetes", "ecs", "lxc", "systemd-nspawn", "wsl", "unknown" */
const char *pf_engine_name(enum pf_engine e);
extern const char *const pf_engine_names[]; /* by engine, NULL-terminated */

enum pf_runtime {
	PF_RUNTIME_NONE,            /* not in a container */
	PF_RUNTIME_RUNC_COMPATIBLE, /* runc or crun: indistinguishable from inside */
	PF_RUNTIME_SYSBOX,
	PF_RUNTIME_GVISOR,
	PF_RUNTIME_KATA,
	PF_RUNTIME_UNKNOWN,
	PF_RUNTIME_COUNT
};
/* "none", "runc-compatible", "sysbox-runc", "gvisor", "kata", "unknown" */
const char *pf_runtime_name(enum pf_runtime r);
extern const char *const pf_runtime_names[]; /* by runtime, NULL-terminated */

enum pf_weight { PF_WEAK, PF_STRONG };
/* "weak", "strong" */
const char *pf_weight_name(enum pf_weight w);
extern const char *const pf_weight_names[]; /* by weight, NULL-terminated (src/names.c) */
enum pf_confidence { PF_CONFIDENCE_LOW, PF_CONFIDENCE_MEDIUM, PF_CONFIDENCE_HIGH };
const char *pf_confidence_name(enum pf_confidence c); /* "low", "medium", "high" */

#define PF_MAX_EVIDENCE 24
struct pf_evidence {
	char signal[48]; /* e.g. "marker:/.dockerenv", "cgroup", "mountinfo:sysboxfs" */
	char value[160];
	enum pf_weight weight;
};

struct pf_runtime_facts {
	enum pf_engine engine;
	enum pf_engine engine_beneath; /* kubernetes over docker/containerd, when visible */
	enum pf_runtime runtime;
	bool in_container;
	bool stale_marker; /* a marker file, but every namespace is initial */
	bool all_initial_namespaces;
	/* this process's user namespace is the initial one (its inode is the
	 * fixed constant): CAP_SYS_ADMIN here is then capable() for the kernel */
	enum pf_tri user_ns_initial;
	enum pf_confidence confidence;
	int n_evidence;
	struct pf_evidence evidence[PF_MAX_EVIDENCE];
	char container_id[80]; /* when visible; removed by --redact */
	char hostname[65];     /* removed by --redact */
};

struct pf_lsm_facts {
	char apparmor[160]; /* /proc/self/attr/current (or apparmor/current); "" absent */
	char selinux[160];  /* SELinux context; "" absent */
	bool apparmor_enabled;
	bool selinux_enabled;
};

struct pf_privilege_facts {
	long euid;
	char sudo_path[256]; /* "" when not on PATH */
	char setpriv_path[256];
	bool net_admin_in_bounding;
	bool sys_admin_in_bounding;
	/* sudo changes its uid and setpriv --reuid/--regid/--clear-groups
	 * change ids and groups: both need these in the bounding set */
	bool setuid_in_bounding;
	bool setgid_in_bounding;
};

struct pf_tools_facts {
	char ip[256]; /* path on PATH, "" when missing */
	char iptables[256];
	char iptables_variant[16]; /* "nft", "legacy", "" unknown */
	char sysctl[256];
	/* the found iptables' needs, in this network namespace with this
	 * process's credentials (boundary's host-side rules) */
	struct pf_iptables_proof iptables_host;
};

struct pf_landlock_facts {
	int abi; /* Landlock ABI version, -1 unavailable */
	int err; /* errno of the version query when abi is -1 */
};

struct pf_kernel_facts {
	char release[65];
	char machine[65];
	char version[160];       /* uname -v, gVisor tells itself here */
	char actions_avail[256]; /* /proc/sys/kernel/seccomp/actions_avail */
	char libseccomp_version[32];
};

/* How a probe ran, independent of what it found. */
struct pf_probe_run {
	bool ran;
	bool error; /* the probe itself failed (timeout, fork failure) */
	char error_msg[200];
	uint64_t duration_us;
};

struct pf_facts {
	struct pf_caps_facts caps;
	struct pf_netadmin_facts netadmin;
	struct pf_seccomp_facts seccomp;
	struct pf_userns_facts userns;
	struct pf_sysctl_facts sysctl;
	struct pf_runtime_facts runtime;
	struct pf_lsm_facts lsm;
	struct pf_privilege_facts privilege;
	struct pf_tools_facts tools;
	struct pf_landlock_facts landlock;
	struct pf_kernel_facts kernel;
	struct pf_probe_run run[PF_PROBE_COUNT];
};

/* Fill every field with its "unknown" value. */
void pf_facts_init(struct pf_facts *f);
