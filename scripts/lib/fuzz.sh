# SPDX-License-Identifier: MIT
# libFuzzer runs over every parser and reader (docs/design.md "Testing
# strategy" 5). Sourced by scripts/test after scripts/lib/setup.sh (uses
# PF_SRC, pf_log, pf_die).
#
#   pf_fuzz_build [OUT_DIR]        build tests/fuzz/fuzz_*.c with clang into
#                                  OUT_DIR (default $PF_SRC/build-fuzz)
#   pf_fuzz_run [SECONDS] [OUT_DIR]  build, then fuzz each target for SECONDS
#                                  (default 20) from tests/fuzz/corpus/<target>
#
# Targets are compiled straight from the sources with
# -fsanitize=fuzzer,address,undefined (no meson: one clang invocation per
# file). New inputs libFuzzer finds go to OUT_DIR/corpus/<target>, never
# into the source tree. A crash fails pf_fuzz_run and names the input
# (OUT_DIR/crashes/<target>-crash-*): fix the bug, then commit the input to
# tests/fuzz/corpus/<target>/ so the replay tests keep it as a regression.
# Packages: clang and libclang-rt-dev (libFuzzer and the sanitizer runtimes).

PF_FUZZ_TARGETS=(fuzz_status fuzz_sysctl fuzz_runtime fuzz_mountinfo fuzz_report fuzz_seccomp_profile)

pf_fuzz_build() {
	local out=${1:-$PF_SRC/build-fuzz}
	local cc=${PF_FUZZ_CC:-clang}
	command -v "$cc" >/dev/null || pf_die "$cc not found (install clang and libclang-rt-dev)"
	mkdir -p "$out/obj" || pf_die "cannot create $out"

	local version
	version=$(sed -n "s/^ *version *: *'\([^']*\)'.*/\1/p" "$PF_SRC/meson.build" | head -1)
	printf '#pragma once\n#define PF_VERSION "%s"\n' "${version:-0}" >"$out/pf_config.h"

	local cflags=(-std=gnu11 -g -O1 -D_GNU_SOURCE -fno-strict-aliasing
		-fno-omit-frame-pointer -fno-sanitize-recover=undefined
		-I"$PF_SRC/include" -I"$out" $(pkg-config --cflags libcap libseccomp jansson))
	local libs
	libs=$(pkg-config --libs libcap libseccomp jansson) || pf_die "pkg-config: libcap, libseccomp, jansson"

	# The library once (everything but main.c), instrumented for coverage.
	local src obj objs=() jobs=()
	for src in "$PF_SRC"/src/*.c "$PF_SRC"/src/probe/*.c "$PF_SRC"/src/render/*.c \
		"$PF_SRC"/tests/fuzz/fuzz-common.c; do
		[ "$(basename "$src")" = main.c ] && continue
		obj=$out/obj/$(echo "${src#"$PF_SRC"/}" | tr / _).o
		objs+=("$obj")
		if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then
			"$cc" "${cflags[@]}" -fsanitize=fuzzer-no-link,address,undefined -c "$src" -o "$obj" &
			jobs+=($!)
		fi
		# two compilers at a time
		if [ ${#jobs[@]} -ge 2 ]; then
			wait "${jobs[0]}" || pf_die "compiling for the fuzzers failed"
			jobs=("${jobs[@]:1}")
		fi
	done
	local j
	for j in "${jobs[@]}"; do
		wait "$j" || pf_die "compiling for the fuzzers failed"
	done

	local t
	for t in "${PF_FUZZ_TARGETS[@]}"; do
		"$cc" "${cflags[@]}" -fsanitize=fuzzer,address,undefined \
			"$PF_SRC/tests/fuzz/$t.c" "${objs[@]}" $libs -o "$out/$t" ||
			pf_die "linking fuzz target $t failed"
	done
	pf_log "fuzz targets built in $out"
}

pf_fuzz_run() {
	local seconds=${1:-20}
	local out=${2:-$PF_SRC/build-fuzz}
	pf_fuzz_build "$out"
	mkdir -p "$out/crashes"
	local t failed=()
	for t in "${PF_FUZZ_TARGETS[@]}"; do
		local seeds=$PF_SRC/tests/fuzz/corpus/$t
		local found=$out/corpus/$t
		mkdir -p "$found"
		pf_log "fuzzing $t for ${seconds}s"
		# the first corpus directory receives new inputs: the scratch one
		if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
			UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			"$out/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
				-max_len=65536 -print_final_stats=1 \
				-artifact_prefix="$out/crashes/$t-" "$found" "$seeds" \
				>"$out/$t.log" 2>&1; then
			failed+=("$t")
			tail -n 40 "$out/$t.log" >&2
		else
			grep -E '^stat::number_of_executed_units|^Done' "$out/$t.log" | tr '\n' ' ' >&2
			echo >&2
		fi
	done
	if [ ${#failed[@]} -gt 0 ]; then
		printf 'fuzzing found crashes in: %s\n' "${failed[*]}" >&2
		ls -1 "$out"/crashes/ >&2
		return 1
	fi
	pf_log "fuzzing: no crash in ${#PF_FUZZ_TARGETS[@]} targets x ${seconds}s"
}
