# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Private container engines for tests, sourced: a Docker daemon and a
# podman API service, each on its own socket with its own storage under a
# work directory, started and stopped by pid (never by name), and the
# image roots scripts/engine-matrix builds (the static binary and Debian's
# ip, iptables (nft) and sysctl with their libraries).
#
# Functions set these globals:
#   pf_dockerd_pid pf_docker_host      (pf_dockerd_start / pf_dockerd_stop)
#   pf_podman_pid pf_podman_socket     (pf_podman_start / pf_podman_stop)
# and read pf_engine_work (the work directory, set by the caller).

PF_DOCKER_CLI=${PF_DOCKER_CLI:-/usr/bin/docker}
PF_IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
pf_dockerd_pid=""
pf_docker_host=""
pf_podman_pid=""
pf_podman_socket=""

pf_docker() { "$PF_DOCKER_CLI" -H "$pf_docker_host" "$@"; }
# podman with the private storage the service uses
pf_podman_global() {
	pf_podman_args=(--root "$pf_engine_work/podman/root" --runroot "$pf_engine_work/podman/run"
		--storage-driver vfs --cgroup-manager cgroupfs --events-backend file
		--tmpdir "$pf_engine_work/podman/tmp")
}
pf_podman() {
	local pf_podman_args
	pf_podman_global
	podman "${pf_podman_args[@]}" "$@"
}

# Copy a dynamically linked program and the libraries it loads into a root.
pf_copy_with_libraries() {
	local program=$1 target=$2 root=$3 library

	mkdir -p "$root$(dirname "$target")"
	cp -L "$program" "$root$target"
	for library in $(ldd "$program" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }'); do
		mkdir -p "$root$(dirname "$library")"
		cp -L "$library" "$root$library"
	done
}

# pf_make_root ROOT [FILE...]: an image root with the commands boundary
# runs; each FILE is copied to the root's top.
pf_make_root() {
	local root=$1 file
	shift
	mkdir -p "$root"/{proc,sys,dev,etc,run,tmp}
	for file in "$@"; do
		cp "$file" "$root/"
	done
	pf_add_tools "$root"
}

# pf_add_tools ROOT: the commands boundary runs (ip, iptables in Debian's
# nft variant, sysctl), with their libraries, into an image root.
pf_add_tools() {
	local root=$1
	pf_copy_with_libraries "$(readlink -f "$(command -v ip)")" /usr/sbin/ip "$root"
	pf_copy_with_libraries "$(readlink -f "$(command -v sysctl)")" /usr/sbin/sysctl "$root"
	pf_copy_with_libraries /usr/sbin/xtables-nft-multi /usr/sbin/xtables-nft-multi "$root"
	ln -s xtables-nft-multi "$root/usr/sbin/iptables-nft"
	ln -s iptables-nft "$root/usr/sbin/iptables"
	mkdir -p "$root/usr/lib/x86_64-linux-gnu"
	# iptables loads its matches and targets (tcp, MASQUERADE, ...) from here
	cp -a /usr/lib/x86_64-linux-gnu/xtables "$root/usr/lib/x86_64-linux-gnu/"
	cp /etc/protocols "$root/etc/protocols"
}

# pf_wait_for LIMIT PID COMMAND...: wait up to LIMIT seconds for COMMAND
# to succeed while PID lives. 0 answered, 1 died, 2 timed out.
pf_wait_for() {
	local limit=$1 pid=$2 waited=0
	shift 2
	until "$@" >/dev/null 2>&1; do
		kill -0 "$pid" 2>/dev/null || return 1
		((waited >= limit * 10)) && return 2
		sleep 0.1
		waited=$((waited + 1))
	done
	return 0
}

# A private dockerd: no iptables, no bridge, vfs storage. 0 on success;
# otherwise prints why (the log's tail) and returns 1.
pf_dockerd_start() {
	local dir=$pf_engine_work/docker rc=0
	mkdir -p "$dir/data" "$dir/exec"
	pf_docker_host=unix://$dir/docker.sock
	dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
		--data-root "$dir/data" --exec-root "$dir/exec" -H "$pf_docker_host" \
		--pidfile "$dir/docker.pid" >"$dir/dockerd.log" 2>&1 &
	pf_dockerd_pid=$!
	pf_wait_for 60 "$pf_dockerd_pid" pf_docker version || rc=$?
	if ((rc)); then
		tail -15 "$dir/dockerd.log" >&2 || true
		printf 'dockerd %s\n' "$([[ $rc == 1 ]] && echo 'exited before answering' || echo 'did not answer in 60 s')" >&2
		pf_dockerd_stop
		return 1
	fi
}

pf_dockerd_stop() {
	local pid=$pf_dockerd_pid containerd_pid="" waited=0
	[[ -n $pid ]] || return 0
	containerd_pid=$(cat "$pf_engine_work/docker/exec/containerd/containerd.pid" 2>/dev/null || true)
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		while kill -0 "$pid" 2>/dev/null && ((waited < 300)); do
			sleep 0.1
			waited=$((waited + 1))
		done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	# dockerd stops the containerd it started; make sure, by its own pid
	if [[ -n $containerd_pid ]] && kill -0 "$containerd_pid" 2>/dev/null; then
		kill -TERM "$containerd_pid" 2>/dev/null || true
		sleep 1
		kill -KILL "$containerd_pid" 2>/dev/null || true
	fi
	pf_dockerd_pid=""
}

# podman's Docker-compatible API service on a private socket, with private
# storage (pf_podman uses the same).
pf_podman_start() {
	local rc=0
	mkdir -p "$pf_engine_work/podman/tmp"
	pf_podman_socket=$pf_engine_work/podman/api.sock
	local pf_podman_args
	pf_podman_global
	# exec: the pid is podman's own, to stop it by
	(exec podman "${pf_podman_args[@]}" system service --time=0 "unix://$pf_podman_socket") \
		>"$pf_engine_work/podman/service.log" 2>&1 &
	pf_podman_pid=$!
	pf_wait_for 30 "$pf_podman_pid" test -S "$pf_podman_socket" || rc=$?
	if ((rc)); then
		tail -15 "$pf_engine_work/podman/service.log" >&2 || true
		printf 'podman system service did not start\n' >&2
		pf_podman_stop
		return 1
	fi
}

pf_podman_stop() {
	local pid=$pf_podman_pid waited=0
	[[ -n $pid ]] || return 0
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		while kill -0 "$pid" 2>/dev/null && ((waited < 100)); do
			sleep 0.1
			waited=$((waited + 1))
		done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	pf_podman_pid=""
}

# Mount points below a directory, deepest first.
pf_mounts_below() {
	awk -v dir="$1/" '{ if (index($5 "/", dir) == 1) print $5 }' /proc/self/mountinfo | sort -r
}

# Unmount what is left below the work directory, then remove it.
pf_engine_work_remove() {
	local mp
	[[ -n $pf_engine_work && -d $pf_engine_work ]] || return 0
	for mp in $(pf_mounts_below "$pf_engine_work"); do
		umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || true
	done
	if [[ -n $(pf_mounts_below "$pf_engine_work") ]]; then
		printf 'warning: mounts remain below %s; leaving it in place\n' "$pf_engine_work" >&2
		return 1
	fi
	rm -rf --one-file-system "$pf_engine_work"
}
