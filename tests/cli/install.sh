#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `meson install --destdir D` puts the binary, the manual page and the bash
# completion under the prefix. Usage: install.sh MESON
# shellcheck source=tests/cli/lib.sh disable=SC2016
. "$(dirname "$0")/lib.sh"

meson=${1:-meson}
command -v "$meson" >/dev/null || skip "meson is not on PATH ($meson)"

"$meson" introspect --buildoptions "$PF_BUILD_ROOT" >"$T/options.json"
opt() { json "$T/options.json" "[o['value'] for o in r if o['name'] == '$1'][0]"; }
prefix=$(opt prefix)
bindir=$(opt bindir)
mandir=$(opt mandir)
datadir=$(opt datadir)
# relative directories are under the prefix
under() { case $1 in /*) echo "$1" ;; *) echo "$prefix/$1" ;; esac; }
bindir=$(under "$bindir")
mandir=$(under "$mandir")
datadir=$(under "$datadir")
note "prefix $prefix, bindir $bindir, mandir $mandir, datadir $datadir"

D=$T/dest
rc=0
"$meson" install -C "$PF_BUILD_ROOT" --no-rebuild --destdir "$D" >"$T/install.log" 2>&1 || rc=$?
check "meson install --destdir exits 0 (got $rc)" [ "$rc" = 0 ]
[[ $rc == 0 ]] || show "$T/install.log"

bin=$D$bindir/boundary-preflight
check "the binary is installed at $bindir/boundary-preflight" [ -x "$bin" ]
check "the installed binary runs: $("$bin" --version 2>&1)" \
	[ "$("$bin" --version 2>/dev/null)" = "$("$BP" --version)" ]
rc=0
"$bin" --format json --output "$T/installed.json" >/dev/null 2>&1 || rc=$?
check "the installed binary runs the check (exit $rc)" [ "$rc" -le 1 -a -s "$T/installed.json" ]

# with the container subcommand, the static binary its twin runs, next to it
# (built unless the build is static itself, has no libcurl or a sanitizer)
if [[ ! -e $PF_BUILD_ROOT/boundary-preflight-static ]]; then
	check "no static twin binary is installed when the build made none" \
		[ ! -e "$D$bindir/boundary-preflight-static" ]
else
	static=$D$bindir/boundary-preflight-static
	check "the static binary is installed next to it" [ -x "$static" ]
	check "it is statically linked" sh -c "! readelf -l '$static' | grep -q 'program interpreter'"
fi

completion=$D$datadir/bash-completion/completions/boundary-preflight
check "the completion is installed at $datadir/bash-completion/completions/boundary-preflight" [ -f "$completion" ]
check "the installed completion is the source's" cmp -s "$completion" "$PF_SOURCE_ROOT/completion/boundary-preflight"

man=$D$mandir/man1/boundary-preflight.1
if command -v scdoc >/dev/null; then
	check "the manual is installed at $mandir/man1/boundary-preflight.1" [ -f "$man" ]
	check "the installed manual is the built one" cmp -s "$man" "$PF_BUILD_ROOT/docs/boundary-preflight.1"
	if command -v man >/dev/null && [[ -f $man ]]; then
		MANWIDTH=80 man -l "$man" >"$T/rendered" 2>"$T/err" || true
		check "the installed manual renders" grep -q "boundary-preflight" "$T/rendered"
	fi
else
	note "scdoc is not installed: no manual to install"
	check "without scdoc no manual is installed" [ ! -e "$man" ]
fi

# nothing else: test helpers and the test-hooks binary stay in the build tree
mapfile -t installed < <(cd "$D" && find . -type f | sed 's|^\.||' | sort)
for f in "${installed[@]}"; do
	case $f in
	"$bindir/boundary-preflight" | "$bindir/boundary-preflight-static" | "$mandir/man1/boundary-preflight.1" | \
		"$datadir/bash-completion/completions/boundary-preflight") ;;
	"$datadir"/doc/* | "$datadir"/boundary-preflight/*) ;;  # documentation, schema
	*) fail "unexpected installed file $f" ;;
	esac
done
ok "installed: ${installed[*]}"

finish
