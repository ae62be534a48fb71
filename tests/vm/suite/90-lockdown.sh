# Kernel lockdown at integrity rejects every change. Lockdown cannot be
# lifted without a reboot, so this suite runs last.
. /lib/ks/ks.sh
ks_fresh
ctl 'engage ks_target_long 5' >/dev/null

if [ ! -w /sys/kernel/security/lockdown ]; then
	tap_fail "lockdown: securityfs lockdown file" "/sys/kernel/security/lockdown is missing"
	exit 0
fi
tap_check "lockdown: raise to integrity" sh -c 'echo integrity > /sys/kernel/security/lockdown'
dmesg -c >/dev/null
tap_eq "lockdown: engage is EPERM" "EPERM" "$(ctl 'engage ks_target_int 1')"
tap_eq "lockdown: disengage is EPERM" "EPERM" "$(ctl 'disengage ks_target_long')"
tap_eq "lockdown: retval change is EPERM" "EPERM" "$(kstool write "$KS/fn/ks_target_long/retval" '0')"
tap_match "lockdown: the lockdown LSM logs the refusal" "Lockdown: kstool: .* is restricted" "$(dmesg)"
tap_eq "lockdown: engagement unchanged" "5" "$(call long)"
tap_eq "lockdown: int not engaged" "7" "$(call int)"
tap_match "lockdown: engaged still readable" "symbol=ks_target_long" "$(engaged)"
tap_check "lockdown: killswitch still unloads" rmmod killswitch
tap_eq "lockdown: target runs after unload" "42" "$(call long)"
