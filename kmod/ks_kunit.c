// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the control-language parser and of the engagement
 * lifecycle. They build only into a kernel with the in-tree series
 * (CONFIG_SECURITY_KILLSWITCH_KUNIT_TEST) and run at boot, after
 * killswitch has initialised and before init runs userspace.
 *
 * The lifecycle tests engage killswitch_kunit_target(), a function of
 * this file, and nothing else: an engagement given on the command line
 * must survive them, so they never use disengage_all. Engaging sets the
 * killswitch taint flag.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "killswitch.h"

#define KS_KUNIT_TARGET "killswitch_kunit_target"

/*
 * The function the lifecycle tests engage. noinline and called through a
 * pointer the compiler cannot see through, so every call goes through its
 * probed entry.
 */
noinline int killswitch_kunit_target(int value);
noinline int killswitch_kunit_target(int value)
{
	return value + 1;
}

static int ks_kunit_call(int value)
{
	int (*fn)(int) = killswitch_kunit_target;

	OPTIMIZER_HIDE_VAR(fn);
	return fn(value);
}

/* Parse @text as one control write and apply it, as the control file does. */
static int ks_kunit_apply(struct kunit *test, const char *text)
{
	struct ks_parse_error err = { 0 };
	size_t len = strlen(text);
	unsigned int count = 0;
	struct ks_cmd *cmds;
	char *buf;
	int ret;

	buf = kunit_kzalloc(test, len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, text, len);
	cmds = kunit_kcalloc(test, 8, sizeof(*cmds), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cmds);

	ret = ks_parse_batch(buf, len, cmds, 8, &count, &err);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "line %u: %s", err.line,
			    err.reason ? err.reason : "");
	return ks_apply_batch(cmds, count);
}

/* The mode of @symbol's engagement, or -1 when it is not engaged. */
static int ks_kunit_mode(const char *symbol)
{
	struct ks_engagement *e;
	int mode = -1;

	mutex_lock(&ks_mutex);
	e = ks_find(symbol);
	if (e && e->armed)
		mode = e->mode;
	mutex_unlock(&ks_mutex);
	return mode;
}

static u64 ks_kunit_hits(const char *symbol)
{
	struct ks_engagement *e;
	u64 hits = 0;

	mutex_lock(&ks_mutex);
	e = ks_find(symbol);
	if (e)
		hits = ks_hits(e);
	mutex_unlock(&ks_mutex);
	return hits;
}

/* Leave the target disengaged whatever the test did, and nothing else. */
static void ks_kunit_lifecycle_exit(struct kunit *test)
{
	bool engaged;

	mutex_lock(&ks_mutex);
	engaged = ks_find(KS_KUNIT_TARGET);
	mutex_unlock(&ks_mutex);
	if (engaged)
		ks_kunit_apply(test, "disengage " KS_KUNIT_TARGET);
}

/* Parser tests. */

static void ks_kunit_parse_engage(struct kunit *test)
{
	char line[] = "engage af_alg_sendmsg -EPERM";
	struct ks_cmd cmd;

	KUNIT_ASSERT_EQ(test, ks_parse_line(line, 1, &cmd, NULL), 0);
	KUNIT_EXPECT_EQ(test, cmd.op, KS_OP_ENGAGE);
	KUNIT_EXPECT_STREQ(test, cmd.symbol, "af_alg_sendmsg");
	KUNIT_EXPECT_NULL(test, cmd.module);
	KUNIT_EXPECT_EQ(test, cmd.retval, -1LL);
	KUNIT_EXPECT_EQ(test, cmd.scope, KS_SCOPE_ALL);
	KUNIT_EXPECT_NULL(test, cmd.reason);
	KUNIT_EXPECT_FALSE(test, cmd.force);
}

