# Other users of a function's entry next to an engagement: the ftrace
# function tracer, kprobe and kretprobe events, a BPF program on a perf
# kprobe, and livepatch; attached before and after the engagement and
# removed in both orders. Then failures injected midway through large
# writes. The test names state the observed behaviour; docs/reliability.md
# explains it.
#
# Everything here runs one step at a time: patching code that other CPUs
# run at that moment crashes multi-threaded TCG (see --tcg-thread in
# run-vm.sh), so the same faults under load run in boot/stress.sh.
. /lib/ks/ks.sh
ks_fresh

T=/sys/kernel/tracing

# Call ks_target function $1 once; print "body" if its body ran, else the
# value the caller got.
fn_call() {
	kstool repeat "$1" 1 | awk '{
		for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		if (f["natural"] == 1) print "body"; else print f["last_other"]
	}'
}

# Print how many lines of the trace buffer mention $1.
trace_hits() {
	grep -c -- "$1" "$T/trace"
}

tracer_off() {
	echo nop >"$T/current_tracer"
	echo >"$T/set_ftrace_filter"
	echo >"$T/trace"
}

# --- the ftrace function tracer ------------------------------------------
echo ks_target_fn00 >"$T/set_ftrace_filter"
echo function >"$T/current_tracer"
echo >"$T/trace"
tap_eq "ftrace: tracer first, then engage" ok "$(ctl 'engage ks_target_fn00 7')"
tap_eq "ftrace: engaged value with tracer on" 7 "$(fn_call fn00)"
tap_eq "ftrace: tracer still sees the engaged call" 1 "$(trace_hits ks_target_fn00)"
tap_eq "ftrace: disengage before the tracer stops" ok "$(ctl 'disengage ks_target_fn00')"
tap_eq "ftrace: body runs, tracer on" body "$(fn_call fn00)"
tap_eq "ftrace: tracer sees the call after disengage" 2 "$(trace_hits ks_target_fn00)"
tracer_off
tap_eq "ftrace: body runs after the tracer stops" body "$(fn_call fn00)"

tap_eq "ftrace: engage first, then the tracer" ok "$(ctl 'engage ks_target_fn00 8')"
echo ks_target_fn00 >"$T/set_ftrace_filter"
echo function >"$T/current_tracer"
echo >"$T/trace"
tap_eq "ftrace: engaged value after the tracer starts" 8 "$(fn_call fn00)"
tap_eq "ftrace: tracer started later sees the engaged call" 1 "$(trace_hits ks_target_fn00)"
tracer_off
tap_eq "ftrace: still engaged after the tracer stops" 8 "$(fn_call fn00)"
tap_eq "ftrace: hits count every engaged call" 2 "$(cat "$KS/fn/ks_target_fn00/hits")"
tap_eq "ftrace: disengage after the tracer stopped" ok "$(ctl 'disengage ks_target_fn00')"
tap_eq "ftrace: body runs at the end" body "$(fn_call fn00)"

# --- kprobe events attached after the engagement -------------------------
# The later kprobe runs its handler first and then the engagement's, so
# the event fires and the engagement still skips the body.
event_on() {
	echo "$1" >>"$T/kprobe_events" && echo 1 >"$T/events/kprobes/$2/enable"
}
event_off() {
	echo 0 >"$T/events/kprobes/$1/enable" && echo "-:$1" >>"$T/kprobe_events"
}

echo >"$T/trace"
tap_eq "kprobe event: engage first" ok "$(ctl 'engage ks_target_fn01 9')"
tap_check "kprobe event: attach after the engagement" event_on 'p:ksfault ks_target_fn01' ksfault
tap_eq "kprobe event: engaged value with the event on" 9 "$(fn_call fn01)"
tap_eq "kprobe event: fires while engaged" 1 "$(trace_hits 'ksfault:')"
tap_check "kprobe event: remove the event first" event_off ksfault
tap_eq "kprobe event: still engaged without the event" 9 "$(fn_call fn01)"
tap_eq "kprobe event: disengage after the event went" ok "$(ctl 'disengage ks_target_fn01')"
tap_eq "kprobe event: body runs at the end" body "$(fn_call fn01)"

