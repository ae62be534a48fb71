# seal: from now until reboot no disengage, no retval or scope change,
# and killswitch.ko cannot unload; new engagements are still allowed.
# Nothing undoes a seal, so only 90-lockdown.sh may run after this suite.
. /lib/ks/ks.sh
ks_fresh

ctl 'engage ks_target_long 5' >/dev/null
ctl 'engage ks_target:ks_target_int 6' >/dev/null
dmesg -c >/dev/null
audit_start
tap_eq "seal: seal" "ok" "$(ctl 'seal')"
audit_stop
tap_eq "seal: sealed file" "1" "$(cat "$KS/sealed")"
tap_match "seal: logged" "killswitch: seal detail=\"until reboot\" uid=0" "$(dmesg)"
tap_match "seal: audit record" "^type=1316 .*op=killswitch-seal detail=\"until reboot\"" "$(cat /tmp/audit.log)"
tap_eq "seal: disengage is EPERM" "EPERM" "$(ctl 'disengage ks_target_long')"
tap_eq "seal: disengage_all is EPERM" "EPERM" "$(ctl 'disengage_all')"
tap_eq "seal: retval change is EPERM" "EPERM" "$(kstool write "$KS/fn/ks_target_long/retval" '0')"
tap_eq "seal: scope change is EPERM" "EPERM" "$(kstool write "$KS/fn/ks_target_long/scope" 'userns')"
tap_eq "seal: second seal is fine" "ok" "$(ctl 'seal')"
tap_eq "seal: new engagement allowed" "ok" "$(ctl 'engage ks_target_bool 0')"
tap_eq "seal: values unchanged" "5 6 0" "$(call long) $(call int) $(call bool)"
tap_check "seal: killswitch cannot unload" sh -c '! rmmod killswitch 2>/dev/null'
tap_check "seal: tree still there" test -e "$CTL"
tap_check "seal: target module unloads" rmmod ks_target
tap_eq "seal: plain engagement kept pending" "pending" "$(cat "$KS/fn/ks_target_long/state")"
tap_eq "seal: three engagements remain" "3" "$(engaged | wc -l)"
tap_check "seal: target module reloads" insmod "$KS_TARGET_MODULE"
tap_eq "seal: re-armed after reload" "5 6 0" "$(call long) $(call int) $(call bool)"
tap_eq "seal: armed before init" "5" "$(cat /proc/ks_target/init_long)"
