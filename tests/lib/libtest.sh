# SPDX-License-Identifier: MIT
# tests/lib/libtest.sh: the helpers every shell test suite shares (cli,
# emulated, robustness, container, ground-truth). Sourced, never run; it
# sets no shell option (each script sets its own). A suite's own helpers
# stay in the suite (tests/cli/lib.sh, tests/emulated/lib.sh).
#
# The helpers that run the tool read two variables the script sets:
#   BP  the binary under test (usually $BOUNDARY_PREFLIGHT)
#   T   the scratch directory (make_scratch sets it)
# Exit 77 is meson's "skipped"; the reason is printed first.
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
SKIP=77
# shellcheck disable=SC2034
NOBODY_UID=65534
# shellcheck disable=SC2034
NOBODY_GID=65534
# Initial namespace inode numbers (docs/facts.md section 4).
INITIAL_USER_NS=4026531837
# shellcheck disable=SC2034
INITIAL_PID_NS=4026531836

TESTLIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# the report checker (tests/lib/reportcheck.py --help)
REPORT_CHECK=$TESTLIB_DIR/reportcheck.py

skip() { echo "SKIP: $*"; exit "$SKIP"; }
die() { echo "FAIL: $*"; exit 1; }

# ---- counted checks: ok / fail / check, then finish ----------------------------

failures=0
checks=0
ok()   { checks=$((checks + 1)); echo "ok   $*"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL $*" >&2; }
note() { echo "     $*"; }

# check DESCRIPTION COMMAND...: pass when COMMAND succeeds
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}

# show FILE [LINES]: name the file and show its first LINES (60) lines when
# an assertion about it fails
show() { echo "---- $1" >&2; sed -n "1,${2:-60}p" "$1" >&2; echo "----" >&2; }

# finish [NAME]: the count, and the script's status (no check at all
# fails); NAME defaults to $TEST_NAME, else the script's name
finish() {
	echo "${1:-${TEST_NAME:-$(basename "$0" .sh)}}: $checks checks, $failures failed"
	if ((checks == 0)); then
		echo "no checks ran" >&2
		exit 1
	fi
	((failures == 0))
}

# ---- what the machine must offer ------------------------------------------------

need_program() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (not on PATH)${2:+; $2}"
}

ns_inode() { stat -L -c %i "/proc/self/ns/$1" 2>/dev/null; }

# need_root_unfiltered: root with no seccomp filter yet (a container's
# would refuse the namespaces, mounts and filters the case makes itself)
need_root_unfiltered() {
	[ "$(id -u)" -eq 0 ] ||
		skip "needs root and no seccomp filter: euid is $(id -u)"
	grep -q '^Seccomp:[[:space:]]*0' /proc/self/status ||
		skip "needs root and no seccomp filter: this shell already runs under one (a container?)"
}

# need_initial_ns user|pid: this shell is in the initial namespace of that type
need_initial_ns() {
	local want=$INITIAL_USER_NS
	[ "$1" = pid ] && want=$INITIAL_PID_NS
	[ "$(ns_inode "$1")" = "$want" ] ||
		skip "needs the initial $1 namespace: this shell is in another one (inside a container?)"
}

# ---- scratch directory and clean-up ---------------------------------------------

