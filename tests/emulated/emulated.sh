#!/bin/bash
# SPDX-License-Identifier: MIT
# Run the real boundary-preflight in one emulated environment and assert its
# verdict and exit status. usage: emulated.sh SECCOMP_JAIL CASE
# Environment: BOUNDARY_PREFLIGHT (the binary), PF_SOURCE_ROOT.
# Exit: 0 pass, 1 fail, 77 skipped (the reason is printed).
# Each environment and the fact it rests on: README.md.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/emulated/lib.sh
. "$here/lib.sh"
jail=$(realpath -e "${1:?usage: emulated.sh SECCOMP_JAIL CASE}") || exit 1
case_name=${2:?usage: emulated.sh SECCOMP_JAIL CASE}
BP=${BOUNDARY_PREFLIGHT:?BOUNDARY_PREFLIGHT must name the binary under test}

# The unprivileged runs write their stdout through our descriptors, but
# make the directory traversable so the binary's own temporaries could.
make_scratch pf-emulated 755

# A host, not a container: root, no seccomp filter, the initial user and
# pid namespaces.
need_host() {
	need_root_initial_userns
	need_initial_ns pid
}

# run_caps NAME COMMAND...: run (tests/lib/libtest.sh: $T/NAME.out, .err,
# .status); when COMMAND is WRAPPER... $BP ARGS..., the Cap* lines of
# /proc/self/status read through the same WRAPPER go to $T/NAME.caps
# (check_report compares the report's capability sets with them).
run_caps() {
	local name=$1 a wrapper=()
	run "$@"
	shift
	rm -f "$T/$name.caps"
	for a in "$@"; do
		if [ "$a" = "$BP" ]; then
			capture_caps "$T/$name.caps" "${wrapper[@]}"
			break
		fi
		wrapper+=("$a")
	done
}

# Checked before a run, whose stdout goes to a file.
need_setpriv() { need_program setpriv; }

case "$case_name" in
host-root)
	need_host
	run_caps out "$BP" --format json
	check_report out --expect-status 0 --configuration host --ready true --no-blockers \
		--field environment.in_container=false --complete \
		--blockers-exactly "" --warnings-exactly "$(host_warnings)" --seccomp-filter none \
		--fact userns:uid_map.error=null --fact netadmin:net_admin_here=true
	;;
host-root-strict)
	# host is not the testing-only configuration, so --strict keeps it ready
	need_host
	run_caps out "$BP" --strict --format json
	check_report out --expect-status 0 --configuration host --ready true --no-blockers \
		--field options.strict=true --field verdict.testing_only=false \
		--blockers-exactly "" --warnings-exactly "$(host_warnings)" --seccomp-filter none
	;;
host-root-text)
	# the default (text) format takes the same decision
	need_host
	run_caps out "$BP"
	check_report out --expect-status 0 --no-report || exit 1
	if ! grep -q '^READY: host' "$T/out.out" || grep -q 'NOT READY' "$T/out.out"; then
		echo "FAIL: expected a 'READY: host' line and no NOT READY in:"
		cat "$T/out.out"
		exit 1
	fi
	echo ok
	;;
nobody)
	need_host
	need_setpriv
	run_caps out as_nobody "$BP" --format json
	check_report out --expect-status 1 --configuration none --ready false \
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
	run_caps out as_nobody "$BP" --no-user-namespace --format json
	check_report out --expect-status 1 --configuration none --ready false \
		--blocker NETNS_NEEDS_SYS_ADMIN --blocker MISSING_CAP_NET_ADMIN \
		--field options.user_namespace=false \
		--blockers-exactly "MISSING_CAP_NET_ADMIN,NETNS_NEEDS_SYS_ADMIN,NONROOT_ESCALATION_FAILS" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter none
	;;
