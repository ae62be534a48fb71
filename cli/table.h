/* SPDX-License-Identifier: GPL-2.0 */
/* Text tables with aligned columns. */
#ifndef KSCTL_TABLE_H
#define KSCTL_TABLE_H

#include <stdio.h>

#include "ksctl.h"

struct table {
	size_t columns;
	/* Row-major cells, the header row first. */
	struct strlist cells;
};

void table_init(struct table *table, size_t columns, const char *const *headers);
/* Append a cell; rows fill left to right. Takes ownership of @owned. */
void table_add(struct table *table, char *owned);
void table_print(const struct table *table, FILE *out);
void table_free(struct table *table);

#endif /* KSCTL_TABLE_H */
