#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# explain: a saved report reads back into the renderers' model; --format json
# reproduces it byte for byte; malformed, missing, foreign and newer reports
# are refused with exit 2 and a message naming the file.
# shellcheck source=tests/cli/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

# roundtrip NAME FILE: explain --format json FILE is FILE, byte for byte,
# and explain as text prints the verdict
roundtrip() {
	local name=$1 report=$2 rc=0
	"$BP" explain --format json "$report" >"$T/$name.again.json" 2>"$T/$name.err" || rc=$?
	if [[ $rc == 0 ]] && cmp -s "$report" "$T/$name.again.json"; then
		ok "$name: explain --format json is byte-identical"
	else
		fail "$name: explain --format json (exit $rc) differs from the saved report"
		diff -u "$report" "$T/$name.again.json" | head -40 >&2 || true
		show "$T/$name.err"
	fi
	rc=0
	"$BP" explain "$report" >"$T/$name.txt" 2>"$T/$name.err" || rc=$?
	check "$name: explain as text exits 0 (got $rc)" [ "$rc" = 0 ]
	check "$name: explain as text writes nothing to stderr" [ ! -s "$T/$name.err" ]
	# one python run per report: configuration, ready, then code lists
	local conf ready blockers warnings probes
	{
		read -r conf
		read -r ready
		read -r blockers
		read -r warnings
		read -r probes
	} < <(json "$report" '"\n".join([r["verdict"]["configuration"], str(r["verdict"]["ready"]).lower(),
		" ".join(b["code"] for b in r["verdict"]["blockers"]),
		" ".join(w["code"] for w in r["verdict"]["warnings"]),
		" ".join(p["id"] for p in r["probes"])])')
	if [[ $ready == true ]]; then
		check "$name: text names the configuration '$conf'" grep -qw -- "$conf" "$T/$name.txt"
		check "$name: text says ready" grep -q "READY" "$T/$name.txt"
		check "$name: text does not say NOT READY" not grep -q "NOT READY" "$T/$name.txt"
	else
		check "$name: text says NOT READY" grep -q "NOT READY" "$T/$name.txt"
	fi
	local code id
	for code in $blockers; do
		check "$name: text shows blocker $code" grep -q "$code" "$T/$name.txt"
	done
	for code in $warnings; do
		check "$name: text shows warning $code" grep -q "$code" "$T/$name.txt"
	done
	# every probe of the report appears in the text
	for id in $probes; do
		check "$name: text shows probe $id" grep -qw -- "$id" "$T/$name.txt"
	done
}

# save NAME [RUNNER] -- ARGS: write a report with --output in some mode
save() {
	local name=$1 rc=0
	shift
	"$@" --format json --output "$T/$name.json" >"$T/$name.out" 2>"$T/$name.err" || rc=$?
	if [[ $rc -gt 1 || ! -s $T/$name.json ]]; then
		fail "$name: the check itself failed (exit $rc)"
		show "$T/$name.err"
		return 1
	fi
	check "$name: --output prints nothing on stdout" [ ! -s "$T/$name.out" ]
	if [[ -f $schema ]]; then
		if valid "$T/$name.json" 2>"$T/$name.invalid"; then
			ok "$name: the report validates against docs/report.schema.json"
		else
			fail "$name: the report does not validate against docs/report.schema.json"
			show "$T/$name.invalid"
		fi
	fi
	check "$name: the exit status (${rc}) matches verdict.ready" \
		[ "$( [ $rc = 0 ] && echo true || echo false)" = "$(json "$T/$name.json" 'r["verdict"]["ready"]')" ]
	roundtrip "$name" "$T/$name.json"
}

