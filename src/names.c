/* SPDX-License-Identifier: MIT */
/* Stable names of the model's enums: these strings are part of the JSON
 * contract (docs/design.md), so they live in one place. */
#include <string.h>

#include "preflight/facts.h"
#include "preflight/findings.h"
#include "preflight/options.h"
#include "preflight/verdict.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const char *const pf_probe_names[PF_PROBE_COUNT + 1] = {
	[PF_PROBE_CAPABILITIES] = "capabilities",
	[PF_PROBE_NETADMIN] = "netadmin",
	[PF_PROBE_SECCOMP] = "seccomp",
	[PF_PROBE_USERNS] = "userns",
	[PF_PROBE_SYSCTL] = "sysctl",
	[PF_PROBE_RUNTIME] = "runtime",
	[PF_PROBE_LSM] = "lsm",
	[PF_PROBE_PRIVILEGE] = "privilege",
	[PF_PROBE_TOOLS] = "tools",
	[PF_PROBE_LANDLOCK] = "landlock",
	[PF_PROBE_KERNEL] = "kernel",
};
const char *pf_probe_name(enum pf_probe_id id)
{
	return (unsigned)id < PF_PROBE_COUNT ? pf_probe_names[id] : "unknown";
}

static const char *const gate_names[] = {
	[PF_GATE_UNKNOWN] = "unknown", [PF_GATE_ALLOWED] = "allowed", [PF_GATE_DENIED] = "denied",
	[PF_GATE_KILLED] = "killed",   [PF_GATE_NOSYS] = "enosys",
};
const char *pf_gate_name(enum pf_gate g)
{
	return (unsigned)g < (unsigned)COUNT(gate_names) ? gate_names[g] : "unknown";
}

const char *const pf_engine_names[PF_ENGINE_COUNT + 1] = {
	[PF_ENGINE_NONE] = "none",
	[PF_ENGINE_DOCKER] = "docker",
	[PF_ENGINE_PODMAN] = "podman",
	[PF_ENGINE_KUBERNETES] = "kubernetes",
	[PF_ENGINE_ECS] = "ecs",
	[PF_ENGINE_LXC] = "lxc",
	[PF_ENGINE_NSPAWN] = "systemd-nspawn",
	[PF_ENGINE_WSL] = "wsl",
	[PF_ENGINE_UNKNOWN] = "unknown",
};
const char *pf_engine_name(enum pf_engine e)
{
	return (unsigned)e < PF_ENGINE_COUNT ? pf_engine_names[e] : "unknown";
}

const char *const pf_runtime_names[PF_RUNTIME_COUNT + 1] = {
	[PF_RUNTIME_NONE] = "none",          [PF_RUNTIME_RUNC_COMPATIBLE] = "runc-compatible",
	[PF_RUNTIME_SYSBOX] = "sysbox-runc", [PF_RUNTIME_GVISOR] = "gvisor",
	[PF_RUNTIME_KATA] = "kata",          [PF_RUNTIME_UNKNOWN] = "unknown",
};
const char *pf_runtime_name(enum pf_runtime r)
{
	return (unsigned)r < PF_RUNTIME_COUNT ? pf_runtime_names[r] : "unknown";
}

const char *const pf_jail_names[] = { [PF_JAIL_NSJAIL] = "nsjail", [PF_JAIL_LANDJAIL] = "landjail", NULL };
const char *pf_jail_name(enum pf_jail j)
{
	return j == PF_JAIL_LANDJAIL ? pf_jail_names[j] : pf_jail_names[PF_JAIL_NSJAIL];
}

const char *const pf_configuration_names[PF_CONF_LANDJAIL + 2] = {
	[PF_CONF_NONE] = "none",
	[PF_CONF_RUNC_CAP_NET_ADMIN] = "runc-cap-net-admin",
	[PF_CONF_RUNC_CAP_SYS_ADMIN] = "runc-cap-sys-admin",
	[PF_CONF_SYSBOX_RUNC_CAP_NET_ADMIN] = "sysbox-runc-cap-net-admin",
	[PF_CONF_HOST] = "host",
	[PF_CONF_LANDJAIL] = "landjail",
};
const char *pf_configuration_name(enum pf_configuration c)
{
	return (unsigned)c <= PF_CONF_LANDJAIL ? pf_configuration_names[c] : "none";
}

const char *const pf_weight_names[PF_STRONG + 2] = { [PF_WEAK] = "weak", [PF_STRONG] = "strong" };
const char *pf_weight_name(enum pf_weight w)
{
	return w == PF_STRONG ? pf_weight_names[PF_STRONG] : pf_weight_names[PF_WEAK];
}

static const char *const confidence_names[] = {
	[PF_CONFIDENCE_LOW] = "low",
	[PF_CONFIDENCE_MEDIUM] = "medium",
	[PF_CONFIDENCE_HIGH] = "high",
};
const char *pf_confidence_name(enum pf_confidence c)
{
	return (unsigned)c < (unsigned)COUNT(confidence_names) ? confidence_names[c]
							       : confidence_names[PF_CONFIDENCE_LOW];
}

const char *const pf_status_names[PF_STATUS_ERROR + 2] = {
	[PF_STATUS_PASS] = "pass", [PF_STATUS_FAIL] = "fail",   [PF_STATUS_WARN] = "warn",
	[PF_STATUS_SKIP] = "skip", [PF_STATUS_ERROR] = "error",
};
const char *pf_status_name(enum pf_status s)
{
	return (unsigned)s <= PF_STATUS_ERROR ? pf_status_names[s] : "error";
}

