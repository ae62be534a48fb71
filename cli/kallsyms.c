// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/kallsyms reader. Each line is "ADDRESS TYPE NAME" with a fourth
 * column "[MODULE]" for symbols of loaded modules. Without CAP_SYSLOG the
 * addresses read as zero, which does not matter here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"
#include "ksctl.h"

void ksym_list_add(struct ksym_list *list, const char *name, char type,
		   const char *module)
{
	struct ksym *sym;

	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 8;
		list->items = xrealloc(list->items, list->cap * sizeof(*list->items));
	}
	sym = &list->items[list->count++];
	sym->name = xstrdup(name);
	sym->type = type;
	sym->module = module ? xstrdup(module) : NULL;
}

void ksym_list_free(struct ksym_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		free(list->items[i].name);
		free(list->items[i].module);
	}
	free(list->items);
	list->items = NULL;
	list->count = 0;
	list->cap = 0;
}

bool ksym_is_text(char type)
{
	return type == 't' || type == 'T';
}

const char *clone_suffix(const char *name, const char *symbol)
{
	size_t len = strlen(symbol);

	if (strncmp(name, symbol, len) != 0 || name[len] != '.' || name[len + 1] == '\0')
		return NULL;
	return name + len + 1;
}

int kallsyms_lookup(const char *path, const char *symbol,
		    struct ksym_list *exact, struct ksym_list *clones)
{
	size_t symbol_len = strlen(symbol);
	char *line = NULL;
	size_t cap = 0;
	FILE *file;

	file = fopen(path, "re");
	if (!file)
		return -errno;

	while (getline(&line, &cap, file) > 0) {
		char *save = NULL;
		char *name;
		char *type;
		char *module;

		if (!strtok_r(line, " \t\n", &save))
			continue;
		type = strtok_r(NULL, " \t\n", &save);
		name = strtok_r(NULL, " \t\n", &save);
		if (!type || !name || strncmp(name, symbol, symbol_len) != 0)
			continue;

		module = strtok_r(NULL, " \t\n", &save);
		if (module && module[0] == '[') {
			module++;
			module[strcspn(module, "]")] = '\0';
		} else {
			module = NULL;
		}

		if (name[symbol_len] == '\0')
			ksym_list_add(exact, name, type[0], module);
		else if (clone_suffix(name, symbol))
			ksym_list_add(clones, name, type[0], module);
	}
	free(line);
	fclose(file);
	return 0;
}

/* Whether dot-separated @suffix has the component @word. */
static bool suffix_has_component(const char *suffix, const char *word)
{
	size_t len = strlen(word);
	const char *p = suffix;

	while (p) {
		if (strncmp(p, word, len) == 0 && (p[len] == '.' || p[len] == '\0'))
			return true;
		p = strchr(p, '.');
		if (p)
			p++;
	}
	return false;
}

/*
 * Classify a GCC or clang clone suffix. A cold part of any clone
 * ("isra.0.cold") is still reached only through its parent, so "cold"
 * anywhere wins. Otherwise the first component names the transformation.
 */
enum clone_kind clone_classify(const char *suffix)
{
	if (suffix_has_component(suffix, "cold"))
		return CLONE_COLD;
	if (has_prefix(suffix, "isra.") || has_prefix(suffix, "constprop."))
		return CLONE_COPY;
	if (has_prefix(suffix, "part."))
		return CLONE_PART;
	if (has_prefix(suffix, "llvm."))
		return CLONE_LLVM;
	return CLONE_OTHER;
}

const char *clone_kind_name(enum clone_kind kind)
{
	switch (kind) {
	case CLONE_COPY:
		return "copy";
	case CLONE_PART:
		return "part";
	case CLONE_COLD:
		return "cold";
	case CLONE_LLVM:
		return "llvm";
	case CLONE_OTHER:
		break;
	}
	return "other";
}

/*
 * Copies (.isra, .constprop) and unknown suffixes run their own body.
 * An .llvm.N name is a whole function too, so it counts as one.
 */
bool clone_bypasses_engagement(enum clone_kind kind)
{
	return kind == CLONE_COPY || kind == CLONE_LLVM || kind == CLONE_OTHER;
}

char *clone_base_name(const char *symbol)
{
	const char *dot = strchr(symbol, '.');
	size_t len;
	char *base;

	if (!dot || dot == symbol)
		return NULL;
	len = (size_t)(dot - symbol);
	base = xmalloc(len + 1);
	memcpy(base, symbol, len);
	base[len] = '\0';
	return base;
}
