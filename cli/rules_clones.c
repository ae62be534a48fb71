// SPDX-License-Identifier: GPL-2.0
/*
 * Compiler clones of the symbol. GCC's IPA passes make "foo.isra.N"
 * (arguments removed or passed by value) and "foo.constprop.N" (an argument
 * fixed to a constant): separate copies of the body that callers call
 * directly, so engaging only foo leaves those callers running the body.
 * "foo.part.N" (the outlined rest of foo after partial inlining) and
 * "foo.cold" (its unlikely path) are reached only through foo.
 */
#include <stdlib.h>
#include <string.h>

#include "ks_parse.h"
#include "ksctl.h"
#include "preflight.h"

static bool same_module(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static void add_clone(struct preflight_result *result, const char *name)
{
	const char *dot = strchr(name, '.');
	struct clone_info *clone;
	size_t i;

	for (i = 0; i < result->clone_count; i++) {
		if (strcmp(result->clones[i].name, name) == 0)
			return;
	}
	result->clones = xrealloc(result->clones,
				  (result->clone_count + 1) * sizeof(*result->clones));
	clone = &result->clones[result->clone_count++];
	clone->name = xstrdup(name);
	clone->kind = clone_classify(dot + 1);
}

/* The RETVAL text for a suggested command: "-ENAME", a number, or "RETVAL". */
static char *suggested_retval(const struct preflight_request *request)
{
	const char *name;

	if (!request->has_retval)
		return xstrdup("RETVAL");
	name = ks_errno_name(request->retval);
	if (name)
		return xasprintf("-%s", name);
	return xasprintf("%lld", request->retval);
}

static void collect_clones(struct preflight_state *state)
{
	const char *owner_module = preflight_kallsyms_module(state);
	size_t i;

	for (i = 0; i < state->kallsyms_clones.count; i++) {
		const struct ksym *sym = &state->kallsyms_clones.items[i];

		/* A clone of a same-named static function elsewhere is not ours. */
		if (state->exact.count > 0 && !same_module(sym->module, owner_module))
			continue;
		add_clone(state->result, sym->name);
	}
	if (state->module_found) {
		for (i = 0; i < state->module_match.scan.clones.count; i++)
			add_clone(state->result, state->module_match.scan.clones.items[i]);
	}
}

void rule_clones(struct preflight_state *state)
{
	struct preflight_result *result = state->result;
	const char *symbol = state->request->symbol;
	struct strbuf bypassing = { 0 };
	struct strbuf contained = { 0 };
	char *retval;
	size_t i;

	collect_clones(state);
	if (result->clone_count == 0) {
		findings_add(&result->findings, FINDING_OK, "clones",
			     xasprintf("%s has no compiler clones", symbol), NULL);
		return;
	}

	retval = suggested_retval(state->request);
	for (i = 0; i < result->clone_count; i++) {
		const struct clone_info *clone = &result->clones[i];
		struct strbuf *sb = clone_bypasses_engagement(clone->kind) ? &bypassing : &contained;

		strbuf_printf(sb, "%s%s (%s)", sb->len ? ", " : "", clone->name,
			      clone_kind_name(clone->kind));
		if (clone_bypasses_engagement(clone->kind))
			strlist_add(&result->suggestions,
				    xasprintf("ksctl engage %s %s", clone->name, retval));
	}

	if (bypassing.len) {
		struct strbuf action = { 0 };

		strbuf_append(&action, "engage them too, after checking each with ksctl check (an .isra clone may take other arguments or return nothing):");
		for (i = 0; i < result->suggestions.count; i++)
			strbuf_printf(&action, " %s%s", result->suggestions.items[i],
				      i + 1 < result->suggestions.count ? ";" : "");
		findings_add(&result->findings, FINDING_WARNING, "clones",
			     xasprintf("callers may call these clones of %s directly, and they would keep running the body: %s",
				       symbol, bypassing.data),
			     action.data);
	}
	if (contained.len)
		findings_add(&result->findings, FINDING_OK, "clones",
			     xasprintf("%s: reached only through %s, so engaging it covers them",
				       contained.data, symbol), NULL);

	free(retval);
	strbuf_free(&bypassing);
	strbuf_free(&contained);
}
