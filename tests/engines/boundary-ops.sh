#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# boundary-ops, the ground truth, against the real thing on this machine
# (docs/boundary-startup.md):
#   - root in this host's network namespace: success, and nothing left
#     behind (its veth pair, its iptables rules, ip_forward);
#   - root in a private network namespace with ip_forward=0: success, and
#     ip_forward and every conf/*/forwarding written back;
#   - root without CAP_NET_RAW in the bounding set: iptables-legacy fails at
#     iptables-nat-masquerade ("Permission denied"), iptables-nft succeeds;
#   - not root, through sudo + setpriv as boundary does: success with nft
#     (the copy holds net_admin+sys_admin, the jail child net_admin only),
#     failure at iptables-nat-masquerade with legacy (/run/xtables.lock),
#     failure at escalation-sudo-setpriv without CAP_SETUID or CAP_SETGID
#     in the bounding set or with no_new_privs.
# The legacy and non-root cases run in private network namespaces
# (unshare --net), so iptables-legacy's tables never appear on the host.
# A throwaway user with a NOPASSWD sudoers drop-in is created for the
# non-root cases and removed on exit.
#
# Usage: boundary-ops.sh BOUNDARY_OPS. Exit 0 pass, 1 fail, 77 skip (why printed).
set -euo pipefail
# shellcheck source=tests/lib/libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/libtest.sh"

OPS=${1:-${PF_BOUNDARY_OPS:-}}
[[ -n $OPS && -x $OPS ]] || { echo "usage: boundary-ops.sh BOUNDARY_OPS" >&2; exit 2; }

[[ $(id -u) -eq 0 ]] || skip "needs root (boundary-ops creates links and iptables rules; the non-root cases need a user)"
for tool in ip sysctl setpriv unshare; do
	need_program "$tool"
done
[[ -x /usr/sbin/iptables-nft && -x /usr/sbin/iptables-legacy ]] ||
	skip "iptables-nft and iptables-legacy are not both installed (Debian's iptables package)"

# ok/fail/check/show/finish, need_program, make_scratch, make_sudo_user:
# tests/lib/libtest.sh
make_scratch pf-ops-test

# A copy anyone can run (the build tree may not be reachable by the user),
# and PATH directories choosing the iptables variant.
chmod 0755 "$T"
cp "$OPS" "$T/boundary-ops"
chmod 0755 "$T/boundary-ops"
for variant in nft legacy; do
	mkdir -p "$T/$variant"
	ln -s "/usr/sbin/iptables-$variant" "$T/$variant/iptables"
done
chmod -R a+rX "$T"
SYSPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# result FILE: the RESULT line's text
result() { sed -n 's/^RESULT: //p' "$1"; }
step_line() { grep -m1 "^$2: " "$1" || true; }

# ---- root, this host's network namespace --------------------------------------

subnet_rules() {
	{ iptables-nft-save 2>/dev/null; iptables-legacy-save 2>/dev/null; } | grep -c -- '192\.168\.100\.' || true
}
forwarding() { cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/forwarding | tr '\n' ' '; }

rules_before=$(subnet_rules)
forward_before=$(forwarding)
rc=0
PATH=$SYSPATH "$T/boundary-ops" >"$T/host.out" 2>&1 </dev/null || rc=$?
check "host, root: exit 0 (got $rc)" [ "$rc" = 0 ]
check "host, root: RESULT: success" [ "$(result "$T/host.out")" = success ]
[[ $rc == 0 ]] || show "$T/host.out" 80
for step in veth-add host-addr-add host-veth-up iptables-nat-masquerade iptables-nat-redirect \
	iptables-forward-out iptables-forward-in proxy-listen clone-newuser-newnet uid-map setgroups-deny \
	gid-map child-ambient-cap-net-admin child-exec veth-move-to-child child-peer-visible child-addr-add \
	child-peer-up child-lo-up child-default-route child-iptables-dns-dnat child-iptables-dns-dnat-tcp \
	child-iptables-udp-loopback-dst child-iptables-udp-loopback-src child-iptables-udp-drop; do
	check "host, root: $step: ok" [ "$(step_line "$T/host.out" "$step")" = "$step: ok" ]
done
pair=$(sed -n 's/^info: veth pair \(veth_h_[0-9]*\) .*/\1/p' "$T/host.out")
check "host, root: the veth pair is named as boundary names it (got '$pair')" \
	grep -Eq '^veth_h_[0-9]{1,7}$' <<<"$pair"
check "host, root: no $pair or ${pair/veth_h/veth_n} left" \
	bash -c "! ip -o link show | grep -Eq ' (${pair}|${pair/veth_h/veth_n})[:@]'"
