// SPDX-License-Identifier: GPL-2.0
/*
 * ksctl catalog list|show|apply: the CVE catalog. Apply engages every
 * target of a CVE in one control transaction, after the preflight of each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "catalog.h"
#include "control.h"
#include "engaged.h"
#include "ks_parse.h"
#include "preflight.h"
#include "retfit.h"

struct catalog_args {
	const char *dir;
	const char *version_text;
	bool applicable;
	bool all_applicable;
	bool dry_run;
	bool ignore_version;
	bool force;
	char **ids;
	int id_count;
};

enum { ALLOW_APPLICABLE = 1, ALLOW_APPLY = 2, ALLOW_IDS = 4 };

static int parse_args(struct ksctl *ctx, int argc, char **argv, unsigned int allow,
		      struct catalog_args *out)
{
	int i;

	memset(out, 0, sizeof(*out));
	out->ids = xcalloc((size_t)argc + 1, sizeof(*out->ids));
	for (i = 1; i < argc; i++) {
		const char *value;
		int match;

		match = opt_match(argc, argv, &i, "--catalog", &value);
		if (match < 0 || (match > 0 && !value[0]))
			return ksctl_usage_error(ctx, "--catalog needs a directory");
		if (match > 0) {
			out->dir = value;
			continue;
		}
		match = opt_match(argc, argv, &i, "--kernel-version", &value);
		if (match < 0)
			return ksctl_usage_error(ctx, "--kernel-version needs a version such as 6.1.192");
		if (match > 0) {
			out->version_text = value;
			continue;
		}
		if ((allow & ALLOW_APPLICABLE) && opt_is_flag(argv[i], "--applicable")) {
			out->applicable = true;
			continue;
		}
		if (allow & ALLOW_APPLY) {
			if (opt_is_flag(argv[i], "--all-applicable")) {
				out->all_applicable = true;
				continue;
			}
			if (opt_is_flag(argv[i], "--dry-run")) {
				out->dry_run = true;
				continue;
			}
			if (opt_is_flag(argv[i], "--ignore-version")) {
				out->ignore_version = true;
				continue;
			}
			if (opt_is_flag(argv[i], "--force")) {
				out->force = true;
				continue;
			}
		}
		if (has_prefix(argv[i], "-"))
			return ksctl_usage_error(ctx, "unknown option '%s'", argv[i]);
		if (!(allow & ALLOW_IDS))
			return ksctl_usage_error(ctx, "unexpected argument '%s'", argv[i]);
		out->ids[out->id_count++] = argv[i];
	}
	return 0;
}

/* The catalog directory: --catalog, $KSCTL_CATALOG, else the default below the root. */
static char *catalog_dir(const struct ksctl *ctx, const struct catalog_args *args)
{
	const char *env = getenv("KSCTL_CATALOG");

	if (args->dir)
		return xstrdup(args->dir);
	if (env && env[0])
		return xstrdup(env);
	return ksctl_path(ctx, "%s", KSCTL_CATALOG_DIR);
}

/* The running stable version: --kernel-version, $KSCTL_KERNEL_VERSION, else uname. */
static int running_version(struct ksctl *ctx, const struct catalog_args *args,
			   struct kversion *v)
{
	const char *text = args->version_text;
	struct utsname name;

	if (!text || !text[0])
		text = getenv("KSCTL_KERNEL_VERSION");
	if (text && text[0]) {
		if (kversion_parse(text, v))
			return ksctl_usage_error(ctx, "invalid kernel version '%s': use X.Y.Z such as 6.1.192, or X.Y-rcN",
						 text);
		return 0;
	}
	if (uname(&name) || kversion_from_uname(name.version, name.release, v))
		return ksctl_error(ctx, "give it with --kernel-version X.Y.Z",
				   "cannot tell the kernel's stable version from uname");
	return 0;
}

/* Load the catalog; on any problem report them all and return the exit status. */
static int load_catalog(struct ksctl *ctx, const struct catalog_args *args, struct catalog *cat)
{
	struct strlist errors = { 0 };
	char *dir = catalog_dir(ctx, args);
	size_t i;
	int status = 0;

	if (catalog_load_dir(dir, cat, &errors)) {
		struct strbuf sb = { 0 };

		for (i = 0; i < errors.count; i++) {
			if (!ctx->json)
				fprintf(stderr, "ksctl: %s\n", errors.items[i]);
			strbuf_printf(&sb, "%s%s", i ? "; " : "", errors.items[i]);
		}
		status = ksctl_error(ctx, "fix the catalog files, or point --catalog at another directory",
				     "the catalog in %s is invalid: %s", dir, sb.data ? sb.data : "");
		strbuf_free(&sb);
		catalog_free(cat);
	}
	strlist_free(&errors);
	free(dir);
	return status;
}

