# A boot with lockdown=integrity on the kernel command line (check.sh's
# lockdown run). Lockdown then rejects every unsigned module, so
# killswitch.ko, which the bench does not sign, cannot load at all and
# leaves no trace. 90-lockdown.sh covers lockdown raised after the load.
. /lib/ks/ks.sh

tap_match "lockdown boot: level is integrity" '\[integrity\]' \
	"$(cat /sys/kernel/security/lockdown)"
dmesg -c >/dev/null
output=$(insmod "$KS_MODULE" 2>&1)
status=$?
tap_check "lockdown boot: insmod killswitch fails" test "$status" -ne 0
tap_note "insmod: $output"
tap_match "lockdown boot: the lockdown LSM names the reason" \
	"Lockdown: insmod: unsigned module loading is restricted" "$(dmesg)"
tap_check "lockdown boot: not in /proc/modules" sh -c '! grep -q "^killswitch " /proc/modules'
tap_check "lockdown boot: no /sys/module/killswitch" test ! -e /sys/module/killswitch
tap_check "lockdown boot: no securityfs tree" test ! -e "$KS"
tap_check "lockdown boot: no killswitch log line" sh -c '! dmesg | grep -q "killswitch: "'
tap_check "lockdown boot: ks_target fails too" sh -c "! insmod $KS_TARGET_MODULE 2>/dev/null"
tap_check "lockdown boot: confidentiality can still be raised" \
	sh -c 'echo confidentiality > /sys/kernel/security/lockdown'
tap_check "lockdown boot: insmod killswitch fails at confidentiality" \
	sh -c "! insmod $KS_MODULE 2>/dev/null"
tap_check "lockdown boot: still no securityfs tree" test ! -e "$KS"
