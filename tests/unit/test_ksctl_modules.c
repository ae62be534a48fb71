// SPDX-License-Identifier: GPL-2.0
/*
 * Module-file search: a symbol that only a module file on disk defines,
 * found through libkmod (depmod's modules.symbols for exports, else
 * modules.dep) and libelf, in plain, xz, zstd and gzip module files.
 */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "elfsym.h"
#include "ktest.h"
#include "modfile.h"
#include "preflight.h"

#define KVER "6.99.0-test"
#define MODDIR "lib/modules/" KVER

static void copy_fixture(const char *root, const char *fixture, const char *rel)
{
	char *from = kt_fixture(fixture);
	char *command = xasprintf("mkdir -p \"$(dirname '%s/%s')\" && cp '%s' '%s/%s'",
				  root, rel, from, root, rel);

	if (system(command) != 0)
		kt_check(false, "modules: copy fixture", "%s failed", command);
	free(command);
	free(from);
}

static void test_names(void)
{
	static const struct {
		const char *path;
		const char *name;
	} cases[] = {
		{ "/lib/modules/x/kernel/crypto/af_alg.ko.xz", "af_alg" },
		{ "kernel/net/nf-nat.ko.zst", "nf_nat" },
		{ "a.ko.gz", "a" },
		{ "dir/b.ko", "b" },
		{ "odd.name", "odd.name" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *name = module_name_from_path(cases[i].path);
		char *test = xasprintf("module name of %s", cases[i].path);

		kt_eq_str(test, cases[i].name, name);
		free(test);
		free(name);
	}
}

static void test_elf_scan(void)
{
	char *path = kt_fixture("fake_mod.ko");
	struct elf_scan scan;
	size_t size;
	char *image;

	if (!kt_eq_int("elf scan: read fixture", 0, read_text_file(path, &image, &size))) {
		free(path);
		return;
	}
	kt_eq_int("elf scan: function", 0, elf_scan_image((unsigned char *)image, size, "fake_mod_target", &scan));
	kt_check(scan.found && scan.is_func, "elf scan: fake_mod_target is a function", NULL);
	kt_eq_int("elf scan: two clones", 2, (long long)scan.clones.count);
	kt_check(strlist_contains(&scan.clones, "fake_mod_target.isra.0") &&
			 strlist_contains(&scan.clones, "fake_mod_target.cold"),
		 "elf scan: clone names", NULL);
	kt_check(scan.btf == NULL, "elf scan: no .BTF section", NULL);
	elf_scan_free(&scan);

	elf_scan_image((unsigned char *)image, size, "fake_mod_data", &scan);
	kt_check(scan.found && !scan.is_func, "elf scan: fake_mod_data is data", NULL);
	elf_scan_free(&scan);
	elf_scan_image((unsigned char *)image, size, "absent", &scan);
	kt_check(!scan.found, "elf scan: absent symbol", NULL);
	elf_scan_free(&scan);
	kt_eq_int("elf scan: not ELF", -74, elf_scan_image((unsigned char *)"garbage", 7, "x", &scan));
	free(image);
	free(path);
}

static void test_search(void)
{
	static const char *const fixtures[] = { "fake_mod.ko", "fake_mod.ko.xz", "fake_mod.ko.zst", "fake_mod.ko.gz" };
	size_t i;

	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		char *root = kt_scratch("modules-search");
		char *rel = xasprintf(MODDIR "/kernel/drivers/fake-mod%s", fixtures[i] + strlen("fake_mod"));
		char *dep = xasprintf("kernel/drivers/broken.ko.zst:\nkernel/drivers/fake-mod%s: kernel/drivers/broken.ko.zst\n",
				      fixtures[i] + strlen("fake_mod"));
		char *test = xasprintf("module search: %s", fixtures[i]);
		struct modfile_match match;
		struct ksctl ctx;
		int ret;

		/* A corrupt module listed first must not stop the search. */
		kt_write(root, MODDIR "/kernel/drivers/broken.ko.zst", "not zstd at all");
		copy_fixture(root, fixtures[i], rel);
		kt_write(root, MODDIR "/modules.dep", dep);
		kt_context(&ctx, root, KVER);

		ret = modfile_find(&ctx, "fake_mod_target", &match);
		kt_check(ret == 1 && match.module && strcmp(match.module, "fake_mod") == 0 &&
				 match.scan.is_func,
			 test, "ret %d, module %s", ret, match.module ? match.module : "(null)");
		modfile_match_free(&match);

		ret = modfile_find(&ctx, "not_in_any_module", &match);
		free(test);
		test = xasprintf("module search: absent symbol with %s", fixtures[i]);
		kt_check(ret == 0 && match.files_read == 2, test, "ret %d, files read %u", ret, match.files_read);
		modfile_match_free(&match);

		ksctl_free(&ctx);
		free(test);
		free(dep);
		free(rel);
		free(root);
	}
}

