// SPDX-License-Identifier: GPL-2.0
/*
 * BTF: prototypes and return-type verdicts, on BTF crafted with libbpf's
 * btf__add_*() API, in memory and as raw files in a fake /sys/kernel/btf.
 */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "btfinfo.h"
#include "ktest.h"
#include "retfit.h"

static int add_function(struct btf *btf, const char *name, int ret_type)
{
	int proto = btf__add_func_proto(btf, ret_type);

	return btf__add_func(btf, name, BTF_FUNC_GLOBAL, proto) < 0 ? -1 : proto;
}

struct btf *kt_build_vmlinux_btf(void)
{
	struct btf *btf = btf__new_empty();
	int t_int, t_long, t_uint, t_ulong, t_bool_base, t_bool, t_char;
	int t_skb, t_skb_ptr, t_enum, t_ssize, t_size, t_pair, t_double;
	int t_const_char, t_const_char_ptr, proto;

	t_int = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	t_long = btf__add_int(btf, "long", 8, BTF_INT_SIGNED);
	t_uint = btf__add_int(btf, "unsigned int", 4, 0);
	t_ulong = btf__add_int(btf, "unsigned long", 8, 0);
	t_bool_base = btf__add_int(btf, "_Bool", 1, BTF_INT_BOOL);
	t_bool = btf__add_typedef(btf, "bool", t_bool_base);
	t_char = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	t_skb = btf__add_struct(btf, "sk_buff", 16);
	btf__add_field(btf, "len", t_int, 0, 0);
	t_skb_ptr = btf__add_ptr(btf, t_skb);
	t_enum = btf__add_enum(btf, "ks_state", 4);
	btf__add_enum_value(btf, "KS_IDLE", 0);
	btf__add_enum_value(btf, "KS_BUSY", 1);
	btf__add_enum_value(btf, "KS_DEAD", 7);
	t_ssize = btf__add_typedef(btf, "ssize_t", t_long);
	t_size = btf__add_typedef(btf, "size_t", t_ulong);
	t_pair = btf__add_struct(btf, "pair", 8);
	btf__add_field(btf, "a", t_int, 0, 0);
	btf__add_field(btf, "b", t_int, 32, 0);
	t_double = btf__add_float(btf, "double", 8);
	t_const_char = btf__add_const(btf, t_char);
	t_const_char_ptr = btf__add_ptr(btf, t_const_char);

	add_function(btf, "fn_void", 0);
	proto = btf__add_func_proto(btf, t_bool);
	btf__add_func_param(btf, "flag", t_int);
	btf__add_func(btf, "fn_bool", BTF_FUNC_GLOBAL, proto);
	proto = btf__add_func_proto(btf, t_skb_ptr);
	btf__add_func_param(btf, "skb", t_skb_ptr);
	btf__add_func_param(btf, "len", t_int);
	btf__add_func(btf, "fn_ptr", BTF_FUNC_STATIC, proto);
	add_function(btf, "fn_int", t_int);
	add_function(btf, "fn_long", t_long);
	add_function(btf, "fn_uint", t_uint);
	add_function(btf, "fn_ssize", t_ssize);
	add_function(btf, "fn_size", t_size);
	add_function(btf, "fn_enum", t_enum);
	add_function(btf, "fn_struct", t_pair);
	add_function(btf, "fn_double", t_double);
	add_function(btf, "fn_char", t_char);
	proto = btf__add_func_proto(btf, t_int);
	btf__add_func_param(btf, "fmt", t_const_char_ptr);
	btf__add_func_param(btf, NULL, 0);
	btf__add_func(btf, "fn_variadic", BTF_FUNC_GLOBAL, proto);
	return btf;
}

void kt_write_btf(const char *root, const char *rel, const struct btf *btf)
{
	__u32 size = 0;
	const void *data = btf__raw_data(btf, &size);

	kt_write_bytes(root, rel, data, size);
}

