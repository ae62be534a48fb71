# The securityfs tree: files, modes, and what each file refuses.
. /lib/ks/ks.sh
ks_fresh

tap_check "tree: killswitch dir exists" test -d "$KS"
tap_eq "tree: control mode" "200" "$(stat -c %a "$CTL")"
tap_eq "tree: engaged mode" "400" "$(stat -c %a "$KS/engaged")"
tap_eq "tree: fn dir mode" "700" "$(stat -c %a "$KS/fn")"
tap_eq "tree: owner is root" "0:0" "$(stat -c %u:%g "$CTL")"
tap_eq "tree: engaged empty at load" "" "$(engaged)"
tap_eq "tree: fn empty at load" "" "$(ls "$KS/fn")"
tap_eq "tree: control is not readable" "EINVAL" "$(kstool read "$CTL")"
tap_eq "tree: engaged is not writable" "EINVAL" "$(kstool write "$KS/engaged" 'x')"

tap_eq "tree: engage test target" "ok" "$(ctl 'engage ks_target_long 5')"
FN=$KS/fn/ks_target_long
tap_check "tree: fn dir created" test -d "$FN"
tap_eq "tree: fn/SYM mode" "700" "$(stat -c %a "$FN")"
tap_eq "tree: retval mode" "600" "$(stat -c %a "$FN/retval")"
tap_eq "tree: hits mode" "400" "$(stat -c %a "$FN/hits")"
tap_eq "tree: state mode" "400" "$(stat -c %a "$FN/state")"
tap_eq "tree: fn/SYM lists three files" "hits retval state" "$(ls "$FN" | tr '\n' ' ' | sed 's/ $//')"
tap_eq "tree: hits not writable" "EINVAL" "$(kstool write "$FN/hits" '0')"
tap_eq "tree: state not writable" "EINVAL" "$(kstool write "$FN/state" 'engaged')"
tap_eq "tree: disengage" "ok" "$(ctl 'disengage ks_target_long')"
tap_check "tree: fn dir removed" test ! -e "$FN"

ks_unload_all
