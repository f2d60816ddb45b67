# SPDX-License-Identifier: MIT
# The test suites again with AddressSanitizer + UndefinedBehaviorSanitizer
# (docs/design.md "Testing strategy" 5). Sourced by scripts/test after
# scripts/lib/setup.sh (uses PF_SRC, pf_log, pf_die); not run on its own.
#
#   pf_sanitize_test [BUILD_DIR] [meson test args...]
#
# Configures BUILD_DIR (default $PF_SRC/build-sanitize) once with gcc and
# -Db_sanitize=address,undefined -Db_lundef=false, builds it, then runs the
# unit, emulated, fixtures, cli and robustness suites there (the engines
# suite needs Docker and the static binary, neither of which ASan changes).
# Any sanitizer report aborts the process under test, which fails its test.
# PF_SANITIZE=1 tells the robustness suite to skip valgrind, which cannot
# run an ASan binary. Returns meson test's status.
# Packages: gcc's libasan8 and libubsan1 (pulled in by gcc on Debian 12).

PF_SANITIZE_SUITES=(unit emulated fixtures cli robustness)

pf_sanitize_test() {
	local dir=${1:-$PF_SRC/build-sanitize}
	[ $# -gt 0 ] && shift
	if [ ! -f "$dir/build.ninja" ]; then
		pf_log "configuring the ASan+UBSan build ($dir)"
		CC=${PF_SANITIZE_CC:-gcc} meson setup "$dir" "$PF_SRC" \
			-Db_sanitize=address,undefined -Db_lundef=false -Dengines=false \
			>/dev/null || pf_die "meson setup $dir failed"
	fi
	pf_log "building the ASan+UBSan build ($dir)"
	ninja -C "$dir" >/dev/null || { ninja -C "$dir"; pf_die "ASan+UBSan build in $dir failed"; }

	# Only the suites this tree defines: meson test refuses an unknown one.
	local suites=() s defined
	defined=$(meson introspect "$dir" --tests | python3 -c '
import json, sys
print("\n".join(sorted({s.split(":")[-1] for t in json.load(sys.stdin) for s in t["suite"]})))')
	for s in "${PF_SANITIZE_SUITES[@]}"; do
		grep -qx "$s" <<<"$defined" && suites+=(--suite "$s")
	done
	[ ${#suites[@]} -gt 0 ] || pf_die "no test suites in $dir"

	pf_log "running ${suites[*]} under ASan+UBSan"
	PF_SANITIZE=1 \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		meson test -C "$dir" --print-errorlogs --num-processes 2 "${suites[@]}" "$@"
}
