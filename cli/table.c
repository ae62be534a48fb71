// SPDX-License-Identifier: GPL-2.0
/* Aligned text tables; the last column is not padded. */
#include <stdlib.h>
#include <string.h>

#include "table.h"

void table_init(struct table *table, size_t columns, const char *const *headers)
{
	size_t i;

	memset(table, 0, sizeof(*table));
	table->columns = columns;
	for (i = 0; i < columns; i++)
		strlist_add(&table->cells, xstrdup(headers[i]));
}

void table_add(struct table *table, char *owned)
{
	strlist_add(&table->cells, owned);
}

void table_print(const struct table *table, FILE *out)
{
	size_t *widths = xcalloc(table->columns, sizeof(*widths));
	size_t i;

	for (i = 0; i < table->cells.count; i++) {
		size_t len = strlen(table->cells.items[i]);
		size_t column = i % table->columns;

		if (len > widths[column])
			widths[column] = len;
	}
	for (i = 0; i < table->cells.count; i++) {
		size_t column = i % table->columns;
		bool last = column + 1 == table->columns || i + 1 == table->cells.count;

		if (last)
			fprintf(out, "%s\n", table->cells.items[i]);
		else
			fprintf(out, "%-*s  ", (int)widths[column], table->cells.items[i]);
	}
	free(widths);
}

void table_free(struct table *table)
{
	strlist_free(&table->cells);
}
