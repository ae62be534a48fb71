// SPDX-License-Identifier: GPL-2.0
/*
 * The direct path: engagements on ftrace call sites reach ks_direct_stub()
 * with an ftrace direct call, so a blocked call costs one extra call and a
 * table probe. The stub finds the engagement in ks_sites, keyed by the
 * return address that the call site pushes.
 *
 * Each arming creates one direct ftrace_ops per module that owns targets
 * in the batch (vmlinux counts as one): registering it patches all its call
 * sites at once. A direct ftrace_ops cannot lose a call site while
 * registered. So a disengaged target stays parked in its ftrace_ops, with
 * a slot that lets the body run, until the last target of that ftrace_ops
 * goes and it is unregistered. Engaging a parked target again only fills
 * its slot. Since all targets of one ftrace_ops belong to one module, a
 * module that unloads takes its ftrace_ops with it: none keeps the call
 * site of freed code.
 *
 * Direct ftrace_ops are exclusive with IPMODIFY users such as livepatch
 * (ftrace refuses either with -EBUSY when the other is there), and share
 * a function with the function tracer, kprobes and BPF programs through
 * ftrace's trampoline.
 */
#define pr_fmt(fmt) "killswitch: " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/ftrace.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>

#include "killswitch.h"
#include "ks_site.h"

/* Length of the ftrace call site; the stub's key is the site plus this. */
#define KS_CALL_LEN 5

/*
 * Off by module parameter to use the shared IPMODIFY ftrace_ops instead,
 * the path a batch also takes when ks_sites is full.
 */
static bool ks_direct_on = true;
module_param_named(direct, ks_direct_on, bool, 0444);
MODULE_PARM_DESC(direct, "Use ftrace direct calls for engagements (default on)");

/**
 * struct ks_dops - a direct ftrace_ops and the call sites in its filter
 * @ops: registered with ks_direct_stub as its direct address
 * @node: entry in ks_dops_list
 * @live: its slots that have an engagement
 * @sites: its slots, armed or parked
 * @module: the module that owns all its targets, or "vmlinux"
 */
struct ks_dops {
	struct ftrace_ops ops;
	struct list_head node;
	unsigned int live;
	unsigned int sites;
	char module[MODULE_NAME_LEN];
};

/* Read by ks_direct_stub; written under ks_mutex. */
struct ks_site ks_sites[KS_SITES] __aligned(1 << KS_SITE_SHIFT);

static LIST_HEAD(ks_dops_list);

/*
 * Slots with a call site, and slots of call sites that went; under
 * ks_mutex. The stub ends a probe for an unknown key only at a free slot,
 * so arming keeps a quarter of the slots free, and the removed ones are
 * freed again once no call site is left.
 */
static unsigned int ks_sites_used;
static unsigned int ks_sites_removed;

static_assert(sizeof(struct ks_site) == 1 << KS_SITE_SHIFT);
static_assert(offsetof(struct ks_site, key) == KS_SITE_KEY);
static_assert(offsetof(struct ks_site, retval) == KS_SITE_RETVAL);
static_assert(offsetof(struct ks_site, fast_key) == KS_SITE_FAST_KEY);
static_assert(offsetof(struct ks_site, counters) == KS_SITE_COUNTERS);
static_assert(offsetof(struct ks_site, e) == KS_SITE_ENGAGEMENT);
static_assert(offsetof(struct ks_site, scope) == KS_SITE_SCOPE);
static_assert(offsetof(struct ks_counters, hits) == 0);
static_assert(offsetof(struct ks_counters, passed) == KS_COUNTERS_PASSED);

#ifdef KS_STUB_SCOPE
const struct ks_stub_creds ks_stub_creds = {
	.task_cred = offsetof(struct task_struct, cred),
	.user_ns = offsetof(struct cred, user_ns),
	.cap_effective = offsetof(struct cred, cap_effective),
	.init_user_ns = &init_user_ns,
};

