// SPDX-License-Identifier: GPL-2.0
/* Argument parsing: global options and each command's parser. */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "ktest.h"

#define ARGC(argv) ((int)(sizeof(argv) / sizeof(argv[0])) - 1)

static void test_global_options(void)
{
	char *argv[] = { "ksctl", "check", "--json", "--root", "/tmp/fake/", "foo",
			 "--kernel-release=6.1.0-1-amd64", "-1", NULL };
	int argc = ARGC(argv);
	struct ksctl ctx = { 0 };
	bool help;

	unsetenv("KSCTL_ROOT");
	kt_eq_int("global: parse succeeds", 0, ksctl_parse_global(&ctx, &argc, argv, &help));
	kt_check(ctx.json, "global: --json anywhere", NULL);
	kt_eq_str("global: --root strips the slash", "/tmp/fake", ctx.root);
	kt_eq_str("global: --kernel-release=", "6.1.0-1-amd64", ctx.kernel_release);
	kt_check(!help, "global: no help flag", NULL);
	kt_eq_int("global: options removed", 4, argc);
	kt_eq_str("global: argv[1] is the command", "check", argv[1]);
	kt_eq_str("global: positional kept", "foo", argv[2]);
	kt_eq_str("global: negative number kept", "-1", argv[3]);
	kt_check(argv[4] == NULL, "global: argv ends with NULL", NULL);
	ksctl_free(&ctx);
}

static void test_global_root_sources(void)
{
	char *argv1[] = { "ksctl", "status", NULL };
	char *argv2[] = { "ksctl", "--root", "/", "status", NULL };
	char *argv3[] = { "ksctl", "--help", "engage", "--", "--json", NULL };
	struct ksctl ctx = { 0 };
	int argc = ARGC(argv1);
	bool help;

	setenv("KSCTL_ROOT", "/env/root//", 1);
	ksctl_parse_global(&ctx, &argc, argv1, &help);
	kt_eq_str("global: KSCTL_ROOT used", "/env/root", ctx.root);
	kt_check(ctx.kernel_release && ctx.kernel_release[0], "global: release from uname", NULL);
	ksctl_free(&ctx);

	memset(&ctx, 0, sizeof(ctx));
	argc = ARGC(argv2);
	ksctl_parse_global(&ctx, &argc, argv2, &help);
	kt_eq_str("global: --root beats KSCTL_ROOT and / is empty", "", ctx.root);
	ksctl_free(&ctx);
	unsetenv("KSCTL_ROOT");

	memset(&ctx, 0, sizeof(ctx));
	argc = ARGC(argv3);
	ksctl_parse_global(&ctx, &argc, argv3, &help);
	kt_check(help, "global: --help sets help", NULL);
	kt_check(!ctx.json, "global: --json after -- is an argument", NULL);
	kt_eq_int("global: -- removed, rest kept", 3, argc);
	kt_eq_str("global: argument after --", "--json", argv3[2]);
	ksctl_free(&ctx);
}

static void test_global_errors(void)
{
	char *argv1[] = { "ksctl", "status", "--root", NULL };
	char *argv2[] = { "ksctl", "--kernel-release", "../x", "status", NULL };
	struct ksctl ctx = { 0 };
	int argc = ARGC(argv1);
	bool help;

	kt_quiet_begin();
	kt_eq_int("global: --root without value", KSCTL_EXIT_USAGE,
		  ksctl_parse_global(&ctx, &argc, argv1, &help));
	ksctl_free(&ctx);
	memset(&ctx, 0, sizeof(ctx));
	argc = ARGC(argv2);
	kt_eq_int("global: release with a slash", KSCTL_EXIT_USAGE,
		  ksctl_parse_global(&ctx, &argc, argv2, &help));
	ksctl_free(&ctx);
	kt_quiet_end();
}

