// SPDX-License-Identifier: GPL-2.0
/* Finding lists and their text and JSON output. */
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "ksctl.h"

void findings_add(struct finding_list *list, enum finding_level level,
		  const char *rule, char *message, char *action)
{
	struct finding *finding;

	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = xrealloc(list->items, list->cap * sizeof(*list->items));
	}
	finding = &list->items[list->count++];
	finding->level = level;
	finding->rule = rule;
	finding->message = message;
	finding->action = action;
}

size_t findings_count(const struct finding_list *list, enum finding_level level)
{
	size_t count = 0;
	size_t i;

	for (i = 0; i < list->count; i++) {
		if (list->items[i].level == level)
			count++;
	}
	return count;
}

const struct finding *findings_find(const struct finding_list *list, const char *rule)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		if (strcmp(list->items[i].rule, rule) == 0)
			return &list->items[i];
	}
	return NULL;
}

const char *finding_level_name(enum finding_level level)
{
	switch (level) {
	case FINDING_OK:
		return "ok";
	case FINDING_WARNING:
		return "warning";
	case FINDING_ERROR:
		break;
	}
	return "error";
}

void findings_free(struct finding_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		free(list->items[i].message);
		free(list->items[i].action);
	}
	free(list->items);
	list->items = NULL;
	list->count = 0;
	list->cap = 0;
}

void findings_print_text(const struct finding_list *list, FILE *out,
			 enum finding_level min_level)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		const struct finding *finding = &list->items[i];

		if (finding->level < min_level)
			continue;
		fprintf(out, "%-8s %-10s %s\n", finding_level_name(finding->level),
			finding->rule, finding->message);
		if (finding->action)
			fprintf(out, "%-8s %-10s -> %s\n", "", "", finding->action);
	}
}

void findings_write_json(struct ksctl *ctx, const struct finding_list *list)
{
	size_t i;

	json_array_begin(&ctx->out);
	for (i = 0; i < list->count; i++) {
		const struct finding *finding = &list->items[i];

		json_object_begin(&ctx->out);
		json_kv_string(&ctx->out, "level", finding_level_name(finding->level));
		json_kv_string(&ctx->out, "rule", finding->rule);
		json_kv_string(&ctx->out, "message", finding->message);
		json_kv_string(&ctx->out, "action", finding->action);
		json_object_end(&ctx->out);
	}
	json_array_end(&ctx->out);
}
