// SPDX-License-Identifier: GPL-2.0
/*
 * BTF reading with libbpf. A FUNC type points at a FUNC_PROTO whose type is
 * the return type and whose params carry the argument names. btf_dump
 * prints each of them as a C declaration.
 */
#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btfinfo.h"
#include "ksctl.h"

static void btf_print_to_strbuf(void *data, const char *fmt, va_list args)
{
	struct strbuf *sb = data;
	char *text = xvasprintf(fmt, args);

	strbuf_append(sb, text);
	free(text);
}

/* Append the declaration of type @id named @field (may be "") to @sb. */
static void append_decl(struct btf_dump *dump, struct strbuf *sb, __u32 id,
			const char *field)
{
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = field);

	if (btf_dump__emit_type_decl(dump, id, &opts))
		strbuf_append(sb, "?");
}

static char *format_prototype(const struct btf *btf, const char *name,
			      const struct btf_type *proto)
{
	const struct btf_param *params = btf_params(proto);
	unsigned int count = btf_vlen(proto);
	struct strbuf sb = { 0 };
	struct btf_dump *dump;
	unsigned int i;

	dump = btf_dump__new(btf, btf_print_to_strbuf, &sb, NULL);
	if (!dump)
		return NULL;

	append_decl(dump, &sb, proto->type, "");
	if (sb.len > 0 && sb.data[sb.len - 1] != '*')
		strbuf_append(&sb, " ");
	strbuf_printf(&sb, "%s(", name);
	if (count == 0)
		strbuf_append(&sb, "void");
	for (i = 0; i < count; i++) {
		if (i > 0)
			strbuf_append(&sb, ", ");
		/* A last parameter of type 0 is the "..." of a variadic function. */
		if (params[i].type == 0)
			strbuf_append(&sb, "...");
		else
			append_decl(dump, &sb, params[i].type,
				    btf__name_by_offset(btf, params[i].name_off));
	}
	strbuf_append(&sb, ")");
	btf_dump__free(dump);
	return sb.data;
}

static char *format_type(const struct btf *btf, __u32 id)
{
	struct strbuf sb = { 0 };
	struct btf_dump *dump;

	dump = btf_dump__new(btf, btf_print_to_strbuf, &sb, NULL);
	if (!dump)
		return xstrdup("?");
	append_decl(dump, &sb, id, "");
	btf_dump__free(dump);
	return sb.data ? sb.data : xstrdup("?");
}

/* Skip typedefs and qualifiers down to the type that decides the class. */
static __u32 resolve_type(const struct btf *btf, __u32 id)
{
	int guard;

	for (guard = 0; guard < 64 && id != 0; guard++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!t)
			return 0;
		if (!btf_is_typedef(t) && !btf_is_mod(t))
			break;
		id = t->type;
	}
	return id;
}

static void read_enumerators(const struct btf *btf, const struct btf_type *t,
			     struct ret_type *ret)
{
	unsigned int count = btf_vlen(t);
	unsigned int i;

	ret->enumerators = xcalloc(count, sizeof(*ret->enumerators));
	ret->enumerator_count = count;
	for (i = 0; i < count; i++) {
		struct enumerator *e = &ret->enumerators[i];

		if (btf_is_enum(t)) {
			const struct btf_enum *item = &btf_enum(t)[i];

			e->name = xstrdup(btf__name_by_offset(btf, item->name_off));
			e->value = ret->is_signed ? (long long)item->val
						  : (long long)(__u32)item->val;
		} else {
			const struct btf_enum64 *item = &btf_enum64(t)[i];

			e->name = xstrdup(btf__name_by_offset(btf, item->name_off));
			e->value = (long long)btf_enum64_value(item);
		}
	}
}

static void classify_return(const struct btf *btf, __u32 id, struct ret_type *ret)
{
	const struct btf_type *t;
	__u32 resolved = resolve_type(btf, id);

	ret->name = id ? format_type(btf, id) : xstrdup("void");
	if (resolved == 0) {
		ret->cls = RET_VOID;
		return;
	}
	t = btf__type_by_id(btf, resolved);

	if (btf_is_int(t)) {
		__u8 encoding = btf_int_encoding(t);

		ret->size = t->size;
		if (encoding & BTF_INT_BOOL)
			ret->cls = RET_BOOL;
		else if (encoding & BTF_INT_SIGNED)
			ret->cls = RET_SIGNED;
		else
			ret->cls = RET_UNSIGNED;
	} else if (btf_is_ptr(t)) {
		ret->cls = RET_POINTER;
		ret->size = sizeof(void *);
	} else if (btf_is_any_enum(t)) {
		ret->cls = RET_ENUM;
		ret->size = t->size;
		ret->is_signed = btf_kflag(t);
		read_enumerators(btf, t, ret);
	} else if (btf_is_composite(t)) {
		ret->cls = RET_AGGREGATE;
		ret->size = t->size;
	} else if (btf_is_float(t)) {
		ret->cls = RET_FLOAT;
		ret->size = t->size;
	} else {
		ret->cls = RET_OTHER;
	}
}

