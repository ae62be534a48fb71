// SPDX-License-Identifier: GPL-2.0
/*
 * Build-time check that the errno table of the shared parser, which spells
 * the values out so that it builds outside the kernel, matches the kernel
 * it is built for. The checks cost nothing at run time.
 */
#include <linux/build_bug.h>
#include <linux/err.h>
#include <linux/errno.h>

#include "ks_parse.h"

/* Each enumerator is 0, or the build fails on the first mismatch. */
enum {
#define KS_ERRNO_UAPI(name, value) KS_CHECK_##name = BUILD_BUG_ON_ZERO((name) != (value)),
#define KS_ERRNO_KERNEL(name, value) KS_CHECK_##name = BUILD_BUG_ON_ZERO((name) != (value)),
#define KS_ERRNO_ALIAS(name, value) KS_CHECK_##name = BUILD_BUG_ON_ZERO((name) != (value)),
#include "ks_errno_list.h"
#undef KS_ERRNO_UAPI
#undef KS_ERRNO_KERNEL
#undef KS_ERRNO_ALIAS
	KS_CHECK_MAX_ERRNO = BUILD_BUG_ON_ZERO(KS_MAX_ERRNO != MAX_ERRNO),
};
