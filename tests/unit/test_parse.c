// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the control-language parser (kmod/ks_parse.c), built in
 * userspace from the same source file the module uses. Prints TAP and a
 * closing "N passed, N failed" line; exits non-zero on any failure.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ks_parse.h"

static unsigned int tests_run;
static unsigned int tests_failed;

static void check(int condition, const char *name, const char *detail)
{
	tests_run++;
	if (condition) {
		printf("ok %u - %s\n", tests_run, name);
		return;
	}
	tests_failed++;
	printf("not ok %u - %s\n", tests_run, name);
	if (detail)
		printf("# %s\n", detail);
}

static void expect_retval(const char *text, long long expected)
{
	char name[160];
	long long value = 0x5a5a;
	int ret = ks_parse_retval(text, &value);

	snprintf(name, sizeof(name), "retval '%s' is %lld", text, expected);
	check(ret == 0 && value == expected, name, NULL);
}

static void expect_retval_invalid(const char *text)
{
	char name[160];
	long long value = 0x5a5a;
	int ret = ks_parse_retval(text, &value);

	snprintf(name, sizeof(name), "retval '%s' is invalid", text);
	check(ret == -EINVAL && value == 0x5a5a, name, NULL);
}

static void test_retval(void)
{
	expect_retval("0", 0);
	expect_retval("42", 42);
	expect_retval("-1", -1);
	expect_retval("007", 7);
	expect_retval("9223372036854775807", LLONG_MAX);
	expect_retval("-9223372036854775808", LLONG_MIN);
	expect_retval("0x10", 16);
	expect_retval("0XfF", 255);
	expect_retval("0xffffffffffffffff", -1);
	expect_retval("0x8000000000000000", LLONG_MIN);
	expect_retval("-0x16", -22);
	expect_retval("-EPERM", -1);
	expect_retval("-ENOENT", -2);
	expect_retval("-EHWPOISON", -133);
	expect_retval("-EWOULDBLOCK", -11);
	expect_retval("-EDEADLOCK", -35);
	expect_retval("-ERESTARTSYS", -512);
	expect_retval("-ENOTSUPP", -524);
	expect_retval("-ENOGRACE", -531);

	expect_retval_invalid("");
	expect_retval_invalid("-");
	expect_retval_invalid("0x");
	expect_retval_invalid("-0x");
	expect_retval_invalid("+5");
	expect_retval_invalid("1a");
	expect_retval_invalid("12 ");
	expect_retval_invalid("0x1g");
	expect_retval_invalid("9223372036854775808");
	expect_retval_invalid("-9223372036854775809");
	expect_retval_invalid("0x10000000000000000");
	expect_retval_invalid("-0x8000000000000001");
	expect_retval_invalid("99999999999999999999999");
	expect_retval_invalid("EPERM");
	expect_retval_invalid("-eperm");
	expect_retval_invalid("-EPERMX");
	expect_retval_invalid("-E");
	expect_retval_invalid("--1");
	expect_retval_invalid("- 1");
}

static void test_errno_names(void)
{
	const char *name;

	name = ks_errno_name(-1);
	check(name && strcmp(name, "EPERM") == 0, "errno name of -1 is EPERM", NULL);
	name = ks_errno_name(-11);
	check(name && strcmp(name, "EAGAIN") == 0, "errno name of -11 is EAGAIN, not the alias", NULL);
	name = ks_errno_name(-35);
	check(name && strcmp(name, "EDEADLK") == 0, "errno name of -35 is EDEADLK", NULL);
	name = ks_errno_name(-517);
	check(name && strcmp(name, "EPROBE_DEFER") == 0, "errno name of -517 is EPROBE_DEFER", NULL);
	check(ks_errno_name(0) == NULL, "errno name of 0 is none", NULL);
	check(ks_errno_name(1) == NULL, "errno name of 1 is none", NULL);
	check(ks_errno_name(-41) == NULL, "errno name of -41 is none", NULL);
	check(ks_errno_name(-520) == NULL, "errno name of -520 is none", NULL);
	check(ks_errno_name(-4096) == NULL, "errno name below -MAX_ERRNO is none", NULL);
	check(ks_errno_name(LLONG_MIN) == NULL, "errno name of LLONG_MIN is none", NULL);
}

