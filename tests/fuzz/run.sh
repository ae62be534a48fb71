#!/bin/bash
# Build and run the libFuzzer target of the control-language parser
# (tests/fuzz/fuzz_parse.c) under ASan and UBSan.
#
# Usage: run.sh SECONDS
#
# Steps, each of which fails the run:
#   1. build build/fuzz/fuzz_parse, and fuzz_parse_planted, the same target
#      with a planted bug
#   2. check the crash replay loop itself: it must fail on the planted bug's
#      input with fuzz_parse_planted and pass on it with fuzz_parse
#   3. replay every saved input in tests/fuzz/crashes/ and the seed corpus
#      tests/fuzz/corpus/
#   4. fuzz for SECONDS, starting from the seeds and the inputs earlier runs
#      kept in build/fuzz/corpus/; a crash is saved in build/fuzz/crashes/
set -euo pipefail

FUZZ=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$FUZZ/../.." && pwd)
OUT=${KS_BUILD:-$ROOT/build}/fuzz
CC=${FUZZ_CC:-clang-14}
CFLAGS=(-std=c11 -D_DEFAULT_SOURCE -g -O1 -Wall -Wextra -Werror
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
	-I"$ROOT/kmod")
SOURCES=("$FUZZ/fuzz_parse.c" "$ROOT/kmod/ks_parse.c")
# Longer than any line the parser accepts (511-byte symbols), far shorter
# than the 256 KiB write limit, which the unit tests cover.
MAX_LEN=4096

log() {
	printf 'fuzz: %s\n' "$*"
}

die() {
	printf 'fuzz: error: %s\n' "$*" >&2
	exit 1
}

[ $# -eq 1 ] && [[ $1 =~ ^[1-9][0-9]*$ ]] || die "usage: run.sh SECONDS"
seconds=$1
command -v "$CC" >/dev/null || die "$CC not found: run tests/vm/setup-host.sh"

# Replay every input file in directory $2 through fuzz binary $1, once
# each; print the failing files and return 1 if there is any.
replay() {
	local binary=$1 dir=$2 file failed=0
	for file in "$dir"/*; do
		[ -f "$file" ] || continue
		case ${file##*/} in
		README*) continue ;;
		esac
		if ! "$binary" -runs=1 "$file" >"$OUT/replay.log" 2>&1; then
			echo "fuzz: $file fails with $binary:"
			tail -n 20 "$OUT/replay.log"
			failed=1
		fi
	done
	return "$failed"
}

mkdir -p "$OUT/corpus" "$OUT/crashes"
"$CC" "${CFLAGS[@]}" -o "$OUT/fuzz_parse" "${SOURCES[@]}"
"$CC" "${CFLAGS[@]}" -DKS_FUZZ_PLANTED_BUG -o "$OUT/fuzz_parse_planted" "${SOURCES[@]}"

planted=$(mktemp -d "$OUT/planted.XXXXXX")
trap 'rm -rf "$planted"' EXIT
printf 'KS-FUZZ-PLANTED-BUG\nengage x 1\n' >"$planted/planted-bug"
if replay "$OUT/fuzz_parse_planted" "$planted" >/dev/null; then
	die "the replay loop missed the planted bug: it cannot detect failing inputs"
fi
replay "$OUT/fuzz_parse" "$planted" || die "the planted input fails without the planted bug"
log "replay loop detects the planted bug"

crashes=$(find "$FUZZ/crashes" -type f ! -name 'README*' | wc -l)
replay "$OUT/fuzz_parse" "$FUZZ/crashes" || die "a saved crash input in tests/fuzz/crashes fails again"
replay "$OUT/fuzz_parse" "$FUZZ/corpus" || die "a seed input in tests/fuzz/corpus fails"
log "replayed $crashes saved crash inputs and $(find "$FUZZ/corpus" -type f | wc -l) seeds"

log "fuzzing for $seconds s"
status=0
"$OUT/fuzz_parse" -max_total_time="$seconds" -max_len="$MAX_LEN" \
	-dict="$FUZZ/parse.dict" -artifact_prefix="$OUT/crashes/" \
	-print_final_stats=1 "$OUT/corpus" "$FUZZ/corpus" >"$OUT/fuzz.log" 2>&1 || status=$?
grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+ *DONE' "$OUT/fuzz.log" || true
if [ "$status" -ne 0 ]; then
	tail -n 40 "$OUT/fuzz.log"
	die "the fuzzer failed (status $status): the input is in $OUT/crashes/; fix the bug, then add it to tests/fuzz/crashes/"
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/fuzz.log")
log "$runs inputs in $seconds s, corpus $(find "$OUT/corpus" -type f | wc -l) files, no failure"
