// SPDX-License-Identifier: GPL-2.0
/* Module file search with libkmod and libelf; see modfile.h. */
#include <errno.h>
#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decompress.h"
#include "ksctl.h"
#include "modfile.h"

char *module_name_from_path(const char *path)
{
	static const char *const suffixes[] = { ".ko.xz", ".ko.zst", ".ko.gz", ".ko" };
	const char *base = strrchr(path, '/');
	char *name;
	size_t len;
	size_t i;

	name = xstrdup(base ? base + 1 : path);
	len = strlen(name);
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t suffix_len = strlen(suffixes[i]);

		if (len > suffix_len && strcmp(name + len - suffix_len, suffixes[i]) == 0) {
			name[len - suffix_len] = '\0';
			break;
		}
	}
	for (i = 0; name[i]; i++) {
		if (name[i] == '-')
			name[i] = '_';
	}
	return name;
}

/* Read module file @path and look for @symbol; 1 found, 0 not, < 0 error. */
static int scan_module_file(const char *path, const char *symbol,
			    struct modfile_match *match)
{
	unsigned char *image;
	size_t size;
	int ret;

	match->files_read++;
	ret = module_image_read(path, &image, &size);
	if (ret)
		return ret;
	ret = elf_scan_image(image, size, symbol, &match->scan);
	free(image);
	if (ret)
		return ret;
	if (!match->scan.found) {
		elf_scan_free(&match->scan);
		return 0;
	}
	match->path = xstrdup(path);
	match->module = module_name_from_path(path);
	return 1;
}

static void kmod_log_nothing(void *data, int priority, const char *file, int line,
			     const char *fn, const char *format, va_list args)
{
	(void)data;
	(void)priority;
	(void)file;
	(void)line;
	(void)fn;
	(void)format;
	(void)args;
}

/* Exported symbols: libkmod resolves the alias "symbol:NAME" from modules.symbols. */
static int find_exported(struct kmod_ctx *kmod, const char *symbol,
			 struct modfile_match *match)
{
	struct kmod_list *list = NULL;
	struct kmod_list *item;
	char *alias;
	int ret = 0;

	alias = xasprintf("symbol:%s", symbol);
	if (kmod_module_new_from_lookup(kmod, alias, &list) < 0)
		list = NULL;
	free(alias);

	kmod_list_foreach(item, list) {
		struct kmod_module *mod = kmod_module_get_module(item);
		const char *path = kmod_module_get_path(mod);

		if (path)
			ret = scan_module_file(path, symbol, match);
		kmod_module_unref(mod);
		if (ret == 1)
			break;
		ret = 0;
	}
	kmod_module_unref_list(list);
	return ret;
}

/* Every other symbol: read each module that modules.dep lists. */
static int find_by_scan(struct kmod_ctx *kmod, const char *moddir,
			const char *symbol, struct modfile_match *match)
{
	char *dep_path = xasprintf("%s/modules.dep", moddir);
	char *line = NULL;
	size_t cap = 0;
	FILE *dep;
	int ret = 0;

	dep = fopen(dep_path, "re");
	free(dep_path);
	if (!dep)
		return -errno;

	while (ret != 1 && getline(&line, &cap, dep) > 0) {
		struct kmod_module *mod = NULL;
		char *colon = strchr(line, ':');
		char *path;

		if (!colon)
			continue;
		*colon = '\0';
		path = line[0] == '/' ? xstrdup(line) : xasprintf("%s/%s", moddir, line);

		/* libkmod names the module, handling the suffixes and '-' as the kernel does. */
		ret = scan_module_file(path, symbol, match);
		if (ret == 1 && kmod_module_new_from_path(kmod, path, &mod) == 0) {
			free(match->module);
			match->module = xstrdup(kmod_module_get_name(mod));
			kmod_module_unref(mod);
		}
		/* An unreadable or corrupt module must not end the search. */
		if (ret < 0)
			ret = 0;
		free(path);
	}
	free(line);
	fclose(dep);
	return ret;
}

int modfile_find(const struct ksctl *ctx, const char *symbol,
		 struct modfile_match *match)
{
	const char *no_config[] = { NULL };
	struct kmod_ctx *kmod;
	char *moddir;
	int ret;

	memset(match, 0, sizeof(*match));
	moddir = ksctl_path(ctx, "/lib/modules/%s", ctx->kernel_release);
	if (!path_exists(moddir)) {
		free(moddir);
		return -ENOENT;
	}

	/* No modprobe.d configuration: only the module files matter here. */
	kmod = kmod_new(moddir, no_config);
	if (!kmod) {
		free(moddir);
		return -ENOMEM;
	}
	kmod_set_log_fn(kmod, kmod_log_nothing, NULL);

	ret = find_exported(kmod, symbol, match);
	if (ret == 0)
		ret = find_by_scan(kmod, moddir, symbol, match);

	kmod_unref(kmod);
	free(moddir);
	return ret;
}

void modfile_match_free(struct modfile_match *match)
{
	free(match->module);
	free(match->path);
	elf_scan_free(&match->scan);
	match->module = NULL;
	match->path = NULL;
}