/* Every uapi errno of the table must have the C library's value. */
static void test_errno_table_matches_libc(void)
{
#define KS_ERRNO_UAPI(name, value) \
	check(name == (value), "errno table " #name " matches libc", NULL);
#define KS_ERRNO_KERNEL(name, value)
#define KS_ERRNO_ALIAS(name, value) \
	check(name == (value), "errno table " #name " matches libc", NULL);
#include "ks_errno_list.h"
#undef KS_ERRNO_UAPI
#undef KS_ERRNO_KERNEL
#undef KS_ERRNO_ALIAS
}

/* Every name in the table must parse back to its value. */
#define CHECK_ROUNDTRIP(name, value)					\
	do {								\
		long long parsed = 0;					\
		check(ks_parse_retval("-" #name, &parsed) == 0 &&	\
		      parsed == -(long long)(value),			\
		      "errno -" #name " parses", NULL);		\
	} while (0);

static void test_errno_roundtrip(void)
{
#define KS_ERRNO_UAPI CHECK_ROUNDTRIP
#define KS_ERRNO_KERNEL CHECK_ROUNDTRIP
#define KS_ERRNO_ALIAS CHECK_ROUNDTRIP
#include "ks_errno_list.h"
#undef KS_ERRNO_UAPI
#undef KS_ERRNO_KERNEL
#undef KS_ERRNO_ALIAS
}

static void test_symbols(void)
{
	char longest[KS_SYMBOL_MAX + 2];

	check(ks_symbol_valid("af_alg_sendmsg"), "symbol plain is valid", NULL);
	check(ks_symbol_valid("_foo"), "symbol with leading underscore is valid", NULL);
	check(ks_symbol_valid("foo.isra.0"), "symbol clone name is valid", NULL);
	check(ks_symbol_valid("x"), "symbol one letter is valid", NULL);

	memset(longest, 'a', KS_SYMBOL_MAX);
	longest[KS_SYMBOL_MAX] = '\0';
	check(ks_symbol_valid(longest), "symbol of KS_SYMBOL_MAX is valid", NULL);
	longest[KS_SYMBOL_MAX] = 'a';
	longest[KS_SYMBOL_MAX + 1] = '\0';
	check(!ks_symbol_valid(longest), "symbol over KS_SYMBOL_MAX is invalid", NULL);

	check(!ks_symbol_valid(""), "symbol empty is invalid", NULL);
	check(!ks_symbol_valid("9foo"), "symbol leading digit is invalid", NULL);
	check(!ks_symbol_valid(".foo"), "symbol leading dot is invalid", NULL);
	check(!ks_symbol_valid("foo-bar"), "symbol with dash is invalid", NULL);
	check(!ks_symbol_valid("foo/bar"), "symbol with slash is invalid", NULL);
	check(!ks_symbol_valid("foo:bar"), "symbol with colon is invalid", NULL);
	check(!ks_symbol_valid("f\xc3\xa9"), "symbol non-ASCII is invalid", NULL);
}

/* Parse @text as one line; returns the parser's result. */
static int parse_one(const char *text, struct ks_cmd *cmd,
		     struct ks_parse_error *err)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s", text);
	memset(err, 0, sizeof(*err));
	return ks_parse_line(buf, 3, cmd, err);
}

static void test_lines(void)
{
	struct ks_parse_error err;
	struct ks_cmd cmd;
	int ret;

	ret = parse_one("engage af_alg_sendmsg -EPERM", &cmd, &err);
	check(ret == 0, "line engage parses", NULL);
	check(cmd.op == KS_OP_ENGAGE, "line engage op", NULL);
	check(strcmp(cmd.symbol, "af_alg_sendmsg") == 0, "line engage symbol", NULL);
	check(cmd.retval == -1, "line engage retval", NULL);
	check(cmd.line == 3, "line engage line number", NULL);

	ret = parse_one("  tryengage\tfoo  0x0\t60 \r", &cmd, &err);
	check(ret == 0 && cmd.op == KS_OP_TRYENGAGE, "line tryengage with tabs and CR", NULL);
	check(cmd.retval == 0 && cmd.seconds == 60, "line tryengage values", NULL);

	ret = parse_one("tryengage foo 1 86400", &cmd, &err);
	check(ret == 0 && cmd.seconds == 86400, "line tryengage one day", NULL);
	ret = parse_one("tryengage foo 1 0", &cmd, &err);
	check(ret == 0 && cmd.seconds == 0, "line tryengage zero seconds", NULL);

	ret = parse_one("disengage foo", &cmd, &err);
	check(ret == 0 && cmd.op == KS_OP_DISENGAGE, "line disengage parses", NULL);
	ret = parse_one("disengage_all", &cmd, &err);
	check(ret == 0 && cmd.op == KS_OP_DISENGAGE_ALL && !cmd.symbol,
	      "line disengage_all parses", NULL);

	check(parse_one("", &cmd, &err) == 1, "line empty is blank", NULL);
	check(parse_one(" \t ", &cmd, &err) == 1, "line whitespace is blank", NULL);
	check(parse_one("# engage foo 1", &cmd, &err) == 1, "line comment is blank", NULL);

	ret = parse_one("engage foo", &cmd, &err);
	check(ret == -EINVAL && err.line == 3, "line engage missing retval", err.reason);
	check(parse_one("engage foo 1 2", &cmd, &err) == -EINVAL, "line engage extra arg", NULL);
	check(parse_one("engage foo 1 2 3 4 5", &cmd, &err) == -EINVAL, "line many args", NULL);
	check(parse_one("disengage", &cmd, &err) == -EINVAL, "line disengage missing symbol", NULL);
	check(parse_one("disengage_all now", &cmd, &err) == -EINVAL, "line disengage_all extra arg", NULL);
	check(parse_one("tryengage foo 1", &cmd, &err) == -EINVAL, "line tryengage missing seconds", NULL);
	check(parse_one("tryengage foo 1 86401", &cmd, &err) == -EINVAL, "line tryengage over a day", NULL);
	check(parse_one("tryengage foo 1 -1", &cmd, &err) == -EINVAL, "line tryengage negative", NULL);
	check(parse_one("tryengage foo 1 99999999999", &cmd, &err) == -EINVAL, "line tryengage huge", NULL);
	check(parse_one("Engage foo 1", &cmd, &err) == -EINVAL, "line verb is case sensitive", NULL);

	ret = parse_one("explode foo 1", &cmd, &err);
	check(ret == -EINVAL && strcmp(err.token, "explode") == 0, "line unknown verb names token", NULL);
	ret = parse_one("engage foo -EPREM", &cmd, &err);
	check(ret == -EINVAL && strcmp(err.token, "-EPREM") == 0, "line bad errno names token", NULL);
	ret = parse_one("engage f\x01o 1", &cmd, &err);
	check(ret == -EINVAL && strcmp(err.token, "f?o") == 0, "line control char token is printable", NULL);
}

/* Parse @text as a whole write; @buf keeps it alive for cmds' pointers. */
static int parse_batch(const char *text, size_t len, char *buf,
		       struct ks_cmd *cmds, unsigned int *count,
		       struct ks_parse_error *err)
{
	memcpy(buf, text, len);
	memset(err, 0, sizeof(*err));
	return ks_parse_batch(buf, len, cmds, KS_BATCH_MAX, count, err);
}

static void test_batches(void)
{
	static struct ks_cmd cmds[KS_BATCH_MAX];
	static char buf[KS_WRITE_MAX + 16];
	struct ks_parse_error err;
	unsigned int count = 0;
	char *big;
	size_t len;
	int ret;
	unsigned int i;

	const char ok[] = "engage a 1\n\n# note\ndisengage b\ntryengage c -EIO 5\ndisengage_all";

	ret = parse_batch(ok, strlen(ok), buf, cmds, &count, &err);
	check(ret == 0 && count == 4, "batch of four parses", NULL);
	check(cmds[2].op == KS_OP_TRYENGAGE && cmds[2].line == 5, "batch keeps line numbers", NULL);
	check(strcmp(cmds[0].symbol, "a") == 0 && strcmp(cmds[1].symbol, "b") == 0,
	      "batch symbols split in place", NULL);

	ret = parse_batch("engage a 1\nengage b x\nengage c 1\n", 33, buf, cmds, &count, &err);
	check(ret == -EINVAL && err.line == 2, "batch bad line rejects whole", NULL);

	ret = parse_batch("engage a 1\nengage a 2\n", 22, buf, cmds, &count, &err);
	check(ret == -EINVAL && err.line == 2, "batch duplicate symbol rejected", NULL);
	ret = parse_batch("engage a 1\ndisengage a\n", 23, buf, cmds, &count, &err);
	check(ret == -EINVAL, "batch engage and disengage same symbol rejected", NULL);
	ret = parse_batch("disengage_all\ndisengage_all\n", 28, buf, cmds, &count, &err);
	check(ret == -EINVAL, "batch disengage_all twice rejected", NULL);
	ret = parse_batch("disengage_all\nengage a 1\n", 25, buf, cmds, &count, &err);
	check(ret == 0 && count == 2, "batch disengage_all with engage parses", NULL);

	ret = parse_batch("engage a\0 1\n", 12, buf, cmds, &count, &err);
	check(ret == -EINVAL, "batch with NUL byte rejected", NULL);
	ret = parse_batch("\n\n\n", 3, buf, cmds, &count, &err);
	check(ret == 0 && count == 0, "batch of blank lines is empty", NULL);
	ret = parse_batch("engage a 1", 10, buf, cmds, &count, &err);
	check(ret == 0 && count == 1 && cmds[0].retval == 1, "batch without final newline", NULL);

	/* KS_BATCH_MAX commands fit; one more does not. */
	big = malloc(KS_WRITE_MAX + 16);
	len = 0;
	for (i = 0; i <= KS_BATCH_MAX; i++)
		len += (size_t)sprintf(big + len, "engage s%u 1\n", i);
	ret = parse_batch(big, len, buf, cmds, &count, &err);
	check(ret == -E2BIG, "batch over KS_BATCH_MAX is E2BIG", err.reason);
	len -= strlen("engage s1024 1\n");
	ret = parse_batch(big, len, buf, cmds, &count, &err);
	check(ret == 0 && count == KS_BATCH_MAX, "batch of KS_BATCH_MAX parses", err.reason);

	memset(big, '\n', KS_WRITE_MAX + 1);
	ret = parse_batch(big, KS_WRITE_MAX + 1, buf, cmds, &count, &err);
	check(ret == -E2BIG, "batch over KS_WRITE_MAX is E2BIG", NULL);
	ret = parse_batch(big, KS_WRITE_MAX, buf, cmds, &count, &err);
	check(ret == 0 && count == 0, "batch of KS_WRITE_MAX newlines parses", NULL);
	free(big);
}

static void test_boot_entries(void)
{
	struct ks_parse_error err = { 0 };
	struct ks_cmd cmd;
	char entry[64];

	strcpy(entry, "af_alg_sendmsg=-EPERM");
	check(ks_parse_boot_entry(entry, &cmd, &err) == 0 && cmd.retval == -1 &&
	      strcmp(cmd.symbol, "af_alg_sendmsg") == 0, "boot entry parses", NULL);
	strcpy(entry, "foo=0x0");
	check(ks_parse_boot_entry(entry, &cmd, &err) == 0 && cmd.retval == 0,
	      "boot entry hex parses", NULL);
	strcpy(entry, "foo");
	check(ks_parse_boot_entry(entry, &cmd, &err) == -EINVAL, "boot entry missing equals", NULL);
	strcpy(entry, "=1");
	check(ks_parse_boot_entry(entry, &cmd, &err) == -EINVAL, "boot entry missing symbol", NULL);
	strcpy(entry, "foo=");
	check(ks_parse_boot_entry(entry, &cmd, &err) == -EINVAL, "boot entry missing value", NULL);
	strcpy(entry, "foo=bar");
	check(ks_parse_boot_entry(entry, &cmd, &err) == -EINVAL, "boot entry bad value", NULL);
	strcpy(entry, "af_alg:af_alg_sendmsg=-EPERM");
	check(ks_parse_boot_entry(entry, &cmd, &err) == 0 && cmd.module &&
	      strcmp(cmd.module, "af_alg") == 0, "boot entry module form", NULL);
	strcpy(entry, "foo=1=2");
	check(ks_parse_boot_entry(entry, &cmd, &err) == -EINVAL, "boot entry two equals", NULL);
}

static void test_targets_and_options(void)
{
	struct ks_parse_error err;
	struct ks_cmd cmd;
	int ret;

	ret = parse_one("engage af_alg:af_alg_sendmsg -EPERM", &cmd, &err);
	check(ret == 0, "target module form parses", err.reason);
	check(cmd.module && strcmp(cmd.module, "af_alg") == 0, "target module part", NULL);
	check(strcmp(cmd.symbol, "af_alg_sendmsg") == 0, "target symbol part", NULL);
	ret = parse_one("engage foo 1", &cmd, &err);
	check(ret == 0 && cmd.module == NULL, "target plain has no module", NULL);
	check(cmd.scope == KS_SCOPE_ALL && !cmd.reason && !cmd.force, "options default", NULL);

	check(parse_one("engage :foo 1", &cmd, &err) == -EINVAL, "target empty module", NULL);
	check(parse_one("engage af-alg:foo 1", &cmd, &err) == -EINVAL, "target dash in module", NULL);
	check(parse_one("engage mod: 1", &cmd, &err) == -EINVAL, "target empty symbol", NULL);
	check(parse_one("engage a:b:c 1", &cmd, &err) == -EINVAL, "target two colons", NULL);
	check(parse_one("engage aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:f 1",
			&cmd, &err) == -EINVAL, "target module over 55", NULL);

	ret = parse_one("engage foo -EPERM scope=userns reason=CVE-2026-31431 force", &cmd, &err);
	check(ret == 0, "options all three parse", err.reason);
	check(cmd.scope == KS_SCOPE_USERNS, "option scope userns", NULL);
	check(cmd.reason && strcmp(cmd.reason, "CVE-2026-31431") == 0, "option reason", NULL);
	check(cmd.force, "option force", NULL);
	ret = parse_one("tryengage foo 0 5 scope=unpriv", &cmd, &err);
	check(ret == 0 && cmd.scope == KS_SCOPE_UNPRIV && cmd.seconds == 5,
	      "options on tryengage", NULL);
	ret = parse_one("engage foo 0 force scope=all", &cmd, &err);
	check(ret == 0 && cmd.force && cmd.scope == KS_SCOPE_ALL, "options any order", NULL);

	check(parse_one("engage foo 1 scope=root", &cmd, &err) == -EINVAL, "option bad scope", NULL);
	check(parse_one("engage foo 1 scope=", &cmd, &err) == -EINVAL, "option empty scope", NULL);
	check(parse_one("engage foo 1 scope=all scope=all", &cmd, &err) == -EINVAL, "option twice", NULL);
	check(parse_one("engage foo 1 force force", &cmd, &err) == -EINVAL, "option force twice", NULL);
	check(parse_one("engage foo 1 reason=", &cmd, &err) == -EINVAL, "option empty reason", NULL);
	check(parse_one("engage foo 1 reason=a;b", &cmd, &err) == -EINVAL, "option reason semicolon", NULL);
	check(parse_one("engage foo 1 reason=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			&cmd, &err) == -EINVAL, "option reason over 64", NULL);
	check(parse_one("engage foo 1 reason=INC/2026:1+x_y.z-w", &cmd, &err) == 0, "option reason punctuation", NULL);
	check(parse_one("engage foo 1 Force", &cmd, &err) == -EINVAL, "option case sensitive", NULL);
	check(parse_one("engage foo 1 sideways=1", &cmd, &err) == -EINVAL, "option unknown", NULL);
	check(parse_one("disengage foo force", &cmd, &err) == -EINVAL, "option on disengage", NULL);

	ret = parse_one("observe net:foo reason=triage", &cmd, &err);
	check(ret == 0 && cmd.op == KS_OP_OBSERVE && cmd.module && cmd.reason, "observe parses", err.reason);
	check(parse_one("observe foo 1", &cmd, &err) == -EINVAL, "observe takes no value", NULL);
	check(parse_one("observe foo scope=userns", &cmd, &err) == -EINVAL, "observe takes no scope", NULL);
	check(parse_one("observe", &cmd, &err) == -EINVAL, "observe needs target", NULL);

	check(parse_one("seal", &cmd, &err) == 0 && cmd.op == KS_OP_SEAL, "seal parses", NULL);
	check(parse_one("seal now", &cmd, &err) == -EINVAL, "seal takes nothing", NULL);
	ret = parse_one("disengage af_alg:af_alg_sendmsg", &cmd, &err);
	check(ret == 0 && cmd.module && cmd.op == KS_OP_DISENGAGE, "disengage module form", NULL);

	ret = parse_one("guard tipc_*", &cmd, &err);
	check(ret == 0 && cmd.op == KS_OP_GUARD && strcmp(cmd.pattern, "tipc_*") == 0, "guard prefix", NULL);
	check(parse_one("guard *spin_lock*", &cmd, &err) == 0, "guard substring", NULL);
	check(parse_one("guard [ksmbd]", &cmd, &err) == 0, "guard module", NULL);
	check(parse_one("guard exact_name", &cmd, &err) == 0, "guard exact", NULL);
	check(parse_one("guard", &cmd, &err) == -EINVAL, "guard needs pattern", NULL);
	check(parse_one("guard *", &cmd, &err) == -EINVAL, "guard star alone", NULL);
	check(parse_one("guard **", &cmd, &err) == -EINVAL, "guard two stars", NULL);
	check(parse_one("guard *a", &cmd, &err) == -EINVAL, "guard leading star only", NULL);
	check(parse_one("guard a*b", &cmd, &err) == -EINVAL, "guard inner star", NULL);
	check(parse_one("guard []", &cmd, &err) == -EINVAL, "guard empty module", NULL);
	check(parse_one("guard [a-b]", &cmd, &err) == -EINVAL, "guard bad module", NULL);
	check(parse_one("guard [abc", &cmd, &err) == -EINVAL, "guard unclosed module", NULL);
}

static void test_batch_duplicates_across_forms(void)
{
	static struct ks_cmd cmds[8];
	char buf[256];
	struct ks_parse_error err;
	unsigned int count;
	int ret;

	ret = parse_batch("engage m:foo 1\ndisengage foo\n", strlen("engage m:foo 1\ndisengage foo\n"), buf, cmds, &count, &err);
	check(ret == -EINVAL, "batch same symbol with and without module", NULL);
	ret = parse_batch("seal\nseal\n", strlen("seal\nseal\n"), buf, cmds, &count, &err);
	check(ret == -EINVAL, "batch seal twice", NULL);
	ret = parse_batch("guard a*\nguard a*\nseal\nengage a 1\n", strlen("guard a*\nguard a*\nseal\nengage a 1\n"), buf, cmds, &count, &err);
	check(ret == 0 && count == 4, "batch guards seal and engage", err.reason);
}

static void test_op_names(void)
{
	check(strcmp(ks_op_name(KS_OP_ENGAGE), "engage") == 0, "op name engage", NULL);
	check(strcmp(ks_op_name(KS_OP_DISENGAGE_ALL), "disengage_all") == 0,
	      "op name disengage_all", NULL);
	check(strcmp(ks_op_name(KS_OP_SEAL), "seal") == 0, "op name seal", NULL);
	check(strcmp(ks_scope_name(KS_SCOPE_UNPRIV), "unpriv") == 0, "scope name unpriv", NULL);
}

int main(void)
{
	test_retval();
	test_errno_names();
	test_errno_table_matches_libc();
	test_errno_roundtrip();
	test_symbols();
	test_lines();
	test_batches();
	test_boot_entries();
	test_targets_and_options();
	test_batch_duplicates_across_forms();
	test_op_names();

	printf("1..%u\n", tests_run);
	printf("%u passed, %u failed\n", tests_run - tests_failed, tests_failed);
	return tests_failed ? 1 : 0;
}
