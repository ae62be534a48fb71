// SPDX-License-Identifier: GPL-2.0
/*
 * Module notifier: arm pending engagements when their module loads, before
 * its init function runs, and disarm or drop engagements whose module
 * unloads, before its code is freed.
 */
#define pr_fmt(fmt) "killswitch: " fmt

#include <linux/module.h>
#include <linux/notifier.h>

#include "killswitch.h"

static int ks_module_notify(struct notifier_block *nb, unsigned long action,
			    void *data)
{
	struct module *mod = data;

	if (action == MODULE_STATE_COMING)
		ks_module_coming(mod->name);
	else if (action == MODULE_STATE_GOING)
		ks_module_going(mod->name);
	else if (action == MODULE_STATE_LIVE)
		ks_module_live(mod->name);
	return NOTIFY_OK;
}

static struct notifier_block ks_module_nb = {
	.notifier_call = ks_module_notify,
};

int ks_modnotify_init(void)
{
	return register_module_notifier(&ks_module_nb);
}

void ks_modnotify_exit(void)
{
	unregister_module_notifier(&ks_module_nb);
}
