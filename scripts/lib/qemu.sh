# The aarch64 build's tests under qemu-user. Sourced by scripts/test after
# scripts/lib/setup.sh (uses PF_SRC, pf_log, pf_die); not run on its own.
#
#   pf_qemu_test [BUILD_DIR] [meson test args...]
#
# Configures BUILD_DIR (default $PF_SRC/build-aarch64) once as a cross build
# (scripts/cross/aarch64-linux-gnu.ini) with -Dqemu_safe=true, builds it,
# and runs every test that build registers through the cross file's
# exe_wrapper (qemu-aarch64-static): the unit suite (arch, probes, verdict,
# fixes-doc, report, report-schema), the fuzz corpus replays and cli-explain.
# Left out, because qemu-user emulates clone(2) itself and refuses namespace
# flags and seccomp filters (tests/meson.build): seccomp_profile, fixtures,
# emulated, robustness (but the replays), engines, lint and the rest of cli.
# qemu makes each run slower: test timeouts are multiplied by
# PF_QEMU_TIMEOUT_MULTIPLIER (default 4), which bounds the step.
# Packages: PF_CROSS_PACKAGES (scripts/lib/setup.sh). Returns meson test's
# status.

pf_qemu_test() {
	local dir=${1:-$PF_SRC/build-aarch64}
	[ $# -gt 0 ] && shift
	command -v qemu-aarch64-static >/dev/null || pf_die "qemu-aarch64-static not found (package qemu-user-static)"
	if [ ! -f "$dir/build.ninja" ]; then
		pf_log "configuring the aarch64 build ($dir)"
		meson setup "$dir" "$PF_SRC" --cross-file "$PF_SRC/scripts/cross/aarch64-linux-gnu.ini" \
			-Dqemu_safe=true -Dengines=false >/dev/null || pf_die "meson setup $dir failed"
	fi
	pf_log "building the aarch64 build ($dir)"
	ninja -C "$dir" >/dev/null || { ninja -C "$dir"; pf_die "aarch64 build in $dir failed"; }

	pf_log "running the aarch64 tests under qemu-user"
	meson test -C "$dir" --print-errorlogs --num-processes 2 \
		--timeout-multiplier "${PF_QEMU_TIMEOUT_MULTIPLIER:-4}" "$@"
}
