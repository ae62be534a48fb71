/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The return stub: where an engaged function resumes instead of its body.
 *
 * The kprobe fires at the function's entry, before the function touched
 * the stack, so the word at the stack pointer is still the caller's
 * return address. The pre-handler has already placed the engaged value in
 * %rax; returning from here hands it to the caller as if the function had
 * run and returned it.
 *
 * IBT (CONFIG_X86_KERNEL_IBT, 6.12): the kprobe layer resumes here with a
 * ret from the ftrace trampoline or an iret from the int3 handler, neither
 * of which IBT checks, but SYM_FUNC_START starts the stub with ENDBR64 so
 * it stays a valid target if a kernel ever reaches it with an indirect
 * jump. QEMU's TCG does not enforce IBT, so the bench cannot prove this.
 *
 * Return thunks (CONFIG_MITIGATION_RETHUNK): RET expands to a jump to
 * __x86_return_thunk, and objtool records the site so the kernel patches
 * it to the return path this CPU was booted with, including call-depth
 * accounting, which stays balanced: the caller's call into the target is
 * matched by this return.
 */
#include <linux/linkage.h>

	.text
SYM_FUNC_START(ks_return_stub)
	RET
SYM_FUNC_END(ks_return_stub)
