# shellcheck shell=bash
# TAP helpers for the host-side fleet checks (bash), sourced after
# tests/vm/common.sh. Each check prints "ok N - NAME" or "not ok N - NAME"
# with "# " diagnostics; fleet_summary prints the plan and the
# "N passed, N failed" line and returns non-zero when a check failed.

FLEET_COUNT=0
FLEET_FAILED=0

fleet_ok() {
	FLEET_COUNT=$((FLEET_COUNT + 1))
	echo "ok $FLEET_COUNT - $1"
}

# fleet_fail NAME [DIAGNOSTIC...]
fleet_fail() {
	local line
	FLEET_COUNT=$((FLEET_COUNT + 1))
	FLEET_FAILED=$((FLEET_FAILED + 1))
	echo "not ok $FLEET_COUNT - $1"
	shift
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/# /'
	done
}

# fleet_check NAME COMMAND...: passes when COMMAND exits 0.
fleet_check() {
	local name=$1 output status
	shift
	output=$("$@" 2>&1) && status=0 || status=$?
	if [ "$status" -eq 0 ]; then
		fleet_ok "$name"
	else
		fleet_fail "$name" "command: $*" "exit status: $status" "$(printf '%s\n' "$output" | tail -n 40)"
	fi
}

# fleet_eq NAME EXPECTED ACTUAL
fleet_eq() {
	if [ "$2" = "$3" ]; then
		fleet_ok "$1"
	else
		fleet_fail "$1" "expected: '$2'" "  actual: '$3'"
	fi
}

# fleet_match NAME REGEX TEXT: passes when a line of TEXT matches REGEX (grep -E).
fleet_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		fleet_ok "$1"
	else
		fleet_fail "$1" "pattern: $2" "$(printf '%s\n' "$3" | tail -n 40)"
	fi
}

fleet_summary() {
	local passed=$((FLEET_COUNT - FLEET_FAILED))
	echo "1..$FLEET_COUNT"
	echo "$passed passed, $FLEET_FAILED failed"
	[ "$FLEET_FAILED" -eq 0 ]
}
