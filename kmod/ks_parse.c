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
		for (; i < sizeof(err->token) - 1 && token[i]; i++) {
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
 * @symbol: the name to check
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

/**
 * ks_module_valid - whether @module can name a kernel module
 * @module: the name to check
 *
 * Letters, digits and underscores, at most KS_MODULE_MAX characters. The
 * kernel stores module names with underscores, so "af-alg" is invalid.
 */
bool ks_module_valid(const char *module)
{
	size_t len;

	for (len = 0; module[len]; len++) {
		char c = module[len];

		if (len >= KS_MODULE_MAX)
			return false;
		if (!ks_is_alpha(c) && !ks_is_digit(c) && c != '_')
			return false;
	}
	return len > 0;
}

/**
 * ks_reason_valid - whether @reason can tag an engagement
 * @reason: the tag to check
 *
 * 1 to KS_REASON_MAX characters from letters, digits and ._:/+- so that a
 * CVE or ticket id fits and the tag is safe in log and audit lines.
 */
bool ks_reason_valid(const char *reason)
{
	size_t len;

	for (len = 0; reason[len]; len++) {
		char c = reason[len];

		if (len >= KS_REASON_MAX)
			return false;
		if (!ks_is_alpha(c) && !ks_is_digit(c) && !strchr("._:/+-", c))
			return false;
	}
	return len > 0;
}

/**
 * ks_pattern_valid - whether @pattern is a guard pattern
 * @pattern: the pattern to check
 *
 * NAME (exact), PREFIX* (prefix), *PART* (substring) or [MODULE] (every
 * function of a module), with NAME, PREFIX and PART made of symbol
 * characters, at most KS_PATTERN_MAX characters in all.
 */
bool ks_pattern_valid(const char *pattern)
{
	size_t len = strlen(pattern);
	size_t start = 0, end = len;
	size_t i;

	if (len == 0 || len > KS_PATTERN_MAX)
		return false;

	if (pattern[0] == '[') {
		char module[KS_MODULE_MAX + 1];

		if (pattern[len - 1] != ']' || len - 2 > KS_MODULE_MAX)
			return false;
		memcpy(module, pattern + 1, len - 2);
		module[len - 2] = '\0';
		return ks_module_valid(module);
	}

	if (pattern[0] == '*') {
		if (len < 3 || pattern[len - 1] != '*')
			return false;
		start = 1;
		end = len - 1;
	} else if (pattern[len - 1] == '*') {
		end = len - 1;
	}
	if (start >= end)
		return false;
	for (i = start; i < end; i++) {
		char c = pattern[i];

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

static const char * const ks_scope_names[] = {
	[KS_SCOPE_ALL] = "all",
	[KS_SCOPE_USERNS] = "userns",
	[KS_SCOPE_UNPRIV] = "unpriv",
};

/* The name of @scope, as written in scope=. */
const char *ks_scope_name(enum ks_scope scope)
{
	if ((unsigned int)scope >= ARRAY_SIZE(ks_scope_names))
		return "?";
	return ks_scope_names[scope];
}

/* Flags for the parts a command takes after its target. */
#define KS_TAKES_RETVAL		0x01
#define KS_TAKES_SECONDS	0x02
#define KS_TAKES_SCOPE		0x04
#define KS_TAKES_REASON		0x08
#define KS_TAKES_FORCE		0x10
#define KS_TAKES_TARGET		0x20
#define KS_TAKES_PATTERN	0x40

struct ks_verb {
	const char *name;
	enum ks_op op;
	unsigned int takes;
};

static const struct ks_verb ks_verbs[] = {
	{ "engage", KS_OP_ENGAGE, KS_TAKES_TARGET | KS_TAKES_RETVAL |
	  KS_TAKES_SCOPE | KS_TAKES_REASON | KS_TAKES_FORCE },
	{ "tryengage", KS_OP_TRYENGAGE, KS_TAKES_TARGET | KS_TAKES_RETVAL |
	  KS_TAKES_SECONDS | KS_TAKES_SCOPE | KS_TAKES_REASON | KS_TAKES_FORCE },
	{ "observe", KS_OP_OBSERVE, KS_TAKES_TARGET | KS_TAKES_REASON |
	  KS_TAKES_FORCE },
	{ "disengage", KS_OP_DISENGAGE, KS_TAKES_TARGET },
	{ "disengage_all", KS_OP_DISENGAGE_ALL, 0 },
	{ "seal", KS_OP_SEAL, 0 },
	{ "guard", KS_OP_GUARD, KS_TAKES_PATTERN },
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

/* A command word, a target, a value, seconds and three options. */
#define KS_MAX_TOKENS 7

/* Split MODULE:SYMBOL or SYMBOL into @cmd. */
static int ks_parse_target(char *token, unsigned int lineno,
			   struct ks_cmd *cmd, struct ks_parse_error *err)
{
	char *colon = strchr(token, ':');

	if (colon) {
		*colon = '\0';
		if (!ks_module_valid(token)) {
			ks_set_error(err, lineno,
				     "invalid module name (letters, digits and _)", token);
			return -EINVAL;
		}
		cmd->module = token;
		token = colon + 1;
	}
	if (!ks_symbol_valid(token)) {
		ks_set_error(err, lineno, "invalid symbol name", token);
		return -EINVAL;
	}
	cmd->symbol = token;
	return 0;
}

/* Parse one scope=, reason= or force option into @cmd. */
static int ks_parse_option(char *token, unsigned int takes,
			   unsigned int *seen, unsigned int lineno,
			   struct ks_cmd *cmd, struct ks_parse_error *err)
{
	unsigned int which;
	size_t i;

	if (strncmp(token, "scope=", 6) == 0)
		which = KS_TAKES_SCOPE;
	else if (strncmp(token, "reason=", 7) == 0)
		which = KS_TAKES_REASON;
	else if (strcmp(token, "force") == 0)
		which = KS_TAKES_FORCE;
	else
		which = 0;

	if (!(which & takes)) {
		ks_set_error(err, lineno, "unknown or misplaced option", token);
		return -EINVAL;
	}
	if (*seen & which) {
		ks_set_error(err, lineno, "option given twice", token);
		return -EINVAL;
	}
	*seen |= which;

	switch (which) {
	case KS_TAKES_SCOPE:
		for (i = 0; i < ARRAY_SIZE(ks_scope_names); i++) {
			if (strcmp(token + 6, ks_scope_names[i]) == 0) {
				cmd->scope = (enum ks_scope)i;
				return 0;
			}
		}
		ks_set_error(err, lineno, "invalid scope (use all, userns or unpriv)", token);
		return -EINVAL;
	case KS_TAKES_REASON:
		if (!ks_reason_valid(token + 7)) {
			ks_set_error(err, lineno,
				     "invalid reason (1 to 64 of A-Z a-z 0-9 . _ : / + -)", token);
			return -EINVAL;
		}
		cmd->reason = token + 7;
		return 0;
	default:
		cmd->force = true;
		return 0;
	}
}

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
	unsigned int seen = 0;
	int count, next = 1;
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

	memset(cmd, 0, sizeof(*cmd));
	cmd->op = verb->op;
	cmd->line = lineno;

	/* The positional arguments, in order. */
	if (verb->takes & (KS_TAKES_TARGET | KS_TAKES_PATTERN)) {
		if (next >= count) {
			ks_set_error(err, lineno, "missing target", tokens[0]);
			return -EINVAL;
		}
		if (verb->takes & KS_TAKES_PATTERN) {
			if (!ks_pattern_valid(tokens[next])) {
				ks_set_error(err, lineno,
					     "invalid pattern (use NAME, PREFIX*, *PART* or [MODULE])",
					     tokens[next]);
				return -EINVAL;
			}
			cmd->pattern = tokens[next++];
		} else if (ks_parse_target(tokens[next++], lineno, cmd, err)) {
			return -EINVAL;
		}
	}
	if (verb->takes & KS_TAKES_RETVAL) {
		if (next >= count) {
			ks_set_error(err, lineno, "missing return value", tokens[0]);
			return -EINVAL;
		}
		if (ks_parse_retval(tokens[next], &cmd->retval)) {
			ks_set_error(err, lineno,
				     "invalid return value (use a decimal or 0x number, or -ENAME)",
				     tokens[next]);
			return -EINVAL;
		}
		next++;
	}
	if (verb->takes & KS_TAKES_SECONDS) {
		if (next >= count) {
			ks_set_error(err, lineno, "missing seconds", tokens[0]);
			return -EINVAL;
		}
		if (ks_parse_seconds(tokens[next], &cmd->seconds)) {
			ks_set_error(err, lineno,
				     "invalid seconds (use 0 to 86400)", tokens[next]);
			return -EINVAL;
		}
		next++;
	}

	for (; next < count; next++) {
		if (ks_parse_option(tokens[next], verb->takes, &seen, lineno,
				    cmd, err))
			return -EINVAL;
	}
	return 0;
}

/*
 * The first command before @index that names the same symbol (whatever
 * its module), or repeats disengage_all or seal; NULL if none.
 */
static const struct ks_cmd *ks_find_earlier(const struct ks_cmd *cmds,
					    unsigned int index)
{
	const struct ks_cmd *cmd = &cmds[index];
	unsigned int i;

	for (i = 0; i < index; i++) {
		const struct ks_cmd *earlier = &cmds[i];

		if (cmd->symbol && earlier->symbol &&
		    strcmp(earlier->symbol, cmd->symbol) == 0)
			return earlier;
		if ((cmd->op == KS_OP_DISENGAGE_ALL || cmd->op == KS_OP_SEAL) &&
		    earlier->op == cmd->op)
			return earlier;
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
 * longer than KS_WRITE_MAX or contains more than @max_cmds commands.
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
				const char *what = cmds[n].symbol ? cmds[n].symbol
								  : ks_op_name(cmds[n].op);

				ks_set_error(err, lineno,
					     "target or command given twice in one write",
					     what);
				return -EINVAL;
			}
			n++;
		}
	}

	*count = n;
	return 0;
}

/**
 * ks_parse_boot_entry - parse one [MODULE:]SYMBOL=RETVAL entry of engage=
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
	if (ks_parse_target(entry, 0, cmd, err))
		return -EINVAL;
	if (ks_parse_retval(equals + 1, &cmd->retval)) {
		ks_set_error(err, 0,
			     "invalid return value (use a decimal or 0x number, or -ENAME)",
			     equals + 1);
		return -EINVAL;
	}
	return 0;
}
