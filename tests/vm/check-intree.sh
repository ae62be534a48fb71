#!/bin/bash
# Test the in-tree form of killswitch (make check-intree): apply patches/
# to Debian's linux-source-6.12, build a small kernel with killswitch and
# its KUnit tests built in, and boot it in QEMU (TCG) three times:
#
#   boot      killswitch=__x64_sys_sysinfo=-EPERM,... on the command line,
#             checked by the first userspace program before anything else
#             runs (ks.first=intree/first), then the KUnit results the
#             kernel printed at boot (intree/kunit) and the boot log
#             (intree/boot)
#   main      no KUnit run and no boot list: the taint flag from a clean
#             start (intree/taint), then the in-VM suites that apply to a
#             built-in killswitch, in $KS_INTREE_SUITES
#   lockdown  lockdown=integrity with a boot list (intree/lockdown)
#
# The kernel build is cached in $KS_INTREE_CACHE, one directory per hash
# of the series, the configuration fragment, the source tarball and
# $RECIPE, so a run with unchanged inputs only boots. The default,
# /var/cache/killswitch-intree, is outside /var/cache/killswitch because
# the killswitch-tools package owns that and removes it when purged.
#
# A cold build unpacks the tarball, commits it to a fresh git repository
# and applies the series with git am, which proves that the series
# applies. A cache hit skips that too, because its key contains the
# series. A build is complete once its directory has the file "complete",
# and other cache directories are removed after a build.
#
# Set KS_VM_LOCK to a file to run each VM under flock on it, so VMs of
# concurrent runs on one machine take turns. Ends with "N passed, N failed"
# over the three boots and exits non-zero if any boot failed.
set -euo pipefail
. "$(dirname "$0")/common.sh"

TARBALL=${KS_INTREE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
CACHE=${KS_INTREE_CACHE:-/var/cache/killswitch-intree}
JOBS=${KS_JOBS:-2}
FRAGMENT=$KS_ROOT/intree/kernel.config
PATCHES=$KS_ROOT/patches
NAME=intree
OUT=$KS_BUILD/$NAME
# Bump when the build commands below change what they produce.
RECIPE=1
# Suites of tests/vm/suite that apply to a built-in killswitch. Of the
# others, 50, 60 and 62 load or unload killswitch.ko. 45 and 88 add guard
# rules or seal, which a built-in killswitch keeps until reboot. 00, 75,
# 80, 85, 86 and 90 need what this small kernel leaves out: AF_ALG, BPF
# and the module files ksctl reads.
KS_INTREE_SUITES=${KS_INTREE_SUITES:-10-files,20-engage,30-errors,35-hostile,40-tryengage,70-privilege}
BOOT_LIST=__x64_sys_sysinfo=-EPERM,bogus_entry,no_such_function_here=1

# Run step $1, the command after it, and print how long it took.
timed_step() {
	local name=$1 start
	shift
	start=$(ks_now)
	"$@" || ks_die "step $name failed: $*"
	ks_log "step $name took $(($(ks_now) - start)) s"
}

# Print the cache key: a hash of everything the kernel build depends on.
cache_key() {
	{
		echo "recipe $RECIPE"
		stat -c 'tarball %n %s %Y' "$TARBALL"
		sha256sum "$FRAGMENT" "$PATCHES"/*.patch | sed "s|$KS_ROOT/||"
	} | sha256sum | cut -c1-16
}

# Unpack the tarball into $1/src, commit it and apply the series.
prepare_tree() {
	local dir=$1
	local git=(git -c user.name=check-intree -c user.email=check-intree@localhost
		-c core.autocrlf=false -c gc.auto=0)
	mkdir -p "$dir/src"
	tar -xJf "$TARBALL" -C "$dir/src" --strip-components=1
	# Debian's .gitignore ignores the whole top level: add with -f.
	"${git[@]}" -C "$dir/src" init -q
	"${git[@]}" -C "$dir/src" add -Af .
	"${git[@]}" -C "$dir/src" commit -q -m "${TARBALL##*/}"
	"${git[@]}" -C "$dir/src" am -q --whitespace=error "$PATCHES"/*.patch ||
		ks_die "the series in patches/ does not apply to ${TARBALL##*/}"
	ks_log "applied $(ls "$PATCHES"/*.patch | wc -l) patches to ${TARBALL##*/}"
}

