// SPDX-License-Identifier: GPL-2.0
/*
 * kscatalog: the catalog checker `make check` runs, and the generator of
 * the entry table in docs/catalog.md.
 *
 *   kscatalog check DIR [KVER=KDIR...]
 *       validate every entry of DIR (each known fixed version and commit
 *       must cite its source); with kernel directories (build/KVER
 *       as kernels.sh writes it), also check that each target exists in
 *       the kernel of its line: a module function in KDIR/symbols (lines
 *       "MODULE SYMBOL"), a vmlinux function as a BTF function in
 *       KDIR/vmlinux.btf. KVER starting with 6.1. is the 6.1 kernel, 6.12.
 *       the 6.12 one. A target exists in both unless its "kernels" says
 *       otherwise.
 *   kscatalog table DIR
 *       print the Markdown table of the entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "catalog.h"

struct symset {
	char **lines;	/* "module symbol", sorted */
	size_t count;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int symset_load(const char *path, struct symset *set)
{
	FILE *f = fopen(path, "r");
	size_t cap = 0;
	char buf[512];

	memset(set, 0, sizeof(*set));
	if (!f)
		return -1;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (!buf[0])
			continue;
		if (set->count == cap) {
			cap = cap ? cap * 2 : 4096;
			set->lines = xrealloc(set->lines, cap * sizeof(*set->lines));
		}
		set->lines[set->count++] = xstrdup(buf);
	}
	fclose(f);
	qsort(set->lines, set->count, sizeof(*set->lines), cmp_str);
	return 0;
}

static bool symset_has(const struct symset *set, struct btf *vmlinux, const char *module,
		       const char *symbol)
{
	char *key;

	if (!module)
		return btf__find_by_name_kind(vmlinux, symbol, BTF_KIND_FUNC) >= 0;
	key = xasprintf("%s %s", module, symbol);
	bool found = bsearch(&key, set->lines, set->count, sizeof(*set->lines), cmp_str) != NULL;

	free(key);
	return found;
}

static int check(int argc, char **argv)
{
	struct strlist errors = { 0 };
	struct catalog cat;
	size_t problems, i, t, with_target = 0, known_lines = 0;
	int k;

	problems = catalog_load_dir(argv[2], &cat, &errors);
	for (k = 3; k < argc; k++) {
		char *eq = strchr(argv[k], '=');
		enum catalog_line line;
		struct symset set;
		struct btf *vmlinux;
		char *path;

		if (!eq) {
			fprintf(stderr, "kscatalog: expected KVER=DIR, not %s\n", argv[k]);
			return 2;
		}
		*eq = '\0';
		if (has_prefix(argv[k], "6.1."))
			line = LINE_6_1;
		else if (has_prefix(argv[k], "6.12."))
			line = LINE_6_12;
		else {
			fprintf(stderr, "kscatalog: %s is neither a 6.1 nor a 6.12 kernel\n", argv[k]);
			return 2;
		}
		path = xasprintf("%s/symbols", eq + 1);
		if (symset_load(path, &set) || set.count == 0) {
			fprintf(stderr, "kscatalog: cannot read symbols from %s\n", path);
			return 2;
		}
		free(path);
		path = xasprintf("%s/vmlinux.btf", eq + 1);
		vmlinux = btf__parse_raw(path);
		if (!vmlinux || btf__find_by_name_kind(vmlinux, "__sock_create", BTF_KIND_FUNC) < 0) {
			fprintf(stderr, "kscatalog: cannot read the vmlinux BTF %s\n", path);
			return 2;
		}
		free(path);
		for (i = 0; i < cat.count; i++) {
			for (t = 0; t < cat.entries[i].target_count; t++) {
				const struct catalog_target *tg = &cat.entries[i].targets[t];
				bool has;

				if (!tg->symbol)
					continue;
				has = symset_has(&set, vmlinux, tg->module, tg->symbol);
				if (catalog_target_on_line(tg, line) && !has) {
					strlist_add(&errors, xasprintf("%s: %s is not a function of %s in %s (is its module in tests/vm/modules.list?)",
								       cat.entries[i].path, tg->symbol,
								       tg->module ? tg->module : "vmlinux", argv[k]));
					problems++;
				} else if (!catalog_target_on_line(tg, line) && has) {
					strlist_add(&errors, xasprintf("%s: %s exists in %s, but \"kernels\" leaves that kernel out",
								       cat.entries[i].path, tg->target, argv[k]));
					problems++;
				}
			}
		}
		for (i = 0; i < set.count; i++)
			free(set.lines[i]);
		free(set.lines);
		btf__free(vmlinux);
	}
	for (i = 0; i < errors.count; i++)
		fprintf(stderr, "kscatalog: %s\n", errors.items[i]);
	for (i = 0; i < cat.count; i++) {
		with_target += cat.entries[i].target_count > 0;
		for (t = 0; t < LINE_COUNT; t++)
			known_lines += strcmp(cat.entries[i].fixed[t].version, "unknown") != 0;
	}
	printf("kscatalog: %zu entries (%zu with a target, %zu without a safe target), %zu of %zu fixed versions known, %zu problem%s\n",
	       cat.count, with_target, cat.count - with_target, known_lines, cat.count * LINE_COUNT,
	       problems, problems == 1 ? "" : "s");
	strlist_free(&errors);
	catalog_free(&cat);
	return problems ? 1 : 0;
}

/* Print @text for a table cell: '|' escaped, newlines as spaces. */
static void cell(const char *text)
{
	for (; text && *text; text++) {
		if (*text == '|')
			fputs("\\|", stdout);
		else if (*text == '\n')
			putchar(' ');
		else
			putchar(*text);
	}
}

static int table(const char *dir)
{
	struct strlist errors = { 0 };
	struct catalog cat;
	size_t i, t;

	if (catalog_load_dir(dir, &cat, &errors)) {
		for (i = 0; i < errors.count; i++)
			fprintf(stderr, "kscatalog: %s\n", errors.items[i]);
		return 1;
	}
	printf("| CVE | subsystem | target | user-visible impact |\n");
	printf("|---|---|---|---|\n");
	for (i = 0; i < cat.count; i++) {
		const struct catalog_entry *e = &cat.entries[i];

		printf("| %s", e->id);
		if (e->name)
			printf(" (%s)", e->name);
		printf(" | ");
		cell(e->subsystem);
		printf(" | ");
		if (e->target_count == 0)
			printf("none: see the entry");
		for (t = 0; t < e->target_count; t++) {
			printf("%s`%s %s`", t ? "<br>" : "", e->targets[t].target,
			       e->targets[t].retval_text);
			if (strcmp(e->targets[t].scope, "all") != 0)
				printf(" scope=%s", e->targets[t].scope);
			if (!e->targets[t].on_6_1 || !e->targets[t].on_6_12)
				printf(" (%s only)", e->targets[t].on_6_1 ? "6.1" : "6.12");
		}
		printf(" | ");
		cell(e->target_count ? e->impact : e->no_safe_target);
		printf(" |\n");
	}
	catalog_free(&cat);
	strlist_free(&errors);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "check") == 0)
		return check(argc, argv);
	if (argc == 3 && strcmp(argv[1], "table") == 0)
		return table(argv[2]);
	fprintf(stderr, "usage: kscatalog check DIR [KVER=KDIR...] | kscatalog table DIR\n");
	return 2;
}
