#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The flags that change what the check prints, each in text and JSON:
# --quiet (ready: nothing, exit 0; not ready: the report still printed,
# exit 1), the testing-only configuration (runc with CAP_SYS_ADMIN: READY
# (testing only), testing_only true; --strict makes it not ready with the
# blocker TESTING_ONLY_SYS_ADMIN), and
# --redact (no hostname or container id in the report).
#
# Ready needs root with no seccomp filter on this host; the testing-only
# configuration comes from --root with the docker fixture tree (its files
# say Docker, the live probes see root's CAP_SYS_ADMIN).
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || skip "needs root and no seccomp filter (a ready host): euid is $(id -u)"
grep -q '^Seccomp:[[:space:]]*0' /proc/self/status ||
	skip "needs root and no seccomp filter (a ready host): this shell already runs under one"
have_setpriv || skip "needs setpriv to run as nobody (the not-ready case)"

docker_tree=$PF_SOURCE_ROOT/tests/fixtures/docker
# the docker tree's container id (its /etc/hostname), shown unless --redact
docker_id=$(cat "$docker_tree/etc/hostname")

# --- --quiet, ready: nothing at all, exit 0, in both formats
for format in text json; do
	run_bp "$T/q.out" "$T/q.err" --quiet --format "$format"
	check "--quiet --format $format, ready: exit 0 (got $rc)" [ "$rc" = 0 ]
	check "--quiet --format $format, ready: nothing on stdout or stderr" [ ! -s "$T/q.out" -a ! -s "$T/q.err" ] ||
		show "$T/q.out"
done

# --- --quiet, not ready: the report is still printed (the user needs the reason)
rc=0
as_nobody "$BP" --quiet >"$T/nq.txt" 2>"$T/nq.err" </dev/null || rc=$?
check "--quiet, not ready (text): exit 1 (got $rc)" [ "$rc" = 1 ]
check "--quiet, not ready (text): the NOT READY line is printed" grep -q '^NOT READY' "$T/nq.txt" ||
	show "$T/nq.txt"
check "--quiet, not ready (text): the blocker is named" grep -q MISSING_CAP_NET_ADMIN "$T/nq.txt"
rc=0
as_nobody "$BP" --quiet --format json >"$T/nq.json" 2>"$T/nq.err" </dev/null || rc=$?
check "--quiet, not ready (json): exit 1 (got $rc)" [ "$rc" = 1 ]
check "--quiet, not ready (json): the report is printed, ready false" \
	[ "$(json "$T/nq.json" 'r["verdict"]["ready"]')" = false ]
check "--quiet, not ready (json): MISSING_CAP_NET_ADMIN among the blockers" \
	[ "$(json "$T/nq.json" '"MISSING_CAP_NET_ADMIN" in [b["code"] for b in r["verdict"]["blockers"]]')" = true ]

# --- testing only: Docker (the tree) with CAP_SYS_ADMIN (root here)
run_bp "$T/to.json" "$T/to.err" --root "$docker_tree" --format json
check "testing-only (json): exit 0 (got $rc)" [ "$rc" = 0 ]
check "testing-only (json): configuration runc-cap-sys-admin" \
	[ "$(json "$T/to.json" 'r["verdict"]["configuration"]')" = runc-cap-sys-admin ]
check "testing-only (json): ready true, testing_only true" \
	[ "$(json "$T/to.json" '[r["verdict"]["ready"], r["verdict"]["testing_only"]]')" = '[true, true]' ]
run_bp "$T/to.txt" "$T/to.err" --root "$docker_tree"
check "testing-only (text): exit 0 (got $rc)" [ "$rc" = 0 ]
check "testing-only (text): a 'READY (testing only)' line" grep -q '^READY (testing only): runc-cap-sys-admin' "$T/to.txt" ||
	show "$T/to.txt"
# the saved report says the same through explain
rc=0
"$BP" explain "$T/to.json" >"$T/to-explain.txt" 2>"$T/to.err" || rc=$?
check "explain of a testing-only report: exit 0 (got $rc)" [ "$rc" = 0 ]
check "explain of a testing-only report: 'READY (testing only)'" \
	grep -q '^READY (testing only): runc-cap-sys-admin' "$T/to-explain.txt" || show "$T/to-explain.txt"

# --- host root is ready and not testing only
run_bp "$T/host.json" "$T/host.err" --format json
check "host root (json): ready, testing_only false" \
	[ "$(json "$T/host.json" '[r["verdict"]["ready"], r["verdict"]["testing_only"]]')" = '[true, false]' ]
run_bp "$T/host.txt" "$T/host.err"
check "host root (text): no testing-only line" not grep -q 'testing only' "$T/host.txt"

# --- --strict: testing only is not ready
run_bp "$T/st.json" "$T/st.err" --root "$docker_tree" --strict --format json
check "--strict testing-only (json): exit 1 (got $rc)" [ "$rc" = 1 ]
check "--strict testing-only (json): ready false, options.strict true" \
	[ "$(json "$T/st.json" '[r["verdict"]["ready"], r["options"]["strict"]]')" = '[false, true]' ]
check "--strict testing-only (json): the one blocker is TESTING_ONLY_SYS_ADMIN" \
	[ "$(json "$T/st.json" '[b["code"] for b in r["verdict"]["blockers"]]')" = '["TESTING_ONLY_SYS_ADMIN"]' ]
run_bp "$T/st.txt" "$T/st.err" --root "$docker_tree" --strict
check "--strict testing-only (text): exit 1 (got $rc)" [ "$rc" = 1 ]
check "--strict testing-only (text): NOT READY" grep -q '^NOT READY' "$T/st.txt" || show "$T/st.txt"
check "--strict testing-only (text): TESTING_ONLY_SYS_ADMIN, which --strict does not accept" \
	grep -q -- '--strict does not accept it' "$T/st.txt"
run_bp "$T/sth.txt" "$T/st.err" --strict
check "--strict on host root: still ready, exit 0 (got $rc)" [ "$rc" = 0 ]

# --- --redact: the hostname and the container id leave the report
check "control: the docker tree's container id is in the unredacted JSON" grep -qF "$docker_id" "$T/to.json"
for format in json text; do
	run_bp "$T/red.$format" "$T/red.err" --root "$docker_tree" --redact --format "$format"
	check "--redact --format $format: exit 0 (got $rc)" [ "$rc" = 0 ]
	check "--redact --format $format: no container id" not grep -qF "$docker_id" "$T/red.$format"
done
run_bp "$T/hred.json" "$T/hred.err" --redact --format json
check "--redact (json): the runtime probe's hostname fact is <redacted>" \
	[ "$(json "$T/hred.json" '[p for p in r["probes"] if p["id"] == "runtime"][0]["facts"]["hostname"]')" = '<redacted>' ]
check "--redact (json): this host's name is not in the report" not grep -qF "\"$(hostname)\"" "$T/hred.json"
check "control: this host's name is in the unredacted report" grep -qF "\"$(hostname)\"" "$T/host.json"
check "--redact (json): the verdict is unchanged" \
	[ "$(json "$T/hred.json" 'r["verdict"]["configuration"]')" = "$(json "$T/host.json" 'r["verdict"]["configuration"]')" ]

finish
