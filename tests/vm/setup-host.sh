#!/bin/bash
# Install the Debian packages the VM bench needs on the host. Idempotent: it
# runs apt-get only when a package is missing, so a prepared machine does no
# network access. Needs root.
set -euo pipefail

# The headers meta-packages pick the two kernels that kernels.sh boots.
# linux-headers-6.12-amd64 depends on its image package, which apt installs
# on the host too; the bench never boots the host's copy.
packages=(
	qemu-system-x86
	busybox-static
	cpio
	gzip
	xz-utils
	zstd
	kmod
	build-essential
	libelf-dev
	bc
	linux-headers-amd64
	linux-headers-6.12-amd64
	# ksctl (cli/) and its unit tests.
	pkg-config
	libbpf-dev
	libkmod-dev
	liblzma-dev
	libzstd-dev
	zlib1g-dev
	# The CVE catalog (ksctl catalog and its checker).
	libjson-c-dev
	# The parser fuzzer (libFuzzer with ASan and UBSan) and make lint:
	# linux-source-6.12 carries scripts/checkpatch.pl in its tarball.
	clang-14
	libclang-rt-14-dev
	clang-tidy-14
	cppcheck
	sparse
	linux-source-6.12
	# make deb and its check: the packages, dkms builds, lintian.
	debhelper
	dh-dkms
	dkms
	dpkg-dev
	fakeroot
	lintian
	# The systemd unit check (systemd-analyze verify).
	systemd
	# The Ansible role check: ansible-playbook on the host (its apt module
	# needs python3-apt), and dropbear (SSH server) plus Debian's python3
	# copied into the VM initramfs.
	ansible
	python3-apt
	dropbear-bin
	python3
	openssh-client
)

missing=()
for package in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
	if [ "$status" != installed ]; then
		missing+=("$package")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "setup-host.sh: all ${#packages[@]} packages are installed"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "setup-host.sh: error: missing packages ${missing[*]}: run as root to install them" >&2
	exit 1
fi

echo "setup-host.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
