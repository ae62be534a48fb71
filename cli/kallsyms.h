/* SPDX-License-Identifier: GPL-2.0 */
/* Symbol lookups in /proc/kallsyms and compiler-clone naming. */
#ifndef KSCTL_KALLSYMS_H
#define KSCTL_KALLSYMS_H

#include <stdbool.h>
#include <stddef.h>

struct ksym {
	char *name;
	/* nm-style type letter: t/T text, d/D data, b/B bss, r/R rodata, ... */
	char type;
	/* Owning module, or NULL for the core kernel (vmlinux). */
	char *module;
};

struct ksym_list {
	struct ksym *items;
	size_t count;
	size_t cap;
};

void ksym_list_add(struct ksym_list *list, const char *name, char type,
		   const char *module);
void ksym_list_free(struct ksym_list *list);

/*
 * Collect the lines of kallsyms file @path that name @symbol exactly into
 * @exact, in file order, and those naming a clone "@symbol.SUFFIX" into
 * @clones. Returns 0 or a negative errno from opening the file.
 */
int kallsyms_lookup(const char *path, const char *symbol,
		    struct ksym_list *exact, struct ksym_list *clones);

bool ksym_is_text(char type);

enum clone_kind {
	/* .isra.N, .constprop.N: a separate copy that callers call directly. */
	CLONE_COPY,
	/* .part.N: the outlined rest of the function, reached through it. */
	CLONE_PART,
	/* .cold: the unlikely path, reached only through its parent. */
	CLONE_COLD,
	/* .llvm.N: a local function renamed by clang's LTO. */
	CLONE_LLVM,
	/* Any other suffix the compiler may add (.lto_priv.N, ...). */
	CLONE_OTHER,
};

/* The suffix of @name after "@symbol.", or NULL when @name is no clone of it. */
const char *clone_suffix(const char *name, const char *symbol);
enum clone_kind clone_classify(const char *suffix);
const char *clone_kind_name(enum clone_kind kind);
/* Whether the body keeps running through this clone when only the symbol is engaged. */
bool clone_bypasses_engagement(enum clone_kind kind);
/* @symbol without its clone suffix, as a new string; NULL if it has none. */
char *clone_base_name(const char *symbol);

#endif /* KSCTL_KALLSYMS_H */
