# The killswitch demo, run by /init for ks.mode=demo (busybox ash). Its output
# goes to the terminal: it shows each command, its output, and the new
# killswitch lines of the kernel log. Exits 1 if a step did not behave as
# the demo expects.

control=/sys/kernel/security/killswitch/control
engaged=/sys/kernel/security/killswitch/engaged
log_lines_shown=0
unexpected=0

caption() {
	printf '\n==> %s\n' "$*"
}

# Show command $1, run it, and record a mismatch unless it exits with status
# $2 and, when $3 is given, its output matches the grep -E pattern $3.
run() {
	local output status
	printf '# %s\n' "$1"
	output=$(sh -c "$1" 2>&1)
	status=$?
	[ -n "$output" ] && printf '%s\n' "$output"
	if [ "$status" -ne "$2" ]; then
		printf '(unexpected: exit status %s, expected %s)\n' "$status" "$2"
		unexpected=$((unexpected + 1))
	elif [ -n "${3-}" ] && ! printf '%s\n' "$output" | grep -Eq -- "$3"; then
		printf '(unexpected: the output should match /%s/)\n' "$3"
		unexpected=$((unexpected + 1))
	fi
	show_new_log
}

# Print the killswitch kernel log lines that no earlier step showed.
show_new_log() {
	local lines count
	lines=$(dmesg | grep killswitch)
	count=$(printf '%s' "$lines" | grep -c '')
	if [ "$count" -gt "$log_lines_shown" ]; then
		echo "kernel log:"
		printf '%s\n' "$lines" | tail -n +$((log_lines_shown + 1)) | sed 's/^/  /'
		log_lines_shown=$count
	fi
}

# The console is a log file, and level 1 keeps all but emergencies out of it.
dmesg -n 1

caption "Load killswitch.ko"
if [ ! -f /lib/ks/killswitch.ko ]; then
	echo "/lib/ks/killswitch.ko is missing: build kmod/ (tests/vm/build.sh) and rebuild the initramfs"
	exit 1
fi
run "insmod /lib/ks/killswitch.ko" 0

caption "Encrypt one block with cbc(aes) through an AF_ALG socket"
run "ks_alg" 0 "^ok$"

caption "Make af_alg_sendmsg() return -EPERM"
run "echo \"engage af_alg_sendmsg -EPERM\" > $control" 0

caption "The same encryption now fails in sendmsg()"
run "ks_alg" 1 "^sendmsg failed: EPERM \\(1\\)$"

caption "The engaged functions and their hits"
run "cat $engaged" 0 "af_alg_sendmsg"

caption "Let af_alg_sendmsg() run again"
run "echo \"disengage af_alg_sendmsg\" > $control" 0

caption "Encryption works again"
run "ks_alg" 0 "^ok$"

echo
if [ "$unexpected" -ne 0 ]; then
	echo "demo: $unexpected step(s) did not show the expected output"
	exit 1
fi
echo "demo: every step showed the expected output"
