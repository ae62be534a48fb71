// SPDX-License-Identifier: GPL-2.0
/* The catalog: stable versions from uname, and applicability. */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "ktest.h"

static void test_uname(void)
{
	struct kversion v;

	kt_eq_int("uname: Debian 6.1 from -v",
		  0, kversion_from_uname("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (2026-05-01)",
					 "6.1.0-57-amd64", &v));
	kt_eq_int("uname: 6.1 patch level from -v", 192, v.patch);
	kt_eq_int("uname: 6.12 from -r without Debian in -v", 0,
		  kversion_from_uname("#1 SMP", "6.12.118+deb12-amd64", &v));
	kt_eq_int("uname: 6.12 minor", 12, v.minor);
	kt_eq_int("uname: 6.12 patch", 118, v.patch);
	kt_eq_int("uname: garbage", -1, kversion_from_uname("#1", "abc", &v));
	kt_eq_int("version: 6.1 parses", 0, kversion_parse("6.1", &v));
	kt_eq_int("version: 6.1.x.y rejected", -1, kversion_parse("6.1.2.3", &v));
	kt_eq_int("version: -rc1 parses", 0, kversion_parse("7.1-rc1", &v));
	kt_eq_int("version: -rc1 number", 1, v.rc);
	kt_eq_int("version: release has rc 0", 0, kversion_parse("7.1", &v) ? -1 : (long long)v.rc);
	kt_eq_int("version: -rc0 rejected", -1, kversion_parse("7.1-rc0", &v));
	kt_eq_int("version: -rc without number rejected", -1, kversion_parse("7.1-rc", &v));
	kt_eq_int("version: Debian revision rejected", -1, kversion_parse("6.1.192-3", &v));
	kt_eq_int("version: trailing dot rejected", -1, kversion_parse("6.1.", &v));
	kt_eq_int("version: empty rejected", -1, kversion_parse("", &v));
	kt_eq_int("uname: Debian revision is not an rc", 0,
		  kversion_from_uname("#1 SMP PREEMPT_DYNAMIC Debian 6.12.118-1~deb12u1 (2026-06-01)",
				      "6.12.0-0.deb12.38-amd64", &v));
	kt_eq_int("uname: Debian 6.12 patch", 118, v.patch);
	kt_eq_int("uname: Debian 6.12 rc", 0, v.rc);
	kt_eq_int("uname: mainline rc from -r", 0, kversion_from_uname("#1 SMP", "7.1.0-rc2-amd64", &v));
	kt_eq_int("uname: mainline rc number", 2, v.rc);
}

/* Compare two version strings with kversion_cmp; 99 when one does not parse. */
static int cmp_text(const char *a, const char *b)
{
	struct kversion va, vb;

	if (kversion_parse(a, &va) || kversion_parse(b, &vb))
		return 99;
	return kversion_cmp(&va, &vb);
}

static void test_compare(void)
{
	kt_eq_int("compare: patch below", -1, cmp_text("6.1.169", "6.1.170"));
	kt_eq_int("compare: patch equal", 0, cmp_text("6.1.170", "6.1.170"));
	kt_eq_int("compare: patch above", 1, cmp_text("6.1.171", "6.1.170"));
	kt_eq_int("compare: 6.12 after 6.1", 1, cmp_text("6.12.1", "6.1.200"));
	kt_eq_int("compare: X.Y is X.Y.0", 0, cmp_text("7.0", "7.0.0"));
	kt_eq_int("compare: rc1 before rc3", -1, cmp_text("7.1-rc1", "7.1-rc3"));
	kt_eq_int("compare: release after its rc", 1, cmp_text("7.1", "7.1-rc3"));
	kt_eq_int("compare: rc after the previous release", 1, cmp_text("7.1-rc1", "7.0.9"));
}

static enum catalog_verdict verdict_for(struct catalog_entry *e, const char *version)
{
	struct kversion v;
	enum catalog_verdict verdict;
	char *reason;

