# Concurrency stress, in a boot of its own (check.sh's stress run: 4 CPUs,
# softlockup_panic=1 hung_task_panic=1, SLUB checks on the kmalloc caches).
# ksstress (tests/vm/prog/ksstress.c) runs callers, writers, readers, file
# holders and target module reloads at once for ks.stress_seconds seconds
# and checks what each sees. This suite adds the slab comparison around the
# run and the unload of killswitch.ko under load.
. /lib/ks/ks.sh

seconds=60
for option in $(cat /proc/cmdline); do
	case $option in
	ks.stress_seconds=*) seconds=${option#*=} ;;
	esac
done

# A task blocked for 30 s is a hang here; hung_task_panic=1 makes it fatal.
echo 30 >/proc/sys/kernel/hung_task_timeout_secs 2>/dev/null

# Turn ksstress output into TAP: PASS and FAIL lines are results, STAT and
# INFO lines are diagnostics, also copied to the console for the docs.
report_stress() {
	local kind rest
	while read -r kind rest; do
		case $kind in
		PASS) tap_ok "stress: $rest" ;;
		FAIL) tap_fail "stress: ${rest%%: *}" "${rest#*: }" ;;
		STAT | INFO)
			tap_note "$kind $rest"
			echo "ks-stress: $KS_KVER: $kind $rest"
			;;
		*) tap_note "ksstress: $kind $rest" ;;
		esac
	done
}

# Print "CACHE ACTIVE_OBJECTS" for every kmalloc cache, after flushing the
# per-CPU slabs so that objects cached there are not counted as in use.
slab_snapshot() {
	local shrink
	for shrink in /sys/kernel/slab/kmalloc-*/shrink; do
		echo 1 >"$shrink" 2>/dev/null
	done
	awk '$1 ~ /^kmalloc-/ { print $1, $2 }' /proc/slabinfo | sort
}

# Print the kmalloc caches whose active objects grew by more than
# SLAB_TOLERANCE from snapshot $1 to $2, and the total growth if it is over
# SLAB_TOTAL_TOLERANCE; print nothing when both are within bounds.
#
# The tolerances absorb allocations of the kernel's own that this test does
# not control (kernfs and sysfs nodes of a reloaded module, seq_file
# buffers, printk): measured at a few tens of objects. An engagement
# allocates three kmalloc objects (the engagement, its symbol, a
# sprint_symbol buffer that it frees), and the stress run makes thousands,
# so a leak of one object per engagement exceeds them many times over.
SLAB_TOLERANCE=64
SLAB_TOTAL_TOLERANCE=256
slab_growth() {
	awk -v tol="$SLAB_TOLERANCE" -v total_tol="$SLAB_TOTAL_TOLERANCE" '
		FNR == NR { before[$1] = $2; next }
		{
			delta = $2 - before[$1]
			total += delta
			if (delta > tol)
				printf "%s grew by %d objects (%d to %d)\n", $1, delta, before[$1], $2
		}
		END {
			if (total > total_tol)
				printf "kmalloc caches grew by %d objects in total\n", total
		}' "$1" "$2"
}

ks_fresh

# Warm up: the first engagement, read and module reload allocate lasting
# kernel objects (kprobe instruction pages, sysfs entries) that a leak
# check must not count.
ctl 'engage ks_target_long 5' >/dev/null
cat "$KS/engaged" "$KS/fn/ks_target_long/hits" >/dev/null
ctl 'disengage_all' >/dev/null
rmmod ks_target
insmod "$KS_TARGET_MODULE"
echo 'long 10' >/proc/ks_target/repeat
sync
echo 3 >/proc/sys/vm/drop_caches
slab_snapshot >/tmp/slab-before

ksstress -t "$seconds" "$KS_TARGET_MODULE" >/tmp/stress.out 2>&1
status=$?
report_stress </tmp/stress.out
tap_eq "stress: ksstress exit status" 0 "$status"
tap_eq "stress: nothing engaged afterwards" "" "$(engaged)"
tap_check "stress: ks_target loaded afterwards" grep -q '^ks_target ' /proc/modules

# Frees deferred through RCU lag behind when the virtual CPUs take turns
# on one host thread: give them up to 30 s. A real leak stays.
for try in 1 2 3 4 5 6; do
	sleep 5
	sync
	echo 3 >/proc/sys/vm/drop_caches
	slab_snapshot >/tmp/slab-after
	growth=$(slab_growth /tmp/slab-before /tmp/slab-after)
	[ -z "$growth" ] && break
