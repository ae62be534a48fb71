// SPDX-License-Identifier: GPL-2.0
/* Memory, string, path and file helpers. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ksctl.h"

static void die_oom(void)
{
	fputs("ksctl: out of memory\n", stderr);
	exit(KSCTL_EXIT_FAILURE);
}

void *xmalloc(size_t size)
{
	void *ptr = malloc(size ? size : 1);

	if (!ptr)
		die_oom();
	return ptr;
}

void *xcalloc(size_t count, size_t size)
{
	void *ptr = calloc(count ? count : 1, size ? size : 1);

	if (!ptr)
		die_oom();
	return ptr;
}

void *xrealloc(void *ptr, size_t size)
{
	void *grown = realloc(ptr, size ? size : 1);

	if (!grown)
		die_oom();
	return grown;
}

char *xstrdup(const char *text)
{
	char *copy = strdup(text);

	if (!copy)
		die_oom();
	return copy;
}

char *xvasprintf(const char *fmt, va_list args)
{
	va_list again;
	char *text;
	int len;

	va_copy(again, args);
	len = vsnprintf(NULL, 0, fmt, args);
	if (len < 0)
		die_oom();
	text = xmalloc((size_t)len + 1);
	vsnprintf(text, (size_t)len + 1, fmt, again);
	va_end(again);
	return text;
}

char *xasprintf(const char *fmt, ...)
{
	va_list args;
	char *text;

	va_start(args, fmt);
	text = xvasprintf(fmt, args);
	va_end(args);
	return text;
}

/* Format an absolute system path and put the root prefix in front of it. */
char *ksctl_path(const struct ksctl *ctx, const char *fmt, ...)
{
	va_list args;
	char *path;
	char *full;

	va_start(args, fmt);
	path = xvasprintf(fmt, args);
	va_end(args);
	full = xasprintf("%s%s", ctx->root ? ctx->root : "", path);
	free(path);
	return full;
}

/*
 * Read a whole file into a NUL-terminated buffer. Files in /proc and /sys
 * report a size of 0 or 4096 whatever they hold, so read until EOF.
 * Returns 0 or a negative errno.
 */
int read_text_file(const char *path, char **text, size_t *len)
{
	size_t cap = 4096;
	size_t used = 0;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;

	buf = xmalloc(cap);
	for (;;) {
		ssize_t got;

		if (cap - used < 2) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		got = read(fd, buf + used, cap - used - 1);
		if (got < 0) {
			int err = errno;

			if (err == EINTR)
				continue;
			free(buf);
			close(fd);
			return -err;
		}
		if (got == 0)
			break;
		used += (size_t)got;
	}
	close(fd);

	buf[used] = '\0';
	*text = buf;
	if (len)
		*len = used;
	return 0;
}

bool path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Strip leading and trailing whitespace in place. */
char *trim(char *text)
{
	char *end;

	while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
		text++;
	end = text + strlen(text);
	while (end > text && (end[-1] == ' ' || end[-1] == '\t' ||
			      end[-1] == '\n' || end[-1] == '\r'))
		end--;
	*end = '\0';
	return text;
}

bool has_prefix(const char *text, const char *prefix)
{
	return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* Parse a decimal number in 0..@max. Returns 0 or -EINVAL. */
int parse_ullong(const char *text, unsigned long long max, unsigned long long *value)
{
	unsigned long long result = 0;

	if (*text == '\0')
		return -EINVAL;
	for (; *text; text++) {
		unsigned int digit;

		if (*text < '0' || *text > '9')
			return -EINVAL;
		digit = (unsigned int)(*text - '0');
		if (result > (max - digit) / 10)
			return -EINVAL;
		result = result * 10 + digit;
	}
	*value = result;
	return 0;
}

static void strbuf_reserve(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	while (sb->len + extra + 1 > sb->cap)
		sb->cap = sb->cap ? sb->cap * 2 : 64;
	sb->data = xrealloc(sb->data, sb->cap);
}

void strbuf_append(struct strbuf *sb, const char *text)
{
	size_t len = strlen(text);

	strbuf_reserve(sb, len);
	memcpy(sb->data + sb->len, text, len + 1);
	sb->len += len;
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list args;
	char *text;

	va_start(args, fmt);
	text = xvasprintf(fmt, args);
	va_end(args);
	strbuf_append(sb, text);
	free(text);
}

void strbuf_free(struct strbuf *sb)
{
	free(sb->data);
	sb->data = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void strlist_add(struct strlist *list, char *owned)
{
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 8;
		list->items = xrealloc(list->items, list->cap * sizeof(*list->items));
	}
	list->items[list->count++] = owned;
}

bool strlist_contains(const struct strlist *list, const char *text)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		if (strcmp(list->items[i], text) == 0)
			return true;
	}
	return false;
}

void strlist_free(struct strlist *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = 0;
	list->cap = 0;
}
