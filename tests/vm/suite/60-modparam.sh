# The engage= module parameter: good entries apply, bad ones are logged
# and skipped.
. /lib/ks/ks.sh
ks_unload_all
insmod "$KS_TARGET_MODULE"
dmesg -c >/dev/null

tap_check "modparam: load with a mixed list" insmod "$KS_MODULE" \
	"engage=ks_target_long=5,bogus_entry,ks_target_int=-EPERM,no_such_function_here=1,ks_target_bool=maybe,ks_target_long=6"
tap_eq "modparam: two engaged" "2" "$(engaged | wc -l)"
tap_eq "modparam: long returns 5" "5" "$(call long)"
tap_eq "modparam: int returns -EPERM" "-1" "$(call int)"
tap_eq "modparam: bool untouched" "1" "$(call bool)"
log=$(dmesg -c)
tap_match "modparam: missing equals logged" "engage=: skipping 'bogus_entry': missing '='" "$log"
tap_match "modparam: unknown symbol logged" "engage=: skipping no_such_function_here: error -2" "$log"
tap_match "modparam: bad value logged" "engage=: skipping 'maybe': invalid return value" "$log"
tap_match "modparam: duplicate logged" "engage=: skipping ks_target_long: error -16" "$log"
tap_match "modparam: engage logged with insmod" "killswitch: engage symbol=ks_target_long .*comm=insmod" "$log"
tap_eq "modparam: parameter readable by root" \
	"ks_target_long=5,bogus_entry,ks_target_int=-EPERM,no_such_function_here=1,ks_target_bool=maybe,ks_target_long=6" \
	"$(cat /sys/module/killswitch/parameters/engage)"
tap_eq "modparam: disengage works" "ok" "$(ctl 'disengage_all')"

ks_unload_all
