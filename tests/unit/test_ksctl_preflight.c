// SPDX-License-Identifier: GPL-2.0
/*
 * Preflight rules against a fake /proc and /sys: kallsyms with clones and
 * duplicate names, the kprobe blacklist, available_filter_functions,
 * enabled_functions with IPMODIFY and direct calls, livepatch directories,
 * the engaged listing and lockdown.
 */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "ktest.h"
#include "preflight.h"

static const char fake_kallsyms[] =
	"ffffffff81000000 T ksys_sync\n"
	"ffffffff81000100 t dup_fn\n"
	"ffffffff81000200 t dup_fn\t[somemod]\n"
	"ffffffff81000300 t fn_int\n"
	"ffffffff81000310 t fn_int.isra.0\n"
	"ffffffff81000320 t fn_int.constprop.3\n"
	"ffffffff81000330 t fn_int.part.0\n"
	"ffffffff81000340 t fn_int.cold\n"
	"ffffffff81000350 t fn_int_other.isra.0\n"
	"ffffffff81000360 t fn_int.isra.0\t[othermod]\n"
	"ffffffff81000400 D some_data\n"
	"ffffffff81000500 t fn_bool\n"
	"ffffffff81000600 t blacklisted_fn\n"
	"ffffffff81000700 t notrace_fn\n"
	"ffffffff81000800 t lp_fn\n"
	"ffffffff81000900 t ipmod_fn\n"
	"ffffffff81000a00 t kprobed_fn\n"
	"ffffffff81000b00 t direct_fn\n"
	"ffffffff81000c00 t only_clone.isra.0\n"
	"ffffffff81000e00 t engaged_fn\n"
	"ffffffff81000f00 t fn_void.llvm.12345\n"
	"ffffffff81000f10 T fn_void\n"
	"ffffffffc0000000 t mod_fn\t[fakemod]\n"
	"ffffffffc0000010 t mod_fn.constprop.0\t[fakemod]\n";

static const char fake_filter_functions[] =
	"ksys_sync\ndup_fn\ndup_fn [somemod]\nfn_int\nfn_int.isra.0\nfn_bool\n"
	"blacklisted_fn\nlp_fn\nipmod_fn\nkprobed_fn\ndirect_fn\nengaged_fn\nfn_void\n"
	"mod_fn [fakemod]\n";

static const char fake_enabled_functions[] =
	"fn_bool (1)  R             \ttramp: 0xffffffffc0200000 (function_trace_call+0x0/0x130) ->function_trace_call+0x0/0x130\n"
	"ipmod_fn (1)  R   I        \ttramp: 0xffffffffc0201000 (klp_ftrace_handler+0x0/0x1a0) ->klp_ftrace_handler+0x0/0x1a0\n"
	"kprobed_fn (1)  R   I      \ttramp: 0xffffffffc0202000 (kprobe_ftrace_handler+0x0/0x1d0) ->kprobe_ftrace_handler+0x0/0x1d0\n"
	"direct_fn (1)        D     \n"
	"\tdirect-->bpf_trampoline_6442+0x0/0x0\n"
	"engaged_fn (1)  R   I      \ttramp: 0xffffffffc0203000 (kprobe_ftrace_handler+0x0/0x1d0) ->kprobe_ftrace_handler+0x0/0x1d0\n"
	"mod_fn [othermod] (1)  R   I   \ttramp: 0xffffffffc0204000 (klp_ftrace_handler+0x0/0x1a0)\n";

/* A fake root with everything the preflight reads. */
static char *make_tree(const char *name)
{
	char *root = kt_scratch(name);
	struct btf *btf = kt_build_vmlinux_btf();

	kt_write(root, "proc/kallsyms", fake_kallsyms);
	kt_write(root, "sys/kernel/debug/kprobes/blacklist",
		 "0xffffffff81000600-0xffffffff81000610\tblacklisted_fn\n"
		 "0xffffffffc0001000-0xffffffffc0001010\tmod_fn\t[othermod]\n");
	kt_write(root, "sys/kernel/tracing/available_filter_functions", fake_filter_functions);
	kt_write(root, "sys/kernel/tracing/enabled_functions", fake_enabled_functions);
	kt_write(root, "sys/kernel/livepatch/lp_patch/enabled", "1\n");
	kt_mkdir(root, "sys/kernel/livepatch/lp_patch/vmlinux/lp_fn,1");
	kt_write(root, "sys/kernel/security/killswitch/engaged",
		 "symbol=engaged_fn module=vmlinux retval=-1 state=engaged hits=0\n");
	kt_write(root, "sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	kt_mkdir(root, "lib/modules/6.99.0-test");
	kt_write(root, "lib/modules/6.99.0-test/modules.dep", "");
	kt_write_btf(root, "sys/kernel/btf/vmlinux", btf);
	btf__free(btf);
	return root;
}

/* The first finding of @rule at @level whose message contains @text, or NULL. */
static const struct finding *find(const struct preflight_result *result, const char *rule,
				  enum finding_level level, const char *text)
{
	size_t i;

	for (i = 0; i < result->findings.count; i++) {
		const struct finding *f = &result->findings.items[i];

		if (strcmp(f->rule, rule) == 0 && f->level == level && strstr(f->message, text))
			return f;
	}
	return NULL;
}

static char *dump(const struct preflight_result *result)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < result->findings.count; i++)
		strbuf_printf(&sb, "%s %s: %s\n", finding_level_name(result->findings.items[i].level),
			      result->findings.items[i].rule, result->findings.items[i].message);
	return sb.data ? sb.data : xstrdup("(no findings)");
}

