#!/bin/bash
# Build the Debian packages (packaging/build-deb.sh), check them with
# lintian (no errors), install both on this host with apt, and check that
# `dkms build` builds killswitch.ko against each kernel whose headers
# tests/vm/setup-host.sh installed (Debian's 6.1 and 6.12).
#
# Nothing is loaded: the check fails if killswitch shows in /proc/modules
# or /sys/module at any point. Nothing is installed into the host's
# /lib/modules either. The package's postinst (dh_dkms's) would build and
# install the module file for the running kernel, or for every kernel with
# headers when the running one has none (a container's host kernel). So the
# check installs with /etc/dkms/no-autoinstall in place, which makes the
# postinst skip that, then registers the source with `dkms add` and runs
# `dkms build` only. Both packages are purged at the end, also when a check
# fails.
set -euo pipefail
. "$(dirname "$0")/../vm/common.sh"
. "$KS_ROOT/tests/fleet/lib.sh"

[ "$(id -u)" -eq 0 ] || ks_die "installing packages needs root: run as root"

"$KS_ROOT/packaging/build-deb.sh" >"$KS_BUILD/deb-build.log" 2>&1 ||
	ks_die "packaging/build-deb.sh failed: see $KS_BUILD/deb-build.log"
out=$KS_BUILD/deb
version=$(dpkg-parsechangelog -l "$KS_ROOT/packaging/debian/changelog" -S Version)
dkms_deb=$out/killswitch-dkms_${version}_all.deb
tools_deb=$(ls "$out"/killswitch-tools_"${version}"_*.deb)
fleet_check "deb: killswitch-dkms built" test -f "$dkms_deb"
fleet_check "deb: killswitch-tools built" test -f "$tools_deb"

# Neither the package's maintainer scripts nor the DKMS postinst they call
# load a module.
no_loading() {
	! grep -nE '(^|[^a-z_])(modprobe|insmod)([^a-z_]|$)' "$@"
}
scripts=$KS_BUILD/fleet/dkms-control
rm -rf "$scripts"
dpkg-deb -e "$dkms_deb" "$scripts"
fleet_check "deb: maintainer scripts load no module" no_loading "$scripts"/postinst "$scripts"/prerm
fleet_check "dkms: common.postinst loads no module" no_loading /usr/lib/dkms/common.postinst

lint=$(lintian --fail-on error "$out"/killswitch_"${version}"_*.changes 2>&1) && status=0 || status=$?
fleet_eq "lintian: no errors" "0" "$status"
[ "$status" -eq 0 ] || printf '%s\n' "$lint" | sed 's/^/# /'

no_autoinstall=/etc/dkms/no-autoinstall
created_no_autoinstall=false
purge() {
	dpkg --purge killswitch-tools killswitch-dkms >/dev/null 2>&1 || true
}
cleanup() {
	purge
	rm -rf /var/cache/killswitch
	if $created_no_autoinstall; then
		rm -f "$no_autoinstall"
	fi
}
purge
trap cleanup EXIT
if [ ! -e "$no_autoinstall" ]; then
	mkdir -p "$(dirname "$no_autoinstall")"
	touch "$no_autoinstall"
	created_no_autoinstall=true
fi

# /proc/modules is missing where the kernel has no module support visible
# (some containers); /sys/module/killswitch is checked either way.
not_loaded() {
	if [ -r /proc/modules ] && grep -q '^killswitch ' /proc/modules; then
		return 1
	fi
	test ! -e /sys/module/killswitch
}
fleet_check "host: killswitch not loaded before" not_loaded

export DEBIAN_FRONTEND=noninteractive
fleet_check "apt: install both packages" apt-get install -y --no-install-recommends "$dkms_deb" "$tools_deb"
fleet_check "host: killswitch not loaded after install" not_loaded
fleet_check "dkms: add the source" dkms add -m killswitch -v "$version"
fleet_match "dkms: source registered" "^killswitch/$version: added" "$(dkms status -m killswitch -v "$version")"

