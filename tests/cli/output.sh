#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --output FILE: written atomically (temporary file in the same directory,
# fsync, rename). A failed write keeps the previous FILE byte for byte,
# leaves no temporary file, exits 3 and names the file.
# shellcheck source=tests/cli/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

# --- success
rc=0
(umask 022 && "$BP" --format json --output "$T/new.json") >"$T/out" 2>"$T/err" || rc=$?
check "--output: the check exits 0 or 1 (got $rc)" [ "$rc" -le 1 ]
check "--output: nothing on stdout" [ ! -s "$T/out" ]
check "--output: the file is a complete JSON report" \
	[ "$(json "$T/new.json" 'r["schema"]')" = boundary-preflight/report/v1 ]
check "--output: system.machine is uname -m ($(uname -m))" \
	[ "$(json "$T/new.json" 'r["system"]["machine"]')" = "$(uname -m)" ]
check "--output: system.kernel is uname -r ($(uname -r))" \
	[ "$(json "$T/new.json" 'r["system"]["kernel"]')" = "$(uname -r)" ]
check "--output: a new file gets 0644 under umask 022 (got $(stat -c %a "$T/new.json"))" \
	[ "$(stat -c %a "$T/new.json")" = 644 ]
rc=0
"$BP" --output "$T/new.txt" >"$T/out" 2>"$T/err" || rc=$?
check "--output text: file written, stdout empty" [ -s "$T/new.txt" -a ! -s "$T/out" ]
check "--output text: the file is the text report, not JSON" not grep -q '^{' "$T/new.txt"
printf 'old\n' >"$T/keep-mode.json"
chmod 0600 "$T/keep-mode.json"
"$BP" --format json --output "$T/keep-mode.json" >/dev/null 2>&1 || true
check "--output: replacing a file keeps its mode 0600 (got $(stat -c %a "$T/keep-mode.json"))" \
	[ "$(stat -c %a "$T/keep-mode.json")" = 600 ]
check "--output: replacing a file replaces its content" \
	[ "$(json "$T/keep-mode.json" 'r["schema"]')" = boundary-preflight/report/v1 ]
check "--output: no temporary file left after success" \
	[ -z "$(find "$T" -maxdepth 1 -name '.*.??????' -print)" ]

# expect_kept NAME DIR FILE GOT WANT ERR: the run exited WANT, named FILE,
# FILE (when it exists) still holds "precious", DIR has no temporary file
expect_kept() {
	local name=$1 dir=$2 file=$3 got=$4 want=$5 err=$6 before=$failures
	check "$name: exit $want (got $got)" [ "$got" = "$want" ]
	check "$name: message names $file" grep -qF -- "$file" "$err"
	if [[ -f $file ]]; then
		check "$name: the old file is untouched" cmp -s "$file" "$T/precious"
	fi
	local left
	# the writer's temporary file is DIR/.NAME.XXXXXX (src/output.c)
	left=$(find "$dir" -maxdepth 1 -name ".$(basename "$file").??????" -print 2>/dev/null || true)
	check "$name: no temporary file left in $dir${left:+ ($left)}" [ -z "$left" ]
	((failures == before)) || show "$err"
}
printf 'precious report\n' >"$T/precious"

# --- a directory that does not exist
rc=0
"$BP" --format json --output "$T/no-such-dir/r.json" >"$T/out" 2>"$T/err" || rc=$?
expect_kept "missing directory" "$T" "$T/no-such-dir/r.json" "$rc" 3 "$T/err"
check "missing directory: nothing on stdout" [ ! -s "$T/out" ]

# --- the output path is a directory: the rename fails after the temp file
# was written, so this exercises the cleanup path
mkdir "$T/is-a-dir"
rc=0
"$BP" --format json --output "$T/is-a-dir" >"$T/out" 2>"$T/err" || rc=$?
expect_kept "output is a directory" "$T" "$T/is-a-dir" "$rc" 3 "$T/err"
check "output is a directory: still a directory" [ -d "$T/is-a-dir" ]

