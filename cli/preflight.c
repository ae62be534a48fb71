// SPDX-License-Identifier: GPL-2.0
/* The preflight run: which rules apply, in which order, and the output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ks_parse.h"
#include "ksctl.h"
#include "preflight.h"
#include "retfit.h"
#include "sysinfo.h"

/* Whether killswitch is loaded, already has the symbol, and lockdown allows it. */
void rule_killswitch(struct preflight_state *state)
{
	const char *symbol = state->request->symbol;
	const struct engagement *engagement;
	unsigned int bad_line = 0;
	char *mode = NULL;
	int ret;

	ret = engaged_read(state->ctx, &state->engaged, &bad_line);
	if (ret == -ENOENT) {
		findings_add(&state->result->findings, FINDING_WARNING, "killswitch",
			     xstrdup("killswitch.ko is not loaded"),
			     xstrdup("load it before engaging: modprobe killswitch"));
	} else if (ret) {
		findings_add(&state->result->findings, FINDING_WARNING, "killswitch",
			     ret == -EBADMSG
				     ? xasprintf("line %u of %s/engaged is malformed", bad_line, KSCTL_KS_DIR)
				     : xasprintf("cannot read %s/engaged: %s", KSCTL_KS_DIR, strerror(-ret)),
			     xstrdup("run as root, and make sure ksctl matches the loaded killswitch.ko"));
	} else {
		state->killswitch_loaded = true;
		engagement = engaged_find(&state->engaged, symbol);
		if (engagement) {
			char *value = format_retval(engagement->retval);

			findings_add(&state->result->findings, FINDING_ERROR, "engaged",
				     xasprintf("%s is already engaged (retval %s, state %s)", symbol,
					       value, engagement->state),
				     xasprintf("disengage it first: ksctl disengage %s", symbol));
			free(value);
		} else {
			findings_add(&state->result->findings, FINDING_OK, "engaged",
				     xasprintf("%s is not engaged yet", symbol), NULL);
		}
	}

	ret = lockdown_read(state->ctx, &mode);
	if (ret == 0 && strcmp(mode, "none") != 0)
		findings_add(&state->result->findings, FINDING_ERROR, "lockdown",
			     xasprintf("the kernel is locked down (%s): killswitch rejects engagements with EPERM",
				       mode),
			     xstrdup("boot without lockdown (no lockdown= option, Secure Boot off) to use killswitch"));
	else if (ret == 0)
		findings_add(&state->result->findings, FINDING_OK, "lockdown",
			     xstrdup("the kernel is not locked down"), NULL);
	free(mode);
}

size_t preflight_run(const struct ksctl *ctx, const struct preflight_request *request,
		     struct preflight_result *result)
{
	struct preflight_state state;

	memset(result, 0, sizeof(*result));
	if (!ks_symbol_valid(request->symbol)) {
		findings_add(&result->findings, FINDING_ERROR, "symbol",
			     xasprintf("'%s' is not a valid symbol name", request->symbol),
			     xasprintf("use letters, digits, '_' and '.', starting with a letter or '_', at most %d characters",
				       KS_SYMBOL_MAX));
		return 1;
	}

	memset(&state, 0, sizeof(state));
	state.ctx = ctx;
	state.request = request;
	state.result = result;
	btf_cache_init(&state.btf, ctx);

	rule_killswitch(&state);
	rule_symbol(&state);
	if (result->loaded) {
		rule_blacklist(&state);
		rule_ftrace_entry(&state);
		rule_livepatch(&state);
		rule_ipmodify(&state);
	} else if (state.module_found) {
		findings_add(&result->findings, FINDING_WARNING, "kprobe",
			     xasprintf("kprobe checks skipped: module %s is not loaded",
				       state.module_match.module),
			     xasprintf("load it and run ksctl check %s again", request->symbol));
	}
	rule_clones(&state);
	rule_prototype(&state);

	ksym_list_free(&state.exact);
	ksym_list_free(&state.kallsyms_clones);
	modfile_match_free(&state.module_match);
	engagement_list_free(&state.engaged);
	btf_cache_free(&state.btf);
	return findings_count(&result->findings, FINDING_ERROR);
}

void preflight_result_free(struct preflight_result *result)
{
	size_t i;

	findings_free(&result->findings);
	free(result->owner);
	free(result->module_file);
	free(result->prototype);
	free(result->return_type);
	for (i = 0; i < result->clone_count; i++)
		free(result->clones[i].name);
	free(result->clones);
	strlist_free(&result->suggestions);
	memset(result, 0, sizeof(*result));
}

void preflight_print_text(const struct preflight_request *request,
			  const struct preflight_result *result, FILE *out,
			  enum finding_level min_level)
{
	size_t errors = findings_count(&result->findings, FINDING_ERROR);
	size_t warnings = findings_count(&result->findings, FINDING_WARNING);

	findings_print_text(&result->findings, out, min_level);
	if (min_level == FINDING_OK && result->prototype)
		fprintf(out, "prototype: %s\n", result->prototype);
	fprintf(out, "%s: %zu error%s, %zu warning%s\n", request->symbol,
		errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
}

/* Write the members of the preflight object; the caller opens and closes it. */
void preflight_write_json(struct ksctl *ctx, const struct preflight_request *request,
			  const struct preflight_result *result)
{
	struct json_writer *w = &ctx->out;
	size_t i;

	json_kv_string(w, "symbol", request->symbol);
	json_key(w, "retval");
	if (request->has_retval)
		json_int(w, request->retval);
	else
		json_null(w);
	json_kv_string(w, "errno", request->has_retval ? ks_errno_name(request->retval) : NULL);
	json_kv_string(w, "owner", result->owner);
	json_kv_bool(w, "loaded", result->loaded);
	json_kv_string(w, "module_file", result->module_file);
	json_kv_string(w, "prototype", result->prototype);
	json_kv_string(w, "return_type", result->return_type);
	json_kv_string(w, "return_class", result->return_class);

	json_key(w, "clones");
	json_array_begin(w);
	for (i = 0; i < result->clone_count; i++) {
		json_object_begin(w);
		json_kv_string(w, "name", result->clones[i].name);
		json_kv_string(w, "kind", clone_kind_name(result->clones[i].kind));
		json_kv_bool(w, "bypasses", clone_bypasses_engagement(result->clones[i].kind));
		json_object_end(w);
	}
	json_array_end(w);

	json_key(w, "suggestions");
	json_array_begin(w);
	for (i = 0; i < result->suggestions.count; i++)
		json_string(w, result->suggestions.items[i]);
	json_array_end(w);

	json_key(w, "findings");
	findings_write_json(ctx, &result->findings);
	json_kv_uint(w, "errors", findings_count(&result->findings, FINDING_ERROR));
	json_kv_uint(w, "warnings", findings_count(&result->findings, FINDING_WARNING));
}
