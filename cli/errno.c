// SPDX-License-Identifier: GPL-2.0
/* ksctl errno [NAME|NUMBER]: the errno table of ks_errno.h, both ways. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "ks_parse.h"
#include "ksctl.h"

/* Codes from 512 up are the kernel's own (linux/errno.h) and never reach userspace. */
#define KERNEL_INTERNAL_ERRNO_MIN 512

int errno_lookup(const char *text, int *value, const char **name)
{
	const char *p = text[0] == '-' ? text + 1 : text;
	long long parsed;

	if (*p >= '0' && *p <= '9') {
		unsigned long long number;

		if (parse_ullong(p, KS_MAX_ERRNO, &number) || number == 0)
			return -EINVAL;
		*name = ks_errno_name(-(long long)number);
		if (!*name)
			return -ENOENT;
		*value = (int)number;
		return 0;
	}

	{
		char *negated = xasprintf("-%s", p);
		int ret = ks_parse_retval(negated, &parsed);

		free(negated);
		if (ret)
			return -ENOENT;
	}
	*value = (int)-parsed;
	/* An alias such as EWOULDBLOCK maps to its primary name. */
	*name = ks_errno_name(parsed);
	return 0;
}

static const char *errno_description(int value)
{
	if (value >= KERNEL_INTERNAL_ERRNO_MIN)
		return "kernel-internal code, never returned to userspace";
	return strerror(value);
}

static void write_entry_json(struct json_writer *w, const char *name, int value)
{
	json_object_begin(w);
	json_kv_string(w, "name", name);
	json_kv_int(w, "value", value);
	json_kv_string(w, "description", errno_description(value));
	json_kv_bool(w, "kernel_internal", value >= KERNEL_INTERNAL_ERRNO_MIN);
	json_object_end(w);
}

static int print_table(struct ksctl *ctx)
{
	int value;

	if (ctx->json) {
		json_object_begin(&ctx->out);
		json_key(&ctx->out, "errno");
		json_array_begin(&ctx->out);
	}
	for (value = 1; value <= KS_MAX_ERRNO; value++) {
		const char *name = ks_errno_name(-(long long)value);

		if (!name)
			continue;
		if (ctx->json)
			write_entry_json(&ctx->out, name, value);
		else
			printf("%-22s %4d  %s\n", name, value, errno_description(value));
	}
	if (ctx->json) {
		json_array_end(&ctx->out);
		json_object_end(&ctx->out);
	}
	return KSCTL_EXIT_OK;
}

int cmd_errno(struct ksctl *ctx, int argc, char **argv)
{
	const char *name;
	int value;
	int ret;

	if (argc > 2)
		return ksctl_usage_error(ctx, "too many arguments: '%s'", argv[2]);
	if (argc == 1)
		return print_table(ctx);
	if (has_prefix(argv[1], "--"))
		return ksctl_usage_error(ctx, "unknown option '%s'", argv[1]);

	ret = errno_lookup(argv[1], &value, &name);
	if (ret == -EINVAL)
		return ksctl_error(ctx, "give a number from 1 to 4095, or a name such as EPERM",
				   "'%s' is not an errno number", argv[1]);
	if (ret)
		return ksctl_error(ctx, "run 'ksctl errno' for the whole table",
				   "'%s' is not in the errno table", argv[1]);

	if (ctx->json)
		write_entry_json(&ctx->out, name, value);
	else
		printf("%s %d  %s\n", name, value, errno_description(value));
	return KSCTL_EXIT_OK;
}
