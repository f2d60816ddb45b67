#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --help, --version, and every way to get the command line wrong: exit 2
# with a message that names the culprit, nothing on stdout.
# shellcheck source=tests/cli/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

version=$(sed -n "s/^ *version *: *'\([^']*\)'.*/\1/p" "$PF_SOURCE_ROOT/meson.build" | head -1)
# --version names the architecture it was built for: this machine's here
arch=$(uname -m)

# --- help
for args in "--help" "-h" "check --help" "exec --help" "explain --help" "--format json --help"; do
	rc=0
	# shellcheck disable=SC2086
	"$BP" $args >"$T/help" 2>"$T/err" || rc=$?
	check "'$args': exit 0 (got $rc)" [ "$rc" = 0 ]
	check "'$args': help on stdout, nothing on stderr" [ -s "$T/help" -a ! -s "$T/err" ]
done
"$BP" --help >"$T/help"
for sub in check exec container explain seccomp-profile; do
	check "--help names subcommand '$sub'" grep -qw -- "$sub" "$T/help"
done
# the command-line contract of docs/design.md, --root included
for opt in --format --output --jail --no-user-namespace --strict --quiet --timeout \
	--color --redact --base --root --engine-socket --binary --help --version; do
	check "--help names option $opt" grep -q -- "$opt\b" "$T/help"
done
for value in text json nsjail landjail auto always never; do
	check "--help names the value '$value'" grep -qw -- "$value" "$T/help"
done
check "--help states the exit statuses" grep -qi "exit status" "$T/help"
width=$(awk '{ if (length($0) > w) w = length($0) } END { print w }' "$T/help")
check "--help fits 80 columns (widest line: $width)" [ "$width" -le 80 ]
# container's own options belong to it; its usage errors exit 2
for args in "--engine-socket /x" "exec --binary /x -- true" "container" "container a b" "container --root / a"; do
	rc=0
	# shellcheck disable=SC2086
	"$BP" $args >"$T/out" 2>"$T/err" || rc=$?
	check "'$args': exit 2 with a message (got $rc: $(head -c 120 "$T/err"))" [ "$rc" = 2 -a -s "$T/err" -a ! -s "$T/out" ]
done
rc=0
"$BP" seccomp-profile --help >"$T/sp-help" 2>"$T/err" || rc=$?
check "seccomp-profile --help: exit 0 (got $rc)" [ "$rc" = 0 ]
check "seccomp-profile --help names --base and --output" \
	bash -c 'grep -q -- --base "$1" && grep -q -- --output "$1"' _ "$T/sp-help"

# --- version
for args in "--version" "check --version"; do
	rc=0
	# shellcheck disable=SC2086
	out=$("$BP" $args 2>"$T/err") || rc=$?
	check "'$args': exit 0 (got $rc)" [ "$rc" = 0 ]
	check "'$args' prints 'boundary-preflight $version (commit ..., $arch)' (got '$out')" \
		[ "${out%% (commit *}" = "boundary-preflight $version" -a "${out##*, }" = "$arch)" ]