	if (kversion_parse(version, &v))
		return (enum catalog_verdict)-1;
	verdict = catalog_applicability(e, &v, &reason);
	free(reason);
	return verdict;
}

/*
 * The verdict per line with a fix recorded in each: a stable version below,
 * at and above the first fixed version.
 */
static void test_applicability_lines(void)
{
	static const struct {
		const char *running;
		enum catalog_verdict expected;
	} cases[] = {
		{ "6.1.169", VERDICT_APPLIES },  { "6.1.170", VERDICT_FIXED },
		{ "6.1.192", VERDICT_FIXED },    { "6.6.136", VERDICT_APPLIES },
		{ "6.6.137", VERDICT_FIXED },    { "6.6.200", VERDICT_FIXED },
		{ "6.12.84", VERDICT_APPLIES },  { "6.12.85", VERDICT_FIXED },
		{ "6.12.118", VERDICT_FIXED },   { "7.1-rc2", VERDICT_APPLIES },
		{ "7.1-rc3", VERDICT_FIXED },    { "7.1.0", VERDICT_FIXED },
		{ "7.2.1", VERDICT_FIXED },      { "7.0.9", VERDICT_UNKNOWN },
		{ "4.13.5", VERDICT_NOT_AFFECTED },
	};
	struct catalog_entry e;
	size_t i;

	memset(&e, 0, sizeof(e));
	e.affected_from = "4.14";
	e.fixed[LINE_6_1].version = "6.1.170";
	e.fixed[LINE_6_6].version = "6.6.137";
	e.fixed[LINE_6_12].version = "6.12.85";
	e.fixed[LINE_MAINLINE].version = "7.1-rc3";
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *name = xasprintf("verdict lines: running %s", cases[i].running);

		kt_eq_int(name, cases[i].expected, verdict_for(&e, cases[i].running));
		free(name);
	}
}

/* A line whose fixed version is unknown applies with a warning, at any stable version. */
static void test_applicability_unknown(void)
{
	struct catalog_entry e;
	struct kversion v;
	char *reason = NULL;

	memset(&e, 0, sizeof(e));
	e.affected_from = "unknown";
	e.fixed[LINE_6_1].version = "unknown";
	e.fixed[LINE_6_6].version = "6.6.140";
	e.fixed[LINE_6_12].version = "6.12.90";
	e.fixed[LINE_MAINLINE].version = "unknown";
	kt_eq_int("verdict unknown: Debian 6.1.192", VERDICT_UNKNOWN, verdict_for(&e, "6.1.192"));
	kt_eq_int("verdict unknown: very old 6.1", VERDICT_UNKNOWN, verdict_for(&e, "6.1.1"));
	kt_eq_int("verdict unknown: mainline", VERDICT_UNKNOWN, verdict_for(&e, "7.1"));
	kt_eq_int("verdict unknown: known line still fixed", VERDICT_FIXED, verdict_for(&e, "6.12.118"));
	kversion_parse("6.1.192", &v);
	catalog_applicability(&e, &v, &reason);
	kt_contains("verdict unknown: reason names the line", reason,
		    "first fixed 6.1 version is unknown");
	free(reason);
}

/* A bug backported into a stable line after the line's release. */
static void test_applicability_backport(void)
{
	struct catalog_entry e;

	memset(&e, 0, sizeof(e));
	e.affected_from = "6.6.32";
	e.fixed[LINE_6_1].version = "not-affected";
	e.fixed[LINE_6_6].version = "unknown";
	e.fixed[LINE_6_12].version = "6.12.84";
	e.fixed[LINE_MAINLINE].version = "7.1-rc1";
	kt_eq_int("verdict backport: 6.1 not affected", VERDICT_NOT_AFFECTED, verdict_for(&e, "6.1.192"));
	kt_eq_int("verdict backport: 6.6 before it", VERDICT_NOT_AFFECTED, verdict_for(&e, "6.6.31"));
	kt_eq_int("verdict backport: 6.6 after it", VERDICT_UNKNOWN, verdict_for(&e, "6.6.32"));
	kt_eq_int("verdict backport: 6.12 below the fix", VERDICT_APPLIES, verdict_for(&e, "6.12.83"));
}