static_assert(offsetof(struct ks_stub_creds, task_cred) == KS_CREDS_TASK_CRED);
static_assert(offsetof(struct ks_stub_creds, user_ns) == KS_CREDS_USER_NS);
static_assert(offsetof(struct ks_stub_creds, cap_effective) == KS_CREDS_CAP_EFFECTIVE);
static_assert(offsetof(struct ks_stub_creds, init_user_ns) == KS_CREDS_INIT_USER_NS);
static_assert(KS_NOT_TASK_MASK == (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET));
static_assert(KS_CAP_SYS_ADMIN == CAP_SYS_ADMIN);
static_assert(KS_SCOPE_USERNS == KS_SCOPE_USERNS_VALUE);
#ifdef KS_PCPU_HOT
static_assert(offsetof(struct pcpu_hot, current_task) == 0);
static_assert(offsetof(struct pcpu_hot, preempt_count) == 8);
#endif
#endif /* KS_STUB_SCOPE */

NOKPROBE_SYMBOL(ks_direct_stub);

/* The fast key of @site for @e: its key when the stub may block every call without C. */
static unsigned long ks_site_fast_key(const struct ks_site *site,
				      const struct ks_engagement *e)
{
	if (READ_ONCE(e->mode) == KS_MODE_ENGAGE &&
	    READ_ONCE(e->scope) == KS_SCOPE_ALL)
		return site->key;
	return 0;
}

/* The scope the stub decides for @e without C, or 0 to call C. */
static unsigned long ks_site_scope(const struct ks_engagement *e)
{
#ifdef KS_STUB_SCOPE
	if (READ_ONCE(e->mode) == KS_MODE_ENGAGE)
		return READ_ONCE(e->scope);
#endif
	return 0;
}

/**
 * ks_direct_sync - publish an engagement's new mode, scope or value
 * @e: the engagement, on the direct path or not
 *
 * Context: ks_mutex held.
 */
void ks_direct_sync(struct ks_engagement *e)
{
	struct ks_site *site = e->site;

	lockdep_assert_held(&ks_mutex);
	if (!site)
		return;
	WRITE_ONCE(site->retval, READ_ONCE(e->retval));
	WRITE_ONCE(site->scope, ks_site_scope(e));
	WRITE_ONCE(site->fast_key, ks_site_fast_key(site, e));
}

/* The slot of a call site, or NULL. Context: ks_mutex held. */
static struct ks_site *ks_site_find(unsigned long key)
{
	unsigned int i = (key >> 4) & (KS_SITES - 1);
	unsigned int n;

	for (n = 0; n < KS_SITES; n++, i = (i + 1) & (KS_SITES - 1)) {
		if (ks_sites[i].key == key)
			return &ks_sites[i];
		if (ks_sites[i].key == KS_SITE_FREE)
			return NULL;
	}
	return NULL;
}

/*
 * Take a slot for a new call site, parked until ks_site_fill(). The key
 * is published last, so the stub never reads a half-made slot.
 */
static void ks_site_take(unsigned long key, struct ks_dops *dops)
{
	unsigned int i = (key >> 4) & (KS_SITES - 1);
	unsigned int n;

	for (n = 0; n < KS_SITES; n++, i = (i + 1) & (KS_SITES - 1)) {
		struct ks_site *site = &ks_sites[i];

		if (site->key != KS_SITE_FREE && site->key != KS_SITE_REMOVED)
			continue;
		if (site->key == KS_SITE_REMOVED)
			ks_sites_removed--;
		site->e = NULL;
		site->fast_key = 0;
		site->scope = 0;
		site->dops = dops;
		/* The stub reads the key first: publish the slot's fields before it. */
		smp_wmb();
		WRITE_ONCE(site->key, key);
		ks_sites_used++;
		dops->sites++;
		return;
	}
}

/* Arm a slot for @e: counters and value first, then what makes it block. */
static void ks_site_fill(struct ks_site *site, struct ks_engagement *e)
{
	WRITE_ONCE(site->counters, e->counters);
	WRITE_ONCE(site->retval, READ_ONCE(e->retval));
	/* A stub that reads the fast key or @e must read these counters and value. */
	smp_wmb();
	WRITE_ONCE(site->e, e);
	WRITE_ONCE(site->scope, ks_site_scope(e));
	WRITE_ONCE(site->fast_key, ks_site_fast_key(site, e));
	site->dops->live++;
	e->site = site;
}

