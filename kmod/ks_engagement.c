// SPDX-License-Identifier: GPL-2.0
/*
 * Engagement lifecycle: create, arm, commit a tryengage window, disengage,
 * drop when the target's module unloads.
 *
 * A write to the control file is one transaction. Every line is checked
 * against the state before the write, and every new engagement is
 * registered disarmed. Only when all of them are ready are they armed and
 * published, so a failure before that point undoes the whole write.
 */
#define pr_fmt(fmt) "killswitch: " fmt

#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "killswitch.h"

/* Both are documented in killswitch.h. */
DEFINE_MUTEX(ks_mutex);
LIST_HEAD(ks_engagements);

/*
 * Test hook: make the Nth preparation step (allocation, kprobe
 * registration, securityfs, arming: in that order per new engagement) of
 * the next control write fail with -ENOMEM, then reset to 0 (off). The
 * bench uses it to prove that a failure midway through a write leaves
 * nothing applied; it can only make writes fail.
 */
static unsigned int ks_fail_nth;
module_param_named(fail_nth, ks_fail_nth, uint, 0600);
MODULE_PARM_DESC(fail_nth, "Testing only: fail the Nth step of the next control write");

/* Count one preparation step of the current write; true if it must fail. */
static bool ks_inject_failure(unsigned int *step)
{
	unsigned int nth = READ_ONCE(ks_fail_nth);

	(*step)++;
	if (!nth || *step != nth)
		return false;

	WRITE_ONCE(ks_fail_nth, 0);
	pr_notice("fail_nth: failing step %u of this write with -ENOMEM\n", nth);
	return true;
}

const char *ks_state_name(int state)
{
	return state == KS_STATE_ENGAGED ? "engaged" : "probing";
}

/**
 * ks_hits - sum an engagement's per-CPU hit counters
 * @e: the engagement
 *
 * The sum can miss calls that are running on other CPUs right now.
 */
u64 ks_hits(const struct ks_engagement *e)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(e->hits, cpu));
	return sum;
}

/**
 * ks_find - look an engagement up by symbol
 * @symbol: the target's name
 *
 * Context: ks_mutex held.
 * Return: the engagement, or NULL.
 */
struct ks_engagement *ks_find(const char *symbol)
{
	struct ks_engagement *e;

	lockdep_assert_held(&ks_mutex);
	list_for_each_entry(e, &ks_engagements, node) {
		if (strcmp(e->symbol, symbol) == 0)
			return e;
	}
	return NULL;
}

static void ks_free(struct ks_engagement *e)
{
	free_percpu(e->hits);
	kfree(e->symbol);
	kfree(e);
}

static void ks_try_work_fn(struct work_struct *work);

static struct ks_engagement *ks_alloc(const struct ks_cmd *cmd,
				      const struct ks_actor *actor)
{
	struct ks_engagement *e;

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return NULL;
	e->symbol = kstrdup(cmd->symbol, GFP_KERNEL);
	e->hits = alloc_percpu(u64);
	if (!e->symbol || !e->hits) {
		ks_free(e);
		return NULL;
	}

	INIT_LIST_HEAD(&e->node);
	e->retval = cmd->retval;
	e->state = cmd->op == KS_OP_TRYENGAGE ? KS_STATE_PROBING
					      : KS_STATE_ENGAGED;
	e->seconds = cmd->seconds;
	e->requester = *actor;
	INIT_DELAYED_WORK(&e->try_work, ks_try_work_fn);

	e->kp.symbol_name = e->symbol;
	e->kp.pre_handler = ks_pre_handler;
	e->kp.post_handler = ks_post_handler;
	/* Registered disarmed: nothing changes until the whole write is ready. */
	e->kp.flags = KPROBE_FLAG_DISABLED;
	return e;
}

/*
 * Record the module that owns the target, or "vmlinux". The kernel exports
 * no address-to-module lookup to modules, but sprint_symbol() prints the
 * owner as "name+off/size [module]".
 */
static int ks_record_owner(struct ks_engagement *e)
{
	char *sym, *open, *close;

	sym = kmalloc(KSYM_SYMBOL_LEN, GFP_KERNEL);
	if (!sym)
		return -ENOMEM;
	sprint_symbol(sym, (unsigned long)e->kp.addr);

	open = strrchr(sym, '[');
	close = open ? strchr(open, ']') : NULL;
	if (open && close) {
		*close = '\0';
		strscpy(e->module, open + 1, sizeof(e->module));
	} else {
		strscpy(e->module, "vmlinux", sizeof(e->module));
	}
	kfree(sym);
	return 0;
}

