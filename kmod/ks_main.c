// SPDX-License-Identifier: GPL-2.0
/*
 * killswitch: make a chosen kernel function return a fixed value without
 * running its body, as a temporary mitigation until a fixed kernel runs.
 *
 * Module entry and exit, and the engage= module parameter, which also
 * works on the kernel command line as killswitch.engage=. Built into the
 * kernel, killswitch= on the command line takes the same list.
 */
#define pr_fmt(fmt) "killswitch: " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "killswitch.h"

static char *ks_boot_engage;
module_param_named(engage, ks_boot_engage, charp, 0400);
MODULE_PARM_DESC(engage,
		 "Functions to engage at load: [MODULE:]SYMBOL=RETVAL[,...]");

static char *ks_boot_guard;
module_param_named(guard, ks_boot_guard, charp, 0400);
MODULE_PARM_DESC(guard,
		 "Guard rules to add at load: PATTERN[,PATTERN...] (NAME, PREFIX*, *PART*, [MODULE])");

#ifndef MODULE
/*
 * killswitch=[MODULE:]SYMBOL=RETVAL[,...] on the command line of a kernel
 * with killswitch built in. The handler runs while the command line is
 * parsed, before the allocators are up, so it only keeps the string.
 * ks_init() parses and applies it once securityfs and kprobes work.
 */
static char *ks_boot_setup __initdata;

static int __init ks_setup(char *list)
{
	ks_boot_setup = list;
	return 1;
}
__setup("killswitch=", ks_setup);
#endif

/* Add the guard= rules; a bad pattern is logged and skipped. */
static void __init ks_apply_boot_guards(char *list)
{
	struct ks_actor actor;
	char *copy, *cursor, *pattern;

	copy = kstrdup(list, GFP_KERNEL);
	if (!copy)
		return;

	ks_actor_current(&actor);
	cursor = copy;
	while ((pattern = strsep(&cursor, ",")) != NULL) {
		pattern = strim(pattern);
		if (*pattern == '\0')
			continue;
		if (!ks_pattern_valid(pattern)) {
			pr_err("guard=: skipping '%s': invalid pattern\n", pattern);
			continue;
		}
		mutex_lock(&ks_mutex);
		if (ks_guard_add(pattern) == 0)
			ks_event_global("guard", pattern, &actor);
		mutex_unlock(&ks_mutex);
	}
	kfree(copy);
}

/*
 * Apply the engage= or killswitch= list, named @param in the log. Each
 * entry is its own transaction, so a bad entry is logged and skipped while
 * the good ones still apply.
 */
static void __init ks_apply_boot_list(const char *param, char *list)
{
	struct ks_parse_error err = { 0 };
	struct ks_cmd cmd;
	char *copy, *cursor, *entry;
	int ret;

	ret = security_locked_down(KS_LOCKDOWN_REASON);
	if (ret) {
		pr_err("%s: kernel is locked down, nothing engaged (error %d)\n",
		       param, ret);
		return;
	}

	copy = kstrdup(list, GFP_KERNEL);
	if (!copy)
		return;

	cursor = copy;
	while ((entry = strsep(&cursor, ",")) != NULL) {
		entry = strim(entry);
		if (*entry == '\0')
			continue;

		if (ks_parse_boot_entry(entry, &cmd, &err)) {
			pr_err("%s: skipping '%s': %s\n", param, err.token,
			       err.reason);
			continue;
		}
		ret = ks_apply_batch(&cmd, 1);
		if (ret)
			pr_err("%s: skipping %s: error %d\n", param,
			       cmd.symbol, ret);
	}
	kfree(copy);
}

static int __init ks_init(void)
{
	int ret;

	ret = ks_fs_init();
	if (ret)
		return ret;

	ret = ks_history_init();
	if (ret)
		goto out_fs;

	ret = ks_modnotify_init();
	if (ret)
		goto out_history;

	/* Guard rules first, so that they apply to engage= as well. */
	if (ks_boot_guard && *ks_boot_guard)
		ks_apply_boot_guards(ks_boot_guard);
	if (ks_boot_engage && *ks_boot_engage)
		ks_apply_boot_list("engage=", ks_boot_engage);
#ifndef MODULE
	if (ks_boot_setup && *ks_boot_setup)
		ks_apply_boot_list("killswitch=", ks_boot_setup);
#endif

	pr_info("loaded; control: /sys/kernel/security/killswitch/control\n");
	return 0;

out_history:
	ks_history_exit();
out_fs:
	ks_fs_exit();
	return ret;
}

static void __exit ks_exit(void)
{
	/* No control write can run: an open file pins this module. */
	ks_drop_all();
	ks_ftrace_exit();
	ks_modnotify_exit();
	ks_module_track_exit();
	ks_history_exit();
	ks_guard_exit();
	ks_fs_exit();
	pr_info("unloaded\n");
}

ks_initcall(ks_init);
module_exit(ks_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Make chosen kernel functions return a fixed value, as a temporary mitigation");
