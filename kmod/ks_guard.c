// SPDX-License-Identifier: GPL-2.0
/*
 * The guard list: targets killswitch refuses to engage.
 *
 * Two classes of rule. Security rules cover code whose short-circuit would
 * switch a protection off for everyone: one "engage security_file_open 0"
 * skips every LSM check on open, and short-circuiting
 * security_locked_down() would lift lockdown itself. No option overrides
 * them. Stability rules cover code whose short-circuit would wedge or
 * crash the kernel or blind the operator; "force" on the engage line
 * overrides them when an expert has checked that the target is safe.
 *
 * A pattern is NAME (exact; also matches compiler clones NAME.isra.0 and
 * the like), PREFIX*, *PART* or [MODULE] (every function of that module).
 * More security rules can be added at load (guard= parameter) or at run
 * time ("guard PATTERN" in the control file); none can be removed until
 * killswitch.ko unloads.
 */
#define pr_fmt(fmt) "killswitch: " fmt

#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "killswitch.h"

struct ks_guard_rule {
	const char *pattern;
	enum ks_guard_class class;
	const char *why;
};

#define KS_SECURITY(pattern, why) { pattern, KS_GUARD_SECURITY, why }
#define KS_STABILITY(pattern, why) { pattern, KS_GUARD_STABILITY, why }