schema=$PF_SOURCE_ROOT/docs/report.schema.json
# valid REPORT: REPORT validates against the schema (JSON Schema 2020-12)
valid() {
	python3 - "$schema" "$1" <<'PY'
import json, sys, jsonschema
s = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
try:
    jsonschema.Draft202012Validator(s).validate(r)
except jsonschema.ValidationError as e:
    sys.exit(f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
PY
}

save default "$BP" || true
save no-userns "$BP" --no-user-namespace || true
save no-userns-env env BOUNDARY_NO_USER_NAMESPACE=1 "$BP" || true
save landjail "$BP" --jail landjail || true
save landjail-env env BOUNDARY_JAIL_TYPE=landjail "$BP" || true
save redact "$BP" --redact || true
save strict "$BP" --strict || true
if have_setpriv; then
	save nobody as_nobody "$BP" || true
	save nobody-landjail as_nobody "$BP" --jail landjail || true
	save nobody-redact as_nobody "$BP" --redact --no-user-namespace || true
	check "nobody: not ready" [ "$(json "$T/nobody.json" 'r["verdict"]["ready"]')" = false ]
else
	note "setpriv cannot switch to nobody: not-ready reports not produced"
fi
check "options recorded: --no-user-namespace" \
	[ "$(json "$T/no-userns.json" 'r["options"]["user_namespace"]')" = false ]
check "options recorded: BOUNDARY_NO_USER_NAMESPACE=1" \
	[ "$(json "$T/no-userns-env.json" 'r["options"]["user_namespace"]')" = false ]
check "options recorded: --jail landjail" [ "$(json "$T/landjail.json" 'r["options"]["jail"]')" = landjail ]
check "options recorded: BOUNDARY_JAIL_TYPE=landjail" \
	[ "$(json "$T/landjail-env.json" 'r["options"]["jail"]')" = landjail ]
check "options recorded: --strict" [ "$(json "$T/strict.json" 'r["options"]["strict"]')" = true ]

# Captured trees (tests/fixtures/<env>/) give reports of other environments.
for dir in "$PF_SOURCE_ROOT"/tests/fixtures/*/; do
	[[ -d $dir/proc ]] || continue
	env_name=$(basename "$dir")
	save "fixture-$env_name" "$BP" --root "$dir" || true
done

# Any saved v1 report in the source tree that validates against the schema
# (other suites' expected reports) must round-trip too: byte-identical when
# it is in the tool's own layout, equal as JSON otherwise.
n=0
while IFS= read -r -d '' f; do
	grep -q '"boundary-preflight/report/v1"' "$f" || continue
	if [[ -f $schema ]] && ! valid "$f" 2>/dev/null; then
		continue  # a deliberately broken input of some other suite
	fi
	n=$((n + 1))
	rc=0
	"$BP" explain --format json "$f" >"$T/tree.json" 2>"$T/tree.err" || rc=$?
	if [[ $rc == 0 ]] && python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$f" "$T/tree.json"; then
		ok "saved report ${f#"$PF_SOURCE_ROOT"/}: explain --format json keeps it"
	else
		fail "saved report ${f#"$PF_SOURCE_ROOT"/}: explain --format json (exit $rc) changes it"
		show "$T/tree.err"
	fi
done < <(find "$PF_SOURCE_ROOT/tests" "$PF_SOURCE_ROOT/docs" -name '*.json' -print0 2>/dev/null)
note "$n saved reports in the source tree checked"

# ---- refusals: exit 2, a message naming the file
# refused NAME FILE PATTERN...: explain FILE exits 2, stderr names FILE and
# matches each PATTERN (extended regex), stdout stays empty
refused() {
	local name=$1 file=$2 rc=0 fmt before=$failures
	shift 2
	for fmt in text json; do
		rc=0
		"$BP" explain --format "$fmt" "$file" >"$T/ref.out" 2>"$T/ref.err" || rc=$?
		check "$name ($fmt): exit 2 (got $rc)" [ "$rc" = 2 ]
		check "$name ($fmt): nothing on stdout" [ ! -s "$T/ref.out" ]
		check "$name ($fmt): message names the file" grep -qF -- "$file" "$T/ref.err"
		local pat
		for pat in "$@"; do
			check "$name ($fmt): message matches /$pat/" grep -qE -- "$pat" "$T/ref.err"
		done
	done
	((failures == before)) || show "$T/ref.err"
}

base=$T/default.json
if [[ ! -s $base ]]; then
	fail "no report to derive the malformed inputs from"
	finish
fi

# truncated in the middle of a line: jansson reports the end of input,
# which is on the last (partial) line
head -c "$(($(wc -c <"$base") / 2))" "$base" >"$T/truncated.json"
last_line=$(($(tr -cd '\n' <"$T/truncated.json" | wc -c) + 1))
refused "truncated JSON" "$T/truncated.json" "line $last_line|:$last_line:" "column|:$last_line:[0-9]+"

# a syntax error at a known place: line 3 is broken
python3 - "$base" "$T/syntax.json" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
lines[2] = lines[2].replace(":", " ", 1)   # "key" value: missing colon
open(sys.argv[2], "w").write("\n".join(lines))
PY
refused "syntax error on line 3" "$T/syntax.json" "line 3|:3:" "column|:3:[0-9]+"

: >"$T/empty.json"
refused "empty file" "$T/empty.json"
printf '[]\n' >"$T/array.json"
refused "JSON that is not an object" "$T/array.json"
{ cat "$base"; printf 'trailing\n'; } >"$T/trailing.json"
refused "trailing garbage" "$T/trailing.json"

# mutate NAME PYTHON: a copy of the base report changed by PYTHON over r
mutate() {
	python3 - "$base" "$T/$1.json" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(r, open(sys.argv[2], "w"), indent=2)
PY
}
mutate foreign 'r["schema"] = "something/else"'
refused "foreign schema" "$T/foreign.json" "something/else"
mutate newer 'r["schema"] = "boundary-preflight/report/v2"'
refused "newer schema version" "$T/newer.json" "v2|newer"
mutate noschema 'del r["schema"]'
refused "no schema member" "$T/noschema.json" "schema"
mutate noverdict 'del r["verdict"]'
refused "no verdict" "$T/noverdict.json" "verdict"
mutate badready 'r["verdict"]["ready"] = "yes"'
refused "verdict.ready not a boolean" "$T/badready.json" "ready"
mutate badprobes 'r["probes"] = {"id": "x"}'
refused "probes not an array" "$T/badprobes.json" "probes"

refused "missing file" "$T/does-not-exist.json" "[Nn]o such file"
mkdir "$T/a-directory.json"
refused "a directory" "$T/a-directory.json"
if have_setpriv; then
	cp "$base" "$T/private.json"
	chmod 0600 "$T/private.json"
	for fmt in text json; do
		rc=0
		as_nobody "$BP" explain --format "$fmt" "$T/private.json" >"$T/ref.out" 2>"$T/ref.err" || rc=$?
		check "unreadable file ($fmt): exit 2 (got $rc), nothing on stdout" [ "$rc" = 2 -a ! -s "$T/ref.out" ]
		check "unreadable file ($fmt): message names the file" grep -qF "$T/private.json" "$T/ref.err"
	done
fi

# ---- usage
for args in "explain" "explain $base $base" "explain --format xml $base" "explain --bogus $base"; do
	rc=0
	# shellcheck disable=SC2086
	"$BP" $args >"$T/out" 2>"$T/err" || rc=$?
	check "'${args//$T\//}' is a usage error (exit 2, got $rc)" [ "$rc" = 2 ]
done

finish
