# SPDX-License-Identifier: MIT
# Shared by scripts/run and scripts/test: install what a fresh Debian machine
# lacks (by package name), then configure and build. Sourced, not run.

PF_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Packages needed to build and run the tool.
PF_BUILD_PACKAGES=(meson ninja-build pkg-config gcc libc6-dev libcap-dev libseccomp-dev
	libjansson-dev libcurl4-openssl-dev check)
# Extra packages the test suites use (engines, schema validation, emulation).
PF_TEST_PACKAGES=(python3 python3-jsonschema iproute2 iptables procps util-linux bsdutils sudo
	docker.io podman runc golang-github-docker-docker-dev runsc containerd docker-compose uidmap systemd-container lxc
	scdoc man-db
	valgrind clang libclang-rt-dev time binutils clang-tidy cppcheck clang-format)
# The aarch64 cross build (scripts/cross/aarch64-linux-gnu.ini) and its tests
# under qemu-user: Debian's cross toolchain and, through multiarch, the arm64
# libraries (pf_install_packages enables the arm64 architecture first).
PF_CROSS_PACKAGES=(gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
	qemu-user-static libc6:arm64 libcap-dev:arm64 libseccomp-dev:arm64 libjansson-dev:arm64
	check:arm64)

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
	# a package of another architecture (libcap-dev:arm64) needs multiarch
	local arch
	for arch in $(printf '%s\n' "${missing[@]}" | sed -n 's/^[^:]*:\(.*\)$/\1/p' | sort -u); do
		[ "$arch" = "$(dpkg --print-architecture)" ] && continue
		dpkg --print-foreign-architectures | grep -qx "$arch" ||
			dpkg --add-architecture "$arch" || pf_die "dpkg --add-architecture $arch failed"
	done
	export DEBIAN_FRONTEND=noninteractive
	# other installers may hold the lock: wait for it rather than fail
	apt-get -o DPkg::Lock::Timeout=900 update -q >/dev/null || pf_die "apt-get update failed"
	apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
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