static void test_applicability(void)
{
	struct catalog_entry e;

	memset(&e, 0, sizeof(e));
	e.affected_from = "5.10";
	e.fixed[LINE_6_1].version = "6.1.100";
	e.fixed[LINE_6_6].version = "not-affected";
	e.fixed[LINE_6_12].version = "unknown";
	e.fixed[LINE_MAINLINE].version = "6.15";
	kt_eq_int("verdict: 6.1 before the fix", VERDICT_APPLIES, verdict_for(&e, "6.1.99"));
	kt_eq_int("verdict: 6.1 at the fix", VERDICT_FIXED, verdict_for(&e, "6.1.100"));
	kt_eq_int("verdict: 6.6 never affected", VERDICT_NOT_AFFECTED, verdict_for(&e, "6.6.30"));
	kt_eq_int("verdict: 6.12 unknown", VERDICT_UNKNOWN, verdict_for(&e, "6.12.118"));
	kt_eq_int("verdict: older than the bug", VERDICT_NOT_AFFECTED, verdict_for(&e, "5.4.1"));
	kt_eq_int("verdict: mainline fixed", VERDICT_FIXED, verdict_for(&e, "6.16.2"));
	kt_eq_int("verdict: other stable line", VERDICT_UNKNOWN, verdict_for(&e, "6.10.3"));
	kt_eq_int("verdict: mainline at the fix", VERDICT_FIXED, verdict_for(&e, "6.15.0"));
}

#define SRC "https://example.org/cve/CVE-2026-0001.json"

/*
 * The text of an entry whose 6.1 line is @fix_6_1 and mainline line
 * @mainline (JSON object bodies) and whose affected_from members are
 * @affected; allocated.
 */
static char *variant_text(const char *fix_6_1, const char *mainline, const char *affected)
{
	return xasprintf("{\n"
			 "  \"schema\": 1, \"id\": \"CVE-2026-0001\", \"title\": \"t\", \"subsystem\": \"s\",\n"
			 "  %s,\n"
			 "  \"fixed\": {\n"
			 "    \"6.1\": { %s },\n"
			 "    \"6.6\": { \"version\": \"6.6.137\", \"commit\": \"3115af9644c342b356f3f07a4dd1c8905cd9a6fc\", \"source\": \"" SRC "\" },\n"
			 "    \"6.12\": { \"version\": \"unknown\", \"commit\": \"unknown\" },\n"
			 "    \"mainline\": { %s }\n"
			 "  },\n"
			 "  \"targets\": [ { \"target\": \"m:f\", \"retval\": \"-EPERM\", \"scope\": \"all\" } ],\n"
			 "  \"rationale\": { \"chokepoint\": \"c\", \"retval\": \"r\", \"impact\": \"i\" },\n"
			 "  \"verify\": \"v\"\n"
			 "}\n",
			 affected, fix_6_1, mainline);
}

/* Write and load the variant entry, returning its number of problems; *errors gets them joined. */
static size_t load_variant(const char *fix_6_1, const char *mainline, const char *affected,
			   char **errors)
{
	char *root = kt_scratch("catalog-variant");
	char *path = xasprintf("%s/CVE-2026-0001.json", root);
	char *text = variant_text(fix_6_1, mainline, affected);
	struct strlist list = { 0 };
	struct strbuf sb = { 0 };
	struct catalog_entry e;
	size_t problems, i;

	kt_write(root, "CVE-2026-0001.json", text);
	problems = catalog_load_file(path, &e, &list);
	for (i = 0; i < list.count; i++)
		strbuf_printf(&sb, "%s%s", i ? "; " : "", list.items[i]);
	*errors = sb.data ? sb.data : xstrdup("");
	catalog_entry_free(&e);
	strlist_free(&list);
	free(text);
	free(path);
	free(root);
	return problems;
}

