#!/bin/bash
# Check the CVE catalog: every entry validates, every target exists in the
# Debian kernels kernels.sh prepared (build/KVER/symbols), and the table in
# docs/catalog.md is the one kscatalog generates from the catalog.
#
# Usage: check.sh            check (run by make check, after kernels.sh)
#        check.sh --update   rewrite the table in docs/catalog.md
set -euo pipefail
. "$(dirname "$0")/../vm/common.sh"

DOC=$KS_ROOT/docs/catalog.md
BEGIN='<!-- BEGIN GENERATED TABLE: tests/catalog/check.sh --update -->'
END='<!-- END GENERATED TABLE -->'

make -s -C "$KS_ROOT/cli" kscatalog
KSCATALOG=$KS_BUILD/cli/kscatalog

# Print DOC with the text between the markers replaced by table file $1.
doc_with_table() {
	awk -v begin="$BEGIN" -v end="$END" -v table="$1" '
		$0 == begin { print; while ((getline line < table) > 0) print line; skip = 1; next }
		$0 == end { skip = 0 }
		!skip { print }' "$DOC"
}

table=$(mktemp)
expected=$(mktemp)
trap 'rm -f "$table" "$expected"' EXIT
"$KSCATALOG" table "$KS_ROOT/catalog" >"$table"
grep -qxF "$BEGIN" "$DOC" && grep -qxF "$END" "$DOC" ||
	ks_die "$DOC lacks the generated-table markers"
doc_with_table "$table" >"$expected"

if [ "${1:-}" = --update ]; then
	cp "$expected" "$DOC"
	ks_log "updated the table in ${DOC#"$KS_ROOT"/}"
	exit 0
fi

args=()
for kver in $(ks_kvers); do
	[ -s "$KS_BUILD/$kver/symbols" ] && [ -s "$KS_BUILD/$kver/vmlinux.btf" ] ||
		ks_die "$KS_BUILD/$kver/symbols or vmlinux.btf is missing: run tests/vm/kernels.sh"
	args+=("$kver=$KS_BUILD/$kver")
done
"$KSCATALOG" check "$KS_ROOT/catalog" "${args[@]}"

if ! diff -u "$DOC" "$expected"; then
	ks_die "the table in ${DOC#"$KS_ROOT"/} is out of date: run tests/catalog/check.sh --update"
fi
ks_log "the table in ${DOC#"$KS_ROOT"/} is up to date"
