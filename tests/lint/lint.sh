#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The house rule "keep clang-tidy and cppcheck quiet", as a test: both run
# over every source file of the tool and any finding fails the suite.
# clang-tidy reads .clang-tidy at the root and the build's compile_commands.json.
set -euo pipefail
src=${PF_SOURCE_ROOT:?}
build=${PF_BUILD_ROOT:?}
status=0

command -v cppcheck >/dev/null || { echo "FAIL: cppcheck not installed (package cppcheck)"; exit 1; }
command -v clang-tidy >/dev/null || { echo "FAIL: clang-tidy not installed (package clang-tidy)"; exit 1; }

files=("$src"/src/*.c "$src"/src/probe/*.c "$src"/src/render/*.c)

echo "cppcheck over ${#files[@]} files"
cppcheck --quiet --enable=warning,performance,portability --error-exitcode=1 \
	--suppress=missingIncludeSystem -D_GNU_SOURCE -I "$src/include" -I "$build" \
	"${files[@]}" || status=1

echo "clang-tidy over ${#files[@]} files"
tidy_status=0
out=$(clang-tidy -p "$build" --quiet "${files[@]}" 2>/dev/null) || tidy_status=$?
if grep -E 'warning:|error:' <<<"$out"; then
	status=1
elif [ "$tidy_status" -ne 0 ]; then
	echo "clang-tidy exited $tidy_status with no finding printed"
	status=1
fi
[ "$status" -eq 0 ] && echo "both quiet"
exit "$status"
