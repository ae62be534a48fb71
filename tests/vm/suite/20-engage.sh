# Engage and disengage: the caller sees the value, the body does not run,
# hits count, the value changes live, and every step is logged.
. /lib/ks/ks.sh
ks_fresh

tap_eq "engage: target returns 42 unprobed" "42" "$(call long)"
before=$(calls ks_target_long)
tap_eq "engage: ks_target_long" "ok" "$(ctl 'engage ks_target_long 5')"
tap_eq "engage: caller sees 5" "5" "$(call long)"
tap_eq "engage: body did not run" "$before" "$(calls ks_target_long)"
FN=$KS/fn/ks_target_long
tap_eq "engage: hits is 1" "1" "$(cat "$FN/hits")"
for i in 1 2 3 4 5 6 7 8 9 10; do call long >/dev/null; done
tap_eq "engage: hits is 11" "11" "$(cat "$FN/hits")"
tap_eq "engage: state engaged" "engaged" "$(cat "$FN/state")"
tap_eq "engage: retval file" "5" "$(cat "$FN/retval")"
tap_eq "engage: engaged line" \
	"symbol=ks_target_long module=ks_target retval=5 state=engaged hits=11 passed=0 scope=all reason=-" "$(engaged)"
log=$(ks_log_lines)
tap_match "engage: log line names the event and target" \
	"killswitch: engage symbol=ks_target_long module=ks_target retval=5 state=engaged" "$log"
tap_match "engage: log line names who" "uid=0 auid=[0-9]+ ses=[0-9]+ comm=kstool" "$log"

tap_eq "retval: live change to -EPERM" "ok" "$(kstool write "$FN/retval" '-EPERM')"
tap_eq "retval: caller sees -1" "-1" "$(call long)"
tap_eq "retval: file shows -1" "-1" "$(cat "$FN/retval")"
tap_match "retval: change is logged" "killswitch: retval symbol=ks_target_long .*retval=-1 errno=EPERM" "$(ks_log_lines)"
tap_eq "retval: hex value" "ok" "$(kstool write "$FN/retval" '0x10')"
tap_eq "retval: caller sees 16" "16" "$(call long)"
tap_eq "retval: malformed value rejected" "EINVAL" "$(kstool write "$FN/retval" 'seven')"
tap_eq "retval: unknown errno rejected" "EINVAL" "$(kstool write "$FN/retval" '-ENOTANERRNO')"
tap_eq "retval: write at offset rejected" "ESPIPE" "$(kstool write -o 3 "$FN/retval" '1')"
tap_eq "retval: unchanged after bad writes" "16" "$(cat "$FN/retval")"
tap_eq "retval: engaged shows new value" "retval=16" "$(engaged | grep -o 'retval=[^ ]*')"

hits=$(cat "$FN/hits")
tap_eq "disengage: ks_target_long" "ok" "$(ctl 'disengage ks_target_long')"
tap_match "disengage: log line has hits" \
	"killswitch: disengage symbol=ks_target_long module=ks_target retval=16 .*hits=$hits uid=0" "$(ks_log_lines)"
before=$(calls ks_target_long)
tap_eq "disengage: caller sees 42 again" "42" "$(call long)"
tap_eq "disengage: body runs again" "$((before + 1))" "$(calls ks_target_long)"
tap_eq "disengage: engaged empty" "" "$(engaged)"
tap_check "disengage: fn dir gone" test ! -e "$FN"

# Errno names, and each return type of the test target.
tap_eq "errno: engage int -ENOENT" "ok" "$(ctl 'engage ks_target_int -ENOENT')"
tap_eq "errno: int returns -2" "-2" "$(call int)"
tap_eq "errno: -EHWPOISON" "ok" "$(kstool write "$KS/fn/ks_target_int/retval" '-EHWPOISON')"
tap_eq "errno: int returns -133" "-133" "$(call int)"
tap_eq "errno: alias -EWOULDBLOCK" "ok" "$(kstool write "$KS/fn/ks_target_int/retval" '-EWOULDBLOCK')"
tap_eq "errno: int returns -11" "-11" "$(call int)"
tap_eq "errno: kernel-internal -EPROBE_DEFER" "ok" "$(kstool write "$KS/fn/ks_target_int/retval" '-EPROBE_DEFER')"
tap_eq "errno: int returns -517" "-517" "$(call int)"
tap_eq "types: engage bool 0" "ok" "$(ctl 'engage ks_target_bool 0')"
tap_eq "types: bool returns 0" "0" "$(call bool)"
tap_eq "types: engage ptr -ENOMEM" "ok" "$(ctl 'engage ks_target_ptr -ENOMEM')"
tap_eq "types: ptr returns ERR_PTR(-ENOMEM)" "-12" "$(call ptr)"
tap_eq "types: engage ulong 0xffff" "ok" "$(ctl 'engage ks_target_ulong 0xffff')"
tap_eq "types: ulong returns 65535" "65535" "$(call ulong)"
before=$(calls ks_target_void)
tap_eq "types: engage void" "ok" "$(ctl 'engage ks_target_void 0')"
tap_eq "types: void caller returns" "done" "$(call void)"
tap_eq "types: void body skipped" "$before" "$(calls ks_target_void)"
tap_eq "types: five engaged" "5" "$(engaged | wc -l)"
tap_eq "disengage_all: all five" "ok" "$(ctl 'disengage_all')"
tap_eq "disengage_all: engaged empty" "" "$(engaged)"
tap_eq "disengage_all: bool runs again" "1" "$(call bool)"
tap_eq "disengage_all: ptr runs again" "object" "$(call ptr)"
tap_eq "disengage_all: with nothing engaged" "ok" "$(ctl 'disengage_all')"

# MODULE:SYMBOL of a loaded module resolves through the module's symbol
# table, not the kprobe layer. The engagement must sit on the function's
# real ftrace call site (after ENDBR64 on IBT kernels), because calls
# would run the body otherwise.
tap_eq "module symtab: engage two qualified targets" "ok" \
	"$(ctl 'engage ks_target:ks_target_long 6\nengage ks_target:ks_target_int 8')"
before=$(calls ks_target_long)
tap_eq "module symtab: long returns 6" "6" "$(call long)"
tap_eq "module symtab: int returns 8" "8" "$(call int)"
tap_eq "module symtab: body of long did not run" "$before" "$(calls ks_target_long)"
tap_eq "module symtab: hits counted" "1" "$(cat "$KS/fn/ks_target_long/hits")"
tap_eq "module symtab: unknown function in a loaded module" "ENOENT" \
	"$(ctl 'engage ks_target:ks_target_nonexistent 1')"
tap_eq "module symtab: disengage qualified" "ok" \
	"$(ctl 'disengage ks_target:ks_target_long\ndisengage ks_target_int')"
tap_eq "module symtab: long runs again" "42" "$(call long)"
tap_eq "module symtab: int runs again" "7" "$(call int)"

# A function in vmlinux rather than a module.
tap_eq "vmlinux: engage ksys_sync" "ok" "$(ctl 'engage ksys_sync 0')"
sync
tap_eq "vmlinux: owner is vmlinux" "module=vmlinux" "$(engaged | grep -o 'module=[^ ]*')"
tap_eq "vmlinux: sync counted" "1" "$(cat "$KS/fn/ksys_sync/hits")"
tap_eq "vmlinux: disengage" "ok" "$(ctl 'disengage ksys_sync')"

ks_unload_all
