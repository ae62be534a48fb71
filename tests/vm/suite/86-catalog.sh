# ksctl catalog: apply every catalog entry that has a target on this
# kernel, check that one transaction engaged all its targets with the CVE
# as reason, and disengage it again. Entries with a real-path verifier
# also show the path blocked while engaged and working after disengage.
# Runs before 88-seal.sh, which nothing can undo.
. /lib/ks/ks.sh
ks_fresh

case $(uname -r) in
6.1.*) line=6.1 ;;
6.12.*) line=6.12 ;;
*) line=other ;;
esac

# Print the symbols engaged with reason=$1, one per line.
engaged_for() {
	engaged | awk -v r="reason=$1" '{ for (i = 1; i <= NF; i++) if ($i == r) { sub(/^symbol=/, "", $1); print $1 } }'
}

# Print how many targets of catalog entry $1 exist on this kernel's line.
targets_on_line() {
	ksctl catalog show "$1" | awk -v line="$line" '
		/^target: / {
			if ($0 ~ /\(6\.1 only\)$/ && line != "6.1") next
			if ($0 ~ /\(6\.12 only\)$/ && line != "6.12") next
			n++
		}
		END { print n + 0 }'
}

# The real-path check of entry $1: "MODULE|COMMAND|BLOCKED|WORKING", MODULE
# being - for vmlinux. The suite loads MODULE by name first: socket(AF_VSOCK), for one, autoloads a
# transport module (the net-pf-40 alias), not vsock, and the VM has none.
verifier_of() {
	case $1 in
	CVE-2026-31431 | CVE-2026-46033 | CVE-2026-46028 | CVE-2026-43077) echo "af_alg|ks_alg --quiet|EPERM|ok" ;;
	CVE-2026-43500 | CVE-2026-31642 | CVE-2026-31638 | CVE-2026-31676 | CVE-2026-31634 | CVE-2026-46012)
		echo "rxrpc|ks_sock rxrpc|EAFNOSUPPORT|ok" ;;
	CVE-2026-46214 | CVE-2026-23069 | CVE-2026-46207) echo "vsock|ks_sock vsock|EAFNOSUPPORT|ok" ;;
	CVE-2026-43411) echo "tipc|ks_sock tipc-conn-timeout|ENOPROTOOPT|ok" ;;
	CVE-2026-46227 | CVE-2026-52924 | CVE-2026-53224 | CVE-2026-52917) echo "sctp|ks_sock sctp|EPROTONOSUPPORT|ok" ;;
	CVE-2026-23240 | CVE-2026-23414) echo "tls|ks_ktls|ENOENT|ok" ;;
	CVE-2026-43502 | CVE-2026-46053 | CVE-2026-43226) echo "rds|ks_sock rds|EAFNOSUPPORT|ok" ;;
	CVE-2026-22997) echo "can_j1939|ks_sock can-j1939|EPROTONOSUPPORT|ok" ;;
	CVE-2026-31474) echo "can_isotp|ks_sock can-isotp|EPROTONOSUPPORT|ok" ;;
	CVE-2026-23259 | CVE-2026-23113 | CVE-2026-43121 | CVE-2026-43174) echo "-|ks_uring|EPERM|ok" ;;
	CVE-2026-53292) echo "phonet|ks_sock phonet|EPERM|ok" ;;
	esac
}