done
# The commit is the source tree's, as git names it (the build captured it
# moments ago: meson test rebuilds first); "unknown" outside a checkout.
commit=$(sed -n 's/^boundary-preflight [^ ]* (commit \([^,]*\), .*)$/\1/p' <<<"$out")
if head=$(git -C "$PF_SOURCE_ROOT" rev-parse HEAD 2>/dev/null); then
	check "--version names the commit of the tree ($commit, HEAD $head)" \
		[ -n "$commit" -a "${head#"${commit%-dirty}"}" != "$head" -a ${#commit} -ge 12 ]
else
	check "--version says 'unknown' outside a git checkout (got '$commit')" [ "$commit" = unknown ]
fi
check "the version is 0.1.0 (meson.build: $version)" [ "$version" = 0.1.0 ]
"$BP" --format json --output "$T/r.json" >/dev/null 2>&1 || true
check "the JSON report carries the same version" [ "$(json "$T/r.json" 'r["tool"]["version"]')" = "$version" ]

# --- usage errors: exit 2, stderr names the culprit, stdout empty
# bad WANT_IN_STDERR ARGS...
bad() {
	local want=$1 rc=0
	shift
	"$BP" "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
	local shown="$*"
	check "'$shown': exit 2 (got $rc)" [ "$rc" = 2 ]
	check "'$shown': nothing on stdout" [ ! -s "$T/out" ]
	if grep -qF -- "$want" "$T/err"; then
		ok "'$shown': message names '$want'"
	else
		fail "'$shown': message does not name '$want': $(head -c 300 "$T/err")"
	fi
}
bad --bogus --bogus
bad --bogus check --bogus
bad --bogus exec --bogus -- true
bad --bogus=1 --bogus=1
bad -x -x
bad -x -xy
bad --strict=1 --strict=1
bad --format --format
bad xml --format xml
bad xml --format=xml
bad YAML check --format YAML
bad chroot --jail chroot
bad chroot --jail=chroot
bad bwrap exec --jail bwrap -- true
bad rainbow --color rainbow
bad rainbow --color=rainbow
bad abc --timeout abc
bad 0 --timeout 0
bad -5 --timeout=-5
bad 10ms --timeout 10ms
bad 9999999 --timeout 9999999
bad /no/such/dir --root /no/such/dir
bad extra-arg check extra-arg
bad extra-arg extra-arg
bad frobnicate frobnicate
bad --output --output
bad --bogus seccomp-profile --bogus
bad surplus seccomp-profile surplus

# --- --root must name a directory: a regular file, a link to one, a device
# or a missing path is refused before anything is probed, run or written
# (exit 2, the path and what is wrong with it named, no report)
printf 'not a captured tree\n' >"$T/root-file"
ln -s root-file "$T/root-link"
mkdir "$T/root-dir"
# root_refused WANT_IN_STDERR ARGS...
root_refused() {
	local want=$1 rc=0
	shift
	rm -f "$T/root-report.json" "$T/root-ran"
	"$BP" "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
	local shown="$*"
	shown=${shown//"$T"/\$T}
	check "'$shown': exit 2 (got $rc: $(head -n 1 "$T/err" | head -c 200))" [ "$rc" = 2 ]
	check "'$shown': says \"$want\"" grep -qF -- "$want" "$T/err"
	check "'$shown': nothing on stdout" [ ! -s "$T/out" ]
	check "'$shown': no report written" [ ! -e "$T/root-report.json" ]
	if [ "$1" = exec ]; then
		check "'$shown': COMMAND not run" [ ! -e "$T/root-ran" ]
	fi
}
file_msg="--root '$T/root-file': not a directory"
root_refused "$file_msg" --root "$T/root-file"
root_refused "$file_msg" --root "$T/root-file" --format json --output "$T/root-report.json"
root_refused "$file_msg" check --root="$T/root-file" --output "$T/root-report.json"
root_refused "$file_msg" exec --root "$T/root-file" --output "$T/root-report.json" -- touch "$T/root-ran"
root_refused "--root '$T/root-link': not a directory" --root "$T/root-link" --output "$T/root-report.json"
root_refused "--root '/dev/null': not a directory" --root /dev/null --output "$T/root-report.json"
root_refused "--root '$T/root-file/proc': not a directory" --root "$T/root-file/proc"
root_refused "--root '$T/no-such-dir': No such file or directory" \
	--root "$T/no-such-dir" --output "$T/root-report.json"
root_refused "--root '': No such file or directory" --root "" --output "$T/root-report.json"
# the same calls with a directory go through: the refusals are --root's
rc=0
"$BP" --root "$T/root-dir" --format json --output "$T/root-report.json" >"$T/out" 2>"$T/err" || rc=$?
check "--root (a directory): exit 0 or 1 (got $rc: $(head -n 1 "$T/err" | head -c 200))" [ "$rc" -le 1 ]
check "--root (a directory): the report is written" [ -s "$T/root-report.json" ]

# an option value from the environment
envbad() {
	local var=$1 value=$2 rc=0
	env "$var=$value" "$BP" >"$T/out" 2>"$T/err" </dev/null || rc=$?
	check "$var=$value: exit 2 (got $rc)" [ "$rc" = 2 ]
	check "$var=$value: message names $var" grep -qF "$var" "$T/err"
	check "$var=$value: message names '$value'" grep -qF -- "$value" "$T/err"
	check "$var=$value: nothing on stdout" [ ! -s "$T/out" ]
}
envbad BOUNDARY_JAIL_TYPE chroot
envbad BOUNDARY_JAIL_TYPE NSJAIL
envbad BOUNDARY_NO_USER_NAMESPACE maybe
# boundary reads it with Go's strconv.ParseBool, which refuses these too
envbad BOUNDARY_NO_USER_NAMESPACE yes
envbad BOUNDARY_NO_USER_NAMESPACE on
# a flag that settles the option makes a bad environment value moot
rc=0
env BOUNDARY_JAIL_TYPE=chroot "$BP" --jail nsjail --quiet >/dev/null 2>&1 || rc=$?
check "--jail nsjail with BOUNDARY_JAIL_TYPE=chroot: the flag wins (exit $rc)" [ "$rc" != 2 ]
rc=0
env BOUNDARY_JAIL_TYPE=chroot "$BP" --help >/dev/null 2>&1 || rc=$?
check "--help with BOUNDARY_JAIL_TYPE=chroot: exit 0 (got $rc)" [ "$rc" = 0 ]

# --- the environment gives defaults, flags win
opt() { json "$T/o.json" "r[\"options\"][\"$1\"]"; }
env BOUNDARY_JAIL_TYPE=landjail "$BP" --format json --output "$T/o.json" >/dev/null 2>&1 || true
check "BOUNDARY_JAIL_TYPE=landjail: jail landjail" [ "$(opt jail)" = landjail ]
env BOUNDARY_JAIL_TYPE=landjail "$BP" --jail nsjail --format json --output "$T/o.json" >/dev/null 2>&1 || true
check "--jail nsjail wins over BOUNDARY_JAIL_TYPE=landjail" [ "$(opt jail)" = nsjail ]
env BOUNDARY_JAIL_TYPE= "$BP" --format json --output "$T/o.json" >/dev/null 2>&1 || true
check "BOUNDARY_JAIL_TYPE empty: the default, nsjail" [ "$(opt jail)" = nsjail ]
# each run writes a fresh file: a refused value must not pass on the last one's
for v in 1 t T true TRUE True; do
	rm -f "$T/o.json"
	env BOUNDARY_NO_USER_NAMESPACE=$v "$BP" --format json --output "$T/o.json" >/dev/null 2>&1 || true
	check "BOUNDARY_NO_USER_NAMESPACE=$v: user_namespace false" [ "$(opt user_namespace)" = false ]
done
for v in 0 f F false FALSE False ""; do
	rm -f "$T/o.json"
	env BOUNDARY_NO_USER_NAMESPACE=$v "$BP" --format json --output "$T/o.json" >/dev/null 2>&1 || true
	check "BOUNDARY_NO_USER_NAMESPACE='$v': user_namespace true" [ "$(opt user_namespace)" = true ]
done
"$BP" --no-user-namespace --format json --output "$T/o.json" >/dev/null 2>&1 || true
check "--no-user-namespace: user_namespace false" [ "$(opt user_namespace)" = false ]
# a later --format wins over an earlier one, as with getopt everywhere
"$BP" --format text --format json >"$T/o.json" 2>/dev/null || true
check "the last --format wins" [ "$(opt jail)" = nsjail ]

# the report records no environment variables or command line
env BOUNDARY_PREFLIGHT_CANARY=canary-4711 "$BP" --format json --output "$T/canary-path-4712.json" \
	>/dev/null 2>&1 || true
check "the report carries no environment variable" not grep -q canary-4711 "$T/canary-path-4712.json"
check "the report carries no command line" not grep -q canary-path-4712 "$T/canary-path-4712.json"

finish
