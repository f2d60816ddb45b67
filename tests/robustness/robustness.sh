#!/bin/bash
# SPDX-License-Identifier: MIT
# Robustness cases (docs/design.md "Targets" and "Testing strategy" 5): a
# hung probe, nothing outliving a run, valgrind memcheck, hostile
# environments. usage: robustness.sh BUILD_DIR CASE
# BUILD_DIR holds the helper programs (subreaper, hostile-seccomp).
# Environment: BOUNDARY_PREFLIGHT, BOUNDARY_PREFLIGHT_TESTHOOKS, PF_SOURCE_ROOT;
# PF_SANITIZE=1 when the binaries are built with ASan (valgrind skips).
# Exit: 0 pass, 1 fail, 77 skipped (the reason is printed).
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/libtest.sh
. "$here/../lib/libtest.sh"

# A hung probe may take its share of --timeout (src/probes.c); the whole run
# must still end within the budget plus this margin for process start,
# the other probes and rendering. A bound, not a performance test.
HANG_TIMEOUT_MS=600
HANG_MARGIN_MS=1500
# Any hostile-environment run must end within this (default --timeout is 5 s).
HOSTILE_BOUND_MS=10000

helpers=${1:?usage: robustness.sh BUILD_DIR CASE}
case_name=${2:?usage: robustness.sh BUILD_DIR CASE}
BP=${BOUNDARY_PREFLIGHT:?BOUNDARY_PREFLIGHT must name the binary under test}
hooks=${BOUNDARY_PREFLIGHT_TESTHOOKS:-}
subreaper=$helpers/subreaper
hostile_seccomp=$helpers/hostile-seccomp
docker_default=/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json

make_scratch pf-robust 755
# a read-only bind mount may still be there if a case died half-way
# shellcheck disable=SC2016 # expanded at exit
at_exit 'umount "$T/ro" 2>/dev/null'

need_hooks() {
	[ -n "$hooks" ] && [ -x "$hooks" ] ||
		skip "BOUNDARY_PREFLIGHT_TESTHOOKS (the -DPF_TEST_HOOKS build) is not set or not built"
}

# run NAME COMMAND... (tests/lib/libtest.sh) writes $T/NAME.{out,err,status,ms};
# check_report NAME [reportcheck.py options...] asserts on the JSON report.

within() {
	local name=$1 bound=$2 ms
	ms=$(cat "$T/$name.ms")
	[ "$ms" -le "$bound" ] || die "$name took $ms ms; the bound is $bound ms"
}

# at_least NAME MS: the run took MS or more (a hung probe waits out its share)
at_least() {
	local name=$1 bound=$2 ms
	ms=$(cat "$T/$name.ms")
	[ "$ms" -ge "$bound" ] || die "$name took $ms ms, less than the $bound ms a hung probe is given"
}

# Not killed by a signal, no crash: 0 or 1, with a complete JSON report.
check_survived() {
	local name=$1
	shift
	within "$name" "$HOSTILE_BOUND_MS"
	check_report "$name" --expect-status 0,1 --exit-matches-verdict --complete "$@"
}

# A probe child that never answers (the -DPF_TEST_HOOKS build).
hang_case() {
	local probe=$1 expect=$2
	need_hooks
	run baseline "$hooks" --timeout "$HANG_TIMEOUT_MS" --format json
	check_report baseline --expect-status 0,1 --complete || die "the baseline run (no hang) is not sound"
	run hung env PF_TEST_HANG_PROBE="$probe" "$hooks" --timeout "$HANG_TIMEOUT_MS" --format json
	within hung $((HANG_TIMEOUT_MS + HANG_MARGIN_MS))
	# --timeout is the whole budget; a hung probe is given a third of it
	# (src/probes.c, PF_PROBE_SHARE_DIVISOR) and waits all of that
	at_least hung $((HANG_TIMEOUT_MS / 3))
	check_report hung --expect-status "$expect" --exit-matches-verdict --complete \
		--hung "$probe" --baseline "$T/baseline.out" || exit 1
}