done
tap_eq "stress: kmalloc caches back to baseline" "" "$growth"
tap_note "kmalloc active objects before and after, changed caches only:"
tap_note "$(awk 'FNR == NR { before[$1] = $2; next } $2 != before[$1] { print $1, before[$1], $2 }' \
	/tmp/slab-before /tmp/slab-after)"

# The comparison must be able to fail: 2000 objects of 512 bytes that
# ks_target holds on purpose have to show up as growth.
echo 2000 >/proc/ks_target/leak
slab_snapshot >/tmp/slab-leak
tap_match "stress: slab check detects a 2000-object leak" \
	'kmalloc-512 grew by (19[0-9][0-9]|2[0-9][0-9][0-9]) objects' \
	"$(slab_growth /tmp/slab-after /tmp/slab-leak)"
echo 0 >/proc/ks_target/leak

# Faults under load: callers keep calling ks_target's functions while a
# large write fails at each step and while ks_target itself unloads.
# Print the ks_target functions that return something else than their body.
not_natural() {
	for name in long int bool ulong ptr void fn00 fn01 fn02 fn03 fn04 fn05 fn06 \
		fn07 fn08 fn09 fn10 fn11 fn12 fn13 fn14 fn15; do
		kstool repeat "$name" 1 | grep -v ' other=0 ' | cut -d' ' -f1
	done | tr '\n' ' ' | sed 's/ $//'
}
start_callers() {
	rm -f /tmp/callers-stop
	for name in long fn00 fn07 fn15; do
		(while [ ! -e /tmp/callers-stop ]; do
			kstool repeat "$name" 20000 >/dev/null 2>&1 || sleep 0.05
		done) &
	done
}
stop_callers() {
	touch /tmp/callers-stop
	wait
}

big_write='engage ks_target_long 1\nengage ks_target_int 2\nengage ks_target_bool 0\nengage ks_target_ptr -EPERM'
for n in 00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15; do
	big_write="$big_write\\nengage ks_target_fn$n $n"
done
start_callers
for step in 1 31 60 61 80; do
	echo "$step" >/sys/module/killswitch/parameters/fail_nth
	tap_eq "load fault: 20-line write, step $step is ENOMEM" ENOMEM "$(ctl "$big_write")"
	tap_eq "load fault: step $step leaves nothing engaged" "" "$(engaged)"
	tap_eq "load fault: step $step leaves no fn dir" "" "$(ls "$KS/fn")"
done
echo 0 >/sys/module/killswitch/parameters/fail_nth
tap_eq "load fault: every function runs its body" "" "$(not_natural)"
tap_eq "load fault: the write applies under load" ok "$(ctl "$big_write")"
tap_eq "load fault: 20 engaged under load" 20 "$(engaged | wc -l)"
dmesg -c >/dev/null
tap_check "load fault: rmmod ks_target while called and engaged" rmmod ks_target
tap_eq "load fault: unload dropped all 20" 20 "$(dmesg -c | grep -c 'killswitch: drop symbol=')"
tap_eq "load fault: nothing engaged after the unload" "" "$(engaged)"
tap_check "load fault: ks_target loads again under load" insmod "$KS_TARGET_MODULE"
sleep 1
stop_callers
tap_eq "load fault: bodies run after the reload" "" "$(not_natural)"

# killswitch.ko unloads cleanly while engaged functions are being called.
dmesg -c >/dev/null
ksstress -u "$KS_TARGET_MODULE" >/tmp/stress.out 2>&1
status=$?
report_stress </tmp/stress.out
tap_eq "stress: unload run exit status" 0 "$status"
tap_check "stress: killswitch not loaded after unload" sh -c '! grep -q "^killswitch " /proc/modules'
log=$(dmesg -c)
tap_match "stress: unload disengaged the engaged functions" \
	"killswitch: disengage symbol=ks_target_long .*comm=ksstress" "$log"
tap_match "stress: unload cancelled the tryengage window" \
	"killswitch: cancel symbol=ks_target_fn01 .*state=probing" "$log"
tap_match "stress: unloaded message" "killswitch: unloaded" "$log"
tap_check "stress: killswitch loads again" insmod "$KS_MODULE"
tap_eq "stress: engage after reload" "ok" "$(ctl 'engage ks_target_long 3')"
tap_eq "stress: reloaded engagement works" "3" "$(call long)"
tap_check "stress: final rmmod killswitch" rmmod killswitch
tap_check "stress: final rmmod ks_target" rmmod ks_target