no-userns-env)
	# BOUNDARY_NO_USER_NAMESPACE=1 is the default for --no-user-namespace
	need_host
	need_setpriv
	run_caps flag as_nobody env -u BOUNDARY_NO_USER_NAMESPACE "$BP" --no-user-namespace --format json
	run_caps env as_nobody env BOUNDARY_NO_USER_NAMESPACE=1 "$BP" --format json
	check_report env --expect-status 1 --configuration none --blocker NETNS_NEEDS_SYS_ADMIN \
		--field options.user_namespace=false \
		--blockers-exactly "MISSING_CAP_NET_ADMIN,NETNS_NEEDS_SYS_ADMIN,NONROOT_ESCALATION_FAILS" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter none || exit 1
	python3 "$REPORT_CHECK" same-verdict "$T/flag.out" "$(cat "$T/flag.status")" \
		"$T/env.out" "$(cat "$T/env.status")"
	;;
net-admin-no-userns)
	# root with CAP_NET_ADMIN but not CAP_SYS_ADMIN, --no-user-namespace:
	# the network-only clone needs CAP_SYS_ADMIN (docs/facts.md section 3)
	need_host
	need_setpriv
	run_caps out as_root_with_caps net_admin "$BP" --no-user-namespace --format json
	check_report out --expect-status 1 --configuration none --ready false \
		--blocker NETNS_NEEDS_SYS_ADMIN --no-blocker MISSING_CAP_NET_ADMIN \
		--no-blocker IDMAP_FAILED --field options.user_namespace=false \
		--blockers-exactly "NETNS_NEEDS_SYS_ADMIN" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter none
	;;
seccomp-docker)
	# Docker's default profile without CAP_SYS_ADMIN (docs/facts.md sections 2, 3)
	need_host
	run_caps out "$jail" docker "$BP" --format json
	check_report out --expect-status 1 --configuration none --ready false \
		--blocker SECCOMP_BLOCKS_CLONE --no-blocker MISSING_CAP_NET_ADMIN \
		--blockers-exactly "SECCOMP_BLOCKS_CLONE" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter docker
	;;
seccomp-docker-kill)
	need_host
	run_caps out "$jail" docker-kill "$BP" --format json
	check_report out --expect-status 1 --configuration none --ready false \
		--blocker SECCOMP_KILLS_CLONE --complete \
		--blockers-exactly "SECCOMP_KILLS_CLONE" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter docker-kill
	;;
sigchld-ignored)
	# A caller that ignores SIGCHLD (inherited across exec) would let the
	# kernel reap probe children and lose the SIGSYS that killed them; the
	# tool restores the default for itself (and the caller's for exec).
	need_host
	need_program python3
	run_caps out python3 -c 'import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$jail" docker-kill "$BP" --format json
	check_report out --expect-status 1 --configuration none --ready false \
		--blocker SECCOMP_KILLS_CLONE --no-blocker PROBE_ERROR \
		--blockers-exactly "SECCOMP_KILLS_CLONE" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter docker-kill
	;;
seccomp-docker-trap)
	# SCMP_ACT_TRAP with no SIGSYS handler kills the caller just the same
	need_host
	run_caps out "$jail" docker-trap "$BP" --format json
	check_report out --expect-status 1 --configuration none --ready false \
		--blocker SECCOMP_KILLS_CLONE --complete \
		--blockers-exactly "SECCOMP_KILLS_CLONE" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter docker-trap
	;;
seccomp-kill-survives)
	# Robustness (docs/design.md "Targets"): a KILL action costs a throwaway
	# child, never the tool. 159 = 128 + SIGSYS would mean the tool itself died.
	need_host
	for format in json text; do
		run_caps "$format" "$jail" docker-kill "$BP" --format "$format"
		status=$(cat "$T/$format.status")
		if [ "$status" -ne 1 ]; then
			echo "FAIL: --format $format under docker-kill: expected exit 1, got $status" \
				"$( [ "$status" -gt 128 ] && echo "(killed by signal $((status - 128)))")"
			exit 1
		fi
	done
	check_report json --expect-status 1 --complete \
		--blockers-exactly "SECCOMP_KILLS_CLONE" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter docker-kill || exit 1
	check_report text --expect-status 1 --no-report || exit 1
	grep -q 'SECCOMP_KILLS_CLONE' "$T/text.out" ||
		{ echo "FAIL: text report lacks SECCOMP_KILLS_CLONE:"; cat "$T/text.out"; exit 1; }
	echo "ok: exit 1 in both formats"
	;;
