# Kernel lockdown at integrity rejects every change. Lockdown cannot be
# lifted without a reboot, so this suite runs last. After 88-seal.sh the
# module is sealed and cannot be reloaded, so it is used as it is.
. /lib/ks/ks.sh
if [ -e "$CTL" ]; then
	grep -q '^ks_target ' /proc/modules || insmod "$KS_TARGET_MODULE"
else
	ks_fresh
fi
ctl 'engage ks_target_void 0' >/dev/null
before=$(engaged)

if [ ! -w /sys/kernel/security/lockdown ]; then
	tap_fail "lockdown: securityfs lockdown file" "/sys/kernel/security/lockdown is missing"
	exit 0
fi
tap_check "lockdown: raise to integrity" sh -c 'echo integrity > /sys/kernel/security/lockdown'
dmesg -c >/dev/null
tap_eq "lockdown: engage is EPERM" "EPERM" "$(ctl 'engage ks_target_ulong 1')"
tap_eq "lockdown: disengage is EPERM" "EPERM" "$(ctl 'disengage ks_target_void')"
tap_eq "lockdown: retval change is EPERM" "EPERM" "$(kstool write "$KS/fn/ks_target_void/retval" '1')"
tap_eq "lockdown: scope change is EPERM" "EPERM" "$(kstool write "$KS/fn/ks_target_void/scope" 'userns')"
tap_eq "lockdown: guard is EPERM" "EPERM" "$(ctl 'guard something')"
tap_match "lockdown: the lockdown LSM logs the refusal" "Lockdown: kstool: .* is restricted" "$(dmesg)"
tap_eq "lockdown: ulong not engaged" "100" "$(call ulong)"
tap_eq "lockdown: engagements unchanged" "$before" "$(engaged)"

# confidentiality, the higher level, rejects the same and still allows reads.
tap_check "lockdown: raise to confidentiality" \
	sh -c 'echo confidentiality > /sys/kernel/security/lockdown'
tap_match "lockdown: level is confidentiality" '\[confidentiality\]' \
	"$(cat /sys/kernel/security/lockdown)"
tap_eq "lockdown: confidentiality engage is EPERM" "EPERM" "$(ctl 'engage ks_target_ulong 1')"
tap_eq "lockdown: confidentiality disengage_all is EPERM" "EPERM" "$(ctl 'disengage_all')"
tap_eq "lockdown: confidentiality tryengage is EPERM" "EPERM" \
	"$(ctl 'tryengage ks_target_ulong 0 5')"
tap_eq "lockdown: confidentiality retval is EPERM" "EPERM" \
	"$(kstool write "$KS/fn/ks_target_void/retval" '1')"
tap_eq "lockdown: confidentiality malformed is EPERM" "EPERM" "$(ctl 'bogus')"
tap_eq "lockdown: confidentiality keeps the engagements" "$before" "$(engaged)"
tap_match "lockdown: history still readable" "engage symbol=ks_target_void" "$(cat "$KS/history")"

# Lockdown also rejects unsigned modules: the target cannot come back.
tap_check "lockdown: target module unloads" rmmod ks_target
tap_check "lockdown: unsigned module cannot load" sh -c "! insmod $KS_TARGET_MODULE 2>/dev/null"