/* Check that preflight of @symbol has a finding of @rule at @level mentioning @text. */
static void expect(const struct ksctl *ctx, const char *symbol, bool has_retval, long long retval,
		   const char *rule, enum finding_level level, const char *text)
{
	struct preflight_request request = {
		.symbol = symbol,
		.has_retval = has_retval,
		.retval = retval,
	};
	struct preflight_result result;
	char *test = xasprintf("preflight %s: %s %s", symbol, finding_level_name(level), rule);
	char *findings;

	preflight_run(ctx, &request, &result);
	findings = dump(&result);
	kt_check(find(&result, rule, level, text) != NULL, test, "expected '%s'; findings:\n%s",
		 text, findings);
	free(findings);
	free(test);
	preflight_result_free(&result);
}

static void test_symbol_rules(const struct ksctl *ctx)
{
	expect(ctx, "ksys_sync", false, 0, "symbol", FINDING_OK, "ksys_sync is in vmlinux (kallsyms type T)");
	expect(ctx, "ksys_sync", false, 0, "prototype", FINDING_WARNING, "the BTF of vmlinux has no function");
	expect(ctx, "dup_fn", false, 0, "duplicate", FINDING_WARNING, "occurs 2 times in kallsyms");
	expect(ctx, "dup_fn", false, 0, "duplicate", FINDING_WARNING, "the kernel resolves the first, in vmlinux");
	expect(ctx, "some_data", false, 0, "type", FINDING_ERROR, "data symbol (kallsyms type D)");
	expect(ctx, "only_clone", false, 0, "symbol", FINDING_ERROR, "but its compiler clones are: only_clone.isra.0");
	expect(ctx, "mod_fn", false, 0, "symbol", FINDING_OK, "in loaded module fakemod");
	expect(ctx, "nosuch_fn", false, 0, "symbol", FINDING_ERROR, "nor in any module file of 6.99.0-test");
	expect(ctx, "1nvalid", false, 0, "symbol", FINDING_ERROR, "not a valid symbol name");
}

static void test_kprobe_rules(const struct ksctl *ctx)
{
	expect(ctx, "fn_int", false, 0, "blacklist", FINDING_OK, "not on the kprobe blacklist");
	expect(ctx, "blacklisted_fn", false, 0, "blacklist", FINDING_ERROR, "on the kprobe blacklist");
	/* The blacklisted mod_fn is in another module than the loaded one. */
	expect(ctx, "mod_fn", false, 0, "blacklist", FINDING_OK, "not on the kprobe blacklist");
	expect(ctx, "fn_int", false, 0, "ftrace", FINDING_OK, "has an ftrace entry");
	expect(ctx, "mod_fn", false, 0, "ftrace", FINDING_OK, "has an ftrace entry");
	expect(ctx, "notrace_fn", false, 0, "ftrace", FINDING_WARNING, "int3 breakpoint");
	expect(ctx, "lp_fn", false, 0, "livepatch", FINDING_ERROR, "patched by livepatch lp_patch (object vmlinux)");
	expect(ctx, "fn_int", false, 0, "livepatch", FINDING_OK, "not livepatched");
	expect(ctx, "ipmod_fn", false, 0, "ipmodify", FINDING_ERROR, "(flag I in enabled_functions)");
	expect(ctx, "kprobed_fn", false, 0, "ipmodify", FINDING_WARNING, "another kprobe with a post handler");
	expect(ctx, "direct_fn", false, 0, "ipmodify", FINDING_ERROR, "direct ftrace call");
	expect(ctx, "fn_bool", false, 0, "ipmodify", FINDING_OK, "no other ftrace user");
	expect(ctx, "mod_fn", false, 0, "ipmodify", FINDING_OK, "no other ftrace user");
	expect(ctx, "engaged_fn", false, 0, "ipmodify", FINDING_OK, "killswitch's own engagement");
	expect(ctx, "engaged_fn", false, 0, "engaged", FINDING_ERROR, "already engaged (retval -1 (-EPERM), state engaged)");
	expect(ctx, "fn_int", false, 0, "engaged", FINDING_OK, "not engaged yet");
	expect(ctx, "fn_int", false, 0, "lockdown", FINDING_OK, "not locked down");
}