/* Finding codes: the rows of include/preflight/findings.def. */
static const struct pf_code_info code_infos[PF_CODE_COUNT] = {
#define PF_FINDING(code, kind, probe, fixes, doc) [PF_CODE_##code] = { #code, PF_KIND_##kind, PF_PROBE_##probe, doc },
#include "preflight/findings.def"
#undef PF_FINDING
};
const struct pf_code_info *pf_code_info(enum pf_code code)
{
	return (unsigned)code < PF_CODE_COUNT ? &code_infos[code] : NULL;
}
const char *pf_code_name(enum pf_code code)
{
	return (unsigned)code < PF_CODE_COUNT ? code_infos[code].name : "UNKNOWN";
}
int pf_code_from_name(const char *name)
{
	for (int i = 0; name && i < PF_CODE_COUNT; i++)
		if (strcmp(code_infos[i].name, name) == 0)
			return i;
	return -1;
}

/* The code lists of include/preflight/verdict.h, in the table's order:
 * blockers, then the --strict ones; warnings with the --strict ones. */
#define PF_BLOCKER_BLOCKER(code) #code,
#define PF_BLOCKER_STRICT(code)
#define PF_BLOCKER_WARNING(code)
#define PF_STRICT_BLOCKER(code)
#define PF_STRICT_STRICT(code) #code,
#define PF_STRICT_WARNING(code)
#define PF_WARNING_BLOCKER(code)
#define PF_WARNING_STRICT(code) #code,
#define PF_WARNING_WARNING(code) #code,
const char *const pf_blocker_codes[] = {
#define PF_FINDING(code, kind, probe, fixes, doc) PF_BLOCKER_##kind(code)
#include "preflight/findings.def"
#undef PF_FINDING
#define PF_FINDING(code, kind, probe, fixes, doc) PF_STRICT_##kind(code)
#include "preflight/findings.def"
#undef PF_FINDING
	NULL,
};
const char *const pf_warning_codes[] = {
#define PF_FINDING(code, kind, probe, fixes, doc) PF_WARNING_##kind(code)
#include "preflight/findings.def"
#undef PF_FINDING
	NULL,
};

/* The tools boundary runs, and the package providing each: Debian,
 * Alpine, RHEL. */
static const struct {
	unsigned bit;
	const char *tool;
	const char *package[3];
} tools[PF_TOOL_COUNT] = {
	{ PF_TOOL_IP, "ip", { "iproute2", "iproute2", "iproute" } },
	{ PF_TOOL_IPTABLES, "iptables", { "iptables", "iptables", "iptables-nft" } },
	{ PF_TOOL_SYSCTL, "sysctl", { "procps", "procps", "procps-ng" } },
};
const char *pf_tool_name(unsigned bit)
{
	for (int i = 0; i < PF_TOOL_COUNT; i++)
		if (tools[i].bit == bit)
			return tools[i].tool;
	return "unknown";
}
const char *pf_tool_package(unsigned bit, enum pf_distro distro)
{
	for (int i = 0; i < PF_TOOL_COUNT; i++)
		if (tools[i].bit == bit && (unsigned)distro < 3)
			return tools[i].package[distro];
	return "unknown";
}

const char *const pf_fix_audience_names[] = {
	"docker", "compose", "podman", "kubernetes", "ecs", "host", "generic", NULL,
};

static void attempt_init(struct pf_attempt *a)
{
	memset(a, 0, sizeof *a);
}

static void oracle_init(struct pf_oracle *o, int expected)
{
	attempt_init(&o->call);
	o->expected_errno = expected;
	o->gate = PF_GATE_UNKNOWN;
}

void pf_facts_init(struct pf_facts *f)
{
	memset(f, 0, sizeof *f);
	f->caps.euid = f->caps.egid = -1;
	f->caps.no_new_privs = -1;
	f->netadmin.net_admin_here = PF_UNKNOWN;
	f->netadmin.netns_owned_here = PF_UNKNOWN;
	f->seccomp.mode = f->seccomp.filters = f->seccomp.no_new_privs = -1;
	oracle_init(&f->seccomp.clone_userns_net, 22 /* EINVAL */);
	oracle_init(&f->seccomp.clone_net, 22);
	oracle_init(&f->seccomp.clone3, 22);
	oracle_init(&f->seccomp.unshare, 22);
	oracle_init(&f->seccomp.setns, 9 /* EBADF */);
	f->userns.mapped_uid = f->userns.mapped_gid = f->userns.euid = -1;
	f->sysctl.max_user_namespaces = f->sysctl.max_net_namespaces = -1;
	f->sysctl.unprivileged_userns_clone = f->sysctl.apparmor_restrict_unprivileged_userns = -1;
	f->sysctl.ip_forward = -1;
	f->sysctl.ip_forward_writable = PF_UNKNOWN;
	f->runtime.engine = f->runtime.engine_beneath = PF_ENGINE_NONE;
	f->runtime.runtime = PF_RUNTIME_NONE;
	f->runtime.user_ns_initial = PF_UNKNOWN;
	f->privilege.euid = -1;
	f->landlock.abi = -1;
}