for kver in $(ks_kvers); do
	start=$(ks_now)
	fleet_check "dkms: build for $kver" dkms build -m killswitch -v "$version" -k "$kver"
	ko=/var/lib/dkms/killswitch/$version/$kver/x86_64/module/killswitch.ko
	[ -f "$ko" ] || ko=$ko.xz
	fleet_eq "dkms: vermagic of $kver" "$kver" "$(modinfo -F vermagic "$ko" 2>&1 | cut -d' ' -f1)"
	fleet_check "host: no module file installed for $kver" \
		test ! -e "/lib/modules/$kver/updates/dkms/killswitch.ko"
	ks_log "dkms build for $kver took $(($(ks_now) - start)) s"
done
fleet_check "host: killswitch not loaded after the builds" not_loaded

fleet_check "tools: ksctl runs" /usr/sbin/ksctl help
fleet_eq "tools: catalog complete" "$(ls "$KS_ROOT"/catalog/*.json | wc -l)" \
	"$(ls /usr/share/killswitch/catalog/*.json | wc -l)"
fleet_check "tools: catalog loads" /usr/sbin/ksctl catalog list --kernel-version 6.1.100
fleet_check "tools: man page" test -f /usr/share/man/man8/ksctl.8.gz
fleet_check "tools: bash completion" test -f /usr/share/bash-completion/completions/ksctl
fleet_check "tools: modprobe.d example" test -f /usr/share/doc/killswitch-tools/examples/killswitch.modprobe.conf
fleet_check "tools: unit enabled for sysinit.target" \
	test -L /etc/systemd/system/sysinit.target.wants/killswitch.service
verify=$(systemd-analyze verify --man=no /lib/systemd/system/killswitch.service 2>&1) && status=0 || status=$?
fleet_eq "tools: installed unit verifies cleanly" "0:" "$status:$verify"

purge
fleet_check "purge: dkms tree removed" test ! -e "/var/lib/dkms/killswitch"
fleet_check "purge: source removed" test ! -e "/usr/src/killswitch-$version"
fleet_check "purge: unit link removed" test ! -e /etc/systemd/system/sysinit.target.wants/killswitch.service

# The Ansible role's package tasks, on this host (connection local): they
# copy the .deb files and install them with apt. Module loading is off and
# nothing is engaged; the VM check (ansible.sh) covers engaging.
config_dir=$KS_BUILD/fleet/role-config
rm -rf "$config_dir"
role_play() {
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=False ANSIBLE_LOCAL_TEMP=$KS_BUILD/fleet/ansible-tmp \
		ansible-playbook -i localhost, -c local "$KS_ROOT/ansible/site.yml" \
		-e ansible_become=false -e killswitch_load_module=false \
		-e "killswitch_deb_dir=$out" -e "killswitch_config_dir=$config_dir"
}
recap() {
	grep -E '^localhost +:' "$KS_BUILD/fleet/role-$1.out" || true
}
role_play >"$KS_BUILD/fleet/role-install.out" 2>&1 && status=0 || status=$?
fleet_eq "role install: playbook succeeds" "0" "$status"
fleet_match "role install: changed" "changed=[1-9]" "$(recap install)"
fleet_check "role install: killswitch-tools installed" dpkg-query -W killswitch-tools
fleet_check "role install: killswitch-dkms installed" dpkg-query -W killswitch-dkms
fleet_match "role install: report in the output" '"loaded": false' "$(cat "$KS_BUILD/fleet/role-install.out")"
role_play >"$KS_BUILD/fleet/role-again.out" 2>&1 && status=0 || status=$?
fleet_eq "role install again: playbook succeeds" "0" "$status"
fleet_match "role install again: changed=0" "changed=0 .*failed=0" "$(recap again)"
fleet_check "host: killswitch not loaded after the role" not_loaded

cleanup
trap - EXIT
rm -rf "$config_dir"
fleet_check "purge: role packages removed" sh -c '! dpkg-query -W -f="\${db:Status-Status}" killswitch-tools 2>/dev/null | grep -q installed'
fleet_check "host: killswitch not loaded at the end" not_loaded

fleet_summary
