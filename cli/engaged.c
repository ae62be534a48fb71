// SPDX-License-Identifier: GPL-2.0
/* Reader of /sys/kernel/security/killswitch/engaged. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engaged.h"
#include "ks_parse.h"
#include "ksctl.h"

int engaged_parse_line(char *line, struct engagement *out)
{
	unsigned long long hits = 0;
	unsigned long long passed = 0;
	const char *scope = NULL;
	const char *reason = NULL;
	const char *symbol = NULL;
	const char *module = NULL;
	const char *state = NULL;
	bool have_retval = false;
	bool have_hits = false;
	long long retval = 0;
	char *save = NULL;
	char *token;

	for (token = strtok_r(line, " \t\n", &save); token;
	     token = strtok_r(NULL, " \t\n", &save)) {
		char *value = strchr(token, '=');

		if (!value)
			continue;
		*value++ = '\0';
		if (strcmp(token, "symbol") == 0) {
			symbol = value;
		} else if (strcmp(token, "module") == 0) {
			module = value;
		} else if (strcmp(token, "retval") == 0) {
			if (ks_parse_retval(value, &retval))
				return -EINVAL;
			have_retval = true;
		} else if (strcmp(token, "state") == 0) {
			state = value;
		} else if (strcmp(token, "hits") == 0) {
			if (parse_ullong(value, ~0ULL, &hits))
				return -EINVAL;
			have_hits = true;
		} else if (strcmp(token, "passed") == 0) {
			if (parse_ullong(value, ~0ULL, &passed))
				return -EINVAL;
		} else if (strcmp(token, "scope") == 0) {
			scope = value;
		} else if (strcmp(token, "reason") == 0) {
			reason = value;
		}
	}

	if (!symbol || !ks_symbol_valid(symbol) || !state || !have_retval || !have_hits)
		return -EINVAL;

	out->symbol = xstrdup(symbol);
	out->module = xstrdup(module ? module : "vmlinux");
	out->retval = retval;
	out->state = xstrdup(state);
	out->hits = hits;
	out->passed = passed;
	out->scope = xstrdup(scope ? scope : "all");
	out->reason = xstrdup(reason ? reason : "-");
	return 0;
}

int engaged_read(const struct ksctl *ctx, struct engagement_list *list,
		 unsigned int *bad_line)
{
	unsigned int lineno = 0;
	char *path;
	char *text;
	char *line;
	char *next;
	int ret;

	path = ksctl_path(ctx, KSCTL_KS_DIR "/engaged");
	ret = read_text_file(path, &text, NULL);
	free(path);
	if (ret)
		return ret;

	for (line = text; line && *line; line = next) {
		struct engagement entry;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (*trim(line) == '\0')
			continue;

		if (engaged_parse_line(line, &entry)) {
			if (bad_line)
				*bad_line = lineno;
			free(text);
			engagement_list_free(list);
			return -EBADMSG;
		}
		if (list->count == list->cap) {
			list->cap = list->cap ? list->cap * 2 : 8;
			list->items = xrealloc(list->items, list->cap * sizeof(*list->items));
		}
		list->items[list->count++] = entry;
	}
	free(text);
	return 0;
}

const struct engagement *engaged_find(const struct engagement_list *list,
				      const char *symbol)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		if (strcmp(list->items[i].symbol, symbol) == 0)
			return &list->items[i];
	}
	return NULL;
}

void engagement_list_free(struct engagement_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		free(list->items[i].symbol);
		free(list->items[i].module);
		free(list->items[i].state);
		free(list->items[i].scope);
		free(list->items[i].reason);
	}
	free(list->items);
	list->items = NULL;
	list->count = 0;
	list->cap = 0;
}
