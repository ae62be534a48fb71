// SPDX-License-Identifier: GPL-2.0
/*
 * The C code on a target's call path. On the direct path the stub calls
 * ks_direct_slow() for the calls it cannot decide alone. With direct=0,
 * targets on an ftrace call site go through ks_ftrace_handler(), and the
 * others through the kprobe pre-handler. All three decide with
 * ks_call_blocked().
 *
 * They run with preemption disabled in ftrace or int3 context, so they
 * take no sleeping lock, allocate nothing and touch only per-CPU counters,
 * words written with WRITE_ONCE, and, in observe mode only, a raw
 * spinlock they never wait for. They and the stub are on the kprobe
 * blacklist, so no probe can be placed on them and recurse.
 */
#include <linux/cred.h>
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/preempt.h>
#include <linux/ptrace.h>
#include <linux/string.h>
#include <linux/trace_recursion.h>
#include <linux/user_namespace.h>

#include "killswitch.h"

/*
 * Whether the current call is one the engagement blocks. A call outside
 * task context (an interrupt, a softirq) has no caller of its own, so it
 * is blocked whatever the scope: failing closed keeps the mitigation on.
 */
static __always_inline bool ks_in_scope(int scope)
{
	const struct cred *cred;

	if (scope == KS_SCOPE_ALL || !in_task())
		return true;

	cred = current_cred();
	if (scope == KS_SCOPE_USERNS)
		return cred->user_ns != &init_user_ns;

	/* KS_SCOPE_UNPRIV: what capable(CAP_SYS_ADMIN) checks, without LSM hooks. */
	return cred->user_ns != &init_user_ns ||
	       !cap_raised(cred->cap_effective, CAP_SYS_ADMIN);
}

/* Record the caller of an observed function and log it, rate-limited. */
static notrace void ks_observe_call(struct ks_engagement *e)
{
	const struct cred *cred = current_cred();
	u32 uid = from_kuid_munged(&init_user_ns, cred->uid);
	u32 userns = cred->user_ns->ns.inum;
	struct ks_caller *slot = NULL;
	int i;

	if (raw_spin_trylock(&e->callers_lock)) {
		for (i = 0; i < KS_CALLERS_MAX; i++) {
			struct ks_caller *c = &e->callers[i];

			if (c->count == 0 ||
			    (c->uid == uid && c->userns == userns &&
			     strncmp(c->comm, current->comm, TASK_COMM_LEN) == 0)) {
				slot = c;
				break;
			}
		}
		if (slot) {
			if (slot->count == 0) {
				memcpy(slot->comm, current->comm, TASK_COMM_LEN);
				slot->uid = uid;
				slot->userns = userns;
			}
			slot->pid = current->pid;
			slot->count++;
		} else {
			e->callers_other++;
		}
		raw_spin_unlock(&e->callers_lock);
	}

	if (__ratelimit(&e->observe_rs))
		pr_info("killswitch: observe symbol=%s comm=%s pid=%d uid=%u userns=%u%s\n",
			e->symbol, current->comm, current->pid, uid, userns,
			in_task() ? "" : " context=interrupt");
}
NOKPROBE_SYMBOL(ks_observe_call);

/**
 * ks_call_blocked - count a call and decide whether the body is skipped
 * @e: the engagement of the function being called
 *
 * Shared by the direct path's C part, the ftrace handler and the kprobe
 * pre-handler.
 *
 * Context: preemption disabled.
 * Return: true when the call must return @e's value without the body.
 */
static __always_inline bool ks_call_blocked(struct ks_engagement *e)
{
	int mode = READ_ONCE(e->mode);

	this_cpu_inc(e->counters->hits);

	if (mode == KS_MODE_OBSERVE)
		ks_observe_call(e);

	if (mode != KS_MODE_ENGAGE || !ks_in_scope(READ_ONCE(e->scope))) {
		this_cpu_inc(e->counters->passed);
		return false;
	}
	return true;
}

/**
 * ks_direct_slow - decide a direct-path call that needs C
 * @site: the call's slot in ks_sites
 *
 * Called by ks_direct_stub() with the argument registers saved, for a
 * scope, observe or the tryengage window, in the context of the engaged
 * function's caller with preemption enabled. ks_direct_disarm() waits for
 * RCU and RCU tasks before the engagement can go, which covers this.
 * An engaged call only reads and counts, so it cannot reach a traced
 * function and skips the recursion guard that observe and probe calls,
 * which log, take.
 *
 * Return: 1 when the call returns @site's value, 0 to run the body.
 */
notrace int ks_direct_slow(struct ks_site *site)
{
	struct ks_engagement *e = READ_ONCE(site->e);
	int bit, blocked;

	if (!e)
		return 0;
	if (READ_ONCE(e->mode) == KS_MODE_ENGAGE)
		return ks_call_blocked(e);

	bit = ftrace_test_recursion_trylock(site->key, 0);
	if (bit < 0)
		return 0;
	blocked = ks_call_blocked(e);
	ftrace_test_recursion_unlock(bit);
	return blocked;
}
NOKPROBE_SYMBOL(ks_direct_slow);

/* The saved registers of an ftrace call site; the layout moved in 6.12. */
static __always_inline struct pt_regs *ks_fregs_regs(struct ftrace_regs *fregs)
{
#ifdef arch_ftrace_regs
	return &arch_ftrace_regs(fregs)->regs;
#else
	return &fregs->regs;
#endif
}

/**
 * ks_ftrace_handler - the handler of the engagements on ftrace call sites
 * @ip: the call site, the key of the engagement in the address table
 * @parent_ip: the caller of the function
 * @ops: ks_ops
 * @fregs: the registers the ftrace trampoline saved and restores
 *
 * Looks the engagement up by @ip and, when the call is blocked, sets the
 * return register and makes the trampoline return into ks_return_stub()
 * instead of the body. The trampoline restores %rax and the resume
 * address from @fregs on both kernels, also without FTRACE_OPS_FL_SAVE_REGS.
 *
 * Context: ftrace handler. The recursion lock disables preemption, which
 * is the RCU read side that ks_ftrace_disarm() waits for.
 */
void notrace ks_ftrace_handler(unsigned long ip, unsigned long parent_ip,
			       struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct ks_engagement *e;
	int bit;

	bit = ftrace_test_recursion_trylock(ip, parent_ip);
	if (bit < 0)
		return;

	e = ks_ftrace_find(ip);
	if (e && ks_call_blocked(e)) {
		struct pt_regs *regs = ks_fregs_regs(fregs);

		regs->ax = READ_ONCE(e->retval);
		regs->ip = (unsigned long)ks_return_stub;
	}
	ftrace_test_recursion_unlock(bit);
}
NOKPROBE_SYMBOL(ks_ftrace_handler);

/**
 * ks_pre_handler - the kprobe path, for targets without an ftrace call site
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

	if (!ks_call_blocked(e))
		return 0;

	regs_set_return_value(regs, READ_ONCE(e->retval));
	instruction_pointer_set(regs, (unsigned long)ks_return_stub);
	return 1;
}
NOKPROBE_SYMBOL(ks_pre_handler);

/**
 * ks_post_handler - empty, and required
 * @kp: the engagement's kprobe
 * @regs: registers after the probed instruction
 * @flags: unused
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