check "host, root: no rule for 192.168.100.0/24 left (before $rules_before, after $(subnet_rules))" \
	[ "$(subnet_rules)" = "$rules_before" ]
check "host, root: ip_forward and conf/*/forwarding unchanged" [ "$(forwarding)" = "$forward_before" ]
check "host, root: no boundary-ops process left" bash -c "! pgrep -f '^$T/boundary-ops' >/dev/null"

# ---- root, a private network namespace: ip_forward really written back -----------

# in_netns SCRIPT: run bash SCRIPT in a new network namespace (lo up)
in_netns() { unshare --net bash -c "ip link set lo up; $1"; }

rc=0
in_netns "sysctl -qw net.ipv4.ip_forward=0
	f() { cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/forwarding /proc/sys/net/ipv4/conf/all/accept_redirects | tr '\n' ' '; }
	before=\$(f)
	PATH=$T/nft:$SYSPATH $T/boundary-ops; rc=\$?
	echo \"values: \$before / \$(f)\"
	echo \"rules: \$(iptables-nft-save | grep -c '^-A')\"
	exit \$rc" >"$T/netns.out" 2>&1 </dev/null || rc=$?
check "netns, ip_forward=0: exit 0 (got $rc)" [ "$rc" = 0 ]
check "netns, ip_forward=0: sysctl ip_forward ran" grep -q '^sysctl-ip-forward-writable: ok$' "$T/netns.out"
check "netns, ip_forward=0: it was written back" grep -q '^info: wrote /proc/sys/net/ipv4/ip_forward back to 0$' "$T/netns.out"
values=$(sed -n 's/^values: //p' "$T/netns.out")
check "netns, ip_forward=0: ip_forward, conf/*/forwarding, accept_redirects as before ($values)" \
	[ -n "$values" -a "${values% / *}" = "${values#* / }" ]
check "netns, ip_forward=0: no iptables rule left" grep -q '^rules: 0$' "$T/netns.out"
[[ $rc == 0 ]] || show "$T/netns.out" 80

# ---- root without CAP_NET_RAW ------------------------------------------------------

rc=0
in_netns "PATH=$T/legacy:$SYSPATH setpriv --bounding-set -net_raw $T/boundary-ops" >"$T/noraw-legacy.out" 2>&1 </dev/null || rc=$?
check "no NET_RAW, legacy: exit 1 (got $rc)" [ "$rc" = 1 ]
check "no NET_RAW, legacy: RESULT: failure at iptables-nat-masquerade" \
	[ "$(result "$T/noraw-legacy.out")" = "failure at iptables-nat-masquerade" ]
check "no NET_RAW, legacy: the rule fails with Permission denied" \
	grep -q '^iptables-nat-masquerade: FAIL EACCES (.*Permission denied' "$T/noraw-legacy.out"
[[ $rc == 1 ]] || show "$T/noraw-legacy.out" 80

rc=0
in_netns "PATH=$T/nft:$SYSPATH setpriv --bounding-set -net_raw $T/boundary-ops" >"$T/noraw-nft.out" 2>&1 </dev/null || rc=$?
check "no NET_RAW, nft: exit 0 (got $rc)" [ "$rc" = 0 ]
check "no NET_RAW, nft: RESULT: success" [ "$(result "$T/noraw-nft.out")" = success ]
[[ $rc == 0 ]] || show "$T/noraw-nft.out" 80

# ---- not root: sudo + setpriv --------------------------------------------------------

