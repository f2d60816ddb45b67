/* SPDX-License-Identifier: MIT */
/* Fixes: paste-able remediation for each finding, for the engine the
 * runtime probe detected plus a generic one, safest first (docs/design.md
 * "Verdict"): a custom seccomp profile, then sysbox-runc, then
 * CAP_SYS_ADMIN (testing only). Pure: const tables and string building.
 * It reads the findings only, their codes and the causes the verdict put
 * in them, never the facts; each code's builder is named in
 * include/preflight/findings.def. docs/fixes.md says the same in prose. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fixes.h"

/* Who a fix is written for, bit i named pf_fix_audience_names[i]. One
 * engine maps to one or more flavours. */
enum flavour {
	FL_DOCKER = 1u << 0,
	FL_COMPOSE = 1u << 1,
	FL_PODMAN = 1u << 2,
	FL_KUBERNETES = 1u << 3,
	FL_ECS = 1u << 4,
	FL_HOST = 1u << 5,    /* not in a container: commands for this machine */
	FL_GENERIC = 1u << 6, /* always emitted */
};

static const char *flavour_name(unsigned fl)
{
	for (int i = 0; pf_fix_audience_names[i]; i++)
		if (fl == 1u << i)
			return pf_fix_audience_names[i];
	return "generic";
}

/* One fix as written in the tables: text and snippet may hold @1@, @2@,
 * @3@, replaced by arguments the finding supplies. */
struct fix_template {
	unsigned flavour;
	const char *text;
	const char *snippet;
};
#define END \
	{ \
		0, NULL, NULL \
	}

#define SECCOMP_PROFILE_CMD "boundary-preflight seccomp-profile --base default.json --output boundary-seccomp.json"

/* -- seccomp: 1. a generated profile (safest) -- */
static const struct fix_template seccomp_profile[] = {
	{ FL_DOCKER,
	  "Safest: generate a profile from Docker's default (default.json: moby's profiles/seccomp/default.json "
	  "for your Docker version) that also allows boundary's clone(CLONE_NEWUSER|CLONE_NEWNET), and run with it.",
	  SECCOMP_PROFILE_CMD "\n"
			      "docker run --cap-add=NET_ADMIN --security-opt seccomp=boundary-seccomp.json ..." },
	{ FL_COMPOSE, "Docker Compose: the same generated profile.",
	  "services:\n"
	  "  agent:\n"
	  "    cap_add:\n"
	  "      - NET_ADMIN\n"
	  "    security_opt:\n"
	  "      - seccomp=./boundary-seccomp.json" },
	{ FL_PODMAN,
	  "Safest: generate a profile from podman's default that also allows boundary's clone, and run with it.",
	  "boundary-preflight seccomp-profile --base /usr/share/containers/seccomp.json --output boundary-seccomp.json\n"
	  "podman run --cap-add=NET_ADMIN --security-opt seccomp=boundary-seccomp.json ..." },
	{ FL_KUBERNETES,
	  "Safest: generate the profile from containerd's own default, the one RuntimeDefault applies (as OCI "
	  "JSON), never from Docker's default.json: containerd reads a profile as plain OCI and would drop "
	  "Docker's capability conditions, opening clone and unshare to the pod. Copy it to every node under the "
	  "kubelet's seccomp root (/var/lib/kubelet/seccomp/) and reference it in the securityContext.",
	  "boundary-preflight seccomp-profile --base containerd-default.json --output boundary-seccomp.json\n"
	  "securityContext:\n"
	  "  capabilities:\n"
	  "    add: [\"NET_ADMIN\"]\n"
	  "  seccompProfile:\n"
	  "    type: Localhost\n"
	  "    localhostProfile: boundary-seccomp.json" },
	{ FL_ECS,
	  "ECS task definitions cannot name a seccomp profile: on EC2 container instances make the generated "
	  "profile the Docker daemon's default, then restart dockerd.",
	  "boundary-preflight seccomp-profile --base default.json --output /etc/docker/boundary-seccomp.json\n"
	  "# /etc/docker/daemon.json\n"
	  "{\"seccomp-profile\": \"/etc/docker/boundary-seccomp.json\"}" },
	{ FL_HOST,
	  "A seccomp filter confines this process outside any container (a systemd unit's SystemCallFilter=, a CI "
	  "runner or a sandbox): allow clone with CLONE_NEWUSER|CLONE_NEWNET there, or start boundary outside it.",
	  "" },
	{ FL_GENERIC,
	  "Allow clone(2) with CLONE_NEWUSER|CLONE_NEWNET in the seccomp profile (boundary uses clone, not unshare "
	  "or clone3); seccomp-profile patches a Docker-format profile to do exactly that.",
	  SECCOMP_PROFILE_CMD },
	END,
};

/* -- 2. sysbox-runc (documented configuration 3) -- */
static const struct fix_template sysbox[] = {
	{ FL_DOCKER, "Or run the container with the sysbox-runc runtime (documented configuration 3).",
	  "docker run --runtime=sysbox-runc --cap-add=NET_ADMIN ..." },
	{ FL_COMPOSE, "Docker Compose with sysbox-runc.",
	  "services:\n"
	  "  agent:\n"
	  "    runtime: sysbox-runc\n"
	  "    cap_add:\n"
	  "      - NET_ADMIN" },
	{ FL_KUBERNETES, "Or run the pod with sysbox (sysbox-deploy-k8s installs the sysbox-runc RuntimeClass).",
	  "spec:\n"
	  "  runtimeClassName: sysbox-runc\n"
	  "  containers:\n"
	  "    - name: agent\n"
	  "      securityContext:\n"
	  "        capabilities:\n"
	  "          add: [\"NET_ADMIN\"]" },
	{ FL_GENERIC,
	  "Or run the container with sysbox-runc, which gives it its own user namespace and lets it create "
	  "more; CAP_NET_ADMIN is still needed.",
	  "" },
	END,
};

