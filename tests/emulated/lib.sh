# SPDX-License-Identifier: MIT
# Sourced by emulated.sh and whole-jail.sh: tests/lib/libtest.sh, and what
# both need of this suite's own.
# shellcheck shell=bash

# shellcheck source=tests/lib/libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/libtest.sh"

# boundary's own settings are the tool's defaults (docs/facts.md section
# 1.7); a case that wants one sets it itself.
unset BOUNDARY_JAIL_TYPE BOUNDARY_NO_USER_NAMESPACE BOUNDARY_CONFIG

# Root, in the initial user namespace, with no seccomp filter yet: the
# cases build their own environment from there.
need_root_initial_userns() {
	need_root_unfiltered
	need_initial_ns user
}

# This kind of VM keeps a stale /.dockerenv (docs/facts.md section 5): on
# a host its warning is part of the complete set; without the file it
# must not be there.
stale=""
[ -e /.dockerenv ] && stale=STALE_CONTAINER_MARKER

# host_warnings CODE,...: the complete warning set of a host case here.
host_warnings() {
	local w=${1:-}
	if [ -n "$stale" ]; then
		w=${w:+$w,}$stale
	fi
	printf '%s' "$w"
}