static void ks_kunit_parse_options(struct kunit *test)
{
	char line[] = "engage af_alg:af_alg_sendmsg -22 scope=userns reason=CVE-2026-31431 force";
	struct ks_cmd cmd;

	KUNIT_ASSERT_EQ(test, ks_parse_line(line, 1, &cmd, NULL), 0);
	KUNIT_EXPECT_STREQ(test, cmd.module, "af_alg");
	KUNIT_EXPECT_STREQ(test, cmd.symbol, "af_alg_sendmsg");
	KUNIT_EXPECT_EQ(test, cmd.retval, -22LL);
	KUNIT_EXPECT_EQ(test, cmd.scope, KS_SCOPE_USERNS);
	KUNIT_EXPECT_STREQ(test, cmd.reason, "CVE-2026-31431");
	KUNIT_EXPECT_TRUE(test, cmd.force);
}

struct ks_kunit_retval_case {
	const char *text;
	int ret;
	long long value;
};

static const struct ks_kunit_retval_case ks_kunit_retval_cases[] = {
	{ "0", 0, 0 },
	{ "-22", 0, -22 },
	{ "0x10", 0, 16 },
	{ "0xffffffffffffffff", 0, -1 },
	{ "-EPERM", 0, -1 },
	{ "-EWOULDBLOCK", 0, -11 },
	{ "-EPROBE_DEFER", 0, -517 },
	{ "", -EINVAL, 0 },
	{ "maybe", -EINVAL, 0 },
	{ "12abc", -EINVAL, 0 },
	{ "-ENOSUCHERRORNAME", -EINVAL, 0 },
};

static void ks_kunit_parse_retval(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ks_kunit_retval_cases); i++) {
		const struct ks_kunit_retval_case *c = &ks_kunit_retval_cases[i];
		long long value = 0;

		KUNIT_EXPECT_EQ_MSG(test, ks_parse_retval(c->text, &value), c->ret,
				    "retval '%s'", c->text);
		if (c->ret == 0)
			KUNIT_EXPECT_EQ_MSG(test, value, c->value, "retval '%s'",
					    c->text);
	}
}

static void ks_kunit_parse_errno_name(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, ks_errno_name(-1), "EPERM");
	KUNIT_EXPECT_STREQ(test, ks_errno_name(-517), "EPROBE_DEFER");
	KUNIT_EXPECT_NULL(test, ks_errno_name(5));
	KUNIT_EXPECT_NULL(test, ks_errno_name(0));
}

static void ks_kunit_parse_blank(struct kunit *test)
{
	char empty[] = "";
	char spaces[] = "   \t ";
	char comment[] = "# engage nothing -1";
	struct ks_cmd cmd;

	KUNIT_EXPECT_EQ(test, ks_parse_line(empty, 1, &cmd, NULL), 1);
	KUNIT_EXPECT_EQ(test, ks_parse_line(spaces, 1, &cmd, NULL), 1);
	KUNIT_EXPECT_EQ(test, ks_parse_line(comment, 1, &cmd, NULL), 1);
}

