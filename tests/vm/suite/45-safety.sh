# Beyond the proposal: pending module targets, scoped engagement, observe,
# the guard list, audit records, reason tags and the history file.
. /lib/ks/ks.sh
ks_fresh

# Pending targets: MODULE:SYMBOL arms when the module comes, before init.
rmmod ks_target
tap_eq "pending: engage absent module" "ok" \
	"$(ctl 'engage ks_target:ks_target_long 9 reason=TEST-1')"
tap_eq "pending: state pending" "pending" "$(cat "$KS/fn/ks_target_long/state")"
tap_match "pending: engaged shows pending" \
	"^symbol=ks_target_long module=ks_target retval=9 state=pending hits=0 passed=0 scope=all reason=TEST-1$" \
	"$(engaged)"
dmesg -c >/dev/null
tap_check "pending: module loads" insmod "$KS_TARGET_MODULE"
tap_eq "pending: armed before init ran" "9" "$(cat /proc/ks_target/init_long)"
tap_eq "pending: state engaged after load" "engaged" "$(cat "$KS/fn/ks_target_long/state")"
tap_eq "pending: caller sees 9" "9" "$(call long)"
tap_match "pending: arm is logged" "killswitch: arm symbol=ks_target_long module=ks_target" "$(ks_log_lines)"
tap_check "pending: module unloads" rmmod ks_target
tap_eq "pending: pending again after unload" "pending" "$(cat "$KS/fn/ks_target_long/state")"
tap_match "pending: unload is logged" "killswitch: pending symbol=ks_target_long" "$(ks_log_lines)"
tap_check "pending: module reloads" insmod "$KS_TARGET_MODULE"
tap_eq "pending: armed again after reload" "9" "$(call long)"
tap_eq "pending: disengage with module form" "ok" "$(ctl 'disengage ks_target:ks_target_long')"
tap_eq "pending: long runs again" "42" "$(call long)"
tap_eq "pending: unknown symbol in loaded module is ENOENT" "ENOENT" \
	"$(ctl 'engage ks_target:no_such_function_here 1')"
ctl 'engage ks_target_int 1' >/dev/null
tap_eq "pending: disengage with wrong module is ENOENT" "ENOENT" \
	"$(ctl 'disengage other_mod:ks_target_int')"
tap_eq "pending: disengage with right module" "ok" "$(ctl 'disengage ks_target:ks_target_int')"
tap_eq "pending: absent module stays pending" "ok" "$(ctl 'engage no_such_module:some_function 1')"
tap_eq "pending: absent module state" "pending" "$(cat "$KS/fn/some_function/state")"
tap_eq "pending: tryengage needs the module" "ENOENT" "$(ctl 'tryengage no_such_module:other_function 1 5')"
ctl 'disengage some_function' >/dev/null

# The real path: af_alg is autoloaded by the very socket call that uses it.
rmmod algif_skcipher 2>/dev/null
rmmod af_alg 2>/dev/null
tap_check "pending: af_alg not loaded" sh -c '! grep -q "^af_alg " /proc/modules'
tap_eq "pending: engage af_alg:af_alg_sendmsg" "ok" \
	"$(ctl 'engage af_alg:af_alg_sendmsg -EPERM reason=CVE-2026-31431')"
tap_eq "pending: first sendmsg after autoload fails" "EPERM" "$(ks_alg --quiet)"
tap_match "pending: af_alg engaged with hits" "symbol=af_alg_sendmsg module=af_alg retval=-1 state=engaged hits=[1-9]" "$(engaged)"
rmmod algif_skcipher
rmmod af_alg
tap_eq "pending: af_alg pending after rmmod" "pending" "$(cat "$KS/fn/af_alg_sendmsg/state")"
tap_eq "pending: blocked again after reload" "EPERM" "$(ks_alg --quiet)"
ctl 'disengage af_alg_sendmsg' >/dev/null
tap_eq "pending: af_alg works after disengage" "ok" "$(ks_alg --quiet)"

# Scope: out-of-scope callers run the real function.
tap_eq "scope: engage userns" "ok" "$(ctl 'engage ks_target_long 5 scope=userns')"
tap_eq "scope: userns lets init-ns root through" "42" "$(call long)"
tap_eq "scope: userns blocks a user namespace" "5" "$(unshare -U -r cat /proc/ks_target/long)"
tap_eq "scope: userns blocks unprivileged userns" "5" \
	"$(kstool setuid 1000 unshare -U cat /proc/ks_target/long)"
tap_eq "scope: hits count both" "3" "$(cat "$KS/fn/ks_target_long/hits")"
tap_eq "scope: passed counts one" "1" "$(cat "$KS/fn/ks_target_long/passed")"
tap_eq "scope: file shows userns" "userns" "$(cat "$KS/fn/ks_target_long/scope")"
tap_eq "scope: change to unpriv" "ok" "$(kstool write "$KS/fn/ks_target_long/scope" 'unpriv')"
tap_eq "scope: unpriv lets root through" "42" "$(call long)"
tap_eq "scope: unpriv blocks without CAP_SYS_ADMIN" "5" "$(kstool dropcap cat /proc/ks_target/long)"
tap_eq "scope: unpriv blocks uid 1000" "5" "$(kstool setuid 1000 cat /proc/ks_target/long)"
tap_eq "scope: unpriv blocks root in userns" "5" "$(unshare -U -r cat /proc/ks_target/long)"
tap_eq "scope: invalid scope rejected" "EINVAL" "$(kstool write "$KS/fn/ks_target_long/scope" 'nobody')"
tap_eq "scope: change to all" "ok" "$(kstool write "$KS/fn/ks_target_long/scope" 'all')"
tap_eq "scope: all blocks root" "5" "$(call long)"
tap_match "scope: change is logged" "killswitch: scope symbol=ks_target_long .*scope=all" "$(ks_log_lines)"
ctl 'disengage ks_target_long' >/dev/null