#define FIX_6_1_OK "\"version\": \"6.1.170\", \"commit\": \"961cfa271a918ad4ae452420e7c303149002875b\", \"source\": \"" SRC "\""
#define MAINLINE_OK "\"version\": \"7.0\", \"commit\": \"a664bf3d603d\", \"source\": \"" SRC "\""
#define AFFECTED_OK "\"affected_from\": \"4.14\", \"affected_from_source\": \"" SRC "\""

/* Check that the variant loads with exactly @expected problems, one of them containing @needle. */
static void check_variant(const char *name, const char *fix_6_1, const char *mainline,
			  const char *affected, size_t expected, const char *needle)
{
	char *errors;
	size_t problems = load_variant(fix_6_1, mainline, affected, &errors);
	char *label = xasprintf("%s (problems)", name);

	kt_eq_int(label, (long long)expected, (long long)problems);
	free(label);
	if (needle) {
		label = xasprintf("%s (message)", name);
		kt_contains(label, errors, needle);
		free(label);
	}
	free(errors);
}

/* Load the valid variant with its targets array replaced by @targets; return the problems. */
static size_t load_with_targets(const char *targets, char **errors)
{
	char *root = kt_scratch("catalog-targets");
	char *path = xasprintf("%s/CVE-2026-0001.json", root);
	char *text = variant_text(FIX_6_1_OK, MAINLINE_OK, AFFECTED_OK);
	const char *old = "[ { \"target\": \"m:f\", \"retval\": \"-EPERM\", \"scope\": \"all\" } ]";
	char *at = strstr(text, old);
	struct strlist list = { 0 };
	struct strbuf sb = { 0 };
	struct catalog_entry e;
	size_t problems, i;
	char *edited;

	*at = '\0';
	edited = xasprintf("%s%s%s", text, targets, at + strlen(old));
	kt_write(root, "CVE-2026-0001.json", edited);
	problems = catalog_load_file(path, &e, &list);
	for (i = 0; i < list.count; i++)
		strbuf_printf(&sb, "%s%s", i ? "; " : "", list.items[i]);
	*errors = sb.data ? sb.data : xstrdup("");
	catalog_entry_free(&e);
	strlist_free(&list);
	free(edited);
	free(text);
	free(path);
	free(root);
	return problems;
}

/* An entry names each function once, and lists at most CATALOG_TARGETS_MAX. */
static void test_target_limits(void)
{
	struct strbuf many = { 0 };
	size_t problems;
	char *errors;
	int i;

	problems = load_with_targets("[ { \"target\": \"m:f\", \"retval\": \"-EPERM\", \"scope\": \"all\" },"
				     " { \"target\": \"g\", \"retval\": \"0\", \"scope\": \"all\" } ]",
				     &errors);
	kt_eq_int("targets: two functions load", 0, (long long)problems);
	free(errors);

	problems = load_with_targets("[ { \"target\": \"m:f\", \"retval\": \"-EPERM\", \"scope\": \"all\" },"
				     " { \"target\": \"f\", \"retval\": \"0\", \"scope\": \"all\" } ]",
				     &errors);
	kt_eq_int("targets: a repeated function (problems)", 1, (long long)problems);
	kt_contains("targets: a repeated function (message)", errors,
		    "targets[1]: f is already targets[0]");
	free(errors);

	strbuf_printf(&many, "[");
	for (i = 0; i <= CATALOG_TARGETS_MAX; i++)
		strbuf_printf(&many, "%s{ \"target\": \"f%d\", \"retval\": \"0\", \"scope\": \"all\" }",
			      i ? ", " : "", i);
	strbuf_printf(&many, "]");
	problems = load_with_targets(many.data, &errors);
	kt_eq_int("targets: one too many (problems)", 1, (long long)problems);
	kt_contains("targets: one too many (message)", errors, "65 targets: an entry takes at most 64");
	free(errors);
	free(many.data);
}

