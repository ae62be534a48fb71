# Lifetimes: files held open across disengage, the target module unloading
# while engaged, and killswitch.ko unloading while engaged.
. /lib/ks/ks.sh
ks_fresh

# A file held open across disengage fails cleanly.
ctl 'engage ks_target_long 5' >/dev/null
rm -f /tmp/ready /tmp/go
kstool hold "$KS/fn/ks_target_long/hits" /tmp/ready /tmp/go >/tmp/held &
held=$!
while [ ! -e /tmp/ready ]; do sleep 0.1; done
tap_eq "lifetime: disengage with file open" "ok" "$(ctl 'disengage ks_target_long')"
touch /tmp/go
wait $held
tap_eq "lifetime: held file reads ENODEV" "ENODEV" "$(cat /tmp/held)"
tap_eq "lifetime: old path is ENOENT" "ENOENT" "$(kstool read "$KS/fn/ks_target_long/hits")"
tap_eq "lifetime: re-engage same symbol" "ok" "$(ctl 'engage ks_target_long 6')"
tap_eq "lifetime: re-engaged value" "6" "$(call long)"

# A held retval file cannot write into a later engagement of the same name.
rm -f /tmp/ready /tmp/go
kstool hold "$KS/fn/ks_target_long/retval" /tmp/ready /tmp/go >/tmp/held &
held=$!
while [ ! -e /tmp/ready ]; do sleep 0.1; done
ctl 'disengage ks_target_long' >/dev/null
ctl 'engage ks_target_long 8' >/dev/null
touch /tmp/go
wait $held
tap_eq "lifetime: held file of old engagement fails" "ENODEV" "$(cat /tmp/held)"
tap_eq "lifetime: new engagement reads its own value" "8" "$(cat "$KS/fn/ks_target_long/retval")"

# Unloading the target's module drops the engagement, with a warning.
ctl 'engage ks_target_int 1' >/dev/null
ctl 'tryengage ks_target_bool 0 600' >/dev/null
dmesg -c >/dev/null
tap_check "lifetime: rmmod target while engaged" rmmod ks_target
tap_eq "lifetime: engagements dropped" "" "$(engaged)"
log=$(ks_log_lines)
tap_match "lifetime: drop logged for long" "killswitch: drop symbol=ks_target_long module=ks_target" "$log"
tap_match "lifetime: drop logged for int" "killswitch: drop symbol=ks_target_int module=ks_target" "$log"
tap_match "lifetime: drop logged for probing bool" "killswitch: drop symbol=ks_target_bool module=ks_target" "$log"
tap_check "lifetime: fn dirs gone" test -z "$(ls "$KS/fn")"
tap_check "lifetime: target loads again" insmod "$KS_TARGET_MODULE"
tap_eq "lifetime: not re-armed after reload" "42" "$(call long)"
tap_eq "lifetime: engage after reload" "ok" "$(ctl 'engage ks_target_long 3')"
tap_eq "lifetime: reloaded target engaged" "3" "$(call long)"

# killswitch.ko cannot unload while one of its files is open.
rm -f /tmp/ready /tmp/go
kstool hold "$KS/engaged" /tmp/ready /tmp/go >/tmp/held &
held=$!
while [ ! -e /tmp/ready ]; do sleep 0.1; done
tap_check "lifetime: rmmod refused while a file is open" sh -c '! rmmod killswitch 2>/dev/null'
touch /tmp/go
wait $held
tap_match "lifetime: held engaged file still reads" "symbol=ks_target_long" "$(cat /tmp/held)"

# Unloading killswitch.ko disengages everything and removes the tree.
ctl 'engage ks_target_int 1' >/dev/null
ctl 'engage ksys_sync 0' >/dev/null
dmesg -c >/dev/null
tap_check "lifetime: rmmod killswitch while engaged" rmmod killswitch
log=$(ks_log_lines)
tap_match "lifetime: unload disengages long" "killswitch: disengage symbol=ks_target_long" "$log"
tap_match "lifetime: unload disengages ksys_sync" "killswitch: disengage symbol=ksys_sync module=vmlinux" "$log"
tap_check "lifetime: tree gone after unload" test ! -e "$KS"
tap_eq "lifetime: old control path is ENOENT" "ENOENT" "$(kstool write "$CTL" 'disengage_all')"
tap_eq "lifetime: old fn path is ENOENT" "ENOENT" "$(kstool read "$KS/fn/ks_target_int/hits")"
tap_eq "lifetime: target runs after unload" "42" "$(call long)"
tap_eq "lifetime: int runs after unload" "7" "$(call int)"
sync
tap_check "lifetime: killswitch loads again" insmod "$KS_MODULE"
tap_eq "lifetime: empty after reload" "" "$(engaged)"

# A shell whose working directory is inside the tree does not keep it alive.
ctl 'engage ks_target_long 2' >/dev/null
rm -f /tmp/go
(cd "$KS/fn/ks_target_long" && while [ ! -e /tmp/go ]; do sleep 0.1; done) &
inside=$!
sleep 0.5
tap_check "lifetime: rmmod with a shell inside the tree" rmmod killswitch
tap_check "lifetime: reload with a shell inside the old tree" insmod "$KS_MODULE"
tap_eq "lifetime: engage again after reload" "ok" "$(ctl 'engage ks_target_long 2')"
touch /tmp/go
wait $inside

ks_unload_all
