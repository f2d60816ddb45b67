#!/bin/bash
# SPDX-License-Identifier: MIT
# The whole jail, judged: each case builds one environment from real kernel
# primitives (network and user namespaces, bounding sets, a chroot, the
# namespace limits of an owning user namespace, iptables-legacy or -nft by
# PATH, a non-root user with sudo), runs boundary-preflight in it and
# boundary-ops (boundary's whole startup, docs/boundary-startup.md) in the
# same environment, and asserts that they agree, the first step
# boundary-ops fails at, the facts the probes saw, and the complete sets of
# blockers and warnings.
#
# usage: whole-jail.sh BOUNDARY_OPS CASE [WAIT_SLOT [SECCOMP_JAIL]]
# WAIT_SLOT (tests/emulated/wait-slot.c) is needed by one-free-slot,
# SECCOMP_JAIL (tests/emulated/seccomp-jail.c) by legacy-killed.
# Environment: BOUNDARY_PREFLIGHT (the binary), PF_SOURCE_ROOT.
# Exit: 0 pass, 1 fail, 77 skipped (the reason is printed).
set -u

SYSPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/emulated/lib.sh
. "$here/lib.sh"
ops_built=$(realpath -e "${1:?usage: whole-jail.sh BOUNDARY_OPS CASE}") || exit 1
case_name=${2:?usage: whole-jail.sh BOUNDARY_OPS CASE [WAIT_SLOT [SECCOMP_JAIL]]}
wait_slot_built=${3:-}
seccomp_jail_built=${4:-}
tool_built=${BOUNDARY_PREFLIGHT:?BOUNDARY_PREFLIGHT must name the binary under test}

need_root_initial_userns
for program in unshare setpriv ip sysctl; do
	need_program "$program"
done
[ -x /usr/sbin/iptables-nft ] && [ -x /usr/sbin/iptables-legacy ] ||
	skip "iptables-nft and iptables-legacy are not both installed (Debian's iptables)"

# Copies anyone can run (the build tree may not be reachable by the user),
# and PATH directories choosing the iptables variant.
make_scratch pf-whole-jail
cp "$tool_built" "$T/boundary-preflight" && cp "$ops_built" "$T/boundary-ops" || exit 1
for variant in nft legacy; do
	mkdir -p "$T/$variant" && ln -s "/usr/sbin/iptables-$variant" "$T/$variant/iptables"
done
chmod -R a+rX "$T" && chmod 0755 "$T"
tool=$T/boundary-preflight
ops=$T/boundary-ops

# A throwaway user boundary re-executes itself for through sudo + setpriv
# (tests/lib/libtest.sh: make_sudo_user; $user, removed at exit).
make_user() {
	local status=0
	make_sudo_user pfjail || status=$?
	[ "$status" -ne 2 ] || skip "$sudo_user_error"
	[ "$status" -eq 0 ] || die "$sudo_user_error"
}

# judge NAME ENV...: run the tool (JSON) and boundary-ops, each as ENV...
# PROGRAM, in a fresh copy of the environment; outputs in $T/NAME.*
judge() {
	local name=$1
	shift
	echo "+ $* boundary-preflight --format json"
	"$@" "$tool" --format json >"$T/$name.out" 2>"$T/$name.err" </dev/null
	echo $? >"$T/$name.status"
	echo "+ $* boundary-ops"
	"$@" "$ops" >"$T/$name.ops" 2>&1 </dev/null
	capture_caps "$T/$name.caps" "$@"
	sed 's/^/    ops: /' "$T/$name.ops" | grep -E 'FAIL|RESULT' | head -5
}

# verdict NAME [--warnings CODE,...] EXPECTATIONS...: check_report on a
# judged run; the warnings given are the complete set, with the stale
# marker's added where this machine has one (lib.sh); the capability sets
# are checked against /proc/self/status read in the same environment, and
# the seccomp oracles against $case_filter (none but in legacy-killed).
case_filter=none
verdict() {
	local name=$1 warnings=""
	shift
	if [ "${1:-}" = --warnings ]; then
		warnings=$2
		shift 2
	fi
	check_report "$name" --judge "$T/$name.ops" --complete \
		--warnings-exactly "$(host_warnings "$warnings")" --seccomp-filter "$case_filter" "$@"
}

