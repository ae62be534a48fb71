// SPDX-License-Identifier: GPL-2.0
/*
 * ksctl apply [FILE|DIR...] [--dry-run]: engage what configuration files
 * list, by default the *.conf files of /etc/killswitch.d. A file with any
 * invalid line is reported and none of it is applied. Each valid line is
 * engaged by its own transaction, after the same preflight as `ksctl engage`.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "config.h"
#include "control.h"
#include "engaged.h"
#include "ks_parse.h"
#include "ksctl.h"
#include "preflight.h"
#include "retfit.h"

int apply_parse_args(struct ksctl *ctx, int argc, char **argv, struct apply_args *out)
{
	int i;

	memset(out, 0, sizeof(*out));
	out->paths = xcalloc((size_t)argc, sizeof(*out->paths));
	for (i = 1; i < argc; i++) {
		if (opt_is_flag(argv[i], "--dry-run")) {
			out->dry_run = true;
			continue;
		}
		if (has_prefix(argv[i], "--")) {
			free(out->paths);
			out->paths = NULL;
			return ksctl_usage_error(ctx, "unknown option '%s'", argv[i]);
		}
		out->paths[out->path_count++] = argv[i];
	}
	return 0;
}

/* Outcome of one configuration line. */
struct apply_line {
	const char *action;
	char *message;
	struct finding_list findings;
	bool failed;
};

/* State of one apply run. */
struct apply_run {
	struct ksctl *ctx;
	bool dry_run;
	bool killswitch_loaded;
	/* Engaged before the run, and what the run engaged or would engage. */
	struct engagement_list engaged;
	struct strlist planned;
	size_t changed;
	size_t failures;
};

static void move_findings(struct finding_list *to, struct finding_list *from)
{
	*to = *from;
	memset(from, 0, sizeof(*from));
}

/* Run the preflight for one entry, then engage it, or in a dry run report what would change. */
static void apply_entry(struct apply_run *run, const struct config_entry *entry,
			struct apply_line *out)
{
	/* Split a MODULE:SYMBOL line, because the preflight and the engaged list take the parts. */
	const char *colon = strchr(entry->symbol, ':');
	char *module = colon ? xasprintf("%.*s", (int)(colon - entry->symbol), entry->symbol) : NULL;
	const char *symbol = colon ? colon + 1 : entry->symbol;
	const struct engagement *found = engaged_find(&run->engaged, symbol);
	/* An observed function is not mitigated: the preflight rejects the line. */
	const struct engagement *current = found && strcmp(found->state, "observing") != 0 ? found : NULL;
	struct preflight_request request = {
		.symbol = symbol,
		.module = module,
		.has_retval = true,
		.retval = entry->retval,
	};
	struct preflight_result preflight;
	struct control_result written;
	char *value = format_retval(entry->retval);
	size_t errors;
	char *line;

	if (current || strlist_contains(&run->planned, symbol)) {
		out->action = run->dry_run ? "would-skip" : "skipped";
		if (current && current->retval != entry->retval) {
			char *engaged_value = format_retval(current->retval);

			out->message = xasprintf("already engaged with %s, not %s: disengage it to change the value",
						 engaged_value, value);
			free(engaged_value);
		} else {
			out->message = xstrdup("already engaged");
		}
		free(value);
		free(module);
		return;
	}

	errors = preflight_run(run->ctx, &request, &preflight);
	move_findings(&out->findings, &preflight.findings);
	preflight_result_free(&preflight);
	if (errors && !entry->force) {
		out->action = "rejected";
		out->message = xasprintf("the preflight found %zu error%s; add --force to the line to engage anyway",
					 errors, errors == 1 ? "" : "s");
		out->failed = true;
		free(value);
		free(module);
		return;
	}

	if (run->dry_run) {
		out->action = "would-engage";
		out->message = entry->probe
			? xasprintf("would probe for %u s, then return %s", entry->seconds, value)
			: xasprintf("would return %s", value);
		strlist_add(&run->planned, xstrdup(symbol));
		run->changed++;
		free(value);
		free(module);
		return;
	}

	if (entry->probe)
		line = xasprintf("tryengage %s %lld %u\n", entry->symbol, entry->retval, entry->seconds);
	else
		line = xasprintf("engage %s %lld\n", entry->symbol, entry->retval);
	if (control_write(run->ctx, line, &written)) {
		const char *name = errno_name_of(written.error);
		const char *hint = control_error_hint(written.error, written.at_open);
		char *reason = name ? xasprintf("-%s", name) : xstrdup(strerror(written.error));

		out->action = "failed";
		if (written.kernel_log)
			out->message = xasprintf("%s%s%s (kernel log: %s)", reason, hint ? ": " : "",
						 hint ? hint : "", written.kernel_log);
		else
			out->message = xasprintf("%s%s%s", reason, hint ? ": " : "", hint ? hint : "");
		free(reason);
		out->failed = true;
		control_result_free(&written);
	} else {
		out->action = entry->probe ? "probing" : "engaged";
		out->message = entry->probe
			? xasprintf("probing for %u s, then returns %s", entry->seconds, value)
			: xasprintf("returns %s", value);
		strlist_add(&run->planned, xstrdup(symbol));
		run->changed++;
	}
	free(line);
	free(value);
	free(module);
}

static void write_line_json(struct ksctl *ctx, const struct config_entry *entry,
			    const struct apply_line *line)
{
	struct json_writer *w = &ctx->out;

	json_object_begin(w);
	json_kv_uint(w, "line", entry->line);
	json_kv_string(w, "symbol", entry->symbol);
	json_kv_int(w, "retval", entry->retval);
	json_kv_string(w, "errno", ks_errno_name(entry->retval));
	json_kv_string(w, "action", line->action);
	json_kv_string(w, "message", line->message);
	json_key(w, "findings");
	findings_write_json(ctx, &line->findings);
	json_object_end(w);
}

