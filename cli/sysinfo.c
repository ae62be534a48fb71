// SPDX-License-Identifier: GPL-2.0
/* Kernel taint and lockdown state, read below the root prefix. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ksctl.h"
#include "sysinfo.h"

char *lockdown_parse(const char *text)
{
	const char *open = strchr(text, '[');
	const char *close = open ? strchr(open, ']') : NULL;
	char *mode;

	if (!close)
		return NULL;
	mode = xmalloc((size_t)(close - open));
	memcpy(mode, open + 1, (size_t)(close - open - 1));
	mode[close - open - 1] = '\0';
	return mode;
}

int lockdown_read(const struct ksctl *ctx, char **mode)
{
	char *path = ksctl_path(ctx, "/sys/kernel/security/lockdown");
	char *text;
	int ret;

	ret = read_text_file(path, &text, NULL);
	free(path);
	if (ret)
		return ret;
	*mode = lockdown_parse(text);
	free(text);
	return *mode ? 0 : -EBADMSG;
}

int taint_read(const struct ksctl *ctx, unsigned long long *value)
{
	char *path = ksctl_path(ctx, "/proc/sys/kernel/tainted");
	char *text;
	int ret;

	ret = read_text_file(path, &text, NULL);
	free(path);
	if (ret)
		return ret;
	ret = parse_ullong(trim(text), ~0ULL, value) ? -EBADMSG : 0;
	free(text);
	return ret;
}

/* Taint flag letters by bit, from taint_flags[] in kernel/panic.c (6.12). */
static const char taint_flag_letters[] = "PFSRMBUDAWCIOELKXTN";

char *taint_letters(unsigned long long value)
{
	char *letters = xmalloc(sizeof(taint_flag_letters) + 1);
	size_t used = 0;
	size_t bit;

	for (bit = 0; bit < sizeof(taint_flag_letters) - 1; bit++) {
		if (value & (1ULL << bit))
			letters[used++] = taint_flag_letters[bit];
	}
	/* Bits the table does not name yet. */
	if (value >> (sizeof(taint_flag_letters) - 1))
		letters[used++] = '?';
	letters[used] = '\0';
	return letters;
}