# A private network namespace, lo up, as root of the initial user namespace.
in_netns() { unshare --net bash -c 'ip link set lo up && exec "$@"' netns "$@"; }
# The same, then the throwaway user (its groups, its PATH); setpriv options
# for the environment (e.g. a bounding set) in $user_setpriv.
user_setpriv=""
as_user_in_netns() {
	local path=$1
	shift
	# shellcheck disable=SC2086 # options, split on purpose
	in_netns setpriv $user_setpriv --reuid "$user" --regid "$user" --init-groups \
		env HOME=/ USER="$user" PATH="$path" "$@"
}
# A user namespace (root mapped to root) owning a network namespace, with
# the given limits set inside it (docs/facts.md section 7: /proc/sys/user
# shows and sets the owning namespace's own limits; the sandbox's own
# network namespace counts against max_net_namespaces).
with_limits() {
	local users=$1 nets=$2
	shift 2
	unshare -Urn bash -c 'echo "$1" >/proc/sys/user/max_user_namespaces &&
		echo "$2" >/proc/sys/user/max_net_namespaces && ip link set lo up || exit 97
		shift 2; exec env PATH="'"$T/nft:$SYSPATH"'" "$@"' limits "$users" "$nets" "$@"
}

case "$case_name" in
legacy-no-net-raw)
	# iptables-legacy opens a raw socket: without CAP_NET_RAW boundary's first
	# nat rule fails; the jail's root holds it in its own user namespace
	judge run in_netns env PATH="$T/legacy:$SYSPATH" setpriv --bounding-set -net_raw --inh-caps -net_raw
	verdict run --warnings LANDJAIL_AVAILABLE --expect-status 1 --ready false --blockers-exactly IPTABLES_UNUSABLE \
		--judge-result "failure at iptables-nat-masquerade" \
		--blocker-mentions IPTABLES_UNUSABLE=CAP_NET_RAW \
		--fact tools:iptables_variant=legacy --fact tools:iptables_host.variant=legacy \
		--fact userns:jail_iptables.variant=legacy --fact tools:iptables_host.raw_socket.error=EPERM \
		--fact tools:iptables_host.lock.error=null --fact userns:jail_iptables.nat_table.error=null \
		--fact netadmin:net_admin_here=true
	;;
legacy-killed)
	# a profile that kills what it does not know: iptables-legacy's first
	# getsockopt(IPT_SO_GET_INFO) ends it with SIGSYS at boundary's first
	# nat rule, and the proof's child the same way
	[ -n "$seccomp_jail_built" ] || { echo "FAIL: legacy-killed needs SECCOMP_JAIL"; exit 1; }
	case_filter=iptables-kill
	judge run in_netns env PATH="$T/legacy:$SYSPATH" "$seccomp_jail_built" iptables-kill
	verdict run --warnings LANDJAIL_AVAILABLE --expect-status 1 --ready false --blockers-exactly IPTABLES_UNUSABLE \
		--judge-result "failure at iptables-nat-masquerade" \
		--blocker-mentions "IPTABLES_UNUSABLE=killed" \
		--fact tools:iptables_variant=legacy --fact tools:iptables_host.variant=legacy \
		--fact tools:iptables_host.nat_table.signal_name=SIGSYS
	;;
nft-no-net-raw)
	# the control: iptables-nft needs no raw socket
	judge run in_netns env PATH="$T/nft:$SYSPATH" setpriv --bounding-set -net_raw --inh-caps -net_raw
	verdict run --warnings "" --expect-status 0 --ready true --configuration host --blockers-exactly "" \
		--judge-result success \
		--fact tools:iptables_variant=nft --fact tools:iptables_host.variant=nft \
		--fact tools:iptables_host.nat_table.error=null \
		--fact userns:jail_iptables.variant=nft --fact userns:route.error=null \
		--fact userns:lo_up.attempted=true --fact userns:addr.attempted=true --fact userns:route.attempted=true
	;;