# Nothing the run started is left once it exits.
no_leftovers() {
	local name=$1
	shift
	[ -x "$subreaper" ] || die "helper $subreaper not built"
	run "$name" "$subreaper" "$@"
	if grep -q '^leftover' "$T/$name.out"; then
		grep '^leftover' "$T/$name.out"
		die "processes outlived the run"
	fi
	[ "$(cat "$T/$name.status")" -eq 0 ] || die "subreaper failed (see stderr)"
	local status
	status=$(sed -n 's/^status //p' "$T/$name.out")
	case "$status" in
	0|1) ;;
	*) die "the tool exited $status (expected 0 or 1)" ;;
	esac
}

# Valgrind memcheck: no error, no definite leak, no descriptor beyond the
# three standard ones open at exit (inherited ones are the caller's).
valgrind_case() {
	local name=$1
	shift
	need_program valgrind
	if [ -n "${PF_SANITIZE:-}" ] || grep -qa __asan_init "$BP"; then
		skip "the binary is built with AddressSanitizer; valgrind cannot run it"
	fi
	run "$name" valgrind -q --track-fds=yes --leak-check=full --errors-for-leak-kinds=definite \
		--error-exitcode=99 --child-silent-after-fork=yes --log-file="$T/$name.vg" \
		"$BP" "$@"
	local status
	status=$(cat "$T/$name.status")
	echo "  valgrind log:"
	sed 's/^/    /' "$T/$name.vg"
	[ "$status" -ne 99 ] || die "valgrind reported errors or a definite leak"
	case "$status" in
	0|1) ;;
	*) die "the tool exited $status under valgrind (expected 0 or 1)" ;;
	esac
	grep -q 'definitely lost: [1-9]' "$T/$name.vg" && die "definite leak"
	python3 - "$T/$name.vg" <<'PY' || die "descriptors left open"
import re, sys
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
leaked = []
for i, line in enumerate(lines):
    m = re.search(r"Open (?:file descriptor|AF_\w+ socket) (\d+)", line)
    if not m or int(m.group(1)) <= 2:
        continue
    after = " ".join(lines[i + 1:i + 3])
    if "<inherited from parent>" in after:
        continue
    leaked.append(line.split("== ", 1)[-1])
for l in leaked:
    print("open at exit:", l)
sys.exit(1 if leaked else 0)
PY
}

# Deterministic bytes (a fixed seed) so a failure can be reproduced.
garbage() { python3 -c 'import random,sys; sys.stdout.buffer.write(random.Random(int(sys.argv[2])).randbytes(int(sys.argv[1])))' "$@"; }

# A captured tree in which every file the probes read is hostile.
hostile_tree() {
	local root=$1 kind=$2 f
	mkdir -p "$root/proc/self/ns" "$root/proc/1" "$root/proc/sys/user" "$root/proc/sys/kernel" \
		"$root/proc/sys/net/ipv4" "$root/sys/kernel/security" "$root/run/host" "$root/etc"
	local files="proc/self/status proc/self/mountinfo proc/self/cgroup proc/self/uid_map
		proc/self/gid_map proc/1/environ proc/cpuinfo proc/version proc/sys/kernel/osrelease
		proc/sys/user/max_user_namespaces proc/sys/user/max_net_namespaces
		proc/sys/kernel/unprivileged_userns_clone proc/sys/net/ipv4/ip_forward
		proc/sys/kernel/hostname proc/sys/kernel/seccomp/actions_avail
		run/host/container-manager run/.containerenv etc/hostname"
	mkdir -p "$root/proc/sys/kernel/seccomp"
	local seed=1
	for f in $files; do
		seed=$((seed + 1))
		case "$kind" in
		binary) garbage 70000 "$seed" >"$root/$f" ;;
		oversized)
			# plausible text, 1 MiB, the interesting keys past the read limit
			python3 - "$root/$f" <<'PY'
import sys
with open(sys.argv[1], "w") as fh:
    line = "Key%d:\t" + "x" * 100 + "\n"
    n = 0
    while fh.tell() < (1 << 20):
        fh.write(line % n)
        n += 1
    fh.write("Seccomp:\t2\nSeccomp_filters:\t1\n" + "9" * 5000)
