#!/bin/bash
# SPDX-License-Identifier: MIT
# Run the real boundary-preflight in one emulated environment and assert its
# verdict and exit status. usage: emulated.sh SECCOMP_JAIL CASE
# Environment: BOUNDARY_PREFLIGHT (the binary), PF_SOURCE_ROOT.
# Exit: 0 pass, 1 fail, 77 skipped (the reason is printed).
# Each environment and the fact it rests on: README.md.
set -u

NOBODY_UID=65534
NOBODY_GID=65534

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/emulated/lib.sh
. "$here/lib.sh"
jail=$(realpath -e "${1:?usage: emulated.sh SECCOMP_JAIL CASE}") || exit 1
case_name=${2:?usage: emulated.sh SECCOMP_JAIL CASE}
tool=${BOUNDARY_PREFLIGHT:?BOUNDARY_PREFLIGHT must name the binary under test}

# boundary's own settings are the tool's defaults (docs/facts.md section 1.7); a case
# that wants one sets it itself.
unset BOUNDARY_JAIL_TYPE BOUNDARY_NO_USER_NAMESPACE BOUNDARY_CONFIG

work=$(mktemp -d "${TMPDIR:-/tmp}/pf-emulated.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
# The unprivileged runs write their stdout through our descriptors, but
# make the directory traversable so the binary's own temporaries could.
chmod 755 "$work"

# A host, not a container: root, no seccomp filter, the initial user and
# pid namespaces.
need_host() {
	need_root_unfiltered
	[ "$(ns_inode pid)" = "$INITIAL_PID_NS" ] ||
		skip "needs the initial pid namespace: this shell is in another one (inside a container?)"
}

need_program() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 not on PATH"
}

# run NAME COMMAND...: stdout -> $work/NAME.json, stderr -> $work/NAME.err,
# exit status -> $work/NAME.status; echoes the command line for the log.
# When COMMAND is WRAPPER... $tool ARGS..., the Cap* lines of
# /proc/self/status read through the same WRAPPER go to $work/NAME.caps
# (check compares the report's capability sets with them).
run() {
	local name=$1 a wrapper=()
	shift
	echo "+ $*"
	"$@" >"$work/$name.json" 2>"$work/$name.err"
	echo $? >"$work/$name.status"
	rm -f "$work/$name.caps"
	for a in "$@"; do
		if [ "$a" = "$tool" ]; then
			capture_caps "$work/$name.caps" "${wrapper[@]}"
			break
		fi
		wrapper+=("$a")
	done
	if [ -s "$work/$name.err" ]; then
		echo "  stderr:"
		sed 's/^/    /' "$work/$name.err" | head -20
	fi
}

# check NAME EXPECTATIONS...: assert on a run (see check-report.py --help).
check() {
	local name=$1
	shift
	local caps_from=()
	[ -e "$work/$name.caps" ] && caps_from=(--caps-from "$work/$name.caps")
	python3 "$checker" --status "$(cat "$work/$name.status")" \
		--report "$work/$name.json" --stderr "$work/$name.err" "${caps_from[@]}" "$@"
}

# Checked before a run, whose stdout goes to a file.
need_setpriv() { need_program setpriv; }

# nobody may not be able to reach the build tree (a clone under /root):
# it runs a copy of the tool from a directory anyone can enter.
nobody_tool() {
	if [ ! -x "$work/pub/boundary-preflight" ]; then
		mkdir -p "$work/pub" && cp "$tool" "$work/pub/boundary-preflight" &&
			chmod 0755 "$work" "$work/pub" "$work/pub/boundary-preflight" || exit 1
	fi
	echo "$work/pub/boundary-preflight"
}

as_nobody() {
	local args=() a copy
	copy=$(nobody_tool)
	for a in "$@"; do
		[ "$a" = "$tool" ] && a=$copy
		args+=("$a")
	done
	setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups \
		--inh-caps=-all --bounding-set=-all "${args[@]}"
}

