#!/bin/bash
# Run the VM bench end to end: install the host packages (only the missing
# ones), prepare the kernels, build the modules and programs and the
# initramfs, and boot each kernel in turn under QEMU.
#
# Usage: check.sh [KERNEL_ARG...]   e.g. check.sh ks.suite=00-smoke
#
# Ends with the line "N passed, N failed", the sum over the kernels, and
# exits non-zero if any kernel's run failed.
set -euo pipefail
. "$(dirname "$0")/common.sh"

# Run step $1, the command after it, and print how long it took.
timed_step() {
	local name=$1 start
	shift
	start=$(ks_now)
	"$@" || ks_die "step $name failed: $*"
	ks_log "step $name took $(($(ks_now) - start)) s"
}

timed_step setup "$KS_VM/setup-host.sh"
timed_step kernels "$KS_VM/kernels.sh"
timed_step catalog "$KS_ROOT/tests/catalog/check.sh"
timed_step build "$KS_VM/build.sh"
timed_step initramfs "$KS_VM/initramfs/build-initramfs.sh"

total_passed=0
total_failed=0
status=0
for kver in $(ks_kvers); do
	start=$(ks_now)
	log=$KS_BUILD/$kver/run-vm.out
	set +e
	"$KS_VM/run-vm.sh" "$kver" "$@" | tee "$log"
	run_status=${PIPESTATUS[0]}
	set -e
	ks_log "step vm $kver took $(($(ks_now) - start)) s"

	summary=$(sed -n "s/^$kver: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p" "$log" | tail -n1)
	if [ -n "$summary" ]; then
		read -r passed failed <<<"$summary"
	else
		# run-vm.sh stopped before it could count: count that as a failure.
		passed=0
		failed=1
	fi
	if [ "$run_status" -ne 0 ]; then
		status=1
		# A bad console log or a timeout fails the kernel even when
		# every test passed; count it so the total shows it.
		if [ "$failed" -eq 0 ]; then
			failed=1
		fi
	fi
	total_passed=$((total_passed + passed))
	total_failed=$((total_failed + failed))
done

echo "$total_passed passed, $total_failed failed"
exit "$status"
