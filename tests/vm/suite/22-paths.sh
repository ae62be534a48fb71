# Which path an engagement takes: by default an ftrace direct call into
# ks_direct_stub, one direct ftrace_ops per write and owning module; with
# the module parameter direct=0, the shared IPMODIFY ftrace_ops and its C
# handler. ftrace's enabled_functions shows the direct target.
. /lib/ks/ks.sh
EF=/sys/kernel/tracing/enabled_functions

# Print the enabled_functions record of function $1 and the line after it.
ef_record() {
	grep -A1 "^$1 " "$EF"
}

ks_fresh
tap_eq "direct: engage two in one write" ok \
	"$(ctl 'engage ks_target_long 5\nengage ks_target_int 9')"
tap_match "direct: long calls the stub" "direct-->ks_direct_stub" "$(ef_record ks_target_long)"
tap_match "direct: int calls the stub" "direct-->ks_direct_stub" "$(ef_record ks_target_int)"
before=$(calls ks_target_long)
tap_eq "direct: long returns 5" 5 "$(call long)"
tap_eq "direct: int returns 9" 9 "$(call int)"
tap_eq "direct: body of long did not run" "$before" "$(calls ks_target_long)"
tap_eq "direct: hits counted" 1 "$(cat "$KS/fn/ks_target_long/hits")"

# The stub calls C for a scope: root in the initial namespace passes.
tap_eq "direct: scope change to userns" ok "$(kstool write "$KS/fn/ks_target_long/scope" userns)"
tap_eq "direct: root passes through" 42 "$(call long)"
tap_eq "direct: passed counted" 1 "$(cat "$KS/fn/ks_target_long/passed")"
tap_eq "direct: a user namespace is blocked" 5 "$(unshare -U -r cat /proc/ks_target/long)"
tap_eq "direct: scope back to all" ok "$(kstool write "$KS/fn/ks_target_long/scope" all)"
tap_eq "direct: root blocked again" 5 "$(call long)"
tap_eq "direct: live retval change" ok "$(kstool write "$KS/fn/ks_target_long/retval" -EPERM)"
tap_eq "direct: new value" -1 "$(call long)"

# A call let through keeps its argument registers: uname(2)'s body
# writes through the pointer it was given.
tap_eq "arguments: engage newuname scoped" ok "$(ctl 'engage __x64_sys_newuname -EFAULT scope=userns')"
tap_eq "arguments: root's uname passes through intact" "$(cat /proc/sys/kernel/osrelease)" "$(uname -r)"
tap_check "arguments: the pass was counted" test "$(cat "$KS/fn/__x64_sys_newuname/passed")" -ge 1
# In a user namespace the body does not run: uname(2) fills nothing.
tap_check "arguments: a user namespace does not get the release" sh -c \
	'[ "$(unshare -U -r uname -r 2>/dev/null)" != "$(cat /proc/sys/kernel/osrelease)" ]'
tap_eq "arguments: disengage newuname" ok "$(ctl 'disengage __x64_sys_newuname')"

# Disengaging one target of a write parks its call site in the write's
# ftrace_ops: the body runs, and engaging it again reuses the site.
tap_eq "parked: disengage long only" ok "$(ctl 'disengage ks_target_long')"
tap_eq "parked: long runs its body" 42 "$(call long)"
tap_match "parked: long still calls the stub" "direct-->ks_direct_stub" "$(ef_record ks_target_long)"
tap_eq "parked: int still engaged" 9 "$(call int)"
tap_eq "parked: engage long again" ok "$(ctl 'engage ks_target_long 6')"
tap_eq "parked: long returns 6" 6 "$(call long)"
tap_eq "parked: hits start again" 1 "$(cat "$KS/fn/ks_target_long/hits")"
tap_eq "parked: disengage both" ok "$(ctl 'disengage ks_target_long\ndisengage ks_target_int')"
tap_eq "parked: the ftrace_ops is gone" "" "$(ef_record ks_target_long)"
tap_eq "parked: long runs" 42 "$(call long)"
tap_eq "parked: int runs" 7 "$(call int)"

# Two owners in one write: one direct ftrace_ops each; vmlinux's goes
# with its last target, the module's stays for the other.
tap_eq "owners: engage a vmlinux and a module function" ok \
	"$(ctl 'engage ksys_sync 0\nengage ks_target_long 3')"
tap_match "owners: ksys_sync calls the stub" "direct-->ks_direct_stub" "$(ef_record ksys_sync)"
tap_eq "owners: disengage ksys_sync" ok "$(ctl 'disengage ksys_sync')"
tap_eq "owners: ksys_sync's ftrace_ops is gone" "" "$(ef_record ksys_sync)"
tap_eq "owners: long still engaged" 3 "$(call long)"
tap_eq "owners: clean up" ok "$(ctl 'disengage_all')"

# With direct=0: the shared ftrace_ops, no direct call.
ks_fresh direct=0
tap_eq "handler: direct parameter off" N "$(cat /sys/module/killswitch/parameters/direct)"
tap_eq "handler: engage two" ok "$(ctl 'engage ks_target_long 5\nengage ks_target_int 9')"
tap_match "handler: long is traced" "^ks_target_long " "$(ef_record ks_target_long)"
tap_check "handler: no direct call" sh -c "! grep -A1 '^ks_target_long ' $EF | grep -q direct"
tap_eq "handler: long returns 5" 5 "$(call long)"
tap_eq "handler: scope userns" ok "$(kstool write "$KS/fn/ks_target_long/scope" userns)"
tap_eq "handler: root passes through" 42 "$(call long)"
tap_eq "handler: disengage long" ok "$(ctl 'disengage ks_target_long')"
tap_eq "handler: long is not traced any more" "" "$(ef_record ks_target_long)"
tap_eq "handler: int still engaged" 9 "$(call int)"
tap_eq "handler: disengage int" ok "$(ctl 'disengage ks_target_int')"
tap_eq "handler: int runs" 7 "$(call int)"

ks_unload_all