nonroot-legacy)
	# not root: boundary runs iptables after setpriv, as the user, and
	# iptables-legacy cannot open its root-owned lock file
	make_user
	judge run as_user_in_netns "$T/legacy:$SYSPATH"
	verdict run --warnings LANDJAIL_AVAILABLE --expect-status 1 --ready false --blockers-exactly IPTABLES_UNUSABLE \
		--judge-result "failure at iptables-nat-masquerade" \
		--blocker-mentions "IPTABLES_UNUSABLE=lock file" \
		--fact tools:iptables_host.lock.error=EACCES --fact privilege:setuid_in_bounding=true \
		--fact tools:iptables_variant=legacy --fact tools:iptables_host.variant=legacy
	;;
nonroot-nft)
	# the control: the same user with iptables-nft is ready; sudo's policy
	# is the one thing the check does not run
	make_user
	judge run as_user_in_netns "$T/nft:$SYSPATH"
	verdict run --warnings SUDO_POLICY_UNCHECKED --expect-status 0 --ready true --configuration host --blockers-exactly "" \
		--judge-result success \
		--fact userns:jail_iptables.nat_table.error=null --fact userns:clone.error=null \
		--fact tools:iptables_host.variant=nft --fact userns:jail_iptables.variant=nft
	;;
nonroot-no-setuid)
	# sudo cannot change its uid, setpriv --reuid fails: nothing starts
	make_user
	user_setpriv="--bounding-set -setuid"
	judge run as_user_in_netns "$T/nft:$SYSPATH"
	verdict run --warnings LANDJAIL_AVAILABLE --expect-status 1 --ready false --blockers-exactly NONROOT_ESCALATION_FAILS \
		--judge-result "failure at escalation-sudo-setpriv" \
		--blocker-mentions NONROOT_ESCALATION_FAILS=cap_setuid --fact privilege:setuid_in_bounding=false
	;;
nonroot-chroot)
	# chrooted (here: into a recursive bind of /, so every program is
	# there), user namespaces are refused with EPERM whatever the
	# capabilities: boundary's CAP_SYS_ADMIN does not lift it
	make_user
	judge run unshare --mount --propagation private --net bash -c '
		root=$(mktemp -d /tmp/pf-chroot.XXXXXX) && mount --rbind / "$root" && ip link set lo up &&
		exec chroot "$root" "$@"' chrooted \
		setpriv --reuid "$user" --regid "$user" --init-groups env HOME=/ USER="$user" PATH="$T/nft:$SYSPATH"
	verdict run --warnings LANDJAIL_AVAILABLE --expect-status 1 --ready false --blockers-exactly USERNS_RESTRICTED \
		--judge-result "failure at clone-newuser-newnet" \
		--blocker-mentions "USERNS_RESTRICTED=does not lift" \
		--fact userns:clone.error=EPERM --fact seccomp:clone_userns_net.gate=allowed
	rmdir /tmp/pf-chroot.* 2>/dev/null
	;;
parent-owned-netns)
	# unshare -Ur: every capability in a user namespace that does not own
	# the (host's) network namespace; adding NET_ADMIN would not help
	judge run unshare -Ur env PATH="$T/nft:$SYSPATH"
	verdict run --warnings LANDJAIL_AVAILABLE --expect-status 1 --ready false --blockers-exactly NETNS_PARENT_OWNED \
		--judge-result "failure at veth-add" \
		--fact netadmin:netns_owned_here=false --fact netadmin:owner_error=EPERM \
		--fact netadmin:net_admin_here=false
	;;