/* Exported symbols come from depmod's index through libkmod, without a scan. */
static void test_exported_lookup(void)
{
	char *root = kt_scratch("modules-depmod");
	struct modfile_match match;
	struct ksctl ctx;
	char *command;
	int ret;

	copy_fixture(root, "fake_mod.ko.xz", MODDIR "/kernel/drivers/fake_mod.ko.xz");
	command = xasprintf("depmod -b '%s' " KVER " 2>/dev/null", root);
	ret = system(command);
	free(command);
	if (!kt_eq_int("depmod: builds the index", 0, ret)) {
		free(root);
		return;
	}
	kt_context(&ctx, root, KVER);
	ret = modfile_find(&ctx, "fake_mod_exported", &match);
	kt_eq_int("depmod: exported symbol found", 1, ret);
	kt_eq_int("depmod: found by the index, one file read", 1, match.files_read);
	modfile_match_free(&match);
	ksctl_free(&ctx);
	free(root);
}

static void test_preflight_module_file(void)
{
	char *root = kt_scratch("modules-preflight");
	struct btf *vmlinux = kt_build_vmlinux_btf();
	struct btf *split = btf__new_empty_split(vmlinux);
	struct preflight_request request = {
		.symbol = "fake_mod_target",
		.has_retval = true,
		.retval = -22,
	};
	struct preflight_result result;
	struct ksctl ctx;
	char *blob_path;
	char *command;
	int t_int;
	int proto;
	size_t i;
	bool has_modprobe = false;

	/* Split BTF with fake_mod_target(int x), put into the module as .BTF. */
	t_int = btf__find_by_name_kind(split, "int", BTF_KIND_INT);
	proto = btf__add_func_proto(split, t_int);
	btf__add_func_param(split, "x", t_int);
	btf__add_func(split, "fake_mod_target", BTF_FUNC_GLOBAL, proto);
	kt_write_btf(root, "btf-blob", split);
	blob_path = xasprintf("%s/btf-blob", root);
	copy_fixture(root, "fake_mod.ko", "fake_mod.ko");
	command = xasprintf("cd '%s' && objcopy --add-section .BTF=btf-blob fake_mod.ko && "
			    "mkdir -p " MODDIR "/kernel && zstd -q --rm fake_mod.ko -o " MODDIR "/kernel/fake_mod.ko.zst",
			    root);
	kt_eq_int("module preflight: build module with .BTF", 0, system(command));
	free(command);
	free(blob_path);

	kt_write(root, MODDIR "/modules.dep", "kernel/fake_mod.ko.zst:\n");
	kt_write(root, "proc/kallsyms", "ffffffff81000000 T ksys_sync\n");
	kt_write_btf(root, "sys/kernel/btf/vmlinux", vmlinux);
	kt_context(&ctx, root, KVER);

	preflight_run(&ctx, &request, &result);
	kt_eq_str("module preflight: owner", "fake_mod", result.owner);
	kt_check(!result.loaded, "module preflight: not loaded", NULL);
	kt_contains("module preflight: module file", result.module_file, "kernel/fake_mod.ko.zst");
	kt_eq_str("module preflight: prototype from .BTF", "int fake_mod_target(int x)", result.prototype);
	for (i = 0; i < result.findings.count; i++) {
		const struct finding *f = &result.findings.items[i];

		if (strcmp(f->rule, "symbol") == 0 && f->level == FINDING_ERROR && f->action &&
		    strstr(f->action, "modprobe fake_mod"))
			has_modprobe = true;
	}
	kt_check(has_modprobe, "module preflight: error says modprobe fake_mod", NULL);
	kt_check(findings_find(&result.findings, "kprobe") != NULL, "module preflight: kprobe checks skipped", NULL);
	kt_eq_int("module preflight: clones from the symbol table", 2, (long long)result.clone_count);
	kt_eq_str("module preflight: clone suggestion", "ksctl engage fake_mod_target.isra.0 -EINVAL",
		  result.suggestions.count ? result.suggestions.items[0] : NULL);
	preflight_result_free(&result);

	/* Given as MODULE:SYMBOL, a module file match is fine: it stays pending. */
	request.module = "fake_mod";
	preflight_run(&ctx, &request, &result);
	kt_check(findings_find(&result.findings, "symbol") &&
			 findings_find(&result.findings, "symbol")->level == FINDING_OK,
		 "module preflight: module form is ok while pending", NULL);
	preflight_result_free(&result);
	request.module = "other_mod";
	preflight_run(&ctx, &request, &result);
	kt_check(findings_find(&result.findings, "symbol") &&
			 findings_find(&result.findings, "symbol")->level == FINDING_ERROR,
		 "module preflight: wrong module is an error", NULL);
	kt_eq_str("module preflight: wrong module suggests the right one",
		  "engage fake_mod:fake_mod_target", findings_find(&result.findings, "symbol")->action);
	preflight_result_free(&result);
	request.module = NULL;

	request.symbol = "fake_mod_data";
	preflight_run(&ctx, &request, &result);
	kt_check(findings_find(&result.findings, "type") &&
			 findings_find(&result.findings, "type")->level == FINDING_ERROR,
		 "module preflight: data symbol is an error", NULL);
	preflight_result_free(&result);

	ksctl_free(&ctx);
	btf__free(split);
	btf__free(vmlinux);
	free(root);
}

void test_modules(void)
{
	test_names();
	test_elf_scan();
	test_search();
	test_exported_lookup();
	test_preflight_module_file();
}
