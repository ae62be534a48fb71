// SPDX-License-Identifier: GPL-2.0
/* ksctl status --prometheus: metric lines, label escaping and catalog coverage. */
#include <stdlib.h>
#include <string.h>

#include "ktest.h"
#include "metrics.h"

static void test_escape(void)
{
	char *text;

	text = metrics_escape_label("plain_name");
	kt_eq_str("escape: plain text unchanged", "plain_name", text);
	free(text);
	text = metrics_escape_label("a\\b");
	kt_eq_str("escape: backslash doubled", "a\\\\b", text);
	free(text);
	text = metrics_escape_label("say \"hi\"");
	kt_eq_str("escape: quotes", "say \\\"hi\\\"", text);
	free(text);
	text = metrics_escape_label("two\nlines");
	kt_eq_str("escape: newline", "two\\nlines", text);
	free(text);
	text = metrics_escape_label("");
	kt_eq_str("escape: empty", "", text);
	free(text);
}

/*
 * A catalog of three entries: one fixed in 6.1.100, one with two targets
 * (one of them only on 6.12), and one fixed version unknown.
 */
static void write_catalog(const char *root)
{
	kt_write(root, "catalog/CVE-2099-0001.json",
		 "{\"schema\": 1, \"id\": \"CVE-2099-0001\", \"title\": \"fixed one\", \"subsystem\": \"net\",\n"
		 " \"affected_from\": \"unknown\",\n"
		 " \"fixed\": {\"6.1\": {\"version\": \"6.1.100\", \"commit\": \"unknown\",\n"
		 "   \"source\": \"https://example.org/CVE\"},\n"
		 "  \"6.6\": {\"version\": \"unknown\", \"commit\": \"unknown\"},\n"
		 "  \"6.12\": {\"version\": \"unknown\", \"commit\": \"unknown\"},\n"
		 "  \"mainline\": {\"version\": \"unknown\", \"commit\": \"unknown\"}},\n"
		 " \"targets\": [{\"target\": \"fixed_fn\", \"retval\": \"-EPERM\", \"scope\": \"all\"}],\n"
		 " \"rationale\": {\"chokepoint\": \"c\", \"retval\": \"r\", \"impact\": \"i\"},\n"
		 " \"verify\": \"v\"}\n");
	kt_write(root, "catalog/CVE-2099-0002.json",
		 "{\"schema\": 1, \"id\": \"CVE-2099-0002\", \"title\": \"two targets\", \"subsystem\": \"net\",\n"
		 " \"affected_from\": \"unknown\",\n"
		 " \"fixed\": {\"6.1\": {\"version\": \"6.1.300\", \"commit\": \"unknown\",\n"
		 "   \"source\": \"https://example.org/CVE\"},\n"
		 "  \"6.6\": {\"version\": \"unknown\", \"commit\": \"unknown\"},\n"
		 "  \"6.12\": {\"version\": \"unknown\", \"commit\": \"unknown\"},\n"
		 "  \"mainline\": {\"version\": \"unknown\", \"commit\": \"unknown\"}},\n"
		 " \"targets\": [{\"target\": \"mod_a:first_fn\", \"retval\": \"-EPERM\", \"scope\": \"all\"},\n"
		 "  {\"target\": \"second_fn\", \"retval\": \"0\", \"scope\": \"all\", \"kernels\": [\"6.12\"]}],\n"
		 " \"rationale\": {\"chokepoint\": \"c\", \"retval\": \"r\", \"impact\": \"i\"},\n"
		 " \"verify\": \"v\"}\n");
	kt_write(root, "catalog/CVE-2099-0003.json",
		 "{\"schema\": 1, \"id\": \"CVE-2099-0003\", \"title\": \"unknown fix\", \"subsystem\": \"fs\",\n"
		 " \"affected_from\": \"unknown\",\n"
		 " \"fixed\": {\"6.1\": {\"version\": \"unknown\", \"commit\": \"unknown\"},\n"
		 "  \"6.6\": {\"version\": \"unknown\", \"commit\": \"unknown\"},\n"
		 "  \"6.12\": {\"version\": \"unknown\", \"commit\": \"unknown\"},\n"
		 "  \"mainline\": {\"version\": \"unknown\", \"commit\": \"unknown\"}},\n"
		 " \"targets\": [{\"target\": \"third_fn\", \"retval\": \"-EPERM\", \"scope\": \"all\"}],\n"
		 " \"rationale\": {\"chokepoint\": \"c\", \"retval\": \"r\", \"impact\": \"i\"},\n"
		 " \"verify\": \"v\"}\n");
}

