// SPDX-License-Identifier: GPL-2.0
/* Configuration files of `ksctl apply`, and apply against a fake tree. */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ktest.h"

static void test_good_file(void)
{
	static const char text[] =
		"# engagements for this host\n"
		"af_alg_sendmsg -EPERM\n"
		"\n"
		"fn_bool 0 --force   # trailing comment\n"
		"fn_int 0x10 --probe 30\n"
		"\tfn_long -1 --probe=5 --force\n";
	struct config_file file;

	config_parse_text("good.conf", text, &file);
	kt_eq_int("config: no errors", 0, (long long)file.error_count);
	kt_eq_int("config: four entries", 4, (long long)file.entry_count);
	if (file.entry_count == 4) {
		kt_eq_str("config: first symbol", "af_alg_sendmsg", file.entries[0].symbol);
		kt_eq_int("config: -EPERM", -1, file.entries[0].retval);
		kt_eq_int("config: line numbers count comments", 2, file.entries[0].line);
		kt_check(file.entries[1].force && !file.entries[1].probe, "config: --force", NULL);
		kt_check(file.entries[2].probe && file.entries[2].seconds == 30 && file.entries[2].retval == 16,
			 "config: --probe 30 with hex value", NULL);
		kt_check(file.entries[3].probe && file.entries[3].seconds == 5 && file.entries[3].force,
			 "config: --probe=5 --force", NULL);
		kt_eq_str("config: retval text kept", "0x10", file.entries[2].retval_text);
	}
	config_file_free(&file);
}

