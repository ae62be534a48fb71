# Helpers for the in-VM suites (busybox ash), sourced after tap.sh.
# Paths below are those of the initramfs that build-initramfs.sh makes.

KS=/sys/kernel/security/killswitch
CTL=$KS/control
KS_MODULE=/lib/ks/killswitch.ko
KS_TARGET_MODULE=/lib/ks/ks_target.ko

# Write one control transaction; prints ok or the errno name.
ctl() {
	kstool write "$CTL" "$1"
}

# Print the engaged listing.
engaged() {
	cat "$KS/engaged"
}

# Call a ks_target function through its proc file; prints its return value.
call() {
	cat "/proc/ks_target/$1"
}

# Print how often the body of ks_target function $1 (full name) ran.
calls() {
	awk -v name="${1#ks_target_}" '$1 == name { print $2 }' /proc/ks_target/calls
}

# 1 when killswitch is built into the kernel (the in-tree series, make
# check-intree): /sys/module/killswitch exists for its parameters, but a
# built-in module has no initstate. It cannot be loaded or unloaded then.
if [ -d /sys/module/killswitch ] && [ ! -e /sys/module/killswitch/initstate ]; then
	KS_BUILTIN=1
else
	KS_BUILTIN=0
fi

# Unload killswitch and the test target, ignoring what is not loaded. A
# built-in killswitch drops its engagements instead of unloading.
ks_unload_all() {
	if [ "$KS_BUILTIN" = 1 ]; then
		ctl disengage_all >/dev/null
	else
		rmmod killswitch 2>/dev/null
	fi
	rmmod ks_target 2>/dev/null
	return 0
}

# Start a suite from a known state: both modules freshly loaded. Built in,
# killswitch stays and drops its engagements instead. Guard rules added by
# an earlier suite and a seal stay until reboot, so on a built-in
# killswitch the suites that add them cannot run before others.
ks_fresh() {
	ks_unload_all
	insmod "$KS_TARGET_MODULE" || tap_fail "insmod ks_target" "insmod failed"
	if [ "$KS_BUILTIN" = 1 ]; then
		[ $# -eq 0 ] ||
			tap_fail "ks_fresh $*" "killswitch is built in: module parameters need the module"
		[ "$(ctl disengage_all)" = ok ] ||
			tap_fail "disengage_all" "a built-in killswitch did not reset"
	else
		insmod "$KS_MODULE" "$@" || tap_fail "insmod killswitch" "insmod failed"
	fi
	dmesg -c >/dev/null
}

# Print bit 19 of /proc/sys/kernel/tainted, TAINT_KILLSWITCH ('Z'), which
# only a kernel with the in-tree series has.
ks_taint_bit() {
	echo $(($(cat /proc/sys/kernel/tainted) >> 19 & 1))
}

# Run check "$@" (tap_check, tap_eq, ...) when killswitch is a module; built
# in, record its name ($2) as skipped. For checks of loading and unloading.
ks_module_only() {
	if [ "$KS_BUILTIN" = 1 ]; then
		tap_skip "$2" "killswitch is built in"
		return 0
	fi
	"$@"
}

# Print the kernel log lines killswitch wrote since the last call.
ks_log_lines() {
	dmesg -c | grep 'killswitch: '
}

# Start ksaudit, the test audit daemon, recording into /tmp/audit.log.
audit_start() {
	rm -f /tmp/audit.log /tmp/audit.ready /tmp/audit.stop
	ksaudit /tmp/audit.log /tmp/audit.ready /tmp/audit.stop &
	KS_AUDIT_PID=$!
	while [ ! -e /tmp/audit.ready ] && kill -0 "$KS_AUDIT_PID" 2>/dev/null; do
		sleep 0.1
	done
}

# Stop ksaudit after it has had time to receive the last records.
audit_stop() {
	sleep 1
	touch /tmp/audit.stop
	wait "$KS_AUDIT_PID"
}