/* Run ksctl status --prometheus EXTRA against @root's catalog, as kernel @version. */
static int run_metrics(const char *root, const char *version, const char *extra, char **output)
{
	char *args = xasprintf("status --prometheus %s", extra);
	char *catalog = xasprintf("%s/catalog", root);
	int status;

	setenv("KSCTL_CATALOG", catalog, 1);
	setenv("KSCTL_KERNEL_VERSION", version, 1);
	status = kt_ksctl(root, args, output);
	unsetenv("KSCTL_CATALOG");
	unsetenv("KSCTL_KERNEL_VERSION");
	free(catalog);
	free(args);
	return status;
}

static void test_not_loaded(void)
{
	char *root = kt_scratch("metrics-not-loaded");
	char *output;

	write_catalog(root);
	kt_write(root, "proc/sys/kernel/tainted", "0\n");
	kt_eq_int("metrics: not loaded succeeds", 0, run_metrics(root, "6.1.200", "", &output));
	kt_contains("metrics: loaded help", output,
		    "# HELP killswitch_loaded Whether killswitch.ko is loaded (1) or not (0).\n"
		    "# TYPE killswitch_loaded gauge\nkillswitch_loaded 0\n");
	kt_not_contains("metrics: no sealed when not loaded", output, "killswitch_sealed");
	kt_contains("metrics: taint", output, "killswitch_kernel_taint 0\n");
	kt_contains("metrics: zero engaged", output, "killswitch_engagements{state=\"engaged\"} 0\n");
	kt_contains("metrics: zero pending", output, "killswitch_engagements{state=\"pending\"} 0\n");
	kt_contains("metrics: uncovered CVE", output,
		    "killswitch_catalog_cve_covered{cve=\"CVE-2099-0002\",applicability=\"applies\"} 0\n");
	free(output);
	free(root);
}

