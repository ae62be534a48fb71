/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between killswitch built into the kernel and killswitch.ko
 * built out of tree for a stock kernel. All other code is the same in both
 * builds. MODULE is defined when the files build as killswitch.ko.
 *
 *                  built in                      killswitch.ko
 * lockdown reason  LOCKDOWN_KILLSWITCH           LOCKDOWN_DBG_WRITE_KERNEL
 * engage taint     TAINT_KILLSWITCH ('Z')        none
 * initcall         fs_initcall                   module_init
 * guard of itself  ks_* in vmlinux               [killswitch]
 * /sys/module kset module_kset                   THIS_MODULE's kset
 *
 * TAINT_KILLSWITCH and LOCKDOWN_KILLSWITCH come from the in-tree patch
 * series (patches/); a stock kernel has neither. The one other difference,
 * the killswitch= boot parameter of the built-in form, is in ks_main.c.
 */
#ifndef KS_COMPAT_H
#define KS_COMPAT_H

#include <linux/init.h>
#include <linux/module.h>
#include <linux/panic.h>
#include <linux/security.h>
#include <linux/string.h>

#ifdef MODULE

/*
 * A stock kernel has no lockdown reason for killswitch. Redirecting kernel
 * control flow is a write to the running kernel, so use the integrity-level
 * reason for writing kernel memory: any lockdown at integrity or above
 * rejects engagement.
 */
#define KS_LOCKDOWN_REASON LOCKDOWN_DBG_WRITE_KERNEL

/* Loading the out-of-tree module already taints the kernel ('O', 'E'). */
static inline void ks_taint_engaged(void)
{
}

#define ks_initcall(fn) module_init(fn)

/* The guard rule that keeps killswitch from engaging its own code. */
#define KS_GUARD_SELF "[killswitch]"

/* Whether a match of the guard rule @pattern counts for @module: always. */
static inline bool ks_guard_rule_applies(const char *pattern,
					 const char *module)
{
	return true;
}

/* module_kset is not exported, but this module's kobject is in it. */
#define ks_module_kset() (THIS_MODULE->mkobj.kobj.kset)

#else /* built in */

#define KS_LOCKDOWN_REASON LOCKDOWN_KILLSWITCH

/*
 * Mark the kernel once a function returned a value its body did not
 * compute. Disengaging does not clear the flag: the callers have already
 * seen the fixed value.
 */
static inline void ks_taint_engaged(void)
{
	add_taint(TAINT_KILLSWITCH, LOCKDEP_STILL_OK);
}

/*
 * After securityfs (core_initcall) and kprobes (early_initcall), so the
 * boot list is armed before the later initcalls and long before init
 * runs userspace.
 */
#define ks_initcall(fn) fs_initcall(fn)

/*
 * Built in, killswitch's functions belong to vmlinux, so the rule matches
 * their common prefix instead of a module name, and only in vmlinux:
 * modules may name functions ks_* too (ks_target.ko of the tests does).
 */
#define KS_GUARD_SELF "ks_*"

/*
 * Whether a match of the guard rule @pattern counts for @module. The
 * owner of a plain SYMBOL is unknown (NULL) until its kprobe is
 * registered, when the guard list is checked again with the owner.
 */
static inline bool ks_guard_rule_applies(const char *pattern,
					 const char *module)
{
	return strcmp(pattern, KS_GUARD_SELF) != 0 ||
	       (module && strcmp(module, "vmlinux") == 0);
}

/* Built in, THIS_MODULE is NULL; the kset itself is visible. */
#define ks_module_kset() module_kset

#endif /* MODULE */

#endif /* KS_COMPAT_H */