static void test_clone_rules(const struct ksctl *ctx)
{
	struct preflight_request request = {
		.symbol = "fn_int",
		.has_retval = true,
		.retval = -1,
	};
	struct preflight_result result;
	size_t errors;

	expect(ctx, "fn_int", true, -1, "clones", FINDING_WARNING,
	       "keep running the body: fn_int.isra.0 (copy), fn_int.constprop.3 (copy)");
	expect(ctx, "fn_int", true, -1, "clones", FINDING_OK,
	       "fn_int.part.0 (part), fn_int.cold (cold): reached only through fn_int");
	expect(ctx, "fn_void", false, 0, "clones", FINDING_WARNING, "fn_void.llvm.12345 (llvm)");
	expect(ctx, "mod_fn", false, 0, "clones", FINDING_WARNING, "mod_fn.constprop.0 (copy)");
	expect(ctx, "fn_bool", false, 0, "clones", FINDING_OK, "has no compiler clones");

	errors = preflight_run(ctx, &request, &result);
	kt_eq_int("clones: no error for fn_int -1", 0, (long long)errors);
	kt_eq_int("clones: four clones of fn_int", 4, (long long)result.clone_count);
	kt_eq_int("clones: two suggestions", 2, (long long)result.suggestions.count);
	kt_eq_str("clones: first suggestion", "ksctl engage fn_int.isra.0 -EPERM",
		  result.suggestions.count ? result.suggestions.items[0] : NULL);
	kt_eq_str("clones: second suggestion", "ksctl engage fn_int.constprop.3 -EPERM",
		  result.suggestions.count > 1 ? result.suggestions.items[1] : NULL);
	kt_eq_str("clones: owner", "vmlinux", result.owner);
	kt_eq_str("clones: prototype", "int fn_int(void)", result.prototype);
	preflight_result_free(&result);

	request.has_retval = false;
	preflight_run(ctx, &request, &result);
	kt_eq_str("clones: suggestion without RETVAL", "ksctl engage fn_int.isra.0 RETVAL",
		  result.suggestions.count ? result.suggestions.items[0] : NULL);
	preflight_result_free(&result);

	expect(ctx, "fn_int.isra.0", true, 0, "prototype", FINDING_WARNING,
	       "fn_int.isra.0 is a clone; BTF describes only fn_int");
}

static void test_retval_rules(const struct ksctl *ctx)
{
	struct preflight_request request = {
		.symbol = "fn_bool",
		.has_retval = true,
		.retval = -1,
	};
	struct preflight_result result;

	expect(ctx, "fn_bool", true, -1, "retval", FINDING_ERROR, "holds only 0 or 1");
	expect(ctx, "fn_bool", true, 1, "retval", FINDING_OK, "1 fits bool");
	expect(ctx, "fn_void", true, 0, "retval", FINDING_WARNING, "returns void");
	kt_eq_int("retval: bool -1 counts one error", 1, (long long)preflight_run(ctx, &request, &result));
	kt_eq_str("retval: return class", "bool", result.return_class);
	preflight_result_free(&result);
}

static void test_environment_rules(void)
{
	char *root = make_tree("preflight-environment");
	char *path;
	struct ksctl ctx;

	kt_context(&ctx, root, "6.99.0-test");
	kt_write(root, "sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	expect(&ctx, "fn_int", false, 0, "lockdown", FINDING_ERROR, "locked down (integrity)");

	path = xasprintf("rm -rf '%s/sys/kernel/security/killswitch' '%s/sys/kernel/debug' "
			 "'%s/sys/kernel/tracing' '%s/sys/kernel/livepatch' '%s/lib/modules'",
			 root, root, root, root, root);
	kt_check(system(path) == 0, "environment: remove the fake files", NULL);
	free(path);
	expect(&ctx, "fn_int", false, 0, "killswitch", FINDING_WARNING, "killswitch.ko is not loaded");
	expect(&ctx, "fn_int", false, 0, "blacklist", FINDING_WARNING, "cannot read the kprobe blacklist");
	expect(&ctx, "fn_int", false, 0, "ftrace", FINDING_WARNING, "cannot read /sys/kernel/tracing/available_filter_functions");
	expect(&ctx, "fn_int", false, 0, "ipmodify", FINDING_WARNING, "cannot read /sys/kernel/tracing/enabled_functions");
	expect(&ctx, "fn_int", false, 0, "livepatch", FINDING_OK, "not livepatched");
	expect(&ctx, "nosuch_fn", false, 0, "symbol", FINDING_ERROR, "/lib/modules/6.99.0-test is missing");

	kt_write(root, "sys/kernel/debug/tracing/available_filter_functions", "fn_int\n");
	expect(&ctx, "fn_int", false, 0, "ftrace", FINDING_OK, "has an ftrace entry");

	path = xasprintf("rm -f '%s/proc/kallsyms'", root);
	kt_check(system(path) == 0, "environment: remove kallsyms", NULL);
	free(path);
	expect(&ctx, "fn_int", false, 0, "symbol", FINDING_ERROR, "cannot read");
	ksctl_free(&ctx);
	free(root);
}

void test_preflight(void)
{
	char *root = make_tree("preflight");
	struct ksctl ctx;

	kt_context(&ctx, root, "6.99.0-test");
	test_symbol_rules(&ctx);
	test_kprobe_rules(&ctx);
	test_clone_rules(&ctx);
	test_retval_rules(&ctx);
	ksctl_free(&ctx);
	free(root);
	test_environment_rules();
}
