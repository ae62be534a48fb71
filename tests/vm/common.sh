# shellcheck shell=bash
# Host-side helpers shared by the tests/vm scripts (bash). Sourcing it sets
# KS_ROOT (the repository), KS_BUILD (build output) and KS_VM (this bench).

KS_VM=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KS_ROOT=$(cd "$KS_VM/../.." && pwd)
KS_BUILD=${KS_BUILD:-$KS_ROOT/build}
# One line per kernel, "KVER PACKAGE VERSION META", written by kernels.sh.
KS_KVERS_FILE=$KS_BUILD/kernels/kvers

ks_log() {
	printf '%s: %s\n' "${0##*/}" "$*"
}

ks_die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# Print the kernel versions that kernels.sh prepared, one per line.
ks_kvers() {
	[ -s "$KS_KVERS_FILE" ] ||
		ks_die "$KS_KVERS_FILE is missing: run tests/vm/kernels.sh first"
	cut -d' ' -f1 "$KS_KVERS_FILE"
}

# Print the seconds since the epoch, for step timings.
ks_now() {
	date +%s
}

# Print the kernel version that headers meta-package $1 selected.
ks_kver_of_meta() {
	ks_kvers >/dev/null
	awk -v meta="$1" '$4 == meta { print $1 }' "$KS_KVERS_FILE" | grep . ||
		ks_die "no kernel in $KS_KVERS_FILE comes from $1: check KS_HEADERS_META"
}
