/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layout of the direct path's call-site table, shared by C and the
 * assembly stub. ks_direct.c checks the offsets against struct ks_site.
 */
#ifndef KS_SITE_H
#define KS_SITE_H

#include <linux/bits.h>

/* 1024 slots of 64 bytes: one cache line each, read-mostly. */
#define KS_SITES_ORDER		10
#define KS_SITES		BIT(KS_SITES_ORDER)
#define KS_SITE_SHIFT		6

#define KS_SITE_KEY		0
#define KS_SITE_RETVAL		8
#define KS_SITE_FAST_KEY	16
#define KS_SITE_COUNTERS	24
#define KS_SITE_ENGAGEMENT	32

/* Key of a free slot, and of a slot whose call site went away. */
#define KS_SITE_FREE		0
#define KS_SITE_REMOVED		1

#endif /* KS_SITE_H */
