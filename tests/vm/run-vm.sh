#!/bin/bash
# Boot KVER's Debian kernel with build/KVER/initramfs.cpio.gz under QEMU (TCG)
# and check the run.
#
# Usage: run-vm.sh [--demo] [--timeout SECONDS] [--smp CPUS] [--name NAME]
#                  [--tcg-thread multi|single] [--initrd FILE]
#                  [--ssh-port PORT] KVER [KERNEL_ARG...]
#
#   KERNEL_ARG   appended to the kernel command line, e.g. ks.suite=00-smoke
#   --timeout    wall-clock limit of the VM in seconds (default: $KS_VM_TIMEOUT
#                or 300)
#   --smp        number of virtual CPUs (default 2)
#   --tcg-thread multi runs each virtual CPU in a host thread of its own;
#                single (the default) runs them all in one thread, in turns.
#                Multi-threaded TCG does not keep code that one CPU patches
#                coherent for the others the way the kernel's text_poke_bp()
#                relies on: with 4 CPUs, switching the plain ftrace function
#                tracer on a function that other CPUs call ends in an int3
#                oops within seconds, with or without killswitch loaded.
#   --name       name of this boot: the logs get the suffix -NAME, so several
#                boots of one kernel keep their own logs
#   --demo       boot with ks.mode=demo and show the demo on the terminal
#   --initrd     boot this initramfs instead of build/KVER/initramfs.cpio.gz
#   --ssh-port   give the VM an e1000 network card on QEMU's user network
#                with restrict=on (the guest reaches nothing outside the VM)
#                and forward 127.0.0.1:PORT on the host to the guest's port 22
#
# QEMU writes its process id to build/KVER/qemu.pid (qemu-NAME.pid with
# --name), so a script that runs this in the background can stop the VM.
# The console (ttyS0) goes to build/KVER/console.log and the TAP stream
# (ttyS1) to build/KVER/tap.log (console-NAME.log and tap-NAME.log with
# --name); in demo mode ttyS1 is the terminal and is copied to
# build/KVER/demo.log. Prints the TAP stream and then
# "KVER: N passed, N failed". Exits non-zero when a test failed, the end
# marker is missing, the VM timed out, or the console log shows an oops,
# warning, panic, lockup or stall.
set -euo pipefail
. "$(dirname "$0")/common.sh"

timeout=${KS_VM_TIMEOUT:-300}
demo=false
smp=2
name=
tcg_thread=single
initrd=
ssh_port=
while [ $# -gt 0 ]; do
	case $1 in
	--demo) demo=true ;;
	--timeout)
		[ $# -ge 2 ] || ks_die "--timeout needs a number of seconds"
		timeout=$2
		shift
		;;
	--smp)
		[ $# -ge 2 ] || ks_die "--smp needs a number of CPUs"
		smp=$2
		shift
		;;
	--name)
		[ $# -ge 2 ] || ks_die "--name needs a name"
		name=$2
		shift
		;;
	--tcg-thread)
		[ $# -ge 2 ] || ks_die "--tcg-thread needs multi or single"
		tcg_thread=$2
		shift
		;;
	--initrd)
		[ $# -ge 2 ] || ks_die "--initrd needs a file"
		initrd=$2
		shift
		;;
	--ssh-port)
		[ $# -ge 2 ] || ks_die "--ssh-port needs a port number"
		ssh_port=$2
		shift
		;;
	--) shift; break ;;
	-*) ks_die "unknown option $1: see the usage at the top of $0" ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 1 ] || ks_die "missing KVER: usage: run-vm.sh [--demo] [--timeout SECONDS] [--smp CPUS] [--name NAME] [--tcg-thread multi|single] [--initrd FILE] [--ssh-port PORT] KVER [KERNEL_ARG...]"
[[ $timeout =~ ^[1-9][0-9]*$ ]] || ks_die "invalid timeout '$timeout': give whole seconds"
[[ $smp =~ ^[1-9][0-9]*$ ]] || ks_die "invalid --smp '$smp': give a number of CPUs"
[[ $name =~ ^[A-Za-z0-9_-]*$ ]] || ks_die "invalid --name '$name': use letters, digits, '_' and '-'"
[[ $tcg_thread =~ ^(multi|single)$ ]] || ks_die "invalid --tcg-thread '$tcg_thread': use multi or single"
if [ -n "$ssh_port" ] && ! { [[ $ssh_port =~ ^[1-9][0-9]*$ ]] && [ "$ssh_port" -le 65535 ]; }; then
	ks_die "invalid --ssh-port '$ssh_port': give a TCP port from 1 to 65535"
fi
kver=$1
shift

out=$KS_BUILD/$kver
suffix=${name:+-$name}
console_log=$out/console$suffix.log
tap_log=$out/tap$suffix.log
pid_file=$out/qemu$suffix.pid
demo_log=$out/demo.log
initrd=${initrd:-$out/initramfs.cpio.gz}
for file in "$out/vmlinuz" "$initrd"; do
	[ -f "$file" ] ||
		ks_die "$file is missing: run tests/vm/kernels.sh, build.sh and initramfs/build-initramfs.sh"