/* Park a slot: the stub lets the body run from now on. */
static void ks_site_park(struct ks_site *site)
{
	WRITE_ONCE(site->fast_key, 0);
	WRITE_ONCE(site->scope, 0);
	WRITE_ONCE(site->e, NULL);
	site->dops->live--;
}

/*
 * Remove the slots of an ftrace_ops that is unregistered or was never
 * registered, and free it. Once no call site is left, no stub can be
 * probing the table (unregistering waited for that), so the removed slots
 * become free.
 */
static void ks_dops_free(struct ks_dops *dops)
{
	unsigned int i;

	for (i = 0; i < KS_SITES; i++) {
		if (ks_sites[i].dops != dops)
			continue;
		WRITE_ONCE(ks_sites[i].key, KS_SITE_REMOVED);
		ks_sites[i].dops = NULL;
		ks_sites_used--;
		ks_sites_removed++;
	}
	if (!ks_sites_used) {
		for (i = 0; i < KS_SITES; i++)
			WRITE_ONCE(ks_sites[i].key, KS_SITE_FREE);
		ks_sites_removed = 0;
	}
	list_del(&dops->node);
	kfree(dops);
}

static int ks_dops_register(struct ks_dops *dops)
{
#ifdef KS_FTRACE_DIRECT_MULTI
	return register_ftrace_direct_multi(&dops->ops, (unsigned long)ks_direct_stub);
#else
	return register_ftrace_direct(&dops->ops, (unsigned long)ks_direct_stub);
#endif
}

/*
 * Unregister a direct ftrace_ops. ftrace waits until no task can still
 * be on the way into the stub from its call sites (RCU tasks).
 */
static void ks_dops_unregister(struct ks_dops *dops)
{
	int ret;

#ifdef KS_FTRACE_DIRECT_MULTI
	ret = unregister_ftrace_direct_multi(&dops->ops, (unsigned long)ks_direct_stub);
	ftrace_free_filter(&dops->ops);
#else
	ret = unregister_ftrace_direct(&dops->ops, (unsigned long)ks_direct_stub, true);
#endif
	if (ret)
		pr_warn("unregistering a direct ftrace_ops failed with error %d\n", ret);
}

/*
 * Register one direct ftrace_ops for the engagements on @group, all owned
 * by one module. Each gets a parked slot before the registration, so the
 * stub finds every call site it is called from. On failure nothing stays.
 */
static int ks_dops_create(struct list_head *group, unsigned int count)
{
	struct ks_engagement *e;
	struct ks_dops *dops;
	unsigned long *ips;
	unsigned int i = 0;
	int ret;

	dops = kzalloc(sizeof(*dops), GFP_KERNEL);
	ips = kmalloc_array(count, sizeof(*ips), GFP_KERNEL);
	if (!dops || !ips) {
		kfree(dops);
		kfree(ips);
		return -ENOMEM;
	}
	list_for_each_entry(e, group, batch)
		ips[i++] = e->ip;
	e = list_first_entry(group, struct ks_engagement, batch);
	strscpy(dops->module, e->module, sizeof(dops->module));

	ret = ftrace_set_filter_ips(&dops->ops, ips, count, 0, 1);
	kfree(ips);
	if (ret) {
		ftrace_free_filter(&dops->ops);
		kfree(dops);
		return ret;
	}
	list_add_tail(&dops->node, &ks_dops_list);
	list_for_each_entry(e, group, batch)
		ks_site_take(e->ip + KS_CALL_LEN, dops);

	ret = ks_dops_register(dops);
	if (ret) {
		ftrace_free_filter(&dops->ops);
		ks_dops_free(dops);
	}
	return ret;
}

