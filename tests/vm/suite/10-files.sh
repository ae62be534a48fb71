# The securityfs tree: files, modes, and what each file refuses.
. /lib/ks/ks.sh
ks_fresh

tap_check "tree: killswitch dir exists" test -d "$KS"
tap_eq "tree: control mode" "200" "$(stat -c %a "$CTL")"
tap_eq "tree: engaged mode" "400" "$(stat -c %a "$KS/engaged")"
tap_eq "tree: fn dir mode" "700" "$(stat -c %a "$KS/fn")"
tap_eq "tree: sealed mode" "400" "$(stat -c %a "$KS/sealed")"
tap_eq "tree: history mode" "400" "$(stat -c %a "$KS/history")"
tap_eq "tree: guard mode" "400" "$(stat -c %a "$KS/guard")"
tap_eq "tree: top-level files" "control engaged fn guard history sealed" \
	"$(ls "$KS" | tr '\n' ' ' | sed 's/ $//')"
tap_eq "tree: not sealed at load" "0" "$(cat "$KS/sealed")"
tap_match "tree: guard lists a security rule" "^class=security pattern=security_\* " "$(cat "$KS/guard")"
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
tap_eq "tree: scope mode" "600" "$(stat -c %a "$FN/scope")"
tap_eq "tree: passed mode" "400" "$(stat -c %a "$FN/passed")"
tap_eq "tree: reason mode" "400" "$(stat -c %a "$FN/reason")"
tap_eq "tree: callers mode" "400" "$(stat -c %a "$FN/callers")"
tap_eq "tree: fn/SYM lists seven files" "callers hits passed reason retval scope state" \
	"$(ls "$FN" | tr '\n' ' ' | sed 's/ $//')"
tap_eq "tree: sealed not writable" "EINVAL" "$(kstool write "$KS/sealed" '1')"
tap_eq "tree: reason not writable" "EINVAL" "$(kstool write "$FN/reason" 'x')"
tap_eq "tree: hits not writable" "EINVAL" "$(kstool write "$FN/hits" '0')"
tap_eq "tree: state not writable" "EINVAL" "$(kstool write "$FN/state" 'engaged')"
tap_eq "tree: disengage" "ok" "$(ctl 'disengage ks_target_long')"
tap_check "tree: fn dir removed" test ! -e "$FN"

ks_unload_all
