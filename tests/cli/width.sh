#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The text report is readable at 80 columns: no line is wider than 80
# columns. The one exception is a fix's snippet line (a command or YAML to
# paste): wrapping it would break the paste, so a snippet line is printed
# whole, and only a line whose text is one of the report's own snippet
# lines may be wider.
# shellcheck source=tests/cli/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

# widths REPORT.json TEXT NAME: check TEXT against the rule, snippets from REPORT
widths() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, re, sys, unicodedata
report, text, name = sys.argv[1:4]
r = json.load(open(report, encoding="utf-8"))
snippets = set()
for f in r["verdict"]["fixes"]:
    for line in (f.get("snippet") or "").split("\n"):
        if line.strip():
            snippets.add(line.strip())
def width(s):
    s = re.sub(r"\x1b\[[0-9;]*m", "", s).expandtabs(8)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
bad = 0
widest = 0
exempt = 0
for n, line in enumerate(open(text, encoding="utf-8").read().split("\n"), 1):
    w = width(line)
    if w <= 80:
        widest = max(widest, w)
        continue
    if line.strip() in snippets:
        exempt += 1
        continue
    bad += 1
    print(f"FAIL {name}: line {n} is {w} columns: {line}", file=sys.stderr)
print(f"     {name}: widest ordinary line {widest} columns, {exempt} wide snippet line(s)")
sys.exit(1 if bad else 0)
PY
}

# mode NAME [RUNNER...] -- CHECK ARGS: the live text and the explained text
mode() {
	local name=$1
	shift
	local runner=()
	while [[ $1 != -- ]]; do runner+=("$1"); shift; done
	shift
	"${runner[@]}" "$BP" "$@" --format json --output "$T/$name.json" >/dev/null 2>"$T/err" || true
	if [[ ! -s $T/$name.json ]]; then
		fail "$name: no report"
		show "$T/err"
		return
	fi
	"${runner[@]}" "$BP" "$@" >"$T/$name.txt" 2>"$T/err" || true
	check "$name: live text report written" [ -s "$T/$name.txt" ]
	check "$name: live text report within 80 columns" widths "$T/$name.json" "$T/$name.txt" "$name (live)"
	local rc=0
	"$BP" explain "$T/$name.json" >"$T/$name.explained" 2>"$T/err" || rc=$?
	check "$name: explain exits 0 (got $rc)" [ "$rc" = 0 -a -s "$T/$name.explained" ]
	check "$name: explained text within 80 columns" widths "$T/$name.json" "$T/$name.explained" "$name (explain)"
	check "$name: the text has no tab" not grep -q $'\t' "$T/$name.txt"
}

mode default -- 
mode no-userns -- --no-user-namespace
mode landjail -- --jail landjail
mode strict -- --strict
mode redact -- --redact
if have_setpriv; then
	mode nobody as_nobody -- 
	mode nobody-no-userns as_nobody -- --no-user-namespace
	mode nobody-landjail as_nobody -- --jail landjail
fi
for dir in "$PF_SOURCE_ROOT"/tests/fixtures/*/; do
	[[ -d $dir/proc ]] || continue
	mode "fixture-$(basename "$dir")" -- --root "$dir"
done

finish