# a throwaway user with a NOPASSWD sudoers drop-in, removed at exit
rc=0
make_sudo_user pfops || rc=$?
case $rc in
0) ;;
2) echo "SKIP (part): $sudo_user_error; the non-root cases need a throwaway user with sudo" ;;
*) fail "$sudo_user_error" ;;
esac
if [[ $rc == 0 ]]; then
	uid=$(id -u "$user")
	# as_user [SETPRIV OPTIONS...] -- VARIANT: boundary-ops as the user, in
	# a private network namespace
	as_user() {
		local opts=() variant
		while [[ $1 != -- ]]; do opts+=("$1"); shift; done
		variant=$2
		in_netns "setpriv ${opts[*]} --reuid $user --regid $user --init-groups \
			env HOME=/ USER=$user PATH=$T/$variant:$SYSPATH $T/boundary-ops"
	}

	rc=0
	as_user -- nft >"$T/user-nft.out" 2>&1 </dev/null || rc=$?
	check "user, nft: exit 0 (got $rc)" [ "$rc" = 0 ]
	check "user, nft: RESULT: success" [ "$(result "$T/user-nft.out")" = success ]
	check "user, nft: sudo + setpriv re-executed it" grep -q '^escalation-sudo-setpriv: ok$' "$T/user-nft.out"
	check "user, nft: the copy runs as uid $uid" grep -q "^info: escalated: uid=$uid " "$T/user-nft.out"
	# CapEff lines: the caller, the copy, the jail child
	mapfile -t effective < <(sed -n 's/^info: CapEff:\t*//p' "$T/user-nft.out")
	check "user, nft: the caller has no capability (got ${effective[0]:-none})" [ "${effective[0]:-}" = 0000000000000000 ]
	check "user, nft: the copy has net_admin and sys_admin (got ${effective[1]:-none})" \
		[ "${effective[1]:-}" = 0000000000201000 ]
	check "user, nft: the jail child has net_admin only (got ${effective[2]:-none})" \
		[ "${effective[2]:-}" = 0000000000001000 ]
	check "user, nft: the jail child maps uid $uid to itself" grep -q "^info: jail child pid [0-9]* uid $uid " "$T/user-nft.out"
	[[ $rc == 0 ]] || show "$T/user-nft.out" 80

	# boundary looks sudo up by PATH: without it, nothing else is tried
	rc=0
	in_netns "setpriv --reuid $user --regid $user --init-groups env HOME=/ USER=$user PATH=$T/nft \
		$T/boundary-ops" >"$T/user-no-sudo.out" 2>&1 </dev/null || rc=$?
	check "user, sudo not on PATH: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "user, sudo not on PATH: RESULT: failure at escalation-sudo-on-path" \
		[ "$(result "$T/user-no-sudo.out")" = "failure at escalation-sudo-on-path" ]
	check "user, sudo not on PATH: no other step ran" \
		[ "$(grep -cv '^info:' "$T/user-no-sudo.out")" = 2 ]
	[[ $rc == 1 ]] || show "$T/user-no-sudo.out" 80

	rc=0
	as_user -- legacy >"$T/user-legacy.out" 2>&1 </dev/null || rc=$?
	check "user, legacy: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "user, legacy: RESULT: failure at iptables-nat-masquerade" \
		[ "$(result "$T/user-legacy.out")" = "failure at iptables-nat-masquerade" ]
	check "user, legacy: the lock file /run/xtables.lock is the reason" \
		grep -q '^iptables-nat-masquerade: FAIL .*xtables\.lock' "$T/user-legacy.out"
	[[ $rc == 1 ]] || show "$T/user-legacy.out" 80

	for drop in setuid setgid; do
		rc=0
		as_user --bounding-set "-$drop" -- nft >"$T/user-$drop.out" 2>&1 </dev/null || rc=$?
		check "user, no CAP_${drop^^} in the bounding set: exit 1 (got $rc)" [ "$rc" = 1 ]
		check "user, no CAP_${drop^^}: RESULT: failure at escalation-sudo-setpriv" \
			[ "$(result "$T/user-$drop.out")" = "failure at escalation-sudo-setpriv" ]
		[[ $rc == 1 ]] || show "$T/user-$drop.out" 80
	done

	rc=0
	as_user --no-new-privs -- nft >"$T/user-nnp.out" 2>&1 </dev/null || rc=$?
	check "user, no_new_privs: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "user, no_new_privs: RESULT: failure at escalation-sudo-setpriv" \
		[ "$(result "$T/user-nnp.out")" = "failure at escalation-sudo-setpriv" ]
	check "user, no_new_privs: sudo names the flag" grep -q 'no new privileges' "$T/user-nnp.out"
	[[ $rc == 1 ]] || show "$T/user-nnp.out" 80

	# a password prompt fails at once (no terminal), it does not hang
	printf '%s ALL=(ALL:ALL) ALL\n' "$user" >"$sudoers"
	rc=0
	start=$SECONDS
	as_user -- nft >"$T/user-password.out" 2>&1 </dev/null || rc=$?
	check "user, sudo wants a password: exit 1 within 30 s (got $rc after $((SECONDS - start)) s)" \
		[ "$rc" = 1 -a $((SECONDS - start)) -lt 30 ]
	check "user, sudo wants a password: RESULT: failure at escalation-sudo-setpriv" \
		[ "$(result "$T/user-password.out")" = "failure at escalation-sudo-setpriv" ]
	[[ $rc == 1 ]] || show "$T/user-password.out" 80
fi

check "no rule for 192.168.100.0/24 left on the host at the end" [ "$(subnet_rules)" = "$rules_before" ]
finish boundary-ops
