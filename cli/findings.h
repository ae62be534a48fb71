/* SPDX-License-Identifier: GPL-2.0 */
/* Preflight findings: one verdict per rule, with what to do about it. */
#ifndef KSCTL_FINDINGS_H
#define KSCTL_FINDINGS_H

#include <stddef.h>
#include <stdio.h>

struct ksctl;

enum finding_level {
	FINDING_OK,
	FINDING_WARNING,
	FINDING_ERROR,
};

struct finding {
	enum finding_level level;
	/* Short rule id, e.g. "symbol", "blacklist", "retval". */
	const char *rule;
	char *message;
	/* Advice for the operator, or NULL when there is none. */
	char *action;
};

struct finding_list {
	struct finding *items;
	size_t count;
	size_t cap;
};

/* Append a finding; takes ownership of @message and @action (may be NULL). */
void findings_add(struct finding_list *list, enum finding_level level,
		  const char *rule, char *message, char *action);
size_t findings_count(const struct finding_list *list, enum finding_level level);
const struct finding *findings_find(const struct finding_list *list, const char *rule);
const char *finding_level_name(enum finding_level level);
void findings_free(struct finding_list *list);

/* Print as text lines to @out; @min_level hides the lower levels. */
void findings_print_text(const struct finding_list *list, FILE *out,
			 enum finding_level min_level);
/* Write as the JSON array value of the current key. */
void findings_write_json(struct ksctl *ctx, const struct finding_list *list);

#endif /* KSCTL_FINDINGS_H */
