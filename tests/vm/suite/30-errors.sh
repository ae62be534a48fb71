# Every documented error: the exact errno, and nothing changed afterwards.
. /lib/ks/ks.sh
ks_fresh

tap_eq "error: unknown symbol is ENOENT" "ENOENT" "$(ctl 'engage no_such_function_here 1')"
tap_eq "error: blacklisted notify_die is EINVAL" "EINVAL" "$(ctl 'engage notify_die 0')"
tap_eq "error: own handler is EINVAL" "EINVAL" "$(ctl 'engage ks_pre_handler 0')"
tap_eq "error: data symbol jiffies is EINVAL" "EINVAL" "$(ctl 'engage jiffies 0')"
tap_eq "error: nothing engaged after refusals" "" "$(engaged)"
tap_eq "error: no fn dir after refusals" "" "$(ls "$KS/fn")"

tap_eq "error: engage once" "ok" "$(ctl 'engage ks_target_long 5')"
tap_eq "error: engage twice is EBUSY" "EBUSY" "$(ctl 'engage ks_target_long 6')"
tap_eq "error: tryengage engaged is EBUSY" "EBUSY" "$(ctl 'tryengage ks_target_long 6 10')"
tap_eq "error: value kept after EBUSY" "5" "$(call long)"
tap_eq "error: disengage not engaged is ENOENT" "ENOENT" "$(ctl 'disengage ks_target_int')"
tap_eq "error: disengage unknown is ENOENT" "ENOENT" "$(ctl 'disengage no_such_function_here')"

for bad in 'engage' 'engage ks_target_int' 'engage ks_target_int 1 2' \
	'ks_target_int 1' 'ENGAGE ks_target_int 1' 'engage ks_target_int -EFOO' \
	'engage ks_target_int EPERM' 'engage ks_target_int 99999999999999999999' \
	'engage ks_target_int 1 scope=root' 'engage ks_target_int 1 reason=' \
	'engage ks_target_int 1 force force' 'engage ks_target:ks_target_int:x 1' \
	'observe ks_target_int 1' 'seal now' 'guard a*b' \
	'engage ks_target_int 0x' 'engage 1abc 1' 'engage ks-target 1' \
	'tryengage ks_target_int 1 86401' 'tryengage ks_target_int 1' \
	'disengage' 'disengage_all now' 'engage ks_target_int\0 1' \
	'engage ks_target_\xc3\xa9 1'; do
	tap_eq "error: malformed '$bad' is EINVAL" "EINVAL" "$(ctl "$bad")"
done
tap_eq "error: write at offset is EINVAL" "EINVAL" "$(kstool write -o 1 "$CTL" 'engage ks_target_int 1')"
tap_eq "error: only ks_target_long engaged" "1" "$(engaged | wc -l)"

# A malformed line rejects the whole write before anything applies.
tap_eq "batch: malformed second line rejects all" "EINVAL" \
	"$(ctl 'engage ks_target_int 1\nengage ks_target_bool x\n')"
tap_eq "batch: first line not applied" "7" "$(call int)"
tap_eq "batch: symbol twice rejects all" "EINVAL" \
	"$(ctl 'engage ks_target_int 1\nengage ks_target_int 2\n')"

# A line that fails while applying undoes the lines before it.
tap_eq "batch: unknown symbol in second line" "ENOENT" \
	"$(ctl 'engage ks_target_int 1\nengage no_such_function_here 1\n')"
tap_eq "batch: int not engaged after ENOENT" "7" "$(call int)"
tap_check "batch: no fn dir left after ENOENT" test ! -e "$KS/fn/ks_target_int"
tap_eq "batch: EBUSY in second line" "EBUSY" \
	"$(ctl 'engage ks_target_int 1\nengage ks_target_long 2\n')"
tap_eq "batch: int not engaged after EBUSY" "7" "$(call int)"
tap_eq "batch: long keeps its value after EBUSY" "5" "$(call long)"
tap_eq "batch: disengage of absent rejects all" "ENOENT" \
	"$(ctl 'disengage ks_target_long\ndisengage ks_target_int\n')"
tap_eq "batch: long still engaged" "5" "$(call long)"