static void test_validation(void)
{
	check_variant("validate: sourced entry loads", FIX_6_1_OK, MAINLINE_OK, AFFECTED_OK, 0, NULL);
	check_variant("validate: unknown line needs no source",
		      "\"version\": \"unknown\", \"commit\": \"unknown\"", MAINLINE_OK, AFFECTED_OK, 0, NULL);
	check_variant("validate: mainline release candidate",
		      FIX_6_1_OK, "\"version\": \"7.1-rc3\", \"commit\": \"unknown\", \"source\": \"" SRC "\"",
		      AFFECTED_OK, 0, NULL);
	check_variant("validate: stable affected_from", FIX_6_1_OK, MAINLINE_OK,
		      "\"affected_from\": \"6.1.158\", \"affected_from_source\": \"" SRC "\"", 0, NULL);

	/* Commit ids: 12 to 40 lower-case hex digits. */
	check_variant("validate: 11-digit commit",
		      "\"version\": \"6.1.170\", \"commit\": \"961cfa271a9\", \"source\": \"" SRC "\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "12 to 40 lower-case hex digits");
	check_variant("validate: 41-digit commit",
		      "\"version\": \"6.1.170\", \"commit\": \"961cfa271a918ad4ae452420e7c303149002875b0\", \"source\": \"" SRC "\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "12 to 40 lower-case hex digits");
	check_variant("validate: upper-case commit",
		      "\"version\": \"6.1.170\", \"commit\": \"961CFA271A918AD4AE452420E7C303149002875B\", \"source\": \"" SRC "\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "lower-case hex");
	check_variant("validate: non-hex commit",
		      "\"version\": \"6.1.170\", \"commit\": \"961cfa271a918ad4ae452420e7c30314900287zz\", \"source\": \"" SRC "\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "lower-case hex");

	/* Versions: X.Y.Z of the line itself, X.Y[-rcN] on mainline. */
	check_variant("validate: 6.12 version in the 6.1 line",
		      "\"version\": \"6.12.80\", \"commit\": \"unknown\", \"source\": \"" SRC "\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "not a release of the 6.1 line");
	check_variant("validate: 6.1 line without patch level",
		      "\"version\": \"6.1\", \"commit\": \"unknown\", \"source\": \"" SRC "\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "not a release of the 6.1 line");
	check_variant("validate: rc in a stable line",
		      "\"version\": \"6.1.170-rc1\", \"commit\": \"unknown\", \"source\": \"" SRC "\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "not a release of the 6.1 line");
	check_variant("validate: garbage version",
		      "\"version\": \"6.1.170a\", \"commit\": \"unknown\", \"source\": \"" SRC "\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "is not a version");
	check_variant("validate: stable release as mainline", FIX_6_1_OK,
		      "\"version\": \"7.0.5\", \"commit\": \"unknown\", \"source\": \"" SRC "\"",
		      AFFECTED_OK, 1, "must be a mainline release");
	check_variant("validate: bad affected_from", FIX_6_1_OK, MAINLINE_OK,
		      "\"affected_from\": \"4.14.x\", \"affected_from_source\": \"" SRC "\"", 1,
		      "must be a version");

	/* Sources. */
	check_variant("validate: version without source",
		      "\"version\": \"6.1.170\", \"commit\": \"unknown\"", MAINLINE_OK, AFFECTED_OK, 1,
		      "fixed.6.1: missing \"source\"");
	check_variant("validate: commit without source",
		      "\"version\": \"unknown\", \"commit\": \"961cfa271a918ad4ae452420e7c303149002875b\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "fixed.6.1: missing \"source\"");
	check_variant("validate: not-affected without source",
		      "\"version\": \"not-affected\", \"commit\": \"unknown\"", MAINLINE_OK, AFFECTED_OK, 1,
		      "missing \"source\"");
	check_variant("validate: http source",
		      "\"version\": \"6.1.170\", \"commit\": \"unknown\", \"source\": \"http://example.org/x\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "must be an https URL");
	check_variant("validate: source with a space",
		      "\"version\": \"6.1.170\", \"commit\": \"unknown\", \"source\": \"https://example.org/a b\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "must be an https URL");
	check_variant("validate: affected_from without source", FIX_6_1_OK, MAINLINE_OK,
		      "\"affected_from\": \"4.14\"", 1, "missing \"affected_from_source\"");
	check_variant("validate: not-affected with a commit",
		      "\"version\": \"not-affected\", \"commit\": \"961cfa271a918ad4ae452420e7c303149002875b\", \"source\": \"" SRC "\"",
		      MAINLINE_OK, AFFECTED_OK, 1, "never affected has no fix commit");
}

/* ksctl catalog show prints the source of each fact, in text and in JSON. */
static void test_show_sources(void)
{
	char *root = kt_scratch("catalog-show");
	char *text = variant_text(FIX_6_1_OK, MAINLINE_OK, AFFECTED_OK);
	char *output = NULL;
	char *args;
	char *value;

	kt_write(root, "catalog/CVE-2026-0001.json", text);
	args = xasprintf("catalog show --catalog '%s/catalog' --kernel-version 6.1.192 CVE-2026-0001",
			 root);
	kt_eq_int("show sources: exit status", 0, kt_ksctl(root, args, &output));
	kt_contains("show sources: affected_from source", output,
		    "affected from:  4.14\n  source:       " SRC "\n");
	kt_contains("show sources: 6.1 source", output,
		    "fixed 6.1       6.1.170 (commit 961cfa271a918ad4ae452420e7c303149002875b)\n"
		    "  source:       " SRC "\n");
	kt_not_contains("show sources: no source for unknown 6.12", output,
			"fixed 6.12      unknown (commit unknown)\n  source:");
	kt_contains("show sources: verdict", output,
		    "this kernel:    fixed: fixed in 6.1.170, running 6.1.192");
	free(output);
	free(args);

	args = xasprintf("--json catalog show --catalog '%s/catalog' --kernel-version 6.18.5 CVE-2026-0001",
			 root);
	kt_eq_int("show sources json: exit status", 0, kt_ksctl(root, args, &output));
	kt_check(kt_valid_json(output), "show sources json: valid", "output: %s", output);
	value = kt_json_get(output, "fixed.mainline.source");
	kt_eq_str("show sources json: mainline source", SRC, value);
	free(value);
	value = kt_json_get(output, "affected_from_source");
	kt_eq_str("show sources json: affected_from source", SRC, value);
	free(value);
	value = kt_json_get(output, "applicability");
	kt_eq_str("show sources json: 6.18.5 is unknown", "unknown", value);
	free(value);
	free(output);
	free(args);
	free(text);
	free(root);
}

/*
 * ksctl catalog apply --dry-run skips a fixed kernel and warns when the
 * fixed version of the kernel's line is unknown.
 */
static void test_apply_verdicts(void)
{
	char *root = kt_scratch("catalog-apply");
	char *text = variant_text(FIX_6_1_OK, MAINLINE_OK, AFFECTED_OK);
	char *output = NULL;
	char *args;
	char *value;

	kt_write(root, "catalog/CVE-2026-0001.json", text);
	args = xasprintf("--json catalog apply --dry-run --catalog '%s/catalog' --kernel-version 6.1.192 CVE-2026-0001",
			 root);
	/* The made-up target fails the preflight wherever it runs, so only the JSON is checked. */
	(void)kt_ksctl(root, args, &output);
	value = kt_json_get(output, "cves.0.action");
	kt_eq_str("apply verdict: fixed 6.1 skipped", "would-skip", value);
	free(value);
	free(output);
	free(args);

	/* The 6.12 line of the variant is unknown: the CVE is applied with a version warning. */
	args = xasprintf("--json catalog apply --dry-run --catalog '%s/catalog' --kernel-version 6.12.118 CVE-2026-0001",
			 root);
	(void)kt_ksctl(root, args, &output);
	value = kt_json_get(output, "cves.0.applicability");
	kt_eq_str("apply verdict: unknown 6.12", "unknown", value);
	free(value);
	value = kt_json_get(output, "cves.0.findings.0.rule");
	kt_eq_str("apply verdict: version warning first", "version", value);
	free(value);
	value = kt_json_get(output, "cves.0.findings.0.level");
	kt_eq_str("apply verdict: warning level", "warning", value);
	free(value);
	free(output);

	/* Only an engagement with the catalog's value counts as done. */
	kt_write(root, "sys/kernel/security/killswitch/engaged",
		 "symbol=f module=m retval=-1 state=engaged hits=0 passed=0 scope=all reason=-\n");
	(void)kt_ksctl(root, args, &output);
	value = kt_json_get(output, "cves.0.action");
	kt_eq_str("apply engaged: same value skipped", "would-skip", value);
	free(value);
	free(output);
	kt_write(root, "sys/kernel/security/killswitch/engaged",
		 "symbol=f module=m retval=-1 state=observing hits=0 passed=0 scope=all reason=-\n");
	(void)kt_ksctl(root, args, &output);
	value = kt_json_get(output, "cves.0.action");
	kt_eq_str("apply engaged: observed not skipped", "rejected", value);
	free(value);
	free(output);
	kt_write(root, "sys/kernel/security/killswitch/engaged",
		 "symbol=f module=m retval=0 state=engaged hits=0 passed=0 scope=all reason=-\n");
	(void)kt_ksctl(root, args, &output);
	value = kt_json_get(output, "cves.0.action");
	kt_eq_str("apply engaged: other value not skipped", "rejected", value);
	free(value);
	free(output);
	free(args);
	free(text);
	free(root);
}

/*
 * Check that every known fix in the repository's catalog cites a source,
 * and log how many are known.
 */
static void test_catalog_sources(const struct catalog *cat)
{
	size_t i, line, known = 0, missing = 0;

	for (i = 0; i < cat->count; i++) {
		for (line = 0; line < LINE_COUNT; line++) {
			const struct catalog_fix *fix = &cat->entries[i].fixed[line];

			if (strcmp(fix->version, "unknown") == 0 && strcmp(fix->commit, "unknown") == 0)
				continue;
			known++;
			missing += fix->source == NULL;
		}
	}
	kt_eq_int("catalog: every known fix cites a source", 0, (long long)missing);
	kt_note("catalog: %zu of %zu line facts known", known, cat->count * LINE_COUNT);
}

static void test_catalog_dir(void)
{
	struct strlist errors = { 0 };
	struct catalog cat;
	const char *dir = getenv("KSCTL_CATALOG_DIR");
	size_t problems;

	if (!dir)
		return;
	problems = catalog_load_dir(dir, &cat, &errors);
	kt_eq_int("catalog: the repository's catalog loads", 0, (long long)problems);
	kt_check(catalog_find(&cat, "cve-2026-31431") != NULL, "catalog: find ignores case", NULL);
	test_catalog_sources(&cat);
	catalog_free(&cat);
	strlist_free(&errors);
}

void test_catalog(void)
{
	test_uname();
	test_compare();
	test_applicability();
	test_applicability_lines();
	test_applicability_unknown();
	test_applicability_backport();
	test_validation();
	test_target_limits();
	test_show_sources();
	test_apply_verdicts();
	test_catalog_dir();
}
