# Smoke test of the VM bench itself: the pseudo file systems, ks_target.ko,
# and AF_ALG cbc(aes) with module autoloading. It runs first, so a broken
# bench shows up here rather than as failures in the killswitch suites.

tap_check "securityfs mounted" \
	grep -q '^securityfs /sys/kernel/security securityfs ' /proc/mounts
tap_check "tracefs mounted" \
	grep -q '^tracefs /sys/kernel/tracing tracefs ' /proc/mounts

# Print the body execution count of ks_target function $1.
target_calls() {
	awk -v name="$1" '$1 == name { print $2 }' /proc/ks_target/calls
}

check_target() {
	local before type expected

	tap_check "insmod ks_target.ko" insmod /lib/ks/ks_target.ko || return

	before=$(target_calls long)
	tap_eq "ks_target long returns 42" 42 "$(cat /proc/ks_target/long)"
	tap_eq "ks_target long count increments" $((before + 1)) "$(target_calls long)"

	for expected in "int 7" "bool 1" "ulong 100" "ptr object" "void done"; do
		type=${expected%% *}
		tap_eq "ks_target $type returns ${expected#* }" "${expected#* }" \
			"$(cat "/proc/ks_target/$type")"
	done
	# The init function calls ks_target_long() once more.
	tap_eq "ks_target calls after one read each" \
		"$(printf 'long 2\n'; printf '%s 1\n' int bool ulong ptr void)" \
		"$(cat /proc/ks_target/calls)"
	tap_eq "ks_target init saw 42" 42 "$(cat /proc/ks_target/init_long)"

	tap_check "rmmod ks_target" rmmod ks_target
	tap_check "rmmod removes /proc/ks_target" test ! -e /proc/ks_target
}

# Print "yes" if module $1 is loaded, "no" otherwise.
module_loaded() {
	if grep -q "^$1 " /proc/modules; then
		echo yes
	else
		echo no
	fi
}

check_af_alg() {
	local output status

	# Nothing has opened an AF_ALG socket yet, so the first ks_alg run is
	# what must make the kernel call modprobe.
	tap_eq "af_alg not loaded before ks_alg" no "$(module_loaded af_alg)"

	output=$(ks_alg 2>&1)
	status=$?
	tap_eq "ks_alg exit status" 0 "$status" || tap_note "$output"
	tap_match "ks_alg ciphertext is the NIST vector" \
		'^ciphertext 7649abac8119b246cee98e9b12e9197d$' "$output"
	tap_eq "ks_alg --quiet prints ok" ok "$(ks_alg --quiet 2>&1)"

	tap_eq "socket autoloads af_alg" yes "$(module_loaded af_alg)"
	tap_eq "bind autoloads algif_skcipher" yes "$(module_loaded algif_skcipher)"
	# cbc is built into both Debian kernels, so only its use shows.
	tap_check "cbc(aes) instance registered" grep -q '^name *: cbc(aes)$' /proc/crypto
}

check_target
check_af_alg