done

# Kernel messages that mean the kernel is broken, whatever the test results.
# "BUG kmalloc-64 (...)" is how SLUB's debug checks (slub_debug=) report a
# corrupted object; "blocked for more than" is the hung task detector.
BAD_CONSOLE='Oops|BUG:|BUG [^ :]+ \(|WARNING:|Kernel panic|general protection fault|soft lockup|hard LOCKUP|rcu.*stall|Call Trace|blocked for more than'

cmdline="console=ttyS0 panic_on_warn=1 oops=panic panic=-1"
if $demo; then
	cmdline="$cmdline ks.mode=demo"
fi
if [ $# -gt 0 ]; then
	cmdline="$cmdline $*"
fi

if [ -n "$ssh_port" ]; then
	nic=(-nic "user,model=e1000,restrict=on,hostfwd=tcp:127.0.0.1:$ssh_port-:22")
else
	nic=(-nic none)
fi
qemu=(
	qemu-system-x86_64 -accel "tcg,thread=$tcg_thread" -cpu max -smp "$smp" -m 1024
	-nographic -no-reboot -monitor none "${nic[@]}"
	-kernel "$out/vmlinuz" -initrd "$initrd"
	-append "$cmdline"
	-serial "file:$console_log"
	-pidfile "$pid_file"
)

rm -f "$console_log" "$tap_log" "$demo_log"
start=$(ks_now)
status=0
if $demo; then
	# --foreground keeps QEMU in the terminal's process group, so it may
	# read the terminal without being stopped.
	set +e
	timeout --foreground -k 10 "$timeout" "${qemu[@]}" -serial stdio |
		tee "$demo_log"
	status=${PIPESTATUS[0]}
	set -e
else
	timeout -k 10 "$timeout" "${qemu[@]}" -serial "file:$tap_log" \
		</dev/null || status=$?
fi
elapsed=$(($(ks_now) - start))

problems=()
if [ "$status" -eq 124 ]; then
	problems+=("the VM timed out after $timeout s: raise --timeout or look for a hang in $console_log")
elif [ "$status" -ne 0 ]; then
	problems+=("qemu-system-x86_64 exited with status $status")
fi

# The serial ports turn "\n" into "\r\n" on output.
bad_lines=$(tr -d '\r' <"$console_log" 2>/dev/null | grep -nE "$BAD_CONSOLE" || true)
if [ -n "$bad_lines" ]; then
	problems+=("the console log $console_log shows kernel errors")
fi

if $demo; then
	if ! tr -d '\r' <"$demo_log" | grep -qx 'KS-DEMO-END 0'; then
		problems+=("the demo did not end with KS-DEMO-END 0")
	fi
	summary="$kver: demo in $elapsed s"
else
	tap=$(tr -d '\r' <"$tap_log" 2>/dev/null || true)
	printf '%s\n' "$tap" | grep -v '^KS-SUITE-END$'
	passed=$(printf '%s\n' "$tap" | grep -c '^ok ' || true)
	failed=$(printf '%s\n' "$tap" | grep -c '^not ok ' || true)
	plan=$(printf '%s\n' "$tap" | sed -n 's/^1\.\.\([0-9]*\)$/\1/p' | tail -n1)
	if ! printf '%s\n' "$tap" | grep -qx 'KS-SUITE-END'; then
		problems+=("the TAP log $tap_log has no end marker KS-SUITE-END: the VM stopped before the suites finished")
	elif [ "$plan" != $((passed + failed)) ]; then
		problems+=("the plan 1..$plan does not match the $((passed + failed)) results")
	fi
	if [ $((passed + failed)) -eq 0 ]; then
		problems+=("no test ran")
	fi
	if [ "$failed" -ne 0 ]; then
		problems+=("$failed test(s) failed")
	fi
	summary="$kver: $passed passed, $failed failed"
fi

if [ ${#problems[@]} -eq 0 ]; then
	echo "$summary"
	ks_log "$kver: VM ran in $elapsed s"
	exit 0
fi

echo "---- console log ($console_log) ----"
if [ -n "$bad_lines" ]; then
	# From a little before the first kernel error to its call trace.
	first=$(head -n1 <<<"$bad_lines" | cut -d: -f1)
	tr -d '\r' <"$console_log" | sed -n "$((first > 20 ? first - 20 : 1)),$((first + 60))p"
else
	# What happened while /init ran: kernel messages and the suites'
	# standard output and error, without the dmesg copy /init appends.
	tr -d '\r' <"$console_log" 2>/dev/null |
		awk '/Run \/init as init process/ { on = 1 } on { print } /^ks-init: dmesg follows$/ { exit }' |
		tail -n 80
fi
echo "---- end of console log ----"
for problem in "${problems[@]}"; do
	ks_log "$kver: $problem"
done
echo "$summary"
exit 1