static void write_target_json(struct json_writer *w, const struct catalog_target *t)
{
	json_object_begin(w);
	json_kv_string(w, "target", t->target);
	json_kv_string(w, "module", t->module);
	json_kv_string(w, "symbol", t->symbol);
	json_kv_int(w, "retval", t->retval);
	json_kv_string(w, "errno", ks_errno_name(t->retval));
	json_kv_string(w, "scope", t->scope);
	json_key(w, "kernels");
	json_array_begin(w);
	if (t->on_6_1)
		json_string(w, "6.1");
	if (t->on_6_12)
		json_string(w, "6.12");
	json_array_end(w);
	json_object_end(w);
}

static char *targets_text(const struct catalog_entry *e)
{
	struct strbuf sb = { 0 };
	size_t i;

	if (e->target_count == 0)
		return xstrdup("(no safe target)");
	for (i = 0; i < e->target_count; i++)
		strbuf_printf(&sb, "%s%s %s", i ? ", " : "", e->targets[i].target,
			      e->targets[i].retval_text);
	return sb.data;
}

int cmd_catalog_list(struct ksctl *ctx, int argc, char **argv)
{
	struct catalog_args args;
	struct catalog cat;
	struct kversion v = { 0 };
	size_t i;
	int status;

	status = parse_args(ctx, argc, argv, ALLOW_APPLICABLE, &args);
	if (!status)
		status = running_version(ctx, &args, &v);
	if (!status)
		status = load_catalog(ctx, &args, &cat);
	if (status)
		goto out;

	if (ctx->json) {
		json_object_begin(&ctx->out);
		json_key(&ctx->out, "kernel_version");
		{
			char *text = kversion_text(&v);

			json_string(&ctx->out, text);
			free(text);
		}
		json_key(&ctx->out, "entries");
		json_array_begin(&ctx->out);
	}
	for (i = 0; i < cat.count; i++) {
		const struct catalog_entry *e = &cat.entries[i];
		char *reason;
		enum catalog_verdict verdict = catalog_applicability(e, &v, &reason);
		size_t t;

		if (args.applicable && verdict != VERDICT_APPLIES && verdict != VERDICT_UNKNOWN) {
			free(reason);
			continue;
		}
		if (ctx->json) {
			json_object_begin(&ctx->out);
			json_kv_string(&ctx->out, "id", e->id);
			json_kv_string(&ctx->out, "name", e->name);
			json_kv_string(&ctx->out, "title", e->title);
			json_kv_string(&ctx->out, "subsystem", e->subsystem);
			json_kv_string(&ctx->out, "applicability", catalog_verdict_name(verdict));
			json_kv_string(&ctx->out, "reason", reason);
			json_key(&ctx->out, "targets");
			json_array_begin(&ctx->out);
			for (t = 0; t < e->target_count; t++)
				write_target_json(&ctx->out, &e->targets[t]);
			json_array_end(&ctx->out);
			json_object_end(&ctx->out);
		} else {
			char *targets = targets_text(e);

			printf("%-16s %-12s %-22s %s\n", e->id, catalog_verdict_name(verdict),
			       e->subsystem, targets);
			free(targets);
		}
		free(reason);
	}
	if (ctx->json) {
		json_array_end(&ctx->out);
		json_object_end(&ctx->out);
	}
	catalog_free(&cat);
out:
	free(args.ids);
	return status;
}