tap_eq "batch: three lines with comment and blank" "ok" \
	"$(ctl '# mitigation\nengage ks_target_int 1\n\nengage ks_target_bool 0\ndisengage ks_target_long\n')"
tap_eq "batch: int engaged" "1" "$(call int)"
tap_eq "batch: bool engaged" "0" "$(call bool)"
tap_eq "batch: long disengaged" "42" "$(call long)"
tap_eq "batch: disengage_all keeps what the same write engages" "ok" \
	"$(ctl 'disengage_all\nengage ks_target_ulong 1\n')"
tap_eq "batch: only ulong left" "ks_target_ulong" "$(engaged | sed 's/^symbol=\([^ ]*\).*/\1/')"
tap_eq "batch: clean up" "ok" "$(ctl 'disengage_all')"

# A failure at any step of a two-engagement write leaves nothing applied:
# per engagement, allocation, registration and securityfs, then arming.
ctl 'engage ks_target_long 5' >/dev/null
for step in 1 2 3 4 5 6 7 8; do
	echo "$step" >/sys/module/killswitch/parameters/fail_nth
	tap_eq "fault: step $step fails with ENOMEM" "ENOMEM" \
		"$(ctl 'engage ks_target_int 1\nengage ks_target_bool 0\ndisengage ks_target_long\n')"
	tap_eq "fault: step $step leaves only long engaged" "ks_target_long" \
		"$(engaged | sed 's/^symbol=\([^ ]*\).*/\1/' | tr '\n' ' ' | sed 's/ $//')"
	tap_eq "fault: step $step leaves int running" "7" "$(call int)"
	tap_eq "fault: step $step leaves no fn dir" "ks_target_long" "$(ls "$KS/fn" | tr '\n' ' ' | sed 's/ $//')"
done
tap_eq "fault: hook resets after one failure" "0" "$(cat /sys/module/killswitch/parameters/fail_nth)"
tap_eq "fault: same write applies without the hook" "ok" \
	"$(ctl 'engage ks_target_int 1\nengage ks_target_bool 0\ndisengage ks_target_long\n')"
tap_eq "fault: clean up" "ok" "$(ctl 'disengage_all')"

# Size limits: 1024 commands per write, 256 KiB per write.
awk 'BEGIN { for (i = 0; i < 1025; i++) printf "disengage s%d\n", i }' >/tmp/many
tap_eq "limits: 1025 commands is E2BIG" "E2BIG" "$(kstool write-file "$CTL" /tmp/many)"
awk 'BEGIN { for (i = 0; i < 1024; i++) printf "disengage s%d\n", i }' >/tmp/many
tap_eq "limits: 1024 disengages of absent is ENOENT" "ENOENT" "$(kstool write-file "$CTL" /tmp/many)"
awk 'BEGIN { for (i = 0; i < 270000; i++) printf "\n" }' >/tmp/big
tap_eq "limits: over 256 KiB is E2BIG" "E2BIG" "$(kstool write-file "$CTL" /tmp/big)"
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "# comment line %d\n", i }' >/tmp/comments
tap_eq "limits: 3000 comment lines apply nothing" "ok" "$(kstool write-file "$CTL" /tmp/comments)"
tap_eq "limits: nothing engaged" "" "$(engaged)"

# The engaged format is fixed: key=value pairs in this order.
ctl 'engage ks_target_int -EPERM' >/dev/null
call int >/dev/null
tap_match "format: engaged line" \
	'^symbol=ks_target_int module=ks_target retval=-1 state=engaged hits=1 passed=0 scope=all reason=-$' "$(engaged)"
tap_match "format: refusal is logged with the line" \
	"control: line 1: engage no_such_function_here: kprobe registration \(error -2\)" \
	"$(ctl 'engage no_such_function_here 1' >/dev/null; dmesg | tail -n 5)"
tap_match "format: parse error is logged with the token" \
	"control: line 2: invalid return value .*: '-EFOO'; nothing was applied" \
	"$(ctl 'engage ks_target_long 1\nengage ks_target_bool -EFOO' >/dev/null; dmesg | tail -n 5)"

ks_unload_all