# Root keeping only the listed capabilities (comma list, e.g. net_admin).
as_root_with_caps() {
	local caps="+${1//,/,+}"
	shift
	setpriv --inh-caps="-all,$caps" --bounding-set="-all,$caps" "$@"
}

case "$case_name" in
host-root)
	need_host
	run out "$tool" --format json
	check out --expect-status 0 --configuration host --ready true --no-blockers \
		--field environment.in_container=false --complete \
		--blockers-exactly "" --warnings-exactly "$(host_warnings)" --seccomp-filter none \
		--fact userns:uid_map.error=null --fact netadmin:net_admin_here=true
	;;
host-root-strict)
	# host is not the testing-only configuration, so --strict keeps it ready
	need_host
	run out "$tool" --strict --format json
	check out --expect-status 0 --configuration host --ready true --no-blockers \
		--field options.strict=true --field verdict.testing_only=false \
		--blockers-exactly "" --warnings-exactly "$(host_warnings)" --seccomp-filter none
	;;
host-root-text)
	# the default (text) format takes the same decision
	need_host
	run out "$tool"
	check out --expect-status 0 --no-report || exit 1
	if ! grep -q '^READY: host' "$work/out.json" || grep -q 'NOT READY' "$work/out.json"; then
		echo "FAIL: expected a 'READY: host' line and no NOT READY in:"
		cat "$work/out.json"
		exit 1
	fi
	echo ok
	;;
nobody)
	need_host
	need_setpriv
	run out as_nobody "$tool" --format json
	check out --expect-status 1 --configuration none --ready false \
		--blocker MISSING_CAP_NET_ADMIN --field system.euid="$NOBODY_UID" \
		--blockers-exactly "MISSING_CAP_NET_ADMIN,NONROOT_ESCALATION_FAILS" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter none \
		--fact netadmin:net_admin_here=false \
		--fact sysctl:ip_forward_writable=null
	# (nobody may not write root's ip_forward, EACCES: that is no
	# read-only /proc/sys, and says nothing of boundary's root)
	;;
nobody-no-userns)
	# a network namespace without a user namespace needs CAP_SYS_ADMIN
	# (docs/facts.md section 3)
	need_host
	need_setpriv
	run out as_nobody "$tool" --no-user-namespace --format json
	check out --expect-status 1 --configuration none --ready false \
		--blocker NETNS_NEEDS_SYS_ADMIN --blocker MISSING_CAP_NET_ADMIN \
		--field options.user_namespace=false \
		--blockers-exactly "MISSING_CAP_NET_ADMIN,NETNS_NEEDS_SYS_ADMIN,NONROOT_ESCALATION_FAILS" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter none
	;;
no-userns-env)
	# BOUNDARY_NO_USER_NAMESPACE=1 is the default for --no-user-namespace
	need_host
	need_setpriv
	run flag as_nobody env -u BOUNDARY_NO_USER_NAMESPACE "$tool" --no-user-namespace --format json
	run env as_nobody env BOUNDARY_NO_USER_NAMESPACE=1 "$tool" --format json
	check env --expect-status 1 --configuration none --blocker NETNS_NEEDS_SYS_ADMIN \
		--field options.user_namespace=false \
		--blockers-exactly "MISSING_CAP_NET_ADMIN,NETNS_NEEDS_SYS_ADMIN,NONROOT_ESCALATION_FAILS" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter none || exit 1
	python3 "$checker" same-verdict "$work/flag.json" "$(cat "$work/flag.status")" \
		"$work/env.json" "$(cat "$work/env.status")"
	;;
