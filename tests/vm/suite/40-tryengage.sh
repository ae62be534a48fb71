# tryengage: count calls for a while, then commit if there were none,
# drop if there were any; disengage inside the window cancels.
. /lib/ks/ks.sh
ks_fresh

tap_eq "tryengage: quiet target" "ok" "$(ctl 'tryengage ks_target_int 5 2')"
tap_eq "tryengage: state probing" "probing" "$(cat "$KS/fn/ks_target_int/state")"
tap_match "tryengage: engaged shows probing" "state=probing hits=0" "$(engaged)"
tap_match "tryengage: window is logged" "killswitch: tryengage symbol=ks_target_int .*state=probing" "$(ks_log_lines)"
sleep 3
tap_eq "tryengage: committed" "engaged" "$(cat "$KS/fn/ks_target_int/state")"
tap_match "tryengage: commit is logged" "killswitch: commit symbol=ks_target_int .*hits=0" "$(ks_log_lines)"
tap_eq "tryengage: caller sees 5 after commit" "5" "$(call int)"

tap_eq "tryengage: busy target" "ok" "$(ctl 'tryengage ks_target_long 9 2')"
before=$(calls ks_target_long)
tap_eq "tryengage: call runs normally in window" "42" "$(call long)"
tap_eq "tryengage: body ran in window" "$((before + 1))" "$(calls ks_target_long)"
tap_eq "tryengage: call counted" "1" "$(cat "$KS/fn/ks_target_long/hits")"
sleep 3
tap_check "tryengage: aborted, fn dir gone" test ! -e "$KS/fn/ks_target_long"
tap_match "tryengage: abort is logged with hits" "killswitch: abort symbol=ks_target_long .*hits=1" "$(ks_log_lines)"
tap_eq "tryengage: aborted target runs" "42" "$(call long)"
tap_eq "tryengage: only int remains" "1" "$(engaged | wc -l)"

tap_eq "tryengage: long window" "ok" "$(ctl 'tryengage ks_target_bool 0 600')"
tap_eq "tryengage: cancel by disengage" "ok" "$(ctl 'disengage ks_target_bool')"
tap_match "tryengage: cancel is logged" "killswitch: cancel symbol=ks_target_bool" "$(ks_log_lines)"
tap_check "tryengage: cancelled fn dir gone" test ! -e "$KS/fn/ks_target_bool"
tap_eq "tryengage: cancelled target runs" "1" "$(call bool)"

tap_eq "tryengage: zero seconds" "ok" "$(ctl 'tryengage ks_target_ulong 3 0')"
sleep 1
tap_eq "tryengage: zero seconds commits at once" "engaged" "$(cat "$KS/fn/ks_target_ulong/state")"
tap_eq "tryengage: unknown symbol is ENOENT" "ENOENT" "$(ctl 'tryengage no_such_function_here 1 5')"
tap_eq "tryengage: over a day is EINVAL" "EINVAL" "$(ctl 'tryengage ks_target_void 0 86401')"

# The window's work must not outlive killswitch or the target.
tap_eq "tryengage: window open at unload" "ok" "$(ctl 'tryengage ks_target_void 0 600')"
ks_module_only tap_check "tryengage: rmmod with open window" rmmod killswitch
tap_eq "tryengage: void runs after unload" "done" "$(call void)"

ks_unload_all
