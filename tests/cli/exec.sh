#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# exec: runs COMMAND only when ready, as this very process (execvp), and
# passes its exit status through; refuses with the report on stderr and
# exit 1 when not ready; `--` COMMAND is required.
# shellcheck source=tests/cli/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

# This machine (root, initial namespaces) is ready: configuration "host".
run_bp "$T/ready.json" "$T/err" --format json
if [[ $rc != 0 ]]; then
	show "$T/err"
	fail "the check is ready on this machine (exit $rc); the exec tests below need that"
	finish
fi
check "ready report says ready" [ "$(json "$T/ready.json" 'r["verdict"]["ready"]')" = true ]

# --- ready: the command runs and its status is ours
rc=0
"$BP" exec -- sh -c 'touch "$1"; exit 7' sh "$T/ran" >"$T/out" 2>"$T/err" || rc=$?
check "exec returns the command's exit status (7, got $rc)" [ "$rc" = 7 ]
check "exec ran the command" [ -e "$T/ran" ]
check "exec prints no report to stdout when ready" [ ! -s "$T/out" ]

rc=0
"$BP" exec -- true >"$T/out" 2>"$T/err" || rc=$?
check "exec -- true exits 0" [ "$rc" = 0 ]
rc=0
"$BP" exec -- false >"$T/out" 2>"$T/err" || rc=$?
check "exec -- false exits 1 (the command's status)" [ "$rc" = 1 ]

# The command's own flags are not ours: option parsing stops at --
rc=0
"$BP" exec -- sh -c 'printf "%s|" "$@"' sh --format --help -x >"$T/out" 2>"$T/err" || rc=$?
check "arguments after -- reach the command untouched" \
	[ "$rc" = 0 -a "$(cat "$T/out")" = "--format|--help|-x|" ]

# Check options before -- apply to the check, not the command
rc=0
"$BP" exec --jail landjail --strict --timeout 3000 -- true >"$T/out" 2>"$T/err" || rc=$?
check "exec accepts check options before -- (exit $rc)" [ "$rc" = 0 ]

# --- execvp replaced the tool: same pid, same parent, no extra fds
"$BP" exec --quiet -- sh -c 'echo "$$ $PPID"; ls /proc/$$/fd' >"$T/pid" 2>"$T/err" &
tool_pid=$!
wait "$tool_pid" || true
read -r cmd_pid cmd_ppid <"$T/pid"
check "the command runs as the tool's own process (pid $tool_pid, command $cmd_pid)" \
	[ "$cmd_pid" = "$tool_pid" ]
check "the command's parent is the caller (ppid $cmd_ppid, caller $$)" [ "$cmd_ppid" = "$$" ]
sh -c 'ls /proc/$$/fd' >"$T/fd.base" &
wait $! || true
tail -n +2 "$T/pid" >"$T/fd.exec"
if cmp -s "$T/fd.base" "$T/fd.exec"; then
	ok "the command inherits no descriptor from the tool"
else
	fail "the command inherits descriptors: $(tr '\n' ' ' <"$T/fd.exec"), baseline $(tr '\n' ' ' <"$T/fd.base")"
fi
# no probe child outlives the exec: children (even zombies) stay with the
# pid across execve, so the command must start with none. Builtins only:
# the shell must not fork anything itself before it looks.
"$BP" exec --quiet -- sh -c 'c=; read -r c </proc/$$/task/$$/children; echo "[$c]"' \
	>"$T/children" 2>"$T/err" || true
check "no probe child survives into the command ($(cat "$T/children"))" [ "$(cat "$T/children")" = "[]" ]

# --- --quiet prints nothing at all when ready
rc=0
"$BP" exec --quiet -- true >"$T/out" 2>"$T/err" || rc=$?
check "exec --quiet: exit 0, nothing on stdout or stderr" [ "$rc" = 0 -a ! -s "$T/out" -a ! -s "$T/err" ]
rc=0
"$BP" --quiet >"$T/out" 2>"$T/err" || rc=$?
check "check --quiet: exit 0, nothing printed" [ "$rc" = 0 -a ! -s "$T/out" -a ! -s "$T/err" ]