echo >"$T/trace"
tap_eq "kprobe event: engage again" ok "$(ctl 'engage ks_target_fn01 10')"
tap_check "kprobe event: attach again" event_on 'p:ksfault ks_target_fn01' ksfault
tap_eq "kprobe event: disengage while the event stays" ok "$(ctl 'disengage ks_target_fn01')"
tap_eq "kprobe event: body runs with the event on" body "$(fn_call fn01)"
tap_eq "kprobe event: fires after the disengage" 1 "$(trace_hits 'ksfault:')"
tap_check "kprobe event: remove the event last" event_off ksfault
tap_eq "kprobe event: body runs at the end of both orders" body "$(fn_call fn01)"

# A kretprobe added after the engagement records the engaged return value.
echo >"$T/trace"
tap_eq "kretprobe event: engage" ok "$(ctl 'engage ks_target_fn02 0x2a')"
tap_check "kretprobe event: attach after the engagement" \
	event_on 'r:ksfaultret ks_target_fn02 ret=$retval:x64' ksfaultret
tap_eq "kretprobe event: engaged value" 42 "$(fn_call fn02)"
tap_match "kretprobe event: records the engaged value" 'ksfaultret:.* ret=0x2a' "$(cat "$T/trace")"
tap_eq "kretprobe event: disengage first" ok "$(ctl 'disengage ks_target_fn02')"
tap_eq "kretprobe event: body runs" body "$(fn_call fn02)"
tap_match "kretprobe event: records the body's value" 'ksfaultret:.* ret=0x3ea' "$(cat "$T/trace")"
tap_check "kretprobe event: remove" event_off ksfaultret

# --- a kprobe that was there before the engagement ----------------------
# The engagement has its own ftrace_ops and does not join the kernel's
# aggregate kprobe, which would be disarmed with the wrong ftrace_ops and
# warn when the probes go (6.1 and 6.12 kernel/kprobes.c). So it coexists
# with a kprobe that was there first: the event keeps firing, the body is
# skipped, and either can go first. A WARN fails the run (panic_on_warn).
echo >"$T/trace"
tap_check "kprobe event first: attach to ksys_sync" event_on 'p:ksfirst ksys_sync' ksfirst
tap_eq "kprobe event first: engage works" ok "$(ctl 'engage ksys_sync 0')"
sync
tap_eq "kprobe event first: the event fires while engaged" 1 "$(trace_hits 'ksfirst:')"
tap_match "kprobe event first: the engagement counts the call" 'symbol=ksys_sync .* hits=1 ' "$(engaged)"
tap_check "kprobe event first: remove the event while engaged" event_off ksfirst
sync
tap_match "kprobe event first: still engaged without the event" 'symbol=ksys_sync .* hits=2 ' "$(engaged)"
tap_eq "kprobe event first: disengage" ok "$(ctl 'disengage ksys_sync')"
tap_check "kprobe event first: attach again" event_on 'p:ksfirst ksys_sync' ksfirst
tap_eq "kprobe event first: engage again" ok "$(ctl 'engage ksys_sync 0')"
tap_eq "kprobe event first: disengage while the event stays" ok "$(ctl 'disengage ksys_sync')"
echo >"$T/trace"
sync
tap_eq "kprobe event first: the event fires after the disengage" 1 "$(trace_hits 'ksfirst:')"
tap_check "kprobe event first: remove the event last" event_off ksfirst

# --- a BPF program on a perf kprobe ---------------------------------------
# Start ksbpf on function $1 with state directory $2; wait until attached.
bpf_start() {
	rm -rf "$2"
	mkdir -p "$2"
	ksbpf "$1" "$2" >"$2/out" 2>&1 &
	for _ in $(seq 100); do
		[ -e "$2/ready" ] && return 0
		grep -q '^failed' "$2/out" 2>/dev/null && break
		sleep 0.1
	done
	cat "$2/out"
	return 1
}
bpf_count() {
	rm -f "$1/count"
	touch "$1/dump"
	for _ in $(seq 100); do
		[ -e "$1/count" ] && break
		sleep 0.05
	done
	cat "$1/count" 2>/dev/null
}
# Stop ksbpf with state directory $1 and wait until the kprobe list has $3
# (default 0) probes left on function $2; closing a perf event may release
# its kprobe a little later.
bpf_stop() {
	touch "$1/stop"
	wait
	for _ in $(seq 50); do
		[ "$(grep -c " $2+0x" /sys/kernel/debug/kprobes/list)" -le "${3:-0}" ] && return 0
		sleep 0.1
	done
	echo "more than ${3:-0} kprobes on $2 are still listed:"
	cat /sys/kernel/debug/kprobes/list
	return 1
}