/* -- 3. CAP_SYS_ADMIN (documented configuration 2, testing only) -- */
static const struct fix_template sys_admin[] = {
	{ FL_DOCKER,
	  "Testing only: with CAP_SYS_ADMIN Docker's default profile allows namespace clones, but the container "
	  "gets far more power than boundary needs.",
	  "docker run --cap-add=NET_ADMIN --cap-add=SYS_ADMIN ..." },
	{ FL_COMPOSE, "Docker Compose, testing only: with CAP_SYS_ADMIN.",
	  "services:\n"
	  "  agent:\n"
	  "    cap_add:\n"
	  "      - NET_ADMIN\n"
	  "      - SYS_ADMIN" },
	{ FL_PODMAN, "Testing only: grant CAP_SYS_ADMIN.", "podman run --cap-add=NET_ADMIN --cap-add=SYS_ADMIN ..." },
	{ FL_KUBERNETES, "Testing only: grant CAP_SYS_ADMIN.",
	  "securityContext:\n"
	  "  capabilities:\n"
	  "    add: [\"NET_ADMIN\", \"SYS_ADMIN\"]" },
	{ FL_ECS, "Testing only: grant CAP_SYS_ADMIN (EC2 launch type; Fargate accepts only SYS_PTRACE).",
	  "\"linuxParameters\": {\n"
	  "  \"capabilities\": {\"add\": [\"NET_ADMIN\", \"SYS_ADMIN\"]}\n"
	  "}" },
	{ FL_GENERIC,
	  "Testing only: grant CAP_SYS_ADMIN; boundary does not need it, but default profiles then allow "
	  "namespace clones.",
	  "" },
	END,
};

static const struct fix_template net_admin[] = {
	{ FL_DOCKER, "Grant CAP_NET_ADMIN to the container (documented configuration 1).",
	  "docker run --cap-add=NET_ADMIN ..." },
	{ FL_COMPOSE, "Docker Compose.",
	  "services:\n"
	  "  agent:\n"
	  "    cap_add:\n"
	  "      - NET_ADMIN" },
	{ FL_PODMAN, "Grant CAP_NET_ADMIN to the container.", "podman run --cap-add=NET_ADMIN ..." },
	{ FL_KUBERNETES, "Add CAP_NET_ADMIN to the container's securityContext.",
	  "securityContext:\n"
	  "  capabilities:\n"
	  "    add: [\"NET_ADMIN\"]" },
	{ FL_ECS, "Add CAP_NET_ADMIN in the container definition (EC2 launch type; Fargate accepts only SYS_PTRACE).",
	  "\"linuxParameters\": {\n"
	  "  \"capabilities\": {\"add\": [\"NET_ADMIN\"]}\n"
	  "}" },
	{ FL_HOST,
	  "Run boundary as root, or as a user who may use sudo (boundary then re-executes itself through sudo "
	  "and setpriv); a root shell whose capabilities were dropped needs them back.",
	  "" },
	{ FL_GENERIC,
	  "Give the process CAP_NET_ADMIN in its network namespace: boundary creates a veth pair and iptables "
	  "rules there before the jail starts.",
	  "" },
	END,
};

/* -- namespace limits: @1@ is the sysctl -- */
static const struct fix_template limit_zero[] = {
	{ FL_DOCKER,
	  "A container cannot change it (docker run --sysctl accepts no user.* key): raise it on the Docker host, "
	  "now and across reboots.",
	  "sysctl -w @1@=@2@\n"
	  "echo '@1@ = @2@' > /etc/sysctl.d/90-boundary.conf" },
	{ FL_PODMAN, "Raise it on the host that runs podman (a container cannot), now and across reboots.",
	  "sysctl -w @1@=@2@\n"
	  "echo '@1@ = @2@' > /etc/sysctl.d/90-boundary.conf" },
	{ FL_KUBERNETES,
	  "Raise it on every node (a pod's sysctls cannot set user.* keys): EKS Bottlerocket sets it to 0 and takes "
	  "it in its settings; elsewhere use the node bootstrap.",
	  "# Bottlerocket user data (TOML)\n"
	  "[settings.kernel.sysctl]\n"
	  "\"@1@\" = \"@2@\"\n"
	  "# other nodes\n"
	  "sysctl -w @1@=@2@" },
	{ FL_ECS,
	  "Raise it on the container instances (task definitions' systemControls cannot set user.* keys): "
	  "Bottlerocket settings or EC2 user data.",
	  "# Bottlerocket user data (TOML)\n"
	  "[settings.kernel.sysctl]\n"
	  "\"@1@\" = \"@2@\"\n"
	  "# Amazon Linux user data\n"
	  "sysctl -w @1@=@2@" },
	{ FL_HOST,
	  "Raise the limit (0 disables the namespace type) to @2@, above what it is now, now and across "
	  "reboots; inside a user namespace the limit that bites may be an ancestor's, so raise it there.",
	  "sysctl -w @1@=@2@\n"
	  "echo '@1@ = @2@' > /etc/sysctl.d/90-boundary.conf" },
	{ FL_GENERIC,
	  "Raise @1@ on the machine that runs the container: namespace limits are counted per user namespace, so "
	  "the host's limit applies to a runc container.",
	  "sysctl -w @1@=@2@" },
	END,
};

/* -- user namespace restrictions, by likely cause -- */
static const struct fix_template debian_sysctl[] = {
	{ FL_DOCKER | FL_PODMAN | FL_ECS, "kernel.unprivileged_userns_clone is the host kernel's: set it on the host.",
	  "sysctl -w kernel.unprivileged_userns_clone=1\n"
	  "echo kernel.unprivileged_userns_clone=1 >/etc/sysctl.d/90-boundary.conf" },
	{ FL_KUBERNETES, "kernel.unprivileged_userns_clone is the node kernel's: set it on every node.",
	  "sysctl -w kernel.unprivileged_userns_clone=1\n"
	  "echo kernel.unprivileged_userns_clone=1 >/etc/sysctl.d/90-boundary.conf" },
	{ FL_HOST, "Allow unprivileged user namespaces (Debian/Ubuntu patch), now and across reboots.",
	  "sysctl -w kernel.unprivileged_userns_clone=1\n"
	  "echo kernel.unprivileged_userns_clone=1 >/etc/sysctl.d/90-boundary.conf" },
	{ FL_GENERIC,
	  "kernel.unprivileged_userns_clone=0 refuses user namespaces to processes without CAP_SYS_ADMIN; set it "
	  "to 1 on the kernel's host.",
	  "sysctl -w kernel.unprivileged_userns_clone=1" },
	END,
};

#define APPARMOR_USERNS_PROFILE \
	"cat > /etc/apparmor.d/boundary <<'EOF'\n" \
	"abi <abi/4.0>,\n" \
	"include <tunables/global>\n" \
	"profile boundary /usr/local/bin/boundary flags=(unconfined) {\n" \
	"  userns,\n" \
	"}\n" \
	"EOF\n" \
	"apparmor_parser -r /etc/apparmor.d/boundary"

