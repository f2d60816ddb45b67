#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# scripts/boundary-entrypoint: the example container entrypoint starts
# boundary with its arguments only when the check is ready, as the same
# process, with boundary's exit status; otherwise exits 1 with the report.
# shellcheck source=tests/cli/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

entry=$PF_SOURCE_ROOT/scripts/boundary-entrypoint
check "the entrypoint is executable" [ -x "$entry" ]
check "the entrypoint is POSIX sh" sh -n "$entry"
check "the entrypoint runs boundary through 'boundary-preflight exec --'" \
	grep -qE '^exec .*boundary-preflight.* exec -- .*boundary.* "\$@"' "$entry"

# a stand-in boundary on PATH: records its pid, parent and arguments
mkdir -p "$T/bin"
cat >"$T/bin/boundary" <<'SH'
#!/bin/sh
printf '%s\n' "$$ $PPID" >"$BOUNDARY_TEST_OUT"
printf '%s|' "$@" >>"$BOUNDARY_TEST_OUT"
exit 42
SH
chmod 0755 "$T/bin/boundary"
# copies, not links: nobody (below) may not reach the build or source tree
cp "$BP" "$T/bin/boundary-preflight"
cp "$entry" "$T/bin/boundary-entrypoint"
chmod 0755 "$T/bin" "$T/bin/boundary-preflight" "$T/bin/boundary-entrypoint"
export BOUNDARY_TEST_OUT=$T/boundary.out
# the real names on PATH, as in an image (BOUNDARY_PREFLIGHT is the test_env's)
run_entry() { env -u BOUNDARY_PREFLIGHT PATH="$T/bin:$PATH" "$@"; }

# no function or subshell in between: env, sh and the tool all exec
env -u BOUNDARY_PREFLIGHT PATH="$T/bin:$PATH" "$entry" -- agent --model "a b" >"$T/out" 2>"$T/err" &
entry_pid=$!
rc=0
wait "$entry_pid" || rc=$?
check "ready: boundary's exit status comes back (42, got $rc)" [ "$rc" = 42 ]
check "ready: boundary got the arguments untouched" \
	[ "$(sed -n 2p "$T/boundary.out")" = "--|agent|--model|a b|" ]
read -r b_pid b_ppid <"$T/boundary.out"
check "ready: boundary runs as the entrypoint's own process (pid $entry_pid, boundary $b_pid)" \
	[ "$b_pid" = "$entry_pid" ]
check "ready: boundary's parent is the caller" [ "$b_ppid" = "$$" ]

# BOUNDARY names another program
cat >"$T/bin/other-boundary" <<'SH'
#!/bin/sh
echo other "$@"
SH
chmod 0755 "$T/bin/other-boundary"
out=$(run_entry env BOUNDARY=other-boundary "$entry" x 2>/dev/null) || true
check "BOUNDARY=other-boundary runs that program (got '$out')" [ "$out" = "other x" ]

# not ready: boundary never starts, the report explains why
if have_setpriv; then
	rm -f "$T/boundary.out"
	before=$failures
	rc=0
	run_entry setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
		-- "$T/bin/boundary-entrypoint" -- agent >"$T/out" 2>"$T/err" || rc=$?
	check "not ready: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "not ready: boundary did not start" [ ! -e "$T/boundary.out" ]
	check "not ready: the report is on stderr" grep -q "NOT READY" "$T/err"
	((failures == before)) || show "$T/err"
fi

finish
