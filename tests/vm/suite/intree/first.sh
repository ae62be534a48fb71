# Run by /init before any other userspace program (ks.first=intree/first)
# on a kernel with killswitch built in and booted with
# killswitch=__x64_sys_sysinfo=-EPERM. Nothing in userspace has run yet, so
# what it finds is what the kernel set up before init. It writes "ok NAME"
# and "not ok NAME" lines, with diagnostics after a failure, to
# /tmp/ks-first.results; intree/boot.sh reports them as TAP.
. /lib/ks/ks.sh

results=/tmp/ks-first.results
FN=$KS/fn/__x64_sys_sysinfo
: >"$results"

# Record check $1: passed when $2 (expected) equals $3 (actual).
first_eq() {
	if [ "$2" = "$3" ]; then
		echo "ok $1" >>"$results"
	else
		{
			echo "not ok $1"
			echo "expected: '$2'"
			echo "  actual: '$3'"
		} >>"$results"
	fi
}

first_eq "first process: killswitch is built in" "1" "$KS_BUILTIN"
first_eq "first process: sysinfo engaged" "engaged" "$(cat "$FN/state" 2>&1)"
first_eq "first process: sysinfo retval" "-1" "$(cat "$FN/retval" 2>&1)"
first_eq "first process: no call before userspace" "0" "$(cat "$FN/hits" 2>&1)"
first_eq "first process: taint flag set" "1" "$(ks_taint_bit)"
first_eq "first process: sysinfo fails with EPERM" "EPERM" "$(kstool sysinfo)"
first_eq "first process: the call is counted" "1" "$(cat "$FN/hits" 2>&1)"
first_eq "first process: disengage sysinfo" "ok" "$(ctl 'disengage __x64_sys_sysinfo')"
first_eq "first process: sysinfo runs again" "ok" "$(kstool sysinfo)"
first_eq "first process: taint flag stays" "1" "$(ks_taint_bit)"