PY
			;;
		esac
	done
	# not regular files where files are expected: never read, never block
	rm -f "$root/proc/self/uid_map" "$root/proc/self/environ"
	mkfifo "$root/proc/self/uid_map"
	mkdir -p "$root/proc/self/environ"
	# namespace links that are not namespaces, one far too long
	ln -s "user:[$(printf '9%.0s' $(seq 300))]" "$root/proc/self/ns/user"
	ln -s 'pid:[not-a-number' "$root/proc/self/ns/pid"
	ln -s "$root/proc/self/ns/net" "$root/proc/self/ns/net" # a loop
	ln -s / "$root/proc/self/ns/mnt"
	touch "$root/.dockerenv"
}

case "$case_name" in
hang-userns)
	# nothing else shows that boundary's clone works: not ready
	hang_case userns 1
	;;
hang-netns-clone)
	# --no-user-namespace: only the network-only clone hangs (the hooks
	# build's PF_TEST_HANG_NETNS_CLONE). At the deadline the userns probe
	# is a probe error naming that clone and the verdict says PROBE_ERROR
	# alone; every other probe, and every userns fact but the network-only
	# clone's, is what the run without the hang saw.
	need_hooks
	need_root_unfiltered
	run baseline "$hooks" --no-user-namespace --timeout "$HANG_TIMEOUT_MS" --format json
	check_report baseline --expect-status 0 --complete || die "the baseline run (no hang) is not ready"
	run hung env PF_TEST_HANG_NETNS_CLONE=1 "$hooks" --no-user-namespace --timeout "$HANG_TIMEOUT_MS" --format json
	within hung $((HANG_TIMEOUT_MS + HANG_MARGIN_MS))
	check_report hung --expect-status 1 --exit-matches-verdict --complete \
		--hung userns --baseline "$T/baseline.out" || exit 1
	python3 - "$T/baseline.out" "$T/hung.out" <<'PY' || die "the hung network-only clone is not reported as such"
import json, sys
base, hung = (json.load(open(p)) for p in sys.argv[1:])
def userns(r):
    return next(p for p in r["probes"] if p["id"] == "userns")
bad = []
u = userns(hung)
if "network namespace" not in u["summary"]:
    bad.append(f"userns summary names no network namespace: {u['summary']!r}")
clone = u["facts"].get("netns_clone") or {}
if clone.get("timed_out") is not True:
    bad.append(f"netns_clone.timed_out: expected true, got {clone!r}")
if (u["facts"].get("netns_veth") or {}).get("attempted") is not False:
    bad.append(f"netns_veth was attempted: {u['facts'].get('netns_veth')!r}")
b = userns(base)["facts"]
for key, value in b.items():
    if key not in ("netns_clone", "netns_veth") and u["facts"].get(key) != value:
        bad.append(f"userns fact {key}: {u['facts'].get(key)!r}, baseline {value!r}")
codes = sorted(x["code"] for x in hung["verdict"]["blockers"])
if codes != ["PROBE_ERROR"]:
    bad.append(f"blockers: expected ['PROBE_ERROR'], got {codes}")
# not ready, the check also points at landjail where Landlock allows it
warned = sorted(x["code"] for x in hung["verdict"]["warnings"] if x["code"] != "LANDJAIL_AVAILABLE")
if warned != sorted(x["code"] for x in base["verdict"]["warnings"]):
    bad.append(f"warnings {warned} (less LANDJAIL_AVAILABLE) differ from the baseline run's")
for line in bad:
    print("FAIL:", line)
sys.exit(1 if bad else 0)
PY
	# the shipped binary has no such hook
	run shipped env PF_TEST_HANG_NETNS_CLONE=1 "$BP" --no-user-namespace --timeout "$HANG_TIMEOUT_MS" --format json
	check_report shipped --expect-status 0 --complete || die "the shipped binary obeyed PF_TEST_HANG_NETNS_CLONE"
	echo "ok: the network-only clone alone timed out"
	;;