static void ks_kunit_parse_bad_line(struct kunit *test)
{
	char bad_scope[] = "engage some_function -1 scope=nowhere";
	char bad_verb[] = "engauge some_function -1";
	char no_retval[] = "engage some_function";
	struct ks_parse_error err = { 0 };
	struct ks_cmd cmd;

	KUNIT_EXPECT_EQ(test, ks_parse_line(bad_scope, 7, &cmd, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err.line, 7U);
	KUNIT_EXPECT_NOT_NULL(test, err.reason);
	KUNIT_EXPECT_EQ(test, ks_parse_line(bad_verb, 1, &cmd, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, ks_parse_line(no_retval, 1, &cmd, NULL), -EINVAL);
}

static void ks_kunit_parse_tryengage(struct kunit *test)
{
	char max[] = "tryengage some_function -1 86400";
	char over[] = "tryengage some_function -1 86401";
	struct ks_cmd cmd;

	KUNIT_ASSERT_EQ(test, ks_parse_line(max, 1, &cmd, NULL), 0);
	KUNIT_EXPECT_EQ(test, cmd.op, KS_OP_TRYENGAGE);
	KUNIT_EXPECT_EQ(test, cmd.seconds, 86400U);
	KUNIT_EXPECT_EQ(test, ks_parse_line(over, 1, &cmd, NULL), -EINVAL);
}

static void ks_kunit_parse_batch(struct kunit *test)
{
	char text[] = "engage first_function -1\n\n# comment\ndisengage second_function\nseal\n";
	struct ks_parse_error err = { 0 };
	struct ks_cmd cmds[4];
	unsigned int count = 0;

	KUNIT_ASSERT_EQ(test, ks_parse_batch(text, strlen(text), cmds,
					     ARRAY_SIZE(cmds), &count, &err), 0);
	KUNIT_ASSERT_EQ(test, count, 3U);
	KUNIT_EXPECT_EQ(test, cmds[0].op, KS_OP_ENGAGE);
	KUNIT_EXPECT_EQ(test, cmds[1].op, KS_OP_DISENGAGE);
	KUNIT_EXPECT_EQ(test, cmds[1].line, 4U);
	KUNIT_EXPECT_EQ(test, cmds[2].op, KS_OP_SEAL);
}

static void ks_kunit_parse_batch_duplicate(struct kunit *test)
{
	char text[] = "engage some_function -1\ndisengage some_function\n";
	struct ks_parse_error err = { 0 };
	struct ks_cmd cmds[4];
	unsigned int count = 0;

	KUNIT_EXPECT_EQ(test, ks_parse_batch(text, strlen(text), cmds,
					     ARRAY_SIZE(cmds), &count, &err),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, err.line, 2U);
	KUNIT_EXPECT_STREQ(test, err.token, "some_function");
}

static void ks_kunit_parse_boot_entry(struct kunit *test)
{
	char entry[] = "af_alg:af_alg_sendmsg=-EPERM";
	char no_equals[] = "bogus_entry";
	char bad_value[] = "some_function=maybe";
	struct ks_parse_error err = { 0 };
	struct ks_cmd cmd;

	KUNIT_ASSERT_EQ(test, ks_parse_boot_entry(entry, &cmd, &err), 0);
	KUNIT_EXPECT_EQ(test, cmd.op, KS_OP_ENGAGE);
	KUNIT_EXPECT_STREQ(test, cmd.module, "af_alg");
	KUNIT_EXPECT_STREQ(test, cmd.symbol, "af_alg_sendmsg");
	KUNIT_EXPECT_EQ(test, cmd.retval, -1LL);

	KUNIT_EXPECT_EQ(test, ks_parse_boot_entry(no_equals, &cmd, &err), -EINVAL);
	KUNIT_EXPECT_STREQ(test, err.token, "bogus_entry");
	KUNIT_EXPECT_EQ(test, ks_parse_boot_entry(bad_value, &cmd, &err), -EINVAL);
	KUNIT_EXPECT_STREQ(test, err.token, "maybe");
}

/* Lifecycle tests. */

static void ks_kunit_engage_disengage(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, ks_kunit_call(1), 2);

	KUNIT_ASSERT_EQ(test, ks_kunit_apply(test, "engage " KS_KUNIT_TARGET " -95"), 0);
	KUNIT_EXPECT_EQ(test, ks_kunit_mode(KS_KUNIT_TARGET), KS_MODE_ENGAGE);
	KUNIT_EXPECT_EQ(test, ks_kunit_call(1), -95);
	KUNIT_EXPECT_EQ(test, ks_kunit_call(41), -95);
	KUNIT_EXPECT_EQ(test, ks_kunit_hits(KS_KUNIT_TARGET), 2ULL);
	KUNIT_EXPECT_TRUE(test, test_taint(TAINT_KILLSWITCH));

	KUNIT_ASSERT_EQ(test, ks_kunit_apply(test, "disengage " KS_KUNIT_TARGET), 0);
	KUNIT_EXPECT_EQ(test, ks_kunit_mode(KS_KUNIT_TARGET), -1);
	KUNIT_EXPECT_EQ(test, ks_kunit_call(1), 2);
	/* Disengaging does not clear the taint flag. */
	KUNIT_EXPECT_TRUE(test, test_taint(TAINT_KILLSWITCH));
}

static void ks_kunit_observe_runs_body(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, ks_kunit_apply(test, "observe " KS_KUNIT_TARGET), 0);
	KUNIT_EXPECT_EQ(test, ks_kunit_mode(KS_KUNIT_TARGET), KS_MODE_OBSERVE);
	KUNIT_EXPECT_EQ(test, ks_kunit_call(3), 4);
	KUNIT_EXPECT_EQ(test, ks_kunit_hits(KS_KUNIT_TARGET), 1ULL);
}