B=/tmp/ksbpf
tap_eq "bpf: engage first" ok "$(ctl 'engage ks_target_fn03 11')"
tap_check "bpf: attach after the engagement" bpf_start ks_target_fn03 $B
tap_eq "bpf: engaged value with the program on" 11 "$(fn_call fn03)"
tap_eq "bpf: program runs while engaged" 1 "$(bpf_count $B)"
tap_eq "bpf: disengage while attached" ok "$(ctl 'disengage ks_target_fn03')"
tap_eq "bpf: body runs with the program on" body "$(fn_call fn03)"
tap_eq "bpf: program runs after the disengage" 2 "$(bpf_count $B)"
tap_check "bpf: detach" bpf_stop $B ks_target_fn03
tap_eq "bpf: body runs after detach" body "$(fn_call fn03)"

tap_eq "bpf: engage again" ok "$(ctl 'engage ks_target_fn03 12')"
tap_check "bpf: attach again" bpf_start ks_target_fn03 $B
tap_eq "bpf: engaged value" 12 "$(fn_call fn03)"
tap_check "bpf: detach while engaged" bpf_stop $B ks_target_fn03 1
tap_eq "bpf: still engaged after detach" 12 "$(fn_call fn03)"
tap_eq "bpf: disengage after detach" ok "$(ctl 'disengage ks_target_fn03')"
tap_eq "bpf: body runs at the end of both orders" body "$(fn_call fn03)"

# A program attached first: engaging beside it works as for kprobe events.
if grep -q ' __x64_sys_syncfs$' /proc/kallsyms; then
	tap_check "bpf first: attach to __x64_sys_syncfs" bpf_start __x64_sys_syncfs $B
	tap_eq "bpf first: engage works" ok "$(ctl 'engage __x64_sys_syncfs 0')"
	tap_eq "bpf first: disengage" ok "$(ctl 'disengage __x64_sys_syncfs')"
	tap_check "bpf first: detach" bpf_stop $B __x64_sys_syncfs
	tap_eq "bpf first: engage after detach" ok "$(ctl 'engage __x64_sys_syncfs 0')"
	tap_eq "bpf first: disengage at the end" ok "$(ctl 'disengage __x64_sys_syncfs')"
else
	tap_fail "bpf first: __x64_sys_syncfs in kallsyms" "no such symbol in this kernel"
fi

# --- livepatch --------------------------------------------------------------
# ks_target_lp.ko replaces ks_target_int (7) with a function returning 70.
LP=/sys/kernel/livepatch/ks_target_lp

# Wait up to 20 s until the livepatch transition is over.
lp_settle() {
	for _ in $(seq 200); do
		[ ! -e "$LP/transition" ] && return 0
		[ "$(cat "$LP/transition" 2>/dev/null)" = 0 ] && return 0
		sleep 0.1
	done
	return 1
}
lp_remove() {
	echo 0 >"$LP/enabled" && lp_settle &&
		for _ in $(seq 200); do
			[ ! -e "$LP" ] && break
			sleep 0.1
		done && rmmod ks_target_lp
}

tap_check "livepatch first: load" insmod /lib/ks/ks_target_lp.ko
tap_check "livepatch first: transition completes" lp_settle
tap_eq "livepatch first: int returns 70" 70 "$(call int)"
dmesg -c >/dev/null
tap_eq "livepatch first: engage int is EBUSY" EBUSY "$(ctl 'engage ks_target_int 1')"
tap_match "livepatch first: the refusal is logged" \
	"killswitch: control: arming ks_target_int failed with error -16" "$(dmesg -c)"
