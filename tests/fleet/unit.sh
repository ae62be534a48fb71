#!/bin/bash
# Check killswitch.service with `systemd-analyze verify`: the unit parses,
# its programs exist, and enabled (a sysinit.target.wants link) it makes no
# ordering cycle with the host's own units when sysinit.target starts. Then
# check the ordering that keeps it ahead of the network, and that the check
# itself catches a cycle (a copy ordered before systemd-modules-load.service,
# which it also runs after).
#
# `make -C cli install` stages the unit, ksctl and killswitch-boot in a root
# directory beside a copy of the host's /lib/systemd/system and
# /sbin/modprobe, and verify runs with --root on it. Verify reports cycles
# as warnings with exit status 0, so any output fails a check.
set -euo pipefail
. "$(dirname "$0")/../vm/common.sh"
. "$KS_ROOT/tests/fleet/lib.sh"

root=$KS_BUILD/fleet/unit-root
unit=/lib/systemd/system/killswitch.service
rm -rf "$root"
make -s -C "$KS_ROOT/cli" install DESTDIR="$root" PREFIX=/usr SBINDIR=/usr/sbin \
	UNITDIR=/lib/systemd/system >/dev/null
cp -a /lib/systemd/system/. "$root/lib/systemd/system/"
# The packaged unit again: the copy above may hold an installed killswitch.service.
make -s -C "$KS_ROOT/cli" install DESTDIR="$root" PREFIX=/usr SBINDIR=/usr/sbin \
	UNITDIR=/lib/systemd/system >/dev/null
mkdir -p "$root/sbin" "$root/etc/systemd/system/sysinit.target.wants"
cp /sbin/modprobe "$root/sbin/modprobe"
ln -s "$unit" "$root/etc/systemd/system/sysinit.target.wants/killswitch.service"

# verify_quiet NAME: passes when verify of sysinit.target and the unit prints nothing.
verify_quiet() {
	local out status
	out=$(systemd-analyze verify --man=no --root="$root" /lib/systemd/system/sysinit.target \
		"$unit" 2>&1) && status=0 || status=$?
	if [ "$status" -eq 0 ] && [ -z "$out" ]; then
		fleet_ok "$1"
	else
		fleet_fail "$1" "systemd-analyze verify exited $status" "$out"
	fi
}

verify_quiet "unit: verify is clean with sysinit.target"

# value KEY: the value of KEY= in the staged unit.
value() {
	sed -n "s/^$1=//p" "$root$unit" | tr '\n' ' ' | sed 's/ $//'
}
fleet_eq "unit: no default dependencies" "no" "$(value DefaultDependencies)"
fleet_match "unit: before network-pre.target" '(^| )network-pre\.target( |$)' "$(value Before)"
fleet_match "unit: before sysinit.target" '(^| )sysinit\.target( |$)' "$(value Before)"
fleet_match "unit: pulls in network-pre.target" '(^| )network-pre\.target( |$)' "$(value Wants)"
fleet_match "unit: after module loading" '(^| )systemd-modules-load\.service( |$)' "$(value After)"
fleet_match "unit: after local file systems" '(^| )local-fs\.target( |$)' "$(value After)"
fleet_eq "unit: wanted by sysinit.target" "sysinit.target" "$(value WantedBy)"
fleet_eq "unit: runs killswitch-boot" "/usr/lib/killswitch/killswitch-boot" "$(value ExecStart)"
fleet_check "unit: killswitch-boot is executable" test -x "$root/usr/lib/killswitch/killswitch-boot"
# network-pre.target must come before the network itself on this systemd.
fleet_match "host: network.target after network-pre.target" '(^| )network-pre\.target( |$)' \
	"$(sed -n 's/^After=//p' "$root/lib/systemd/system/network.target" | tr '\n' ' ')"

# Negative control: a cycle must show.
sed -i 's/^Before=/Before=systemd-modules-load.service /' "$root$unit"
out=$(systemd-analyze verify --man=no --root="$root" /lib/systemd/system/sysinit.target "$unit" 2>&1 || true)
fleet_match "unit: verify reports a cycle" "Found ordering cycle" "$out"

# killswitch-boot with a stand-in ksctl that records its arguments.
boot=$root/usr/lib/killswitch/killswitch-boot
conf=$root/etc/killswitch.d
mkdir -p "$conf"
cat >"$root/fake-ksctl" <<'FAKE'
#!/bin/sh
echo "$*" >>"$FAKE_LOG"
FAKE
chmod +x "$root/fake-ksctl"
export FAKE_LOG=$root/fake.log
rm -f "$FAKE_LOG"
KSCTL=$root/fake-ksctl KILLSWITCH_CONFIG_DIR=$conf "$boot" >/dev/null
fleet_eq "boot: no .cves file runs apply only" "apply" "$(cat "$FAKE_LOG")"
printf '# fleet\nCVE-2026-31431 CVE-2026-43284  # two\n\n\tCVE-2026-23069\n' >"$conf/a.cves"
printf 'CVE-2026-46012\n' >"$conf/b.cves"
rm -f "$FAKE_LOG"
KSCTL=$root/fake-ksctl KILLSWITCH_CONFIG_DIR=$conf "$boot" >/dev/null
fleet_eq "boot: CVE ids of every .cves file" \
	"$(printf 'apply\ncatalog apply CVE-2026-31431 CVE-2026-43284 CVE-2026-23069 CVE-2026-46012')" \
	"$(cat "$FAKE_LOG")"
printf 'CVE-2026-23069\r\n* --force\n' >"$conf/c.cves"
rm -f "$FAKE_LOG"
status=0
out=$(cd / && KSCTL=$root/fake-ksctl KILLSWITCH_CONFIG_DIR=$conf "$boot") || status=$?
fleet_eq "boot: only CVE ids reach ksctl" \
	"$(printf 'apply\ncatalog apply CVE-2026-31431 CVE-2026-43284 CVE-2026-23069 CVE-2026-46012 CVE-2026-23069')" \
	"$(cat "$FAKE_LOG")"
fleet_match "boot: other words are reported" "skipping '--force'" "$out"
fleet_eq "boot: other words fail the run" "1" "$status"
rm -f "$conf/c.cves"
printf '#!/bin/sh\necho "$*" >>"$FAKE_LOG"\n[ "$1" = catalog ]\n' >"$root/fake-ksctl"
status=0
KSCTL=$root/fake-ksctl KILLSWITCH_CONFIG_DIR=$conf "$boot" >/dev/null || status=$?
fleet_eq "boot: a failed apply fails the run" "1" "$status"
fleet_match "boot: catalog still applied after a failed apply" "^catalog apply" "$(cat "$FAKE_LOG")"

fleet_summary
