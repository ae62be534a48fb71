// SPDX-License-Identifier: GPL-2.0
/* The TAP harness and fake-tree helpers of the ksctl unit tests. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ktest.h"

static unsigned int kt_count;
static unsigned int kt_failed;
static int kt_saved_stderr = -1;

static void kt_diag_lines(const char *text)
{
	const char *line = text;

	while (*line) {
		size_t len = strcspn(line, "\n");

		printf("# %.*s\n", (int)len, line);
		line += len;
		if (*line)
			line++;
	}
}

bool kt_check(bool passed, const char *name, const char *diag_fmt, ...)
{
	kt_count++;
	printf("%s %u - %s\n", passed ? "ok" : "not ok", kt_count, name);
	if (!passed) {
		kt_failed++;
		if (diag_fmt) {
			va_list args;
			char *diag;

			va_start(args, diag_fmt);
			diag = xvasprintf(diag_fmt, args);
			va_end(args);
			kt_diag_lines(diag);
			free(diag);
		}
	}
	fflush(stdout);
	return passed;
}

bool kt_eq_int(const char *name, long long expected, long long actual)
{
	return kt_check(expected == actual, name, "expected: %lld\n  actual: %lld", expected, actual);
}

bool kt_eq_str(const char *name, const char *expected, const char *actual)
{
	bool same = (!expected && !actual) ||
		    (expected && actual && strcmp(expected, actual) == 0);

	return kt_check(same, name, "expected: '%s'\n  actual: '%s'",
			expected ? expected : "(null)", actual ? actual : "(null)");
}

bool kt_contains(const char *name, const char *haystack, const char *needle)
{
	return kt_check(haystack && strstr(haystack, needle), name,
			"expected to contain: '%s'\nin: '%s'", needle, haystack ? haystack : "(null)");
}

bool kt_not_contains(const char *name, const char *haystack, const char *needle)
{
	return kt_check(haystack && !strstr(haystack, needle), name,
			"expected not to contain: '%s'\nin: '%s'", needle,
			haystack ? haystack : "(null)");
}

void kt_note(const char *fmt, ...)
{
	va_list args;
	char *text;

	va_start(args, fmt);
	text = xvasprintf(fmt, args);
	va_end(args);
	kt_diag_lines(text);
	free(text);
}

static const char *kt_env(const char *name)
{
	const char *value = getenv(name);

	if (!value || !value[0]) {
		fprintf(stderr, "test_ksctl: %s is not set: run the tests with make -C cli unit\n", name);
		exit(2);
	}
	return value;
}

char *kt_scratch(const char *name)
{
	char *dir = xasprintf("%s/%s", kt_env("KSCTL_SCRATCH"), name);
	char *command = xasprintf("rm -rf '%s' && mkdir -p '%s'", dir, dir);

	if (system(command) != 0) {
		fprintf(stderr, "test_ksctl: cannot create %s\n", dir);
		exit(2);
	}
	free(command);
	return dir;
}

static void kt_mkdirs(char *path)
{
	char *slash;

	for (slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	mkdir(path, 0755);
}

void kt_mkdir(const char *root, const char *rel)
{
	char *path = xasprintf("%s/%s", root, rel);

	kt_mkdirs(path);
	free(path);
}

void kt_write_bytes(const char *root, const char *rel, const void *data, size_t size)
{
	char *path = xasprintf("%s/%s", root, rel);
	char *slash = strrchr(path, '/');
	FILE *file;

	*slash = '\0';
	kt_mkdirs(path);
	*slash = '/';
	file = fopen(path, "w");
	if (!file || fwrite(data, 1, size, file) != size || fclose(file) != 0) {
		fprintf(stderr, "test_ksctl: cannot write %s: %s\n", path, strerror(errno));
		exit(2);
	}
	free(path);
}

void kt_write(const char *root, const char *rel, const char *content)
{
	kt_write_bytes(root, rel, content, strlen(content));
}

char *kt_read(const char *root, const char *rel)
{
	char *path = xasprintf("%s/%s", root, rel);
	char *text = NULL;

	if (read_text_file(path, &text, NULL))
		text = xstrdup("");
	free(path);
	return text;
}

char *kt_fixture(const char *name)
{
	return xasprintf("%s/%s", kt_env("KSCTL_FIXTURES"), name);
}

int kt_run(const char *command, bool with_stderr, char **output)
{
	char *full = with_stderr ? xasprintf("(%s) 2>&1", command) : xstrdup(command);
	struct strbuf sb = { 0 };
	char chunk[4096];
	size_t got;
	FILE *pipe;
	int status;

	pipe = popen(full, "r");
	free(full);
	if (!pipe) {
		*output = xstrdup("");
		return -1;
	}
	while ((got = fread(chunk, 1, sizeof(chunk) - 1, pipe)) > 0) {
		chunk[got] = '\0';
		strbuf_append(&sb, chunk);
	}
	status = pclose(pipe);
	*output = sb.data ? sb.data : xstrdup("");
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int kt_ksctl(const char *root, const char *args, char **output)
{
	char *command = xasprintf("'%s' --root '%s' --kernel-release 6.99.0-test %s",
				  kt_env("KSCTL"), root, args);
	int status = kt_run(command, false, output);

	free(command);
	return status;
}

/* Run ksjson with @args on @text; returns its exit status and its output. */
static int kt_ksjson(const char *text, const char *args, char **output)
{
	char *input = xasprintf("%s/ksjson-input", kt_env("KSCTL_SCRATCH"));
	char *command;
	FILE *file;
	int status;

	file = fopen(input, "w");
	if (!file) {
		fprintf(stderr, "test_ksctl: cannot write %s\n", input);
		exit(2);
	}
	fputs(text, file);
	fclose(file);
	command = xasprintf("'%s' %s < '%s'", kt_env("KSJSON"), args, input);
	status = kt_run(command, false, output);
	free(command);
	free(input);
	return status;
}

bool kt_valid_json(const char *text)
{
	char *output;
	int status = kt_ksjson(text, "", &output);

	free(output);
	return status == 0;
}

char *kt_json_get(const char *text, const char *path)
{
	char *args = xasprintf("'%s'", path);
	char *output;

	kt_ksjson(text, args, &output);
	free(args);
	output[strcspn(output, "\n")] = '\0';
	return output;
}

void kt_context(struct ksctl *ctx, const char *root, const char *kernel_release)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->root = xstrdup(root);
	ctx->kernel_release = xstrdup(kernel_release);
	ctx->command = "test";
	json_init(&ctx->out, stdout);
}

void kt_quiet_begin(void)
{
	int null_fd = open("/dev/null", O_WRONLY);

	fflush(stderr);
	kt_saved_stderr = dup(STDERR_FILENO);
	dup2(null_fd, STDERR_FILENO);
	close(null_fd);
}

void kt_quiet_end(void)
{
	fflush(stderr);
	dup2(kt_saved_stderr, STDERR_FILENO);
	close(kt_saved_stderr);
	kt_saved_stderr = -1;
}

int main(void)
{
	static void (*const groups[])(void) = {
		test_args, test_errno, test_engaged, test_config, test_btf,
		test_preflight, test_modules, test_json, test_catalog, test_metrics,
	};
	size_t i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		groups[i]();

	printf("1..%u\n", kt_count);
	printf("%u passed, %u failed\n", kt_count - kt_failed, kt_failed);
	return kt_failed ? 1 : 0;
}
