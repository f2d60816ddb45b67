#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Colour rules (docs/design.md "Command line"): text output is coloured
# only on a terminal (--color auto), or with --color always; never when NO_COLOR is set to a
# non-empty value, never with TERM=dumb under auto, never in JSON, never in
# a file written with --output.
# shellcheck source=tests/cli/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"
unset NO_COLOR  # test_env sets it; each case below sets what it needs

# judge CASE WANT(esc|none): the last run's output ($T/c.out) has colour or not
judge() {
	local name=$1 want=$2
	if [[ ! -s $T/c.out ]]; then
		fail "$name: no output at all"
		show "$T/c.err"
		return
	fi
	if [[ $want == esc ]]; then
		check "$name: has colour" has_esc "$T/c.out"
	else
		check "$name: has no ESC byte" no_esc "$T/c.out"
	fi
}

# plain CASE WANT(esc|none) ARGS...: run with stdout to a file
plain() {
	local name=$1 want=$2
	shift 2
	"$@" >"$T/c.out" 2>"$T/c.err" </dev/null || true
	judge "$name" "$want"
}

# on_tty CASE WANT ENV... -- ARGS...: run on a pseudo-terminal (script(1))
on_tty() {
	local name=$1 want=$2
	shift 2
	local envs=()
	while [[ $1 != -- ]]; do envs+=("$1"); shift; done
	shift
	local cmd
	cmd=$(printf '%q ' "$@")
	env -u NO_COLOR TERM=xterm "${envs[@]}" script -qec "$cmd" /dev/null >"$T/c.out" 2>"$T/c.err" </dev/null || true
	judge "$name" "$want"
}

command -v script >/dev/null || skip "script(1) (bsdutils) is needed for the terminal cases"

# --- the check, piped
plain "piped, auto" none "$BP"
plain "piped, --color=auto" none "$BP" --color=auto
plain "piped, --color=never" none "$BP" --color=never
plain "piped, --color=always" esc "$BP" --color=always
plain "piped, --color always (separate value)" esc "$BP" --color always
plain "piped, --colour=always" esc "$BP" --colour=always
plain "piped, NO_COLOR=1 --color=always" none env NO_COLOR=1 "$BP" --color=always
plain "piped, NO_COLOR=0 --color=always (any non-empty value)" none env NO_COLOR=0 "$BP" --color=always
plain "piped, NO_COLOR empty --color=always (empty does not count)" esc env NO_COLOR= "$BP" --color=always
plain "piped, TERM=dumb --color=always (always wins over TERM)" esc env TERM=dumb "$BP" --color=always
plain "piped, --format json --color=always" none "$BP" --format json --color=always

# --- the check, on a terminal
on_tty "tty, auto" esc -- "$BP"
on_tty "tty, check subcommand" esc -- "$BP" check
on_tty "tty, --color=never" none -- "$BP" --color=never
on_tty "tty, NO_COLOR=1" none NO_COLOR=1 -- "$BP"
on_tty "tty, NO_COLOR=1 --color=always" none NO_COLOR=1 -- "$BP" --color=always
on_tty "tty, TERM=dumb" none TERM=dumb -- "$BP"
on_tty "tty, --format json" none -- "$BP" --format json
on_tty "tty, --format json --color=always" none -- "$BP" --format json --color=always
on_tty "tty, seccomp-profile (JSON)" none -- "$BP" seccomp-profile

# --- files never get colour, even with --color=always on a terminal
env -u NO_COLOR TERM=xterm script -qec "$(printf '%q ' "$BP" --color=always --output "$T/colour.txt")" \
	/dev/null >/dev/null 2>&1 </dev/null || true
check "--output with --color=always on a tty: file written" [ -s "$T/colour.txt" ]
check "--output with --color=always on a tty: file has no ESC byte" \
	no_esc "$T/colour.txt"

# --- explain follows the same rules
"$BP" --format json --output "$T/r.json" >/dev/null 2>&1 || true
plain "explain piped" none "$BP" explain "$T/r.json"
plain "explain piped --color=always" esc "$BP" explain --color=always "$T/r.json"
plain "explain NO_COLOR=1 --color=always" none env NO_COLOR=1 "$BP" explain --color=always "$T/r.json"
plain "explain --format json --color=always" none "$BP" explain --format json --color=always "$T/r.json"
on_tty "explain tty" esc -- "$BP" explain "$T/r.json"
on_tty "explain tty NO_COLOR=1" none NO_COLOR=1 -- "$BP" explain "$T/r.json"
on_tty "explain tty TERM=dumb" none TERM=dumb -- "$BP" explain "$T/r.json"
on_tty "explain tty --format json" none -- "$BP" explain --format json "$T/r.json"

# --- exec's refusal on stderr follows stderr, not stdout
if have_setpriv; then
	rc=0
	as_nobody "$BP" exec -- true >"$T/x.out" 2>"$T/x.err" </dev/null || rc=$?
	check "exec refusal, stderr piped: exit 1 (got $rc)" [ "$rc" = 1 ]
	check "exec refusal, stderr piped: a report on stderr" [ -s "$T/x.err" ]
	check "exec refusal, stderr piped: report has no ESC" no_esc "$T/x.err"
	# stdout piped, stderr on the terminal: colour on the report
	env -u NO_COLOR TERM=xterm script -qec \
		"$(printf '%q ' setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all -- "$BP" exec -- true) >/dev/null" \
		/dev/null >"$T/x.tty" 2>&1 </dev/null || true
	check "exec refusal, stderr on a tty: report is coloured" has_esc "$T/x.tty"
fi

finish
