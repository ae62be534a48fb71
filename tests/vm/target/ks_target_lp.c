// SPDX-License-Identifier: GPL-2.0
/*
 * ks_target_lp - a livepatch of ks_target.ko for the killswitch fault suite
 *
 * It replaces ks_target_int(), which returns 7, with a function that
 * returns 70. Livepatch and an engagement both redirect a function through
 * an ftrace handler that modifies the instruction pointer (IPMODIFY), which
 * ftrace grants to one user per function, so each must reject the other.
 *
 * Loading it enables the patch; disable it through
 * /sys/kernel/livepatch/ks_target_lp/enabled before unloading it.
 */
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>

static noinline int ks_target_lp_int(void)
{
	return 70;
}

static struct klp_func ks_target_lp_funcs[] = {
	{
		.old_name = "ks_target_int",
		.new_func = ks_target_lp_int,
	},
	{ }
};

static struct klp_object ks_target_lp_objs[] = {
	{
		.name = "ks_target",
		.funcs = ks_target_lp_funcs,
	},
	{ }
};

static struct klp_patch ks_target_lp_patch = {
	.mod = THIS_MODULE,
	.objs = ks_target_lp_objs,
};

static int __init ks_target_lp_init(void)
{
	return klp_enable_patch(&ks_target_lp_patch);
}

static void __exit ks_target_lp_exit(void)
{
}

module_init(ks_target_lp_init);
module_exit(ks_target_lp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Livepatch of ks_target_int for the killswitch fault suite");
MODULE_INFO(livepatch, "Y");