ids=$(ksctl catalog list | awk '$0 !~ /\(no safe target\)$/ { print $1 }')
tap_match "catalog: list has entries" "CVE-2026-31431" "$ids"
verified=0
for id in $ids; do
	want=$(targets_on_line "$id")
	verifier=$(verifier_of "$id")
	if [ -n "$verifier" ]; then
		module=${verifier%%|*}
		rest=${verifier#*|}
		cmd=${rest%%|*}
		rest=${rest#*|}
		blocked=${rest%%|*}
		working=${rest#*|}
		[ "$module" = - ] || modprobe "$module" 2>/dev/null
		tap_eq "catalog: $id path works before" "$working" "$($cmd 2>&1 | tail -n1)"
	fi
	out=$(ksctl catalog apply --ignore-version "$id" 2>&1)
	status=$?
	tap_eq "catalog: apply $id (exit status)" "0" "$status" || tap_note "$out"
	syms=$(engaged_for "$id")
	tap_eq "catalog: $id engaged all $want targets" "$want" "$(printf '%s\n' $syms | grep -c .)"
	if [ -n "$verifier" ]; then
		tap_eq "catalog: $id path blocked" "$blocked" "$($cmd 2>&1 | tail -n1)"
		verified=$((verified + 1))
	fi
	for sym in $syms; do
		ksctl disengage "$sym" >/dev/null 2>&1 ||
			tap_fail "catalog: disengage $sym" "$(ksctl disengage "$sym" 2>&1)"
	done
	tap_eq "catalog: $id disengaged" "" "$(engaged_for "$id")"
	if [ -n "$verifier" ]; then
		tap_eq "catalog: $id path works after" "$working" "$($cmd 2>&1 | tail -n1)"
	fi
done
tap_note "catalog: $verified entries verified on a real path"

# Applicability against fixed versions, with a catalog of one test entry.
mkdir -p /tmp/cat
cat >/tmp/cat/CVE-2026-0001.json <<'JSON'
{
  "schema": 1,
  "id": "CVE-2026-0001",
  "title": "test entry",
  "subsystem": "test",
  "affected_from": "6.0",
  "affected_from_source": "https://example.org/CVE-2026-0001.json",
  "fixed": {
    "6.1": { "version": "6.1.100", "commit": "unknown", "source": "https://example.org/CVE-2026-0001.json" },
    "6.6": { "version": "not-affected", "commit": "unknown", "source": "https://example.org/CVE-2026-0001.json" },
    "6.12": { "version": "6.12.50", "commit": "unknown", "source": "https://example.org/CVE-2026-0001.json" },
    "mainline": { "version": "unknown", "commit": "unknown" }
  },
  "targets": [ { "target": "ks_target:ks_target_int", "retval": "-EPERM", "scope": "all" } ],
  "rationale": { "chokepoint": "test", "retval": "test", "impact": "test" },
  "verify": "test"
}
JSON
# Run ksctl catalog SUBCOMMAND on the test catalog.
tc() {
	sub=$1
	shift
	ksctl catalog "$sub" --catalog /tmp/cat "$@" 2>&1
}
tap_match "catalog: fixed kernel is skipped" "CVE-2026-0001: skipped: fixed in 6.1.100" "$(tc apply --kernel-version 6.1.100 CVE-2026-0001)"
tap_match "catalog: older kernel is not affected" "not-affected" "$(tc list --kernel-version 5.15.1)"
tap_eq "catalog: --applicable leaves the fixed entry out" "" "$(tc list --applicable --kernel-version 6.12.60)"
tap_match "catalog: unknown line applies with a warning" "would-engage.*
.*warning" "$(tc apply --dry-run --kernel-version 6.18.1 CVE-2026-0001)"
tap_match "catalog: dry run shows the transaction" "engage ks_target:ks_target_int -1 scope=all reason=CVE-2026-0001" \
	"$(tc apply --dry-run --kernel-version 6.1.99 CVE-2026-0001)"
tap_eq "catalog: affected kernel engages" "0" "$(tc apply --kernel-version 6.1.99 CVE-2026-0001 >/dev/null; echo $?)"
tap_eq "catalog: engaged with the CVE as reason" "ks_target_int" "$(engaged_for CVE-2026-0001)"
tap_match "catalog: second apply skips" "skipped: already engaged" "$(tc apply --kernel-version 6.1.99 CVE-2026-0001)"
ksctl disengage ks_target_int >/dev/null
# A preflight error refuses the whole CVE: a second target that does not exist.
sed 's/"targets": \[/"targets": [ { "target": "ks_target:ks_no_such_fn", "retval": "-EPERM", "scope": "all" },/' \
	/tmp/cat/CVE-2026-0001.json >/tmp/cat/CVE-2026-0002.json.tmp
sed 's/CVE-2026-0001/CVE-2026-0002/' /tmp/cat/CVE-2026-0002.json.tmp >/tmp/cat/CVE-2026-0002.json
rm /tmp/cat/CVE-2026-0002.json.tmp
tap_match "catalog: preflight error rejects the CVE" "CVE-2026-0002: rejected" "$(tc apply --kernel-version 6.1.99 CVE-2026-0002)"
tap_eq "catalog: nothing of a rejected CVE is engaged" "" "$(engaged_for CVE-2026-0002)"
tap_match "catalog: --json output" '"action":"would-engage"' "$(ksctl --json catalog apply --catalog /tmp/cat --dry-run --kernel-version 6.1.99 CVE-2026-0001)"

rm -rf /tmp/cat
ks_unload_all
