/* SPDX-License-Identifier: GPL-2.0 */
/* The killswitch `engaged` listing, parsed by key. */
#ifndef KSCTL_ENGAGED_H
#define KSCTL_ENGAGED_H

#include <stddef.h>

struct ksctl;

struct engagement {
	char *symbol;
	/* Owning module; "vmlinux" for the core kernel. */
	char *module;
	long long retval;
	/* "pending", "probing", "engaged" or "observing". */
	char *state;
	unsigned long long hits;
	/* Calls that ran the real function; 0 from modules without the key. */
	unsigned long long passed;
	/* "all", "userns" or "unpriv". */
	char *scope;
	/* The reason= tag, or "-". */
	char *reason;
};

struct engagement_list {
	struct engagement *items;
	size_t count;
	size_t cap;
};

/*
 * Parse one line "symbol=S module=M retval=N state=X hits=H passed=P
 * scope=C reason=R" (passed, scope and reason are optional). Keys may come
 * in any order and unknown keys are ignored, so later module versions can
 * append keys. Returns 0, or -EINVAL when symbol, retval, state or hits is
 * missing or malformed; @line is split in place.
 */
int engaged_parse_line(char *line, struct engagement *out);

/*
 * Read the engaged file below the root prefix. Returns 0, -ENOENT when
 * killswitch.ko is not loaded, another negative errno when the file cannot
 * be read, or -EBADMSG for a malformed line (its 1-based number in
 * *bad_line).
 */
int engaged_read(const struct ksctl *ctx, struct engagement_list *list,
		 unsigned int *bad_line);
const struct engagement *engaged_find(const struct engagement_list *list,
				      const char *symbol);
void engagement_list_free(struct engagement_list *list);

#endif /* KSCTL_ENGAGED_H */