int cmd_catalog_show(struct ksctl *ctx, int argc, char **argv)
{
	const struct catalog_entry *e;
	struct catalog_args args;
	struct catalog cat;
	struct kversion v = { 0 };
	enum catalog_verdict verdict;
	char *reason;
	size_t i;
	int status;

	status = parse_args(ctx, argc, argv, ALLOW_IDS, &args);
	if (!status && args.id_count != 1)
		status = ksctl_usage_error(ctx, "give one CVE id: ksctl catalog show CVE");
	if (!status)
		status = running_version(ctx, &args, &v);
	if (!status)
		status = load_catalog(ctx, &args, &cat);
	if (status)
		goto out;

	e = catalog_find(&cat, args.ids[0]);
	if (!e) {
		status = ksctl_error(ctx, "see ksctl catalog list", "%s is not in the catalog",
				     args.ids[0]);
		catalog_free(&cat);
		goto out;
	}
	verdict = catalog_applicability(e, &v, &reason);
	if (ctx->json) {
		struct json_writer *w = &ctx->out;

		json_object_begin(w);
		json_kv_string(w, "id", e->id);
		json_kv_string(w, "name", e->name);
		json_kv_string(w, "title", e->title);
		json_kv_string(w, "subsystem", e->subsystem);
		json_kv_string(w, "affected_from", e->affected_from);
		json_kv_string(w, "affected_from_source", e->affected_from_source);
		json_key(w, "fixed");
		json_object_begin(w);
		for (i = 0; i < LINE_COUNT; i++) {
			json_key(w, catalog_line_names[i]);
			json_object_begin(w);
			json_kv_string(w, "version", e->fixed[i].version);
			json_kv_string(w, "commit", e->fixed[i].commit);
			json_kv_string(w, "source", e->fixed[i].source);
			json_object_end(w);
		}
		json_object_end(w);
		json_key(w, "targets");
		json_array_begin(w);
		for (i = 0; i < e->target_count; i++)
			write_target_json(w, &e->targets[i]);
		json_array_end(w);
		json_kv_string(w, "no_safe_target", e->no_safe_target);
		json_key(w, "rationale");
		json_object_begin(w);
		json_kv_string(w, "chokepoint", e->why_chokepoint);
		json_kv_string(w, "retval", e->why_retval);
		json_kv_string(w, "impact", e->impact);
		json_object_end(w);
		json_kv_string(w, "verify", e->verify);
		json_kv_string(w, "applicability", catalog_verdict_name(verdict));
		json_kv_string(w, "reason", reason);
		json_object_end(w);
	} else {
		printf("%s%s%s%s: %s\n", e->id, e->name ? " (" : "", e->name ? e->name : "",
		       e->name ? ")" : "", e->title);
		printf("subsystem:      %s\n", e->subsystem);
		printf("affected from:  %s\n", e->affected_from);
		if (e->affected_from_source)
			printf("  source:       %s\n", e->affected_from_source);
		for (i = 0; i < LINE_COUNT; i++) {
			printf("fixed %-8s  %s (commit %s)\n", catalog_line_names[i], e->fixed[i].version,
			       e->fixed[i].commit);
			if (e->fixed[i].source)
				printf("  source:       %s\n", e->fixed[i].source);
		}
		printf("this kernel:    %s: %s\n", catalog_verdict_name(verdict), reason);
		if (e->target_count == 0)
			printf("no safe target: %s\n", e->no_safe_target);
		for (i = 0; i < e->target_count; i++) {
			const struct catalog_target *t = &e->targets[i];

			printf("target:         %s %s scope=%s%s\n", t->target, t->retval_text, t->scope,
			       t->on_6_1 && t->on_6_12 ? "" : t->on_6_1 ? " (6.1 only)" : " (6.12 only)");
		}
		printf("chokepoint:     %s\n", e->why_chokepoint);
		if (e->why_retval)
			printf("return value:   %s\n", e->why_retval);
		printf("impact:         %s\n", e->impact);
		printf("verify:         %s\n", e->verify);
	}
	free(reason);
	catalog_free(&cat);
out:
	free(args.ids);
	return status;
}

/* Outcome of one CVE. */
struct cve_result {
	const char *action;
	char *message;
	bool failed;
	struct strlist lines;	/* the transaction's lines, without newline */
	struct finding_list findings;
};

/* Preflight every target for @line; refuse the CVE on an error unless --force. */
static void apply_cve(struct ksctl *ctx, const struct catalog_args *args,
		      const struct engagement_list *engaged, const struct catalog_entry *e,
		      enum catalog_line line, struct cve_result *out)
{
	struct strbuf text = { 0 };
	size_t errors = 0, already = 0, wanted = 0;
	struct control_result written;
	size_t i;

