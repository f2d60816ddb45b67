# SPDX-License-Identifier: MIT
# Shared by the cli suite's scripts: sourced, never run. The helpers of
# every suite (ok/fail/check/show/finish, skip, as_nobody, ...) are in
# tests/lib/libtest.sh; these are the cli suite's own.
# BOUNDARY_PREFLIGHT (the built binary), PF_SOURCE_ROOT and PF_BUILD_ROOT
# come from tests/meson.build's test_env. Exit 77 is meson's "skipped".
# shellcheck shell=bash
set -euo pipefail

# shellcheck source=tests/lib/libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/libtest.sh"

: "${BOUNDARY_PREFLIGHT:?run through meson test (test_env sets it)}"
: "${PF_SOURCE_ROOT:?run through meson test}"
: "${PF_BUILD_ROOT:?run through meson test}"
BP=$BOUNDARY_PREFLIGHT
TEST_NAME=$(basename "$0" .sh)

# A scratch directory anyone can write to, so the same paths work for
# nobody (setpriv) and root; removed on exit.
make_scratch "bp-cli-$TEST_NAME" 0777

# run_bp OUT ERR ARGS...: run the tool, stdout/stderr to files; sets $rc
# shellcheck disable=SC2034  # rc is for the caller
run_bp() {
	local out=$1 err=$2
	shift 2
	rc=0
	"$BP" "$@" >"$out" 2>"$err" </dev/null || rc=$?
}

# as_nobody (libtest.sh) runs a command as nobody with no capabilities at
# all: the check's not-ready case on this machine (MISSING_CAP_NET_ADMIN
# and friends).
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
