// SPDX-License-Identifier: GPL-2.0
/*
 * ksjson - validate JSON on standard input and print values from it.
 *
 *   ksjson                 exit 0 if stdin contains one or more JSON documents
 *                          (JSON Lines too), else print the first error
 *   ksjson PATH...         validate, then print the value at each PATH of
 *                          the last document, one per line
 *
 * PATH is dot-separated: object keys, array indexes, and "#" for the
 * number of members ("engaged.0.symbol", "engaged.#"). A string prints
 * without quotes or escapes, other values as compact JSON. A missing PATH
 * exits 2. The parser follows RFC 8259, so the ksctl tests can tell that
 * --json output is valid without a JSON library in the VM.
 */
/* strdup() and strtok_r(): build.sh compiles with plain -std=c11. */
#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum node_kind { NODE_NULL, NODE_BOOL, NODE_NUMBER, NODE_STRING, NODE_ARRAY, NODE_OBJECT };

struct node {
	enum node_kind kind;
	/* Source text of a literal or number; decoded text of a string. */
	char *text;
	/* Members of an array or object; keys for an object. */
	struct node **items;
	char **keys;
	size_t count;
};

struct parser {
	const char *input;
	size_t pos;
	size_t len;
	const char *error;
	size_t error_pos;
	int depth;
};

#define MAX_DEPTH 256

static void *xrealloc(void *ptr, size_t size)
{
	void *grown = realloc(ptr, size);

	if (!grown) {
		fputs("ksjson: out of memory\n", stderr);
		exit(3);
	}
	return grown;
}

static struct node *new_node(enum node_kind kind)
{
	struct node *node = xrealloc(NULL, sizeof(*node));

	memset(node, 0, sizeof(*node));
	node->kind = kind;
	return node;
}

static void free_node(struct node *node)
{
	size_t i;

	if (!node)
		return;
	for (i = 0; i < node->count; i++) {
		free_node(node->items[i]);
		if (node->keys)
			free(node->keys[i]);
	}
	free(node->items);
	free(node->keys);
	free(node->text);
	free(node);
}

static bool fail(struct parser *p, const char *message)
{
	if (!p->error) {
		p->error = message;
		p->error_pos = p->pos;
	}
	return false;
}

