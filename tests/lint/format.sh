#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The house rule "clang-format style of the repo", as a test: every C file
# of src/, include/ and tests/ must be what clang-format makes of it with
# the repository's .clang-format (clang-format --dry-run -Werror). Each file
# that would change is listed with the number of places and of lines that
# would change; any such file fails the suite. The fix: clang-format -i FILE.
set -euo pipefail
src=${PF_SOURCE_ROOT:?}
cd "$src"

command -v clang-format >/dev/null || { echo "FAIL: clang-format not installed (package clang-format)"; exit 1; }
[ -f .clang-format ] || { echo "FAIL: no .clang-format at $src"; exit 1; }

files=()
while IFS= read -r -d '' f; do
	files+=("$f")
done < <(find src include tests -type f \( -name '*.c' -o -name '*.h' \) -print0 | sort -z)
[ ${#files[@]} -gt 0 ] || { echo "FAIL: no C file under src, include or tests"; exit 1; }

echo "clang-format $(clang-format --version | grep -o '[0-9][0-9.]*' | head -1) over ${#files[@]} files"
bad_files=0
bad_lines=0
for f in "${files[@]}"; do
	out=$(clang-format --style=file --dry-run -Werror "$f" 2>&1) && continue
	places=$(grep -c 'error: code should be clang-formatted' <<<"$out" || true)
	if [ "$places" -eq 0 ]; then
		# not a style finding: clang-format itself failed
		printf '%s\n' "$out"
		echo "FAIL: clang-format failed on $f"
		exit 1
	fi
	lines=$(clang-format --style=file "$f" | diff "$f" - | grep -c '^<' || true)
	echo "$f: $places places, $lines lines would change"
	bad_files=$((bad_files + 1))
	bad_lines=$((bad_lines + lines))
done
if [ "$bad_files" -gt 0 ]; then
	echo "FAIL: $bad_files of ${#files[@]} files ($bad_lines lines) are not in the style of .clang-format (clang-format -i FILE)"
	exit 1
fi
echo "ok: ${#files[@]} files in the style of .clang-format"
