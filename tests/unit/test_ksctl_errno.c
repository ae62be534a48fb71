// SPDX-License-Identifier: GPL-2.0
/* The errno table both ways, value formatting and control error hints. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "control.h"
#include "ks_parse.h"
#include "ktest.h"
#include "retfit.h"

static void test_lookup(void)
{
	static const struct {
		const char *text;
		int ret;
		int value;
		const char *name;
	} cases[] = {
		{ "EPERM", 0, 1, "EPERM" },
		{ "-EPERM", 0, 1, "EPERM" },
		{ "1", 0, 1, "EPERM" },
		{ "-1", 0, 1, "EPERM" },
		{ "ENOENT", 0, 2, "ENOENT" },
		{ "22", 0, 22, "EINVAL" },
		{ "EHWPOISON", 0, 133, "EHWPOISON" },
		{ "EWOULDBLOCK", 0, 11, "EAGAIN" },
		{ "EDEADLOCK", 0, 35, "EDEADLK" },
		{ "-517", 0, 517, "EPROBE_DEFER" },
		{ "ENOTSUPP", 0, 524, "ENOTSUPP" },
		{ "41", -ENOENT, 0, NULL },
		{ "4096", -EINVAL, 0, NULL },
		{ "0", -EINVAL, 0, NULL },
		{ "EFOO", -ENOENT, 0, NULL },
		{ "eperm", -ENOENT, 0, NULL },
		{ "1x", -EINVAL, 0, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *name = NULL;
		int value = 0;
		int ret = errno_lookup(cases[i].text, &value, &name);
		char *test = xasprintf("errno lookup: '%s'", cases[i].text);

		if (cases[i].ret)
			kt_eq_int(test, cases[i].ret, ret);
		else
			kt_check(ret == 0 && value == cases[i].value && name &&
					 strcmp(name, cases[i].name) == 0,
				 test, "expected %s %d, got ret %d: %s %d", cases[i].name,
				 cases[i].value, ret, name ? name : "(null)", value);
		free(test);
	}
}

/* The uapi part of the table must agree with the C library's <errno.h>. */
static void test_against_libc(void)
{
	static const struct {
		const char *name;
		int value;
	} codes[] = {
		{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EBUSY", EBUSY },
		{ "EINVAL", EINVAL }, { "E2BIG", E2BIG }, { "ENOMEM", ENOMEM },
		{ "EOPNOTSUPP", EOPNOTSUPP }, { "ETIMEDOUT", ETIMEDOUT },
		{ "EHWPOISON", EHWPOISON }, { "EAGAIN", EAGAIN },
	};
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		char *test = xasprintf("errno table: %s matches libc", codes[i].name);

		kt_eq_str(test, codes[i].name, ks_errno_name(-(long long)codes[i].value));
		free(test);
	}
}

static void test_format_retval(void)
{
	char *text;

	text = format_retval(-1);
	kt_eq_str("format: -1 names EPERM", "-1 (-EPERM)", text);
	free(text);
	text = format_retval(0);
	kt_eq_str("format: 0 plain", "0", text);
	free(text);
	text = format_retval(-4096);
	kt_eq_str("format: below the errno range", "-4096", text);
	free(text);
	text = format_retval(42);
	kt_eq_str("format: positive plain", "42", text);
	free(text);
}

static void test_control_hints(void)
{
	kt_contains("hint: ENOENT at open means not loaded", control_error_hint(ENOENT, true),
		    "modprobe killswitch");
	kt_contains("hint: ENOENT on write", control_error_hint(ENOENT, false), "ksctl check");
	kt_contains("hint: EBUSY names status", control_error_hint(EBUSY, false), "ksctl status");
	kt_contains("hint: EINVAL names the blacklist", control_error_hint(EINVAL, false), "blacklisted");
	kt_contains("hint: EPERM names lockdown", control_error_hint(EPERM, false), "locked down");
	kt_contains("hint: E2BIG names the limits", control_error_hint(E2BIG, false), "1024");
	kt_check(control_error_hint(EXDEV, false) == NULL, "hint: none for EXDEV", NULL);
	kt_eq_str("errno name of 16", "EBUSY", errno_name_of(16));
}

static void test_errno_program(void)
{
	char *root = kt_scratch("errno-program");
	char *output;

	kt_eq_int("errno program: EPERM", 0, kt_ksctl(root, "errno EPERM", &output));
	kt_contains("errno program: EPERM is 1", output, "EPERM 1");
	free(output);
	kt_eq_int("errno program: -1", 0, kt_ksctl(root, "errno -1", &output));
	kt_contains("errno program: -1 is EPERM", output, "EPERM 1");
	free(output);
	kt_eq_int("errno program: 517", 0, kt_ksctl(root, "errno 517", &output));
	kt_contains("errno program: 517 is kernel-internal", output, "kernel-internal");
	free(output);
	kt_eq_int("errno program: unknown fails", 1, kt_ksctl(root, "errno EFOO 2>&1", &output));
	kt_contains("errno program: unknown is named", output, "'EFOO' is not in the errno table");
	free(output);
	kt_eq_int("errno program: table", 0, kt_ksctl(root, "errno", &output));
	kt_contains("errno program: table has EHWPOISON", output, "EHWPOISON");
	kt_contains("errno program: table has ENOGRACE", output, "ENOGRACE");
	kt_not_contains("errno program: table omits aliases", output, "EWOULDBLOCK");
	free(output);
	free(root);
}

void test_errno(void)
{
	test_lookup();
	test_against_libc();
	test_format_retval();
	test_control_hints();
	test_errno_program();
}
