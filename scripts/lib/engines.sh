# shellcheck shell=bash disable=SC2154
# Engines of scripts/engine-matrix beyond Docker with runc and podman:
# Docker with gVisor's runsc, containerd through ctr, Docker Compose,
# rootless podman, systemd-nspawn, LXC.
# Sourced by scripts/engine-matrix after its globals (work_dir, docker_host,
# tag, binary, engine_skip, containers_started, run_status) and helpers
# (log, docker_cmd, mounts_below); not run on its own.

# runsc 20221219 (Debian 12) knows the ptrace and kvm platforms (no systrap
# yet); this VM has no /dev/kvm, so ptrace. Its own network stack refuses
# to start from Docker's --network none namespace ("cannot run with network
# enabled in root network namespace"), so the sandbox gets --network=none:
# loopback only, like the runc cases.
readonly RUNSC_ARGS='"--platform=ptrace", "--network=none"'
readonly CONTAINERD_STOP_TIMEOUT_S=30
readonly CONTAINERD_START_TIMEOUT_S=30

containerd_pid=""
containerd_sock=""
containerd_image=""
readonly CONTAINERD_NAMESPACE=pf-matrix

# ---- Docker + gVisor ----------------------------------------------------------

# write_daemon_config FILE: the private dockerd's configuration: the runsc
# runtime when it is installed, nothing else.
write_daemon_config() {
	local runsc

	if runsc=$(command -v runsc); then
		printf '{"runtimes": {"runsc": {"path": "%s", "runtimeArgs": [%s]}}}\n' \
			"$runsc" "$RUNSC_ARGS" >"$1"
	else
		printf '{}\n' >"$1"
	fi
}

# check_runsc: can this Docker run a container under runsc? Sets
# engine_skip[runsc] to the reason when it cannot.
check_runsc() {
	local err

	if ! command -v runsc >/dev/null; then
		engine_skip[runsc]="runsc is not installed (Debian package runsc)"
		return
	fi
	if ! docker_cmd info --format '{{json .Runtimes}}' 2>/dev/null | grep -q '"runsc"'; then
		engine_skip[runsc]="the Docker daemon at $docker_host has no runsc runtime"
		return
	fi
	if ! err=$(timeout --kill-after=10 "$CONTAINER_TIMEOUT_S" "$DOCKER_CLI" -H "$docker_host" run --rm \
		--runtime=runsc --network none "$tag:tools" /boundary-preflight --version 2>&1 >/dev/null); then
		engine_skip[runsc]="a container does not start under runsc here: $(printf '%s' "$err" | tr '\n' ' ' | head -c 300)"
	fi
}

# ---- containerd (ctr) ---------------------------------------------------------

ctr_cmd() { ctr -a "$containerd_sock" -n "$CONTAINERD_NAMESPACE" "$@"; }

# start_containerd: a private containerd (own socket, root and state under
# work_dir; the CRI plugin off), holding the tools image imported from
# `docker save` (ctr imports image archives, not root tarballs). Sets
# engine_skip[containerd] when it cannot.
start_containerd() {
	local dir=$work_dir/containerd waited=0

	if ! command -v containerd >/dev/null || ! command -v ctr >/dev/null; then
		engine_skip[containerd]="containerd is not installed (Debian package containerd)"
		return
	fi
	mkdir -p "$dir/root" "$dir/state"
	containerd_sock=$dir/containerd.sock
	cat >"$dir/config.toml" <<EOF
version = 2
root = "$dir/root"
state = "$dir/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$containerd_sock"
[ttrpc]
  address = "$containerd_sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOF
	containerd --config "$dir/config.toml" >"$dir/containerd.log" 2>&1 &
	containerd_pid=$!
	until ctr_cmd version >/dev/null 2>&1; do
		if ! kill -0 "$containerd_pid" 2>/dev/null || ((waited >= CONTAINERD_START_TIMEOUT_S * 10)); then
			engine_skip[containerd]="containerd did not start: $(tail -3 "$dir/containerd.log" | tr '\n' ' ' | head -c 300)"
			stop_containerd
			return
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	containerd_image=docker.io/library/$tag:tools
	if ! docker_cmd save "$tag:tools" -o "$dir/tools-image.tar" ||
		! ctr_cmd images import --snapshotter native "$dir/tools-image.tar" >"$dir/import.log" 2>&1; then
		engine_skip[containerd]="importing the image into containerd failed: $(tail -3 "$dir/import.log" 2>/dev/null | tr '\n' ' ' | head -c 300)"
		return
	fi
	rm -f "$dir/tools-image.tar"
	log "started containerd (pid $containerd_pid) at $containerd_sock in $((waited / 10)).$((waited % 10))s"
}

