# Hostile input: a table of malformed, oversized, misencoded and
# privilege-crossing writes. Each row must return its exact errno and leave
# the engaged listing and every fn/ file as they were (kstool table checks
# both). The table is EXPECTED<TAB>MODE<TAB>TEXT; MODE is one of kstool's
# table modes (ctl, ctl@OFFSET, split@BYTES, retval, retval@OFFSET, file,
# uid1000) and TEXT uses kstool's escapes (\n \t \0 \xHH).
. /lib/ks/ks.sh
ks_fresh

# The state every row must preserve: engaged with a value, engaged with an
# errno, and inside a long tryengage window.
ctl 'engage ks_target_long 5' >/dev/null
ctl 'engage ks_target_int -EPERM' >/dev/null
ctl 'tryengage ks_target_bool 0 600' >/dev/null
tap_eq "hostile: three engagements set up" 3 "$(engaged | wc -l)"

T=/tmp/hostile.table
NOSYM=no_such_function_here

# Print one row; $3 may contain kstool escapes.
row() {
	printf '%s\t%s\t%s\n' "$1" "$2" "$3"
}

# Print $2 copies of character $1.
repeat_char() {
	awk -v c="$1" -v n="$2" 'BEGIN { s = ""; for (i = 0; i < n; i++) s = s c; print s }'
}

