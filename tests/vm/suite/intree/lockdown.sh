# A built-in killswitch on a boot with lockdown=integrity and
# killswitch=__x64_sys_sysinfo=-EPERM: lockdown rejects the boot list and
# every engagement under the reason of its own that the series adds.
. /lib/ks/ks.sh

tap_match "lockdown: level is integrity" '\[integrity\]' \
	"$(cat /sys/kernel/security/lockdown)"
tap_match "lockdown: boot list rejected" \
	"killswitch: killswitch=: kernel is locked down, nothing engaged" "$(dmesg)"
tap_match "lockdown: reason named at boot" \
	"Lockdown: [^:]+: killswitch function short-circuit is restricted" "$(dmesg)"
tap_eq "lockdown: sysinfo runs" "ok" "$(kstool sysinfo)"
tap_eq "lockdown: nothing engaged" "" "$(engaged)"
tap_check "lockdown: no fn dir" test ! -e "$KS/fn/__x64_sys_sysinfo"
dmesg -c >/dev/null
tap_eq "lockdown: engage is EPERM" "EPERM" "$(ctl 'engage __x64_sys_sysinfo -1')"
tap_match "lockdown: reason named" \
	"Lockdown: kstool: killswitch function short-circuit is restricted" "$(dmesg)"
tap_eq "lockdown: sysinfo still runs" "ok" "$(kstool sysinfo)"
tap_eq "lockdown: taint flag clear" "0" "$(ks_taint_bit)"
