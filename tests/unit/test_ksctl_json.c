// SPDX-License-Identifier: GPL-2.0
/* The JSON writer, and --json output of every command parsed back. */
#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "ktest.h"

static char *write_sample(void)
{
	struct json_writer w;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	json_init(&w, out);
	json_object_begin(&w);
	json_kv_string(&w, "quote", "a\"b\\c");
	json_kv_string(&w, "control", "line\nnext\ttab\x01");
	json_kv_string(&w, "high", "caf\xc3\xa9");
	json_kv_string(&w, "null", NULL);
	json_key(&w, "list");
	json_array_begin(&w);
	json_int(&w, -9223372036854775807LL - 1);
	json_uint(&w, 18446744073709551615ULL);
	json_bool(&w, false);
	json_array_begin(&w);
	json_array_end(&w);
	json_object_begin(&w);
	json_object_end(&w);
	json_double(&w, 0.5);
	json_array_end(&w);
	json_object_end(&w);
	fclose(out);
	return text;
}

static void test_writer(void)
{
	char *text = write_sample();

	kt_eq_str("json writer: exact output",
		  "{\"quote\":\"a\\\"b\\\\c\",\"control\":\"line\\nnext\\ttab\\u0001\","
		  "\"high\":\"caf\\ufffd\\ufffd\",\"null\":null,"
		  "\"list\":[-9223372036854775808,18446744073709551615,false,[],{},0.500]}\n",
		  text);
	kt_check(kt_valid_json(text), "json writer: output parses", "%s", text);
	free(text);
}

static char *make_tree(void)
{
	char *root = kt_scratch("json-tree");
	struct btf *btf = kt_build_vmlinux_btf();

	kt_write(root, "proc/kallsyms",
		 "ffffffff81000300 t fn_int\nffffffff81000310 t fn_int.isra.0\n"
		 "ffffffff81000500 t fn_bool\nffffffff81000600 t fn_ptr\n");
	kt_write(root, "proc/sys/kernel/tainted", "0\n");
	kt_write(root, "sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	kt_write(root, "sys/kernel/debug/kprobes/blacklist", "");
	kt_write(root, "sys/kernel/tracing/available_filter_functions", "fn_int\nfn_bool\nfn_ptr\n");
	kt_write(root, "sys/kernel/tracing/enabled_functions", "");
	kt_write(root, "sys/kernel/security/killswitch/engaged",
		 "symbol=fn_ptr module=vmlinux retval=-12 state=engaged hits=5\n");
	kt_write(root, "sys/kernel/security/killswitch/control", "");
	kt_write(root, "etc/killswitch.d/a.conf", "fn_int -EPERM\n");
	kt_write_btf(root, "sys/kernel/btf/vmlinux", btf);
	btf__free(btf);
	return root;
}

/* Run ksctl --json @args; check the exit status and that the output parses. */
static char *run_json(const char *root, const char *args, int expected_status)
{
	char *full = xasprintf("--json %s", args);
	char *test = xasprintf("json: %s", args);
	char *output;
	int status = kt_ksctl(root, full, &output);

	kt_check(status == expected_status && kt_valid_json(output), test,
		 "exit status %d (expected %d), output:\n%s", status, expected_status, output);
	free(test);
	free(full);
	return output;
}

static void expect_field(const char *output, const char *path, const char *expected)
{
	char *value = kt_json_get(output, path);
	char *test = xasprintf("json field %s", path);

	kt_eq_str(test, expected, value);
	free(test);
	free(value);
}

static void test_commands(void)
{
	char *root = make_tree();
	char *output;
	char *python;

	output = run_json(root, "status", 0);
	expect_field(output, "loaded", "true");
	expect_field(output, "engaged.#", "1");
	expect_field(output, "engaged.0.symbol", "fn_ptr");
	expect_field(output, "engaged.0.errno", "ENOMEM");
	expect_field(output, "engaged.0.hits", "5");
	expect_field(output, "engaged.0.prototype", "struct sk_buff *fn_ptr(struct sk_buff *skb, int len)");
	expect_field(output, "tainted.value", "0");
	expect_field(output, "lockdown", "none");
	free(output);

	output = run_json(root, "check fn_int -EPERM", 0);
	expect_field(output, "owner", "vmlinux");
	expect_field(output, "prototype", "int fn_int(void)");
	expect_field(output, "clones.0.name", "fn_int.isra.0");
	expect_field(output, "clones.0.bypasses", "true");
	expect_field(output, "suggestions.0", "ksctl engage fn_int.isra.0 -EPERM");
	expect_field(output, "errors", "0");
	free(output);

	output = run_json(root, "check fn_bool -1", 1);
	expect_field(output, "errors", "1");
	expect_field(output, "return_class", "bool");
	free(output);

	output = run_json(root, "engage fn_bool -1", 1);
	expect_field(output, "outcome", "refused");
	expect_field(output, "error.message", "refusing to engage fn_bool: the preflight found 1 error");
	expect_field(output, "preflight.errors", "1");
	free(output);

	output = run_json(root, "engage fn_bool -1 --force", 0);
	expect_field(output, "outcome", "engaged");
	expect_field(output, "forced", "true");
	free(output);
	output = kt_read(root, "sys/kernel/security/killswitch/control");
	kt_eq_str("json: forced engage wrote the line", "engage fn_bool -1\n", output);
	free(output);

	output = run_json(root, "engage fn_int 0 --probe 10", 0);
	expect_field(output, "outcome", "probing");
	expect_field(output, "probe_seconds", "10");
	free(output);

	output = run_json(root, "disengage --all", 0);
	expect_field(output, "disengaged.0.symbol", "fn_ptr");
	free(output);

	output = run_json(root, "errno EBUSY", 0);
	expect_field(output, "value", "16");
	free(output);
	output = run_json(root, "errno", 0);
	expect_field(output, "errno.0.name", "EPERM");
	free(output);
	output = run_json(root, "help", 0);
	expect_field(output, "commands.#", "9");
	free(output);
	output = run_json(root, "help watch", 0);
	expect_field(output, "name", "watch");
	free(output);

	output = run_json(root, "apply --dry-run", 0);
	expect_field(output, "files.0.lines.0.action", "would-engage");
	expect_field(output, "changed", "1");
	free(output);

	output = run_json(root, "watch --count 2 --interval 0.01", 0);
	kt_eq_int("json: watch prints two documents", 2,
		  (long long)(strchr(output, '\n') && strchr(strchr(output, '\n') + 1, '\n') ? 2 : 0));
	expect_field(output, "engaged.0.delta", "0");
	free(output);

	output = run_json(root, "engage fn_int", 2);
	expect_field(output, "error.message", "missing RETVAL: use ksctl engage SYMBOL RETVAL");
	free(output);
	output = run_json(root, "errno EFOO", 1);
	expect_field(output, "error.command", "errno");
	free(output);

	/* A second, independent parser agrees where Python is installed. */
	if (kt_run("command -v python3 >/dev/null", false, &python) == 0) {
		char *command = xasprintf("'%s' --root '%s' --json check fn_int -1 | python3 -m json.tool >/dev/null",
					  getenv("KSCTL"), root);

		free(python);
		kt_eq_int("json: python3 -m json.tool accepts check", 0, kt_run(command, true, &python));
		free(command);
	} else {
		kt_note("python3 not found: cross-check skipped");
	}
	free(python);
	free(root);
}

void test_json(void)
{
	test_writer();
	test_commands();
}