netns-limit)
	# max_net_namespaces used up (the sandbox's own network namespace took
	# the only slot) while max_user_namespaces is large
	judge run with_limits 1000 1
	verdict run --warnings LANDJAIL_AVAILABLE --expect-status 1 --ready false --blockers-exactly NETNS_LIMIT_REACHED \
		--judge-result "failure at clone-newuser-newnet" \
		--blocker-mentions "NETNS_LIMIT_REACHED=user.max_net_namespaces (1 here)" \
		--fact userns:clone.error=ENOSPC --fact userns:clone_user_only.error=null \
		--fact sysctl:max_net_namespaces=1 || exit 1
	# the fix raises it, never lowers it
	grep -q 'sysctl -w user.max_net_namespaces=15000' "$T/run.out" ||
		{ echo "FAIL: no fix raising user.max_net_namespaces to 15000"; exit 1; }
	;;
netns-limit-ancestor)
	# the limit that bites is an ancestor's: this namespace shows its own
	# (2147483647); the fix must not suggest a lower value
	judge run unshare -Ur bash -c 'echo 1 >/proc/sys/user/max_net_namespaces || exit 97
		exec unshare -Urn env PATH="$0" "$@"' "$T/nft:$SYSPATH"
	verdict run --warnings LANDJAIL_AVAILABLE --expect-status 1 --ready false --blockers-exactly NETNS_LIMIT_REACHED \
		--judge-result "failure at clone-newuser-newnet" \
		--blocker-mentions "NETNS_LIMIT_REACHED=ancestor" \
		--fact sysctl:max_net_namespaces=2147483647 --fact userns:clone_user_only.error=null || exit 1
	if grep -Eo 'user\.max_net_namespaces=[0-9]+' "$T/run.out" | grep -vq '=2147483647$'; then
		echo "FAIL: a fix lowers user.max_net_namespaces below 2147483647:"
		grep -Eo 'user\.max_net_namespaces=[0-9]+' "$T/run.out" | sort -u
		exit 1
	fi
	;;
one-free-slot)
	# One free slot of each limit in turn: the default check makes one user
	# and network namespace at a time (never two racing for the slot), and
	# exec waits until its own are freed before the command takes the slot.
	# unshare -Un takes it at once; boundary-ops does boundary's startup.
	# Before each trial the slot must be free again: wait-slot tells for the
	# user limit; a network namespace has no such test, so 0.3 s (2x the
	# tool's own grace, docs/facts.md section 7) stands in for it.
	[ -n "$wait_slot_built" ] || { echo "FAIL: one-free-slot needs WAIT_SLOT (tests/emulated/wait-slot.c)"; exit 1; }
	cp "$wait_slot_built" "$T/wait-slot" && chmod a+rx "$T/wait-slot" || exit 1
	failures=0
	for limits in "1 1000" "1000 2"; do
		# shellcheck disable=SC2086 # two numbers
		with_limits $limits bash -c '
			tool=$1 ops=$2 wait_slot=$3 ok=0 fast=0 ready=0
			settle() { sleep 0.3; "$wait_slot" 10000 || exit 1; }
			for i in 1 2 3 4 5 6 7 8 9 10; do
				settle
				if "$tool" --quiet; then ready=$((ready + 1)); else echo "trial $i: check not ready"; fi
				settle
				if "$tool" exec --quiet -- unshare -Un true; then fast=$((fast + 1)); else echo "trial $i: exec unshare failed"; fi
			done
			for i in 1 2 3 4 5; do
				settle
				if "$tool" exec --quiet -- "$ops" >"$0.ops" 2>&1; then ok=$((ok + 1)); else echo "trial $i: exec boundary-ops failed:"; tail -3 "$0.ops"; fi
			done
			echo "check ready $ready/10; exec unshare -Un $fast/10; exec boundary-ops $ok/5"
			[ "$ready" = 10 ] && [ "$fast" = 10 ] && [ "$ok" = 5 ]' "$T/slot" "$tool" "$ops" "$T/wait-slot" >"$T/slot.out" 2>&1
		status=$?
		echo "limits (user net) $limits: $(tail -1 "$T/slot.out")"
		if [ "$status" -ne 0 ]; then
			failures=$((failures + 1))
			sed 's/^/    /' "$T/slot.out" | tail -40
		fi
	done
	[ "$failures" = 0 ] || exit 1
	echo ok
	;;
*)
	echo "whole-jail.sh: unknown case '$case_name'" >&2
	exit 2
	;;
esac