tap_eq "livepatch first: nothing engaged" "" "$(engaged)"
tap_check "livepatch first: no fn dir" test ! -e "$KS/fn/ks_target_int"
tap_eq "livepatch first: int still returns 70" 70 "$(call int)"
# With another engagement armed, the kprobe layer's IPMODIFY ftrace_ops is
# already registered and the refusal comes from adding the address to it.
tap_eq "livepatch first: engage long" ok "$(ctl 'engage ks_target_long 3')"
tap_eq "livepatch first: engage int beside long is EBUSY" EBUSY \
	"$(ctl 'engage ks_target_int 1')"
tap_eq "livepatch first: long still engaged" 3 "$(call long)"
tap_eq "livepatch first: int still patched" 70 "$(call int)"
tap_eq "livepatch first: two-line write with int is EBUSY" EBUSY \
	"$(ctl 'engage ks_target_bool 0\nengage ks_target_int 1')"
tap_eq "livepatch first: bool not engaged" 1 "$(call bool)"
tap_eq "livepatch first: only long listed" 1 "$(engaged | wc -l)"
tap_check "livepatch first: disable and unload" lp_remove
tap_eq "livepatch first: int returns 7 again" 7 "$(call int)"
tap_eq "livepatch first: engage int now works" ok "$(ctl 'engage ks_target_int 1')"
tap_eq "livepatch first: int returns 1" 1 "$(call int)"

# The reverse: an engaged function makes the livepatch fail to load.
dmesg -c >/dev/null
tap_check "engaged first: livepatch load fails" sh -c '! insmod /lib/ks/ks_target_lp.ko 2>/dev/null'
tap_match "engaged first: livepatch logs the conflict" \
	"failed to register ftrace handler for function 'ks_target_int' \(-16\)" "$(dmesg -c)"
tap_check "engaged first: no livepatch in sysfs" test ! -e "$LP"
tap_check "engaged first: module not loaded" sh -c '! grep -q "^ks_target_lp " /proc/modules'
tap_eq "engaged first: int still engaged" 1 "$(call int)"
tap_eq "engaged first: disengage" ok "$(ctl 'disengage ks_target_int')"
tap_check "engaged first: livepatch loads after the disengage" insmod /lib/ks/ks_target_lp.ko
tap_check "engaged first: transition completes" lp_settle
tap_eq "engaged first: int returns 70" 70 "$(call int)"
tap_check "engaged first: disable and unload" lp_remove
tap_eq "engaged first: int returns 7 at the end" 7 "$(call int)"
ctl 'disengage_all' >/dev/null

# --- failures midway through large writes ---------------------------------
# 20 engagements and one disengage in one write: steps 1 to 60 prepare
# (allocation, registration, securityfs per engagement), 61 to 80 arm.
# Failing any step leaves exactly the state before the write.
big_write='engage ks_target_long 1\nengage ks_target_int 2\nengage ks_target_bool 0\nengage ks_target_ptr -EPERM'
for n in 00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15; do
	big_write="$big_write\\nengage ks_target_fn$n $n"
done
big_write="$big_write\\ndisengage ks_target_ulong"
ctl 'engage ks_target_ulong 3' >/dev/null
for step in 1 2 3 31 60 61 70 80; do
	echo "$step" >/sys/module/killswitch/parameters/fail_nth
	tap_eq "fault: 21-line write, step $step fails with ENOMEM" ENOMEM "$(ctl "$big_write")"
	tap_eq "fault: step $step leaves only ulong engaged" ks_target_ulong \
		"$(engaged | sed 's/^symbol=\([^ ]*\).*/\1/' | tr '\n' ' ' | sed 's/ $//')"
	tap_eq "fault: step $step leaves only fn/ks_target_ulong" ks_target_ulong \
		"$(ls "$KS/fn" | tr '\n' ' ' | sed 's/ $//')"
	tap_eq "fault: step $step leaves fn15 running" body "$(fn_call fn15)"
done
echo 0 >/sys/module/killswitch/parameters/fail_nth
tap_eq "fault: 21-line write applies without the hook" ok "$(ctl "$big_write")"
tap_eq "fault: 20 engaged" 20 "$(engaged | wc -l)"
tap_eq "fault: fn15 returns 15" 15 "$(fn_call fn15)"
tap_eq "fault: ulong disengaged" 100 "$(call ulong)"
tap_eq "fault: clean up" ok "$(ctl 'disengage_all')"

ks_unload_all
