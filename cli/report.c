// SPDX-License-Identifier: GPL-2.0
/*
 * Failure reporting. In text mode a failure goes to stderr as
 * "ksctl: COMMAND: MESSAGE" with the hint and kernel log lines below it.
 * In JSON mode it is the document on stdout:
 *   {"error":{"command":...,"message":...,"errno":...,"hint":...,"kernel_log":...}}
 */
#include <stdlib.h>
#include <string.h>

#include "ksctl.h"

void ksctl_write_failure_json(struct ksctl *ctx, const struct ksctl_failure *failure)
{
	json_object_begin(&ctx->out);
	json_kv_string(&ctx->out, "command", ctx->command);
	json_kv_string(&ctx->out, "message", failure->message);
	json_kv_string(&ctx->out, "errno", failure->errno_name);
	json_kv_string(&ctx->out, "hint", failure->hint);
	json_kv_string(&ctx->out, "kernel_log", failure->kernel_log);
	json_object_end(&ctx->out);
}

/* Print @failure and return KSCTL_EXIT_FAILURE. */
int ksctl_fail(struct ksctl *ctx, const struct ksctl_failure *failure)
{
	if (ctx->json) {
		json_object_begin(&ctx->out);
		json_key(&ctx->out, "error");
		ksctl_write_failure_json(ctx, failure);
		json_object_end(&ctx->out);
		return KSCTL_EXIT_FAILURE;
	}

	if (ctx->command)
		fprintf(stderr, "ksctl: %s: %s\n", ctx->command, failure->message);
	else
		fprintf(stderr, "ksctl: %s\n", failure->message);
	if (failure->hint)
		fprintf(stderr, "  %s\n", failure->hint);
	if (failure->kernel_log && failure->kernel_log[0]) {
		const char *line = failure->kernel_log;

		fputs("  kernel log:\n", stderr);
		while (*line) {
			size_t len = strcspn(line, "\n");

			fprintf(stderr, "    %.*s\n", (int)len, line);
			line += len;
			if (*line == '\n')
				line++;
		}
	}
	return KSCTL_EXIT_FAILURE;
}

/* Report a failure with a formatted message; returns KSCTL_EXIT_FAILURE. */
int ksctl_error(struct ksctl *ctx, const char *hint, const char *fmt, ...)
{
	struct ksctl_failure failure = { .hint = hint };
	va_list args;
	char *message;

	va_start(args, fmt);
	message = xvasprintf(fmt, args);
	va_end(args);

	failure.message = message;
	ksctl_fail(ctx, &failure);
	free(message);
	return KSCTL_EXIT_FAILURE;
}

/* Report a command-line mistake; returns KSCTL_EXIT_USAGE. */
int ksctl_usage_error(struct ksctl *ctx, const char *fmt, ...)
{
	struct ksctl_failure failure = { 0 };
	va_list args;
	char *message;
	char *hint;

	va_start(args, fmt);
	message = xvasprintf(fmt, args);
	va_end(args);

	if (ctx->command)
		hint = xasprintf("run 'ksctl help %s' for the usage", ctx->command);
	else
		hint = xstrdup("run 'ksctl help' for the list of commands");
	failure.message = message;
	failure.hint = hint;
	ksctl_fail(ctx, &failure);
	free(message);
	free(hint);
	return KSCTL_EXIT_USAGE;
}
