#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The manual page: builds with scdoc, renders with man(1) without a warning,
# and documents every subcommand and every option that --help lists.
# shellcheck source=tests/cli/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

scd=$PF_SOURCE_ROOT/docs/boundary-preflight.1.scd
check "the manual page source exists" [ -s "$scd" ]

# every --option in --help (and seccomp-profile --help) is in the manual
"$BP" --help >"$T/help"
"$BP" seccomp-profile --help >>"$T/help" 2>/dev/null || true
# the options an option line defines ("  -h, --help", "  --format text|json")
mapfile -t opts < <(sed -nE 's/^ +(-[[:alnum:]], )?(--[a-z][a-z-]*).*/\2/p' "$T/help" | sort -u)
check "--help lists options (${#opts[@]})" [ "${#opts[@]}" -ge 10 ]
for opt in "${opts[@]}"; do
	check "the manual documents $opt" grep -qE -- "\*$opt\*" "$scd"
done
mapfile -t shorts < <(sed -nE 's/^ +(-[[:alnum:]]), .*/\1/p' "$T/help" | sort -u)
for opt in "${shorts[@]}"; do
	check "the manual documents the short option $opt" grep -qE -- "\*$opt\*" "$scd"
done
for sub in check exec container explain seccomp-profile; do
	check "the manual documents subcommand $sub" grep -qE -- "^\*$sub\*" "$scd"
done
for section in NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT "EXIT STATUS" EXAMPLES "SEE ALSO"; do
	check "the manual has a $section section" grep -qx "# $section" "$scd"
done
for var in BOUNDARY_JAIL_TYPE BOUNDARY_NO_USER_NAMESPACE NO_COLOR; do
	check "the manual documents \$$var" grep -qF "*${var//_/\\_}*" "$scd"
done
# every blocker and warning code the verdict can emit (the one table)
mapfile -t codes < <(sed -nE 's/^PF_FINDING\(([A-Z0-9_]+),.*/\1/p' "$PF_SOURCE_ROOT/include/preflight/findings.def")
check "include/preflight/findings.def has codes (${#codes[@]})" [ "${#codes[@]}" -ge 10 ]
for code in "${codes[@]}"; do
	check "the manual documents code $code" grep -qF "*$code*" "$scd"
done
# the exit statuses of the manual are the tool's
for status in 0 1 2 3; do
	check "the manual documents exit status $status" grep -qx "\*$status\*" "$scd"
done

command -v scdoc >/dev/null || skip "scdoc is not installed: the manual cannot be built here"
rc=0
scdoc <"$scd" >"$T/boundary-preflight.1" 2>"$T/err" || rc=$?
check "scdoc builds the manual (exit $rc)" [ "$rc" = 0 -a -s "$T/boundary-preflight.1" ]
[[ $rc == 0 ]] || show "$T/err"
check "the manual is section 1 and names the tool" grep -q '^\.TH "boundary-preflight" "1"' "$T/boundary-preflight.1"

built=$PF_BUILD_ROOT/docs/boundary-preflight.1
check "meson built the manual ($built)" [ -s "$built" ]
# scdoc stamps the build date into .TH: compare the rest
check "meson's manual is scdoc's output" \
	cmp -s <(grep -v '^\.TH' "$built") <(grep -v '^\.TH' "$T/boundary-preflight.1")

if command -v man >/dev/null; then
	rc=0
	MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$T/boundary-preflight.1" >"$T/rendered" 2>"$T/err" || rc=$?
	check "man -l renders the manual (exit $rc)" [ "$rc" = 0 -a -s "$T/rendered" ]
	check "man reports no warning" [ ! -s "$T/err" ]
	[[ -s $T/err ]] && show "$T/err"
	check "the rendered manual shows NAME and EXIT STATUS" \
		bash -c 'grep -q "^NAME" "$1" && grep -q "^EXIT STATUS" "$1"' _ "$T/rendered"
	width=$(col -b <"$T/rendered" | awk '{ if (length($0) > w) w = length($0) } END { print w }')
	check "the rendered manual fits 80 columns (widest $width)" [ "$width" -le 80 ]
else
	note "man is not installed: rendering not checked"
fi

finish