static void test_engage_args(void)
{
	char *good[] = { "engage", "--force", "af_alg_sendmsg", "-EPERM", "--probe", "30", NULL };
	char *probe_eq[] = { "engage", "foo", "0x10", "--probe=0", NULL };
	char *missing[] = { "engage", "foo", NULL };
	char *bad_retval[] = { "engage", "foo", "-ENOTHING", NULL };
	char *bad_symbol[] = { "engage", "9foo", "1", NULL };
	char *bad_probe[] = { "engage", "foo", "1", "--probe", "86401", NULL };
	char *probe_no_value[] = { "engage", "foo", "1", "--probe", NULL };
	char *extra[] = { "engage", "foo", "1", "2", NULL };
	char *unknown[] = { "engage", "foo", "1", "--now", NULL };
	struct engage_args args;
	struct ksctl ctx;
	char *line;

	kt_context(&ctx, "", "test");
	kt_eq_int("engage args: valid", 0, engage_parse_args(&ctx, ARGC(good), good, &args));
	kt_eq_str("engage args: symbol", "af_alg_sendmsg", args.symbol);
	kt_eq_int("engage args: -EPERM is -1", -1, args.retval);
	kt_check(args.force, "engage args: --force", NULL);
	kt_check(args.probe, "engage args: --probe", NULL);
	kt_eq_int("engage args: seconds", 30, args.seconds);
	line = engage_command_line(&args);
	kt_eq_str("engage args: tryengage line", "tryengage af_alg_sendmsg -1 30\n", line);
	free(line);

	kt_eq_int("engage args: --probe=0", 0,
		  engage_parse_args(&ctx, ARGC(probe_eq), probe_eq, &args));
	kt_eq_int("engage args: hex retval", 16, args.retval);
	kt_check(args.probe && args.seconds == 0, "engage args: zero-second probe", NULL);
	args.probe = false;
	line = engage_command_line(&args);
	kt_eq_str("engage args: engage line", "engage foo 16\n", line);
	free(line);

	kt_quiet_begin();
	kt_eq_int("engage args: missing RETVAL", KSCTL_EXIT_USAGE,
		  engage_parse_args(&ctx, ARGC(missing), missing, &args));
	kt_eq_int("engage args: unknown errno name", KSCTL_EXIT_USAGE,
		  engage_parse_args(&ctx, ARGC(bad_retval), bad_retval, &args));
	kt_eq_int("engage args: invalid symbol", KSCTL_EXIT_USAGE,
		  engage_parse_args(&ctx, ARGC(bad_symbol), bad_symbol, &args));
	kt_eq_int("engage args: probe over a day", KSCTL_EXIT_USAGE,
		  engage_parse_args(&ctx, ARGC(bad_probe), bad_probe, &args));
	kt_eq_int("engage args: --probe without value", KSCTL_EXIT_USAGE,
		  engage_parse_args(&ctx, ARGC(probe_no_value), probe_no_value, &args));
	kt_eq_int("engage args: third positional", KSCTL_EXIT_USAGE,
		  engage_parse_args(&ctx, ARGC(extra), extra, &args));
	kt_eq_int("engage args: unknown option", KSCTL_EXIT_USAGE,
		  engage_parse_args(&ctx, ARGC(unknown), unknown, &args));
	kt_quiet_end();

	{
		char *module_form[] = { "engage", "af_alg:af_alg_sendmsg", "-EPERM", "--scope",
					"userns", "--reason", "CVE-2026-31431", NULL };
		char *bad_module[] = { "engage", "af-alg:foo", "1", NULL };
		char *bad_scope[] = { "engage", "foo", "1", "--scope", "root", NULL };
		char *bad_reason[] = { "engage", "foo", "1", "--reason", "a b", NULL };

		kt_eq_int("engage args: module form", 0,
			  engage_parse_args(&ctx, ARGC(module_form), module_form, &args));
		kt_eq_str("engage args: module part", "af_alg", args.target.module);
		kt_eq_str("engage args: symbol part", "af_alg_sendmsg", args.symbol);
		line = engage_command_line(&args);
		kt_eq_str("engage args: module form line",
			  "engage af_alg:af_alg_sendmsg -1 scope=userns reason=CVE-2026-31431\n", line);
		free(line);

		kt_quiet_begin();
		kt_eq_int("engage args: module with dash", KSCTL_EXIT_USAGE,
			  engage_parse_args(&ctx, ARGC(bad_module), bad_module, &args));
		kt_eq_int("engage args: invalid scope", KSCTL_EXIT_USAGE,
			  engage_parse_args(&ctx, ARGC(bad_scope), bad_scope, &args));
		kt_eq_int("engage args: invalid reason", KSCTL_EXIT_USAGE,
			  engage_parse_args(&ctx, ARGC(bad_reason), bad_reason, &args));
		kt_quiet_end();
	}
	ksctl_free(&ctx);
}

