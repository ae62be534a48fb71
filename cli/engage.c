// SPDX-License-Identifier: GPL-2.0
/*
 * ksctl engage [MODULE:]SYMBOL RETVAL [--probe SECONDS] [--scope SCOPE]
 *              [--reason TEXT] [--force]
 * ksctl disengage [MODULE:]SYMBOL|--all
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "control.h"
#include "engaged.h"
#include "ks_parse.h"
#include "ksctl.h"
#include "preflight.h"
#include "retfit.h"

int target_parse(struct ksctl *ctx, const char *text, struct target_arg *out)
{
	char *colon;

	memset(out, 0, sizeof(*out));
	if (strlen(text) >= sizeof(out->text))
		return ksctl_usage_error(ctx, "invalid target '%s': too long", text);
	strcpy(out->text, text);
	out->symbol = out->text;

	colon = strchr(out->text, ':');
	if (colon) {
		*colon = '\0';
		out->module = out->text;
		out->symbol = colon + 1;
		if (!ks_module_valid(out->module))
			return ksctl_usage_error(ctx, "invalid module name '%s': use letters, digits and _ as lsmod shows it",
						 out->module);
	}
	if (!ks_symbol_valid(out->symbol))
		return ksctl_usage_error(ctx, "invalid symbol name '%s'", out->symbol);
	return 0;
}

int engage_parse_args(struct ksctl *ctx, int argc, char **argv, struct engage_args *out)
{
	const char *positional[2];
	int count = 0;
	int i;

	memset(out, 0, sizeof(*out));
	for (i = 1; i < argc; i++) {
		const char *value;
		int match;

		if (opt_is_flag(argv[i], "--force")) {
			out->force = true;
			continue;
		}
		match = opt_match(argc, argv, &i, "--scope", &value);
		if (match < 0)
			return ksctl_usage_error(ctx, "--scope needs all, userns or unpriv");
		if (match > 0) {
			if (strcmp(value, "all") != 0 && strcmp(value, "userns") != 0 &&
			    strcmp(value, "unpriv") != 0)
				return ksctl_usage_error(ctx, "invalid --scope '%s': use all, userns or unpriv",
							 value);
			out->scope = value;
			continue;
		}
		match = opt_match(argc, argv, &i, "--reason", &value);
		if (match < 0)
			return ksctl_usage_error(ctx, "--reason needs a tag such as a CVE id");
		if (match > 0) {
			if (!ks_reason_valid(value))
				return ksctl_usage_error(ctx, "invalid --reason '%s': use 1 to %d of A-Z a-z 0-9 . _ : / + -",
							 value, KS_REASON_MAX);
			out->reason = value;
			continue;
		}
		match = opt_match(argc, argv, &i, "--probe", &value);
		if (match < 0)
			return ksctl_usage_error(ctx, "--probe needs a number of seconds");
		if (match > 0) {
			unsigned long long seconds;

			if (parse_ullong(value, KS_TRY_SECONDS_MAX, &seconds))
				return ksctl_usage_error(ctx, "invalid --probe '%s': give whole seconds, 0 to %d",
							 value, KS_TRY_SECONDS_MAX);
			out->probe = true;
			out->seconds = (unsigned int)seconds;
			continue;
		}
		if (has_prefix(argv[i], "--"))
			return ksctl_usage_error(ctx, "unknown option '%s'", argv[i]);
		if (count == 2)
			return ksctl_usage_error(ctx, "too many arguments: '%s'", argv[i]);
		positional[count++] = argv[i];
	}

	if (count < 2)
		return ksctl_usage_error(ctx, "missing %s: use ksctl engage SYMBOL RETVAL",
					 count == 0 ? "SYMBOL and RETVAL" : "RETVAL");
	if (target_parse(ctx, positional[0], &out->target))
		return KSCTL_EXIT_USAGE;
	out->symbol = out->target.symbol;
	out->retval_text = positional[1];
	if (ks_parse_retval(out->retval_text, &out->retval))
		return ksctl_usage_error(ctx, "invalid RETVAL '%s': use a decimal or 0x number, or -ENAME such as -EPERM",
					 out->retval_text);
	return 0;
}

char *engage_command_line(const struct engage_args *args)
{
	struct ks_parse_error error;
	struct ks_cmd cmd;
	char *line;
	char *copy;
	int ret;

	const char *module = args->target.module;
	char *options = xasprintf("%s%s%s%s", args->scope ? " scope=" : "",
				  args->scope ? args->scope : "", args->reason ? " reason=" : "",
				  args->reason ? args->reason : "");

	if (args->probe)
		line = xasprintf("tryengage %s%s%s %lld %u%s\n", module ? module : "",
				 module ? ":" : "", args->symbol, args->retval, args->seconds,
				 options);
	else
		line = xasprintf("engage %s%s%s %lld%s\n", module ? module : "", module ? ":" : "",
				 args->symbol, args->retval, options);
	free(options);

	/* The kernel parses the same way; a line it would reject is a bug here. */
	copy = xstrdup(line);
	copy[strcspn(copy, "\n")] = '\0';
	ret = ks_parse_line(copy, 1, &cmd, &error);
	free(copy);
	if (ret != 0) {
		free(line);
		return NULL;
	}
	return line;
}