	for (i = 0; i < e->target_count; i++) {
		const struct catalog_target *t = &e->targets[i];
		/* With the module, the preflight accepts a module that is not loaded. */
		struct preflight_request request = {
			.symbol = t->symbol,
			.module = t->module,
			.has_retval = true,
			.retval = t->retval,
		};
		const struct engagement *current;
		struct preflight_result pre;
		size_t f;

		if (!catalog_target_on_line(t, line))
			continue;
		wanted++;
		/*
		 * Skip only a target engaged with the catalog's value. The preflight
		 * reports an observed one, or one with another value, as an error.
		 */
		current = engaged_find(engaged, t->symbol);
		if (current && strcmp(current->state, "observing") != 0 && current->retval == t->retval) {
			already++;
			continue;
		}
		preflight_run(ctx, &request, &pre);
		if (t->module && pre.owner && strcmp(pre.owner, t->module) != 0) {
			findings_add(&pre.findings, FINDING_ERROR, "catalog",
				     xasprintf("%s is in %s, not in %s as the catalog says", t->symbol,
					       pre.owner, t->module),
				     xstrdup("fix the catalog entry"));
		}
		for (f = 0; f < pre.findings.count; f++) {
			struct finding *src = &pre.findings.items[f];
			enum finding_level level = src->level;
			char *message = xasprintf("%s: %s", t->symbol, src->message);
			char *action = src->action ? xstrdup(src->action) : NULL;

			if (level == FINDING_ERROR)
				errors++;
			if (level == FINDING_OK) {
				free(message);
				free(action);
				continue;
			}
			findings_add(&out->findings, level, src->rule, message, action);
		}
		preflight_result_free(&pre);
		strlist_add(&out->lines, xasprintf("engage %s %lld scope=%s reason=%s", t->target,
						   t->retval, t->scope, e->id));
	}
	if (wanted == 0) {
		out->action = "no-target";
		out->message = e->target_count
			? xasprintf("no target of this entry exists on the %s line", catalog_line_names[line])
			: xasprintf("no safe target: %s", e->no_safe_target);
		out->failed = true;
		return;
	}
	if (already == wanted) {
		out->action = args->dry_run ? "would-skip" : "skipped";
		out->message = xstrdup("already engaged");
		return;
	}
	if (errors && !args->force) {
		out->action = "rejected";
		out->message = xasprintf("the preflight found %zu error%s; nothing of this CVE was engaged (--force engages anyway)",
					 errors, errors == 1 ? "" : "s");
		out->failed = true;
		return;
	}
	if (args->dry_run) {
		out->action = "would-engage";
		out->message = xasprintf("would engage %zu target%s in one transaction",
					 out->lines.count, out->lines.count == 1 ? "" : "s");
		return;
	}
	for (i = 0; i < out->lines.count; i++)
		strbuf_printf(&text, "%s\n", out->lines.items[i]);
	if (control_write(ctx, text.data, &written)) {
		struct ksctl_failure failure;
		char *message = control_describe_failure(e->id, &written, &failure);

		out->action = "failed";
		out->message = xasprintf("%s%s%s; nothing of this CVE was engaged", message,
					 failure.hint ? ": " : "", failure.hint ? failure.hint : "");
		free(message);
		out->failed = true;
		control_result_free(&written);
	} else {
		out->action = "engaged";
		out->message = xasprintf("engaged %zu target%s", out->lines.count,
					 out->lines.count == 1 ? "" : "s");
	}
	strbuf_free(&text);
}