static const struct fix_template apparmor_sysctl[] = {
	{ FL_HOST | FL_GENERIC,
	  "Ubuntu 23.10+ restricts unprivileged user namespaces through AppArmor: give boundary a profile that "
	  "allows them (adjust the path; for `coder boundary` it is the coder binary). Safer than lifting the "
	  "restriction.",
	  APPARMOR_USERNS_PROFILE },
	{ FL_DOCKER | FL_PODMAN | FL_ECS | FL_KUBERNETES,
	  "The restriction is the host kernel's (kernel.apparmor_restrict_unprivileged_userns=1): on the host, "
	  "either load a profile with `userns,` for the container's processes or lift the restriction.",
	  "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0\n"
	  "echo kernel.apparmor_restrict_unprivileged_userns=0 \\\n"
	  "    >/etc/sysctl.d/90-boundary.conf" },
	{ FL_HOST | FL_GENERIC, "Or lift the restriction for every program (less safe).",
	  "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0" },
	END,
};

static const struct fix_template apparmor_profile[] = {
	{ FL_DOCKER,
	  "The container's AppArmor profile denies user namespace creation: run with a profile that allows "
	  "`userns,`, or (less safe) without AppArmor confinement.",
	  "docker run --cap-add=NET_ADMIN --security-opt apparmor=unconfined ..." },
	{ FL_COMPOSE, "Docker Compose.",
	  "services:\n"
	  "  agent:\n"
	  "    security_opt:\n"
	  "      - apparmor=unconfined" },
	{ FL_PODMAN, "Run with a profile that allows `userns,`, or (less safe) unconfined.",
	  "podman run --cap-add=NET_ADMIN --security-opt apparmor=unconfined ..." },
	{ FL_KUBERNETES, "Use a Localhost AppArmor profile that allows `userns,`, or (less safe) Unconfined.",
	  "securityContext:\n"
	  "  appArmorProfile:\n"
	  "    type: Unconfined" },
	{ FL_HOST | FL_GENERIC,
	  "Allow user namespaces in the AppArmor profile that confines boundary (the rule "
	  "`userns,`).",
	  APPARMOR_USERNS_PROFILE },
	END,
};

static const struct fix_template selinux[] = {
	{ FL_DOCKER,
	  "SELinux denies user_namespace create to the container's domain: allow it with a local policy "
	  "module on the host, or (less safe) disable labelling for this container.",
	  "docker run --cap-add=NET_ADMIN --security-opt label=disable ..." },
	{ FL_PODMAN, "Allow it with a local policy module, or (less safe) disable labelling for this container.",
	  "podman run --cap-add=NET_ADMIN --security-opt label=disable ..." },
	{ FL_KUBERNETES,
	  "Allow user_namespace create for the pod's SELinux type with a policy module on the nodes, "
	  "or run the container as spc_t (less safe).",
	  "securityContext:\n"
	  "  seLinuxOptions:\n"
	  "    type: spc_t" },
	{ FL_HOST | FL_GENERIC | FL_ECS, "Build a local policy module from the denial and load it.",
	  "ausearch -m avc -ts recent --raw | audit2allow -M boundary-userns\n"
	  "semodule -i boundary-userns.pp" },
	END,
};

static const struct fix_template lsm_unknown[] = {
	{ FL_DOCKER | FL_PODMAN | FL_KUBERNETES | FL_ECS | FL_HOST | FL_GENERIC,
	  "A Linux security module answered EACCES: find the denial in the audit log (dmesg or "
	  "/var/log/audit/audit.log) and allow user namespace creation for boundary.",
	  "" },
	END,
};

static const struct fix_template chroot_eperm[] = {
	{ FL_DOCKER | FL_PODMAN | FL_KUBERNETES | FL_ECS,
	  "Run boundary directly in the container, not in a chroot inside it, as a user the container's user "
	  "namespace maps; a custom seccomp profile or LSM policy must allow clone with CLONE_NEWUSER.",
	  "" },
	{ FL_HOST | FL_GENERIC,
	  "clone(CLONE_NEWUSER) fails with EPERM inside a chroot and when the euid is unmapped: run boundary "
	  "outside the chroot, as a mapped user.",
	  "" },
	END,
};

/* -- --no-user-namespace -- */
static const struct fix_template drop_no_userns[] = {
	{ FL_GENERIC,
	  "Safest: drop --no-user-namespace (and BOUNDARY_NO_USER_NAMESPACE): boundary's default mode needs only "
	  "CAP_NET_ADMIN.",
	  "unset BOUNDARY_NO_USER_NAMESPACE\n"
	  "boundary -- AGENT-COMMAND" },
	END,
};

static const struct fix_template netns_host[] = {
	{ FL_HOST, "Run boundary as root: a network namespace without a user namespace needs CAP_SYS_ADMIN.", "" },
	END,
};

/* -- id maps -- */
static const struct fix_template setfcap[] = {
	{ FL_DOCKER,
	  "Since Linux 5.12 mapping uid 0 needs CAP_SETFCAP; it is in Docker's default set, so keep it (or add it "
	  "back after --cap-drop=ALL).",
	  "docker run --cap-add=NET_ADMIN --cap-add=SETFCAP ..." },
	{ FL_COMPOSE, "Docker Compose.",
	  "services:\n"
	  "  agent:\n"
	  "    cap_add:\n"
	  "      - NET_ADMIN\n"
	  "      - SETFCAP" },
	{ FL_PODMAN, "Add CAP_SETFCAP back.", "podman run --cap-add=NET_ADMIN --cap-add=SETFCAP ..." },
	{ FL_KUBERNETES, "Add CAP_SETFCAP back (it is dropped by drop: [\"ALL\"]).",
	  "securityContext:\n"
	  "  capabilities:\n"
	  "    add: [\"NET_ADMIN\", \"SETFCAP\"]" },
	{ FL_ECS, "Add CAP_SETFCAP back (EC2 launch type).",
	  "\"linuxParameters\": {\n"
	  "  \"capabilities\": {\"add\": [\"NET_ADMIN\", \"SETFCAP\"]}\n"
	  "}" },
	{ FL_HOST, "Run boundary with CAP_SETFCAP (a full root shell has it).", "" },
	{ FL_GENERIC,
	  "Root maps uid 0 into the jail's user namespace, which needs CAP_SETFCAP (Linux 5.12+); grant it, or run "
	  "boundary as a non-root user whose map does not include uid 0.",
	  "" },
	END,
};

static const struct fix_template idmap_other[] = {
	{ FL_DOCKER,
	  "Start the container with Docker's default capability set plus NET_ADMIN (no --cap-drop=ALL) and "
	  "the default /proc mounts.",
	  "docker run --cap-add=NET_ADMIN ..." },
	{ FL_PODMAN, "Start the container with podman's default capability set plus NET_ADMIN.",
	  "podman run --cap-add=NET_ADMIN ..." },
	{ FL_KUBERNETES, "Keep the runtime's default capabilities (no drop: [\"ALL\"]) and the default procMount.",
	  "securityContext:\n"
	  "  procMount: Default\n"
	  "  capabilities:\n"
	  "    add: [\"NET_ADMIN\"]" },
	{ FL_ECS | FL_HOST | FL_GENERIC,
	  "Writing /proc/PID/uid_map, gid_map or setgroups failed: check that /proc is writable for the process "
	  "(not masked or read-only) and that no LSM denies it.",
	  "" },
	END,
};

