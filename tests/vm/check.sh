#!/bin/bash
# Run the VM bench end to end: install the host packages (only the missing
# ones), prepare the kernels, build the modules and programs and the
# initramfs, and boot each kernel in turn under QEMU.
#
# Usage: check.sh [KERNEL_ARG...]   e.g. check.sh ks.suite=00-smoke
#
# Each kernel boots once per run named in KS_CHECK_RUNS:
#   main      the suites in tests/vm/suite/*.sh, 2 CPUs
#   stress    the concurrency stress (suite/boot/stress.sh) on 4 CPUs in
#             single-threaded TCG for KS_STRESS_SECONDS seconds (default
#             60), with soft lockups and hung tasks made fatal and SLUB's
#             checks on the kmalloc caches
#   lockdown  a boot with lockdown=integrity on the command line, where an
#             unsigned killswitch.ko must fail to load (suite/boot/lockdown.sh)
# KS_CHECK_RUNS defaults to "main stress lockdown", or to "main" when
# KERNEL_ARGs are given; they go to the main run.
#
# Ends with the line "N passed, N failed", the sum over the kernels and
# runs, and exits non-zero if any run failed.
set -euo pipefail
. "$(dirname "$0")/common.sh"

if [ $# -gt 0 ]; then
	runs=${KS_CHECK_RUNS:-main}
else
	runs=${KS_CHECK_RUNS:-main stress lockdown}
fi
stress_seconds=${KS_STRESS_SECONDS:-60}
[[ $stress_seconds =~ ^[1-9][0-9]*$ ]] ||
	ks_die "invalid KS_STRESS_SECONDS '$stress_seconds': give whole seconds"

# Print the run-vm.sh options of run $1, one per line.
run_options() {
	case $1 in
	main)
		# All suites in one boot, on single-threaded TCG (the default).
		printf '%s\n' --timeout 1500
		;;
	stress)
		# Single-threaded TCG: see --tcg-thread in run-vm.sh. The 4
		# virtual CPUs take turns on one host thread, so boot and
		# teardown get a generous margin on top of the run.
		printf '%s\n' --smp 4 --tcg-thread single --name stress \
			--timeout $((stress_seconds + 300))
		;;
	lockdown)
		printf '%s\n' --name lockdown
		;;
	*)
		ks_die "unknown run '$1' in KS_CHECK_RUNS: use main, stress or lockdown"
		;;
	esac
}

# Print the kernel arguments of run $1, one per line; main gets the
# arguments after $1.
run_kernel_args() {
	case $1 in
	main)
		shift
		if [ $# -gt 0 ]; then
			printf '%s\n' "$@"
		fi
		;;
	stress)
		printf '%s\n' ks.suite=boot/stress "ks.stress_seconds=$stress_seconds" \
			"ks.timeout=$((stress_seconds + 240))" \
			softlockup_panic=1 hung_task_panic=1 'slub_debug=FZP,kmalloc-*'
		;;
	lockdown)
		printf '%s\n' lockdown=integrity ks.suite=boot/lockdown
		;;
	esac
}

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
	for run in $runs; do
		start=$(ks_now)
		mapfile -t options < <(run_options "$run")
		mapfile -t kernel_args < <(run_kernel_args "$run" "$@")
		if [ "$run" = main ]; then
			log=$KS_BUILD/$kver/run-vm.out
		else
			log=$KS_BUILD/$kver/run-vm-$run.out
		fi
		set +e
		"$KS_VM/run-vm.sh" "${options[@]}" "$kver" "${kernel_args[@]}" | tee "$log"
		run_status=${PIPESTATUS[0]}
		set -e
		ks_log "step vm $kver $run took $(($(ks_now) - start)) s"

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
			# A bad console log or a timeout fails the run even when
			# every test passed; count it so the total shows it.
			if [ "$failed" -eq 0 ]; then
				failed=1
			fi
		fi
		total_passed=$((total_passed + passed))
		total_failed=$((total_failed + failed))
	done
done

echo "$total_passed passed, $total_failed failed"
exit "$status"
