# The engage= parameter through modprobe: from the kernel command line
# (killswitch.engage=..., which modprobe reads from /proc/cmdline) and
# from /etc/modprobe.d. To test each source alone in one boot, the suite
# bind-mounts a file of its own over /proc/cmdline; a boot that has
# killswitch.engage= on its real command line tests that first.
. /lib/ks/ks.sh
ks_unload_all
insmod "$KS_TARGET_MODULE"

# Install killswitch.ko where modprobe looks, as `make install` does.
extra=/lib/modules/$(uname -r)/updates
mkdir -p "$extra" /etc/modprobe.d
cp "$KS_MODULE" "$extra/"
tap_check "modprobe: depmod" depmod -a

# Replace /proc/cmdline with $1 until cmdline_restore.
cmdline_set() {
	printf '%s\n' "$1" >/tmp/cmdline
	mount --bind /tmp/cmdline /proc/cmdline
}

cmdline_restore() {
	umount /proc/cmdline
}

real=$(cat /proc/cmdline)
without=$(echo "$real" | sed 's/killswitch\.[^ ]*//g')

if echo "$real" | grep -q 'killswitch\.engage='; then
	tap_check "cmdline: load with the real command line" modprobe killswitch
	tap_eq "cmdline: real parameter passed" \
		"$(echo "$real" | sed -n 's/.*killswitch\.engage=\([^ ]*\).*/\1/p')" \
		"$(cat /sys/module/killswitch/parameters/engage)"
	rmmod killswitch
fi

cmdline_set "$without killswitch.engage=ks_target_int=-EPERM,ks_target:ks_target_ulong=3"
tap_check "cmdline: load" modprobe killswitch
tap_eq "cmdline: parameter passed" "ks_target_int=-EPERM,ks_target:ks_target_ulong=3" \
	"$(cat /sys/module/killswitch/parameters/engage)"
tap_match "cmdline: int engaged" "symbol=ks_target_int module=ks_target retval=-1 state=engaged" "$(engaged)"
tap_eq "cmdline: int returns -EPERM" "-1" "$(call int)"
tap_eq "cmdline: module form returns 3" "3" "$(call ulong)"
rmmod killswitch
cmdline_restore

cmdline_set "$without"
echo "options killswitch engage=ks_target_long=5,ks_target:ks_target_bool=0" \
	>/etc/modprobe.d/killswitch.conf
tap_check "modprobe.d: load" modprobe killswitch
tap_match "modprobe.d: long engaged" "symbol=ks_target_long module=ks_target retval=5 state=engaged" "$(engaged)"
tap_match "modprobe.d: module form engaged" "symbol=ks_target_bool module=ks_target retval=0 state=engaged" "$(engaged)"
tap_eq "modprobe.d: long returns 5" "5" "$(call long)"
tap_eq "modprobe.d: bool returns 0" "0" "$(call bool)"
tap_eq "modprobe.d: int untouched" "7" "$(call int)"
tap_check "modprobe.d: unload" modprobe -r killswitch
tap_eq "modprobe.d: long runs after unload" "42" "$(call long)"
cmdline_restore

# With both, modprobe appends the command line's options after the
# configuration's, and the later value of a parameter wins.
cmdline_set "$without killswitch.engage=ks_target_int=-EPERM"
tap_check "precedence: load with both" modprobe killswitch
tap_eq "precedence: the command line wins" "ks_target_int=-EPERM" \
	"$(cat /sys/module/killswitch/parameters/engage)"
tap_eq "precedence: long not engaged" "42" "$(call long)"
rmmod killswitch
cmdline_restore

rm -f /etc/modprobe.d/killswitch.conf "$extra/killswitch.ko"
depmod -a
ks_unload_all