route-refused)
	# The jail's default route is tried, not assumed: with the hooks
	# build's PF_TEST_JAIL_GATEWAY off every link the kernel refuses it
	# (ENETUNREACH, as `ip route add` is refused: checked here first), and
	# the report says so; nothing else changes from the run without it.
	need_hooks
	need_root_unfiltered
	need_program ip
	unshare --net bash -c 'ip link add pfr0 type veth peer name pfr1 &&
		ip addr add 192.168.100.2/24 dev pfr1 && ip link set pfr0 up && ip link set pfr1 up &&
		! ip route add default via 10.255.255.1 dev pfr1 2>/dev/null &&
		ip route add default via 192.168.100.1 dev pfr1' ||
		die "ip: the off-link gateway was not refused, or the on-link one was"
	run baseline "$hooks" --format json
	check_report baseline --expect-status 0 --complete || die "the baseline run is not ready"
	run refused env PF_TEST_JAIL_GATEWAY=10.255.255.1 "$hooks" --format json
	check_report refused --expect-status 1 --exit-matches-verdict --complete --ready false \
		--blockers-exactly JAIL_NETWORK_FAILED --fact userns:route.error=ENETUNREACH \
		--fact userns:addr.error=null --fact userns:lo_up.error=null || exit 1
	python3 - "$T/baseline.out" "$T/refused.out" <<'PY' || die "the refused route changed more than the route"
import json, sys
base, refused = (json.load(open(p)) for p in sys.argv[1:])
warn = lambda r: sorted(w["code"] for w in r["verdict"]["warnings"])
want = sorted(set(warn(base)) | {"LANDJAIL_AVAILABLE"})
if warn(refused) != want:
    sys.exit(f"warnings {warn(refused)}, expected {want}")
PY
	run shipped env PF_TEST_JAIL_GATEWAY=10.255.255.1 "$BP" --format json
	check_report shipped --expect-status 0 --complete || die "the shipped binary obeyed PF_TEST_JAIL_GATEWAY"
	echo "ok: the refused route is reported as the kernel's ENETUNREACH"
	;;
hang-netadmin-fallback)
	# With the netadmin probe hung, the verdict falls back on CapEff's
	# CAP_NET_ADMIN bit: root keeping only CAP_NET_ADMIN (and CAP_SETFCAP
	# for the uid 0 map) is ready; root with every capability but
	# CAP_NET_ADMIN is blocked by MISSING_CAP_NET_ADMIN, from the
	# capabilities probe. Any other bit read would swap the two.
	need_hooks
	need_root_unfiltered
	need_program setpriv
	run only env PF_TEST_HANG_PROBE=netadmin setpriv --inh-caps=-all,+net_admin,+setfcap \
		--bounding-set=-all,+net_admin,+setfcap "$hooks" --timeout "$HANG_TIMEOUT_MS" --format json
	run without env PF_TEST_HANG_PROBE=netadmin setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
		"$hooks" --timeout "$HANG_TIMEOUT_MS" --format json
	check_report only --expect-status 0 --complete --hung netadmin || exit 1
	check_report without --expect-status 1 --complete --hung netadmin || exit 1
	python3 - "$T/only.out" "$T/without.out" <<'PY' || die "the CapEff fallback read the wrong capability"
import json, sys
only, without = (json.load(open(p)) for p in sys.argv[1:])
bad = []
if [b["code"] for b in only["verdict"]["blockers"]] != []:
    bad.append(f"CAP_NET_ADMIN only: blockers {[b['code'] for b in only['verdict']['blockers']]}, expected none")
got = [(b["code"], b["probe"]) for b in without["verdict"]["blockers"]]
if got != [("MISSING_CAP_NET_ADMIN", "capabilities")]:
    bad.append(f"all but CAP_NET_ADMIN: blockers {got}, expected [('MISSING_CAP_NET_ADMIN', 'capabilities')]")
for line in bad:
    print("FAIL:", line)
sys.exit(1 if bad else 0)
PY
	echo "ok: the CapEff fallback reads CAP_NET_ADMIN"
	;;