# Observe: count and record callers, change nothing.
before=$(calls ks_target_int)
tap_eq "observe: ks_target_int" "ok" "$(ctl 'observe ks_target_int reason=triage')"
tap_eq "observe: state observing" "observing" "$(cat "$KS/fn/ks_target_int/state")"
tap_eq "observe: root call runs" "7" "$(call int)"
tap_eq "observe: uid 1000 call runs" "7" "$(kstool setuid 1000 cat /proc/ks_target/int)"
tap_eq "observe: bodies ran" "$((before + 2))" "$(calls ks_target_int)"
callers=$(cat "$KS/fn/ks_target_int/callers")
tap_match "observe: root caller recorded" "calls=1 comm=cat pid=[0-9]+ uid=0 userns=[0-9]+" "$callers"
tap_match "observe: uid 1000 caller recorded" "calls=1 comm=cat pid=[0-9]+ uid=1000 userns=" "$callers"
tap_match "observe: caller logged" "killswitch: observe symbol=ks_target_int comm=cat pid=[0-9]+ uid=1000" "$(dmesg)"
tap_eq "observe: passed equals hits" "$(cat "$KS/fn/ks_target_int/hits")" "$(cat "$KS/fn/ks_target_int/passed")"
ctl 'disengage ks_target_int' >/dev/null

# The guard list. Security rules: no override.
for target in security_file_open cap_capable security_locked_down commit_creds \
	audit_log_start mod_verify_sig ima_file_check apparmor_file_open \
	'killswitch:ks_event' ks_event __x64_sys_setuid; do
	tap_eq "guard: $target is EACCES" "EACCES" "$(ctl "engage $target 0")"
	tap_eq "guard: $target with force is EACCES" "EACCES" "$(ctl "engage $target 0 force")"
done
tap_match "guard: refusal names the rule" "guard: security_file_open refused: rule 'security_\*' \(LSM hook, security class, no override\)" "$(dmesg)"
# Stability rules: force overrides.
for target in mutex_lock schedule_timeout _printk kmem_cache_alloc do_syscall_64 register_kprobe; do
	tap_eq "guard: $target is EACCES" "EACCES" "$(ctl "engage $target 0")"
done
tap_eq "guard: dump_stack without force" "EACCES" "$(ctl 'engage dump_stack 0')"
tap_eq "guard: dump_stack with force" "ok" "$(ctl 'engage dump_stack 0 force')"
ctl 'disengage dump_stack' >/dev/null
tap_eq "guard: observe of an LSM hook is allowed" "ok" "$(ctl 'observe security_file_open')"
ctl 'disengage security_file_open' >/dev/null
tap_eq "guard: observe of a lock is EACCES" "EACCES" "$(ctl 'observe mutex_lock')"
tap_eq "guard: add a rule" "ok" "$(ctl 'guard ks_target_b*')"
tap_eq "guard: added rule applies" "EACCES" "$(ctl 'engage ks_target_bool 0')"
tap_eq "guard: added rule has no override" "EACCES" "$(ctl 'engage ks_target_bool 0 force')"
tap_match "guard: file lists the added rule" "class=security pattern=ks_target_b\* why=\"added\"" "$(cat "$KS/guard")"
# Lines are checked against the state before the write, rules included.
tap_eq "guard: rule applies from the next write" "ok" "$(ctl 'guard ks_target_p*\nengage ks_target_ptr 0')"
tap_eq "guard: engaged ptr remains" "0" "$(call ptr)"
ctl 'disengage ks_target_ptr' >/dev/null
tap_eq "guard: next write is refused" "EACCES" "$(ctl 'engage ks_target_ptr 1')"
tap_eq "guard: failed write adds no rule" "ENOENT" "$(ctl 'guard never_used_*\nengage no_such_function_here 1')"
tap_check "guard: rule of failed write absent" sh -c "! grep -q 'pattern=never_used_' $KS/guard"
tap_eq "guard: nothing engaged" "" "$(engaged)"

# Audit records, reason tags and history.
dmesg -c >/dev/null
audit_start
ctl 'engage ks_target_long 5 reason=CVE-2026-0001' >/dev/null
ctl 'disengage ks_target_long' >/dev/null
audit_stop
records=$(cat /tmp/audit.log)
tap_match "audit: engage record" "^type=1316 audit\([0-9.:]+\): op=killswitch-engage symbol=ks_target_long module=ks_target retval=5 .*reason=CVE-2026-0001" "$records"
tap_match "audit: record has the task" "op=killswitch-engage .* auid=[0-9]+ uid=0 .*comm=\"kstool\".* res=1" "$records"
tap_match "audit: disengage record" "^type=1316 .*op=killswitch-disengage symbol=ks_target_long" "$records"
tap_match "reason: in the log line" "killswitch: engage symbol=ks_target_long .*reason=CVE-2026-0001" "$(dmesg)"
history=$(cat "$KS/history")
tap_match "history: engage kept after disengage" "seq=[0-9]+ time=[0-9]+ engage symbol=ks_target_long .*reason=CVE-2026-0001" "$history"
tap_match "history: disengage recorded" "disengage symbol=ks_target_long .*comm=kstool" "$history"
tap_match "history: guard recorded" "guard detail=\"ks_target_b\*\"" "$history"
tap_eq "history: numbered from 1" "seq=1" "$(head -n 1 "$KS/history" | cut -d' ' -f1)"

ks_unload_all