/* -- veth -- */
static const struct fix_template veth_denied[] = {
	{ FL_DOCKER,
	  "Confirm the LSM is the cause by running once without the container's AppArmor profile, then allow "
	  "netlink route sockets in the profile you run with.",
	  "docker run --security-opt apparmor=unconfined --cap-add=NET_ADMIN ..." },
	{ FL_PODMAN,
	  "Confirm the LSM is the cause by running once without the container's confinement, then allow "
	  "netlink route sockets in the profile you run with.",
	  "podman run --security-opt apparmor=unconfined --security-opt label=disable --cap-add=NET_ADMIN ..." },
	{ FL_KUBERNETES,
	  "Confirm the LSM is the cause with an unconfined AppArmor profile for this container (Kubernetes "
	  "1.30+), then allow netlink route sockets in the profile you run with.",
	  "securityContext:\n"
	  "  appArmorProfile:\n"
	  "    type: Unconfined" },
	{ FL_GENERIC,
	  "The kernel has veth, but creating the pair was refused: a security module (AppArmor, SELinux) or a "
	  "seccomp rule on netlink denies it. Look for the denial in the kernel or audit log of the host.",
	  "dmesg | grep -iE 'apparmor|avc|seccomp' | tail" },
	END,
};

static const struct fix_template veth_module[] = {
	{ FL_DOCKER | FL_PODMAN, "The veth driver comes from the host kernel: load it on the host.",
	  "modprobe veth\n"
	  "echo veth > /etc/modules-load.d/boundary.conf" },
	{ FL_KUBERNETES | FL_ECS, "The veth driver comes from the node kernel: load it on every node.",
	  "modprobe veth\n"
	  "echo veth > /etc/modules-load.d/boundary.conf" },
	{ FL_HOST, "Load the veth driver, now and at boot.",
	  "modprobe veth\n"
	  "echo veth > /etc/modules-load.d/boundary.conf" },
	{ FL_GENERIC,
	  "boundary needs a veth pair between the container's network namespace and the jail's: the kernel needs "
	  "the veth driver and no LSM or seccomp rule may deny RTM_NEWLINK.",
	  "" },
	END,
};

static const struct fix_template veth_gvisor[] = {
	{ FL_DOCKER, "gVisor's network stack has no veth: run the container with runc or sysbox-runc.",
	  "docker run --runtime=runc --cap-add=NET_ADMIN ..." },
	{ FL_KUBERNETES,
	  "gVisor's network stack has no veth: remove the gVisor runtimeClassName from the pod spec "
	  "(or use sysbox-runc).",
	  "" },
	{ FL_GENERIC, "gVisor's network stack has no veth: use runc or sysbox-runc, or boundary --jail-type landjail.",
	  "" },
	END,
};

/* -- non-root re-exec -- */
static const struct fix_template run_as_root[] = {
	{ FL_DOCKER,
	  "Safest: run boundary as root inside the container, where it needs neither sudo nor "
	  "setpriv (documented configuration 1).",
	  "docker exec -u 0 CONTAINER boundary -- AGENT-COMMAND\n"
	  "# or start the container as root:\n"
	  "docker run --user 0 --cap-add=NET_ADMIN ..." },
	{ FL_COMPOSE, "Docker Compose: run the service as root.",
	  "services:\n"
	  "  agent:\n"
	  "    user: \"0\"\n"
	  "    cap_add:\n"
	  "      - NET_ADMIN" },
	{ FL_PODMAN, "Safest: run boundary as root inside the container.",
	  "podman run --user 0 --cap-add=NET_ADMIN ..." },
	{ FL_KUBERNETES, "Safest: run the container as root with only CAP_NET_ADMIN added.",
	  "securityContext:\n"
	  "  runAsUser: 0\n"
	  "  runAsNonRoot: false\n"
	  "  capabilities:\n"
	  "    add: [\"NET_ADMIN\"]" },
	{ FL_ECS, "Safest: run the container as root with only CAP_NET_ADMIN added.",
	  "\"user\": \"0\",\n"
	  "\"linuxParameters\": {\n"
	  "  \"capabilities\": {\"add\": [\"NET_ADMIN\"]}\n"
	  "}" },
	END,
};

static const struct fix_template keep_setuid_setgid[] = {
	{ FL_DOCKER,
	  "sudo and setpriv change user and group ids: do not drop SETUID or SETGID (both are in "
	  "Docker's default set).",
	  "docker run ...   # without --cap-drop=SETUID / --cap-drop=SETGID" },
	{ FL_COMPOSE, "Docker Compose: remove SETUID and SETGID from cap_drop.", "" },
	{ FL_PODMAN, "Do not drop SETUID or SETGID.", "podman run ...   # without --cap-drop=SETUID / SETGID" },
	{ FL_KUBERNETES, "Keep SETUID and SETGID: after drop: [ALL], add them back.",
	  "securityContext:\n"
	  "  capabilities:\n"
	  "    drop: [\"ALL\"]\n"
	  "    add: [\"NET_ADMIN\", \"SYS_ADMIN\", \"SETUID\", \"SETGID\"]" },
	{ FL_HOST | FL_GENERIC, "Keep CAP_SETUID and CAP_SETGID in the bounding set: sudo and setpriv change ids.",
	  "" },
	END,
};

static const struct fix_template install_sudo[] = {
	{ FL_DOCKER | FL_PODMAN | FL_KUBERNETES | FL_ECS,
	  "Install sudo in the image and let the user run it without a password (boundary runs sudo -E env ...).",
	  "RUN apt-get update && apt-get install -y --no-install-recommends sudo\n"
	  "# Alpine: RUN apk add --no-cache sudo\n"
	  "# RHEL/Fedora: RUN dnf install -y sudo\n"
	  "RUN echo 'USER ALL=(root) NOPASSWD:SETENV: ALL' > /etc/sudoers.d/boundary" },
	{ FL_HOST | FL_GENERIC, "Install sudo and allow the user to use it (boundary runs sudo -E env ...).",
	  "apt-get install -y sudo\n"
	  "# Alpine: apk add sudo\n"
	  "# RHEL/Fedora: dnf install -y sudo" },
	END,
};