net-admin-no-userns)
	# root with CAP_NET_ADMIN but not CAP_SYS_ADMIN, --no-user-namespace:
	# the network-only clone needs CAP_SYS_ADMIN (docs/facts.md section 3)
	need_host
	need_setpriv
	run out as_root_with_caps net_admin "$tool" --no-user-namespace --format json
	check out --expect-status 1 --configuration none --ready false \
		--blocker NETNS_NEEDS_SYS_ADMIN --no-blocker MISSING_CAP_NET_ADMIN \
		--no-blocker IDMAP_FAILED --field options.user_namespace=false \
		--blockers-exactly "NETNS_NEEDS_SYS_ADMIN" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter none
	;;
seccomp-docker)
	# Docker's default profile without CAP_SYS_ADMIN (docs/facts.md sections 2, 3)
	need_host
	run out "$jail" docker "$tool" --format json
	check out --expect-status 1 --configuration none --ready false \
		--blocker SECCOMP_BLOCKS_CLONE --no-blocker MISSING_CAP_NET_ADMIN \
		--blockers-exactly "SECCOMP_BLOCKS_CLONE" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter docker
	;;
seccomp-docker-kill)
	need_host
	run out "$jail" docker-kill "$tool" --format json
	check out --expect-status 1 --configuration none --ready false \
		--blocker SECCOMP_KILLS_CLONE --complete \
		--blockers-exactly "SECCOMP_KILLS_CLONE" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter docker-kill
	;;
sigchld-ignored)
	# A caller that ignores SIGCHLD (inherited across exec) would let the
	# kernel reap probe children and lose the SIGSYS that killed them; the
	# tool restores the default for itself (and the caller's for exec).
	need_host
	need_program python3
	run out python3 -c 'import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$jail" docker-kill "$tool" --format json
	check out --expect-status 1 --configuration none --ready false \
		--blocker SECCOMP_KILLS_CLONE --no-blocker PROBE_ERROR \
		--blockers-exactly "SECCOMP_KILLS_CLONE" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter docker-kill
	;;
seccomp-docker-trap)
	# SCMP_ACT_TRAP with no SIGSYS handler kills the caller just the same
	need_host
	run out "$jail" docker-trap "$tool" --format json
	check out --expect-status 1 --configuration none --ready false \
		--blocker SECCOMP_KILLS_CLONE --complete \
		--blockers-exactly "SECCOMP_KILLS_CLONE" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter docker-trap
	;;
seccomp-kill-survives)
	# Robustness (docs/design.md "Targets"): a KILL action costs a throwaway
	# child, never the tool. 159 = 128 + SIGSYS would mean the tool itself died.
	need_host
	for format in json text; do
		run "$format" "$jail" docker-kill "$tool" --format "$format"
		status=$(cat "$work/$format.status")
		if [ "$status" -ne 1 ]; then
			echo "FAIL: --format $format under docker-kill: expected exit 1, got $status" \
				"$( [ "$status" -gt 128 ] && echo "(killed by signal $((status - 128)))")"
			exit 1
		fi
	done
	check json --expect-status 1 --complete \
		--blockers-exactly "SECCOMP_KILLS_CLONE" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter docker-kill || exit 1
	check text --expect-status 1 --no-report || exit 1
	grep -q 'SECCOMP_KILLS_CLONE' "$work/text.json" ||
		{ echo "FAIL: text report lacks SECCOMP_KILLS_CLONE:"; cat "$work/text.json"; exit 1; }
	echo "ok: exit 1 in both formats"
	;;
landlock-killed)
	# a filter that kills landlock_create_ruleset costs the probe's child,
	# not the probe: Landlock reads as unavailable (ENOSYS), no probe error;
	# nsjail does not need it, landjail then cannot run
	need_host
	run out "$jail" landlock-kill "$tool" --format json
	check out --expect-status 0 --configuration host --ready true --no-blockers \
		--warnings-exactly "$(host_warnings)" --complete \
		--fact landlock:abi=null --fact landlock:error=ENOSYS --fact seccomp:clone_userns_net.gate=allowed || exit 1
	python3 - "$work/out.json" <<'PY' || exit 1