{
	# Unknown, misspelled and miscased commands.
	for verb in engag Engage ENGAGE engagee enable engage_all disengageall \
		disengage-all try-engage tryEngage TRYENGAGE dis_engage unengage \
		'engage#x' 'engage\x00' '\x00engage' 'engage\xc2\xa0' 'engage:'; do
		row EINVAL ctl "$verb ks_target_ulong 1"
	done
	# Valid comments and blank text apply nothing.
	row ok ctl '# engage ks_target_ulong 1'
	row ok ctl '   # indented comment'
	row ok ctl '#'
	row ok ctl '\n\n\n'
	row ok ctl '\t \r\n'
	row ok ctl ''

	# Argument counts, and comments that are not comments.
	row EINVAL ctl 'engage'
	row EINVAL ctl 'engage ks_target_ulong'
	row EINVAL ctl 'engage ks_target_ulong 1 2'
	row EINVAL ctl 'engage ks_target_ulong 1 # trailing comment'
	row EINVAL ctl 'tryengage ks_target_ulong 1'
	row EINVAL ctl 'tryengage ks_target_ulong'
	row EINVAL ctl 'tryengage ks_target_ulong 1 5 6'
	row EINVAL ctl 'disengage'
	row EINVAL ctl 'disengage ks_target_long ks_target_int'
	row EINVAL ctl 'disengage ks_target_long # comment'
	row EINVAL ctl 'disengage_all ks_target_long'
	row EINVAL ctl 'disengage_all now'
	row EINVAL ctl 'engage a b c d e f g'

	# Invalid symbol names.
	for symbol in 1abc -ks ks-target ks/target 'ks$' 'ks*' .ks 'ks\x7f' \
		'ks_target_\xc3\xa9' '\xef\xbb\xbfks_target_ulong' 'ks\x01target' \
		'ks_target_ulong\x80' 'ks_target_ulong\xff' ks@plt 'ks[0]' \
		"'ks'" '"ks"' 'ks%s' 'ks%n%n' ks:ks:ks :ks ks: ks-t:x ks_target:1x \
		"$(repeat_char m 56):x" \
		'ks_target_ulong\x0b1' 'ks_target_ulong\x0c1' '\\ks'; do
		row EINVAL ctl "engage $symbol 1"
	done
	row EINVAL ctl "engage $(repeat_char a 512) 1"
	row EINVAL ctl "engage $(repeat_char a 4096) 1"
	row EINVAL ctl "disengage $(repeat_char b 512)"
	row EINVAL ctl "tryengage $(repeat_char c 600) 1 5"

	# Valid syntax that names no kernel function.
	for symbol in ks_target_long. _ ks_target_long.isra.0 a KS_TARGET_LONG \
		ks_target_long.. "$(repeat_char a 511)" "$NOSYM"; do
		row ENOENT ctl "engage $symbol 1"
	done
	row ENOENT ctl "disengage ks_target_ulong"
	row ENOENT ctl "disengage $NOSYM"
	# MODULE:SYMBOL with the module loaded but no such symbol in it.
	row ENOENT ctl "engage ks_target:$NOSYM 1"

	# Options: unknown, repeated or malformed; and misplaced arguments.
	for option in reason= 'reason=CVE-1 reason=CVE-2' scope=bogus scope=ALL \
		'force force' 'scope=all scope=all' 'reason=a b' 'reason=\xc3\xa9' \
		"reason=$(repeat_char r 65)" 'reason=a;b' 'reason=a=b' FORCE force=1 \
		scope= =all; do
		row EINVAL ctl "engage $NOSYM 1 $option"
	done
	row EINVAL ctl "observe $NOSYM 1"
	row EINVAL ctl "observe $NOSYM scope=userns"
	row EINVAL ctl "disengage $NOSYM force"
	row EINVAL ctl 'seal now'
	row EINVAL ctl 'seal\nseal'
	row EINVAL ctl 'guard'
	row EINVAL ctl 'guard *'
	row EINVAL ctl 'guard a b'
	row EINVAL ctl 'guard [ks'

	# Whitespace variants of a valid line reach the engaged check.
	row EBUSY ctl 'engage ks_target_int\t\t1'
	row EBUSY ctl 'engage\tks_target_int\t1'
	row EBUSY ctl '  engage   ks_target_int    5   '
	row EBUSY ctl 'engage ks_target_int 1\r'
	row EBUSY ctl 'engage ks_target_int 1\r\n'
	row EBUSY ctl 'engage ks_target_int\r1'
	row EBUSY ctl 'tryengage ks_target_bool 1 5'
	row EBUSY ctl 'tryengage ks_target_long 1 0'

	# Return values in range reach the kallsyms lookup; the rest are EINVAL.
	for value in 9223372036854775807 -9223372036854775808 0xffffffffffffffff \
		0x8000000000000000 -0x8000000000000000 0 -0 08 007 0X1F 0xABCDEF \
		-4095 -4096 4096 -EPERM -EHWPOISON -EPROBE_DEFER -EWOULDBLOCK \
		-EDEADLOCK -ENOSYS -ENOTSUPP -ERESTARTSYS -EIOCBQUEUED -ENOGRACE; do
		row ENOENT ctl "engage $NOSYM $value"
	done
	for value in 9223372036854775808 -9223372036854775809 0x10000000000000000 \
		-0x8000000000000001 99999999999999999999999 0x -0x 0xg 0x-1 1e3 1.5 \
		+5 5+ --1 - 1- 0b101 00x5 '\xd9\xa3' '\xef\xbc\x95' '-EPERM\x00' EPERM \
		-eperm -Eperm -E -EPERMM -EPREM -EPER --EPERM +EPERM -EPERM- -EPERM1 \
		-ENOTSUP -EWOULDBLOK -EDEADLOK -EPROBE_DEFFER -EPROBEDEFER -E2big \
		-EAGAIN_ -_EAGAIN '-EAGA\xc3\x8dN' -MAX_ERRNO -EOK -E0 -E1 -ENOERROR \
		-0x-1 0x0x1 '5\x00' -EPERM,-EIO '-1\x00-2'; do
		row EINVAL ctl "engage $NOSYM $value"
	done
	# Misspellings of real errno names: lower case, a stray letter, no minus.
	for name in EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG EBADF EAGAIN ENOMEM \
		EACCES EFAULT EBUSY EEXIST ENODEV ENOTDIR EINVAL ENOSPC EROFS EPIPE \
		ERANGE ENOSYS ELOOP EOPNOTSUPP ETIMEDOUT ECONNREFUSED EHWPOISON \
		ERESTARTSYS EPROBE_DEFER ENOTSUPP EWOULDBLOCK EDEADLOCK; do
		lower=$(echo "$name" | tr 'A-Z' 'a-z')
		row ENOENT ctl "engage $NOSYM -$name"
		row EINVAL ctl "engage $NOSYM -$lower"
		row EINVAL ctl "engage $NOSYM -${name}X"
		row EINVAL ctl "engage $NOSYM $name"
	done

	# tryengage seconds: 0 to 86400.
	for seconds in 0 86400 00000 007; do
		row ENOENT ctl "tryengage $NOSYM 1 $seconds"
	done
	for seconds in 86401 -1 1e5 0x10 4294967296 4294967297 99999999999999999999 \
		1.5 +5 5s '\xef\xbc\x95' ''; do
		row EINVAL ctl "tryengage $NOSYM 1 $seconds"
	done

	# NUL bytes anywhere reject the whole write.
	row EINVAL ctl '\x00'
	row EINVAL ctl 'engage ks_target_ulong 1\x00'
	row EINVAL ctl 'engage ks_target_ulong\x001'
	row EINVAL ctl '# comment\x00\n'
	row EINVAL ctl '\nengage ks_target_ulong 1\n\x00\n'
	row EINVAL ctl 'disengage ks_target_long\n\x00'

	# Batches: one bad line rejects all, one failing line undoes all.
	row EINVAL ctl "engage $NOSYM 1\\nengage $NOSYM 2"
	row EINVAL ctl 'disengage_all\ndisengage_all'
	row EINVAL ctl 'disengage ks_target_long\nengage ks_target_long 6'
	row EINVAL ctl 'engage ks_target_ulong 1\nengage ks_target_ptr x'
	row EINVAL ctl 'disengage ks_target_long\nbogus'
	row ENOENT ctl "engage ks_target_ulong 1\\nengage $NOSYM 1"
	row ENOENT ctl "engage ks_target_ulong 1\\ndisengage ks_target_ptr"
	row EBUSY ctl 'engage ks_target_ulong 1\nengage ks_target_long 2'
	row EBUSY ctl 'disengage ks_target_long\nengage ks_target_int 2'
	row ENOENT ctl "disengage_all\\ndisengage $NOSYM"
	row EBUSY ctl 'disengage_all\nengage ks_target_long 1'

	# Writes at a non-zero offset.
	for offset in 1 2 4096 1099511627776; do
		row EINVAL "ctl@$offset" 'engage ks_target_ulong 1'
	done
	row EINVAL ctl@1 'disengage_all'
	row ENOENT ctl@0 "engage $NOSYM 1"

	# A command split over two writes: each half is its own transaction.
	row EINVAL,EINVAL split@6 'engage ks_target_ulong 1'
	row EINVAL,EINVAL split@3 'engage ks_target_ulong 1'
	row EINVAL,EINVAL split@22 'engage ks_target_ulong 1'
	row EINVAL,EINVAL split@1 'disengage_all'
	row EINVAL,EINVAL split@23 'engage ks_target_ulong 1\n'
	row EINVAL,ENOENT split@23 "engage ks_target_ulong\\ndisengage $NOSYM\\n"
	row ENOENT,EINVAL split@32 "disengage $NOSYM\\nengage ks_target_ulong"
	# A first half that applies leaves the file offset at 0: control does
	# not advance it, so the second half is parsed on its own.
	row ok,EINVAL split@10 '# comment\nengage ks_target_ulong'

	# The retval file: same value syntax, one short write at offset 0.
	for value in '' seven -EFOO '5 6' 0x - +5 9223372036854775808 '\x00' \
		'5\x00' '6\x00junk' '\x006' -eperm '5\n6' "$(repeat_char 1 63)" \
		"$(repeat_char 1 64)" "$(repeat_char ' ' 70)5" '\xef\xbc\x95'; do
		row EINVAL retval "$value"
	done
	row ok retval '5\n'
	row ok retval '5  \n'
	# Blanks around the value are trimmed, as a trailing newline is.
	row ok retval '  5  \n'
	row ESPIPE retval@1 '5'
	row ESPIPE retval@4096 '-EPERM'

	# A control file descriptor opened by root and written by uid 1000.
	row EPERM uid1000 'engage ks_target_ulong 1'
	row EPERM uid1000 'disengage_all'
	row EPERM uid1000 'bogus\x00'
} >"$T"