static const struct fix_template install_setpriv[] = {
	{ FL_DOCKER | FL_PODMAN | FL_KUBERNETES | FL_ECS, "Install setpriv in the image.",
	  "RUN apt-get update && \\\n"
	  "    apt-get install -y --no-install-recommends util-linux\n"
	  "# Alpine: RUN apk add --no-cache setpriv\n"
	  "# RHEL/Fedora: RUN dnf install -y util-linux" },
	{ FL_HOST | FL_GENERIC, "Install setpriv (Debian util-linux, Alpine setpriv, RHEL util-linux).",
	  "apt-get install -y util-linux\n"
	  "# Alpine: apk add setpriv\n"
	  "# RHEL/Fedora: dnf install -y util-linux" },
	END,
};

static const struct fix_template no_new_privs_fix[] = {
	{ FL_DOCKER, "NoNewPrivs defeats the setuid sudo: drop --security-opt no-new-privileges.",
	  "docker run --cap-add=NET_ADMIN ...   # without --security-opt no-new-privileges" },
	{ FL_COMPOSE, "Docker Compose: remove the option.",
	  "services:\n"
	  "  agent:\n"
	  "    security_opt: []   # no no-new-privileges:true" },
	{ FL_PODMAN, "Drop --security-opt no-new-privileges.", "podman run --cap-add=NET_ADMIN ..." },
	{ FL_KUBERNETES, "allowPrivilegeEscalation: false sets NoNewPrivs; sudo needs it true.",
	  "securityContext:\n"
	  "  allowPrivilegeEscalation: true" },
	{ FL_ECS | FL_HOST | FL_GENERIC,
	  "Start the process without NoNewPrivs (no-new-privileges, "
	  "NoNewPrivileges=yes in a systemd unit): sudo is setuid and cannot work under it.",
	  "" },
	END,
};

static const struct fix_template escalation_sys_admin[] = {
	{ FL_DOCKER,
	  "Testing only: setpriv --inh-caps +net_admin,+sys_admin needs both in the bounding set, which only "
	  "--cap-add puts there.",
	  "docker run --cap-add=NET_ADMIN --cap-add=SYS_ADMIN ..." },
	{ FL_COMPOSE, "Docker Compose, testing only.",
	  "services:\n"
	  "  agent:\n"
	  "    cap_add:\n"
	  "      - NET_ADMIN\n"
	  "      - SYS_ADMIN" },
	{ FL_PODMAN, "Testing only: put both capabilities in the bounding set.",
	  "podman run --cap-add=NET_ADMIN --cap-add=SYS_ADMIN ..." },
	{ FL_KUBERNETES, "Testing only: put both capabilities in the bounding set.",
	  "securityContext:\n"
	  "  capabilities:\n"
	  "    add: [\"NET_ADMIN\", \"SYS_ADMIN\"]" },
	{ FL_ECS, "Testing only: put both capabilities in the bounding set (EC2 launch type).",
	  "\"linuxParameters\": {\n"
	  "  \"capabilities\": {\"add\": [\"NET_ADMIN\", \"SYS_ADMIN\"]}\n"
	  "}" },
	{ FL_HOST | FL_GENERIC,
	  "Testing only: cap_net_admin and cap_sys_admin must both be in the bounding set for boundary's setpriv.",
	  "" },
	END,
};

/* -- tools: @1@ Debian, @2@ Alpine, @3@ RHEL package names -- */
static const struct fix_template tools[] = {
	{ FL_DOCKER | FL_PODMAN | FL_KUBERNETES | FL_ECS,
	  "Install them in the image (pick the line for its distribution).",
	  "RUN apt-get update && \\\n"
	  "    apt-get install -y --no-install-recommends @1@\n"
	  "# Alpine: RUN apk add --no-cache @2@\n"
	  "# RHEL/Fedora: RUN dnf install -y @3@" },
	{ FL_HOST, "Install them.",
	  "apt-get install -y @1@\n"
	  "# Alpine: apk add @2@\n"
	  "# RHEL/Fedora: dnf install -y @3@" },
	{ FL_GENERIC,
	  "boundary runs ip, iptables and sysctl: install @1@ (Debian/Ubuntu), @2@ (Alpine) or @3@ (RHEL/Fedora).",
	  "" },
	END,
};

/* -- landjail -- */
static const struct fix_template landlock_missing[] = {
	{ FL_DOCKER | FL_PODMAN,
	  "Landlock is the host kernel's: run on a host with Linux 6.7+ and landlock in its lsm= list; a container "
	  "seccomp profile must allow landlock_* syscalls. Or use boundary's nsjail jail.",
	  "docker run --cap-add=NET_ADMIN -e BOUNDARY_JAIL_TYPE=nsjail ..." },
	{ FL_KUBERNETES | FL_ECS,
	  "Landlock is the node kernel's: schedule on nodes with Linux 6.7+ and landlock in lsm=. Or use "
	  "boundary's nsjail jail.",
	  "" },
	{ FL_HOST, "Enable Landlock at boot (built in but off: EOPNOTSUPP) or upgrade to Linux 6.7+.",
	  "# /etc/default/grub: add landlock to the lsm= list, e.g.\n"
	  "GRUB_CMDLINE_LINUX=\"lsm=landlock,lockdown,yama,integrity,apparmor,bpf\"\n"
	  "update-grub && reboot" },
	{ FL_GENERIC, "landjail needs Landlock ABI 4 (Linux 6.7+); otherwise use --jail nsjail.", "" },
	END,
};

static const struct fix_template probe_error[] = {
	{ FL_DOCKER, "Re-run the check in the container with a longer deadline and keep the JSON report for support.",
	  "docker exec CONTAINER boundary-preflight --timeout 15000 --format json --output report.json" },
	{ FL_PODMAN, "Re-run the check with a longer deadline.",
	  "podman exec CONTAINER boundary-preflight --timeout 15000 --format json --output report.json" },
	{ FL_KUBERNETES, "Re-run the check in the pod with a longer deadline.",
	  "kubectl exec POD -- boundary-preflight --timeout 15000 --format json --output /tmp/report.json" },
	{ FL_ECS | FL_HOST | FL_GENERIC,
	  "Re-run with a longer deadline; if it persists, attach the JSON report to a support ticket.",
	  "boundary-preflight --timeout 15000 --format json --output report.json" },
	END,
};

/* -- warnings -- */
static const struct fix_template clone3_eperm[] = {
	{ FL_DOCKER, "Upgrade Docker to 20.10.10 or later: its default profile answers clone3 with ENOSYS.", "" },
	{ FL_GENERIC, "Make the seccomp profile answer clone3 with ENOSYS (errnoRet 38) instead of EPERM.", "" },
	END,
};

