# The in-VM benchmark (busybox ash), run by tests/vm/bench.sh with
# ks.suite=bench/run. It prints raw measurements as TAP notes of the form
# "bench KEY=VALUE"; the host turns them into a table and JSON. The TAP
# checks only make sure each measurement measured what it claims (the
# engaged loop really returned the engaged value, and so on).
. /lib/ks/ks.sh

calls=10000000
for option in $(cat /proc/cmdline); do
	case $option in
	ks.bench_calls=*) calls=${option#*=} ;;
	esac
done

result() {
	tap_note "bench $1=$2"
}

# Run the kernel call loop; check the sum of return values, report the time.
# $1: variant name, $2: value each call is expected to return.
measure_calls() {
	local out ns sum
	echo "$calls" >/proc/ks_bench/loop
	out=$(cat /proc/ks_bench/loop)
	ns=$(echo "$out" | sed -n 's/.*ns=\([0-9]*\).*/\1/p')
	sum=$(echo "$out" | sed -n 's/.*sum=\(-*[0-9]*\).*/\1/p')
	tap_eq "bench: $1 loop returned $2 per call" "$((calls * $2))" "$sum"
	result "call_${1}_ns" "$ns"
}

# Write lines "$1 ks_bench:ks_bench_fnNNN[ $2]" for the first $3 functions
# to $4; with $5 = plain, without the module ("ks_bench_fnNNN"), which
# the kprobe layer resolves instead of the module's symbol table.
batch_file() {
	awk -v verb="$1" -v value="$2" -v count="$3" -v plain="$5" 'BEGIN {
		for (i = 0; i < count; i++)
			printf "%s %sks_bench_fn%03x%s\n", verb, plain == "plain" ? "" : "ks_bench:",
				i, value == "" ? "" : " " value
	}' >"$4"
}

# Time one control write of file $2; report as $1.
time_write() {
	local out
	out=$(ksbench time-write "$CTL" "$2")
	tap_match "bench: $1 applied" "result=ok" "$out"
	result "$1_ns" "$(echo "$out" | sed -n 's/ns=\([0-9]*\).*/\1/p')"
}

# Slab plus per-CPU memory in kB.
kernel_memory_kb() {
	awk '$1 == "Slab:" || $1 == "Percpu:" { total += $2 } END { print total }' /proc/meminfo
}

# Console log level 4, what Debian's default "quiet" boot sets: every
# engagement still logs a line to the kernel log, but the emulated serial
# console, about 1 ms per line under TCG, does not print it during the
# timed writes. The suites keep the VM's level 7.
echo 4 >/proc/sys/kernel/printk

ks_unload_all
rmmod ks_bench 2>/dev/null
insmod "$KS_MODULE"
insmod /lib/ks/ks_bench.ko
result calls "$calls"
result kernel "$(uname -r)"

measure_calls baseline 1
ctl 'engage ks_bench_target 2' >/dev/null
measure_calls engaged 2
ctl 'disengage ks_bench_target' >/dev/null
ctl 'engage ks_bench_target 2 scope=userns' >/dev/null
measure_calls scoped_pass 1
ctl 'disengage ks_bench_target' >/dev/null
ctl 'observe ks_bench_target' >/dev/null
measure_calls observed 1
ctl 'disengage ks_bench_target' >/dev/null
measure_calls baseline_again 1

for names in qualified plain; do
	prefix=
	[ "$names" = plain ] && prefix=plain_
	for n in 1 8 64 256; do
		batch_file engage 0 "$n" /tmp/engage "$names"
		batch_file disengage "" "$n" /tmp/disengage "$names"
		time_write "engage_$prefix$n" /tmp/engage
		tap_eq "bench: $n engaged ($names names)" "$n" "$(engaged | grep -c 'state=engaged')"
		time_write "disengage_$prefix$n" /tmp/disengage
	done
done

rounds=200000
# A first round warms the translation cache of QEMU's TCG; it is not reported.
ksbench syscalls "$rounds" >/dev/null
out=$(ksbench syscalls "$rounds")
result syscalls_rounds "$rounds"
result syscalls_0_ns "$(echo "$out" | sed -n 's/.*ns=\([0-9]*\).*/\1/p')"
batch_file engage 0 64 /tmp/engage
ctl "$(cat /tmp/engage)" >/dev/null
tap_eq "bench: 64 unrelated engaged" "64" "$(engaged | wc -l)"
out=$(ksbench syscalls "$rounds")
result syscalls_64_ns "$(echo "$out" | sed -n 's/.*ns=\([0-9]*\).*/\1/p')"
ctl 'disengage_all' >/dev/null

sync
before=$(kernel_memory_kb)
batch_file engage 0 256 /tmp/engage
ksbench time-write "$CTL" /tmp/engage >/dev/null
after=$(kernel_memory_kb)
result memory_256_kb "$((after - before))"
ctl 'disengage_all' >/dev/null

rmmod ks_bench
rmmod killswitch