hang-seccomp|hang-netadmin|hang-landlock|hang-runtime)
	# the verdict may stand on other probes (userns clones for real,
	# capabilities has CAP_NET_ADMIN; landlock only matters for landjail;
	# runtime is a file probe, hung through the same hook): the exit
	# status must follow whatever the verdict says
	hang_case "${case_name#hang-}" 0,1
	;;
no-leftovers)
	no_leftovers run "$BP" --format json
	;;
no-leftovers-hang)
	need_hooks
	no_leftovers run env PF_TEST_HANG_PROBE=userns "$hooks" --timeout "$HANG_TIMEOUT_MS" --format json
	;;
no-leftovers-exec)
	# exec replaces the tool with COMMAND only after every probe child is reaped
	no_leftovers run "$BP" exec --quiet -- true
	;;
valgrind-json)
	valgrind_case run --format json --timeout 60000
	check_report run --complete || exit 1
	;;
valgrind-text)
	valgrind_case run --format text --timeout 60000
	grep -q 'READY' "$T/run.out" || die "no READY / NOT READY line in the text report"
	;;
valgrind-explain)
	"$BP" --format json --output "$T/report.json"
	[ -s "$T/report.json" ] || die "could not produce a report to explain"
	valgrind_case text explain "$T/report.json"
	[ "$(cat "$T/text.status")" -eq 0 ] || die "explain exited $(cat "$T/text.status")"
	valgrind_case json explain --format json "$T/report.json"
	[ "$(cat "$T/json.status")" -eq 0 ] || die "explain --format json exited $(cat "$T/json.status")"
	;;
valgrind-seccomp-profile)
	[ -r "$docker_default" ] || skip "Docker's default.json is not installed (golang-github-docker-docker-dev)"
	valgrind_case run seccomp-profile --base "$docker_default"
	[ "$(cat "$T/run.status")" -eq 0 ] || die "seccomp-profile exited $(cat "$T/run.status")"
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/run.out" ||
		die "seccomp-profile did not write JSON"
	;;
empty-root)
	# no /proc, no /sys, nothing: file probes find nothing, syscall probes run live
	mkdir "$T/empty"
	run out "$BP" --root "$T/empty" --format json
	check_survived out || exit 1
	;;
oversized-proc)
	hostile_tree "$T/tree" oversized
	run out "$BP" --root "$T/tree" --format json
	check_survived out || exit 1
	run text "$BP" --root "$T/tree"
	within text "$HOSTILE_BOUND_MS"
	case "$(cat "$T/text.status")" in 0|1) ;; *) die "text run exited $(cat "$T/text.status")" ;; esac
	;;
binary-proc)
	hostile_tree "$T/tree" binary
	run out "$BP" --root "$T/tree" --format json
	check_survived out || exit 1
	# the JSON must stay JSON whatever bytes the files held (no raw control bytes)
	python3 -c 'import json,sys; json.loads(open(sys.argv[1],"rb").read().decode("utf-8"))' "$T/out.out" ||
		die "the report is not valid UTF-8 JSON"
	run text "$BP" --root "$T/tree"
	within text "$HOSTILE_BOUND_MS"
	case "$(cat "$T/text.status")" in 0|1) ;; *) die "text run exited $(cat "$T/text.status")" ;; esac
	;;
proc-unmounted)
	# /proc and /sys really gone (a private mount namespace), live root
	need_root_unfiltered
	need_program unshare
	# /sys first: umount(8) finds mounts through /proc
	run out unshare -m sh -c 'umount -l /sys || exit 90; umount -l /proc || exit 90
		exec "$0" --format json' "$BP"
	[ "$(cat "$T/out.status")" -eq 90 ] && skip "cannot unmount /proc or /sys here"
	# an ASan build's LeakSanitizer cannot run without /proc (the checker says why)
	check_survived out --lsan-without-proc || exit 1
	;;
pid1)
	# PID 1 of a new pid namespace: it must reap its own children and exit
	need_root_unfiltered
	need_program unshare
	run out unshare -fp --mount-proc "$BP" --format json
	check_survived out || exit 1
	no_leftovers reaped unshare -fp --mount-proc "$BP" --format json
	;;
