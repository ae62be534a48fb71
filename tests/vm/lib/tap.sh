# TAP helpers for the in-VM suites (busybox ash). /init sources this file in
# every suite process, so suites call the functions without sourcing it.
#
#   tap_ok NAME                   record a pass
#   tap_fail NAME [DIAG...]       record a failure; each DIAG is printed as
#                                 diagnostic lines starting with "# "
#   tap_check NAME CMD [ARG...]   pass if CMD exits 0, else fail showing the
#                                 command, its exit status and its output
#   tap_eq NAME EXPECTED ACTUAL   pass if the two strings are equal
#   tap_match NAME PATTERN TEXT   pass if TEXT matches the grep -E PATTERN
#   tap_skip NAME REASON          record a check that does not apply here
#                                 as passed, with a TAP SKIP directive
#   tap_note TEXT                 print TEXT as a diagnostic line
#   tap_results FILE              record every result in FILE at once: lines
#                                 "ok NAME" and "not ok NAME", each followed
#                                 by its diagnostic lines, if any
#
# Each check returns 0 when it passed and 1 when it failed, so a suite can
# write "tap_check ... || return" to skip the checks that depend on it.
#
# The test number and the pass and fail counts live in files under
# KS_TAP_DIR, so the numbering continues across suite processes. Suites run
# one at a time, and the counters are not safe for checks run in parallel.
# Output goes to the file KS_TAP_OUT, which /init points at the second
# serial port, or to standard output when KS_TAP_OUT is empty.

: "${KS_TAP_DIR:=/tmp/ks-tap}"
: "${KS_TAP_OUT:=}"

# Print counter $1 (count, passed or failed), which is 0 before the first check.
tap__counter() {
	cat "$KS_TAP_DIR/$1" 2>/dev/null || echo 0
}

tap__increment() {
	mkdir -p "$KS_TAP_DIR"
	echo $(($(tap__counter "$1") + 1)) >"$KS_TAP_DIR/$1"
}

# Append standard input to the TAP output.
tap__write() {
	if [ -n "$KS_TAP_OUT" ]; then
		cat >>"$KS_TAP_OUT"
	else
		cat
	fi
}

tap__print() {
	printf '%s\n' "$*" | tap__write
}

# Print each argument as diagnostic lines, a multi-line one line by line.
tap__diag() {
	local text
	for text in "$@"; do
		printf '%s\n' "$text" | sed 's/^/# /' | tap__write
	done
}

# Record result $1 (ok or "not ok") for test name $2.
tap__result() {
	local result=$1 name
	# A "#" in the name would start a TAP directive, and a line break
	# would end the line, so escape the one and flatten the other.
	name=$(printf '%s' "$2" | tr '\n' ' ' | sed 's/#/\\#/g')
	tap__increment count
	if [ "$result" = ok ]; then
		tap__increment passed
	else
		tap__increment failed
	fi
	tap__print "$result $(tap__counter count) - $name"
}

tap_ok() {
	tap__result ok "$1"
	return 0
}

tap_fail() {
	local name=$1
	shift
	tap__result "not ok" "$name"
	tap__diag "$@"
	return 1
}

tap_check() {
	local name=$1 output status
	shift
	output=$("$@" 2>&1)
	status=$?
	if [ "$status" -eq 0 ]; then
		tap_ok "$name"
	else
		tap_fail "$name" "command: $*" "exit status: $status" "$output"
	fi
}

tap_eq() {
	if [ "$2" = "$3" ]; then
		tap_ok "$1"
	else
		tap_fail "$1" "expected: '$2'" "  actual: '$3'"
	fi
}

tap_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		tap_ok "$1"
	else
		tap_fail "$1" "pattern: $2" "   text: $3"
	fi
}

tap_skip() {
	local name
	name=$(printf '%s' "$1" | tr '\n' ' ' | sed 's/#/\\#/g')
	tap__increment count
	tap__increment passed
	tap__print "ok $(tap__counter count) - $name # SKIP $2"
	return 0
}

tap_note() {
	tap__diag "$*"
}

tap_results() {
	awk -v count="$(tap__counter count)" -v passed="$(tap__counter passed)" \
		-v failed="$(tap__counter failed)" -v dir="$KS_TAP_DIR" '
		/^ok / || /^not ok / {
			ok = /^ok /
			name = substr($0, ok ? 4 : 8)
			gsub(/#/, "\\#", name)
			count++
			if (ok)
				passed++
			else
				failed++
			print (ok ? "ok " : "not ok ") count " - " name
			next
		}
		{ print "# " $0 }
		END {
			print count >(dir "/count")
			print passed >(dir "/passed")
			print failed >(dir "/failed")
		}' "$1" | tap__write
}

# For /init: clear the counters before the first suite.
tap_reset() {
	rm -rf "$KS_TAP_DIR"
	mkdir -p "$KS_TAP_DIR"
}

# For /init: print the trailing plan and the summary line.
tap_summary() {
	tap__print "1..$(tap__counter count)"
	tap__print "$(tap__counter passed) passed, $(tap__counter failed) failed"
}
