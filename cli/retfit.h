/* SPDX-License-Identifier: GPL-2.0 */
/* Whether a return value fits a function's BTF return type. */
#ifndef KSCTL_RETFIT_H
#define KSCTL_RETFIT_H

#include <stdbool.h>

#include "btfinfo.h"
#include "findings.h"

/* Add the "retval" finding for @value (or, without @has_value, for the type alone). */
void retval_fit(const struct ret_type *ret, bool has_value, long long value,
		struct finding_list *out);

/* "-1 (-EPERM)" or "42": a value with its errno name; owned string. */
char *format_retval(long long value);

#endif /* KSCTL_RETFIT_H */