static const struct ks_guard_rule ks_builtin_rules[] = {
	/* The LSM framework and the LSMs Debian builds. */
	KS_SECURITY("security_*", "LSM hook"),
	KS_SECURITY("lsm_*", "LSM framework"),
	KS_SECURITY("selinux_*", "SELinux"),
	KS_SECURITY("sel_*", "SELinux"),
	KS_SECURITY("avc_*", "SELinux access vector cache"),
	KS_SECURITY("apparmor_*", "AppArmor"),
	KS_SECURITY("aa_*", "AppArmor"),
	KS_SECURITY("smack*", "Smack"),
	KS_SECURITY("landlock_*", "Landlock"),
	KS_SECURITY("yama_*", "Yama"),
	KS_SECURITY("tomoyo_*", "TOMOYO"),
	KS_SECURITY("safesetid_*", "SafeSetID"),
	KS_SECURITY("loadpin_*", "LoadPin"),
	KS_SECURITY("ipe_*", "IPE"),
	KS_SECURITY("bpf_lsm_*", "BPF LSM"),
	KS_SECURITY("lockdown_*", "kernel lockdown"),
	KS_SECURITY("seccomp*", "seccomp"),
	KS_SECURITY("__seccomp*", "seccomp"),
	/* Capabilities and credentials. */
	KS_SECURITY("cap_*", "capability check"),
	KS_SECURITY("capable", "capability check"),
	KS_SECURITY("capable_wrt_inode_uidgid", "capability check"),
	KS_SECURITY("ns_capable*", "capability check"),
	KS_SECURITY("file_ns_capable", "capability check"),
	KS_SECURITY("has_capability*", "capability check"),
	KS_SECURITY("has_ns_capability*", "capability check"),
	KS_SECURITY("privileged_wrt_inode_uidgid", "capability check"),
	KS_SECURITY("*_creds*", "credential change"),
	KS_SECURITY("prepare_kernel_cred", "credential change"),
	KS_SECURITY("get_task_cred", "credentials"),
	KS_SECURITY("cred_*", "credentials"),
	KS_SECURITY("__sys_set*", "identity change"),
	KS_SECURITY("__x64_sys_set*", "identity change"),
	KS_SECURITY("__x64_sys_capset", "capability change"),
	KS_SECURITY("__do_sys_capset", "capability change"),
	/* Audit. */
	KS_SECURITY("audit_*", "audit"),
	KS_SECURITY("__audit_*", "audit"),
	KS_SECURITY("kauditd_*", "audit"),
	/* Module signatures and integrity. */
	KS_SECURITY("module_sig_*", "module signature check"),
	KS_SECURITY("mod_verify_sig", "module signature check"),
	KS_SECURITY("mod_check_sig", "module signature check"),
	KS_SECURITY("is_module_sig_enforced", "module signature check"),
	KS_SECURITY("verify_pkcs7_*", "signature verification"),
	KS_SECURITY("verify_signature", "signature verification"),
	KS_SECURITY("public_key_verify_signature", "signature verification"),
	KS_SECURITY("pkcs7_*", "signature verification"),
	KS_SECURITY("ima_*", "IMA"),
	KS_SECURITY("evm_*", "EVM"),
	KS_SECURITY("integrity_*", "integrity"),
	/* killswitch itself: engaging it could lift the seal or the guard. */
	KS_SECURITY(KS_GUARD_SELF, "killswitch itself"),

	/* kprobe and ftrace machinery: the engagement runs on top of them. */
	KS_STABILITY("*kprobe*", "kprobe machinery"),
	KS_STABILITY("*ftrace*", "ftrace machinery"),
	KS_STABILITY("text_poke*", "kernel text patching"),
	/* The scheduler core. */
	KS_STABILITY("schedule", "scheduler core"),
	KS_STABILITY("__schedule", "scheduler core"),
	KS_STABILITY("schedule_*", "scheduler core"),
	KS_STABILITY("sched_*", "scheduler core"),
	KS_STABILITY("pick_next_task*", "scheduler core"),
	KS_STABILITY("try_to_wake_up", "scheduler core"),
	KS_STABILITY("wake_up_*", "scheduler core"),
	KS_STABILITY("__wake_up*", "scheduler core"),
	KS_STABILITY("scheduler_tick", "scheduler core"),
	/* Locking primitives. */
	KS_STABILITY("*spin_lock*", "locking primitive"),
	KS_STABILITY("*spin_unlock*", "locking primitive"),
	KS_STABILITY("*spin_trylock*", "locking primitive"),
	KS_STABILITY("_raw_*", "locking primitive"),
	KS_STABILITY("mutex_*", "locking primitive"),
	KS_STABILITY("__mutex_*", "locking primitive"),
	KS_STABILITY("rt_mutex*", "locking primitive"),
	KS_STABILITY("*rwsem*", "locking primitive"),
	KS_STABILITY("down", "locking primitive"),
	KS_STABILITY("down_*", "locking primitive"),
	KS_STABILITY("up", "locking primitive"),
	KS_STABILITY("up_read", "locking primitive"),
	KS_STABILITY("up_write", "locking primitive"),
	KS_STABILITY("queued_*", "locking primitive"),
	KS_STABILITY("osq_*", "locking primitive"),
	KS_STABILITY("rcu_*", "RCU"),
	KS_STABILITY("call_rcu*", "RCU"),
	KS_STABILITY("synchronize_rcu*", "RCU"),
	/* printk and the panic path: the operator's view of the kernel. */
	KS_STABILITY("*printk*", "printk"),
	KS_STABILITY("console_*", "console output"),
	KS_STABILITY("panic", "panic path"),
	KS_STABILITY("__warn*", "warning path"),
	KS_STABILITY("warn_slowpath*", "warning path"),
	KS_STABILITY("oops_*", "oops path"),
	KS_STABILITY("die", "oops path"),
	KS_STABILITY("__die*", "oops path"),
	KS_STABILITY("dump_stack*", "oops path"),
	/* Syscall and exception entry. */
	KS_STABILITY("do_syscall_64", "syscall entry"),
	KS_STABILITY("x64_sys_call", "syscall entry"),
	KS_STABILITY("do_int80_*", "syscall entry"),
	KS_STABILITY("__do_fast_syscall_32", "syscall entry"),
	KS_STABILITY("syscall_enter_*", "syscall entry"),
	KS_STABILITY("syscall_exit_*", "syscall exit"),
	KS_STABILITY("irqentry_*", "exception entry"),
	KS_STABILITY("exit_to_user_mode*", "syscall exit"),
	KS_STABILITY("exc_page_fault", "page fault entry"),
	KS_STABILITY("handle_mm_fault", "page fault"),
	/* Memory allocator fast paths. */
	KS_STABILITY("kmalloc*", "memory allocator"),
	KS_STABILITY("__kmalloc*", "memory allocator"),
	KS_STABILITY("kmem_cache_*", "memory allocator"),
	KS_STABILITY("kfree*", "memory allocator"),
	KS_STABILITY("kvmalloc*", "memory allocator"),
	KS_STABILITY("kvfree*", "memory allocator"),
	KS_STABILITY("krealloc*", "memory allocator"),
	KS_STABILITY("__alloc_pages*", "page allocator"),
	KS_STABILITY("alloc_pages*", "page allocator"),
	KS_STABILITY("__free_pages*", "page allocator"),
	KS_STABILITY("free_pages*", "page allocator"),
	KS_STABILITY("get_page_from_freelist", "page allocator"),
	KS_STABILITY("__get_free_pages", "page allocator"),
	KS_STABILITY("vmalloc*", "memory allocator"),
	KS_STABILITY("vfree*", "memory allocator"),
	KS_STABILITY("__slab_*", "memory allocator"),
	KS_STABILITY("slab_*", "memory allocator"),
};

/* A rule added at load or run time; always security class. */
struct ks_guard_extra {
	struct list_head node;
	char pattern[KS_PATTERN_MAX + 1];
};

/* Rules added with guard= or "guard PATTERN"; under ks_mutex. */
static LIST_HEAD(ks_guard_extras);

