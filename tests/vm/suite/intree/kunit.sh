# The killswitch KUnit suites, which the kernel ran at boot before init
# (CONFIG_SECURITY_KILLSWITCH_KUNIT_TEST, kunit.filter_glob=killswitch*).
# Turns their KTAP output in the kernel log into one TAP result per test
# case, with the KUnit diagnostics of a failed case.
. /lib/ks/ks.sh

results=/tmp/ks-kunit.results
# Subtest lines are indented by 4 spaces. A case's diagnostics, the other
# indented lines, come before its result line, so they are held back until
# the result is known.
dmesg | sed 's/^\[[^]]*\] //' | awk '
	/^    # Subtest: / { suite = $3; diag = ""; next }
	/^    (not )?ok [0-9]+ / {
		ok = ($1 == "ok")
		name = ok ? $3 : $4
		print (ok ? "ok " : "not ok ") "kunit " suite ": " name
		if (!ok && diag != "")
			printf "%s", diag
		diag = ""
		next
	}
	/^    / && suite != "" { diag = diag substr($0, 5) "\n" }
' >"$results"
tap_results "$results"

for suite in killswitch_parse killswitch_engagement; do
	tap_match "kunit: suite $suite passed" "^ok [0-9]+ $suite\$" \
		"$(dmesg | sed 's/^\[[^]]*\] //')"
done
tap_check "kunit: at least 15 cases ran" test "$(grep -c '^ok \|^not ok ' "$results")" -ge 15
