/* SPDX-License-Identifier: GPL-2.0 */
/* Function prototypes and return types from kernel BTF (libbpf). */
#ifndef KSCTL_BTFINFO_H
#define KSCTL_BTFINFO_H

#include <stdbool.h>
#include <stddef.h>

struct btf;
struct ksctl;

enum ret_class {
	RET_VOID,
	RET_BOOL,
	RET_POINTER,
	RET_SIGNED,
	RET_UNSIGNED,
	RET_ENUM,
	/* A struct or union returned by value. */
	RET_AGGREGATE,
	RET_FLOAT,
	RET_OTHER,
};

struct enumerator {
	char *name;
	long long value;
};

struct ret_type {
	enum ret_class cls;
	/* Size in bytes; 0 for void. */
	unsigned int size;
	/* For RET_ENUM: whether BTF marks the enum signed. */
	bool is_signed;
	/* The return type as C text, e.g. "struct sk_buff *". */
	char *name;
	struct enumerator *enumerators;
	size_t enumerator_count;
};

struct fn_proto {
	/* The whole prototype as C text: "int foo(struct sock *sk, int len)". */
	char *text;
	struct ret_type ret;
};

/*
 * Describe function @name of @btf (its BTF_KIND_FUNC). Returns 0, or
 * -ENOENT when @btf has no such function.
 */
int btf_describe_function(const struct btf *btf, const char *name,
			  struct fn_proto *out);
void fn_proto_free(struct fn_proto *proto);
const char *ret_class_name(enum ret_class cls);

/*
 * Loaded BTF: /sys/kernel/btf/vmlinux and the split BTF of modules in
 * /sys/kernel/btf/MODULE, each read once per run.
 */
struct btf_cache {
	const struct ksctl *ctx;
	struct btf *vmlinux;
	int vmlinux_error;
	bool vmlinux_tried;
	struct btf_module {
		char *name;
		/* NULL when the module has no BTF file. */
		struct btf *btf;
	} *modules;
	size_t module_count;
};

void btf_cache_init(struct btf_cache *cache, const struct ksctl *ctx);
void btf_cache_free(struct btf_cache *cache);
/* vmlinux BTF, or NULL when it cannot be read (errno-style code in vmlinux_error). */
struct btf *btf_cache_vmlinux(struct btf_cache *cache);
/* Split BTF of loaded @module ("vmlinux" gives the base), or NULL. */
struct btf *btf_cache_module(struct btf_cache *cache, const char *module);

/*
 * Look up the prototype of @symbol in the BTF of @module ("vmlinux" or a
 * module name). On success *source names the BTF file used.
 * Returns 0, -ENODATA when that BTF is missing, or -ENOENT when it has no
 * such function.
 */
int btf_lookup(struct btf_cache *cache, const char *module, const char *symbol,
	       struct fn_proto *out, char **source);

#endif /* KSCTL_BTFINFO_H */
