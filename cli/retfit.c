// SPDX-License-Identifier: GPL-2.0
/*
 * Return-value rules. The kprobe handler sets the whole 64-bit return
 * register, but the caller reads only as many bytes as the return type
 * has. A value that does not fit the type therefore arrives truncated.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ks_parse.h"
#include "ksctl.h"
#include "retfit.h"

char *format_retval(long long value)
{
	const char *name = ks_errno_name(value);

	if (name)
		return xasprintf("%lld (-%s)", value, name);
	return xasprintf("%lld", value);
}

/* The value a caller reads from the low @size bytes of @value. */
static long long truncate_value(long long value, unsigned int size, bool is_signed)
{
	switch (size) {
	case 1:
		return is_signed ? (long long)(int8_t)value : (long long)(uint8_t)value;
	case 2:
		return is_signed ? (long long)(int16_t)value : (long long)(uint16_t)value;
	case 4:
		return is_signed ? (long long)(int32_t)value : (long long)(uint32_t)value;
	default:
		return value;
	}
}

static void fit_bool(const struct ret_type *ret, bool has_value, long long value,
		     struct finding_list *out)
{
	if (!has_value) {
		findings_add(out, FINDING_OK, "retval",
			     xasprintf("returns %s: use 0 (false) or 1 (true)", ret->name), NULL);
	} else if (value == 0 || value == 1) {
		findings_add(out, FINDING_OK, "retval",
			     xasprintf("%lld fits %s (%s)", value, ret->name,
				       value ? "true" : "false"), NULL);
	} else {
		findings_add(out, FINDING_ERROR, "retval",
			     xasprintf("%lld does not fit %s, which holds only 0 or 1", value,
				       ret->name),
			     xstrdup("use 0 (false) or 1 (true)"));
	}
}

static void fit_pointer(const struct ret_type *ret, bool has_value, long long value,
			struct finding_list *out)
{
	const char *name = ks_errno_name(value);

	if (!has_value) {
		findings_add(out, FINDING_OK, "retval",
			     xasprintf("returns %s: use 0 (NULL) or -ENAME (ERR_PTR)", ret->name),
			     NULL);
	} else if (value == 0) {
		findings_add(out, FINDING_WARNING, "retval",
			     xasprintf("0 is NULL as %s; a caller that does not check for NULL will dereference it",
				       ret->name),
			     xstrdup("read the callers, or use -ENAME if they check with IS_ERR_OR_NULL()"));
	} else if (value < 0 && value >= -KS_MAX_ERRNO) {
		findings_add(out, FINDING_WARNING, "retval",
			     xasprintf("%lld is ERR_PTR(-%s) as %s; a caller that does not check with IS_ERR() will dereference it",
				       value, name ? name : "?", ret->name),
			     xstrdup("read the callers to make sure they check the pointer with IS_ERR()"));
	} else {
		findings_add(out, FINDING_ERROR, "retval",
			     xasprintf("%lld is neither NULL nor an ERR_PTR (-%d..-1) as %s: callers would use it as an address",
				       value, KS_MAX_ERRNO, ret->name),
			     xstrdup("use 0 for NULL or -ENAME for an error pointer"));
	}
}

static void fit_integer(const struct ret_type *ret, bool is_signed, bool has_value,
			long long value, struct finding_list *out)
{
	unsigned int bits = ret->size * 8;
	long long seen;
	char *value_text;

	if (!has_value) {
		if (is_signed)
			findings_add(out, FINDING_OK, "retval",
				     xasprintf("returns %s (%u-bit signed): errno values such as -EPERM fit",
					       ret->name, bits), NULL);
		else
			findings_add(out, FINDING_OK, "retval",
				     xasprintf("returns %s (%u-bit unsigned): use a value of 0 or more",
					       ret->name, bits), NULL);
		return;
	}

	value_text = format_retval(value);
	if (!is_signed && value < 0) {
		findings_add(out, FINDING_ERROR, "retval",
			     xasprintf("%s is negative, but %s is unsigned: callers read %llu",
				       value_text, ret->name,
				       (unsigned long long)truncate_value(value, ret->size, false)),
			     xstrdup("use a value of 0 or more"));
		free(value_text);
		return;
	}

	seen = truncate_value(value, ret->size, is_signed);
	if (seen != value)
		findings_add(out, FINDING_WARNING, "retval",
			     xasprintf("%s is out of range of %s (%u-bit %s): callers read %lld",
				       value_text, ret->name, bits, is_signed ? "signed" : "unsigned", seen),
			     xasprintf("use a value that fits %u bits", bits));
	else
		findings_add(out, FINDING_OK, "retval",
			     xasprintf("%s fits %s", value_text, ret->name), NULL);
	free(value_text);
}

static void fit_enum(const struct ret_type *ret, bool has_value, long long value,
		     struct finding_list *out)
{
	long long seen;
	size_t i;

	if (!has_value) {
		findings_add(out, FINDING_OK, "retval",
			     xasprintf("returns %s with %zu enumerators", ret->name,
				       ret->enumerator_count), NULL);
		return;
	}
	for (i = 0; i < ret->enumerator_count; i++) {
		if (ret->enumerators[i].value == value) {
			findings_add(out, FINDING_OK, "retval",
				     xasprintf("%lld is %s of %s", value, ret->enumerators[i].name,
					       ret->name), NULL);
			return;
		}
	}
	seen = truncate_value(value, ret->size, ret->is_signed);
	if (seen != value)
		findings_add(out, FINDING_WARNING, "retval",
			     xasprintf("%lld is out of range of %s (%u-bit %s): callers read %lld",
				       value, ret->name, ret->size * 8,
				       ret->is_signed ? "signed" : "unsigned", seen),
			     xstrdup("use one of the enumerators"));
	else
		findings_add(out, FINDING_WARNING, "retval",
			     xasprintf("%lld is none of the %zu enumerators of %s", value,
				       ret->enumerator_count, ret->name),
			     xstrdup("make sure the callers handle a value outside the enum"));
}

void retval_fit(const struct ret_type *ret, bool has_value, long long value,
		struct finding_list *out)
{
	switch (ret->cls) {
	case RET_VOID:
		findings_add(out, FINDING_WARNING, "retval",
			     xstrdup("returns void: the value is ignored, and engaging only skips the body"),
			     NULL);
		return;
	case RET_BOOL:
		fit_bool(ret, has_value, value, out);
		return;
	case RET_POINTER:
		fit_pointer(ret, has_value, value, out);
		return;
	case RET_SIGNED:
		fit_integer(ret, true, has_value, value, out);
		return;
	case RET_UNSIGNED:
		fit_integer(ret, false, has_value, value, out);
		return;
	case RET_ENUM:
		fit_enum(ret, has_value, value, out);
		return;
	case RET_AGGREGATE:
		findings_add(out, FINDING_ERROR, "retval",
			     xasprintf("returns %s by value, which a fixed return register cannot stand for",
				       ret->name),
			     xstrdup("engage a function that returns an integer or a pointer instead"));
		return;
	case RET_FLOAT:
		findings_add(out, FINDING_ERROR, "retval",
			     xasprintf("returns %s in a floating-point register, which killswitch does not set",
				       ret->name),
			     xstrdup("engage a function that returns an integer or a pointer instead"));
		return;
	case RET_OTHER:
		break;
	}
	findings_add(out, FINDING_WARNING, "retval",
		     xasprintf("return type %s is of a kind ksctl cannot check", ret->name),
		     xstrdup("check by reading the source that the value makes sense"));
}
