#!/bin/bash
# Check `ksctl status --prometheus` with promtool, Prometheus's own parser
# and linter (`promtool check metrics`), on a fake /sys and /proc tree
# (ksctl --root) with engagements in every state, a sealed control file,
# awkward label values and the repository's catalog.
#
# promtool comes from Debian's prometheus package, which `apt-get download`
# fetches into build/tools/ and which is unpacked there, never installed:
# installing it would start a Prometheus server on the host.
set -euo pipefail
. "$(dirname "$0")/../vm/common.sh"
. "$KS_ROOT/tests/fleet/lib.sh"

tools=$KS_BUILD/tools
promtool=$tools/prometheus/usr/bin/promtool
if [ ! -x "$promtool" ]; then
	mkdir -p "$tools"
	rm -rf "$tools/prometheus" "$tools"/prometheus_*.deb
	(cd "$tools" && apt-get download prometheus) ||
		ks_die "apt-get download prometheus failed: check the apt sources"
	dpkg-deb -x "$tools"/prometheus_*.deb "$tools/prometheus"
fi
[ -x "$promtool" ] || ks_die "$promtool is missing from the prometheus package"

make -s -C "$KS_ROOT/cli"
ksctl=$KS_BUILD/cli/ksctl
root=$KS_BUILD/fleet/metrics-root
rm -rf "$root"
mkdir -p "$root/sys/kernel/security/killswitch" "$root/proc/sys/kernel"
echo 4096 >"$root/proc/sys/kernel/tainted"
echo 1 >"$root/sys/kernel/security/killswitch/sealed"
# The module never writes a quote or backslash into a reason, but the
# exporter must escape them if a later module version does.
cat >"$root/sys/kernel/security/killswitch/engaged" <<'LIST'
symbol=af_alg_sendmsg module=af_alg retval=-1 state=engaged hits=12 passed=0 scope=all reason=CVE-2026-31431
symbol=esp_input module=esp4 retval=-1 state=pending hits=0 passed=0 scope=all reason=CVE-2026-43284
symbol=may_setgroups module=vmlinux retval=0 state=probing hits=3 passed=1 scope=userns reason=a"b\c
symbol=ksys_sync module=vmlinux retval=0 state=observing hits=5 passed=0 scope=unpriv reason=-
LIST

run() {
	KSCTL_CATALOG=$KS_ROOT/catalog KSCTL_KERNEL_VERSION=$1 "$ksctl" --root "$root" status --prometheus
}

for version in 6.1.100 6.12.40; do
	out=$(run "$version")
	lint=$(printf '%s\n' "$out" | "$promtool" check metrics 2>&1) && status=0 || status=$?
	if [ "$status" -eq 0 ] && [ -z "$lint" ]; then
		fleet_ok "promtool: $version output is clean"
	else
		fleet_fail "promtool: $version output is clean" "exit status $status" "$lint"
	fi
	fleet_match "metrics $version: escaped reason" 'reason="a\\"b\\\\c"' "$out"
	# CVE-2026-31431 also targets af_alg_sendpage on 6.1, which is not engaged.
	case $version in
	6.1.*) covered=0 ;;
	*) covered=1 ;;
	esac
	fleet_match "metrics $version: CVE-2026-31431 coverage is $covered" \
		"^killswitch_catalog_cve_covered\\{cve=\"CVE-2026-31431\",applicability=\"[a-z]+\"\\} $covered\$" "$out"
	fleet_match "metrics $version: no catalog errors" '^killswitch_catalog_errors 0$' "$out"
done

# Not loaded: the minimal output must stay valid too.
rm -rf "$root/sys/kernel/security/killswitch"
out=$(run 6.1.100)
fleet_check "promtool: not-loaded output is clean" sh -c 'printf "%s\n" "$1" | "$2" check metrics' sh "$out" "$promtool"
fleet_match "metrics: not loaded" '^killswitch_loaded 0$' "$out"

fleet_summary