static void ks_kunit_scope_userns(struct kunit *test)
{
	/* The test runs in the initial user namespace, so out of scope. */
	KUNIT_ASSERT_EQ(test, ks_kunit_apply(test, "engage " KS_KUNIT_TARGET " -1 scope=userns"),
			0);
	KUNIT_EXPECT_EQ(test, ks_kunit_mode(KS_KUNIT_TARGET), KS_MODE_ENGAGE);
	KUNIT_EXPECT_EQ(test, ks_kunit_call(5), 6);
	KUNIT_EXPECT_EQ(test, ks_kunit_hits(KS_KUNIT_TARGET), 1ULL);
}

static void ks_kunit_engage_twice(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, ks_kunit_apply(test, "engage " KS_KUNIT_TARGET " -1"), 0);
	KUNIT_EXPECT_EQ(test, ks_kunit_apply(test, "engage " KS_KUNIT_TARGET " -2"),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, ks_kunit_call(1), -1);
}

static void ks_kunit_failed_write_rolls_back(struct kunit *test)
{
	int ret;

	/* The second line fails while applying, so the first must not stay. */
	ret = ks_kunit_apply(test, "engage " KS_KUNIT_TARGET " -1\n"
			     "engage killswitch_kunit_no_such_function -1\n");
	KUNIT_EXPECT_NE(test, ret, 0);
	KUNIT_EXPECT_EQ(test, ks_kunit_mode(KS_KUNIT_TARGET), -1);
	KUNIT_EXPECT_EQ(test, ks_kunit_call(1), 2);
}

static void ks_kunit_guard_self(struct kunit *test)
{
	/* Engaging killswitch's own code could lift the seal or the guard. */
	KUNIT_EXPECT_EQ(test, ks_kunit_apply(test, "engage ks_apply_batch -1 force"),
			-EACCES);
	KUNIT_EXPECT_EQ(test, ks_kunit_mode("ks_apply_batch"), -1);
}

static void ks_kunit_disengage_unknown(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ks_kunit_apply(test, "disengage " KS_KUNIT_TARGET),
			-ENOENT);
}

static struct kunit_case ks_kunit_parse_cases[] = {
	KUNIT_CASE(ks_kunit_parse_engage),
	KUNIT_CASE(ks_kunit_parse_options),
	KUNIT_CASE(ks_kunit_parse_retval),
	KUNIT_CASE(ks_kunit_parse_errno_name),
	KUNIT_CASE(ks_kunit_parse_blank),
	KUNIT_CASE(ks_kunit_parse_bad_line),
	KUNIT_CASE(ks_kunit_parse_tryengage),
	KUNIT_CASE(ks_kunit_parse_batch),
	KUNIT_CASE(ks_kunit_parse_batch_duplicate),
	KUNIT_CASE(ks_kunit_parse_boot_entry),
	{}
};

static struct kunit_suite ks_kunit_parse_suite = {
	.name = "killswitch_parse",
	.test_cases = ks_kunit_parse_cases,
};

static struct kunit_case ks_kunit_lifecycle_cases[] = {
	KUNIT_CASE(ks_kunit_engage_disengage),
	KUNIT_CASE(ks_kunit_observe_runs_body),
	KUNIT_CASE(ks_kunit_scope_userns),
	KUNIT_CASE(ks_kunit_engage_twice),
	KUNIT_CASE(ks_kunit_failed_write_rolls_back),
	KUNIT_CASE(ks_kunit_guard_self),
	KUNIT_CASE(ks_kunit_disengage_unknown),
	{}
};

static struct kunit_suite ks_kunit_lifecycle_suite = {
	.name = "killswitch_engagement",
	.exit = ks_kunit_lifecycle_exit,
	.test_cases = ks_kunit_lifecycle_cases,
};

kunit_test_suites(&ks_kunit_parse_suite, &ks_kunit_lifecycle_suite);
