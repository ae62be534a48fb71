// SPDX-License-Identifier: GPL-2.0
/* ksctl status: engagements, kernel taint and lockdown. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btfinfo.h"
#include "engaged.h"
#include "kallsyms.h"
#include "ks_parse.h"
#include "ksctl.h"
#include "metrics.h"
#include "retfit.h"
#include "sysinfo.h"
#include "table.h"

/* Read fn/SYMBOL/callers of an observed function; NULL if unreadable. */
static char *engaged_callers(const struct ksctl *ctx, const struct engagement *e)
{
	char *path = ksctl_path(ctx, KSCTL_KS_DIR "/fn/%s/callers", e->symbol);
	char *text = NULL;

	if (read_text_file(path, &text, NULL))
		text = NULL;
	free(path);
	return text;
}

/* 1 when killswitch is sealed, 0 when not, -1 when unknown. */
static int sealed_read(const struct ksctl *ctx)
{
	char *path = ksctl_path(ctx, KSCTL_KS_DIR "/sealed");
	char *text = NULL;
	int sealed = -1;

	if (read_text_file(path, &text, NULL) == 0)
		sealed = text[0] == '1' ? 1 : 0;
	free(text);
	free(path);
	return sealed;
}

/* Prototype of an engaged function from BTF, or NULL. */
static char *engaged_prototype(struct btf_cache *cache, const struct engagement *e)
{
	struct fn_proto proto;
	char *base = clone_base_name(e->symbol);
	char *text = NULL;

	if (btf_lookup(cache, e->module, base ? base : e->symbol, &proto, NULL) == 0) {
		text = xstrdup(proto.text);
		fn_proto_free(&proto);
	}
	free(base);
	return text;
}

static void write_status_json(struct ksctl *ctx, struct btf_cache *cache,
			      const struct engagement_list *list, bool loaded,
			      int taint_status, unsigned long long taint,
			      const char *lockdown)
{
	struct json_writer *w = &ctx->out;
	int sealed = sealed_read(ctx);
	size_t i;

	json_object_begin(w);
	json_kv_bool(w, "loaded", loaded);
	json_key(w, "sealed");
	if (sealed < 0)
		json_null(w);
	else
		json_bool(w, sealed == 1);
	json_key(w, "tainted");
	if (taint_status == 0) {
		char *letters = taint_letters(taint);

		json_object_begin(w);
		json_kv_uint(w, "value", taint);
		json_kv_string(w, "flags", letters);
		json_object_end(w);
		free(letters);
	} else {
		json_null(w);
	}
	json_kv_string(w, "lockdown", lockdown);

	json_key(w, "engaged");
	json_array_begin(w);
	for (i = 0; i < list->count; i++) {
		const struct engagement *e = &list->items[i];
		char *prototype = engaged_prototype(cache, e);

		json_object_begin(w);
		json_kv_string(w, "symbol", e->symbol);
		json_kv_string(w, "module", e->module);
		json_kv_int(w, "retval", e->retval);
		json_kv_string(w, "errno", ks_errno_name(e->retval));
		json_kv_string(w, "state", e->state);
		json_kv_uint(w, "hits", e->hits);
		json_kv_uint(w, "passed", e->passed);
		json_kv_string(w, "scope", e->scope);
		json_kv_string(w, "reason", strcmp(e->reason, "-") == 0 ? NULL : e->reason);
		json_kv_string(w, "prototype", prototype);
		if (strcmp(e->state, "observing") == 0) {
			char *callers = engaged_callers(ctx, e);
			char *line, *save = NULL;

			json_key(w, "callers");
			json_array_begin(w);
			for (line = callers ? strtok_r(callers, "\n", &save) : NULL; line;
			     line = strtok_r(NULL, "\n", &save))
				json_string(w, line);
			json_array_end(w);
			free(callers);
		}
		json_object_end(w);
		free(prototype);
	}
	json_array_end(w);
	json_object_end(w);
}