static void print_engaged_text(const struct engage_args *args)
{
	char *value = format_retval(args->retval);

	if (args->probe)
		printf("probing %s for %u s: it engages returning %s if no call is seen meanwhile\n",
		       args->symbol, args->seconds, value);
	else
		printf("engaged %s: it now returns %s\n", args->symbol, value);
	free(value);
}

/* The JSON document of an engage run; @failure is NULL on success. */
static void write_engage_json(struct ksctl *ctx, const struct engage_args *args,
			      const struct preflight_request *request,
			      const struct preflight_result *preflight,
			      const char *outcome, const struct ksctl_failure *failure)
{
	struct json_writer *w = &ctx->out;

	json_object_begin(w);
	json_kv_string(w, "symbol", args->symbol);
	json_kv_int(w, "retval", args->retval);
	json_kv_string(w, "errno", ks_errno_name(args->retval));
	json_key(w, "probe_seconds");
	if (args->probe)
		json_uint(w, args->seconds);
	else
		json_null(w);
	json_kv_bool(w, "forced", args->force);
	json_kv_string(w, "outcome", outcome);
	json_key(w, "preflight");
	json_object_begin(w);
	preflight_write_json(ctx, request, preflight);
	json_object_end(w);
	if (failure) {
		json_key(w, "error");
		ksctl_write_failure_json(ctx, failure);
	}
	json_object_end(w);
}

int cmd_engage(struct ksctl *ctx, int argc, char **argv)
{
	struct preflight_request request = { 0 };
	struct preflight_result preflight;
	struct control_result written;
	struct ksctl_failure failure = { 0 };
	struct engage_args args;
	char *message = NULL;
	char *line;
	size_t errors;
	int status;

	status = engage_parse_args(ctx, argc, argv, &args);
	if (status)
		return status;
	line = engage_command_line(&args);
	if (!line)
		return ksctl_error(ctx, NULL, "internal error: the control line for %s is invalid",
				   args.symbol);

	request.symbol = args.symbol;
	request.module = args.target.module;
	request.has_retval = true;
	request.retval = args.retval;
	errors = preflight_run(ctx, &request, &preflight);
	if (!ctx->json)
		preflight_print_text(&request, &preflight, stderr, FINDING_WARNING);

	if (errors > 0 && !args.force) {
		message = xasprintf("refusing to engage %s: the preflight found %zu error%s",
				    args.symbol, errors, errors == 1 ? "" : "s");
		failure.message = message;
		failure.hint = "fix the problems the errors name, or add --force to engage anyway";
		if (ctx->json)
			write_engage_json(ctx, &args, &request, &preflight, "refused", &failure);
		else
			ksctl_fail(ctx, &failure);
		status = KSCTL_EXIT_FAILURE;
		goto out;
	}

	if (control_write(ctx, line, &written)) {
		char *command_text = xasprintf("%s %s %s", args.probe ? "tryengage" : "engage",
				       args.symbol, args.retval_text);

		message = control_describe_failure(command_text, &written, &failure);
		free(command_text);
		if (ctx->json)
			write_engage_json(ctx, &args, &request, &preflight, "failed", &failure);
		else
			ksctl_fail(ctx, &failure);
		control_result_free(&written);
		status = KSCTL_EXIT_FAILURE;
		goto out;
	}

	if (ctx->json)
		write_engage_json(ctx, &args, &request, &preflight,
				  args.probe ? "probing" : "engaged", NULL);
	else
		print_engaged_text(&args);
	status = KSCTL_EXIT_OK;
out:
	free(message);
	free(line);
	preflight_result_free(&preflight);
	return status;
}