static void print_line_text(const char *path, const struct config_entry *entry,
			    const struct apply_line *line)
{
	FILE *out = line->failed ? stderr : stdout;

	fprintf(out, "%s:%u: %s: %s: %s\n", path, entry->line, entry->symbol, line->action,
		line->message);
	if (line->findings.count)
		findings_print_text(&line->findings, out, FINDING_WARNING);
}

/* Apply one file; the JSON object of the file is open around this call. */
static void apply_file(struct apply_run *run, const struct config_file *file)
{
	struct ksctl *ctx = run->ctx;
	size_t i;

	if (ctx->json) {
		json_kv_bool(&ctx->out, "valid", file->error_count == 0);
		json_key(&ctx->out, "errors");
		json_array_begin(&ctx->out);
	}
	for (i = 0; i < file->error_count; i++) {
		if (ctx->json) {
			json_object_begin(&ctx->out);
			json_kv_uint(&ctx->out, "line", file->errors[i].line);
			json_kv_string(&ctx->out, "message", file->errors[i].message);
			json_object_end(&ctx->out);
		} else {
			fprintf(stderr, "%s:%u: invalid line: %s\n", file->path, file->errors[i].line,
				file->errors[i].message);
		}
	}
	if (ctx->json) {
		json_array_end(&ctx->out);
		json_key(&ctx->out, "lines");
		json_array_begin(&ctx->out);
	}

	if (file->error_count) {
		run->failures++;
		if (!ctx->json)
			fprintf(stderr, "%s: nothing of this file was applied: fix the invalid line%s first\n",
				file->path, file->error_count == 1 ? "" : "s");
	}
	for (i = 0; !file->error_count && i < file->entry_count; i++) {
		struct apply_line line = { 0 };

		apply_entry(run, &file->entries[i], &line);
		if (line.failed)
			run->failures++;
		if (ctx->json)
			write_line_json(ctx, &file->entries[i], &line);
		else
			print_line_text(file->path, &file->entries[i], &line);
		free(line.message);
		findings_free(&line.findings);
	}
	if (ctx->json)
		json_array_end(&ctx->out);
}

/* The files to apply; on failure reports it and returns its exit status. */
static int collect_files(struct ksctl *ctx, const struct apply_args *args, struct strlist *files)
{
	int ret;
	int i;

	if (args->path_count == 0) {
		char *dir = ksctl_path(ctx, KSCTL_CONFIG_DIR);

		ret = config_collect_paths(dir, files);
		free(dir);
		/* No configuration directory: nothing to apply, which is fine at boot. */
		if (ret && ret != -ENOENT)
			return ksctl_error(ctx, NULL, "cannot read %s: %s", KSCTL_CONFIG_DIR, strerror(-ret));
		return 0;
	}
	for (i = 0; args->paths && i < args->path_count; i++) {
		ret = config_collect_paths(args->paths[i], files);
		if (ret)
			return ksctl_error(ctx, "give an existing file or directory",
					   "cannot read %s: %s", args->paths[i], strerror(-ret));
	}
	return 0;
}

int cmd_apply(struct ksctl *ctx, int argc, char **argv)
{
	struct strlist files = { 0 };
	struct apply_run run = { 0 };
	struct apply_args args;
	size_t i;
	int status;
	int ret;

	status = apply_parse_args(ctx, argc, argv, &args);
	if (status)
		return status;
	status = collect_files(ctx, &args, &files);
	if (status)
		goto out;

	run.ctx = ctx;
	run.dry_run = args.dry_run;
	ret = engaged_read(ctx, &run.engaged, NULL);
	run.killswitch_loaded = ret == 0;
	if (!run.killswitch_loaded && !args.dry_run && files.count > 0) {
		status = ksctl_error(ctx, "load it first with modprobe killswitch",
				     "killswitch.ko is not loaded");
		goto out;
	}

	if (ctx->json) {
		json_object_begin(&ctx->out);
		json_kv_bool(&ctx->out, "dry_run", args.dry_run);
		json_key(&ctx->out, "files");
		json_array_begin(&ctx->out);
	}
	for (i = 0; i < files.count; i++) {
		struct config_file file;

		/* An unreadable file is reported as invalid, so the others still apply. */
		config_load(files.items[i], &file);
		if (ctx->json) {
			json_object_begin(&ctx->out);
			json_kv_string(&ctx->out, "path", files.items[i]);
		}
		apply_file(&run, &file);
		if (ctx->json)
			json_object_end(&ctx->out);
		config_file_free(&file);
	}

	if (ctx->json) {
		json_array_end(&ctx->out);
		json_kv_uint(&ctx->out, "changed", run.changed);
		json_kv_uint(&ctx->out, "failed", run.failures);
		json_object_end(&ctx->out);
	} else if (files.count == 0) {
		printf("nothing to apply: no configuration files\n");
	} else {
		printf("%s%zu engagement%s %s, %zu failure%s\n", args.dry_run ? "dry run: " : "",
		       run.changed, run.changed == 1 ? "" : "s",
		       args.dry_run ? "would change" : "changed", run.failures,
		       run.failures == 1 ? "" : "s");
	}
	status = run.failures ? KSCTL_EXIT_FAILURE : KSCTL_EXIT_OK;
out:
	engagement_list_free(&run.engaged);
	strlist_free(&run.planned);
	strlist_free(&files);
	free(args.paths);
	return status;
}
