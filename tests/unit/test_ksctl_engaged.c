// SPDX-License-Identifier: GPL-2.0
/* The engaged listing, status output, taint and lockdown, and decompression. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "decompress.h"
#include "engaged.h"
#include "ktest.h"
#include "sysinfo.h"

static void test_parse_line(void)
{
	struct engagement e;
	char line1[] = "symbol=foo module=bar retval=-1 state=engaged hits=42";
	char line2[] = "hits=7 future=1 state=probing retval=0x10 symbol=baz.isra.0";
	char line3[] = "symbol=foo module=bar retval=-1 state=engaged";
	char line4[] = "symbol=foo retval=x state=engaged hits=1";
	char line5[] = "symbol=1foo retval=1 state=engaged hits=1";
	char line6[] = "symbol=foo retval=1 state=engaged hits=-1";

	kt_eq_int("engaged line: full", 0, engaged_parse_line(line1, &e));
	kt_eq_str("engaged line: symbol", "foo", e.symbol);
	kt_eq_str("engaged line: module", "bar", e.module);
	kt_eq_int("engaged line: retval", -1, e.retval);
	kt_eq_str("engaged line: state", "engaged", e.state);
	kt_eq_int("engaged line: hits", 42, (long long)e.hits);
	kt_eq_str("engaged line: scope defaults to all", "all", e.scope);
	kt_eq_str("engaged line: reason defaults to -", "-", e.reason);
	kt_eq_int("engaged line: passed defaults to 0", 0, (long long)e.passed);
	free(e.symbol);
	free(e.module);
	free(e.state);
	free(e.scope);
	free(e.reason);

	kt_eq_int("engaged line: any order, unknown key", 0, engaged_parse_line(line2, &e));
	kt_eq_str("engaged line: module defaults to vmlinux", "vmlinux", e.module);
	kt_eq_int("engaged line: hex retval", 16, e.retval);
	kt_eq_str("engaged line: clone symbol", "baz.isra.0", e.symbol);
	free(e.symbol);
	free(e.module);
	free(e.state);
	free(e.scope);
	free(e.reason);

	{
		char line7[] = "symbol=f module=m retval=-1 state=pending hits=3 passed=2 "
			       "scope=userns reason=CVE-2026-31431";

		kt_eq_int("engaged line: safety keys", 0, engaged_parse_line(line7, &e));
		kt_eq_int("engaged line: passed", 2, (long long)e.passed);
		kt_eq_str("engaged line: scope", "userns", e.scope);
		kt_eq_str("engaged line: reason", "CVE-2026-31431", e.reason);
		kt_eq_str("engaged line: pending state", "pending", e.state);
		free(e.symbol);
		free(e.module);
		free(e.state);
		free(e.scope);
		free(e.reason);
	}

	kt_eq_int("engaged line: missing hits", -EINVAL, engaged_parse_line(line3, &e));
	kt_eq_int("engaged line: bad retval", -EINVAL, engaged_parse_line(line4, &e));
	kt_eq_int("engaged line: bad symbol", -EINVAL, engaged_parse_line(line5, &e));
	kt_eq_int("engaged line: negative hits", -EINVAL, engaged_parse_line(line6, &e));
}

static void test_read(void)
{
	char *root = kt_scratch("engaged-read");
	struct engagement_list list = { 0 };
	unsigned int bad = 0;
	struct ksctl ctx;

	kt_context(&ctx, root, "test");
	kt_eq_int("engaged read: missing is ENOENT", -ENOENT, engaged_read(&ctx, &list, &bad));

	kt_write(root, "sys/kernel/security/killswitch/engaged",
		 "symbol=a module=vmlinux retval=0 state=engaged hits=1\n\n"
		 "symbol=b module=m retval=-12 state=probing hits=0\n");
	kt_eq_int("engaged read: two lines", 0, engaged_read(&ctx, &list, &bad));
	kt_eq_int("engaged read: count", 2, (long long)list.count);
	kt_check(engaged_find(&list, "b") && engaged_find(&list, "b")->retval == -12,
		 "engaged read: find b", NULL);
	kt_check(engaged_find(&list, "c") == NULL, "engaged read: no c", NULL);
	engagement_list_free(&list);

	kt_write(root, "sys/kernel/security/killswitch/engaged",
		 "symbol=a module=vmlinux retval=0 state=engaged hits=1\ngarbage\n");
	kt_eq_int("engaged read: malformed", -EBADMSG, engaged_read(&ctx, &list, &bad));
	kt_eq_int("engaged read: bad line number", 2, bad);
	kt_eq_int("engaged read: list emptied", 0, (long long)list.count);
	ksctl_free(&ctx);
	free(root);
}

static void test_sysinfo(void)
{
	char *root = kt_scratch("sysinfo");
	unsigned long long taint = 0;
	char *mode = NULL;
	char *letters;
	struct ksctl ctx;

	kt_context(&ctx, root, "test");
	kt_eq_int("lockdown: missing", -ENOENT, lockdown_read(&ctx, &mode));
	kt_write(root, "sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	kt_eq_int("lockdown: readable", 0, lockdown_read(&ctx, &mode));
	kt_eq_str("lockdown: integrity", "integrity", mode);
	free(mode);
	mode = lockdown_parse("[none] integrity confidentiality");
	kt_eq_str("lockdown: none", "none", mode);
	free(mode);
	kt_check(lockdown_parse("none integrity") == NULL, "lockdown: no brackets", NULL);

	kt_write(root, "proc/sys/kernel/tainted", "12289\n");
	kt_eq_int("taint: read", 0, taint_read(&ctx, &taint));
	kt_eq_int("taint: value", 12289, (long long)taint);
	letters = taint_letters(taint);
	kt_eq_str("taint: P, O and E", "POE", letters);
	free(letters);
	letters = taint_letters(1ULL << 40);
	kt_eq_str("taint: unknown bit", "?", letters);
	free(letters);
	ksctl_free(&ctx);
	free(root);
}

static void test_status_program(void)
{
	char *root = kt_scratch("status-program");
	char *output;

	kt_write(root, "proc/sys/kernel/tainted", "4096\n");
	kt_write(root, "sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	kt_eq_int("status: not loaded still succeeds", 0, kt_ksctl(root, "status", &output));
	kt_contains("status: says not loaded", output, "not loaded");
	kt_contains("status: taint letter", output, "yes, 4096 (O)");
	free(output);

	kt_write(root, "sys/kernel/security/killswitch/engaged",
		 "symbol=some_function module=vmlinux retval=-1 state=engaged hits=3\n"
		 "symbol=other_fn module=a_module retval=7 state=probing hits=12345\n");
	kt_eq_int("status: loaded", 0, kt_ksctl(root, "status", &output));
	kt_contains("status: header", output,
		    "SYMBOL         MODULE    RETVAL       STATE    SCOPE  HITS   PASSED  REASON  PROTOTYPE");
	kt_contains("status: first row aligned", output,
		    "some_function  vmlinux   -1 (-EPERM)  engaged  all    3      0       -       -");
	kt_contains("status: second row", output,
		    "other_fn       a_module  7            probing  all    12345  0       -       -");
	free(output);

	kt_write(root, "sys/kernel/security/killswitch/engaged", "nonsense\n");
	kt_eq_int("status: malformed listing fails", 1, kt_ksctl(root, "status 2>&1", &output));
	kt_contains("status: names the bad line", output, "line 1");
	free(output);
	free(root);
}

static void test_decompress(void)
{
	static const char *const names[] = { "fake_mod.ko", "fake_mod.ko.xz", "fake_mod.ko.zst", "fake_mod.ko.gz" };
	unsigned char *plain = NULL;
	size_t plain_size = 0;
	unsigned char garbage[64];
	unsigned char *image;
	size_t size;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *path = kt_fixture(names[i]);
		char *test = xasprintf("decompress: %s", names[i]);
		int ret = module_image_read(path, &image, &size);

		if (i == 0) {
			kt_eq_int(test, 0, ret);
			plain = ret ? NULL : image;
			plain_size = ret ? 0 : size;
		} else {
			kt_check(ret == 0 && plain && size == plain_size &&
					 memcmp(image, plain, size) == 0,
				 test, "ret %d, size %zu, expected %zu", ret, size, plain_size);
			if (ret == 0)
				free(image);
		}
		free(test);
		free(path);
	}

	/* A truncated xz stream and unknown bytes are errors, not crashes. */
	{
		char *path = kt_fixture("fake_mod.ko.xz");
		char *data;
		size_t len;

		if (read_text_file(path, &data, &len) == 0) {
			kt_eq_int("decompress: truncated xz", -EBADMSG,
				  decompress_image((unsigned char *)data, len / 2, &image, &size));
			free(data);
		}
		free(path);
		path = kt_fixture("fake_mod.ko.zst");
		if (read_text_file(path, &data, &len) == 0) {
			kt_eq_int("decompress: truncated zstd", -EBADMSG,
				  decompress_image((unsigned char *)data, len / 2, &image, &size));
			free(data);
		}
		free(path);
		path = kt_fixture("fake_mod.ko.gz");
		if (read_text_file(path, &data, &len) == 0) {
			kt_eq_int("decompress: truncated gzip", -EBADMSG,
				  decompress_image((unsigned char *)data, len / 2, &image, &size));
			free(data);
		}
		free(path);
	}
	memset(garbage, 0x42, sizeof(garbage));
	kt_eq_int("decompress: unknown format", -ENOTSUP,
		  decompress_image(garbage, sizeof(garbage), &image, &size));
	free(plain);
}

void test_engaged(void)
{
	test_parse_line();
	test_read();
	test_sysinfo();
	test_status_program();
	test_decompress();
}
