#!/bin/bash
# Build build/KVER/initramfs.cpio.gz for each kernel kernels.sh selected, or
# for the KVER arguments. Run kernels.sh and build.sh first.
#
# Layout inside the initramfs:
#   /init                   tests/vm/initramfs/init
#   /bin, /sbin, /usr/...   busybox-static and its applet links (/sbin/modprobe)
#   /bin/NAME               static test programs from build/prog/
#   /sbin/ksctl, /lib*/     ksctl (dynamic) with its loader and libraries
#   /lib/modules/KVER/      kernel modules from modules.list, with depmod output
#   /lib/ks/                ks_target.ko and the other test modules of
#                           tests/vm/target/, killswitch.ko (when built), the
#                           shell libraries tests/vm/lib/*.sh (tap.sh, ...)
#                           and demo-steps.sh; the suites insmod from here
#   /suite/*.sh             tests/vm/suite/*.sh
#   /suite/bench/run.sh     tests/vm/bench/run.sh, which only
#                           ks.suite=bench/run (make bench) runs
#   /usr/share/killswitch/catalog/  catalog/*.json
#   /suite/boot/*.sh        tests/vm/suite/boot/*.sh: suites for boots of
#                           their own, which only ks.suite=boot/NAME runs
#   /suite/intree/*.sh      tests/vm/suite/intree/*.sh: suites for a kernel
#                           with killswitch built in (make check-intree),
#                           which only ks.suite=intree/NAME runs
set -euo pipefail
. "$(dirname "$0")/../common.sh"

BUSYBOX=${KS_BUSYBOX:-/bin/busybox}

build_initramfs() {
	local kver=$1 out=$KS_BUILD/$1
	local root=$out/initramfs
	local applet

	[ -f "$out/vmlinuz" ] || ks_die "$out/vmlinuz is missing: run tests/vm/kernels.sh"
	[ -f "$out/target/ks_target.ko" ] ||
		ks_die "$out/target/ks_target.ko is missing: run tests/vm/build.sh"
	# A dynamically linked busybox would need a C library in the image.
	if ! file_is_static "$BUSYBOX"; then
		ks_die "$BUSYBOX is not statically linked: install busybox-static"
	fi

	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,suite,lib/ks}

	cp "$BUSYBOX" "$root/bin/busybox"
	for applet in $("$BUSYBOX" --list-full); do
		case $applet in
		bin/busybox | linuxrc) continue ;;
		esac
		ln -s /bin/busybox "$root/$applet"
	done

	cp -a "$out/modules/lib/modules" "$root/lib/"
	cp "$out/target/"*.ko "$root/lib/ks/"
	if [ -f "$out/kmod/killswitch.ko" ]; then
		cp "$out/kmod/killswitch.ko" "$root/lib/ks/"
	fi
	cp "$KS_VM"/lib/*.sh "$KS_VM/initramfs/demo-steps.sh" "$root/lib/ks/"
	cp "$KS_BUILD"/prog/* "$root/bin/"
	# /sbin/ksctl, its ELF interpreter and libraries at their host paths.
	cp -a "$KS_BUILD/cli/vm-root/." "$root/"
	cp "$KS_VM"/suite/*.sh "$root/suite/"
	mkdir -p "$root/suite/bench"
	cp "$KS_VM"/bench/*.sh "$root/suite/bench/"
	# The CVE catalog at its installed path, for ksctl catalog.
	mkdir -p "$root/usr/share/killswitch/catalog"
	cp "$KS_ROOT"/catalog/*.json "$root/usr/share/killswitch/catalog/"
	cp -r "$KS_VM/suite/boot" "$KS_VM/suite/intree" "$root/suite/"
	install -m 0755 "$KS_VM/initramfs/init" "$root/init"

	# The kernel opens /dev/console for /init before devtmpfs is mounted.
	# Creating the node needs root; without it /init reopens the console
	# itself after mounting devtmpfs, and the kernel logs a warning.
	if [ "$(id -u)" -eq 0 ]; then
		mknod -m 600 "$root/dev/console" c 5 1
	fi

	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -n -6 >"$out/initramfs.cpio.gz.tmp"
	mv "$out/initramfs.cpio.gz.tmp" "$out/initramfs.cpio.gz"
	ks_log "$kver: ${out#"$KS_ROOT"/}/initramfs.cpio.gz ($(du -k "$out/initramfs.cpio.gz" | cut -f1) KiB, $(cd "$root/lib/ks" && echo *.ko))"
}

# Exit 0 if ELF file $1 has no program interpreter, that is, is static.
file_is_static() {
	local headers
	headers=$(LC_ALL=C readelf -l "$1") || return 1
	! grep -q 'Requesting program interpreter' <<<"$headers"
}

if [ $# -gt 0 ]; then
	kvers=("$@")
else
	mapfile -t kvers < <(ks_kvers)
fi
for kver in "${kvers[@]}"; do
	build_initramfs "$kver"
done