static bool ks_name_matches(const char *pattern, size_t len, const char *name)
{
	size_t name_len = strlen(name);

	if (len >= 2 && pattern[0] == '*' && pattern[len - 1] == '*') {
		char part[KS_PATTERN_MAX + 1];

		memcpy(part, pattern + 1, len - 2);
		part[len - 2] = '\0';
		return !!strstr(name, part);
	}
	if (len >= 1 && pattern[len - 1] == '*')
		return strncmp(name, pattern, len - 1) == 0;

	/* An exact rule also covers the name's compiler clones. */
	if (strncmp(name, pattern, len) != 0)
		return false;
	return name_len == len || name[len] == '.';
}

/**
 * ks_guard_match - whether @pattern covers a target
 * @pattern: a guard pattern (see the top of this file)
 * @symbol: the target's symbol
 * @module: the target's module, "vmlinux", or NULL when not known yet
 */
bool ks_guard_match(const char *pattern, const char *symbol,
		    const char *module)
{
	size_t len = strlen(pattern);

	if (pattern[0] == '[') {
		if (!module || len < 2)
			return false;
		return strlen(module) == len - 2 &&
		       strncmp(pattern + 1, module, len - 2) == 0;
	}
	return ks_name_matches(pattern, len, symbol);
}

/**
 * ks_guard_check - check a target against the guard list
 * @symbol: the target's symbol
 * @module: its module, "vmlinux", or NULL when not known yet
 * @force: the engagement carries "force"
 * @observe: the request is observe, which changes no behaviour, so only
 *           stability rules apply to it
 *
 * Context: ks_mutex held. Logs the rule that matched.
 * Return: 0, or -EACCES when a rule forbids the target.
 */
int ks_guard_check(const char *symbol, const char *module, bool force,
		   bool observe)
{
	const struct ks_guard_extra *extra;
	size_t i;

	lockdep_assert_held(&ks_mutex);

	for (i = 0; i < ARRAY_SIZE(ks_builtin_rules); i++) {
		const struct ks_guard_rule *rule = &ks_builtin_rules[i];

		if (!ks_guard_match(rule->pattern, symbol, module) ||
		    !ks_guard_rule_applies(rule->pattern, module))
			continue;
		if (rule->class == KS_GUARD_SECURITY && !observe) {
			pr_notice("guard: %s refused: rule '%s' (%s, security class, no override)\n",
				  symbol, rule->pattern, rule->why);
			return -EACCES;
		}
		if (rule->class == KS_GUARD_STABILITY && !force) {
			pr_notice("guard: %s refused: rule '%s' (%s); add 'force' to override\n",
				  symbol, rule->pattern, rule->why);
			return -EACCES;
		}
	}

	if (observe)
		return 0;
	list_for_each_entry(extra, &ks_guard_extras, node) {
		if (ks_guard_match(extra->pattern, symbol, module)) {
			pr_notice("guard: %s refused: added rule '%s' (security class, no override)\n",
				  symbol, extra->pattern);
			return -EACCES;
		}
	}
	return 0;
}

/**
 * ks_guard_add - add a security-class rule until killswitch.ko unloads
 * @pattern: a valid guard pattern (see ks_pattern_valid())
 *
 * Context: ks_mutex held.
 * Return: 0 or -ENOMEM.
 */
int ks_guard_add(const char *pattern)
{
	struct ks_guard_extra *extra;

	lockdep_assert_held(&ks_mutex);

	extra = kzalloc(sizeof(*extra), GFP_KERNEL);
	if (!extra)
		return -ENOMEM;
	strscpy(extra->pattern, pattern, sizeof(extra->pattern));
	list_add_tail(&extra->node, &ks_guard_extras);
	return 0;
}

/* Print every rule, one per line: class, pattern and reason. */
void ks_guard_show(struct seq_file *m)
{
	const struct ks_guard_extra *extra;
	size_t i;

	lockdep_assert_held(&ks_mutex);

	for (i = 0; i < ARRAY_SIZE(ks_builtin_rules); i++) {
		const struct ks_guard_rule *rule = &ks_builtin_rules[i];

		seq_printf(m, "class=%s pattern=%s why=\"%s\"\n",
			   rule->class == KS_GUARD_SECURITY ? "security" : "stability",
			   rule->pattern, rule->why);
	}
	list_for_each_entry(extra, &ks_guard_extras, node)
		seq_printf(m, "class=security pattern=%s why=\"added\"\n",
			   extra->pattern);
}

/* Free the added rules; killswitch.ko is unloading. */
void ks_guard_exit(void)
{
	struct ks_guard_extra *extra, *tmp;

	list_for_each_entry_safe(extra, tmp, &ks_guard_extras, node) {
		list_del(&extra->node);
		kfree(extra);
	}
}
