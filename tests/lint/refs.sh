#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The repository stands on its own. Every tracked file is searched for
#   - a reference to a document that lives outside the repository: the
#     team's working notes (by their upper-case file names), the shared
#     directory beside the checkout, an absolute path of the machine the
#     project was developed on;
#   - a tracker number cited as a reason ("issue" or "PR" followed by a
#     number, owner/repo#N, or a bare #N), which means nothing to a reader
#     of the repository. Public sources are cited by URL instead.
# Each offending line is listed as FILE:LINE: TEXT. Cite docs/facts.md or
# docs/design.md (same section numbers) or the public source instead.
# A kernel version string ("#1 SMP ...") is data, not a citation.
set -euo pipefail
src=${PF_SOURCE_ROOT:?}
cd "$src"

if ! command -v git >/dev/null; then
	echo "SKIP: git is not installed, so the tracked files cannot be listed"
	exit 77
fi
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	echo "SKIP: $src is not a git work tree, so the tracked files cannot be listed"
	exit 77
fi

# Files allowed to name the outside documents, should they ever need to
# (none does today).
exempt=()

# One Perl-compatible pattern (grep -P takes only one), built so that this
# script does not match itself.
upper_notes='\b(?:FACTS|DESIGN)\.md\b'
shared_dir='\.\./shared\b'
work_tree='(?<![\w.~-])/wor[k](?:/|\b)'
tracker_word='(?i:\b(?:issues?|pull request|PR|ticket)\s*#?\d+\b)'
repo_hash='\b[\w.-]+/[\w.-]+#\d+\b'
bare_hash='(?<![\w&/#$%])#\d+\b(?! SMP)'
pattern="$upper_notes|$shared_dir|$work_tree|$tracker_word|$repo_hash|$bare_hash"

files=()
while IFS= read -r -d '' f; do
	[ -f "$f" ] && [ ! -L "$f" ] || continue
	for e in "${exempt[@]}"; do
		[ "$f" = "$e" ] && continue 2
	done
	files+=("$f")
done < <(git ls-files -z)
[ ${#files[@]} -gt 0 ] || { echo "FAIL: git ls-files listed no file"; exit 1; }

status=0
out=$(grep -nHIP -e "$pattern" -- "${files[@]}") || status=$?
case $status in
0)
	printf '%s\n' "$out"
	echo "FAIL: $(printf '%s\n' "$out" | wc -l) line(s) refer to files outside the repository or to tracker numbers"
	exit 1
	;;
1) echo "ok: ${#files[@]} tracked files, no outside reference, no tracker number" ;;
*)
	echo "FAIL: grep failed (status $status)"
	exit 1
	;;
esac