# Configure tinyconfig plus the fragment in $1/obj and check that every
# line of the fragment survived olddefconfig.
configure() {
	local dir=$1 line missing=()
	make -s -C "$dir/src" O="$dir/obj" tinyconfig >/dev/null
	"$dir/src/scripts/kconfig/merge_config.sh" -m -O "$dir/obj" \
		"$dir/obj/.config" "$FRAGMENT" >/dev/null
	make -s -C "$dir/src" O="$dir/obj" olddefconfig
	while read -r line; do
		case $line in '' | '#'*) continue ;; esac
		grep -qxF -- "$line" "$dir/obj/.config" || missing+=("$line")
	done <"$FRAGMENT"
	[ ${#missing[@]} -eq 0 ] ||
		ks_die "${FRAGMENT#"$KS_ROOT"/}: not in the resulting .config (a dependency is off): ${missing[*]}"
}

# "modules" as well, for Module.symvers and modules.order, which the test
# modules' build and depmod need even though no in-tree module is enabled.
build_kernel() {
	local dir=$1
	make -s -C "$dir/src" O="$dir/obj" -j"$JOBS" bzImage modules
}

# Build in $CACHE/KEY, in place because the build directory records the
# source directory's path, and mark it complete at the end, so an
# interrupted build is never taken for a cached one.
cold_build() {
	local dir=$CACHE/$1 old
	rm -rf "$dir"
	mkdir -p "$dir"
	timed_step apply prepare_tree "$dir"
	timed_step configure configure "$dir"
	timed_step kernel build_kernel "$dir"
	touch "$dir/complete"
	for old in "$CACHE"/*; do
		[ "$old" = "$dir" ] || rm -rf "$old"
	done
}

# Lay out build/intree as run-vm.sh and build-initramfs.sh expect it.
stage() {
	local dir=$1 release
	release=$(cat "$dir/obj/include/config/kernel.release")
	mkdir -p "$OUT"
	cp "$dir/obj/arch/x86/boot/bzImage" "$OUT/vmlinuz"
	cp "$dir/obj/.config" "$OUT/config"
	# No loadable kernel module besides the test modules: an empty
	# module tree with its depmod files, so modprobe finds nothing.
	rm -rf "$OUT/modules"
	mkdir -p "$OUT/modules/lib/modules/$release"
	cp "$dir/obj/modules.order" "$dir/obj/modules.builtin" \
		"$dir/obj/modules.builtin.modinfo" "$OUT/modules/lib/modules/$release/"
	depmod -b "$OUT/modules" "$release"
	"$KS_VM/build.sh" --kdir "$dir/obj" "$NAME"
	"$KS_VM/initramfs/build-initramfs.sh" "$NAME"
}

# Boot once: $1 is the run name, the rest run-vm.sh options and kernel
# arguments. Adds the run's counts to the totals.
boot() {
	local run=$1 log=$OUT/run-vm-$1.out summary passed failed status start
	shift
	local vm=("$KS_VM/run-vm.sh" "$@")
	if [ -n "${KS_VM_LOCK:-}" ]; then
		vm=(flock "$KS_VM_LOCK" "${vm[@]}")
	fi
	start=$(ks_now)
	set +e
	"${vm[@]}" | tee "$log"
	status=${PIPESTATUS[0]}
	set -e
	ks_log "step vm $run took $(($(ks_now) - start)) s"
	summary=$(sed -n "s/^$NAME: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p" "$log" | tail -n1)
	if [ -n "$summary" ]; then
		read -r passed failed <<<"$summary"
	else
		passed=0
		failed=1
	fi
	if [ "$status" -ne 0 ]; then
		overall=1
		[ "$failed" -ne 0 ] || failed=1
	fi
	total_passed=$((total_passed + passed))
	total_failed=$((total_failed + failed))
}

[ -f "$TARBALL" ] ||
	ks_die "$TARBALL is missing: run tests/vm/setup-host.sh (package linux-source-6.12)"
ls "$PATCHES"/*.patch >/dev/null 2>&1 ||
	ks_die "no patches in $PATCHES: run make intree-patch"

timed_step setup "$KS_VM/setup-host.sh"
key=$(cache_key)
if [ -f "$CACHE/$key/complete" ]; then
	ks_log "kernel cached in $CACHE/$key"
else
	ks_log "building the kernel in $CACHE/$key"
	cold_build "$key"
fi
timed_step stage stage "$CACHE/$key"

total_passed=0
total_failed=0
overall=0
boot boot --name boot "$NAME" \
	"killswitch=$BOOT_LIST" ks.first=intree/first \
	ks.suite=intree/kunit,intree/boot 'kunit.filter_glob=killswitch*'
boot main --timeout 1500 "$NAME" kunit.enable=0 \
	"ks.suite=intree/taint,$KS_INTREE_SUITES"
boot lockdown --name lockdown "$NAME" lockdown=integrity kunit.enable=0 \
	killswitch=__x64_sys_sysinfo=-EPERM ks.suite=intree/lockdown

echo "$total_passed passed, $total_failed failed"
exit "$overall"