static void test_other_args(void)
{
	char *dis_all[] = { "disengage", "--all", NULL };
	char *dis_both[] = { "disengage", "--all", "foo", NULL };
	char *dis_none[] = { "disengage", NULL };
	char *check_one[] = { "check", "foo", NULL };
	char *check_two[] = { "check", "foo", "-ENOMEM", NULL };
	char *check_bad[] = { "check", "foo", "1x", NULL };
	char *watch_ok[] = { "watch", "--interval", "0.25", "--count=3", NULL };
	char *watch_zero[] = { "watch", "--count", "0", NULL };
	char *apply_ok[] = { "apply", "a.conf", "--dry-run", "dir", NULL };
	struct disengage_args dis;
	struct check_args check;
	struct watch_args watch;
	struct apply_args apply;
	struct ksctl ctx;

	kt_context(&ctx, "", "test");
	kt_eq_int("disengage args: --all", 0, disengage_parse_args(&ctx, ARGC(dis_all), dis_all, &dis));
	kt_check(dis.all && !dis.symbol, "disengage args: all without symbol", NULL);
	kt_eq_int("check args: symbol only", 0, check_parse_args(&ctx, ARGC(check_one), check_one, &check));
	kt_check(!check.has_retval, "check args: no retval", NULL);
	kt_eq_int("check args: with retval", 0, check_parse_args(&ctx, ARGC(check_two), check_two, &check));
	kt_eq_int("check args: -ENOMEM", -12, check.retval);
	kt_eq_int("watch args: valid", 0, watch_parse_args(&ctx, ARGC(watch_ok), watch_ok, &watch));
	kt_eq_int("watch args: interval in ms", 250, watch.interval_ms);
	kt_eq_int("watch args: count", 3, (long long)watch.count);
	kt_eq_int("apply args: valid", 0, apply_parse_args(&ctx, ARGC(apply_ok), apply_ok, &apply));
	kt_check(apply.dry_run, "apply args: --dry-run", NULL);
	kt_eq_int("apply args: two paths", 2, apply.path_count);
	kt_eq_str("apply args: path order", "dir", apply.path_count == 2 ? apply.paths[1] : NULL);
	free(apply.paths);

	kt_quiet_begin();
	kt_eq_int("disengage args: --all and symbol", KSCTL_EXIT_USAGE,
		  disengage_parse_args(&ctx, ARGC(dis_both), dis_both, &dis));
	kt_eq_int("disengage args: nothing", KSCTL_EXIT_USAGE,
		  disengage_parse_args(&ctx, ARGC(dis_none), dis_none, &dis));
	kt_eq_int("check args: bad retval", KSCTL_EXIT_USAGE,
		  check_parse_args(&ctx, ARGC(check_bad), check_bad, &check));
	kt_eq_int("watch args: --count 0", KSCTL_EXIT_USAGE,
		  watch_parse_args(&ctx, ARGC(watch_zero), watch_zero, &watch));
	kt_quiet_end();
	ksctl_free(&ctx);
}

static void test_interval(void)
{
	static const struct {
		const char *text;
		int ret;
		unsigned int ms;
	} cases[] = {
		{ "2", 0, 2000 }, { "0.5", 0, 500 }, { "1.25", 0, 1250 },
		{ "0.01", 0, 10 }, { "3600", 0, 3600000 }, { "0.0019", -22, 0 },
		{ "0", -22, 0 }, { "3601", -22, 0 }, { "1.", -22, 0 }, { ".5", -22, 0 },
		{ "1s", -22, 0 }, { "", -22, 0 }, { "-1", -22, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned int ms = 0;
		char *name = xasprintf("interval: '%s'", cases[i].text);
		int ret = parse_interval_ms(cases[i].text, &ms);

		kt_check(ret == cases[i].ret && (ret || ms == cases[i].ms), name,
			 "expected %d/%u, got %d/%u", cases[i].ret, cases[i].ms, ret, ms);
		free(name);
	}
}

static void test_commands_and_help(void)
{
	size_t count;
	const struct ksctl_command *commands = ksctl_commands(&count);
	static const char *const expected[] = {
		"status", "engage", "disengage", "check", "watch", "apply", "catalog", "errno", "help",
	};
	size_t i;

	kt_eq_int("commands: count", 9, (long long)count);
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		char *name = xasprintf("commands: %s exists", expected[i]);

		kt_check(ksctl_find_command(expected[i]) != NULL, name, NULL);
		free(name);
	}
	kt_check(ksctl_find_command("frobnicate") == NULL, "commands: unknown is NULL", NULL);
	for (i = 0; i < count; i++) {
		char *name = xasprintf("commands: %s usage starts with ksctl", commands[i].name);

		kt_check(has_prefix(commands[i].usage, "ksctl "), name, "usage: %s", commands[i].usage);
		free(name);
	}
}

static void test_program_exit_status(void)
{
	char *root = kt_scratch("args-program");
	char *output;

	kt_eq_int("program: no command is a usage error", 2, kt_ksctl(root, "", &output));
	free(output);
	kt_eq_int("program: unknown command", 2, kt_ksctl(root, "frobnicate 2>/dev/null", &output));
	free(output);
	kt_eq_int("program: help succeeds", 0, kt_ksctl(root, "help", &output));
	kt_contains("program: help lists check", output, "check");
	free(output);
	kt_eq_int("program: help engage", 0, kt_ksctl(root, "help engage", &output));
	kt_contains("program: help engage shows --probe", output, "--probe SECONDS");
	free(output);
	kt_eq_int("program: engage --help", 0, kt_ksctl(root, "engage --help", &output));
	kt_contains("program: engage --help is engage's", output, "usage: ksctl engage");
	free(output);
	kt_eq_int("program: help of unknown command", 2, kt_ksctl(root, "help nope 2>/dev/null", &output));
	free(output);
	free(root);
}

void test_args(void)
{
	test_global_options();
	test_global_root_sources();
	test_global_errors();
	test_engage_args();
	test_other_args();
	test_interval();
	test_commands_and_help();
	test_program_exit_status();
}
