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
	kt_eq_int("version: 6.1- rejected", -1, kversion_parse("6.1-rc1", &v));
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
	catalog_free(&cat);
	strlist_free(&errors);
}

void test_catalog(void)
{
	test_uname();
	test_applicability();
	test_catalog_dir();
}
