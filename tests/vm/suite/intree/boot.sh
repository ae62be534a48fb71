# The boot parameter on a kernel with killswitch built in, booted with
# ks.first=intree/first and
# killswitch=__x64_sys_sysinfo=-EPERM,bogus_entry,no_such_function_here=1
# Reports what intree/first.sh recorded before any other userspace program
# ran, then checks the kernel log of the boot.
. /lib/ks/ks.sh

if [ -s /tmp/ks-first.results ]; then
	tap_results /tmp/ks-first.results
else
	tap_fail "first process: results recorded" \
		"/tmp/ks-first.results is missing or empty: boot with ks.first=intree/first" \
		"$(cat /tmp/ks-first.log 2>/dev/null)"
fi

log=$(dmesg)
tap_match "boot: engagement logged" \
	"killswitch: engage symbol=__x64_sys_sysinfo module=vmlinux retval=-1 errno=EPERM " "$log"
tap_match "boot: entry without = skipped" \
	"killswitch: killswitch=: skipping 'bogus_entry': missing '='" "$log"
tap_match "boot: unknown symbol skipped" \
	"killswitch: killswitch=: skipping no_such_function_here: error -2" "$log"
tap_match "boot: engaged before init ran" \
	"killswitch: engage symbol=__x64_sys_sysinfo" \
	"$(printf '%s\n' "$log" | sed -n '1,/Run \/init as init process/p')"
tap_check "boot: no module state file" test ! -e /sys/module/killswitch/initstate
tap_check "boot: not in /proc/modules" sh -c '! grep -q "^killswitch " /proc/modules'
tap_eq "boot: nothing engaged now" "" "$(engaged)"
tap_eq "boot: history has the boot engagement" "1" \
	"$(grep -c ' engage symbol=__x64_sys_sysinfo ' "$KS/history")"
