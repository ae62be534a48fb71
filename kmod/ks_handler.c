// SPDX-License-Identifier: GPL-2.0
/*
 * The kprobe handlers: the only code that runs on a target's every call.
 *
 * They run with preemption disabled in ftrace or int3 context, so they
 * take no lock, allocate nothing and touch only per-CPU data and two
 * words that are written with WRITE_ONCE. They and the stub are on the
 * kprobe blacklist, so no probe can be placed on them and recurse.
 */
#include <linux/kprobes.h>
#include <linux/ptrace.h>

#include "killswitch.h"

/**
 * ks_pre_handler - count a call and, when engaged, skip the function
 * @kp: the engagement's kprobe
 * @regs: registers at the target's entry
 *
 * Context: kprobe pre-handler, preemption disabled.
 * Return: 1 when the target is skipped (@regs now resume at the return
 * stub), 0 to let the target run.
 */
int ks_pre_handler(struct kprobe *kp, struct pt_regs *regs)
{
	struct ks_engagement *e = container_of(kp, struct ks_engagement, kp);

	this_cpu_inc(*e->hits);

	if (READ_ONCE(e->state) != KS_STATE_ENGAGED)
		return 0;

	regs_set_return_value(regs, READ_ONCE(e->retval));
	instruction_pointer_set(regs, (unsigned long)ks_return_stub);
	return 1;
}
NOKPROBE_SYMBOL(ks_pre_handler);

/**
 * ks_post_handler - empty, and required
 *
 * A kprobe with a post-handler is never jump-optimised (an optimised probe
 * cannot change the resume address), and on ftrace-based kprobes it makes
 * the kprobe layer use its IPMODIFY ftrace_ops. IPMODIFY is exclusive, so
 * an engagement and a livepatch on one function reject each other cleanly
 * instead of both rewriting the resume address.
 */
void ks_post_handler(struct kprobe *kp, struct pt_regs *regs,
		     unsigned long flags)
{
}
NOKPROBE_SYMBOL(ks_post_handler);
NOKPROBE_SYMBOL(ks_return_stub);