# Thousands of lines in one write, and sizes around the 256 KiB limit.
awk -v s="$NOSYM" 'BEGIN { for (i = 0; i < 1024; i++) printf "engage %s_%d 1\n", s, i }' >/tmp/h-1024-unknown
awk 'BEGIN { for (i = 0; i < 1025; i++) printf "disengage s%d\n", i }' >/tmp/h-1025
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "# comment %d\n", i }' >/tmp/h-5000-comments
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "\n"; print "engage ks_target_ulong x" }' >/tmp/h-blank-then-bad
awk 'BEGIN { for (i = 0; i < 262145; i++) printf "\n" }' >/tmp/h-262145
awk 'BEGIN { for (i = 0; i < 262144; i++) printf "\n" }' >/tmp/h-262144
awk 'BEGIN { for (i = 0; i < 1023; i++) printf "disengage s%d\n", i; print "disengage s7" }' >/tmp/h-dup-at-end
awk 'BEGIN { for (i = 0; i < 1024; i++) print "disengage_all" }' >/tmp/h-1024-disengage-all
awk 'BEGIN { printf "engage "; for (i = 0; i < 200000; i++) printf "a"; print " 1" }' >/tmp/h-long-line
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "# comment %d\n", i; printf "%c", 0 }' >/tmp/h-nul-at-end
awk 'BEGIN { for (i = 0; i < 70000; i++) printf "# 1234567890\n" }' >/tmp/h-1mb
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "engage ks_target_ulong %d\n", i }' >/tmp/h-1000-same
{
	row ENOENT file /tmp/h-1024-unknown
	row E2BIG file /tmp/h-1025
	row ok file /tmp/h-5000-comments
	row EINVAL file /tmp/h-blank-then-bad
	row E2BIG file /tmp/h-262145
	row ok file /tmp/h-262144
	row EINVAL file /tmp/h-dup-at-end
	row EINVAL file /tmp/h-1024-disengage-all
	row EINVAL file /tmp/h-long-line
	row EINVAL file /tmp/h-nul-at-end
	row E2BIG file /tmp/h-1mb
	row EINVAL file /tmp/h-1000-same
} >>"$T"