/* Register the kprobe disarmed; on failure e->kp.addr is NULL. */
static int ks_register(struct ks_engagement *e)
{
	int ret;

	ret = register_kprobe(&e->kp);
	if (ret) {
		e->kp.addr = NULL;
		return ret;
	}

	ret = ks_record_owner(e);
	if (ret) {
		unregister_kprobe(&e->kp);
		e->kp.addr = NULL;
	}
	return ret;
}

/*
 * Take an engagement out of the list and out of securityfs. Open files of
 * it fail from now on. The caller destroys it after dropping ks_mutex.
 */
static void ks_unlink(struct ks_engagement *e, struct list_head *doomed)
{
	lockdep_assert_held(&ks_mutex);
	ks_fs_remove(e);
	e->unlinked = true;
	list_move_tail(&e->node, doomed);
}

/*
 * Unregister and free unlinked engagements. unregister_kprobe() waits until
 * no CPU runs the handler any more, so freeing afterwards is safe. Called
 * without ks_mutex because the tryengage work takes it.
 */
static void ks_destroy_list(struct list_head *doomed, const char *event,
			    const struct ks_actor *actor)
{
	struct ks_engagement *e, *tmp;

	list_for_each_entry_safe(e, tmp, doomed, node) {
		cancel_delayed_work_sync(&e->try_work);
		unregister_kprobe(&e->kp);

		/* A disengage inside the tryengage window cancels it. */
		if (e->state == KS_STATE_PROBING && strcmp(event, "disengage") == 0)
			ks_log("cancel", e, actor, true);
		else
			ks_log(event, e, actor, true);

		list_del(&e->node);
		ks_free(e);
	}
}

/* End of a tryengage window: commit if no call was seen, drop otherwise. */
static void ks_try_work_fn(struct work_struct *work)
{
	struct ks_engagement *e = container_of(to_delayed_work(work),
					       struct ks_engagement, try_work);

	mutex_lock(&ks_mutex);

	/* Disengaged or dropped meanwhile: the code that unlinked it frees it. */
	if (e->unlinked) {
		mutex_unlock(&ks_mutex);
		return;
	}

	if (ks_hits(e) == 0) {
		WRITE_ONCE(e->state, KS_STATE_ENGAGED);
		ks_log("commit", e, &e->requester, true);
		mutex_unlock(&ks_mutex);
		return;
	}

	ks_fs_remove(e);
	e->unlinked = true;
	list_del_init(&e->node);
	mutex_unlock(&ks_mutex);

	/* Not through ks_destroy_list(): it would wait for this very work. */
	unregister_kprobe(&e->kp);
	ks_log("abort", e, &e->requester, true);
	ks_free(e);
}

/* Check one line against the state before the write. */
static int ks_check_cmd(const struct ks_cmd *cmd)
{
	switch (cmd->op) {
	case KS_OP_ENGAGE:
	case KS_OP_TRYENGAGE:
		return ks_find(cmd->symbol) ? -EBUSY : 0;
	case KS_OP_DISENGAGE:
		return ks_find(cmd->symbol) ? 0 : -ENOENT;
	case KS_OP_DISENGAGE_ALL:
		return 0;
	}
	return -EINVAL;
}

static void ks_report(const struct ks_cmd *cmd, const char *what, int err)
{
	pr_notice("control: line %u: %s %s: %s (error %d)\n", cmd->line,
		  ks_op_name(cmd->op), cmd->symbol ? cmd->symbol : "", what, err);
}

/* Undo ks_prepare_all(): unregister and free every engagement on @fresh. */
static void ks_rollback(struct list_head *fresh)
{
	struct ks_engagement *e, *tmp;

	list_for_each_entry_safe(e, tmp, fresh, node) {
		ks_fs_remove(e);
		if (e->kp.addr)
			unregister_kprobe(&e->kp);
		list_del(&e->node);
		ks_free(e);
	}
}

/* Create, register disarmed and expose every new engagement of the write. */
static int ks_prepare_all(const struct ks_cmd *cmds, unsigned int count,
			  const struct ks_actor *actor, struct list_head *fresh,
			  unsigned int *step)
{
	struct ks_engagement *e;
	unsigned int i;
	int ret;

	for (i = 0; i < count; i++) {
		const struct ks_cmd *cmd = &cmds[i];

		if (cmd->op != KS_OP_ENGAGE && cmd->op != KS_OP_TRYENGAGE)
			continue;

		e = ks_inject_failure(step) ? NULL : ks_alloc(cmd, actor);
		if (!e) {
			ks_report(cmd, "allocation", -ENOMEM);
			return -ENOMEM;
		}
		list_add_tail(&e->node, fresh);

		ret = ks_inject_failure(step) ? -ENOMEM : ks_register(e);
		if (ret) {
			e->kp.addr = NULL;
			ks_report(cmd, "kprobe registration", ret);
			return ret;
		}

		ret = ks_inject_failure(step) ? -ENOMEM : ks_fs_add(e);
		if (ret) {
			ks_report(cmd, "securityfs", ret);
			return ret;
		}
	}
	return 0;
}