# exec with --output still writes the report, and runs the command
rc=0
"$BP" exec --quiet --format json --output "$T/exec-out.json" -- true >"$T/out" 2>"$T/err" || rc=$?
check "exec --output writes the JSON report and runs the command" \
	[ "$rc" = 0 -a "$(json "$T/exec-out.json" 'r["verdict"]["ready"]')" = true ]

# A command that cannot be found or run: 127 / 126, like a shell
rc=0
"$BP" exec -- "$T/no-such-command" >"$T/out" 2>"$T/err" || rc=$?
check "exec of a missing command exits 127 (got $rc)" [ "$rc" = 127 ]
check "... naming the command" grep -q "no-such-command" "$T/err"
printf 'not a program\n' >"$T/not-exec"
chmod 0644 "$T/not-exec"
rc=0
"$BP" exec -- "$T/not-exec" >"$T/out" 2>"$T/err" || rc=$?
check "exec of a non-executable file exits 126 (got $rc)" [ "$rc" = 126 ]

# --- usage: the command must follow --
for args in "exec" "exec --" "exec true" "exec --quiet" "exec --quiet true"; do
	rc=0
	# shellcheck disable=SC2086
	"$BP" $args >"$T/out" 2>"$T/err" || rc=$?
	check "'$args' is a usage error (exit 2, got $rc)" [ "$rc" = 2 ]
	check "'$args' says a COMMAND is expected" grep -q "COMMAND" "$T/err"
done

# --- not ready: the command does not run, report on stderr, exit 1
if ! have_setpriv; then
	skip "setpriv cannot switch to nobody here: the not-ready half needs it"
fi
as_nobody "$BP" --format json >"$T/nobody.json" 2>"$T/err" || true
if [[ $(json "$T/nobody.json" 'r["verdict"]["ready"]') != false ]]; then
	show "$T/nobody.json"
	fail "as nobody with no capabilities the check should be not ready"
	finish
fi
rm -f "$T/ran"
rc=0
as_nobody "$BP" exec -- sh -c 'touch "$1"' sh "$T/ran" >"$T/out" 2>"$T/err" || rc=$?
check "not ready: exec exits 1 (got $rc)" [ "$rc" = 1 ]
check "not ready: the command did not run" [ ! -e "$T/ran" ]
check "not ready: nothing on stdout (it belongs to the command)" [ ! -s "$T/out" ]
# the text report on stderr carries every blocker code of the JSON verdict
codes=$(json "$T/nobody.json" '" ".join(b["code"] for b in r["verdict"]["blockers"])')
check "not ready: the verdict has blockers ($codes)" [ -n "$codes" ]
for code in $codes; do
	check "not ready: stderr shows blocker $code" grep -q "$code" "$T/err"
done
check "not ready: stderr is the text report, not JSON" not grep -q '^{' "$T/err"

# --quiet does not silence a refusal; --format json still shows text on stderr
rc=0
as_nobody "$BP" exec --quiet --format json -- sh -c 'touch "$1"' sh "$T/ran" >"$T/out" 2>"$T/err" || rc=$?
check "not ready + --quiet: exit 1, command not run, report still on stderr" \
	[ "$rc" = 1 -a ! -e "$T/ran" -a -s "$T/err" -a ! -s "$T/out" ]
for code in $codes; do
	check "not ready + --quiet --format json: stderr (text) shows $code" grep -q "$code" "$T/err"
done
# with --output the report is saved and the refusal still explained
rc=0
as_nobody "$BP" exec --format json --output "$T/refused.json" -- sh -c 'touch "$1"' sh "$T/ran" \
	>"$T/out" 2>"$T/err" || rc=$?
check "not ready + --output: exit 1, file written, reason on stderr" \
	[ "$rc" = 1 -a ! -e "$T/ran" -a "$(json "$T/refused.json" 'r["verdict"]["ready"]')" = false -a -s "$T/err" ]

finish
