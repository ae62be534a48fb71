# The taint flag of a built-in killswitch, on a boot with no killswitch=
# and no KUnit run (kunit.enable=0), so nothing has engaged a function yet:
# TAINT_KILLSWITCH (bit 19, 'Z') is set by the first engagement and stays
# set after it is disengaged. Observing a function does not set it.
. /lib/ks/ks.sh
ks_fresh

tap_eq "taint: killswitch is built in" "1" "$KS_BUILTIN"
tap_eq "taint: clear at boot" "0" "$(ks_taint_bit)"
tap_eq "taint: observe" "ok" "$(ctl 'observe ks_target_int')"
tap_eq "taint: observed call runs" "7" "$(call int)"
tap_eq "taint: clear while observing" "0" "$(ks_taint_bit)"
tap_eq "taint: tryengage" "ok" "$(ctl 'disengage ks_target_int\ntryengage ks_target_long 3 600')"
tap_eq "taint: clear during the window" "0" "$(ks_taint_bit)"
tap_eq "taint: engage" "ok" "$(ctl 'disengage ks_target_long\nengage ks_target_int 5')"
tap_eq "taint: engaged call" "5" "$(call int)"
tap_eq "taint: set once engaged" "1" "$(ks_taint_bit)"
tap_eq "taint: disengage" "ok" "$(ctl 'disengage ks_target_int')"
tap_eq "taint: function restored" "7" "$(call int)"
tap_eq "taint: set after disengage" "1" "$(ks_taint_bit)"

ks_unload_all