/* Arm every new engagement, or none. */
static int ks_arm_all(struct list_head *fresh, unsigned int *step)
{
	struct ks_engagement *e, *failed;
	int ret;

	list_for_each_entry(e, fresh, node) {
		ret = ks_inject_failure(step) ? -ENOMEM : enable_kprobe(&e->kp);
		if (ret) {
			pr_notice("control: arming %s failed with error %d\n",
				  e->symbol, ret);
			failed = e;
			goto disarm;
		}
	}
	return 0;

disarm:
	list_for_each_entry(e, fresh, node) {
		if (e == failed)
			break;
		disable_kprobe(&e->kp);
	}
	return ret;
}

/**
 * ks_apply_batch - apply one write to the control file, all or nothing
 * @cmds: the parsed commands; each symbol appears at most once
 * @count: number of commands
 *
 * Lines are checked against the engagements that existed before the
 * write, so disengage_all never removes an engagement the same write adds.
 *
 * Return: 0, or the first error: -EBUSY (already engaged), -ENOENT (not
 * engaged, or unknown symbol), the kprobe layer's error for a target it
 * rejects, -ENOMEM. Nothing of the write is applied on error.
 */
int ks_apply_batch(const struct ks_cmd *cmds, unsigned int count)
{
	struct ks_engagement *e, *tmp;
	struct ks_actor actor;
	LIST_HEAD(fresh);
	LIST_HEAD(doomed);
	unsigned int step = 0;
	unsigned int i;
	int ret;

	ks_actor_current(&actor);
	mutex_lock(&ks_mutex);

	for (i = 0; i < count; i++) {
		ret = ks_check_cmd(&cmds[i]);
		if (ret) {
			ks_report(&cmds[i], ret == -EBUSY ? "already engaged" : "not engaged", ret);
			goto out_unlock;
		}
	}

	ret = ks_prepare_all(cmds, count, &actor, &fresh, &step);
	if (ret)
		goto out_rollback;
	ret = ks_arm_all(&fresh, &step);
	if (ret)
		goto out_rollback;

	/* From here on nothing can fail. */
	for (i = 0; i < count; i++) {
		if (cmds[i].op == KS_OP_DISENGAGE) {
			ks_unlink(ks_find(cmds[i].symbol), &doomed);
		} else if (cmds[i].op == KS_OP_DISENGAGE_ALL) {
			list_for_each_entry_safe(e, tmp, &ks_engagements, node)
				ks_unlink(e, &doomed);
		}
	}

	list_for_each_entry(e, &fresh, node) {
		if (e->state == KS_STATE_PROBING) {
			ks_log("tryengage", e, &actor, false);
			schedule_delayed_work(&e->try_work, e->seconds * HZ);
		} else {
			ks_log("engage", e, &actor, false);
		}
	}
	list_splice_tail_init(&fresh, &ks_engagements);
	mutex_unlock(&ks_mutex);

	ks_destroy_list(&doomed, "disengage", &actor);
	return 0;

out_rollback:
	ks_rollback(&fresh);
out_unlock:
	mutex_unlock(&ks_mutex);
	return ret;
}

/**
 * ks_drop_module - drop the engagements whose target is in @module
 * @module: name of a module that is unloading
 *
 * Its code is about to be freed, so its kprobes must go. The engagement is
 * not re-armed if the module loads again.
 */
void ks_drop_module(const char *module)
{
	struct ks_engagement *e, *tmp;
	struct ks_actor actor;
	LIST_HEAD(doomed);

	ks_actor_current(&actor);
	mutex_lock(&ks_mutex);
	list_for_each_entry_safe(e, tmp, &ks_engagements, node) {
		if (strcmp(e->module, module) == 0)
			ks_unlink(e, &doomed);
	}
	mutex_unlock(&ks_mutex);

	ks_destroy_list(&doomed, "drop", &actor);
}

/* Disengage everything; used when killswitch itself unloads. */
void ks_drop_all(void)
{
	struct ks_engagement *e, *tmp;
	struct ks_actor actor;
	LIST_HEAD(doomed);

	ks_actor_current(&actor);
	mutex_lock(&ks_mutex);
	list_for_each_entry_safe(e, tmp, &ks_engagements, node)
		ks_unlink(e, &doomed);
	mutex_unlock(&ks_mutex);

	ks_destroy_list(&doomed, "disengage", &actor);
}
