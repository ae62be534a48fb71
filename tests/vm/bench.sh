#!/bin/bash
# make bench: boot each Debian kernel with the benchmark suite and print a
# table of the results, and write them as JSON to build/bench.json.
#
# QEMU's TCG emulates the CPU, so absolute times are not those of real
# hardware; only ratios within one run compare. KS_BENCH_CALLS sets the
# calls per loop (default 10000000).
set -euo pipefail
. "$(dirname "$0")/common.sh"

calls=${KS_BENCH_CALLS:-10000000}
"$KS_VM/setup-host.sh"
"$KS_VM/kernels.sh"
"$KS_VM/build.sh"
"$KS_VM/initramfs/build-initramfs.sh"

json=$KS_BUILD/bench.json
echo "[" >"$json.tmp"
first=1
for kver in $(ks_kvers); do
	KS_VM_TIMEOUT=${KS_VM_TIMEOUT:-1800} "$KS_VM/run-vm.sh" "$kver" \
		ks.suite=bench/run ks.timeout=1700 ks.bench_calls="$calls" >/dev/null
	# The notes are "# bench KEY=VALUE".
	sed -n 's/^# bench \([a-z0-9_]*\)=\(.*\)$/\1 \2/p' "$KS_BUILD/$kver/tap.log" \
		>"$KS_BUILD/$kver/bench.txt"
	[ "$first" = 1 ] || echo "," >>"$json.tmp"
	first=0
	awk -f "$KS_VM/bench-report.awk" -v format=json "$KS_BUILD/$kver/bench.txt" >>"$json.tmp"
	awk -f "$KS_VM/bench-report.awk" -v format=table "$KS_BUILD/$kver/bench.txt"
	echo
done
echo "]" >>"$json.tmp"
mv "$json.tmp" "$json"
ks_log "results in ${json#"$KS_ROOT"/}"
