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
#define KS_SITE_SCOPE		48

/* Offset of the passed counter in struct ks_counters; hits is at 0. */
#define KS_COUNTERS_PASSED	8

/* Key of a free slot, and of a slot whose call site went away. */
#define KS_SITE_FREE		0
#define KS_SITE_REMOVED		1

/*
 * The stub decides scope=userns and scope=unpriv without C where Kbuild
 * found where this kernel keeps the current task and the preempt count:
 * in struct pcpu_hot (6.2 and later; ks_direct.c checks the offsets), or
 * in per-CPU variables of their own (before 6.2). Elsewhere a scoped call
 * goes to C.
 */
#if defined(KS_PCPU_HOT)
#define KS_STUB_SCOPE
#define KS_PCPU_CURRENT_TASK_VAR	pcpu_hot
#define KS_PCPU_PREEMPT_COUNT_VAR	(pcpu_hot + 8)
#elif defined(KS_PCPU_CURRENT_TASK)
#define KS_STUB_SCOPE
#define KS_PCPU_CURRENT_TASK_VAR	current_task
#define KS_PCPU_PREEMPT_COUNT_VAR	__preempt_count
#endif

/* in_task() is false when one of these preempt count bits is set. */
#define KS_NOT_TASK_MASK	0x00ff0100
#define KS_CAP_SYS_ADMIN	21
/* enum ks_scope's KS_SCOPE_USERNS, for the stub. */
#define KS_SCOPE_USERNS_VALUE	1

/* Offsets in struct ks_stub_creds. */
#define KS_CREDS_TASK_CRED	0
#define KS_CREDS_USER_NS	8
#define KS_CREDS_CAP_EFFECTIVE	16
#define KS_CREDS_INIT_USER_NS	24

#endif /* KS_SITE_H */
