/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The direct path: ftrace calls ks_direct_stub() straight from the call
 * site at the entry of an engaged function, without its trampoline,
 * unless another ftrace user shares the function (then the trampoline
 * returns into the stub after its handlers, with the same stack).
 *
 * On entry, the word at %rsp is the return address into the function
 * (its call site plus the call's length) and the word above it is the
 * return address into the function's caller. The stub finds the call site
 * in ks_sites by that return address (open addressing, linear probing),
 * and for a blocked call drops the
 * return address into the function and returns the engaged value to the
 * caller: one extra call and a table probe instead of a register frame.
 * A scoped engagement's caller is checked here, on kernels whose
 * per-CPU layout ks_site.h knows. Calls that need C (observe, the
 * tryengage window, a scope elsewhere) go through ks_direct_slow() with
 * the argument registers saved, and calls the stub lets through return
 * into the function's body.
 *
 * Registers: %r10 and %r11 carry no argument, so the stub uses them
 * freely. A blocked call may clobber any caller-saved register, since it
 * returns for the function; a call let through keeps them all.
 *
 * IBT: SYM_FUNC_START starts with ENDBR64, for the trampoline's return
 * into the stub as well. Return thunks: RET is patched to the return
 * path the CPU booted with. Call depth accounting (6.12): the call into
 * the stub from the patched call site is not accounted, so the return
 * into the body accounts it; a blocked call returns once for the
 * caller's accounted call into the function and needs nothing.
 * Unwinding: objtool follows the pushes, and UNWIND_HINT_FUNC marks the
 * state after the dropped return address as a function entry, which is
 * what the caller's frame looks like from there.
 */
#include <linux/linkage.h>
#include <asm/unwind_hints.h>
#include <asm/nospec-branch.h>
#ifdef CONFIG_MITIGATION_CALL_DEPTH_TRACKING
#include <asm/asm-offsets.h>
#endif

#include "../../ks_site.h"

#define KS_SITES_MASK	((KS_SITES << KS_SITE_SHIFT) - 1)

	.text
SYM_FUNC_START(ks_direct_stub)
	/*
	 * Home slot: bits 4 to 13 of the return address, times the slot
	 * size. A blocked call whose slot is its home slot takes one compare.
	 */
	movq	(%rsp), %r10
	leaq	(, %r10, 4), %r11
	andl	$(KS_SITES_MASK & ~((1 << KS_SITE_SHIFT) - 1)), %r11d
	cmpq	%r10, ks_sites + KS_SITE_FAST_KEY(%r11)
	jne	.Lks_probe
.Lks_block:
	/* Count the hit on this CPU, drop the frame, return the value. */
	movq	ks_sites + KS_SITE_COUNTERS(%r11), %r10
	incq	%gs:(%r10)
	movq	ks_sites + KS_SITE_RETVAL(%r11), %rax
.Lks_skip:
	addq	$8, %rsp
	UNWIND_HINT_FUNC
	RET

.Lks_probe:
	cmpq	%r10, ks_sites + KS_SITE_KEY(%r11)
	je	.Lks_found
	cmpq	$KS_SITE_FREE, ks_sites + KS_SITE_KEY(%r11)
	je	.Lks_body
	addl	$(1 << KS_SITE_SHIFT), %r11d
	andl	$KS_SITES_MASK, %r11d
	jmp	.Lks_probe

.Lks_found:
	cmpq	%r10, ks_sites + KS_SITE_FAST_KEY(%r11)
	je	.Lks_block
#ifdef KS_STUB_SCOPE
	cmpq	$0, ks_sites + KS_SITE_SCOPE(%r11)
	jne	.Lks_scope
#endif
	/* A slot without engagement is parked: the body runs. */
	cmpq	$0, ks_sites + KS_SITE_ENGAGEMENT(%r11)
	je	.Lks_body
	pushq	%rax
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%r8
	pushq	%r9
	leaq	ks_sites(%r11), %rdi
	pushq	%rdi
	call	ks_direct_slow
	popq	%r11
	testl	%eax, %eax
	popq	%r9
	popq	%r8
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	popq	%rax
	jz	.Lks_body
	movq	KS_SITE_RETVAL(%r11), %rax
	jmp	.Lks_skip

#ifdef KS_STUB_SCOPE
	/*
	 * A scoped engagement, decided here as ks_in_scope() decides it in
	 * C: a call outside task context is blocked; in a task, a caller in
	 * another user namespace is blocked, and for scope=unpriv also one
	 * without CAP_SYS_ADMIN. The task's own cred cannot change under
	 * it. %rax is saved, since a variadic function reads %al.
	 */
.Lks_scope:
	testl	$KS_NOT_TASK_MASK, %gs:KS_PCPU_PREEMPT_COUNT_VAR
	jnz	.Lks_block
	pushq	%rax
	movq	%gs:KS_PCPU_CURRENT_TASK_VAR, %r10
	movq	ks_stub_creds + KS_CREDS_TASK_CRED(%rip), %rax
	movq	(%r10, %rax), %r10
	movq	ks_stub_creds + KS_CREDS_USER_NS(%rip), %rax
	movq	(%r10, %rax), %rax
	cmpq	ks_stub_creds + KS_CREDS_INIT_USER_NS(%rip), %rax
	jne	.Lks_scope_block
	cmpq	$KS_SCOPE_USERNS_VALUE, ks_sites + KS_SITE_SCOPE(%r11)
	je	.Lks_scope_pass
	movq	ks_stub_creds + KS_CREDS_CAP_EFFECTIVE(%rip), %rax
	btl	$KS_CAP_SYS_ADMIN, (%r10, %rax)
	jc	.Lks_scope_pass
.Lks_scope_block:
	popq	%rax
	jmp	.Lks_block
.Lks_scope_pass:
	/* Count the call as a hit that ran the body, then run it. */
	popq	%rax
	movq	ks_sites + KS_SITE_COUNTERS(%r11), %r10
	incq	%gs:(%r10)
	incq	%gs:KS_COUNTERS_PASSED(%r10)
#endif

.Lks_body:
#ifdef CONFIG_MITIGATION_CALL_DEPTH_TRACKING
	CALL_DEPTH_ACCOUNT
#endif
	RET
SYM_FUNC_END(ks_direct_stub)