static const struct fix_template sudo_unchecked[] = {
	{ FL_GENERIC,
	  "Check it as the user who will run boundary: sudo -n must succeed without a password prompt; "
	  "otherwise allow the user in sudoers, or run boundary as root.",
	  "sudo -n true && echo 'sudo works without a password'" },
	END,
};

static const struct fix_template stale_marker[] = {
	{ FL_GENERIC,
	  "Nothing to fix for boundary. Tools that trust marker files (systemd-detect-virt) call this machine a "
	  "container; remove the marker if nothing relies on it.",
	  "" },
	END,
};

static const struct fix_template ip_forward[] = {
	{ FL_DOCKER, "Set forwarding in the container's network namespace when it starts.",
	  "docker run --cap-add=NET_ADMIN --sysctl net.ipv4.ip_forward=1 ..." },
	{ FL_COMPOSE, "Docker Compose.",
	  "services:\n"
	  "  agent:\n"
	  "    sysctls:\n"
	  "      - net.ipv4.ip_forward=1" },
	{ FL_PODMAN, "Set it when the container starts.",
	  "podman run --cap-add=NET_ADMIN --sysctl net.ipv4.ip_forward=1 ..." },
	{ FL_KUBERNETES,
	  "Set it in the pod's securityContext (an unsafe sysctl: the kubelet must list it in "
	  "--allowed-unsafe-sysctls).",
	  "securityContext:\n"
	  "  sysctls:\n"
	  "    - name: net.ipv4.ip_forward\n"
	  "      value: \"1\"" },
	{ FL_ECS, "Set it in the task definition.",
	  "\"systemControls\": [{\"namespace\": \"net.ipv4.ip_forward\", \"value\": \"1\"}]" },
	{ FL_HOST | FL_GENERIC, "Enable forwarding.", "sysctl -w net.ipv4.ip_forward=1" },
	END,
};

static const struct fix_template landjail[] = {
	{ FL_DOCKER, "Use boundary's landjail jail type, which needs no capability and no seccomp change.",
	  "docker run -e BOUNDARY_JAIL_TYPE=landjail ..." },
	{ FL_KUBERNETES, "Use boundary's landjail jail type.",
	  "env:\n"
	  "  - name: BOUNDARY_JAIL_TYPE\n"
	  "    value: landjail" },
	{ FL_GENERIC, "Use boundary's landjail jail type: Landlock ABI 4+ is all it needs.",
	  "boundary --jail-type landjail -- AGENT-COMMAND\n"
	  "# or: export BOUNDARY_JAIL_TYPE=landjail" },
	END,
};

static const struct fix_template runtime_undocumented[] = {
	{ FL_GENERIC,
	  "The documented configurations use runc or sysbox-runc; this runtime passed the live tests, so re-run "
	  "the check after runtime or kernel upgrades.",
	  "" },
	END,
};

/* ---- building ---- */

/* -- network namespace owned by an ancestor user namespace -- */
static const struct fix_template netns_parent_owned[] = {
	{ FL_PODMAN,
	  "Give the container a network namespace of its own: rootless podman with --network=host shares the "
	  "host's, which its user namespace cannot configure, whatever capabilities it adds.",
	  "podman run ...   # the same flags, without --network=host" },
	{ FL_DOCKER,
	  "Give the container a network namespace of its own (drop --network=host under a "
	  "user-namespaced daemon).",
	  "docker run ...   # the same flags, without --network=host" },
	{ FL_KUBERNETES,
	  "Drop hostNetwork: true from the pod spec when the pod runs in a user namespace "
	  "(hostUsers: false).",
	  "spec:\n  hostNetwork: false" },
	{ FL_HOST,
	  "Run boundary as root of the user namespace that owns this network namespace, not inside "
	  "unshare -U (or a rootless engine) sharing the host's network.",
	  "sudo boundary -- AGENT-COMMAND   # from the host's own user namespace" },
	{ FL_GENERIC,
	  "The network namespace belongs to an ancestor user namespace, so no capability held here can "
	  "configure it (adding NET_ADMIN does not help): run where the network namespace is the container's "
	  "own, or run boundary as root of the user namespace that owns it.",
	  "" },
	END,
};

/* -- iptables, by cause -- */
static const struct fix_template iptables_to_nft[] = {
	{ FL_DOCKER | FL_PODMAN | FL_KUBERNETES | FL_ECS,
	  "Switch the image's iptables to the nft variant, which needs neither CAP_NET_RAW nor the root-owned "
	  "lock file.",
	  "RUN update-alternatives --set iptables /usr/sbin/iptables-nft\n"
	  "# Alpine: RUN apk add iptables && ln -sf xtables-nft-multi /sbin/iptables\n"
	  "# RHEL/Fedora: RUN dnf install -y iptables-nft" },
	{ FL_HOST, "Switch this machine's iptables to the nft variant.",
	  "update-alternatives --set iptables /usr/sbin/iptables-nft" },
	{ FL_GENERIC, "Use iptables-nft (nf_tables), which needs only CAP_NET_ADMIN.", "" },
	END,
};

static const struct fix_template iptables_net_raw[] = {
	{ FL_DOCKER, "Or keep iptables-legacy and give it CAP_NET_RAW back.", "docker run --cap-add=NET_RAW ..." },
	{ FL_COMPOSE, "Docker Compose.",
	  "services:\n"
	  "  agent:\n"
	  "    cap_add:\n"
	  "      - NET_RAW" },
	{ FL_PODMAN, "Or keep iptables-legacy and give it CAP_NET_RAW (not in podman's default set).",
	  "podman run --cap-add=NET_RAW ..." },
	{ FL_KUBERNETES, "Or keep iptables-legacy and add NET_RAW to the securityContext.",
	  "securityContext:\n"
	  "  capabilities:\n"
	  "    add: [\"NET_RAW\"]" },
	{ FL_ECS, "Or keep iptables-legacy and add NET_RAW in the container definition.",
	  "\"linuxParameters\": {\n"
	  "  \"capabilities\": {\"add\": [\"NET_RAW\"]}\n"
	  "}" },
	END,
};

static const struct fix_template iptables_backend[] = {
	{ FL_DOCKER | FL_PODMAN | FL_KUBERNETES | FL_ECS,
	  "The host kernel lacks the tables this iptables variant uses: load the modules on the host (a "
	  "container cannot), or switch the image to the variant the kernel has.",
	  "# on the host:\n"
	  "modprobe nf_tables nft_chain_nat\n"
	  "# or, for iptables-legacy:\n"
	  "modprobe ip_tables iptable_nat" },
	{ FL_HOST | FL_GENERIC,
	  "The kernel lacks the tables this iptables variant uses: switch to the other variant, or load the "
	  "modules on the host (nf_tables and nft_chain_nat for nft; ip_tables and iptable_nat for legacy).",
	  "modprobe nf_tables nft_chain_nat\n"
	  "# or, for iptables-legacy:\n"
	  "modprobe ip_tables iptable_nat" },
	END,
};