pf_exit_cmds=()
pf_run_exit_cmds() {
	local i
	for ((i = ${#pf_exit_cmds[@]} - 1; i >= 0; i--)); do
		eval "${pf_exit_cmds[i]}" || true
	done
}
# at_exit COMMAND: run COMMAND (a string, eval'd) when the script exits, the
# last registered first; the script's exit status is kept
at_exit() {
	[ ${#pf_exit_cmds[@]} -gt 0 ] || trap pf_run_exit_cmds EXIT
	pf_exit_cmds+=("$1")
}

# make_scratch NAME [MODE]: T=a new directory under $TMPDIR (or /tmp),
# removed at exit; MODE for chmod (e.g. 0777 for nobody to write there)
make_scratch() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 1
	# shellcheck disable=SC2016 # expanded at exit
	at_exit 'rm -rf "$T"'
	[ -z "${2:-}" ] || chmod "$2" "$T" || exit 1
}

# ---- other users ----------------------------------------------------------------

# nobody may not reach the build tree (a clone under /root): nobody_copy
# prints the path of a copy of $BP in $T/pub, which anyone can enter.
# A cross build's $BP is a script running the program through qemu: the
# program is copied too and a new script points at the copy.
nobody_copy() {
	local pub=$T/pub
	if [ ! -x "$pub/boundary-preflight" ]; then
		mkdir -p "$pub" && cp "$BP" "$pub/boundary-preflight" &&
			chmod 0755 "$pub" "$pub/boundary-preflight" || return 126
		if [ -n "${PF_TARGET_PROGRAM:-}" ]; then
			cp "$PF_TARGET_PROGRAM" "$pub/boundary-preflight.target" &&
				printf '#!/bin/sh\nexec %s %s "$@"\n' "$PF_TARGET_WRAPPER" \
					"$pub/boundary-preflight.target" >"$pub/boundary-preflight" &&
				chmod 0755 "$pub/boundary-preflight.target" || return 126
		fi
	fi
	echo "$pub/boundary-preflight"
}

# as_nobody COMMAND...: run it as nobody with no capabilities at all; an
# argument that is $BP becomes nobody's copy of it
as_nobody() {
	local args=() a copy
	copy=$(nobody_copy) || return 126
	for a in "$@"; do
		[ "$a" = "$BP" ] && a=$copy
		args+=("$a")
	done
	setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups \
		--inh-caps=-all --bounding-set=-all -- "${args[@]}"
}

# as_root_with_caps CAP,... COMMAND...: root keeping only the listed
# capabilities (e.g. net_admin,setfcap)
as_root_with_caps() {
	local caps="+${1//,/,+}"
	shift
	setpriv --inh-caps="-all,$caps" --bounding-set="-all,$caps" "$@"
}

# make_sudo_user PREFIX: user=PREFIX$$, a throwaway system user with no
# home and a NOPASSWD sudoers drop-in (sudoers=its path), both removed at
# exit: boundary re-executes itself for such a user through sudo + setpriv.
# Call it in the script's own shell (not in $(...)). Returns 2 when sudo or
# useradd is missing, 1 when useradd or the drop-in fails; the reason is in
# $sudo_user_error.
user=""
sudoers=""
sudo_user_error=""
make_sudo_user() {
	if ! command -v sudo >/dev/null; then
		sudo_user_error="sudo is not installed (scripts/lib/setup.sh installs it)"
		return 2
	fi
	if ! command -v useradd >/dev/null; then
		sudo_user_error="useradd is not installed"
		return 2
	fi
	# shellcheck disable=SC2016 # expanded at exit
	at_exit '[ -z "$user" ] || userdel "$user" 2>/dev/null'
	# shellcheck disable=SC2016
	at_exit '[ -z "$sudoers" ] || rm -f "$sudoers"'
	user=$1$$
	if ! useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin "$user"; then
		sudo_user_error="useradd $user failed"
		user=""
		return 1
	fi
	sudoers=/etc/sudoers.d/$1-$$
	if ! { printf '%s ALL=(ALL:ALL) NOPASSWD: ALL\n' "$user" >"$sudoers" && chmod 0440 "$sudoers"; }; then
		sudo_user_error="cannot write $sudoers"
		return 1
	fi
}

# ---- runs and their reports -----------------------------------------------------

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# run NAME COMMAND...: stdout -> $T/NAME.out, stderr -> $T/NAME.err, exit
# status -> $T/NAME.status, wall time (ms) -> $T/NAME.ms; the command line,
# its status and time and the head of its stderr go to the log.
run() {
	local name=$1 t0 t1 status
	shift
	echo "+ $*"
	t0=$(now_ms)
	"$@" >"$T/$name.out" 2>"$T/$name.err"
	status=$?
	t1=$(now_ms)
	echo "$status" >"$T/$name.status"
	echo $((t1 - t0)) >"$T/$name.ms"
	echo "  exit $status after $((t1 - t0)) ms"
	if [ -s "$T/$name.err" ]; then
		echo "  stderr:"
		sed 's/^/    /' "$T/$name.err" | head -20
	fi
}

# check_report NAME [reportcheck.py options...]: assert on a run's
# $T/NAME.{out,err,status}; $T/NAME.caps, when there, holds the Cap* lines
# the report's capability sets must equal.
check_report() {
	local name=$1 caps_from=()
	shift
	[ -e "$T/$name.caps" ] && caps_from=(--caps-from "$T/$name.caps")
	python3 "$REPORT_CHECK" --status "$(cat "$T/$name.status")" --report "$T/$name.out" \
		--stderr "$T/$name.err" "${caps_from[@]}" "$@"
}

# capture_caps FILE WRAPPER...: the Cap*, Seccomp* and NoNewPrivs lines of
# /proc/self/status as a process started through WRAPPER sees them (read
# by grep, not the tool).
capture_caps() {
	local file=$1
	shift
	"$@" grep -E '^(Cap|Seccomp|NoNewPrivs)' /proc/self/status >"$file" 2>&1 </dev/null
}
