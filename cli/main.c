// SPDX-License-Identifier: GPL-2.0
/* ksctl entry point: global options and command dispatch. */
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "ksctl.h"

/* Store root directory @dir without trailing slashes; "/" becomes "". */
static void set_root(struct ksctl *ctx, const char *dir)
{
	size_t len = strlen(dir);

	free(ctx->root);
	while (len > 0 && dir[len - 1] == '/')
		len--;
	ctx->root = xmalloc(len + 1);
	memcpy(ctx->root, dir, len);
	ctx->root[len] = '\0';
}

/*
 * Take the global options out of argv, wherever they stand before "--",
 * and drop a "--" itself. Sets *help for -h and --help. Returns 0 or the
 * exit status of a usage error it reported.
 */
int ksctl_parse_global(struct ksctl *ctx, int *argc, char **argv, bool *help)
{
	const char *env_root = getenv("KSCTL_ROOT");
	bool options_done = false;
	int kept_count = 1;
	int i;

	*help = false;
	if (env_root && env_root[0] && !ctx->root)
		set_root(ctx, env_root);

	for (i = 1; i < *argc; i++) {
		const char *value;
		int match;

		if (options_done) {
			argv[kept_count++] = argv[i];
			continue;
		}
		if (strcmp(argv[i], "--") == 0) {
			options_done = true;
			continue;
		}
		if (strcmp(argv[i], "--json") == 0) {
			ctx->json = true;
			continue;
		}
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			*help = true;
			continue;
		}
		match = opt_match(*argc, argv, &i, "--root", &value);
		if (match < 0)
			return ksctl_usage_error(ctx, "--root needs a directory");
		if (match > 0) {
			if (value[0] == '\0')
				return ksctl_usage_error(ctx, "--root needs a directory, not an empty string");
			set_root(ctx, value);
			continue;
		}
		match = opt_match(*argc, argv, &i, "--kernel-release", &value);
		if (match < 0)
			return ksctl_usage_error(ctx, "--kernel-release needs a release such as 6.12.0-1-amd64");
		if (match > 0) {
			if (value[0] == '\0' || strchr(value, '/'))
				return ksctl_usage_error(ctx, "invalid --kernel-release '%s'", value);
			free(ctx->kernel_release);
			ctx->kernel_release = xstrdup(value);
			continue;
		}
		argv[kept_count++] = argv[i];
	}
	argv[kept_count] = NULL;
	*argc = kept_count;

	if (!ctx->root)
		set_root(ctx, "/");
	if (!ctx->kernel_release) {
		struct utsname name;

		ctx->kernel_release = xstrdup(uname(&name) == 0 ? name.release : "unknown");
	}
	return 0;
}

void ksctl_free(struct ksctl *ctx)
{
	free(ctx->root);
	free(ctx->kernel_release);
	ctx->root = NULL;
	ctx->kernel_release = NULL;
}

int ksctl_main(int argc, char **argv)
{
	const struct ksctl_command *command;
	struct ksctl ctx;
	bool help;
	int status;

	memset(&ctx, 0, sizeof(ctx));
	json_init(&ctx.out, stdout);

	status = ksctl_parse_global(&ctx, &argc, argv, &help);
	if (status)
		goto out;

	if (argc < 2) {
		if (help) {
			status = ksctl_print_help(&ctx, NULL);
		} else {
			ksctl_print_help(&ctx, NULL);
			status = KSCTL_EXIT_USAGE;
		}
		goto out;
	}

	command = ksctl_find_command(argv[1]);
	if (!command) {
		status = ksctl_usage_error(&ctx, "unknown command '%s'", argv[1]);
		goto out;
	}
	ctx.command = command->name;
	if (help) {
		status = ksctl_print_help(&ctx, command->name);
		goto out;
	}
	status = command->run(&ctx, argc - 1, argv + 1);
out:
	fflush(stdout);
	ksctl_free(&ctx);
	return status;
}
