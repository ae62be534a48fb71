// SPDX-License-Identifier: GPL-2.0
/*
 * Parser for the killswitch control language. See ks_parse.h for the
 * grammar. Every function here is pure: no allocation, no global state, so
 * the same file runs in the kernel, in ksctl, in unit tests and under a
 * fuzzer.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <string.h>
#endif

#include "ks_parse.h"

#ifndef __KERNEL__
#define ARRAY_SIZE(array) (sizeof(array) / sizeof((array)[0]))
#endif

struct ks_errno_entry {
	const char *name;
	int value;
};

/* Primary names come first, so a reverse lookup never prints an alias. */
static const struct ks_errno_entry ks_errno_table[] = {
#define KS_ERRNO_UAPI(name, value) { #name, value },
#define KS_ERRNO_KERNEL(name, value) { #name, value },
#define KS_ERRNO_ALIAS(name, value) { #name, value },
#include "ks_errno_list.h"
#undef KS_ERRNO_UAPI
#undef KS_ERRNO_KERNEL
#undef KS_ERRNO_ALIAS
};

#define KS_ERRNO_COUNT ARRAY_SIZE(ks_errno_table)

static bool ks_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool ks_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool ks_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ks_hex_digit(char c)
{
	if (ks_is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void ks_set_error(struct ks_parse_error *err, unsigned int line,
			 const char *reason, const char *token)
{
	size_t i = 0;

	if (!err)
		return;
	err->line = line;
	err->reason = reason;

	/* Keep the token printable: it goes into a log line. */
	if (token) {
		for (; token[i] && i < sizeof(err->token) - 1; i++) {
			unsigned char c = (unsigned char)token[i];

			err->token[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
		}
	}
	err->token[i] = '\0';
}

/**
 * ks_errno_name - name of a negative errno value
 * @value: a return value such as -1
 *
 * Return: "EPERM" for -1 and so on, or NULL when @value is not minus a
 * known error code.
 */
const char *ks_errno_name(long long value)
{
	size_t i;

	if (value >= 0 || value < -KS_MAX_ERRNO)
		return NULL;
	for (i = 0; i < KS_ERRNO_COUNT; i++) {
		if (ks_errno_table[i].value == -value)
			return ks_errno_table[i].name;
	}
	return NULL;
}

static int ks_errno_value(const char *name, long long *value)
{
	size_t i;

	for (i = 0; i < KS_ERRNO_COUNT; i++) {
		if (strcmp(ks_errno_table[i].name, name) == 0) {
			*value = -(long long)ks_errno_table[i].value;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * ks_parse_retval - parse a return value
 * @text: decimal ("-22"), hexadecimal ("0xffff", "-0x16") or a negated
 *        errno name ("-EPERM")
 * @value: the 64-bit value, set only on success
 *
 * A positive hexadecimal number is taken as a 64-bit pattern, so
 * 0xffffffffffffffff is -1. Anything else outside the range of a signed
 * 64-bit integer is rejected.
 *
 * Return: 0, or -EINVAL for malformed or out-of-range text.
 */
int ks_parse_retval(const char *text, long long *value)
{
	unsigned long long magnitude = 0;
	unsigned long long limit;
	bool negative = false;
	bool hex = false;
	const char *p = text;

	if (*p == '-') {
		negative = true;
		p++;
	}
	if (negative && ks_is_alpha(*p))
		return ks_errno_value(p, value);

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		hex = true;
		p += 2;
	}
	if (*p == '\0')
		return -EINVAL;

	/* Largest magnitude this sign and base can carry. */
	if (negative)
		limit = 1ULL << 63;
	else if (hex)
		limit = ~0ULL;
	else
		limit = (1ULL << 63) - 1;

	for (; *p; p++) {
		unsigned int base = hex ? 16 : 10;
		int digit = hex ? ks_hex_digit(*p) : (ks_is_digit(*p) ? *p - '0' : -1);

		if (digit < 0)
			return -EINVAL;
		if (magnitude > (limit - (unsigned int)digit) / base)
			return -EINVAL;
		magnitude = magnitude * base + (unsigned int)digit;
	}

	/* Two's complement conversion without signed overflow. */
	if (negative)
		*value = magnitude == (1ULL << 63) ? (-0x7fffffffffffffffLL - 1)
						   : -(long long)magnitude;
	else
		*value = (long long)magnitude;
	return 0;
}

/**
 * ks_symbol_valid - whether @symbol can name a kernel function
 *
 * A letter or underscore, then letters, digits, underscores and dots (for
 * compiler clones such as foo.isra.0), at most KS_SYMBOL_MAX characters.
 */
bool ks_symbol_valid(const char *symbol)
{
	size_t len;

	if (!ks_is_alpha(symbol[0]) && symbol[0] != '_')
		return false;
	for (len = 0; symbol[len]; len++) {
		char c = symbol[len];

		if (len >= KS_SYMBOL_MAX)
			return false;
		if (!ks_is_alpha(c) && !ks_is_digit(c) && c != '_' && c != '.')
			return false;
	}
	return true;
}

/* Split @line into at most @max whitespace-separated tokens, in place. */
static int ks_tokenize(char *line, char **tokens, int max)
{
	int count = 0;
	char *p = line;

	for (;;) {
		while (ks_is_space(*p))
			p++;
		if (*p == '\0')
			return count;
		if (count == max)
			return max + 1;
		tokens[count++] = p;
		while (*p && !ks_is_space(*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static int ks_parse_seconds(const char *text, unsigned int *seconds)
{
	unsigned int value = 0;

	if (*text == '\0')
		return -EINVAL;
	for (; *text; text++) {
		if (!ks_is_digit(*text))
			return -EINVAL;
		value = value * 10 + (unsigned int)(*text - '0');
		if (value > KS_TRY_SECONDS_MAX)
			return -EINVAL;
	}
	*seconds = value;
	return 0;
}

struct ks_verb {
	const char *name;
	enum ks_op op;
	int args;
};

static const struct ks_verb ks_verbs[] = {
	{ "engage", KS_OP_ENGAGE, 2 },
	{ "tryengage", KS_OP_TRYENGAGE, 3 },
	{ "disengage", KS_OP_DISENGAGE, 1 },
	{ "disengage_all", KS_OP_DISENGAGE_ALL, 0 },
};

#define KS_VERB_COUNT ARRAY_SIZE(ks_verbs)

/* The command word of @op, as written in the control language. */
const char *ks_op_name(enum ks_op op)
{
	size_t i;

	for (i = 0; i < KS_VERB_COUNT; i++) {
		if (ks_verbs[i].op == op)
			return ks_verbs[i].name;
	}
	return "?";
}

/* A command word and at most three arguments. */
#define KS_MAX_TOKENS 4

/**
 * ks_parse_line - parse one line of the control language
 * @line: the line without its newline; split in place
 * @lineno: 1-based line number, for @cmd and @err
 * @cmd: filled on success
 * @err: filled on failure; may be NULL
 *
 * Return: 0 for a command, 1 for a blank or comment line, -EINVAL when
 * the line is malformed.
 */
int ks_parse_line(char *line, unsigned int lineno, struct ks_cmd *cmd,
		  struct ks_parse_error *err)
{
	char *tokens[KS_MAX_TOKENS];
	const struct ks_verb *verb = NULL;
	int count;
	size_t i;

	count = ks_tokenize(line, tokens, KS_MAX_TOKENS);
	if (count == 0 || tokens[0][0] == '#')
		return 1;
	if (count > KS_MAX_TOKENS) {
		ks_set_error(err, lineno, "too many arguments", tokens[0]);
		return -EINVAL;
	}

	for (i = 0; i < KS_VERB_COUNT; i++) {
		if (strcmp(tokens[0], ks_verbs[i].name) == 0)
			verb = &ks_verbs[i];
	}
	if (!verb) {
		ks_set_error(err, lineno, "unknown command", tokens[0]);
		return -EINVAL;
	}
	if (count - 1 != verb->args) {
		ks_set_error(err, lineno, "wrong number of arguments",
			     tokens[0]);
		return -EINVAL;
	}

	memset(cmd, 0, sizeof(*cmd));
	cmd->op = verb->op;
	cmd->line = lineno;
	if (verb->args == 0)
		return 0;

	if (!ks_symbol_valid(tokens[1])) {
		ks_set_error(err, lineno, "invalid symbol name", tokens[1]);
		return -EINVAL;
	}
	cmd->symbol = tokens[1];
	if (verb->args == 1)
		return 0;

	if (ks_parse_retval(tokens[2], &cmd->retval)) {
		ks_set_error(err, lineno,
			     "invalid return value (use a decimal or 0x number, or -ENAME)",
			     tokens[2]);
		return -EINVAL;
	}
	if (verb->args == 2)
		return 0;

	if (ks_parse_seconds(tokens[3], &cmd->seconds)) {
		ks_set_error(err, lineno,
			     "invalid seconds (use 0 to 86400)", tokens[3]);
		return -EINVAL;
	}
	return 0;
}

/* The first command before @index that names the same symbol, or NULL. */
static const struct ks_cmd *ks_find_earlier(const struct ks_cmd *cmds,
					    unsigned int index)
{
	const struct ks_cmd *cmd = &cmds[index];
	unsigned int i;

	for (i = 0; i < index; i++) {
		if (cmds[i].op == KS_OP_DISENGAGE_ALL) {
			if (cmd->op == KS_OP_DISENGAGE_ALL)
				return &cmds[i];
			continue;
		}
		if (cmd->symbol && strcmp(cmds[i].symbol, cmd->symbol) == 0)
			return &cmds[i];
	}
	return NULL;
}

/**
 * ks_parse_batch - parse a whole write to the control file
 * @buf: @len bytes of text followed by one spare byte; split in place
 * @len: length of the text
 * @cmds: room for @max_cmds commands
 * @max_cmds: at most KS_BATCH_MAX
 * @count: number of commands parsed, set on success
 * @err: filled on failure; may be NULL
 *
 * The batch is checked as a whole: a NUL byte, a malformed line, or a
 * symbol named by two lines rejects all of it.
 *
 * Return: 0, -EINVAL for malformed text, or -E2BIG when the text is
 * longer than KS_WRITE_MAX or holds more than @max_cmds commands.
 */
int ks_parse_batch(char *buf, size_t len, struct ks_cmd *cmds,
		   unsigned int max_cmds, unsigned int *count,
		   struct ks_parse_error *err)
{
	unsigned int lineno = 0;
	unsigned int n = 0;
	size_t pos = 0;

	if (len > KS_WRITE_MAX) {
		ks_set_error(err, 0, "write too large", NULL);
		return -E2BIG;
	}
	if (memchr(buf, '\0', len)) {
		ks_set_error(err, 0, "NUL byte in input", NULL);
		return -EINVAL;
	}
	buf[len] = '\0';

	while (pos < len) {
		char *line = buf + pos;
		char *end = memchr(line, '\n', len - pos);
		int ret;

		if (end) {
			*end = '\0';
			pos = (size_t)(end - buf) + 1;
		} else {
			pos = len;
		}
		lineno++;

		if (n == max_cmds) {
			/* Only a real command overflows; blank lines are free. */
			struct ks_cmd scratch;

			ret = ks_parse_line(line, lineno, &scratch, err);
			if (ret < 0)
				return ret;
			if (ret == 0) {
				ks_set_error(err, lineno, "too many commands in one write", NULL);
				return -E2BIG;
			}
			continue;
		}

		ret = ks_parse_line(line, lineno, &cmds[n], err);
		if (ret < 0)
			return ret;
		if (ret == 0) {
			if (ks_find_earlier(cmds, n)) {
				ks_set_error(err, lineno,
					     "target named twice in one write",
					     cmds[n].symbol ? cmds[n].symbol : "disengage_all");
				return -EINVAL;
			}
			n++;
		}
	}

	*count = n;
	return 0;
}

/**
 * ks_parse_boot_entry - parse one SYMBOL=RETVAL entry of the engage= list
 * @entry: the entry, split in place
 * @cmd: filled with an engage command on success
 * @err: filled on failure; may be NULL
 *
 * Return: 0 or -EINVAL.
 */
int ks_parse_boot_entry(char *entry, struct ks_cmd *cmd,
			struct ks_parse_error *err)
{
	char *equals = strchr(entry, '=');

	if (!equals) {
		ks_set_error(err, 0, "missing '=' (use SYMBOL=RETVAL)", entry);
		return -EINVAL;
	}
	*equals = '\0';

	memset(cmd, 0, sizeof(*cmd));
	cmd->op = KS_OP_ENGAGE;
	if (!ks_symbol_valid(entry)) {
		ks_set_error(err, 0, "invalid symbol name", entry);
		return -EINVAL;
	}
	cmd->symbol = entry;
	if (ks_parse_retval(equals + 1, &cmd->retval)) {
		ks_set_error(err, 0,
			     "invalid return value (use a decimal or 0x number, or -ENAME)",
			     equals + 1);
		return -EINVAL;
	}
	return 0;
}
