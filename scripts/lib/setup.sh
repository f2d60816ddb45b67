# Shared by scripts/run and scripts/test: install what a fresh Debian machine
# lacks (by package name), then configure and build. Sourced, not run.

PF_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Packages needed to build and run the tool.
PF_BUILD_PACKAGES=(meson ninja-build pkg-config gcc libc6-dev libcap-dev libseccomp-dev
	libjansson-dev libcurl4-openssl-dev check)
# Extra packages the test suites use (engines, schema validation, emulation).
PF_TEST_PACKAGES=(python3 python3-jsonschema iproute2 iptables procps util-linux bsdutils
	docker.io podman runc golang-github-docker-docker-dev scdoc man-db
	valgrind clang libclang-rt-dev time binutils clang-tidy cppcheck)

pf_log() { printf '==> %s\n' "$*" >&2; }
pf_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Install the named Debian packages that are not installed yet.
pf_install_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || pf_die "missing packages (${missing[*]}); run as root or install them with apt-get"
	command -v apt-get >/dev/null || pf_die "missing packages (${missing[*]}) and no apt-get on this machine"
	pf_log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null || pf_die "apt-get update failed"
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
		pf_die "apt-get install ${missing[*]} failed"
}

# pf_build DIR [meson options...]: configure (once) and build.
pf_build() {
	local dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$PF_SRC" "$@" >/dev/null || pf_die "meson setup $dir failed"
	fi
	ninja -C "$dir" >/dev/null || { ninja -C "$dir"; pf_die "build in $dir failed"; }
}
