#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Bash completion: subcommands, every option --help lists, the values of
# --format/--jail/--color, files for --output/--base, directories for
# --root, reports for explain, and the command after `exec --`.
# shellcheck source=tests/cli/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

comp=$PF_SOURCE_ROOT/completion/boundary-preflight
check "the completion script parses" bash -n "$comp"

# complete WORD...: the last word is the one being completed; prints
# COMPREPLY one per line, sorted (run in a plain bash, cwd $T/files)
complete_words() {
	(
		cd "$T/files" || exit 1
		bash --norc --noprofile -c '
			. "$1"; shift
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
			COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
			_boundary_preflight 2>/dev/null
			printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" boundary-preflight "$@"
	) | sed '/^$/d' | sort
}
# expect "WANT..." WORD...: the completion is exactly WANT (space-separated)
expect() {
	local want got
	want=$(tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort)
	shift
	got=$(complete_words "$@")
	if [[ $got == "$want" ]]; then
		ok "complete '$*': $(tr '\n' ' ' <<<"$got")"
	else
		fail "complete '$*': got '$(tr '\n' ' ' <<<"$got")', want '$(tr '\n' ' ' <<<"$want")'"
	fi
}
# has "WANT..." WORD...: the completion includes every WANT
has() {
	local want=$1 w got
	shift
	got=$(complete_words "$@")
	for w in $want; do
		check "complete '$*' offers $w" grep -qxF -- "$w" <<<"$got"
	done
}

mkdir -p "$T/files/reports"
: >"$T/files/saved.json"
: >"$T/files/notes.txt"

expect "check container exec explain seccomp-profile" ""
expect "exec explain" ex
expect "seccomp-profile" sec
expect "text json" --format ""
expect "text json" --format = ""
expect "json" check --format j
expect "nsjail landjail" --jail ""
expect "landjail" exec --jail l
expect "auto always never" --color ""
expect "always" --color = al
expect "auto always never" --colour ""
expect "reports notes.txt saved.json" --output ""
expect "reports notes.txt saved.json" seccomp-profile --base ""
expect "reports" --root ""
expect "reports saved.json" explain ""
expect "" --timeout ""
expect "--format --color --help" explain --
expect "--base --output --help" seccomp-profile --
has "--engine-socket --binary --format --redact --timeout" container --
check "container offers no --root" not grep -qxF -- --root <<<"$(complete_words container --)"
has "bash" exec -- ba
has "bash" exec --quiet -- ba
has "notes.txt saved.json" exec -- cat ""
has "--quiet" exec --q

# every option of --help completes in its subcommand
"$BP" --help >"$T/help"
# the options an option line defines ("  -h, --help", "  --format text|json")
mapfile -t opts < <(sed -nE 's/^ +(-[[:alnum:]], )?(--[a-z][a-z-]*).*/\2/p' "$T/help" | sort -u)
check "--help lists options (${#opts[@]})" [ "${#opts[@]}" -ge 10 ]
got=$(complete_words --)
gotx=$(complete_words exec --)
for opt in "${opts[@]}"; do
	# seccomp-profile's and container's own, checked on their own
	[[ $opt == --base || $opt == --engine-socket || $opt == --binary ]] && continue
	check "'boundary-preflight --' offers $opt" grep -qxF -- "$opt" <<<"$got"
	if [[ $opt != --version ]]; then
		check "'boundary-preflight exec --' offers $opt" grep -qxF -- "$opt" <<<"$gotx"
	fi
done
# and nothing the tool would refuse
for opt in $got; do
	rc=0
	case $opt in
	--format | --jail | --color | --colour | --output | --timeout | --root) continue ;;  # need a value
	esac
	"$BP" "$opt" >/dev/null 2>"$T/err" || rc=$?
	check "the offered $opt is accepted (exit $rc)" [ "$rc" -le 1 ]
done

finish
