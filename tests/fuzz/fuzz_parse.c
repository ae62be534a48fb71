// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the control-language parser, kmod/ks_parse.c.
 * Besides crashes, which ASan and UBSan catch, it checks properties of
 * every result and aborts with a message when one does not hold:
 *
 * - ks_parse_batch() touches only its len + 1 bytes: the buffer is
 *   allocated with exactly that size, so ASan reports any access past it;
 *   the command array has exactly max_cmds entries.
 * - An accepted batch: valid ops, increasing line numbers, every symbol,
 *   module, reason and pattern a valid string inside the buffer and only on
 *   the commands that take it, no symbol, disengage_all or seal twice,
 *   seconds only for tryengage and at most one day, scope and force only
 *   where the language allows them.
 * - Fewer allowed commands give the same result or E2BIG, never another.
 * - Retvals round-trip: decimal, hexadecimal and errno-name formatting of
 *   each parsed value parse back to the same value.
 * - An accepted batch printed in canonical form parses to the same
 *   commands.
 * - A rejected batch returns EINVAL or E2BIG with a reason and a printable
 *   token.
 * - ks_parse_retval() agrees with a reference built on strtoll() and
 *   strtoull() and the errno table, on the input as one string.
 * - ks_parse_line() and ks_parse_boot_entry() results are well-formed.
 *
 * Build with KS_FUZZ_PLANTED_BUG defined to get a target that aborts on
 * inputs starting with "KS-FUZZ-PLANTED-BUG"; tests/fuzz/run.sh uses it to
 * prove that its crash replay loop detects a failing input.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ks_parse.h"

/* The errno table of the parser, for the reference lookup. */
static const struct {
	const char *name;
	int value;
} errno_names[] = {
#define KS_ERRNO_UAPI(name, value) { #name, value },
#define KS_ERRNO_KERNEL(name, value) { #name, value },
#define KS_ERRNO_ALIAS(name, value) { #name, value },
#include "ks_errno_list.h"
#undef KS_ERRNO_UAPI
#undef KS_ERRNO_KERNEL
#undef KS_ERRNO_ALIAS
};

#define ERRNO_COUNT (sizeof(errno_names) / sizeof(errno_names[0]))

/* Report a property violation and abort, so libFuzzer saves the input. */
static void violation(const char *format, ...)
{
	va_list args;

	fprintf(stderr, "fuzz_parse: property violated: ");
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
	abort();
}

static void check_error(int ret, const struct ks_parse_error *err)
{
	size_t i;

	if (ret != -EINVAL && ret != -E2BIG)
		violation("ks_parse_batch returned %d, expected -EINVAL or -E2BIG", ret);
	if (!err->reason)
		violation("rejected batch without a reason");
	if (!memchr(err->token, '\0', sizeof(err->token)))
		violation("error token not NUL-terminated");
	for (i = 0; err->token[i]; i++) {
		unsigned char c = (unsigned char)err->token[i];

		if (c < 0x20 || c >= 0x7f)
			violation("unprintable byte 0x%02x in the error token", c);
	}
}

static void check_retval_round_trip(long long value)
{
	char text[64];
	const char *name;
	long long parsed;

	snprintf(text, sizeof(text), "%lld", value);
	if (ks_parse_retval(text, &parsed) != 0 || parsed != value)
		violation("decimal %s does not round-trip", text);

	snprintf(text, sizeof(text), "0x%llx", (unsigned long long)value);
	if (ks_parse_retval(text, &parsed) != 0 || parsed != value)
		violation("hexadecimal %s does not round-trip to %lld", text, value);

	name = ks_errno_name(value);
	if (name) {
		snprintf(text, sizeof(text), "-%s", name);
		if (ks_parse_retval(text, &parsed) != 0 || parsed != value)
			violation("errno name %s does not round-trip to %lld", text, value);
	} else if (value < 0 && value >= -KS_MAX_ERRNO) {
		/* Every errno value the table lists must have a name. */
		size_t i;

		for (i = 0; i < ERRNO_COUNT; i++) {
			if (errno_names[i].value == -value)
				violation("%lld has no name although %s is %d", value,
					  errno_names[i].name, errno_names[i].value);
		}
	}
}

/* Whether @text points into the @len bytes at @buf. */
static int inside(const char *text, const char *buf, size_t len)
{
	return text >= buf && text < buf + len;
}