static const struct fix_template iptables_killed[] = {
	{ FL_GENERIC,
	  "A seccomp filter kills the socket or getsockopt calls iptables makes: allow them in the profile.", "" },
	END,
};

static const struct fix_template iptables_gvisor[] = {
	{ FL_DOCKER | FL_PODMAN | FL_KUBERNETES | FL_ECS,
	  "gVisor's network stack (netstack) offers neither nf_tables nor the legacy tables: run the container "
	  "with runc or sysbox-runc, or use boundary --jail-type landjail.",
	  "docker run --runtime=runc --cap-add=NET_ADMIN ..." },
	{ FL_GENERIC, "gVisor has no netfilter for iptables: use runc or sysbox-runc, or boundary's landjail.", "" },
	END,
};

/* -- the jail's own network -- */
static const struct fix_template jail_network[] = {
	{ FL_DOCKER | FL_PODMAN,
	  "Run the container with runc (or sysbox-runc), whose containers get the "
	  "kernel's own network stack.",
	  "docker run --runtime=runc --cap-add=NET_ADMIN ..." },
	{ FL_KUBERNETES | FL_ECS,
	  "Run the pod or task with a runc-based runtime (remove the runtimeClassName of "
	  "a sandboxed runtime).",
	  "" },
	{ FL_GENERIC,
	  "Configuring a fresh network namespace failed, which boundary's child must do: the runtime's network "
	  "stack lacks it. Use runc or sysbox-runc, or boundary --jail-type landjail.",
	  "" },
	END,
};

struct builder {
	struct pf_verdict *v;
	unsigned flavours; /* which flavours this environment gets */
};

/* Copy src into dst, replacing @1@..@3@ by args; always terminated. */
static void expand(char *dst, size_t size, const char *src, const char *const args[3])
{
	size_t len = 0;
	if (!size)
		return;
	for (const char *p = src; *p && len + 1 < size;) {
		if (p[0] == '@' && p[1] >= '1' && p[1] <= '3' && p[2] == '@') {
			const char *arg = args[p[1] - '1'] ? args[p[1] - '1'] : "";
			size_t n = strlen(arg);
			if (n > size - 1 - len)
				n = size - 1 - len;
			memcpy(dst + len, arg, n);
			len += n;
			p += 3;
			continue;
		}
		dst[len++] = *p++;
	}
	dst[len] = '\0';
}

static void emit(struct builder *b, const struct pf_finding *fd, const struct fix_template *t,
		 const char *const args[3])
{
	static const char *const no_args[3] = { NULL, NULL, NULL };
	if (!args)
		args = no_args;
	for (; t->flavour; t++) {
		unsigned match = t->flavour & b->flavours;
		if (!match)
			continue;
		if (b->v->n_fixes >= PF_MAX_FIXES)
			return;
		/* One fix per template: a text shared with the generic flavour is
		 * engine-neutral, so it is labelled generic; otherwise the one
		 * engine flavour this environment has. */
		unsigned bit = FL_GENERIC;
		if (!(match & FL_GENERIC))
			for (bit = 1; !(match & bit); bit <<= 1)
				;
		struct pf_fix *fx = &b->v->fixes[b->v->n_fixes++];
		fx->for_code = fd->code;
		fx->engine = flavour_name(bit);
		expand(fx->text, sizeof fx->text, t->text, args);
		expand(fx->snippet, sizeof fx->snippet, t->snippet, args);
	}
}

static unsigned flavours_for(bool in_container, enum pf_engine engine)
{
	unsigned fl = FL_GENERIC;
	if (!in_container)
		return fl | FL_HOST;
	switch (engine) {
	case PF_ENGINE_DOCKER: return fl | FL_DOCKER | FL_COMPOSE;
	case PF_ENGINE_PODMAN: return fl | FL_PODMAN;
	case PF_ENGINE_KUBERNETES: return fl | FL_KUBERNETES;
	case PF_ENGINE_ECS: return fl | FL_ECS;
	default: return fl;
	}
}

/* ---- one builder a code (the FIXES column of include/preflight/findings.def) ---- */

typedef void fix_builder(struct builder *b, const struct pf_finding *fd);

/* A code answered by one list of fixes, whatever its cause. */
#define PLAIN_FIX(name, templates) \
	static void name(struct builder *b, const struct pf_finding *fd) \
	{ \
		emit(b, fd, templates, NULL); \
	}

PLAIN_FIX(fix_net_admin, net_admin)
PLAIN_FIX(fix_netns_parent_owned, netns_parent_owned)
PLAIN_FIX(fix_jail_network, jail_network)
PLAIN_FIX(fix_landlock, landlock_missing)
PLAIN_FIX(fix_probe_error, probe_error)
PLAIN_FIX(fix_seccomp_unconfined, seccomp_profile)
PLAIN_FIX(fix_clone3, clone3_eperm)
PLAIN_FIX(fix_stale_marker, stale_marker)
PLAIN_FIX(fix_ip_forward, ip_forward)
PLAIN_FIX(fix_landjail, landjail)
PLAIN_FIX(fix_runtime_undocumented, runtime_undocumented)
PLAIN_FIX(fix_sudo_unchecked, sudo_unchecked)

static void fix_seccomp(struct builder *b, const struct pf_finding *fd)
{
	emit(b, fd, seccomp_profile, NULL);
	emit(b, fd, sysbox, NULL);
	/* a container created with CAP_SYS_ADMIN got the profile variant
	 * that allows clones (docs/facts.md section 2): adding it again changes nothing */
	if (!fd->cause.sys_admin_bounding)
		emit(b, fd, sys_admin, NULL);
}

/* Distributions default to about half of threads-max; 15000 is ample for
 * boundary. Never below the current value: a fix must not lower a limit. */
#define PF_LIMIT_SUGGESTED 15000
static long limit_target(long current)
{
	if (current < PF_LIMIT_SUGGESTED)
		return PF_LIMIT_SUGGESTED;
	return current > 0x3fffffffL ? 0x7fffffffL : current * 2;
}

static void fix_limit(struct builder *b, const struct pf_finding *fd)
{
	char target[24];
	snprintf(target, sizeof target, "%ld", limit_target(fd->cause.limit_value));
	const char *args[3] = { fd->cause.limit_sysctl, target, NULL };
	emit(b, fd, limit_zero, args);
}

