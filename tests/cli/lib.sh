# SPDX-License-Identifier: MIT
# Shared by the cli suite's scripts: sourced, never run.
# BOUNDARY_PREFLIGHT (the built binary), PF_SOURCE_ROOT and PF_BUILD_ROOT
# come from tests/meson.build's test_env. Exit 77 is meson's "skipped".
set -euo pipefail

: "${BOUNDARY_PREFLIGHT:?run through meson test (test_env sets it)}"
: "${PF_SOURCE_ROOT:?run through meson test}"
: "${PF_BUILD_ROOT:?run through meson test}"
BP=$BOUNDARY_PREFLIGHT
TEST_NAME=$(basename "$0" .sh)

failures=0
checks=0

# A scratch directory anyone can write to, so the same paths work for
# nobody (setpriv) and root; removed on exit.
T=$(mktemp -d "${TMPDIR:-/tmp}/bp-cli-$TEST_NAME.XXXXXX")
chmod 0777 "$T"
trap 'rm -rf "$T"' EXIT

ok()   { checks=$((checks + 1)); echo "ok   $*"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL $*" >&2; }
skip() { echo "SKIP: $*"; exit 77; }
note() { echo "     $*"; }

# check DESCRIPTION COMMAND...: pass when COMMAND succeeds
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}

# run_bp OUT ERR ARGS...: run the tool, stdout/stderr to files; sets $rc
# shellcheck disable=SC2034  # rc is for the caller
run_bp() {
	local out=$1 err=$2
	shift 2
	rc=0
	"$BP" "$@" >"$out" 2>"$err" </dev/null || rc=$?
}

# Run a command as nobody with no capabilities at all: the check's
# not-ready case on this machine (MISSING_CAP_NET_ADMIN and friends).
# nobody may not reach the build tree (a clone under /root): it runs a copy
# of the tool from the scratch directory, which anyone can enter.
as_nobody() {
	local args=() a
	if [ ! -x "$T/pub/boundary-preflight" ]; then
		mkdir -p "$T/pub" && cp "$BP" "$T/pub/boundary-preflight" &&
			chmod 0755 "$T/pub" "$T/pub/boundary-preflight" || return 126
		# a cross build's $BP is a script running the program through qemu:
		# copy the program too and point a new script at the copy
		if [ -n "${PF_TARGET_PROGRAM:-}" ]; then
			cp "$PF_TARGET_PROGRAM" "$T/pub/boundary-preflight.target" &&
				printf '#!/bin/sh\nexec %s %s "$@"\n' "$PF_TARGET_WRAPPER" \
					"$T/pub/boundary-preflight.target" >"$T/pub/boundary-preflight" &&
				chmod 0755 "$T/pub/boundary-preflight.target" || return 126
		fi
	fi
	for a in "$@"; do
		[ "$a" = "$BP" ] && a=$T/pub/boundary-preflight
		args+=("$a")
	done
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all -- "${args[@]}"
}
have_setpriv() {
	command -v setpriv >/dev/null && as_nobody true 2>/dev/null
}

# json FILE EXPR: print a value from a JSON file; EXPR is Python over `r`
# (e.g. 'r["verdict"]["ready"]'); booleans print as true/false.
json() {
	python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    r = json.load(f)
v = eval(sys.argv[2], {"r": r})
if isinstance(v, bool):
    print("true" if v else "false")
elif isinstance(v, (list, dict)):
    print(json.dumps(v))
else:
    print(v)
PY
}

has_esc() { grep -q $'\x1b' "$1"; }
no_esc() { ! grep -q $'\x1b' "$1"; }
# not COMMAND...: succeeds when COMMAND fails (for check)
not() { ! "$@"; }

# name the file and show it when an assertion about it fails
show() { echo "---- $1" >&2; sed -n '1,60p' "$1" >&2; echo "----" >&2; }

finish() {
	echo "$TEST_NAME: $checks checks, $failures failed"
	if ((checks == 0)); then
		echo "no checks ran" >&2
		exit 1
	fi
	((failures == 0))
}