static void check_command(const struct ks_cmd *cmd, unsigned int i, const char *buf, size_t len)
{
	int target = cmd->op == KS_OP_ENGAGE || cmd->op == KS_OP_TRYENGAGE ||
		     cmd->op == KS_OP_OBSERVE || cmd->op == KS_OP_DISENGAGE;
	int blocks = cmd->op == KS_OP_ENGAGE || cmd->op == KS_OP_TRYENGAGE;

	switch (cmd->op) {
	case KS_OP_ENGAGE:
	case KS_OP_TRYENGAGE:
	case KS_OP_OBSERVE:
	case KS_OP_DISENGAGE:
	case KS_OP_DISENGAGE_ALL:
	case KS_OP_SEAL:
	case KS_OP_GUARD:
		break;
	default:
		violation("command %u has op %d", i, (int)cmd->op);
	}

	if (target != (cmd->symbol != NULL))
		violation("command %u (%s): symbol %s", i, ks_op_name(cmd->op),
			  cmd->symbol ? "present" : "missing");
	if (cmd->symbol && (!inside(cmd->symbol, buf, len) || !ks_symbol_valid(cmd->symbol) ||
			    strlen(cmd->symbol) > KS_SYMBOL_MAX))
		violation("command %u: invalid symbol accepted", i);
	if (cmd->module && (!target || !inside(cmd->module, buf, len) ||
			    !ks_module_valid(cmd->module) || strlen(cmd->module) > KS_MODULE_MAX))
		violation("command %u: invalid module accepted", i);

	if ((cmd->op == KS_OP_GUARD) != (cmd->pattern != NULL))
		violation("command %u (%s): pattern %s", i, ks_op_name(cmd->op),
			  cmd->pattern ? "present" : "missing");
	if (cmd->pattern && (!inside(cmd->pattern, buf, len) || !ks_pattern_valid(cmd->pattern)))
		violation("command %u: invalid pattern accepted", i);

	if (cmd->reason && ((!blocks && cmd->op != KS_OP_OBSERVE) ||
			    !inside(cmd->reason, buf, len) || !ks_reason_valid(cmd->reason)))
		violation("command %u: invalid reason accepted", i);
	if (cmd->force && !blocks && cmd->op != KS_OP_OBSERVE)
		violation("command %u (%s) with force", i, ks_op_name(cmd->op));
	if (cmd->scope != KS_SCOPE_ALL && (!blocks || (cmd->scope != KS_SCOPE_USERNS &&
						      cmd->scope != KS_SCOPE_UNPRIV)))
		violation("command %u (%s) with scope %d", i, ks_op_name(cmd->op), (int)cmd->scope);

	if (cmd->seconds > KS_TRY_SECONDS_MAX ||
	    (cmd->op != KS_OP_TRYENGAGE && cmd->seconds != 0))
		violation("command %u: seconds %u with op %d", i, cmd->seconds, (int)cmd->op);
	if (blocks)
		check_retval_round_trip(cmd->retval);
	else if (cmd->retval != 0)
		violation("command %u (%s) with retval %lld", i, ks_op_name(cmd->op), cmd->retval);
}

static void check_batch(const uint8_t *data, const char *buf, size_t len,
			const struct ks_cmd *cmds, unsigned int count, unsigned int max_cmds)
{
	unsigned int i, j, disengage_all = 0, seal = 0, last_line = 0, lines = 1;
	size_t k;

	if (count > max_cmds)
		violation("%u commands parsed, at most %u allowed", count, max_cmds);
	/* The parser splits lines in place: count them in the original. */
	for (k = 0; k < len; k++)
		lines += data[k] == '\n';

	for (i = 0; i < count; i++) {
		const struct ks_cmd *cmd = &cmds[i];

		if (cmd->line <= last_line || cmd->line > lines)
			violation("command %u has line %u after line %u, of %u lines", i,
				  cmd->line, last_line, lines);
		last_line = cmd->line;
		check_command(cmd, i, buf, len);

		if (cmd->op == KS_OP_DISENGAGE_ALL && ++disengage_all > 1)
			violation("disengage_all accepted twice");
		if (cmd->op == KS_OP_SEAL && ++seal > 1)
			violation("seal accepted twice");
		for (j = 0; cmd->symbol && j < i; j++) {
			if (cmds[j].symbol && strcmp(cmds[j].symbol, cmd->symbol) == 0)
				violation("symbol %s accepted twice", cmd->symbol);
		}
	}
}

