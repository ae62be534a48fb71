// SPDX-License-Identifier: GPL-2.0
/*
 * killswitch: make a chosen kernel function return a fixed value without
 * running its body, as a temporary mitigation until a fixed kernel runs.
 *
 * Module entry and exit, and the engage= module parameter, which also
 * works on the kernel command line as killswitch.engage=.
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
 * Apply the engage= list. Each entry is its own transaction, so a bad
 * entry is logged and skipped while the good ones still apply.
 */
static void __init ks_apply_boot_list(char *list)
{
	struct ks_parse_error err = { 0 };
	struct ks_cmd cmd;
	char *copy, *cursor, *entry;
	int ret;

	ret = security_locked_down(KS_LOCKDOWN_REASON);
	if (ret) {
		pr_err("engage=: kernel is locked down, nothing engaged (error %d)\n",
		       ret);
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
			pr_err("engage=: skipping '%s': %s\n", err.token,
			       err.reason);
			continue;
		}
		ret = ks_apply_batch(&cmd, 1);
		if (ret)
			pr_err("engage=: skipping %s: error %d\n", cmd.symbol,
			       ret);
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
		ks_apply_boot_list(ks_boot_engage);

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

module_init(ks_init);
module_exit(ks_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Make chosen kernel functions return a fixed value, as a temporary mitigation");