/*
 * Find FUNC @name, preferring the types of split BTF over its base: a
 * module may have a static function of the same name as one in vmlinux.
 */
static __s32 find_function(const struct btf *btf, const char *name)
{
	const struct btf *base = btf__base_btf(btf);
	__u32 id = base ? btf__type_cnt(base) : 1;
	__u32 end = btf__type_cnt(btf);

	for (; base && id < end; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_func(t) && strcmp(btf__name_by_offset(btf, t->name_off), name) == 0)
			return (__s32)id;
	}
	return btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
}

int btf_describe_function(const struct btf *btf, const char *name,
			  struct fn_proto *out)
{
	const struct btf_type *func;
	const struct btf_type *proto;
	__s32 id;

	memset(out, 0, sizeof(*out));
	id = find_function(btf, name);
	if (id <= 0)
		return -ENOENT;
	func = btf__type_by_id(btf, (__u32)id);
	proto = func ? btf__type_by_id(btf, func->type) : NULL;
	if (!proto || !btf_is_func_proto(proto))
		return -ENOENT;

	out->text = format_prototype(btf, name, proto);
	if (!out->text)
		out->text = xstrdup(name);
	classify_return(btf, proto->type, &out->ret);
	return 0;
}

void fn_proto_free(struct fn_proto *proto)
{
	size_t i;

	free(proto->text);
	free(proto->ret.name);
	for (i = 0; i < proto->ret.enumerator_count; i++)
		free(proto->ret.enumerators[i].name);
	free(proto->ret.enumerators);
	memset(proto, 0, sizeof(*proto));
}

const char *ret_class_name(enum ret_class cls)
{
	switch (cls) {
	case RET_VOID:
		return "void";
	case RET_BOOL:
		return "bool";
	case RET_POINTER:
		return "pointer";
	case RET_SIGNED:
		return "signed";
	case RET_UNSIGNED:
		return "unsigned";
	case RET_ENUM:
		return "enum";
	case RET_AGGREGATE:
		return "aggregate";
	case RET_FLOAT:
		return "float";
	case RET_OTHER:
		break;
	}
	return "other";
}

void btf_cache_init(struct btf_cache *cache, const struct ksctl *ctx)
{
	memset(cache, 0, sizeof(*cache));
	cache->ctx = ctx;
}

void btf_cache_free(struct btf_cache *cache)
{
	size_t i;

	/* Split BTF refers to its base: free the modules first. */
	for (i = 0; i < cache->module_count; i++) {
		btf__free(cache->modules[i].btf);
		free(cache->modules[i].name);
	}
	free(cache->modules);
	btf__free(cache->vmlinux);
	memset(cache, 0, sizeof(*cache));
}

struct btf *btf_cache_vmlinux(struct btf_cache *cache)
{
	char *path;

	if (cache->vmlinux_tried)
		return cache->vmlinux;
	cache->vmlinux_tried = true;

	path = ksctl_path(cache->ctx, "/sys/kernel/btf/vmlinux");
	cache->vmlinux = btf__parse(path, NULL);
	if (!cache->vmlinux)
		cache->vmlinux_error = errno ? -errno : -EINVAL;
	free(path);
	return cache->vmlinux;
}

struct btf *btf_cache_module(struct btf_cache *cache, const char *module)
{
	struct btf *base = btf_cache_vmlinux(cache);
	struct btf_module *entry;
	char *path;
	size_t i;

	if (strcmp(module, "vmlinux") == 0)
		return base;
	for (i = 0; i < cache->module_count; i++) {
		if (strcmp(cache->modules[i].name, module) == 0)
			return cache->modules[i].btf;
	}

	cache->modules = xrealloc(cache->modules,
				  (cache->module_count + 1) * sizeof(*cache->modules));
	entry = &cache->modules[cache->module_count++];
	entry->name = xstrdup(module);
	entry->btf = NULL;
	if (!base)
		return NULL;

	path = ksctl_path(cache->ctx, "/sys/kernel/btf/%s", module);
	entry->btf = btf__parse_split(path, base);
	free(path);
	return entry->btf;
}

int btf_lookup(struct btf_cache *cache, const char *module, const char *symbol,
	       struct fn_proto *out, char **source)
{
	struct btf *btf;
	int ret;

	btf = btf_cache_module(cache, module ? module : "vmlinux");
	if (!btf)
		return -ENODATA;
	ret = btf_describe_function(btf, symbol, out);
	if (ret == 0 && source)
		*source = xasprintf("/sys/kernel/btf/%s", module ? module : "vmlinux");
	return ret;
}
