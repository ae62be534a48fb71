#!/bin/bash
# Build what the VM initramfs carries besides the kernel's own modules:
#   build/prog/NAME       static test programs from tests/vm/prog/NAME.c
#   build/cli/vm-root/    ksctl and the shared libraries it loads
#   build/KVER/target/    ks_target.ko, from a copy of tests/vm/target/
#   build/KVER/kmod/      killswitch.ko, from a copy of kmod/ (skipped while
#                         kmod/Kbuild does not exist)
# Each kernel builds in its own copy of the sources, so the builds never
# share object files. Run kernels.sh first: it selects the kernels. With KVER
# arguments, builds the modules for those kernels only.
#
# build.sh --kdir DIR NAME builds the test modules into build/NAME/target
# against the kernel build directory DIR instead, and no killswitch.ko:
# check-intree.sh uses it for its kernel with killswitch built in.
set -euo pipefail
. "$(dirname "$0")/common.sh"

JOBS=${KS_JOBS:-2}
CFLAGS_PROG=(-static -O2 -Wall -Wextra -Werror -std=c11)

build_programs() {
	local src name out
	mkdir -p "$KS_BUILD/prog"
	for src in "$KS_VM"/prog/*.c; do
		[ -e "$src" ] || continue
		name=$(basename "$src" .c)
		out=$KS_BUILD/prog/$name
		if [ "$out" -nt "$src" ]; then
			continue
		fi
		ks_log "cc $name"
		gcc "${CFLAGS_PROG[@]}" -o "$out.tmp" "$src"
		mv "$out.tmp" "$out"
	done
}

# Copy module sources SRC to DST and build them against KVER's headers, or
# against the kernel build directory KDIR when it is given. The copy starts
# fresh each time, so a file deleted from SRC cannot linger.
build_module() {
	local kver=$1 src=$2 dst=$3
	local headers=${4:-/usr/src/linux-headers-$kver}

	[ -d "$headers" ] || ks_die "$headers is missing: run tests/vm/setup-host.sh"
	rm -rf "$dst"
	mkdir -p "$(dirname "$dst")"
	cp -a "$src" "$dst"
	ks_log "$kver: make M=${dst#"$KS_ROOT"/}"
	make -s -C "$headers" M="$dst" -j"$JOBS" modules
}

build_programs
# ksctl with its ELF interpreter and shared libraries, in build/cli/vm-root.
make -s -C "$KS_ROOT/cli" vm

if [ "${1:-}" = --kdir ]; then
	[ $# -eq 3 ] || ks_die "usage: build.sh --kdir DIR NAME"
	build_module "$3" "$KS_VM/target" "$KS_BUILD/$3/target" "$2"
	[ -f "$KS_BUILD/$3/target/ks_target.ko" ] ||
		ks_die "ks_target.ko missing after the build against $2"
	exit 0
fi

if [ $# -gt 0 ]; then
	kvers=("$@")
else
	mapfile -t kvers < <(ks_kvers)
fi
for kver in "${kvers[@]}"; do
	build_module "$kver" "$KS_VM/target" "$KS_BUILD/$kver/target"
	[ -f "$KS_BUILD/$kver/target/ks_target.ko" ] ||
		ks_die "ks_target.ko missing after the build for $kver"

	if [ -f "$KS_ROOT/kmod/Kbuild" ]; then
		build_module "$kver" "$KS_ROOT/kmod" "$KS_BUILD/$kver/kmod"
		[ -f "$KS_BUILD/$kver/kmod/killswitch.ko" ] ||
			ks_die "killswitch.ko missing after the build of kmod/ for $kver"
	else
		rm -rf "$KS_BUILD/$kver/kmod"
		ks_log "$kver: kmod/Kbuild not found, skipping killswitch.ko"
	fi
done