static void test_prototypes(struct btf *btf)
{
	static const struct {
		const char *function;
		const char *prototype;
		const char *ret_name;
		enum ret_class cls;
		unsigned int size;
	} cases[] = {
		{ "fn_void", "void fn_void(void)", "void", RET_VOID, 0 },
		{ "fn_bool", "bool fn_bool(int flag)", "bool", RET_BOOL, 1 },
		{ "fn_ptr", "struct sk_buff *fn_ptr(struct sk_buff *skb, int len)",
		  "struct sk_buff *", RET_POINTER, 8 },
		{ "fn_int", "int fn_int(void)", "int", RET_SIGNED, 4 },
		{ "fn_long", "long fn_long(void)", "long", RET_SIGNED, 8 },
		{ "fn_uint", "unsigned int fn_uint(void)", "unsigned int", RET_UNSIGNED, 4 },
		{ "fn_ssize", "ssize_t fn_ssize(void)", "ssize_t", RET_SIGNED, 8 },
		{ "fn_size", "size_t fn_size(void)", "size_t", RET_UNSIGNED, 8 },
		{ "fn_enum", "enum ks_state fn_enum(void)", "enum ks_state", RET_ENUM, 4 },
		{ "fn_struct", "struct pair fn_struct(void)", "struct pair", RET_AGGREGATE, 8 },
		{ "fn_double", "double fn_double(void)", "double", RET_FLOAT, 8 },
		{ "fn_variadic", "int fn_variadic(const char *fmt, ...)", "int", RET_SIGNED, 4 },
	};
	struct fn_proto proto;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *test = xasprintf("btf: prototype of %s", cases[i].function);
		int ret = btf_describe_function(btf, cases[i].function, &proto);

		if (!kt_eq_int(test, 0, ret)) {
			free(test);
			continue;
		}
		kt_eq_str(test, cases[i].prototype, proto.text);
		free(test);
		test = xasprintf("btf: return type of %s", cases[i].function);
		kt_check(strcmp(proto.ret.name, cases[i].ret_name) == 0 && proto.ret.cls == cases[i].cls &&
				 proto.ret.size == cases[i].size,
			 test, "expected %s (%s, %u), got %s (%s, %u)", cases[i].ret_name,
			 ret_class_name(cases[i].cls), cases[i].size, proto.ret.name,
			 ret_class_name(proto.ret.cls), proto.ret.size);
		free(test);
		fn_proto_free(&proto);
	}
	kt_eq_int("btf: unknown function", -2, btf_describe_function(btf, "fn_missing", &proto));
	kt_eq_int("btf: a type name is no function", -2, btf_describe_function(btf, "sk_buff", &proto));

	if (btf_describe_function(btf, "fn_enum", &proto) == 0) {
		kt_eq_int("btf: enum has three enumerators", 3, (long long)proto.ret.enumerator_count);
		kt_check(proto.ret.enumerator_count == 3 && proto.ret.enumerators[2].value == 7 &&
				 strcmp(proto.ret.enumerators[2].name, "KS_DEAD") == 0,
			 "btf: enum enumerator KS_DEAD = 7", NULL);
		fn_proto_free(&proto);
	}
}

/* The level of the "retval" finding for @function returning @value. */
static int verdict(struct btf *btf, const char *function, bool has_value, long long value,
		   char **message)
{
	struct finding_list findings = { 0 };
	struct fn_proto proto;
	int level = -1;

	*message = NULL;
	if (btf_describe_function(btf, function, &proto))
		return -1;
	retval_fit(&proto.ret, has_value, value, &findings);
	if (findings.count == 1) {
		level = (int)findings.items[0].level;
		*message = xstrdup(findings.items[0].message);
	}
	findings_free(&findings);
	fn_proto_free(&proto);
	return level;
}