landlock-killed)
	# a filter that kills landlock_create_ruleset costs the probe's child,
	# not the probe: Landlock reads as unavailable (ENOSYS), no probe error;
	# nsjail does not need it, landjail then cannot run
	need_host
	run_caps out "$jail" landlock-kill "$BP" --format json
	check_report out --expect-status 0 --configuration host --ready true --no-blockers \
		--warnings-exactly "$(host_warnings)" --complete \
		--fact landlock:abi=null --fact landlock:error=ENOSYS --fact seccomp:clone_userns_net.gate=allowed || exit 1
	python3 - "$T/out.out" <<'PY' || exit 1
import json, sys
st = {p["id"]: p["status"] for p in json.load(open(sys.argv[1]))["probes"]}
if st["landlock"] == "error":
    sys.exit("FAIL: the landlock probe reports an error for a killed child: %s" % st)
PY
	run_caps lj "$jail" landlock-kill "$BP" --jail landjail --format json
	check_report lj --expect-status 1 --configuration none --ready false --blockers-exactly LANDLOCK_UNAVAILABLE \
		--blocker-mentions LANDLOCK_UNAVAILABLE=ENOSYS
	;;
userns-limit-zero)
	# user.max_user_namespaces is per user namespace: 0 set inside a new
	# one forbids namespaces below it; the clone fails with ENOSPC
	# (docs/facts.md sections 1.8 and 3). The shell checks the setting took.
	need_host
	need_program unshare
	# shellcheck disable=SC2016 # expanded by the inner shell
	run_caps out unshare -Urn sh -c '
		echo 0 >/proc/sys/user/max_user_namespaces || exit 97
		[ "$(cat /proc/sys/user/max_user_namespaces)" = 0 ] || exit 97
		exec "$0" --format json' "$BP"
	[ "$(cat "$T/out.status")" = 97 ] &&
		skip "could not set user.max_user_namespaces=0 in a new user namespace"
	# the wrapper runs its argument as the tool: read the capabilities
	# through the same namespaces instead
	capture_caps "$T/out.caps" unshare -Urn
	check_report out --expect-status 1 --configuration none --ready false \
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
	run_caps out as_root_with_caps net_admin "$BP" --format json
	check_report out --expect-status 1 --configuration none --ready false \
		--blocker IDMAP_FAILED --blocker-mentions IDMAP_FAILED=CAP_SETFCAP \
		--fact userns:clone.error=null --fact userns:uid_map.error=EPERM \
		--no-blocker MISSING_CAP_NET_ADMIN --no-blocker SECCOMP_BLOCKS_CLONE \
		--blockers-exactly "IDMAP_FAILED" --warnings-exactly "$(host_warnings LANDJAIL_AVAILABLE)" --seccomp-filter none
	;;
net-admin-setfcap)
	# the control of net-admin-only: with CAP_SETFCAP the uid 0 map writes
	need_host
	need_setpriv
	run_caps out as_root_with_caps net_admin,setfcap "$BP" --format json
	check_report out --expect-status 0 --configuration host --ready true --no-blockers \
		--blockers-exactly "" --warnings-exactly "$(host_warnings)" --seccomp-filter none
	;;
bad-format)
	run_caps out "$BP" --format yaml
	check_report out --expect-status 2 --no-report --stderr-contains=--format
	;;
unknown-flag)
	run_caps out "$BP" --no-such-flag
	check_report out --expect-status 2 --no-report --stderr-contains=--no-such-flag
	;;
jail-usage)
	# the helper itself: usage errors exit 2 with a message
	run_caps bad "$jail" no-such-mode true
	run_caps short "$jail" docker
	for name in bad short; do
		status=$(cat "$T/$name.status")
		if [ "$status" -ne 2 ] || ! grep -q usage "$T/$name.err"; then
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
