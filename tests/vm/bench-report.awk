# Turn the "KEY VALUE" lines of one kernel's benchmark into a table
# (format=table) or a JSON object (format=json). Times are nanoseconds.
{ value[$1] = $2 }

function per_call(name) { return value["call_" name "_ns"] / value["calls"] }
function ratio(name) { return per_call(name) / per_call("baseline") }

END {
	calls = value["calls"]
	split("baseline engaged scoped_pass observed", variants, " ")
	split("1 8 64 256", batches, " ")
	syscall0 = value["syscalls_0_ns"] / value["syscalls_rounds"]
	syscall64 = value["syscalls_64_ns"] / value["syscalls_rounds"]
	memory = value["memory_256_kb"] * 1024 / 256

	if (format == "json") {
		printf "{\"kernel\": \"%s\", \"calls\": %d, \"per_call\": {", value["kernel"], calls
		for (i = 1; i <= 4; i++)
			printf "%s\"%s\": {\"ns\": %.2f, \"ratio\": %.2f}", (i > 1 ? ", " : ""),
				variants[i], per_call(variants[i]), ratio(variants[i])
		printf "}, \"engage\": {"
		for (i = 1; i <= 4; i++) {
			n = batches[i]
			printf "%s\"%s\": {\"total_ms\": %.2f, \"per_target_ms\": %.3f, \"disengage_total_ms\": %.2f, \"disengage_per_target_ms\": %.3f}",
				(i > 1 ? ", " : ""), n, value["engage_" n "_ns"] / 1e6,
				value["engage_" n "_ns"] / 1e6 / n, value["disengage_" n "_ns"] / 1e6,
				value["disengage_" n "_ns"] / 1e6 / n
		}
		printf "}, \"engage_plain\": {"
		for (i = 1; i <= 4; i++) {
			n = batches[i]
			printf "%s\"%s\": {\"total_ms\": %.2f, \"per_target_ms\": %.3f, \"disengage_total_ms\": %.2f, \"disengage_per_target_ms\": %.3f}",
				(i > 1 ? ", " : ""), n, value["engage_plain_" n "_ns"] / 1e6,
				value["engage_plain_" n "_ns"] / 1e6 / n, value["disengage_plain_" n "_ns"] / 1e6,
				value["disengage_plain_" n "_ns"] / 1e6 / n
		}
		printf "}, \"engage_256_over_1\": %.1f", value["engage_256_ns"] / value["engage_1_ns"]
		printf ", \"engage_plain_256_over_1\": %.1f", value["engage_plain_256_ns"] / value["engage_plain_1_ns"]
		printf ", \"syscall_round_ns\": {\"unrelated_0\": %.1f, \"unrelated_64\": %.1f, \"ratio\": %.3f}",
			syscall0, syscall64, syscall64 / syscall0
		printf ", \"memory_per_engagement_bytes\": %.0f}\n", memory
		exit
	}

	printf "kernel %s, %d calls per loop (QEMU TCG: compare ratios, not times)\n", value["kernel"], calls
	printf "  %-14s %12s %8s\n", "per call", "ns", "ratio"
	for (i = 1; i <= 4; i++)
		printf "  %-14s %12.2f %8.2f\n", variants[i], per_call(variants[i]), ratio(variants[i])
	for (p = 1; p <= 2; p++) {
		prefix = p == 1 ? "" : "plain_"
		printf "  %-14s %12s %14s %12s %14s\n", p == 1 ? "MODULE:SYMBOL" : "SYMBOL",
			"engage ms", "ms per target", "disengage ms", "ms per target"
		for (i = 1; i <= 4; i++) {
			n = batches[i]
			printf "  %-14s %12.2f %14.3f %12.2f %14.3f\n", n " targets",
				value["engage_" prefix n "_ns"] / 1e6,
				value["engage_" prefix n "_ns"] / 1e6 / n,
				value["disengage_" prefix n "_ns"] / 1e6,
				value["disengage_" prefix n "_ns"] / 1e6 / n
		}
		printf "  engage 256 / engage 1: %.1f\n",
			value["engage_" prefix "256_ns"] / value["engage_" prefix "1_ns"]
	}
	printf "  syscall round: %.1f ns with 0 engagements, %.1f ns with 64 (ratio %.3f)\n",
		syscall0, syscall64, syscall64 / syscall0
	printf "  memory per engagement: about %.0f bytes (slab and per-CPU, 256 engaged)\n", memory
}
