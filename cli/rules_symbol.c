// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol location rules: /proc/kallsyms for vmlinux and loaded modules,
 * then the module files of the kernel release for modules not loaded yet.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ksctl.h"
#include "preflight.h"

const char *preflight_kallsyms_module(const struct preflight_state *state)
{
	if (state->exact.count == 0)
		return NULL;
	return state->exact.items[0].module;
}

/* "vmlinux, af_alg" for the owners of every kallsyms line in @list. */
static char *list_owners(const struct ksym_list *list)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < list->count; i++) {
		if (i > 0)
			strbuf_append(&sb, ", ");
		strbuf_printf(&sb, "%s (type %c)",
			      list->items[i].module ? list->items[i].module : "vmlinux",
			      list->items[i].type);
	}
	return sb.data ? sb.data : xstrdup("");
}

/* Module names compare with - and _ as one, as the kernel stores them. */
static bool same_module(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '-' ? '_' : *a;
		char y = *b == '-' ? '_' : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

static void report_kallsyms_match(struct preflight_state *state)
{
	const char *symbol = state->request->symbol;
	const char *wanted = state->request->module;
	const struct ksym *first = &state->exact.items[0];
	const char *owner = first->module ? first->module : "vmlinux";

	if (wanted && !same_module(wanted, owner)) {
		findings_add(&state->result->findings, FINDING_ERROR, "symbol",
			     xasprintf("%s is in %s, not in module %s", symbol, owner, wanted),
			     first->module ? xasprintf("engage %s:%s", owner, symbol)
					   : xasprintf("engage %s without a module", symbol));
		return;
	}

	state->result->owner = xstrdup(owner);
	state->result->loaded = true;

	if (first->module)
		findings_add(&state->result->findings, FINDING_OK, "symbol",
			     xasprintf("%s is in loaded module %s (kallsyms type %c)", symbol,
				       owner, first->type), NULL);
	else
		findings_add(&state->result->findings, FINDING_OK, "symbol",
			     xasprintf("%s is in vmlinux (kallsyms type %c)", symbol, first->type),
			     NULL);

	if (state->exact.count > 1) {
		char *owners = list_owners(&state->exact);

		findings_add(&state->result->findings, FINDING_WARNING, "duplicate",
			     xasprintf("%s occurs %zu times in kallsyms: %s; the kernel resolves the first, in %s",
				       symbol, state->exact.count, owners, owner),
			     xstrdup("make sure the first one is the function you mean"));
		free(owners);
	}

	if (!ksym_is_text(first->type))
		findings_add(&state->result->findings, FINDING_ERROR, "type",
			     xasprintf("%s is a data symbol (kallsyms type %c), not a function",
				       symbol, first->type),
			     xstrdup("engage a function (kallsyms type t or T)"));
}

/* "a.isra.0 b.constprop.1" for the clone names of kallsyms. */
static char *list_clone_names(const struct ksym_list *list)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < list->count; i++)
		strbuf_printf(&sb, "%s%s", i ? ", " : "", list->items[i].name);
	return sb.data ? sb.data : xstrdup("");
}

static void search_module_files(struct preflight_state *state)
{
	const char *symbol = state->request->symbol;
	const struct ksctl *ctx = state->ctx;
	struct modfile_match *match = &state->module_match;
	int ret;

	ret = modfile_find(ctx, symbol, match);
	if (ret == 1) {
		state->module_found = true;
		state->result->owner = xstrdup(match->module);
		state->result->module_file = xstrdup(match->path);
		if (!match->scan.is_func) {
			findings_add(&state->result->findings, FINDING_ERROR, "type",
				     xasprintf("%s is a data symbol in module file %s, not a function",
					       symbol, match->path),
				     xstrdup("engage a function"));
			return;
		}
		if (!state->request->module) {
			findings_add(&state->result->findings, FINDING_ERROR, "symbol",
				     xasprintf("%s is in module %s (%s), which is not loaded: the kernel cannot resolve it now",
					       symbol, match->module, match->path),
				     xasprintf("engage %s:%s to arm it when the module loads, or load it first: modprobe %s",
					       match->module, symbol, match->module));
		} else if (same_module(state->request->module, match->module)) {
			findings_add(&state->result->findings, FINDING_OK, "symbol",
				     xasprintf("%s is in module %s (%s), not loaded now: the engagement stays pending and arms when the module loads, before its init function runs",
					       symbol, match->module, match->path),
				     NULL);
		} else {
			findings_add(&state->result->findings, FINDING_ERROR, "symbol",
				     xasprintf("%s is in module %s (%s), not in module %s",
					       symbol, match->module, match->path, state->request->module),
				     xasprintf("engage %s:%s", match->module, symbol));
		}
		return;
	}

	if (ret == -ENOENT)
		findings_add(&state->result->findings, FINDING_ERROR, "symbol",
			     xasprintf("%s is not in /proc/kallsyms, and module files were not searched: /lib/modules/%s is missing",
				       symbol, ctx->kernel_release),
			     xstrdup("check the spelling, or give the release with --kernel-release"));
	else if (ret < 0)
		findings_add(&state->result->findings, FINDING_ERROR, "symbol",
			     xasprintf("%s is not in /proc/kallsyms, and searching the modules of %s failed: %s",
				       symbol, ctx->kernel_release, strerror(-ret)),
			     xstrdup("check the spelling, and that /lib/modules is readable"));
	else
		findings_add(&state->result->findings, FINDING_ERROR, "symbol",
			     xasprintf("%s is neither in /proc/kallsyms nor in any module file of %s (%u read)",
				       symbol, ctx->kernel_release, match->files_read),
			     xstrdup("check the spelling; a static function the compiler inlined everywhere has no symbol and cannot be engaged"));
}

void rule_symbol(struct preflight_state *state)
{
	const char *symbol = state->request->symbol;
	char *path;
	int ret;

	path = ksctl_path(state->ctx, "/proc/kallsyms");
	ret = kallsyms_lookup(path, symbol, &state->exact, &state->kallsyms_clones);
	if (ret) {
		findings_add(&state->result->findings, FINDING_ERROR, "symbol",
			     xasprintf("cannot read %s: %s", path, strerror(-ret)),
			     xstrdup("mount /proc, or give the right --root"));
		free(path);
		return;
	}
	free(path);
	state->kallsyms_read = true;

	if (state->exact.count > 0) {
		report_kallsyms_match(state);
		return;
	}

	if (state->kallsyms_clones.count > 0) {
		char *names = list_clone_names(&state->kallsyms_clones);

		findings_add(&state->result->findings, FINDING_ERROR, "symbol",
			     xasprintf("%s is not in /proc/kallsyms, but its compiler clones are: %s",
				       symbol, names),
			     xstrdup("engage the clones by their full names instead"));
		free(names);
		return;
	}

	search_module_files(state);
}
