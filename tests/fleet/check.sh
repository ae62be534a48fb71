#!/bin/bash
# Run the packaging and fleet checks, after the VM suites in make check.
#   unit.sh      killswitch.service and killswitch-boot (systemd-analyze verify)
#   metrics.sh   ksctl status --prometheus (promtool check metrics)
#   deb.sh       make deb, lintian, apt install, dkms build for both kernels
#   ansible.sh   the Ansible role against killswitch in a QEMU VM
# Each prints TAP and "N passed, N failed"; this script ends with the sum
# as one "N passed, N failed" line and exits non-zero if a check failed.
#
# Usage: check.sh [NAME...]   e.g. check.sh unit metrics
set -euo pipefail
. "$(dirname "$0")/../vm/common.sh"

if [ $# -gt 0 ]; then
	names=("$@")
else
	names=(unit metrics deb ansible)
fi

# deb.sh builds for the kernels kernels.sh selects; it is quick once done.
"$KS_VM/kernels.sh" >"$KS_BUILD/fleet-kernels.log" 2>&1 ||
	ks_die "tests/vm/kernels.sh failed: see $KS_BUILD/fleet-kernels.log"

total_passed=0
total_failed=0
status=0
for name in "${names[@]}"; do
	script=$KS_ROOT/tests/fleet/$name.sh
	[ -x "$script" ] || ks_die "unknown check '$name': use unit, metrics, deb or ansible"
	log=$KS_BUILD/fleet/$name.out
	mkdir -p "$(dirname "$log")"
	start=$(ks_now)
	set +e
	"$script" | tee "$log"
	run_status=${PIPESTATUS[0]}
	set -e
	ks_log "step fleet $name took $(($(ks_now) - start)) s"
	summary=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log" | tail -n1)
	if [ -n "$summary" ]; then
		read -r passed failed <<<"$summary"
	else
		passed=0
		failed=1
	fi
	if [ "$run_status" -ne 0 ]; then
		status=1
		[ "$failed" -ne 0 ] || failed=1
	fi
	total_passed=$((total_passed + passed))
	total_failed=$((total_failed + failed))
done

echo "fleet: $total_passed passed, $total_failed failed"
exit "$status"