int disengage_parse_args(struct ksctl *ctx, int argc, char **argv, struct disengage_args *out)
{
	int i;

	memset(out, 0, sizeof(*out));
	for (i = 1; i < argc; i++) {
		if (opt_is_flag(argv[i], "--all")) {
			out->all = true;
			continue;
		}
		if (has_prefix(argv[i], "--"))
			return ksctl_usage_error(ctx, "unknown option '%s'", argv[i]);
		if (out->symbol)
			return ksctl_usage_error(ctx, "too many arguments: '%s'", argv[i]);
		out->symbol = argv[i];
	}
	if (out->all && out->symbol)
		return ksctl_usage_error(ctx, "give either SYMBOL or --all, not both");
	if (!out->all && !out->symbol)
		return ksctl_usage_error(ctx, "missing SYMBOL: use ksctl disengage SYMBOL or --all");
	if (out->symbol) {
		if (target_parse(ctx, out->symbol, &out->target))
			return KSCTL_EXIT_USAGE;
		out->symbol = out->target.symbol;
	}
	return 0;
}

int cmd_disengage(struct ksctl *ctx, int argc, char **argv)
{
	struct engagement_list before = { 0 };
	struct control_result written;
	struct disengage_args args;
	size_t listed_count = 0;
	bool listed;
	char *line;
	size_t i;
	int status;

	status = disengage_parse_args(ctx, argc, argv, &args);
	if (status)
		return status;

	/* The hit counts vanish with the engagements: read them first. */
	listed = engaged_read(ctx, &before, NULL) == 0;
	line = args.all ? xstrdup("disengage_all\n") : xasprintf("disengage %s\n", args.symbol);
	if (control_write(ctx, line, &written)) {
		char *command_text = args.all ? xstrdup("disengage_all")
				      : xasprintf("disengage %s", args.symbol);

		status = control_report_failure(ctx, command_text, &written);
		free(command_text);
		control_result_free(&written);
		goto out;
	}

	if (ctx->json) {
		json_object_begin(&ctx->out);
		json_key(&ctx->out, "disengaged");
		json_array_begin(&ctx->out);
	}
	for (i = 0; listed && i < before.count; i++) {
		const struct engagement *e = &before.items[i];

		if (!args.all && args.symbol && strcmp(e->symbol, args.symbol) != 0)
			continue;
		listed_count++;
		if (ctx->json) {
			json_object_begin(&ctx->out);
			json_kv_string(&ctx->out, "symbol", e->symbol);
			json_kv_string(&ctx->out, "module", e->module);
			json_kv_uint(&ctx->out, "hits", e->hits);
			json_object_end(&ctx->out);
		} else {
			printf("disengaged %s (%llu hit%s)\n", e->symbol, e->hits,
			       e->hits == 1 ? "" : "s");
		}
	}
	if (ctx->json) {
		json_array_end(&ctx->out);
		json_object_end(&ctx->out);
	} else if (listed_count == 0 && !args.all) {
		printf("disengaged %s\n", args.symbol);
	} else if (listed_count == 0) {
		printf("nothing was engaged\n");
	}
	status = KSCTL_EXIT_OK;
out:
	free(line);
	engagement_list_free(&before);
	return status;
}