static void print_status_text(const struct ksctl *ctx, struct btf_cache *cache,
			      const struct engagement_list *list, bool loaded,
			      int taint_status, unsigned long long taint,
			      const char *lockdown)
{
	static const char *const headers[] = {
		"SYMBOL", "MODULE", "RETVAL", "STATE", "SCOPE", "HITS", "PASSED",
		"REASON", "PROTOTYPE",
	};
	int sealed = sealed_read(ctx);
	struct table table;
	size_t i;

	if (loaded)
		printf("killswitch: loaded, %zu engaged%s\n", list->count,
		       sealed == 1 ? ", sealed until reboot" : "");
	else
		printf("killswitch: not loaded (load it with modprobe killswitch)\n");

	if (taint_status == 0 && taint == 0) {
		printf("tainted:    no\n");
	} else if (taint_status == 0) {
		char *letters = taint_letters(taint);

		printf("tainted:    yes, %llu (%s)\n", taint, letters);
		free(letters);
	} else {
		printf("tainted:    unknown (%s)\n", strerror(-taint_status));
	}
	printf("lockdown:   %s\n", lockdown ? lockdown : "unknown (no lockdown LSM)");

	if (list->count == 0)
		return;
	putchar('\n');
	table_init(&table, 9, headers);
	for (i = 0; i < list->count; i++) {
		const struct engagement *e = &list->items[i];
		char *prototype = engaged_prototype(cache, e);

		table_add(&table, xstrdup(e->symbol));
		table_add(&table, xstrdup(e->module));
		table_add(&table, format_retval(e->retval));
		table_add(&table, xstrdup(e->state));
		table_add(&table, xstrdup(e->scope));
		table_add(&table, xasprintf("%llu", e->hits));
		table_add(&table, xasprintf("%llu", e->passed));
		table_add(&table, xstrdup(e->reason));
		table_add(&table, prototype ? prototype : xstrdup("-"));
	}
	table_print(&table, stdout);
	table_free(&table);

	/* Who calls the observed functions: what an engagement would break. */
	for (i = 0; i < list->count; i++) {
		const struct engagement *e = &list->items[i];
		char *callers;

		if (strcmp(e->state, "observing") != 0)
			continue;
		callers = engaged_callers(ctx, e);
		printf("\ncallers of %s:\n%s", e->symbol,
		       callers && *callers ? callers : "  (none yet)\n");
		free(callers);
	}
}

int cmd_status(struct ksctl *ctx, int argc, char **argv)
{
	struct engagement_list list = { 0 };
	unsigned long long taint = 0;
	struct btf_cache cache;
	unsigned int bad_line = 0;
	char *lockdown = NULL;
	bool prometheus = false;
	int taint_status;
	bool loaded;
	int ret;
	int i;

	for (i = 1; i < argc; i++) {
		if (opt_is_flag(argv[i], "--prometheus"))
			prometheus = true;
		else
			return ksctl_usage_error(ctx, "unexpected argument '%s'", argv[i]);
	}
	if (prometheus && ctx->json)
		return ksctl_usage_error(ctx, "--prometheus and --json exclude each other: give one");

	ret = engaged_read(ctx, &list, &bad_line);
	if (ret == -EBADMSG)
		return ksctl_error(ctx, "make sure ksctl matches the loaded killswitch.ko",
				   "line %u of %s/engaged is malformed", bad_line, KSCTL_KS_DIR);
	if (ret && ret != -ENOENT)
		return ksctl_error(ctx, "run ksctl as root", "cannot read %s/engaged: %s",
				   KSCTL_KS_DIR, strerror(-ret));
	loaded = ret == 0;

	taint_status = taint_read(ctx, &taint);
	if (lockdown_read(ctx, &lockdown))
		lockdown = NULL;

	if (prometheus) {
		metrics_write(ctx, stdout, loaded ? &list : NULL, taint_status, taint);
		free(lockdown);
		engagement_list_free(&list);
		return KSCTL_EXIT_OK;
	}

	btf_cache_init(&cache, ctx);
	if (ctx->json)
		write_status_json(ctx, &cache, &list, loaded, taint_status, taint, lockdown);
	else
		print_status_text(ctx, &cache, &list, loaded, taint_status, taint, lockdown);
	btf_cache_free(&cache);

	free(lockdown);
	engagement_list_free(&list);
	return KSCTL_EXIT_OK;
}
