// SPDX-License-Identifier: GPL-2.0
/*
 * The ftrace path: one ftrace_ops, ks_ops, for every engagement whose
 * target starts with an ftrace call site, which is nearly every kernel
 * function.
 *
 * Arming or disarming any number of targets changes ks_ops' filter with
 * one ftrace_set_filter_ips() call, so kernel text is patched and the
 * CPUs synchronised once per control write, not once per target as with
 * one kprobe each. The handler finds the engagement of a call in an
 * RCU-protected table keyed by the call site's address.
 *
 * ks_ops has FTRACE_OPS_FL_IPMODIFY, like the kprobe layer's ftrace_ops
 * for probes with a post-handler. ftrace lets only one IPMODIFY user own a
 * function, so an engagement and a livepatch on the same function reject
 * each other with -EBUSY instead of both redirecting it.
 */
#define pr_fmt(fmt) "killswitch: " fmt

#include <linux/ftrace.h>
#include <linux/hashtable.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "killswitch.h"

/* Engagements armed on ks_ops, by call site; writers hold ks_mutex. */
static DEFINE_HASHTABLE(ks_ip_table, 10);

/*
 * Engagements armed on ks_ops, and whether it is registered; under
 * ks_mutex. ks_ops is unregistered when the last engagement goes: an
 * ftrace_ops with an empty filter would trace every function.
 */
static unsigned int ks_ops_armed;
static bool ks_ops_registered;

static struct ftrace_ops ks_ops = {
	.func = ks_ftrace_handler,
	.flags = FTRACE_OPS_FL_IPMODIFY,
};

/* Never registered: setting its filter only checks addresses for call sites. */
static struct ftrace_ops ks_site_ops = {
	.func = ks_ftrace_handler,
};

/**
 * ks_ftrace_site - whether an address is the ftrace call site of a function
 * @ip: the address
 *
 * ftrace takes into a filter exactly the addresses it can trace, and since
 * ks_site_ops is never registered, setting its filter patches no code.
 *
 * Context: ks_mutex held.
 */
bool ks_ftrace_site(unsigned long ip)
{
	lockdep_assert_held(&ks_mutex);
	return ftrace_set_filter_ips(&ks_site_ops, &ip, 1, 0, 1) == 0;
}

/**
 * ks_ftrace_find - the engagement armed on a call site
 * @ip: the ftrace call site
 *
 * Context: preemption disabled (ks_ftrace_handler()).
 * Return: the engagement, or NULL while it is being armed or disarmed.
 */
notrace struct ks_engagement *ks_ftrace_find(unsigned long ip)
{
	struct ks_engagement *e;

	hash_for_each_possible_rcu_notrace(ks_ip_table, e, ip_node, ip) {
		if (e->ip == ip)
			return e;
	}
	return NULL;
}
NOKPROBE_SYMBOL(ks_ftrace_find);

/* The call sites of the engagements on @batch, or NULL without memory. */
static unsigned long *ks_batch_ips(struct list_head *batch, unsigned int count)
{
	struct ks_engagement *e;
	unsigned long *ips;
	unsigned int i = 0;

	ips = kmalloc_array(count, sizeof(*ips), GFP_KERNEL);
	if (!ips)
		return NULL;
	list_for_each_entry(e, batch, batch)
		ips[i++] = e->ip;
	return ips;
}

/**
 * ks_ftrace_arm - send the calls of a batch of targets to the handler
 * @batch: engagements linked through ->batch, each with ->ip set
 * @count: their number
 *
 * One filter update for the whole batch, or when ks_ops is not
 * registered yet, one registration. Either all targets are armed or none:
 * ftrace builds the new filter aside and installs it only on success.
 *
 * Context: ks_mutex held.
 * Return: 0, -ENOMEM, or ftrace's error: -EBUSY when another IPMODIFY
 * user (a livepatch) owns one of the functions.
 */
int ks_ftrace_arm(struct list_head *batch, unsigned int count)
{
	struct ks_engagement *e;
	unsigned long *ips;
	int ret;

	lockdep_assert_held(&ks_mutex);
	if (!count)
		return 0;
	ips = ks_batch_ips(batch, count);
	if (!ips)
		return -ENOMEM;

	/*
	 * While ks_ops is unregistered, reset the filter: it may still hold
	 * addresses that a failed removal left behind.
	 */
	ret = ftrace_set_filter_ips(&ks_ops, ips, count, 0, !ks_ops_registered);
	if (!ret && !ks_ops_registered) {
		ret = register_ftrace_function(&ks_ops);
		if (ret)
			ftrace_set_filter_ips(&ks_ops, ips, count, 1, 0);
		else
			ks_ops_registered = true;
	}
	kfree(ips);
	if (ret)
		return ret;

	/* From here the handler finds them; until now their bodies ran. */
	list_for_each_entry(e, batch, batch)
		hash_add_rcu(ks_ip_table, &e->ip_node, e->ip);
	ks_ops_armed += count;
	return 0;
}

/**
 * ks_ftrace_disarm - let a batch of targets run their bodies again
 * @batch: armed engagements linked through ->batch
 * @count: their number
 *
 * Takes them out of the table first, so a call that still reaches the
 * handler runs the body, then out of the filter with one update (or
 * unregisters ks_ops when they were the last). Returns after an RCU grace
 * period: no handler uses them any more and they can be freed. A CPU that
 * the handler sent to ks_return_stub() may still be on its way there.
 * That is safe while killswitch.ko is loaded, because
 * unregister_ftrace_function() waits for such tasks, so the last disarm
 * before unload covers them.
 *
 * Context: ks_mutex held; sleeps.
 */
void ks_ftrace_disarm(struct list_head *batch, unsigned int count)
{
	struct ks_engagement *e;
	unsigned long *ips;
	int ret = 0;

	lockdep_assert_held(&ks_mutex);
	if (!count)
		return;

	list_for_each_entry(e, batch, batch)
		hash_del_rcu(&e->ip_node);

	ks_ops_armed -= min(count, ks_ops_armed);
	if (!ks_ops_armed) {
		ret = unregister_ftrace_function(&ks_ops);
		if (!ret)
			ks_ops_registered = false;
	} else {
		ips = ks_batch_ips(batch, count);
		if (ips) {
			ret = ftrace_set_filter_ips(&ks_ops, ips, count, 1, 0);
			kfree(ips);
		} else {
			ret = -ENOMEM;
		}
	}
	/*
	 * The targets are out of the table, so a filter entry left behind
	 * only costs their calls a trip through the handler. It goes at the
	 * next registration, which resets the filter.
	 */
	if (ret)
		pr_warn("ftrace filter update failed with error %d; the disarmed functions run their bodies\n",
			ret);

	synchronize_rcu();
}

/* Free the filters; killswitch.ko unloads and nothing is armed. */
void ks_ftrace_exit(void)
{
	ftrace_free_filter(&ks_site_ops);
	ftrace_free_filter(&ks_ops);
}
