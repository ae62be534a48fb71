// SPDX-License-Identifier: GPL-2.0
/* The JSON writer; see json.h. */
#include <assert.h>
#include <math.h>

#include "json.h"

void json_init(struct json_writer *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->has_member[0] = false;
	w->after_key = false;
}

/* Write the separator a new value or key needs at the current depth. */
static void json_separate(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0 && w->has_member[w->depth])
		fputc(',', w->out);
	w->has_member[w->depth] = true;
}

/* After a top-level value, end the document with a newline. */
static void json_value_done(struct json_writer *w)
{
	if (w->depth == 0) {
		fputc('\n', w->out);
		fflush(w->out);
	}
}

static void json_open(struct json_writer *w, char bracket)
{
	json_separate(w);
	fputc(bracket, w->out);
	assert(w->depth + 1 < JSON_MAX_DEPTH);
	w->depth++;
	w->has_member[w->depth] = false;
}

static void json_close(struct json_writer *w, char bracket)
{
	assert(w->depth > 0);
	assert(!w->after_key);
	w->depth--;
	fputc(bracket, w->out);
	json_value_done(w);
}

void json_object_begin(struct json_writer *w)
{
	json_open(w, '{');
}

void json_object_end(struct json_writer *w)
{
	json_close(w, '}');
}

void json_array_begin(struct json_writer *w)
{
	json_open(w, '[');
}

void json_array_end(struct json_writer *w)
{
	json_close(w, ']');
}

/* Write @text as a JSON string literal, escaping what RFC 8259 requires. */
static void json_write_quoted(FILE *out, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	fputc('"', out);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else if (*p >= 0x80)
				/*
				 * Kernel files are ASCII; a stray byte is
				 * replaced rather than risk invalid UTF-8.
				 */
				fputs("\\ufffd", out);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void json_key(struct json_writer *w, const char *key)
{
	json_separate(w);
	json_write_quoted(w->out, key);
	fputc(':', w->out);
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *value)
{
	if (!value) {
		json_null(w);
		return;
	}
	json_separate(w);
	json_write_quoted(w->out, value);
	json_value_done(w);
}

void json_int(struct json_writer *w, long long value)
{
	json_separate(w);
	fprintf(w->out, "%lld", value);
	json_value_done(w);
}

void json_uint(struct json_writer *w, unsigned long long value)
{
	json_separate(w);
	fprintf(w->out, "%llu", value);
	json_value_done(w);
}

void json_double(struct json_writer *w, double value)
{
	json_separate(w);
	/* JSON has no NaN or infinity. */
	if (isfinite(value))
		fprintf(w->out, "%.3f", value);
	else
		fputs("null", w->out);
	json_value_done(w);
}

void json_bool(struct json_writer *w, bool value)
{
	json_separate(w);
	fputs(value ? "true" : "false", w->out);
	json_value_done(w);
}

void json_null(struct json_writer *w)
{
	json_separate(w);
	fputs("null", w->out);
	json_value_done(w);
}

void json_kv_string(struct json_writer *w, const char *key, const char *value)
{
	json_key(w, key);
	json_string(w, value);
}

void json_kv_int(struct json_writer *w, const char *key, long long value)
{
	json_key(w, key);
	json_int(w, value);
}

void json_kv_uint(struct json_writer *w, const char *key, unsigned long long value)
{
	json_key(w, key);
	json_uint(w, value);
}

void json_kv_bool(struct json_writer *w, const char *key, bool value)
{
	json_key(w, key);
	json_bool(w, value);
}