/* Print the options of @cmd: scope, reason and force, where present. */
static int format_options(char *text, size_t size, const struct ks_cmd *cmd)
{
	int n = 0;

	if (cmd->scope != KS_SCOPE_ALL)
		n += snprintf(text + n, size - (size_t)n, " scope=%s", ks_scope_name(cmd->scope));
	if (cmd->reason)
		n += snprintf(text + n, size - (size_t)n, " reason=%s", cmd->reason);
	if (cmd->force)
		n += snprintf(text + n, size - (size_t)n, " force");
	return n;
}

/* Print @cmds in canonical form into a new buffer with one spare byte. */
static char *format_batch(const struct ks_cmd *cmds, unsigned int count, size_t *len)
{
	size_t size = (size_t)count * 1024 + 1, used = 0;
	char *text = malloc(size);
	unsigned int i;

	if (!text)
		abort();
	for (i = 0; i < count; i++) {
		const struct ks_cmd *cmd = &cmds[i];
		char target[KS_MODULE_MAX + KS_SYMBOL_MAX + 2] = "";

		if (cmd->symbol)
			snprintf(target, sizeof(target), "%s%s%s", cmd->module ? cmd->module : "",
				 cmd->module ? ":" : "", cmd->symbol);
		switch (cmd->op) {
		case KS_OP_ENGAGE:
			used += (size_t)snprintf(text + used, size - used, "engage %s %lld", target,
						 cmd->retval);
			break;
		case KS_OP_TRYENGAGE:
			used += (size_t)snprintf(text + used, size - used, "tryengage %s 0x%llx %u",
						 target, (unsigned long long)cmd->retval,
						 cmd->seconds);
			break;
		case KS_OP_OBSERVE:
			used += (size_t)snprintf(text + used, size - used, "observe %s", target);
			break;
		case KS_OP_DISENGAGE:
			used += (size_t)snprintf(text + used, size - used, "disengage %s", target);
			break;
		case KS_OP_GUARD:
			used += (size_t)snprintf(text + used, size - used, "guard %s", cmd->pattern);
			break;
		default:
			used += (size_t)snprintf(text + used, size - used, "%s", ks_op_name(cmd->op));
			break;
		}
		used += (size_t)format_options(text + used, size - used, cmd);
		used += (size_t)snprintf(text + used, size - used, "\n");
	}
	*len = used;
	return text;
}

static int same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_canonical(const struct ks_cmd *cmds, unsigned int count)
{
	struct ks_parse_error err = { 0 };
	struct ks_cmd *again;
	unsigned int count2 = 0, i;
	size_t len;
	char *text;
	int ret;

	if (count == 0)
		return;
	text = format_batch(cmds, count, &len);
	again = calloc(KS_BATCH_MAX, sizeof(*again));
	if (!again)
		abort();
	ret = ks_parse_batch(text, len, again, KS_BATCH_MAX, &count2, &err);
	if (ret != 0 || count2 != count)
		violation("canonical form of an accepted batch: ret %d, %u of %u commands (%s)",
			  ret, count2, count, err.reason ? err.reason : "");
	for (i = 0; i < count; i++) {
		if (again[i].op != cmds[i].op || again[i].retval != cmds[i].retval ||
		    again[i].seconds != cmds[i].seconds || again[i].line != i + 1 ||
		    again[i].scope != cmds[i].scope || again[i].force != cmds[i].force ||
		    !same_string(again[i].symbol, cmds[i].symbol) ||
		    !same_string(again[i].module, cmds[i].module) ||
		    !same_string(again[i].reason, cmds[i].reason) ||
		    !same_string(again[i].pattern, cmds[i].pattern))
			violation("canonical form changed command %u", i);
	}
	free(again);
	free(text);
}

/* Parse @data as a batch with room for @max_cmds commands. */
static int parse_copy(const uint8_t *data, size_t size, unsigned int max_cmds,
		      unsigned int *count, int check)
{
	struct ks_parse_error err = { 0 };
	/* Exactly len + 1 bytes and max_cmds entries: ASan guards both ends. */
	char *buf = malloc(size + 1);
	struct ks_cmd *cmds = malloc(sizeof(*cmds) * max_cmds);
	int ret;

	if (!buf || !cmds)
		abort();
	if (size)
		memcpy(buf, data, size);
	*count = 0;
	ret = ks_parse_batch(buf, size, cmds, max_cmds, count, &err);
	if (ret != 0) {
		check_error(ret, &err);
	} else if (check) {
		check_batch(data, buf, size, cmds, *count, max_cmds);
		check_canonical(cmds, *count);
	}
	free(cmds);
	free(buf);
	return ret;
}