/* Unregister and free the ftrace_ops that have no engagement left. */
static void ks_dops_reap(void)
{
	struct ks_dops *dops, *tmp;

	list_for_each_entry_safe(dops, tmp, &ks_dops_list, node) {
		if (dops->live)
			continue;
		ks_dops_unregister(dops);
		ks_dops_free(dops);
	}
}

/**
 * ks_direct_arm - arm a batch of targets on the direct path
 * @batch: engagements on ftrace call sites, linked through ->batch
 * @count: their number
 *
 * Parked call sites get their slot filled; the others get one new direct
 * ftrace_ops per owning module. All or none: on failure the ftrace_ops
 * made here are unregistered again.
 *
 * Context: ks_mutex held.
 * Return: 0, or -EOPNOTSUPP when the direct path is off. -ENOSPC when
 * ks_sites has no room, so the caller uses the shared ftrace_ops.
 * ftrace's error, such as -EBUSY when another IPMODIFY or direct user
 * owns a function. -ENOMEM.
 */
int ks_direct_arm(struct list_head *batch, unsigned int count)
{
	struct ks_engagement *e, *tmp, *first;
	LIST_HEAD(fresh);
	LIST_HEAD(group);
	LIST_HEAD(done);
	unsigned int n, fresh_count = 0;
	int ret = 0;

	lockdep_assert_held(&ks_mutex);
	if (!ks_direct_on)
		return -EOPNOTSUPP;

	list_for_each_entry(e, batch, batch) {
		struct ks_site *site = ks_site_find(e->ip + KS_CALL_LEN);

		e->site = NULL;
		if (site && site->e)
			return -EBUSY;
		if (!site)
			fresh_count++;
	}
	/* Keep a quarter free, so that a probe stays short and ends. */
	if (ks_sites_used + ks_sites_removed + fresh_count > KS_SITES - KS_SITES / 4)
		return -ENOSPC;

	/* New call sites, one ftrace_ops per owning module. */
	list_for_each_entry_safe(e, tmp, batch, batch) {
		if (!ks_site_find(e->ip + KS_CALL_LEN))
			list_move_tail(&e->batch, &fresh);
	}
	while (!list_empty(&fresh)) {
		first = list_first_entry(&fresh, struct ks_engagement, batch);
		n = 0;
		list_for_each_entry_safe(e, tmp, &fresh, batch) {
			if (strcmp(e->module, first->module) == 0) {
				list_move_tail(&e->batch, &group);
				n++;
			}
		}
		ret = ks_dops_create(&group, n);
		list_splice_tail_init(&group, &done);
		if (ret)
			break;
	}
	list_splice_tail_init(&fresh, &done);
	list_splice_tail_init(&done, batch);

	if (ret) {
		/* The ftrace_ops made here have only parked slots. */
		ks_dops_reap();
		return ret;
	}

	list_for_each_entry(e, batch, batch)
		ks_site_fill(ks_site_find(e->ip + KS_CALL_LEN), e);
	return 0;
}

/**
 * ks_direct_disarm - let a batch of direct targets run their bodies again
 * @batch: engagements armed by ks_direct_arm(), linked through ->batch
 *
 * Parks their slots, waits until no CPU can still use them (RCU for the
 * C part, RCU tasks for a task preempted inside the stub), then
 * unregisters the ftrace_ops left without engagement, which also waits
 * for both.
 *
 * Context: ks_mutex held; sleeps.
 */
void ks_direct_disarm(struct list_head *batch)
{
	struct ks_engagement *e;

	bool parked = false;

	lockdep_assert_held(&ks_mutex);
	if (list_empty(batch))
		return;
	list_for_each_entry(e, batch, batch)
		ks_site_park(e->site);
	list_for_each_entry(e, batch, batch) {
		parked |= e->site->dops->live > 0;
		e->site = NULL;
	}
	/*
	 * Unregistering an ftrace_ops waits the same way, so the wait is
	 * only needed when a call site stays parked in a live ftrace_ops.
	 */
	if (parked) {
		synchronize_rcu();
		synchronize_rcu_tasks();
	}
	ks_dops_reap();
}