int cmd_catalog_apply(struct ksctl *ctx, int argc, char **argv)
{
	struct engagement_list engaged = { 0 };
	struct catalog_args args;
	struct catalog cat = { 0 };
	struct kversion v = { 0 };
	enum catalog_line line;
	size_t changed = 0, failures = 0;
	bool loaded_cat = false;
	int status;
	int i;
	size_t n, count;

	status = parse_args(ctx, argc, argv, ALLOW_APPLY | ALLOW_IDS, &args);
	if (!status && args.id_count == 0 && !args.all_applicable)
		status = ksctl_usage_error(ctx, "give CVE ids or --all-applicable");
	if (!status && args.id_count > 0 && args.all_applicable)
		status = ksctl_usage_error(ctx, "give CVE ids or --all-applicable, not both");
	if (!status)
		status = running_version(ctx, &args, &v);
	if (!status) {
		status = load_catalog(ctx, &args, &cat);
		loaded_cat = status == 0;
	}
	if (status)
		goto out;
	for (i = 0; i < args.id_count; i++) {
		if (!catalog_find(&cat, args.ids[i])) {
			status = ksctl_error(ctx, "see ksctl catalog list", "%s is not in the catalog",
					     args.ids[i]);
			goto out;
		}
	}
	if (engaged_read(ctx, &engaged, NULL) != 0 && !args.dry_run) {
		status = ksctl_error(ctx, "load it first with modprobe killswitch",
				     "killswitch.ko is not loaded");
		goto out;
	}
	line = kversion_line(&v);

	if (ctx->json) {
		char *text = kversion_text(&v);

		json_object_begin(&ctx->out);
		json_kv_string(&ctx->out, "kernel_version", text);
		json_kv_bool(&ctx->out, "dry_run", args.dry_run);
		json_key(&ctx->out, "cves");
		json_array_begin(&ctx->out);
		free(text);
	}
	count = args.all_applicable ? cat.count : (size_t)args.id_count;
	for (n = 0; n < count; n++) {
		const struct catalog_entry *e = args.all_applicable ? &cat.entries[n]
								    : catalog_find(&cat, args.ids[n]);
		struct cve_result res = { 0 };
		enum catalog_verdict verdict;
		char *reason;
		size_t k;

		verdict = catalog_applicability(e, &v, &reason);
		if (args.all_applicable && e->target_count == 0) {
			free(reason);
			continue;
		}
		if ((verdict == VERDICT_FIXED || verdict == VERDICT_NOT_AFFECTED) && !args.ignore_version) {
			res.action = args.dry_run ? "would-skip" : "skipped";
			res.message = xasprintf("%s (--ignore-version applies it anyway)", reason);
		} else {
			if (verdict == VERDICT_UNKNOWN)
				findings_add(&res.findings, FINDING_WARNING, "version", xstrdup(reason),
					     xstrdup("check your distribution's advisory for the fixed version"));
			apply_cve(ctx, &args, &engaged, e, line, &res);
		}
		if (res.failed)
			failures++;
		else if (strcmp(res.action, "engaged") == 0 || strcmp(res.action, "would-engage") == 0)
			changed++;

		if (ctx->json) {
			json_object_begin(&ctx->out);
			json_kv_string(&ctx->out, "id", e->id);
			json_kv_string(&ctx->out, "applicability", catalog_verdict_name(verdict));
			json_kv_string(&ctx->out, "reason", reason);
			json_kv_string(&ctx->out, "action", res.action);
			json_kv_string(&ctx->out, "message", res.message);
			json_key(&ctx->out, "transaction");
			json_array_begin(&ctx->out);
			for (k = 0; k < res.lines.count; k++)
				json_string(&ctx->out, res.lines.items[k]);
			json_array_end(&ctx->out);
			json_key(&ctx->out, "findings");
			findings_write_json(ctx, &res.findings);
			json_object_end(&ctx->out);
		} else {
			FILE *f = res.failed ? stderr : stdout;

			fprintf(f, "%s: %s: %s\n", e->id, res.action, res.message);
			findings_print_text(&res.findings, f, FINDING_WARNING);
			if (args.dry_run && strcmp(res.action, "would-engage") == 0) {
				for (k = 0; k < res.lines.count; k++)
					printf("  %s\n", res.lines.items[k]);
			}
		}
		free(reason);
		free(res.message);
		strlist_free(&res.lines);
		findings_free(&res.findings);
	}
	if (ctx->json) {
		json_array_end(&ctx->out);
		json_kv_uint(&ctx->out, "changed", changed);
		json_kv_uint(&ctx->out, "failed", failures);
		json_object_end(&ctx->out);
	} else {
		printf("%s%zu CVE%s %s, %zu failure%s\n", args.dry_run ? "dry run: " : "", changed,
		       changed == 1 ? "" : "s", args.dry_run ? "would change" : "changed", failures,
		       failures == 1 ? "" : "s");
	}
	status = failures ? KSCTL_EXIT_FAILURE : KSCTL_EXIT_OK;
out:
	if (loaded_cat)
		catalog_free(&cat);
	engagement_list_free(&engaged);
	free(args.ids);
	return status;
}

int cmd_catalog(struct ksctl *ctx, int argc, char **argv)
{
	if (argc < 2)
		return ksctl_usage_error(ctx, "missing subcommand: use ksctl catalog list|show|apply");
	if (strcmp(argv[1], "list") == 0)
		return cmd_catalog_list(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return cmd_catalog_show(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "apply") == 0)
		return cmd_catalog_apply(ctx, argc - 1, argv + 1);
	return ksctl_usage_error(ctx, "unknown catalog subcommand '%s': use list, show or apply", argv[1]);
}
