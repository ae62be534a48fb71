#!/bin/bash
# Static analysis of the project; any finding fails the run.
#
#   checkpatch  the kernel's scripts/checkpatch.pl --strict, from Debian's
#               linux-source-6.12 tarball, on kmod/, the test modules and
#               the in-tree series in patches/
#   sparse      make C=2 on kmod/ and tests/vm/target/ against the headers of
#               each bench kernel, in the same build as W=1 with -Werror
#   cppcheck    on the userspace C: the parser, tests/ and cli/
#   clang-tidy  on the same files
#
# Usage: run.sh [checkpatch|sparse|cppcheck|clang-tidy...]  (default: all)
#
# Ends with "lint: N findings" and exits 1 when N is not 0.
set -euo pipefail
. "$(dirname "$0")/../vm/common.sh"

OUT=$KS_BUILD/lint
SOURCE_TARBALL=/usr/src/linux-source-6.12.tar.xz
JOBS=${KS_JOBS:-2}
findings=0

log() {
	printf 'lint: %s\n' "$*"
}

# Count the lines of file $2 as findings of tool $1 and print them.
report() {
	local tool=$1 file=$2 count
	count=$(grep -c . "$file" || true)
	if [ "$count" -ne 0 ]; then
		sed "s/^/$tool: /" "$file"
	fi
	log "$tool: $count findings"
	findings=$((findings + count))
}

# Extract checkpatch.pl and the two data files it reads from its own
# directory, once per tarball version: unpacking the whole tree would take
# minutes and a gigabyte.
extract_checkpatch() {
	local stamp=$OUT/checkpatch/stamp want
	[ -f "$SOURCE_TARBALL" ] ||
		ks_die "$SOURCE_TARBALL is missing: run tests/vm/setup-host.sh (package linux-source-6.12)"
	want=$(stat -c '%s %Y' "$SOURCE_TARBALL")
	if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
		return
	fi
	rm -rf "$OUT/checkpatch"
	mkdir -p "$OUT/checkpatch"
	log "extracting checkpatch.pl from $SOURCE_TARBALL"
	tar -xJf "$SOURCE_TARBALL" -C "$OUT/checkpatch" --strip-components=2 \
		linux-source-6.12/scripts/checkpatch.pl \
		linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch
	echo "$want" >"$stamp"
}

# checkpatch's reports for one file; $1 is the file, the rest extra options.
checkpatch_file() {
	local file=$1
	shift
	"$OUT/checkpatch/checkpatch.pl" --strict --no-tree --terse --show-types \
		--no-summary "$@" --file "$KS_ROOT/$file" | sed "s|^$KS_ROOT/||" || true
}

run_checkpatch() {
	local file
	extract_checkpatch
	{
		for file in kmod/*.c kmod/*.h kmod/arch/x86/*.S tests/vm/target/*.c tests/vm/target/*.h; do
			(cd "$KS_ROOT" && [ -f "$file" ]) || continue
			case $file in
			kmod/ks_errno_check.c)
				# The X-macros expand to enumerators "NAME = value,", which
				# cannot be parenthesized.
				checkpatch_file "$file" --ignore COMPLEX_MACRO
				;;
			kmod/ks_errno_list.h)
				# The errno table lists every kernel errno, ENOSYS too.
				checkpatch_file "$file" --ignore ENOSYS
				;;
			kmod/ks_main.c)
				# The in-tree series documents killswitch= in
				# kernel-parameters.txt, which --no-tree cannot read.
				# The check of patches/ below covers it.
				checkpatch_file "$file" --ignore UNDOCUMENTED_SETUP
				;;
			kmod/ks_handler.c | kmod/ks_ftrace.c)
				# NOKPROBE_SYMBOL() follows the closing brace like
				# EXPORT_SYMBOL(), as in kernel/kprobes.c, but checkpatch
				# exempts only the latter and wants a blank line.
				checkpatch_file "$file" --ignore LINE_SPACING
				;;
			*)
				checkpatch_file "$file"
				;;
			esac
		done
		# The series carries kmod/ as it is: the four types ignored are
		# the per-file exemptions above (the errno X-macros and table,
		# NOKPROBE_SYMBOL), which a patch cannot give per file.
		for file in patches/*.patch; do
			(cd "$KS_ROOT" && [ -f "$file" ]) || continue
			"$OUT/checkpatch/checkpatch.pl" --strict --no-tree --terse \
				--show-types --no-summary \
				--ignore COMPLEX_MACRO,ENOSYS,ENOTSUPP,LINE_SPACING \
				"$KS_ROOT/$file" |
				sed "s|^|$file: |" || true
		done
	} >"$OUT/checkpatch.out"
	report checkpatch "$OUT/checkpatch.out"
}

# Build a copy of module directory $2 against kernel $1's headers with
# sparse on every file (C=2), W=1 warnings and -Werror; print the findings.
sparse_module() {
	local kver=$1 src=$2 dst=$OUT/sparse/$1/${2##*/}
	rm -rf "$dst"
	mkdir -p "$(dirname "$dst")"
	cp -a "$KS_ROOT/$src" "$dst"
	make -s -C "/usr/src/linux-headers-$kver" M="$dst" -j"$JOBS" C=2 CHECK=sparse \
		W=1 KCFLAGS=-Werror modules 2>&1 |
		grep -E '(warning|error|ERROR):' | grep -v ' warnings as Errors' | sed "s|$dst/|$src/|" || true
}