static void test_verdicts(struct btf *btf)
{
	static const struct {
		const char *function;
		bool has_value;
		long long value;
		enum finding_level level;
		const char *message;
	} cases[] = {
		{ "fn_void", true, 0, FINDING_WARNING, "value is ignored" },
		{ "fn_void", false, 0, FINDING_WARNING, "returns void" },
		{ "fn_bool", true, 0, FINDING_OK, "(false)" },
		{ "fn_bool", true, 1, FINDING_OK, "(true)" },
		{ "fn_bool", true, -1, FINDING_ERROR, "holds only 0 or 1" },
		{ "fn_bool", true, 2, FINDING_ERROR, "holds only 0 or 1" },
		{ "fn_bool", false, 0, FINDING_OK, "use 0 (false) or 1 (true)" },
		{ "fn_ptr", true, 0, FINDING_WARNING, "NULL" },
		{ "fn_ptr", true, -12, FINDING_WARNING, "ERR_PTR(-ENOMEM)" },
		{ "fn_ptr", true, -4095, FINDING_WARNING, "IS_ERR()" },
		{ "fn_ptr", true, -4096, FINDING_ERROR, "neither NULL nor an ERR_PTR" },
		{ "fn_ptr", true, 1, FINDING_ERROR, "neither NULL nor an ERR_PTR" },
		{ "fn_int", true, -1, FINDING_OK, "-1 (-EPERM) fits int" },
		{ "fn_int", true, 2147483647, FINDING_OK, "fits int" },
		{ "fn_int", true, 2147483648LL, FINDING_WARNING, "callers read -2147483648" },
		{ "fn_int", true, -2147483649LL, FINDING_WARNING, "out of range of int" },
		{ "fn_long", true, -9223372036854775807LL - 1, FINDING_OK, "fits long" },
		{ "fn_ssize", true, -22, FINDING_OK, "(-EINVAL) fits ssize_t" },
		{ "fn_uint", true, -1, FINDING_ERROR, "callers read 4294967295" },
		{ "fn_uint", true, 4294967295LL, FINDING_OK, "fits unsigned int" },
		{ "fn_uint", true, 4294967296LL, FINDING_WARNING, "callers read 0" },
		{ "fn_size", true, 0, FINDING_OK, "fits size_t" },
		{ "fn_size", true, -12, FINDING_ERROR, "is unsigned" },
		{ "fn_size", false, 0, FINDING_OK, "64-bit unsigned" },
		{ "fn_char", true, 127, FINDING_OK, "fits char" },
		{ "fn_char", true, 128, FINDING_WARNING, "callers read -128" },
		{ "fn_enum", true, 7, FINDING_OK, "KS_DEAD" },
		{ "fn_enum", true, 3, FINDING_WARNING, "none of the 3 enumerators" },
		{ "fn_enum", true, 1LL << 33, FINDING_WARNING, "out of range" },
		{ "fn_struct", true, 0, FINDING_ERROR, "by value" },
		{ "fn_double", true, 0, FINDING_ERROR, "floating-point" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *test = xasprintf("verdict: %s %s%lld", cases[i].function,
				       cases[i].has_value ? "" : "without value ",
				       cases[i].value);
		char *message;
		int level = verdict(btf, cases[i].function, cases[i].has_value, cases[i].value, &message);

		kt_check(level == (int)cases[i].level && message && strstr(message, cases[i].message),
			 test, "expected %s with '%s', got %s: '%s'",
			 finding_level_name(cases[i].level), cases[i].message,
			 level < 0 ? "none" : finding_level_name((enum finding_level)level),
			 message ? message : "(null)");
		free(message);
		free(test);
	}
}

static void test_cache(struct btf *vmlinux)
{
	char *root = kt_scratch("btf-cache");
	struct btf *module;
	struct btf_cache cache;
	struct fn_proto proto;
	struct ksctl ctx;
	char *source = NULL;
	int t_uint;

	module = btf__new_empty_split(vmlinux);
	t_uint = btf__find_by_name_kind(module, "unsigned int", BTF_KIND_INT);
	add_function(module, "mod_only", t_uint);
	/* Same name as a vmlinux function: the module's own must win. */
	add_function(module, "fn_int", t_uint);

	kt_write_btf(root, "sys/kernel/btf/vmlinux", vmlinux);
	kt_write_btf(root, "sys/kernel/btf/fakemod", module);
	kt_context(&ctx, root, "test");
	btf_cache_init(&cache, &ctx);

	kt_eq_int("btf cache: vmlinux lookup", 0, btf_lookup(&cache, "vmlinux", "fn_bool", &proto, &source));
	kt_eq_str("btf cache: vmlinux source", "/sys/kernel/btf/vmlinux", source);
	free(source);
	source = NULL;
	fn_proto_free(&proto);

	kt_eq_int("btf cache: module function", 0, btf_lookup(&cache, "fakemod", "mod_only", &proto, &source));
	kt_eq_str("btf cache: module prototype", "unsigned int mod_only(void)", proto.text);
	kt_eq_str("btf cache: module source", "/sys/kernel/btf/fakemod", source);
	free(source);
	source = NULL;
	fn_proto_free(&proto);

	kt_eq_int("btf cache: module shadows vmlinux", 0, btf_lookup(&cache, "fakemod", "fn_int", &proto, NULL));
	kt_eq_str("btf cache: module's own fn_int", "unsigned int fn_int(void)", proto.text);
	fn_proto_free(&proto);

	kt_eq_int("btf cache: base types through the module", 0,
		  btf_lookup(&cache, "fakemod", "fn_long", &proto, NULL));
	fn_proto_free(&proto);
	kt_eq_int("btf cache: module without BTF", -61,
		  btf_lookup(&cache, "nobtf", "fn_int", &proto, NULL));
	kt_eq_int("btf cache: unknown function", -2,
		  btf_lookup(&cache, "vmlinux", "nope", &proto, NULL));

	btf_cache_free(&cache);
	btf__free(module);
	ksctl_free(&ctx);
	free(root);
}

void test_btf(void)
{
	struct btf *btf = kt_build_vmlinux_btf();

	test_prototypes(btf);
	test_verdicts(btf);
	test_cache(btf);
	btf__free(btf);
}
