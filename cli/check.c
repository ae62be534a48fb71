// SPDX-License-Identifier: GPL-2.0
/* ksctl check SYMBOL [RETVAL]: the preflight alone. */
#include <string.h>

#include "commands.h"
#include "ks_parse.h"
#include "ksctl.h"
#include "preflight.h"

int check_parse_args(struct ksctl *ctx, int argc, char **argv, struct check_args *out)
{
	const char *positional[2];
	int count = 0;
	int i;

	memset(out, 0, sizeof(*out));
	for (i = 1; i < argc; i++) {
		if (has_prefix(argv[i], "--"))
			return ksctl_usage_error(ctx, "unknown option '%s'", argv[i]);
		if (count == 2)
			return ksctl_usage_error(ctx, "too many arguments: '%s'", argv[i]);
		positional[count++] = argv[i];
	}
	if (count == 0)
		return ksctl_usage_error(ctx, "missing SYMBOL: use ksctl check SYMBOL [RETVAL]");

	if (target_parse(ctx, positional[0], &out->target))
		return KSCTL_EXIT_USAGE;
	out->symbol = out->target.symbol;
	if (count == 2) {
		if (ks_parse_retval(positional[1], &out->retval))
			return ksctl_usage_error(ctx, "invalid RETVAL '%s': use a decimal or 0x number, or -ENAME such as -EPERM",
						 positional[1]);
		out->has_retval = true;
	}
	return 0;
}

int cmd_check(struct ksctl *ctx, int argc, char **argv)
{
	struct preflight_request request = { 0 };
	struct preflight_result result;
	struct check_args args;
	size_t errors;
	int status;

	status = check_parse_args(ctx, argc, argv, &args);
	if (status)
		return status;

	request.symbol = args.symbol;
	request.module = args.target.module;
	request.has_retval = args.has_retval;
	request.retval = args.retval;
	errors = preflight_run(ctx, &request, &result);

	if (ctx->json) {
		json_object_begin(&ctx->out);
		preflight_write_json(ctx, &request, &result);
		json_object_end(&ctx->out);
	} else {
		preflight_print_text(&request, &result, stdout, FINDING_OK);
	}
	preflight_result_free(&result);
	return errors ? KSCTL_EXIT_FAILURE : KSCTL_EXIT_OK;
}