static void fix_userns_restricted(struct builder *b, const struct pf_finding *fd)
{
	switch (fd->cause.userns) {
	case PF_USERNS_CAUSE_DEBIAN_SYSCTL: emit(b, fd, debian_sysctl, NULL); break;
	case PF_USERNS_CAUSE_APPARMOR_SYSCTL: emit(b, fd, apparmor_sysctl, NULL); break;
	case PF_USERNS_CAUSE_APPARMOR: emit(b, fd, apparmor_profile, NULL); break;
	case PF_USERNS_CAUSE_SELINUX: emit(b, fd, selinux, NULL); break;
	case PF_USERNS_CAUSE_LSM: emit(b, fd, lsm_unknown, NULL); break;
	default:
		emit(b, fd, chroot_eperm, NULL);
		/* a seccomp rule the oracle missed is fixed like a seen one */
		emit(b, fd, seccomp_profile, NULL);
		break;
	}
}

static void fix_netns_sys_admin(struct builder *b, const struct pf_finding *fd)
{
	emit(b, fd, drop_no_userns, NULL);
	emit(b, fd, netns_host, NULL);
	emit(b, fd, sysbox, NULL);
	emit(b, fd, sys_admin, NULL);
}

static void fix_idmap(struct builder *b, const struct pf_finding *fd)
{
	switch (fd->cause.idmap) {
	case PF_IDMAP_CAUSE_SETFCAP: emit(b, fd, setfcap, NULL); break;
	case PF_IDMAP_CAUSE_APPARMOR_SYSCTL: emit(b, fd, apparmor_sysctl, NULL); break;
	default: emit(b, fd, idmap_other, NULL); break;
	}
}

static void fix_veth(struct builder *b, const struct pf_finding *fd)
{
	/* only EOPNOTSUPP says the driver is missing */
	if (fd->cause.gvisor)
		emit(b, fd, veth_gvisor, NULL);
	else
		emit(b, fd, fd->cause.err == EOPNOTSUPP ? veth_module : veth_denied, NULL);
}

static void fix_escalation(struct builder *b, const struct pf_finding *fd)
{
	unsigned why = fd->cause.escalation;
	emit(b, fd, run_as_root, NULL);
	if (why & PF_ESCALATION_NO_SUDO)
		emit(b, fd, install_sudo, NULL);
	if (why & PF_ESCALATION_NO_SETPRIV)
		emit(b, fd, install_setpriv, NULL);
	if (why & PF_ESCALATION_NO_NEW_PRIVS)
		emit(b, fd, no_new_privs_fix, NULL);
	if (why & (PF_ESCALATION_SETUID_NOT_BOUNDING | PF_ESCALATION_SETGID_NOT_BOUNDING))
		emit(b, fd, keep_setuid_setgid, NULL);
	if (why & (PF_ESCALATION_NET_ADMIN_NOT_BOUNDING | PF_ESCALATION_SYS_ADMIN_NOT_BOUNDING)) {
		emit(b, fd, sysbox, NULL);
		emit(b, fd, escalation_sys_admin, NULL);
	}
}

/* "iproute2 iptables": the packages of the missing tools on one distro */
static void tool_packages(unsigned missing, enum pf_distro distro, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (unsigned bit = 1; bit < 1u << PF_TOOL_COUNT; bit <<= 1) {
		if (!(missing & bit) || len + 1 >= size)
			continue;
		int n = snprintf(buf + len, size - len, "%s%s", len ? " " : "", pf_tool_package(bit, distro));
		if (n > 0)
			len += (size_t)n < size - len ? (size_t)n : size - len - 1;
	}
}

static void fix_tools(struct builder *b, const struct pf_finding *fd)
{
	char deb[80], alp[80], rhel[80];
	tool_packages(fd->cause.missing_tools, PF_DISTRO_DEBIAN, deb, sizeof deb);
	tool_packages(fd->cause.missing_tools, PF_DISTRO_ALPINE, alp, sizeof alp);
	tool_packages(fd->cause.missing_tools, PF_DISTRO_RHEL, rhel, sizeof rhel);
	const char *args[3] = { deb, alp, rhel };
	emit(b, fd, tools, args);
}

/* CAP_NET_RAW is offered only where adding it helps: root, lacking it, on
 * the host side (the jail's root holds it in its own user namespace; a
 * non-root user never gets it through setpriv). */
static void fix_iptables(struct builder *b, const struct pf_finding *fd)
{
	if (fd->cause.gvisor) {
		/* gVisor's own network stack has no netfilter to load */
		emit(b, fd, iptables_gvisor, NULL);
		return;
	}
	switch (fd->cause.iptables) {
	case PF_IPT_LOCK: emit(b, fd, iptables_to_nft, NULL); break;
	case PF_IPT_NO_NET_RAW:
		emit(b, fd, iptables_to_nft, NULL);
		if (fd->cause.net_raw_helps)
			emit(b, fd, iptables_net_raw, NULL);
		break;
	case PF_IPT_NO_BACKEND: emit(b, fd, iptables_backend, NULL); break;
	case PF_IPT_KILLED: emit(b, fd, iptables_killed, NULL); break;
	default: emit(b, fd, iptables_to_nft, NULL); break;
	}
}

static void fix_testing_only(struct builder *b, const struct pf_finding *fd)
{
	/* replace CAP_SYS_ADMIN by what documented configurations 1 and 3 need */
	emit(b, fd, seccomp_profile, NULL);
	emit(b, fd, sysbox, NULL);
}

static fix_builder *const builders[PF_CODE_COUNT] = {
#define PF_FINDING(code, kind, probe, fixes, doc) [PF_CODE_##code] = fixes,
#include "preflight/findings.def"
#undef PF_FINDING
};

static void fixes_for(struct builder *b, const struct pf_finding *fd)
{
	if ((unsigned)fd->id < PF_CODE_COUNT)
		builders[fd->id](b, fd);
}

void pf_fixes_add(struct pf_verdict *v, bool in_container, enum pf_engine engine)
{
	struct builder b = { .v = v, .flavours = flavours_for(in_container, engine) };
	/* A code already answered (e.g. two PROBE_ERRORs) gets its fixes once. */
	for (int i = 0; i < v->n_blockers; i++) {
		bool seen = false;
		for (int j = 0; j < i; j++)
			seen = seen || v->blockers[j].id == v->blockers[i].id;
		if (!seen)
			fixes_for(&b, &v->blockers[i]);
	}
	for (int i = 0; i < v->n_warnings; i++)
		fixes_for(&b, &v->warnings[i]);
}