run_sparse() {
	local kver
	command -v sparse >/dev/null || ks_die "sparse not found: run tests/vm/setup-host.sh"
	# kernels.sh picks the bench kernels; it does nothing when they are ready.
	if [ ! -s "$KS_KVERS_FILE" ]; then
		"$KS_VM/kernels.sh" >/dev/null
	fi
	{
		for kver in $(ks_kvers); do
			sparse_module "$kver" kmod
			sparse_module "$kver" tests/vm/target
		done
	} >"$OUT/sparse.out"
	report "sparse and W=1" "$OUT/sparse.out"
}

# The userspace C files: the parser, the tests and ksctl.
userspace_sources() {
	(cd "$KS_ROOT" && ls kmod/ks_parse.c tests/unit/*.c tests/vm/prog/*.c tests/fuzz/*.c \
		cli/*.c 2>/dev/null)
}

# Include directories and flags of ksctl's libraries, when cli/ exists.
cli_flags() {
	if [ -d "$KS_ROOT/cli" ]; then
		pkg-config --cflags libbpf libkmod libelf liblzma libzstd zlib
	fi
}

run_cppcheck() {
	# variableScope: the project declares variables at the top of a block,
	# as kernel C does. libbpf_common.h defines LIBBPF_OPTS(), which cppcheck
	# otherwise reports as an unknown macro and then skips the file.
	(cd "$KS_ROOT" && cppcheck --quiet --std=c11 --inline-suppr \
		--enable=warning,style,performance,portability \
		--suppress=missingIncludeSystem --suppress=variableScope \
		--include=/usr/include/bpf/libbpf_common.h \
		-D__x86_64__ -D__linux__ -Ikmod -Icli \
		--template='{file}:{line}: {severity}: {message} [{id}]' \
		$(userspace_sources)) >"$OUT/cppcheck.out" 2>&1 || true
	report cppcheck "$OUT/cppcheck.out"
}

# The clang-tidy checks, and why each excluded one is excluded:
#   insecureAPI.*                 wants Annex K functions (snprintf_s), which
#                                 glibc does not have
#   optin.performance.Padding     struct layout is not a correctness issue
#   easily-swappable-parameters   most C APIs take two ints or two strings
#   assignment-in-if-condition    "if ((n = read(...)) < 0)" is idiomatic C
#   reserved-identifier, cert-dcl37-c, cert-dcl51-cpp
#                                 kernel uapi names and LLVMFuzzerTestOneInput
#   narrowing-conversions         the parser computes on char deliberately
#   implicit-widening-of-multiplication-result
#                                 flags constants such as 256 * 1024
#   macro-parentheses             X-macros stringify and paste arguments
#   no-int-to-ptr                 pthread_create() passes integers as void *
#   cert-err33-c                  unchecked printf() and friends
#   cert-env33-c                  the tests run commands on purpose
#   cert-err34-c                  the test tools parse trusted numbers
#   misc-unused-parameters        callbacks with fixed signatures
#   misc-no-recursion             the JSON code recurses by design
CLANG_TIDY_CHECKS='-*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.*,-clang-analyzer-optin.performance.Padding,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-assignment-in-if-condition,-bugprone-reserved-identifier,-bugprone-narrowing-conversions,-bugprone-implicit-widening-of-multiplication-result,-bugprone-macro-parentheses,performance-*,-performance-no-int-to-ptr,portability-*,cert-*,-cert-err33-c,-cert-env33-c,-cert-err34-c,-cert-dcl37-c,-cert-dcl51-cpp,misc-*,-misc-unused-parameters,-misc-no-recursion'

run_clang_tidy() {
	local flags
	flags=$(cli_flags)
	# One file per process, two at a time; the warnings go to standard output.
	(cd "$KS_ROOT" && userspace_sources | xargs -P "$JOBS" -I{} sh -c \
		'clang-tidy-14 --quiet -checks="$1" "$2" -- -std=c11 -D_DEFAULT_SOURCE -Ikmod -Icli $3 2>/dev/null' \
		sh "$CLANG_TIDY_CHECKS" {} "$flags") |
		grep -E '^/.*: (warning|error):' | sed "s|^$KS_ROOT/||" >"$OUT/clang-tidy.out" || true
	report clang-tidy "$OUT/clang-tidy.out"
}

mkdir -p "$OUT"
tools=("$@")
if [ ${#tools[@]} -eq 0 ]; then
	tools=(checkpatch sparse cppcheck clang-tidy)
fi
for tool in "${tools[@]}"; do
	case $tool in
	checkpatch) run_checkpatch ;;
	sparse) run_sparse ;;
	cppcheck) run_cppcheck ;;
	clang-tidy) run_clang_tidy ;;
	*) ks_die "unknown tool '$tool': use checkpatch, sparse, cppcheck or clang-tidy" ;;
	esac
done

log "$findings findings"
[ "$findings" -eq 0 ]