static void test_loaded(void)
{
	char *root = kt_scratch("metrics-loaded");
	char *output;

	write_catalog(root);
	kt_write(root, "proc/sys/kernel/tainted", "4096\n");
	kt_write(root, "sys/kernel/security/killswitch/sealed", "1\n");
	kt_write(root, "sys/kernel/security/killswitch/engaged",
		 "symbol=first_fn module=mod_a retval=-1 state=pending hits=0 passed=0 scope=all reason=CVE-2099-0002\n"
		 "symbol=third_fn module=vmlinux retval=-1 state=engaged hits=17 passed=4 scope=userns reason=-\n"
		 "symbol=watched_fn module=vmlinux retval=0 state=observing hits=9 passed=0 scope=all reason=-\n");

	/* On 6.1 second_fn is not a target, so CVE-2099-0002 is covered by first_fn alone. */
	kt_eq_int("metrics: loaded succeeds", 0, run_metrics(root, "6.1.200", "", &output));
	kt_contains("metrics: loaded", output, "killswitch_loaded 1\n");
	kt_contains("metrics: sealed", output, "# TYPE killswitch_sealed gauge\nkillswitch_sealed 1\n");
	kt_contains("metrics: taint value", output, "killswitch_kernel_taint 4096\n");
	kt_contains("metrics: engaged count", output, "killswitch_engagements{state=\"engaged\"} 1\n");
	kt_contains("metrics: pending count", output, "killswitch_engagements{state=\"pending\"} 1\n");
	kt_contains("metrics: observing count", output, "killswitch_engagements{state=\"observing\"} 1\n");
	kt_contains("metrics: probing count", output, "killswitch_engagements{state=\"probing\"} 0\n");
	kt_contains("metrics: info of pending", output,
		    "killswitch_engagement_info{symbol=\"first_fn\",module=\"mod_a\",state=\"pending\",retval=\"-1\",scope=\"all\",reason=\"CVE-2099-0002\"} 1\n");
	kt_contains("metrics: info without reason", output,
		    "killswitch_engagement_info{symbol=\"third_fn\",module=\"vmlinux\",state=\"engaged\",retval=\"-1\",scope=\"userns\",reason=\"\"} 1\n");
	kt_contains("metrics: hits counter type", output, "# TYPE killswitch_hits_total counter\n");
	kt_contains("metrics: hits", output, "killswitch_hits_total{symbol=\"third_fn\",module=\"vmlinux\"} 17\n");
	kt_contains("metrics: passed", output, "killswitch_passed_total{symbol=\"third_fn\",module=\"vmlinux\"} 4\n");
	kt_contains("metrics: covered on 6.1", output,
		    "killswitch_catalog_cve_covered{cve=\"CVE-2099-0002\",applicability=\"applies\"} 1\n");
	kt_contains("metrics: unknown fix covered", output,
		    "killswitch_catalog_cve_covered{cve=\"CVE-2099-0003\",applicability=\"unknown\"} 1\n");
	kt_not_contains("metrics: fixed CVE not listed", output, "cve=\"CVE-2099-0001\"");
	kt_contains("metrics: fixed count", output, "killswitch_catalog_entries{applicability=\"fixed\"} 1\n");
	kt_contains("metrics: applies count", output, "killswitch_catalog_entries{applicability=\"applies\"} 1\n");
	kt_contains("metrics: unknown count", output, "killswitch_catalog_entries{applicability=\"unknown\"} 1\n");
	kt_contains("metrics: no catalog errors", output, "killswitch_catalog_errors 0\n");
	free(output);

	/* On 6.12 second_fn is a target too and is not engaged. */
	kt_eq_int("metrics: 6.12 succeeds", 0, run_metrics(root, "6.12.50", "", &output));
	kt_contains("metrics: not covered on 6.12", output,
		    "killswitch_catalog_cve_covered{cve=\"CVE-2099-0002\",applicability=\"unknown\"} 0\n");
	free(output);

	/* An observing engagement runs the body, so it covers nothing. */
	kt_write(root, "sys/kernel/security/killswitch/engaged",
		 "symbol=third_fn module=vmlinux retval=-1 state=observing hits=1 passed=0 scope=all reason=-\n");
	kt_eq_int("metrics: observing succeeds", 0, run_metrics(root, "6.1.200", "", &output));
	kt_contains("metrics: observing does not cover", output,
		    "killswitch_catalog_cve_covered{cve=\"CVE-2099-0003\",applicability=\"unknown\"} 0\n");
	free(output);
	free(root);
}

static void test_errors(void)
{
	char *root = kt_scratch("metrics-errors");
	char *output;

	kt_write(root, "sys/kernel/security/killswitch/engaged", "");
	kt_write(root, "catalog/CVE-2099-0009.json", "{ not json\n");
	kt_eq_int("metrics: bad catalog still exports", 0, run_metrics(root, "6.1.200", "", &output));
	kt_contains("metrics: catalog errors counted", output, "killswitch_catalog_errors 1\n");
	kt_contains("metrics: catalog error as comment", output, "# killswitch: ");
	kt_not_contains("metrics: no coverage without catalog", output, "killswitch_catalog_cve_covered");
	free(output);

	kt_eq_int("metrics: with --json is a usage error", 2,
		  run_metrics(root, "6.1.200", "--json 2>/dev/null", &output));
	free(output);
	kt_eq_int("metrics: unknown option", 2, run_metrics(root, "6.1.200", "--prom 2>/dev/null", &output));
	free(output);
	free(root);
}

void test_metrics(void)
{
	test_escape();
	test_not_loaded();
	test_loaded();
	test_errors();
}