# --- a read-only directory (root ignores permissions: bind-mount it
# read-only in a private mount namespace)
if unshare -m true 2>/dev/null; then
	mkdir "$T/ro"
	cp "$T/precious" "$T/ro/r.json"
	rc=0
	unshare -m bash -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" --format json --output "$1/r.json"' \
		_ "$T/ro" "$BP" >"$T/out" 2>"$T/err" || rc=$?
	expect_kept "read-only directory" "$T/ro" "$T/ro/r.json" "$rc" 3 "$T/err"
	rc=0
	unshare -m bash -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" --output "$1/r.json"' \
		_ "$T/ro" "$BP" >"$T/out" 2>"$T/err" || rc=$?
	expect_kept "read-only directory (text)" "$T/ro" "$T/ro/r.json" "$rc" 3 "$T/err"

	# --- a full file system: the temporary file is created, the write
	# fails with ENOSPC, and the temporary file must go
	mkdir "$T/full"
	before=$failures
	rc=0
	unshare -m bash -c '
		set -e
		mount -t tmpfs -o size=64k,mode=0777 bp-full "$1"
		cp "$3/precious" "$1/r.json"
		dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null || true
		rc=0
		"$2" --format json --output "$1/r.json" 2>"$3/full.err" || rc=$?
		cmp -s "$1/r.json" "$3/precious" && echo kept >"$3/full.kept"
		ls -A "$1" >"$3/full.ls"
		exit $rc' _ "$T/full" "$BP" "$T" >"$T/out" 2>"$T/err" || rc=$?
	check "full file system: exit 3 (got $rc)" [ "$rc" = 3 ]
	check "full file system: the old file is untouched" [ -e "$T/full.kept" ]
	check "full file system: only the old file and the filler remain ($(tr '\n' ' ' <"$T/full.ls"))" \
		[ "$(tr '\n' ' ' <"$T/full.ls")" = "filler r.json " ]
	check "full file system: message names the file" grep -qF "$T/full/r.json" "$T/full.err"
	((failures == before)) || show "$T/full.err"
else
	note "unshare -m unavailable: read-only and full file system cases not run"
fi

# --- a directory nobody may write (permissions, as a plain user)
if have_setpriv; then
	mkdir "$T/root-only"
	chmod 0755 "$T/root-only"
	cp "$T/precious" "$T/root-only/r.json"
	chmod 0666 "$T/root-only/r.json"  # the file is writable, the directory is not
	rc=0
	as_nobody "$BP" --format json --output "$T/root-only/r.json" >"$T/out" 2>"$T/err" || rc=$?
	expect_kept "directory not writable by the user" "$T/root-only" "$T/root-only/r.json" "$rc" 3 "$T/err"
fi

# --- exec: a report that cannot be written stops the command
rm -f "$T/ran"
rc=0
"$BP" exec --output "$T/no-such-dir/r.json" -- touch "$T/ran" >"$T/out" 2>"$T/err" || rc=$?
check "exec with an unwritable --output: exit 3 (got $rc)" [ "$rc" = 3 ]
check "exec with an unwritable --output: the command did not run" [ ! -e "$T/ran" ]

# --- seccomp-profile --output follows the same rule
rc=0
"$BP" seccomp-profile --output "$T/profile.json" >"$T/out" 2>"$T/err" || rc=$?
check "seccomp-profile --output: exit 0 (got $rc), stdout empty" [ "$rc" = 0 -a ! -s "$T/out" ]
check "seccomp-profile --output: the file is JSON" python3 -m json.tool "$T/profile.json" /dev/null
rc=0
"$BP" seccomp-profile --output "$T/no-such-dir/p.json" >"$T/out" 2>"$T/err" || rc=$?
expect_kept "seccomp-profile, missing directory" "$T" "$T/no-such-dir/p.json" "$rc" 3 "$T/err"
if unshare -m true 2>/dev/null; then
	cp "$T/precious" "$T/ro/p.json"
	rc=0
	unshare -m bash -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" seccomp-profile --output "$1/p.json"' \
		_ "$T/ro" "$BP" >"$T/out" 2>"$T/err" || rc=$?
	expect_kept "seccomp-profile, read-only directory" "$T/ro" "$T/ro/p.json" "$rc" 3 "$T/err"
fi

finish