# split_flags FLAGS... -- COMMAND...: the *_run functions' arguments after
# IMAGE NAME OUT. Sets the caller's array flags (declared local there) to
# the words before the first --, and the global array run_command to those
# after it.
split_flags() {
	flags=()
	while (($#)) && [[ $1 != -- ]]; do
		flags+=("$1")
		shift
	done
	shift
	run_command=("$@")
}

# containerd_run IMAGE NAME OUT FLAGS... -- COMMAND...: `ctr run --seccomp`
# (containerd's default profile, as the CRI plugin's RuntimeDefault) with
# a fresh network namespace (ctr's default spec).
containerd_run() {
	local image=$1 name=$2 out=$3 status=0 flags=()
	shift 3
	split_flags "$@"
	set -- "${run_command[@]}"
	[[ $image == tools ]] || {
		printf 'containerd cases use the tools image\n' >"$out.err"
		run_status=1
		return
	}
	containers_started+=("containerd:$name")
	timeout --kill-after=10 "$CONTAINER_TIMEOUT_S" \
		ctr -a "$containerd_sock" -n "$CONTAINERD_NAMESPACE" run --rm --seccomp --snapshotter native \
		"${flags[@]}" "$containerd_image" "$name" "$@" </dev/null >"$out" 2>"$out.err" || status=$?
	run_status=$status
}

# containerd_remove NAME: the task, container and snapshot, if any remain.
containerd_remove() {
	[[ -n $containerd_pid ]] && kill -0 "$containerd_pid" 2>/dev/null || return 0
	ctr_cmd tasks kill -s SIGKILL "$1" >/dev/null 2>&1 || true
	ctr_cmd tasks delete -f "$1" >/dev/null 2>&1 || true
	ctr_cmd containers delete "$1" >/dev/null 2>&1 || true
	ctr_cmd snapshots --snapshotter native rm "$1" >/dev/null 2>&1 || true
}

stop_containerd() {
	local waited=0

	[[ -n $containerd_pid ]] || return 0
	if kill -0 "$containerd_pid" 2>/dev/null; then
		kill -TERM "$containerd_pid" 2>/dev/null || true
		while kill -0 "$containerd_pid" 2>/dev/null && ((waited < CONTAINERD_STOP_TIMEOUT_S * 10)); do
			sleep 0.1
			waited=$((waited + 1))
		done
		if kill -0 "$containerd_pid" 2>/dev/null; then
			log "containerd $containerd_pid did not stop in ${CONTAINERD_STOP_TIMEOUT_S}s; killing it"
			kill -KILL "$containerd_pid" 2>/dev/null || true
		fi
	fi
	wait "$containerd_pid" 2>/dev/null || true
	containerd_pid=""
}

# ---- Docker Compose -----------------------------------------------------------

# compose_prepare IMAGE FLAGS DIR: what a user does with a service that is
# not ready: run the check in a default container, take the first Compose
# fix the report gives for each blocker, merge the snippets into one
# service "agent" in DIR/compose.json (JSON is YAML), and make the
# generated profile the snippets refer to the way the fix says
# (seccomp-profile from Docker's default.json). Prints why on failure.
compose_prepare() {
	local image=$1 dir=$3 status=0

	mkdir -p "$dir"
	timeout --kill-after=10 "$CONTAINER_TIMEOUT_S" "$DOCKER_CLI" -H "$docker_host" run --rm \
		--network none "$tag:$image" /boundary-preflight --format json \
		</dev/null >"$dir/before.json" 2>"$dir/before.err" || status=$?
	if ((status != 1)); then
		echo "the check in a default Docker container exited $status, expected 1 (not ready)"
		return 1
	fi
	if ! "$binary" seccomp-profile --base "$DOCKER_DEFAULT_PROFILE" \
		--output "$dir/boundary-seccomp.json" >"$dir/profile.log" 2>&1; then
		echo "seccomp-profile failed: $(head -c 300 "$dir/profile.log")"
		return 1
	fi
	python3 - "$dir/before.json" "$dir/compose.json" "$tag:$image" <<'PY'
import json
import sys
import yaml

report, out, image = sys.argv[1:4]
with open(report) as f:
    verdict = json.load(f)["verdict"]
if verdict.get("ready") or not verdict.get("blockers"):
    sys.exit("the default container is already ready: nothing to fix")


def merge(into, add, path):
    for key, value in add.items():
        if key not in into:
            into[key] = value
        elif isinstance(into[key], dict) and isinstance(value, dict):
            merge(into[key], value, path + [key])
        elif isinstance(into[key], list) and isinstance(value, list):
            into[key] += [v for v in value if v not in into[key]]
        elif into[key] != value:
            sys.exit("compose fixes disagree on %s" % ".".join(path + [key]))


compose = {}
for blocker in verdict["blockers"]:
    fixes = [f for f in verdict.get("fixes", [])
             if f.get("for") == blocker["code"] and f.get("engine") == "compose"]
    if not fixes:
        sys.exit("no compose fix for %s" % blocker["code"])
    merge(compose, yaml.safe_load(fixes[0]["snippet"]), [])
services = compose.get("services") or {}
if list(services) != ["agent"]:
    sys.exit("compose fixes name services %r, expected one" % list(services))
# the matrix's own settings: its image, no network but loopback
services["agent"].update({"image": image, "network_mode": "none"})
with open(out, "w") as f:
    json.dump(compose, f, indent=2)
PY
}

# compose_run IMAGE DIR NAME OUT COMMAND...: `docker-compose up` of the
# prepared service with COMMAND; the service's stdout to OUT.
compose_run() {
	local dir=$2 name=$3 out=$4 status=0 project id
	shift 4

	project=$(printf '%s' "$name" | tr -dc 'a-z0-9')
	python3 - "$dir/compose.json" "$dir/$project.json" "$@" <<'PY' || {
import json
import sys
with open(sys.argv[1]) as f:
    compose = json.load(f)
compose["services"]["agent"]["command"] = sys.argv[3:]
with open(sys.argv[2], "w") as f:
    json.dump(compose, f, indent=2)
PY
		run_status=1
		return
	}
	containers_started+=("compose:$dir/$project.json")
	# from the file's directory: Compose v1 reads "seccomp=./FILE" relative
	# to its working directory, which is where users run it
	(cd "$dir" && timeout --kill-after=10 "$CONTAINER_TIMEOUT_S" env DOCKER_HOST="$docker_host" \
		docker-compose --ansi never -p "$project" -f "$project.json" up --exit-code-from agent \
		</dev/null >"$out.up" 2>"$out.err") || status=$?
	id=$(cd "$dir" && DOCKER_HOST="$docker_host" docker-compose --ansi never -p "$project" -f "$project.json" \
		ps -q agent 2>>"$out.err" || true)
	if [[ -n $id ]]; then
		docker_cmd logs "$id" >"$out" 2>>"$out.err" || true
	else
		: >"$out"
	fi
	compose_down "$dir/$project.json"
	rm -f "$dir/$project.json" # down once: the cleanup skips a missing file
	run_status=$status
}

# compose_down FILE: remove the project's containers (and anything else up made).
compose_down() {
	local file=$1 project

	[[ -f $file ]] || return 0
	project=$(basename "$file" .json)
	(cd "$(dirname "$file")" && DOCKER_HOST="$docker_host" timeout 60 docker-compose --ansi never \
		-p "$project" -f "$file" down --remove-orphans >/dev/null 2>&1) || true
}

# kill_leftovers DIR: processes whose command line names DIR (a runsc
# sandbox and gofer, a containerd shim) outlive their daemon when a
# container failed to start; end them by pid once the daemons are gone.
kill_leftovers() {
	local dir=$1 pid cmdline
	local -a pids=()

	for pid in /proc/[0-9]*; do
		pid=${pid#/proc/}
		[[ $pid != "$$" && $pid != "$BASHPID" ]] || continue
		cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || continue
		[[ $cmdline == *"$dir/"* ]] && pids+=("$pid")
	done
	((${#pids[@]})) || return 0
	log "ending ${#pids[@]} leftover process(es) of $dir: ${pids[*]}"
	kill -TERM "${pids[@]}" 2>/dev/null || true
	sleep 1
	kill -KILL "${pids[@]}" 2>/dev/null || true
}

# ---- rootless podman -------------------------------------------------------------

rootless_user=""
rootless_dir=""

# setup_rootless_podman: a throwaway user (useradd gives it /etc/subuid and
# /etc/subgid ranges; newuidmap from Debian's uidmap maps them) whose podman
# keeps its storage (vfs), run directory and root tree under work_dir. Sets
# engine_skip[podman-rootless] when it cannot.
setup_rootless_podman() {
	local user=pfmatrix$$

	if ! command -v newuidmap >/dev/null || ! command -v newgidmap >/dev/null; then
		engine_skip[podman-rootless]="newuidmap/newgidmap are not installed (Debian package uidmap)"
		return
	fi
	if ! useradd -M -d /nonexistent -s /usr/sbin/nologin "$user" >"$work_dir/useradd.log" 2>&1; then
		engine_skip[podman-rootless]="useradd $user failed: $(head -c 200 "$work_dir/useradd.log")"
		return
	fi
	rootless_user=$user
	if ! grep -q "^$user:" /etc/subuid || ! grep -q "^$user:" /etc/subgid; then
		engine_skip[podman-rootless]="useradd gave $user no /etc/subuid or /etc/subgid range"
		return
	fi
	rootless_dir=$work_dir/rootless
	mkdir -p "$rootless_dir/home" "$rootless_dir/run"
	chmod 711 "$work_dir"
	chown -R "$user:" "$rootless_dir"
	chmod 700 "$rootless_dir/run"
}

# rootless_podman [timeout SECONDS] ARGS...: podman ARGS as the user
rootless_podman() {
	local -a limit=()

	[[ $1 != timeout ]] || {
		limit=(timeout --kill-after=10 "$2")
		shift 2
	}
	"${limit[@]}" runuser -u "$rootless_user" -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME="$rootless_dir/home" XDG_RUNTIME_DIR="$rootless_dir/run" \
		podman --root "$rootless_dir/home/storage" --runroot "$rootless_dir/run/storage" \
		--storage-driver vfs "$@"
}

# rootless_run IMAGE NAME OUT FLAGS... -- COMMAND...: `podman run` as the
# throwaway user, on a fresh copy of the root tree it owns; --network none
# unless the flags choose a network.
rootless_run() {
	local image=$1 name=$2 out=$3 status=0 root=${rootless_dir:?setup_rootless_podman first}/root flags=()
	shift 3
	split_flags "$@"
	set -- "${run_command[@]}"
	[[ " ${flags[*]} " == *" --network"* ]] || flags+=(--network none)
	rm -rf "$root" && cp -a "$work_dir/root-$image" "$root" && chown -R "$rootless_user:" "$root"
	containers_started+=("podman-rootless:$name")
	rootless_podman timeout "$CONTAINER_TIMEOUT_S" run --rm --name "$name" \
		"${flags[@]}" --env PATH="$IMAGE_PATH" --rootfs "$root" "$@" </dev/null >"$out" 2>"$out.err" || status=$?
	run_status=$status
}

# remove_rootless_user: its containers, its processes (podman leaves a
# pause process holding its user namespace), then the user and its
# /etc/subuid, /etc/subgid ranges (userdel removes them).
remove_rootless_user() {
	local pid
	local -a pids=()

	[[ -n $rootless_user ]] || return 0
	for pid in $(ps -o pid= -u "$rootless_user" 2>/dev/null); do
		pids+=("$pid")
	done
	if ((${#pids[@]})); then
		kill -TERM "${pids[@]}" 2>/dev/null || true
		sleep 0.5
		kill -KILL "${pids[@]}" 2>/dev/null || true
	fi
	userdel "$rootless_user" >/dev/null 2>&1 || log "warning: userdel $rootless_user failed"
	rootless_user=""
}

# ---- systemd-nspawn ---------------------------------------------------------------

# state directories nspawn creates under /run/systemd on first use; removed
# at the end when this run created them
readonly NSPAWN_STATE_DIRS=(/run/systemd/nspawn /run/systemd/nspawn-uid)
nspawn_made_dirs=()

# setup_nspawn: sets engine_skip[nspawn] when it cannot run here.
setup_nspawn() {
	local dir

	if ! command -v systemd-nspawn >/dev/null; then
		engine_skip[nspawn]="systemd-nspawn is not installed (Debian package systemd-container)"
		return
	fi
	for dir in "${NSPAWN_STATE_DIRS[@]}"; do
		[[ -e $dir ]] || nspawn_made_dirs+=("$dir")
	done
}

# nspawn_run IMAGE NAME OUT FLAGS... -- COMMAND...: systemd-nspawn on a
# fresh copy of the root tree. No systemd is PID 1 here and no D-Bus runs,
# so --register=no --keep-unit (no machined, no scope unit); --as-pid2 (nspawn's
# stub init as PID 1, as for any non-init command); an empty environment
# (the stub init's /proc/1/environ would show the caller's).
nspawn_run() {
	local image=$1 name=$2 out=$3 status=0 root=${work_dir:?no work directory}/nspawn-root flags=()
	shift 3
	split_flags "$@"
	set -- "${run_command[@]}"
	rm -rf "$root" && cp -a "$work_dir/root-$image" "$root"
	# nspawn wants an OS tree: it looks for os-release
	mkdir -p "$root/usr/lib" && cp /etc/os-release "$root/usr/lib/os-release"
	timeout --kill-after=10 "$CONTAINER_TIMEOUT_S" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		systemd-nspawn --quiet --register=no --keep-unit --as-pid2 --machine="$name" \
		--directory="$root" --setenv=PATH="$IMAGE_PATH" "${flags[@]}" "$@" \
		</dev/null >"$out" 2>"$out.err" || status=$?
	run_status=$status
}

remove_nspawn_state() {
	local dir

	for dir in "${nspawn_made_dirs[@]}"; do
		rm -rf --one-file-system "$dir"
	done
	nspawn_made_dirs=()
}

# ---- LXC ---------------------------------------------------------------------------

# cgroups liblxc leaves behind ("lxc.pivot" in each hierarchy, empty);
# removed at the end when this run made them
lxc_made_cgroups=()
# liblxc maps a root-started container's ids with newuidmap/newgidmap, which
# allow only ranges /etc/subuid and /etc/subgid give root: this range is
# added for the private-users case (the case's lxc.idmap names it) and
# removed at the end (usermod refuses to edit root while root runs things)
readonly LXC_ROOT_RANGE=root:3000000000:65536
lxc_added_ranges=()

# setup_lxc: sets engine_skip[lxc] (and engine_skip[lxc-userns]) when
# lxc-execute cannot run here.
setup_lxc() {
	local dir file

	if ! command -v lxc-execute >/dev/null; then
		engine_skip[lxc]="lxc-execute is not installed (Debian package lxc)"
		engine_skip[lxc-userns]=${engine_skip[lxc]}
		return
	fi
	for dir in /sys/fs/cgroup/*/; do
		[[ -e ${dir}lxc.pivot ]] || lxc_made_cgroups+=("${dir}lxc.pivot")
	done
	[[ -e /sys/fs/cgroup/lxc.pivot ]] || lxc_made_cgroups+=(/sys/fs/cgroup/lxc.pivot)
	for file in /etc/subuid /etc/subgid; do
		grep -qx "$LXC_ROOT_RANGE" "$file" 2>/dev/null && continue
		if printf '%s\n' "$LXC_ROOT_RANGE" >>"$file"; then
			lxc_added_ranges+=("$file")
		else
			engine_skip[lxc-userns]="could not add $LXC_ROOT_RANGE to $file for lxc.idmap"
		fi
	done
}

# lxc_run IMAGE NAME OUT FLAGS... -- COMMAND...: lxc-execute of a
# container whose root is a fresh copy of the root tree (lxc.rootfs.path,
# nothing downloaded), no network but loopback (lxc.net.0.type = empty),
# proc and a read-only sys mounted by lxc; FLAGS are more configuration
# lines, KEY=VALUE with "_" for each blank in VALUE.
lxc_run() {
	local image=$1 name=$2 out=$3 status=0 dir=${work_dir:?no work directory}/lxc line flags=()
	shift 3
	split_flags "$@"
	set -- "${run_command[@]}"
	rm -rf "$dir/rootfs" && mkdir -p "$dir" && cp -a "$work_dir/root-$image" "$dir/rootfs"
	printf '%s\n' "lxc.uts.name = pfmatrix" "lxc.rootfs.path = dir:$dir/rootfs" \
		"lxc.net.0.type = empty" "lxc.mount.auto = proc:mixed sys:ro" \
		"lxc.environment = PATH=$IMAGE_PATH" >"$dir/config"
	for line in "${flags[@]}"; do
		printf '%s = %s\n' "${line%%=*}" "$(tr _ ' ' <<<"${line#*=}")" >>"$dir/config"
	done
	timeout --kill-after=10 "$CONTAINER_TIMEOUT_S" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		lxc-execute -n "$name" -P "$dir" -f "$dir/config" -- "$@" \
		</dev/null >"$out" 2>"$out.err" || status=$?
	run_status=$status
}

remove_lxc_state() {
	local cg file

	for cg in "${lxc_made_cgroups[@]}"; do
		[[ ! -d $cg ]] || rmdir "$cg" 2>/dev/null || log "warning: could not remove the cgroup $cg"
	done
	lxc_made_cgroups=()
	for file in "${lxc_added_ranges[@]}"; do
		sed -i "/^${LXC_ROOT_RANGE}\$/d" "$file" || log "warning: could not remove $LXC_ROOT_RANGE from $file"
	done
	lxc_added_ranges=()
}

# case_skip_reason ENGINE FLAGS: why this case cannot run here ('' = it can).
case_skip_reason() {
	case $1 in
	docker) [[ $2 != *--runtime=runsc* ]] || printf '%s' "${engine_skip[runsc]:-}" ;;
	containerd) printf '%s' "${engine_skip[containerd]:-}" ;;
	podman-rootless) printf '%s' "${engine_skip[podman-rootless]:-}" ;;
	nspawn) printf '%s' "${engine_skip[nspawn]:-}" ;;
	lxc) if [[ $2 == *lxc.idmap* ]]; then
		printf '%s' "${engine_skip[lxc-userns]:-${engine_skip[lxc]:-}}"
	else
		printf '%s' "${engine_skip[lxc]:-}"
	fi ;;
	compose) command -v docker-compose >/dev/null ||
		printf 'docker-compose is not installed (Debian package docker-compose)' ;;
	esac
}
