# SPDX-License-Identifier: MIT
# Sourced by emulated.sh and whole-jail.sh: what both need to build an
# environment and read it independently of the tool under test.
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
SKIP=77
# Initial namespace inode numbers (docs/facts.md section 4).
INITIAL_USER_NS=4026531837
# shellcheck disable=SC2034
INITIAL_PID_NS=4026531836

# shellcheck disable=SC2034
checker="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/check-report.py"

skip() { echo "SKIP: $*"; exit "$SKIP"; }

ns_inode() { stat -L -c %i "/proc/self/ns/$1" 2>/dev/null; }

# Root, in the initial user namespace, with no seccomp filter yet: the
# cases build their own environment from there.
need_root_unfiltered() {
	[ "$(id -u)" -eq 0 ] ||
		skip "needs root and no seccomp filter: euid is $(id -u) (it builds namespaces, filters and users)"
	grep -q '^Seccomp:[[:space:]]*0' /proc/self/status ||
		skip "needs root and no seccomp filter: this shell already runs under one (a container?)"
	[ "$(ns_inode user)" = "$INITIAL_USER_NS" ] ||
		skip "needs the initial user namespace: this shell is in another one (inside a container?)"
}

# This kind of VM keeps a stale /.dockerenv (docs/facts.md section 5): on
# a host its warning is part of the complete set; without the file it
# must not be there.
stale=""
[ -e /.dockerenv ] && stale=STALE_CONTAINER_MARKER

# host_warnings CODE,...: the complete warning set of a host case here.
host_warnings() {
	local w=${1:-}
	if [ -n "$stale" ]; then
		w=${w:+$w,}$stale
	fi
	printf '%s' "$w"
}

# capture_caps FILE WRAPPER...: the Cap* lines of /proc/self/status as a
# process started through WRAPPER sees them (read by grep, not the tool).
capture_caps() {
	local file=$1
	shift
	"$@" grep '^Cap' /proc/self/status >"$file" 2>&1 </dev/null
}