static int reference_errno(const char *name, long long *value)
{
	size_t i;

	for (i = 0; i < ERRNO_COUNT; i++) {
		if (strcmp(errno_names[i].name, name) == 0) {
			*value = -(long long)errno_names[i].value;
			return 0;
		}
	}
	return -EINVAL;
}

static int all_in(const char *text, const char *set)
{
	return *text && strspn(text, set) == strlen(text);
}

/* An independent parse of RETVAL: strtoll(), strtoull() and the table. */
static int reference_retval(const char *text, long long *value)
{
	const char *digits = text[0] == '-' ? text + 1 : text;
	unsigned long long magnitude;
	int hex = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
	char *end;

	if (text[0] == '-' && ((digits[0] >= 'a' && digits[0] <= 'z') ||
			       (digits[0] >= 'A' && digits[0] <= 'Z')))
		return reference_errno(digits, value);
	if (hex ? !all_in(digits + 2, "0123456789abcdefABCDEF") : !all_in(digits, "0123456789"))
		return -EINVAL;

	errno = 0;
	if (!hex) {
		*value = strtoll(text, &end, 10);
		return errno == ERANGE ? -EINVAL : 0;
	}
	magnitude = strtoull(digits + 2, &end, 16);
	if (errno == ERANGE)
		return -EINVAL;
	if (text[0] != '-') {
		*value = (long long)magnitude;
		return 0;
	}
	if (magnitude > (1ULL << 63))
		return -EINVAL;
	*value = magnitude == (1ULL << 63) ? LLONG_MIN : -(long long)magnitude;
	return 0;
}

static void check_retval_text(const uint8_t *data, size_t size)
{
	long long value = 0, expected = 0;
	char *text;
	int ret, ref;

	if (size > 128 || memchr(data, '\0', size))
		return;
	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	ret = ks_parse_retval(text, &value);
	ref = reference_retval(text, &expected);
	if (ret != ref || (ret == 0 && value != expected))
		violation("ks_parse_retval(\"%s\") = %d (%lld), reference %d (%lld)", text, ret,
			  value, ref, expected);
	if (ret == 0)
		check_retval_round_trip(value);
	free(text);
}

static void check_line_and_boot_entry(const uint8_t *data, size_t size)
{
	struct ks_parse_error err = { 0 };
	size_t line_len = size;
	struct ks_cmd cmd;
	char *line;
	int ret;

	if (memchr(data, '\0', size))
		return;
	if (memchr(data, '\n', size))
		line_len = (size_t)((const uint8_t *)memchr(data, '\n', size) - data);
	line = malloc(size + 1);
	if (!line)
		abort();

	memcpy(line, data, line_len);
	line[line_len] = '\0';
	ret = ks_parse_line(line, 1, &cmd, &err);
	if (ret != 0 && ret != 1 && ret != -EINVAL)
		violation("ks_parse_line returned %d", ret);
	if (ret == 0)
		check_command(&cmd, 0, line, line_len + 1);

	memcpy(line, data, size);
	line[size] = '\0';
	ret = ks_parse_boot_entry(line, &cmd, &err);
	if (ret != 0 && ret != -EINVAL)
		violation("ks_parse_boot_entry returned %d", ret);
	if (ret == 0 && cmd.op != KS_OP_ENGAGE)
		violation("ks_parse_boot_entry returned op %d", (int)cmd.op);
	if (ret == 0)
		check_command(&cmd, 0, line, size + 1);
	free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int count = 0, small_count = 0;
	int ret, small;

#ifdef KS_FUZZ_PLANTED_BUG
	if (size >= 19 && memcmp(data, "KS-FUZZ-PLANTED-BUG", 19) == 0)
		violation("planted bug reached");
#endif

	ret = parse_copy(data, size, KS_BATCH_MAX, &count, 1);

	/* Room for 3 commands: the same result, or E2BIG. */
	small = parse_copy(data, size, 3, &small_count, 0);
	if (ret == 0 && count <= 3 && (small != 0 || small_count != count))
		violation("with room for 3: %d, %u commands; with room for %d: %u", small,
			  small_count, KS_BATCH_MAX, count);
	if (ret == 0 && count > 3 && small != -E2BIG)
		violation("%u commands with room for 3 returned %d, not -E2BIG", count, small);
	if (ret != 0 && small != ret && small != -E2BIG)
		violation("room for 3 changed the error from %d to %d", ret, small);

	check_retval_text(data, size);
	check_line_and_boot_entry(data, size);
	return 0;
}
