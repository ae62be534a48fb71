/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A streaming JSON writer: the only code in ksctl that prints JSON.
 *
 * The writer tracks nesting and inserts the commas itself. A document is
 * written compactly on one line and ends with a newline, so `ksctl watch
 * --json` can print one document per refresh (JSON Lines).
 */
#ifndef KSCTL_JSON_H
#define KSCTL_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json_writer {
	FILE *out;
	int depth;
	/* Whether the container at each depth already has a member. */
	bool has_member[JSON_MAX_DEPTH];
	/* A key was written and its value has not been. */
	bool after_key;
};

void json_init(struct json_writer *w, FILE *out);

void json_object_begin(struct json_writer *w);
void json_object_end(struct json_writer *w);
void json_array_begin(struct json_writer *w);
void json_array_end(struct json_writer *w);

void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *value);
void json_int(struct json_writer *w, long long value);
void json_uint(struct json_writer *w, unsigned long long value);
void json_double(struct json_writer *w, double value);
void json_bool(struct json_writer *w, bool value);
void json_null(struct json_writer *w);

/* Key and value in one call; a NULL string is written as null. */
void json_kv_string(struct json_writer *w, const char *key, const char *value);
void json_kv_int(struct json_writer *w, const char *key, long long value);
void json_kv_uint(struct json_writer *w, const char *key, unsigned long long value);
void json_kv_bool(struct json_writer *w, const char *key, bool value);

#endif /* KSCTL_JSON_H */