static void skip_space(struct parser *p)
{
	while (p->pos < p->len) {
		char c = p->input[p->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static bool peek(struct parser *p, char c)
{
	return p->pos < p->len && p->input[p->pos] == c;
}

static struct node *parse_value(struct parser *p);

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Append code point @cp to @out as UTF-8. */
static size_t put_utf8(char *out, unsigned int cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static bool parse_hex4(struct parser *p, unsigned int *value)
{
	int i;

	*value = 0;
	for (i = 0; i < 4; i++) {
		int digit = p->pos < p->len ? hex_value(p->input[p->pos]) : -1;

		if (digit < 0)
			return fail(p, "invalid \\u escape");
		*value = *value * 16 + (unsigned int)digit;
		p->pos++;
	}
	return true;
}

/* Parse a string literal at p->pos into a new NUL-terminated buffer. */
static char *parse_string(struct parser *p)
{
	/* Decoded text is never longer than the source. */
	char *out = xrealloc(NULL, p->len - p->pos + 1);
	size_t used = 0;

	p->pos++;
	for (;;) {
		unsigned char c;

		if (p->pos >= p->len) {
			fail(p, "unterminated string");
			free(out);
			return NULL;
		}
		c = (unsigned char)p->input[p->pos];
		if (c == '"') {
			p->pos++;
			out[used] = '\0';
			return out;
		}
		if (c < 0x20) {
			fail(p, "control character in string");
			free(out);
			return NULL;
		}
		if (c != '\\') {
			out[used++] = (char)c;
			p->pos++;
			continue;
		}

		p->pos++;
		if (p->pos >= p->len) {
			fail(p, "unterminated escape");
			free(out);
			return NULL;
		}
		c = (unsigned char)p->input[p->pos++];
		switch (c) {
		case '"': out[used++] = '"'; break;
		case '\\': out[used++] = '\\'; break;
		case '/': out[used++] = '/'; break;
		case 'b': out[used++] = '\b'; break;
		case 'f': out[used++] = '\f'; break;
		case 'n': out[used++] = '\n'; break;
		case 'r': out[used++] = '\r'; break;
		case 't': out[used++] = '\t'; break;
		case 'u': {
			unsigned int cp;

			if (!parse_hex4(p, &cp)) {
				free(out);
				return NULL;
			}
			/* A high surrogate must be followed by a low one. */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				unsigned int low;

				if (p->pos + 1 >= p->len || p->input[p->pos] != '\\' ||
				    p->input[p->pos + 1] != 'u') {
					fail(p, "unpaired surrogate");
					free(out);
					return NULL;
				}
				p->pos += 2;
				if (!parse_hex4(p, &low) || low < 0xdc00 || low > 0xdfff) {
					fail(p, "unpaired surrogate");
					free(out);
					return NULL;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				fail(p, "unpaired surrogate");
				free(out);
				return NULL;
			}
			used += put_utf8(out + used, cp);
			break;
		}
		default:
			p->pos--;
			fail(p, "invalid escape");
			free(out);
			return NULL;
		}
	}
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static struct node *parse_number(struct parser *p)
{
	size_t start = p->pos;
	struct node *node;

	if (peek(p, '-'))
		p->pos++;
	if (peek(p, '0')) {
		p->pos++;
	} else if (p->pos < p->len && is_digit(p->input[p->pos])) {
		while (p->pos < p->len && is_digit(p->input[p->pos]))
			p->pos++;
	} else {
		fail(p, "invalid number");
		return NULL;
	}
	if (peek(p, '.')) {
		p->pos++;
		if (p->pos >= p->len || !is_digit(p->input[p->pos])) {
			fail(p, "digit expected after '.'");
			return NULL;
		}
		while (p->pos < p->len && is_digit(p->input[p->pos]))
			p->pos++;
	}
	if (peek(p, 'e') || peek(p, 'E')) {
		p->pos++;
		if (peek(p, '+') || peek(p, '-'))
			p->pos++;
		if (p->pos >= p->len || !is_digit(p->input[p->pos])) {
			fail(p, "digit expected in exponent");
			return NULL;
		}
		while (p->pos < p->len && is_digit(p->input[p->pos]))
			p->pos++;
	}

	node = new_node(NODE_NUMBER);
	node->text = xrealloc(NULL, p->pos - start + 1);
	memcpy(node->text, p->input + start, p->pos - start);
	node->text[p->pos - start] = '\0';
	return node;
}

static struct node *parse_literal(struct parser *p, const char *word, enum node_kind kind)
{
	size_t len = strlen(word);
	struct node *node;

	if (p->len - p->pos < len || strncmp(p->input + p->pos, word, len) != 0) {
		fail(p, "invalid literal");
		return NULL;
	}
	p->pos += len;
	node = new_node(kind);
	node->text = strdup(word);
	return node;
}

static void add_member(struct node *parent, char *key, struct node *child)
{
	/* items contains pointers, so each member takes sizeof(struct node *). */
	parent->items = xrealloc(parent->items,
				 (parent->count + 1) * sizeof(*parent->items)); // NOLINT(bugprone-sizeof-expression)
	if (parent->kind == NODE_OBJECT) {
		parent->keys = xrealloc(parent->keys, (parent->count + 1) * sizeof(*parent->keys));
		parent->keys[parent->count] = key;
	}
	parent->items[parent->count++] = child;
}

static struct node *parse_container(struct parser *p, bool object)
{
	struct node *node = new_node(object ? NODE_OBJECT : NODE_ARRAY);
	char close = object ? '}' : ']';

	if (++p->depth > MAX_DEPTH) {
		fail(p, "nesting too deep");
		free_node(node);
		return NULL;
	}
	p->pos++;
	skip_space(p);
	if (peek(p, close)) {
		p->pos++;
		p->depth--;
		return node;
	}
	for (;;) {
		struct node *child;
		char *key = NULL;

		skip_space(p);
		if (object) {
			if (!peek(p, '"')) {
				fail(p, "object key expected");
				break;
			}
			key = parse_string(p);
			if (!key)
				break;
			skip_space(p);
			if (!peek(p, ':')) {
				fail(p, "':' expected");
				free(key);
				break;
			}
			p->pos++;
		}
		child = parse_value(p);
		if (!child) {
			free(key);
			break;
		}
		add_member(node, key, child);
		skip_space(p);
		if (peek(p, ',')) {
			p->pos++;
			continue;
		}
		if (peek(p, close)) {
			p->pos++;
			p->depth--;
			return node;
		}
		fail(p, object ? "',' or '}' expected" : "',' or ']' expected");
		break;
	}
	free_node(node);
	return NULL;
}

static struct node *parse_value(struct parser *p)
{
	skip_space(p);
	if (p->pos >= p->len) {
		fail(p, "value expected");
		return NULL;
	}
	switch (p->input[p->pos]) {
	case '{':
		return parse_container(p, true);
	case '[':
		return parse_container(p, false);
	case '"': {
		char *text = parse_string(p);
		struct node *node;

		if (!text)
			return NULL;
		node = new_node(NODE_STRING);
		node->text = text;
		return node;
	}
	case 't':
		return parse_literal(p, "true", NODE_BOOL);
	case 'f':
		return parse_literal(p, "false", NODE_BOOL);
	case 'n':
		return parse_literal(p, "null", NODE_NULL);
	default:
		return parse_number(p);
	}
}

static void print_quoted(const char *text)
{
	const unsigned char *c;

	putchar('"');
	for (c = (const unsigned char *)text; *c; c++) {
		if (*c == '"' || *c == '\\')
			printf("\\%c", *c);
		else if (*c < 0x20)
			printf("\\u%04x", *c);
		else
			putchar(*c);
	}
	putchar('"');
}

static void print_compact(const struct node *node)
{
	size_t i;

	switch (node->kind) {
	case NODE_STRING:
		print_quoted(node->text);
		return;
	case NODE_ARRAY:
	case NODE_OBJECT:
		putchar(node->kind == NODE_ARRAY ? '[' : '{');
		for (i = 0; i < node->count; i++) {
			if (i)
				putchar(',');
			if (node->kind == NODE_OBJECT) {
				print_quoted(node->keys[i]);
				putchar(':');
			}
			print_compact(node->items[i]);
		}
		putchar(node->kind == NODE_ARRAY ? ']' : '}');
		return;
	default:
		fputs(node->text, stdout);
	}
}

/* Print the value at dot-separated @path; false when it does not exist. */
static bool print_path(const struct node *node, const char *path)
{
	char *copy = strdup(path);
	char *save = NULL;
	char *part;
	bool found = true;

	for (part = strtok_r(copy, ".", &save); part && found; part = strtok_r(NULL, ".", &save)) {
		if (strcmp(part, "#") == 0) {
			if (node->kind != NODE_ARRAY && node->kind != NODE_OBJECT) {
				found = false;
				break;
			}
			found = strtok_r(NULL, ".", &save) == NULL;
			if (found)
				printf("%zu\n", node->count);
			free(copy);
			return found;
		}
		if (node->kind == NODE_OBJECT) {
			size_t i;

			found = false;
			for (i = 0; i < node->count; i++) {
				if (strcmp(node->keys[i], part) == 0) {
					node = node->items[i];
					found = true;
					break;
				}
			}
		} else if (node->kind == NODE_ARRAY) {
			char *end;
			unsigned long index = strtoul(part, &end, 10);

			found = *part && *end == '\0' && index < node->count;
			if (found)
				node = node->items[index];
		} else {
			found = false;
		}
	}
	free(copy);
	if (!found)
		return false;
	if (node->kind == NODE_STRING)
		puts(node->text);
	else {
		print_compact(node);
		putchar('\n');
	}
	return true;
}

static char *read_all(FILE *in, size_t *len)
{
	size_t cap = 65536;
	char *buf = xrealloc(NULL, cap);

	*len = 0;
	for (;;) {
		size_t got = fread(buf + *len, 1, cap - *len, in);

		*len += got;
		if (got == 0)
			break;
		if (*len == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	return buf;
}

/* 1-based line and column of byte @pos. */
static void locate(const char *input, size_t pos, size_t *line, size_t *column)
{
	size_t i;

	*line = 1;
	*column = 1;
	for (i = 0; i < pos; i++) {
		if (input[i] == '\n') {
			(*line)++;
			*column = 1;
		} else {
			(*column)++;
		}
	}
}

int main(int argc, char **argv)
{
	struct parser p = { 0 };
	struct node *last = NULL;
	size_t documents = 0;
	int status = 0;
	char *input;
	int i;

	input = read_all(stdin, &p.len);
	p.input = input;
	if (memchr(input, '\0', p.len)) {
		fputs("ksjson: invalid JSON: NUL byte in input\n", stderr);
		free(input);
		return 1;
	}

	for (;;) {
		struct node *node;

		skip_space(&p);
		if (p.pos >= p.len)
			break;
		node = parse_value(&p);
		if (!node)
			break;
		/* Documents are separated by whitespace: "01" is not 0 then 1. */
		if (p.pos < p.len && !strchr(" \t\r\n", p.input[p.pos])) {
			fail(&p, "unexpected text after a value");
			free_node(node);
			break;
		}
		free_node(last);
		last = node;
		documents++;
	}

	if (p.error || documents == 0) {
		size_t line;
		size_t column;

		locate(input, p.error ? p.error_pos : p.pos, &line, &column);
		fprintf(stderr, "ksjson: invalid JSON at line %zu, column %zu: %s\n", line, column,
			p.error ? p.error : "no document");
		free_node(last);
		free(input);
		return 1;
	}

	for (i = 1; i < argc; i++) {
		if (!print_path(last, argv[i])) {
			fprintf(stderr, "ksjson: %s: not found\n", argv[i]);
			status = 2;
		}
	}
	free_node(last);
	free(input);
	return status;
}