static void test_bad_lines(void)
{
	static const struct {
		const char *text;
		unsigned int line;
		const char *message;
	} cases[] = {
		{ "foo\n", 1, "missing RETVAL" },
		{ "foo bar\n", 1, "invalid return value (use a decimal or 0x number, or -ENAME): 'bar'" },
		{ "9foo 1\n", 1, "invalid symbol name: '9foo'" },
		{ "foo#bar 1\n", 1, "invalid symbol name: 'foo#bar'" },
		{ "foo -ENOTREAL\n", 1, "invalid return value" },
		{ "foo 1 --probe\n", 1, "--probe needs a number of seconds" },
		{ "foo 1 --probe 86401\n", 1, "invalid seconds (use 0 to 86400): '86401'" },
		{ "foo 1 --probe=x\n", 1, "invalid seconds" },
		{ "foo 1 --now\n", 1, "unknown option '--now'" },
		{ "foo 1 2\n", 1, "unexpected '2'" },
		{ "# a\nfoo 1\nfoo 2\n", 3, "foo is already listed on line 2" },
		{ "a 1 b c d e f g h\n", 1, "too many words" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config_file file;
		char *test = xasprintf("config error: %s", cases[i].message);

		config_parse_text("bad.conf", cases[i].text, &file);
		kt_check(file.error_count == 1 && file.errors[0].line == cases[i].line &&
				 strstr(file.errors[0].message, cases[i].message),
			 test, "expected line %u '%s', got %zu errors: line %u '%s'", cases[i].line,
			 cases[i].message, file.error_count, file.error_count ? file.errors[0].line : 0,
			 file.error_count ? file.errors[0].message : "");
		free(test);
		config_file_free(&file);
	}
}

static void test_load_and_collect(void)
{
	char *root = kt_scratch("config-collect");
	struct strlist files = { 0 };
	struct config_file file;
	char *dir = xasprintf("%s/conf.d", root);
	char *missing = xasprintf("%s/none", root);

	kt_write(root, "conf.d/b.conf", "b 1\n");
	kt_write(root, "conf.d/a.conf", "a 1\n");
	kt_write(root, "conf.d/c.txt", "c 1\n");
	kt_write(root, "conf.d/.hidden.conf", "h 1\n");
	kt_write_bytes(root, "conf.d/nul.conf", "a 1\n\0b 2\n", 9);

	kt_eq_int("collect: directory", 0, config_collect_paths(dir, &files));
	kt_eq_int("collect: three .conf files", 3, (long long)files.count);
	if (files.count == 3) {
		kt_contains("collect: a.conf first", files.items[0], "/conf.d/a.conf");
		kt_contains("collect: b.conf second", files.items[1], "/conf.d/b.conf");
		kt_contains("collect: nul.conf third", files.items[2], "/conf.d/nul.conf");
		config_load(files.items[2], &file);
		kt_check(file.error_count == 1 && strstr(file.errors[0].message, "NUL byte"),
			 "load: NUL byte rejected", NULL);
		config_file_free(&file);
	}
	kt_eq_int("collect: missing path", -2, config_collect_paths(missing, &files));
	kt_eq_int("load: missing file", -2, config_load(missing, &file));
	kt_check(file.error_count == 1 && strstr(file.errors[0].message, "cannot read"),
		 "load: missing file is an error of the file", NULL);
	config_file_free(&file);
	strlist_free(&files);
	free(missing);
	free(dir);
	free(root);
}

/* A fake root where killswitch is loaded and control is a plain file. */
static char *make_apply_tree(void)
{
	char *root = kt_scratch("config-apply");
	struct btf *btf = kt_build_vmlinux_btf();

	kt_write(root, "proc/kallsyms",
		 "ffffffff81000300 t fn_int\nffffffff81000500 t fn_bool\n"
		 "ffffffff81000e00 t engaged_fn\nffffffffc0001000 t mod_fn\t[mod_a]\n"
		 "ffffffffc0002000 t pending_fn\t[mod_a]\nffffffff81000f00 t observed_fn\n");
	kt_write(root, "sys/kernel/debug/kprobes/blacklist", "");
	kt_write(root, "sys/kernel/tracing/available_filter_functions",
		 "fn_int\nfn_bool\nengaged_fn\nmod_fn [mod_a]\npending_fn [mod_a]\nobserved_fn\n");
	kt_write(root, "sys/kernel/tracing/enabled_functions", "");
	kt_write(root, "sys/kernel/security/killswitch/engaged",
		 "symbol=engaged_fn module=vmlinux retval=-1 state=engaged hits=0\n"
		 "symbol=pending_fn module=mod_a retval=-1 state=pending hits=0\n"
		 "symbol=observed_fn module=vmlinux retval=0 state=observing hits=0\n");
	kt_write(root, "sys/kernel/security/killswitch/control", "");
	kt_write_btf(root, "sys/kernel/btf/vmlinux", btf);
	btf__free(btf);
	return root;
}

static void test_apply_program(void)
{
	char *root = make_apply_tree();
	char *output;
	char *control;
	char *args;

	kt_write(root, "etc/killswitch.d/10-a.conf", "fn_int -EPERM\nengaged_fn -2\n");
	kt_write(root, "etc/killswitch.d/20-b.conf", "fn_int 1\nbad line here x\n");
	kt_write(root, "etc/killswitch.d/30-c.conf", "fn_bool -1\n");

	kt_eq_int("apply: fails when a file is invalid", 1, kt_ksctl(root, "apply 2>&1", &output));
	kt_contains("apply: engages fn_int", output, "10-a.conf:1: fn_int: engaged: returns -1 (-EPERM)");
	kt_contains("apply: skips what is engaged", output,
		    "10-a.conf:2: engaged_fn: skipped: already engaged with -1 (-EPERM), not -2 (-ENOENT)");
	kt_contains("apply: reports file and line", output, "20-b.conf:2: invalid line: unexpected 'here'");
	kt_contains("apply: nothing of the bad file", output, "20-b.conf: nothing of this file was applied");
	kt_contains("apply: preflight rejects bool -1", output, "30-c.conf:1: fn_bool: rejected");
	kt_contains("apply: summary", output, "1 engagement changed, 2 failures");
	free(output);
	control = kt_read(root, "sys/kernel/security/killswitch/control");
	kt_eq_str("apply: the one write", "engage fn_int -1\n", control);
	free(control);

	kt_write(root, "sys/kernel/security/killswitch/control", "");
	kt_write(root, "forced.conf", "fn_bool -1 --force\nfn_int 0 --probe 60\n");
	args = xasprintf("apply --dry-run '%s/forced.conf'", root);
	kt_eq_int("apply: dry run succeeds", 0, kt_ksctl(root, args, &output));
	kt_contains("apply: dry run forced line", output, "fn_bool: would-engage: would return -1 (-EPERM)");
	kt_contains("apply: dry run probe line", output, "fn_int: would-engage: would probe for 60 s, then return 0");
	kt_contains("apply: dry run summary", output, "dry run: 2 engagements would change");
	free(output);
	free(args);
	control = kt_read(root, "sys/kernel/security/killswitch/control");
	kt_eq_str("apply: dry run writes nothing", "", control);
	free(control);

	/* MODULE:SYMBOL lines, as the Ansible role's killswitch_symbols allow. */
	kt_write(root, "module.conf", "mod_a:mod_fn -EPERM\nmod_a:pending_fn -EPERM\n");
	args = xasprintf("apply --dry-run '%s/module.conf' 2>&1", root);
	kt_eq_int("apply: MODULE:SYMBOL dry run succeeds", 0, kt_ksctl(root, args, &output));
	kt_contains("apply: MODULE:SYMBOL would engage", output,
		    "mod_a:mod_fn: would-engage: would return -1 (-EPERM)");
	kt_contains("apply: MODULE:SYMBOL already pending is skipped", output,
		    "mod_a:pending_fn: would-skip: already engaged");
	free(output);
	free(args);

	kt_write(root, "observed.conf", "observed_fn -EPERM\n");
	args = xasprintf("apply --dry-run '%s/observed.conf' 2>&1", root);
	kt_eq_int("apply: observed function fails", 1, kt_ksctl(root, args, &output));
	kt_contains("apply: observed function rejected", output, "observed_fn: rejected");
	free(output);
	free(args);

	kt_eq_int("apply: missing path fails", 1, kt_ksctl(root, "apply /nonexistent/x.conf 2>&1", &output));
	kt_contains("apply: missing path named", output, "cannot read /nonexistent/x.conf");
	free(output);
	free(root);

	root = kt_scratch("config-apply-empty");
	kt_eq_int("apply: no configuration directory is fine", 0, kt_ksctl(root, "apply", &output));
	kt_contains("apply: says nothing to apply", output, "nothing to apply");
	free(output);
	free(root);
}

void test_config(void)
{
	test_good_file();
	test_bad_lines();
	test_load_and_collect();
	test_apply_program();
}