tap_note "hostile: $(grep -c . "$T") rows"
before=$(engaged)

# kstool prints "ok N MODE TEXT" or "not ok N MODE TEXT" and "# " lines
# that explain a failure; record them all at once.
kstool table "$KS" "$T" >/tmp/hostile.out 2>&1
status=$?
sed -e 's/^ok [0-9]* /ok hostile: /' -e 's/^not ok [0-9]* /not ok hostile: /' \
	-e 's/^# //' /tmp/hostile.out >/tmp/hostile.tap
tap_results /tmp/hostile.tap
tap_check "hostile: kstool table ran" test "$status" -le 1

# After all of it: the same three engagements, doing what they did.
tap_eq "hostile: engaged listing unchanged" "$before" "$(engaged)"
tap_eq "hostile: long still returns 5" 5 "$(call long)"
tap_eq "hostile: int still returns -EPERM" -1 "$(call int)"
tap_eq "hostile: ulong never engaged" 100 "$(call ulong)"
tap_eq "hostile: bool still probing" probing "$(cat "$KS/fn/ks_target_bool/state")"

# Reading through a descriptor root opened works for anyone who holds it.
tap_match "hostile: uid 1000 reads engaged through root's fd" \
	"^symbol=ks_target_long module=ks_target retval=5 " \
	"$(kstool read-opened-by-root 1000 "$KS/engaged")"
tap_eq "hostile: uid 1000 reads retval through root's fd" 5 \
	"$(kstool read-opened-by-root 1000 "$KS/fn/ks_target_long/retval")"
tap_eq "hostile: uid 1000 writes retval through root's fd" EPERM \
	"$(kstool write-opened-by-root 1000 "$KS/fn/ks_target_long/retval" 7)"
tap_eq "hostile: uid 1000 cannot open retval" EACCES \
	"$(kstool setuid 1000 kstool read "$KS/fn/ks_target_long/retval")"
tap_eq "hostile: reading control is EINVAL" EINVAL "$(kstool read "$CTL")"

ks_unload_all