hidepid)
	# /proc with hidepid=2, run as nobody
	need_root_unfiltered
	need_program unshare
	need_program setpriv
	# nobody runs a copy: the build tree may be out of its reach
	copy=$(nobody_copy) || die "cannot copy the tool"
	run out unshare -m sh -c 'mount -t proc -o hidepid=2 proc /proc || exit 90
		exec setpriv --reuid="$1" --regid="$2" --clear-groups --inh-caps=-all --bounding-set=-all \
			"$0" --format json' "$copy" "$NOBODY_UID" "$NOBODY_GID"
	[ "$(cat "$T/out.status")" -eq 90 ] && skip "cannot mount proc with hidepid here"
	check_survived out || exit 1
	;;
readonly-root)
	# the root file system and the --output directory read-only (a private
	# mount namespace): the check still works; writing the report fails
	# with one clear message, a non-zero exit and no file left behind
	need_root_unfiltered
	need_program unshare
	mkdir "$T/ro"
	run out unshare -m sh -c 'mount -o remount,bind,ro / && mount --bind "$1" "$1" &&
		mount -o remount,bind,ro "$1" && exec "$0" --format json' "$BP" "$T/ro"
	check_survived out || exit 1
	run write unshare -m sh -c 'mount -o remount,bind,ro / && mount --bind "$1" "$1" &&
		mount -o remount,bind,ro "$1" && exec "$0" --format json --output "$1/report.json"' "$BP" "$T/ro"
	within write "$HOSTILE_BOUND_MS"
	status=$(cat "$T/write.status")
	case "$status" in
	2|3) ;;
	*) die "--output to a read-only directory exited $status (expected 2 or 3)" ;;
	esac
	[ "$(wc -l <"$T/write.err")" -le 3 ] || die "expected one clear error message"
	grep -q "$T/ro" "$T/write.err" || die "the error does not name the output path"
	grep -qi 'read-only' "$T/write.err" || die "the error does not say why (read-only file system)"
	[ -z "$(ls -A "$T/ro")" ] || die "files left behind: $(ls -A "$T/ro")"
	;;
seccomp-kill-default)
	# default action KILL_PROCESS; only Docker's unconditional allow list
	need_root_unfiltered
	[ -r "$docker_default" ] || skip "Docker's default.json is not installed (golang-github-docker-docker-dev)"
	[ -x "$hostile_seccomp" ] || die "helper $hostile_seccomp not built"
	python3 - "$docker_default" "$(uname -m)" >"$T/names" <<'PY'
import json, sys
arch = {"x86_64": "amd64", "aarch64": "arm64", "i686": "x86", "ppc64le": "ppc64le",
        "s390x": "s390x"}.get(sys.argv[2], sys.argv[2])
profile = json.load(open(sys.argv[1]))
for rule in profile["syscalls"]:
    inc, exc = rule.get("includes") or {}, rule.get("excludes") or {}
    if rule.get("action") != "SCMP_ACT_ALLOW" or rule.get("args") or exc or inc.get("caps"):
        continue
    if inc.get("arches") and arch not in inc["arches"]:
        continue
    for name in rule["names"]:
        print(name)
PY
	for format in json text; do
		run "$format" "$hostile_seccomp" "$T/names" "$BP" --format "$format"
		status=$(cat "$T/$format.status")
		[ "$status" -eq 2 ] && grep -q '^hostile-seccomp:' "$T/$format.err" && die "could not install the filter"
		case "$status" in
		0|1) ;;
		*) die "--format $format under a default-KILL filter exited $status$([ "$status" -gt 128 ] &&
			echo " (killed by signal $((status - 128)): the main process used a syscall outside Docker's list)")" ;;
		esac
		within "$format" "$HOSTILE_BOUND_MS"
	done
	check_report json --expect-status 0,1 --exit-matches-verdict --complete || exit 1
	;;
*)
	echo "unknown case $case_name"
	exit 2
	;;
esac
echo "PASS: $case_name"
exit 0