import json, sys
st = {p["id"]: p["status"] for p in json.load(open(sys.argv[1]))["probes"]}
if st["landlock"] == "error":
    sys.exit("FAIL: the landlock probe reports an error for a killed child: %s" % st)
PY
	run lj "$jail" landlock-kill "$tool" --jail landjail --format json
	check lj --expect-status 1 --configuration none --ready false --blockers-exactly LANDLOCK_UNAVAILABLE \
		--blocker-mentions LANDLOCK_UNAVAILABLE=ENOSYS
	;;
userns-limit-zero)
	# user.max_user_namespaces is per user namespace: 0 set inside a new
	# one forbids namespaces below it; the clone fails with ENOSPC
	# (docs/facts.md sections 1.8 and 3). The shell checks the setting took.
	need_host
	need_program unshare
	# shellcheck disable=SC2016 # expanded by the inner shell
	run out unshare -Urn sh -c '
		echo 0 >/proc/sys/user/max_user_namespaces || exit 97
		[ "$(cat /proc/sys/user/max_user_namespaces)" = 0 ] || exit 97
		exec "$0" --format json' "$tool"
	[ "$(cat "$work/out.status")" = 97 ] &&
		skip "could not set user.max_user_namespaces=0 in a new user namespace"
	# the wrapper runs its argument as the tool: read the capabilities
	# through the same namespaces instead
	capture_caps "$work/out.caps" unshare -Urn
	check out --expect-status 1 --configuration none --ready false \
		--blocker USERNS_LIMIT_ZERO --fact sysctl:max_user_namespaces=0 \
		--fact userns:clone.error=ENOSPC \
		--field environment.in_container=false --field environment.engine=none \
		--no-blocker SECCOMP_BLOCKS_CLONE --no-blocker MISSING_CAP_NET_ADMIN \
		--blockers-exactly USERNS_LIMIT_ZERO --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" \
		--seccomp-filter none
	;;
net-admin-only)
	# root keeps uid 0, and a uid_map mapping 0 needs CAP_SETFCAP since
	# Linux 5.12 (docs/facts.md section 3)
	need_host
	need_setpriv
	run out as_root_with_caps net_admin "$tool" --format json
	check out --expect-status 1 --configuration none --ready false \
		--blocker IDMAP_FAILED --blocker-mentions IDMAP_FAILED=CAP_SETFCAP \
		--fact userns:clone.error=null --fact userns:uid_map.error=EPERM \
		--no-blocker MISSING_CAP_NET_ADMIN --no-blocker SECCOMP_BLOCKS_CLONE \
		--blockers-exactly "IDMAP_FAILED" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter none
	;;
net-admin-setfcap)
	# the control of net-admin-only: with CAP_SETFCAP the uid 0 map writes
	need_host
	need_setpriv
	run out as_root_with_caps net_admin,setfcap "$tool" --format json
	check out --expect-status 0 --configuration host --ready true --no-blockers \
		--blockers-exactly "" --warnings-exactly "$(host_warnings)" --seccomp-filter none
	;;
bad-format)
	run out "$tool" --format yaml
	check out --expect-status 2 --no-report --stderr-contains=--format
	;;
unknown-flag)
	run out "$tool" --no-such-flag
	check out --expect-status 2 --no-report --stderr-contains=--no-such-flag
	;;
jail-usage)
	# the helper itself: usage errors exit 2 with a message
	run bad "$jail" no-such-mode true
	run short "$jail" docker
	for name in bad short; do
		status=$(cat "$work/$name.status")
		if [ "$status" -ne 2 ] || ! grep -q usage "$work/$name.err"; then
			echo "FAIL: seccomp-jail $name: expected exit 2 and a usage message, got $status"
			exit 1
		fi
	done
	echo ok
	;;
*)
	echo "emulated.sh: unknown case '$case_name'" >&2
	exit 2
	;;
esac
