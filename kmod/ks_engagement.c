// SPDX-License-Identifier: GPL-2.0
/*
 * Engagement lifecycle: create, arm, commit a tryengage window, disengage,
 * follow the target's module as it loads and unloads, and seal.
 *
 * A write to the control file is one transaction. Every line is checked
 * against the state before the write, and every new engagement is
 * registered disarmed. Only when all of them are ready are they armed and
 * published, so a failure before that point undoes the whole write.
 */
#define pr_fmt(fmt) "killswitch: " fmt

#include <linux/kallsyms.h>
#include <linux/kobject.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include <asm/ibt.h>

#include "killswitch.h"

/* All three are documented in killswitch.h. */
DEFINE_MUTEX(ks_mutex);
LIST_HEAD(ks_engagements);
bool ks_sealed;

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

/* pending, probing, engaged or observing. */
const char *ks_state_name(const struct ks_engagement *e)
{
	if (e->final_state)
		return e->final_state;
	if (!e->armed)
		return "pending";
	switch (READ_ONCE(e->mode)) {
	case KS_MODE_PROBE:
		return "probing";
	case KS_MODE_OBSERVE:
		return "observing";
	default:
		return "engaged";
	}
}

/**
 * ks_hits - sum an engagement's per-CPU call counters
 * @e: the engagement
 *
 * The sum can miss calls that are running on other CPUs right now.
 */
u64 ks_hits(const struct ks_engagement *e)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(e->counters, cpu)->hits);
	return sum;
}

/* Sum the calls that ran the real function; see ks_hits(). */
u64 ks_passed(const struct ks_engagement *e)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(e->counters, cpu)->passed);
	return sum;
}

/**
 * ks_find - look an engagement up by symbol
 * @symbol: the target's name, without a module
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

/*
 * Modules between their COMING notification and their /sys/module entry,
 * which appears only after the notifier chain ran. Under ks_mutex.
 */
struct ks_coming_module {
	struct list_head node;
	char name[MODULE_NAME_LEN];
};

static LIST_HEAD(ks_coming_modules);

static struct ks_coming_module *ks_coming_find(const char *module)
{
	struct ks_coming_module *c;

	list_for_each_entry(c, &ks_coming_modules, node) {
		if (strcmp(c->name, module) == 0)
			return c;
	}
	return NULL;
}

/**
 * ks_module_track - follow a module through COMING, LIVE and GOING
 * @module: the module's name
 * @coming: true at MODULE_STATE_COMING, false at LIVE and GOING
 *
 * Context: ks_mutex held.
 */
static void ks_module_track(const char *module, bool coming)
{
	struct ks_coming_module *c = ks_coming_find(module);

	if (coming && !c) {
		c = kzalloc(sizeof(*c), GFP_KERNEL);
		/* Without the entry, an engage in the window fails with EAGAIN. */
		if (!c)
			return;
		strscpy(c->name, module, sizeof(c->name));
		list_add(&c->node, &ks_coming_modules);
	} else if (!coming && c) {
		list_del(&c->node);
		kfree(c);
	}
}

/* Forget the modules being followed; killswitch.ko is unloading. */
void ks_module_track_exit(void)
{
	struct ks_coming_module *c, *tmp;

	mutex_lock(&ks_mutex);
	list_for_each_entry_safe(c, tmp, &ks_coming_modules, node) {
		list_del(&c->node);
		kfree(c);
	}
	mutex_unlock(&ks_mutex);
}

/*
 * Whether @module is loaded. The kernel exports no module lookup, but
 * every loaded module has a kobject in /sys/module (ks_module_kset())
 * with a back pointer to the module. Built-in code also has entries there
 * when it has parameters, without the pointer.
 */
static bool ks_module_loaded(const char *module)
{
	struct kset *modules = ks_module_kset();
	struct module_kobject *mk;
	struct kobject *kobj;
	bool loaded;

	lockdep_assert_held(&ks_mutex);
	/* Past the COMING notifier, so ftrace has already enabled its functions. */
	if (ks_coming_find(module))
		return true;

	kobj = kset_find_obj(modules, module);
	if (!kobj)
		return false;
	mk = container_of(kobj, struct module_kobject, kobj);
	loaded = !!mk->mod;
	kobject_put(kobj);
	return loaded;
}

static void ks_free(struct ks_engagement *e)
{
	free_percpu(e->counters);
	kfree(e->qualified);
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
	e->counters = alloc_percpu(struct ks_counters);
	if (cmd->module)
		e->qualified = kasprintf(GFP_KERNEL, "%s:%s", cmd->module,
					 cmd->symbol);
	if (!e->symbol || !e->counters || (cmd->module && !e->qualified)) {
		ks_free(e);
		return NULL;
	}

	INIT_LIST_HEAD(&e->node);
	INIT_LIST_HEAD(&e->batch);
	if (cmd->module) {
		strscpy(e->module, cmd->module, sizeof(e->module));
		e->module_bound = true;
	}
	if (cmd->op == KS_OP_TRYENGAGE)
		e->mode = KS_MODE_PROBE;
	else if (cmd->op == KS_OP_OBSERVE)
		e->mode = KS_MODE_OBSERVE;
	else
		e->mode = KS_MODE_ENGAGE;
	e->scope = cmd->scope;
	e->retval = cmd->retval;
	e->forced = cmd->force;
	if (cmd->reason)
		strscpy(e->reason, cmd->reason, sizeof(e->reason));
	e->seconds = cmd->seconds;
	e->requester = *actor;
	INIT_DELAYED_WORK(&e->try_work, ks_try_work_fn);
	raw_spin_lock_init(&e->callers_lock);
	/* Ten observe lines per five seconds per function at most. */
	ratelimit_state_init(&e->observe_rs, 5 * HZ, 10);
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
	sprint_symbol(sym, e->ip);

	open = strrchr(sym, '[');
	close = open ? strchr(open, ']') : NULL;
	if (open && close) {
		*close = '\0';
		strscpy(e->module, open + 1, sizeof(e->module));
	} else {
		strscpy(e->module, "vmlinux", sizeof(e->module));
	}
	kfree(sym);

	/* Kept so the target can be armed again if its module reloads. */
	if (!e->qualified && strcmp(e->module, "vmlinux") != 0) {
		e->qualified = kasprintf(GFP_KERNEL, "%s:%s", e->module,
					 e->symbol);
		if (!e->qualified)
			return -ENOMEM;
	}
	return 0;
}

/*
 * The ftrace call site of the function at @func: its first instruction, or
 * the one after ENDBR64 (or the NOP that sealed it) on kernels built with
 * IBT, as the kprobe layer also finds it.
 */
static unsigned long ks_call_site(unsigned long func)
{
	u32 insn;

	if (IS_ENABLED(CONFIG_X86_KERNEL_IBT) &&
	    !copy_from_kernel_nofault(&insn, (void *)func, sizeof(insn)) &&
	    is_endbr(insn))
		return func + ENDBR_INSN_SIZE;
	return func;
}

/*
 * Find a function in the symbol table of a loaded module, without the
 * kprobe layer, whose registration scans the kernel's jump label, static
 * call and blacklist tables for every target. The module's kobject in
 * /sys/module holds the module: freeing it waits for the reference.
 * Return: the function's address, or 0 if the module has no /sys/module
 * entry yet (still in its COMING notification) or no such function.
 */
static unsigned long ks_module_function(const char *module, const char *symbol)
{
	struct kset *modules = ks_module_kset();
	struct module_kobject *mk;
	struct mod_kallsyms *syms;
	struct kobject *kobj;
	unsigned long addr = 0;
	unsigned int i;

	kobj = kset_find_obj(modules, module);
	if (!kobj)
		return 0;
	mk = container_of(kobj, struct module_kobject, kobj);
	if (mk->mod) {
		preempt_disable();
		syms = rcu_dereference_sched(mk->mod->kallsyms);
		for (i = 1; i < syms->num_symtab; i++) {
			const typeof(*syms->symtab) *sym = &syms->symtab[i];

			if (sym->st_shndx == SHN_UNDEF ||
			    (syms->typetab[i] != 't' && syms->typetab[i] != 'T'))
				continue;
			if (strcmp(syms->strtab + sym->st_name, symbol) == 0) {
				addr = kallsyms_symbol_value(sym);
				break;
			}
		}
		preempt_enable();
	}
	kobject_put(kobj);
	return addr;
}

/* Resolve a MODULE:SYMBOL target to an ftrace call site; false if not. */
static bool ks_lookup_module(struct ks_engagement *e)
{
	unsigned long func, ip;

	func = ks_module_function(e->module, e->symbol);
	if (!func)
		return false;
	ip = ks_call_site(func);
	if (!ks_ftrace_site(ip))
		return false;
	e->ip = ip;
	e->via_ftrace = true;
	return true;
}

/*
 * Resolve a target with a kprobe without handlers, registered disarmed.
 * The kprobe layer sets its address to the entry and flags it when that
 * address is an ftrace call site. The probe stays registered
 * (@e->kp_registered), also on failure, until ks_unregister_probes()
 * removes a whole batch with one RCU grace period.
 *
 * A target without a call site takes the kprobe path. There, another
 * kprobe already on it (a kprobe event, a BPF kprobe program) is rejected
 * with -EBUSY. The lookup probe would join that probe's aggregate, and so
 * would the engagement, whose post-handler the aggregate's int3 handling
 * does not honour. The ftrace path coexists with other kprobes: the kprobe
 * layer's ftrace handler restores the resume address it found.
 */
static int ks_lookup_kprobe(struct ks_engagement *e)
{
	int ret;

	memset(&e->kp, 0, sizeof(e->kp));
	e->kp.symbol_name = e->module_bound ? e->qualified : e->symbol;
	e->kp.flags = KPROBE_FLAG_DISABLED;
	ret = register_kprobe(&e->kp);
	if (ret)
		return ret;
	e->kp_registered = true;
	e->ip = (unsigned long)e->kp.addr;
	e->via_ftrace = !!(e->kp.flags & KPROBE_FLAG_FTRACE);

	/*
	 * A lone probe has an empty list, or is the only member of the
	 * aggregate the kernel makes to optimise an int3 probe. Two members
	 * mean another kprobe.
	 */
	if (!e->via_ftrace && !list_empty(&e->kp.list) &&
	    e->kp.list.next != e->kp.list.prev) {
		pr_notice("%s already has another kprobe (a kprobe event or BPF program): remove it first\n",
			  e->symbol);
		return -EBUSY;
	}
	return 0;
}

/**
 * ks_lookup - resolve a target and check that it may be engaged
 * @e: the engagement
 *
 * A MODULE:SYMBOL target is looked up in its module's symbol table. Any
 * other target, and one that this does not find, goes through the kprobe
 * layer's symbol lookup, which searches vmlinux first as kallsyms does.
 *
 * Return: 0, or the kprobe layer's error, -EBUSY, -EAGAIN (module still
 * loading), -EACCES (guard list), -ENOMEM.
 */
static int ks_lookup(struct ks_engagement *e)
{
	int ret = 0;

	e->ip = 0;
	e->via_ftrace = false;
	if (!e->module_bound || !ks_lookup_module(e))
		ret = ks_lookup_kprobe(e);
	if (!ret)
		ret = ks_record_owner(e);
	/*
	 * Before its COMING notification, a loading module has functions that
	 * ftrace has not enabled yet, and arming one of them trips a WARN when
	 * ftrace enables them. The module notifier arms MODULE:SYMBOL targets
	 * at the right time, so a plain SYMBOL must be written again.
	 */
	if (!ret && strcmp(e->module, "vmlinux") != 0 && !ks_module_loaded(e->module)) {
		pr_notice("%s: module %s is still loading; try again\n", e->symbol, e->module);
		ret = -EAGAIN;
	}
	if (!ret)
		ret = ks_guard_check(e->symbol, e->module, e->forced,
				     e->mode == KS_MODE_OBSERVE);
	return ret;
}

/*
 * Unregister the registered kprobes of @batch (linked through ->batch)
 * with one RCU grace period for all of them.
 */
static void ks_unregister_probes(struct list_head *batch)
{
	struct ks_engagement *e;
	struct kprobe **kps;
	unsigned int count = 0, i = 0;

	list_for_each_entry(e, batch, batch)
		count += e->kp_registered;
	if (!count)
		return;

	kps = kmalloc_array(count, sizeof(*kps), GFP_KERNEL);
	list_for_each_entry(e, batch, batch) {
		if (!e->kp_registered)
			continue;
		e->kp_registered = false;
		if (kps)
			kps[i++] = &e->kp;
		else
			unregister_kprobe(&e->kp);
	}
	if (kps) {
		unregister_kprobes(kps, i);
		kfree(kps);
	}
}

/*
 * Drop the lookup probes of a resolved batch, then register the entry
 * kprobe, disarmed, of each target without an ftrace call site. On
 * failure the caller unregisters what is registered.
 */
static int ks_resolve_batch(struct list_head *batch)
{
	struct ks_engagement *e;
	int ret;

	ks_unregister_probes(batch);
	list_for_each_entry(e, batch, batch) {
		if (e->via_ftrace)
			continue;
		memset(&e->kp, 0, sizeof(e->kp));
		e->kp.addr = (kprobe_opcode_t *)e->ip;
		e->kp.pre_handler = ks_pre_handler;
		e->kp.post_handler = ks_post_handler;
		e->kp.flags = KPROBE_FLAG_DISABLED;
		ret = register_kprobe(&e->kp);
		if (ret) {
			pr_notice("control: registering the kprobe of %s failed with error %d\n",
				  e->symbol, ret);
			return ret;
		}
		e->kp_registered = true;
	}
	return 0;
}

/* Move the engagements of @batch on the kprobe path to @probes. */
static unsigned int ks_split_batch(struct list_head *batch,
				   struct list_head *probes)
{
	struct ks_engagement *e, *tmp;
	unsigned int count = 0;

	list_for_each_entry_safe(e, tmp, batch, batch) {
		if (e->via_ftrace)
			count++;
		else
			list_move_tail(&e->batch, probes);
	}
	return count;
}

/* Move the engagements of @batch on the direct path to @direct. */
static unsigned int ks_split_direct(struct list_head *batch,
				    struct list_head *direct)
{
	struct ks_engagement *e, *tmp;
	unsigned int count = 0;

	list_for_each_entry_safe(e, tmp, batch, batch) {
		if (e->site)
			list_move_tail(&e->batch, direct);
		else
			count++;
	}
	return count;
}

/* Disarm the ftrace targets of @batch, direct or on the shared ftrace_ops. */
static void ks_ftrace_disarm_all(struct list_head *batch)
{
	LIST_HEAD(direct);
	unsigned int count;

	count = ks_split_direct(batch, &direct);
	ks_direct_disarm(&direct);
	ks_ftrace_disarm(batch, count);
	list_splice_tail(&direct, batch);
}

/*
 * Arm a resolved batch, all or none. The ftrace targets go on the direct
 * path with one ftrace update, or on the shared ftrace_ops when the direct
 * path is off or full. The kprobes follow one by one.
 */
static int ks_arm_batch(struct list_head *batch)
{
	struct ks_engagement *e, *failed = NULL;
	LIST_HEAD(probes);
	unsigned int count;
	int ret;

	count = ks_split_batch(batch, &probes);
	ret = count ? ks_direct_arm(batch, count) : 0;
	/*
	 * NOTE: a batch that ks_sites has no room for also moves its parked
	 * targets to the shared ftrace_ops, which ftrace rejects with -EBUSY
	 * beside their direct ftrace_ops, so that write fails as a whole.
	 */
	if (ret == -EOPNOTSUPP || ret == -ENOSPC)
		ret = ks_ftrace_arm(batch, count);
	if (ret) {
		e = list_first_entry_or_null(batch, struct ks_engagement, batch);
		if (e)
			pr_notice("control: arming %s%s failed with error %d\n",
				  e->symbol, count > 1 ? " and the rest of its batch" : "",
				  ret);
		goto out;
	}

	list_for_each_entry(e, &probes, batch) {
		ret = enable_kprobe(&e->kp);
		if (ret) {
			pr_notice("control: arming %s failed with error %d\n",
				  e->symbol, ret);
			failed = e;
			break;
		}
	}
	if (failed) {
		list_for_each_entry(e, &probes, batch) {
			if (e == failed)
				break;
			disable_kprobe(&e->kp);
		}
		ks_ftrace_disarm_all(batch);
		goto out;
	}

	list_for_each_entry(e, batch, batch)
		e->armed = true;
	list_for_each_entry(e, &probes, batch)
		e->armed = true;
out:
	list_splice_tail(&probes, batch);
	return ret;
}

/*
 * Disarm the armed engagements of @batch: one ftrace update and one wait
 * for the ftrace targets, one grace period for the kprobes. No handler
 * runs for them afterwards.
 */
static void ks_disarm_batch(struct list_head *batch)
{
	struct ks_engagement *e, *tmp;
	LIST_HEAD(probes);
	LIST_HEAD(idle);

	list_for_each_entry_safe(e, tmp, batch, batch) {
		if (!e->armed)
			list_move_tail(&e->batch, &idle);
	}
	ks_split_batch(batch, &probes);
	ks_ftrace_disarm_all(batch);
	ks_unregister_probes(&probes);

	list_splice_tail(&probes, batch);
	list_for_each_entry(e, batch, batch)
		e->armed = false;
	list_splice_tail(&idle, batch);
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
 * Disarm and free unlinked engagements, disarming all of them in one
 * batch. The tryengage works are cancelled first and without ks_mutex,
 * which they take.
 */
static void ks_destroy_list(struct list_head *doomed, const char *event,
			    const struct ks_actor *actor)
{
	struct ks_engagement *e, *tmp;
	LIST_HEAD(batch);

	if (list_empty(doomed))
		return;

	list_for_each_entry(e, doomed, node) {
		cancel_delayed_work_sync(&e->try_work);
		/* Log the state it ended in, with the hits counted to the end. */
		e->final_state = ks_state_name(e);
		list_add_tail(&e->batch, &batch);
	}
	mutex_lock(&ks_mutex);
	ks_disarm_batch(&batch);
	mutex_unlock(&ks_mutex);

	list_for_each_entry_safe(e, tmp, doomed, node) {
		/* A disengage inside the tryengage window cancels it. */
		if (e->mode == KS_MODE_PROBE && strcmp(event, "disengage") == 0)
			ks_event("cancel", e, actor);
		else
			ks_event(event, e, actor);

		list_del(&e->node);
		ks_free(e);
	}
}

/* End of a tryengage window: commit if no call was seen, drop otherwise. */
static void ks_try_work_fn(struct work_struct *work)
{
	struct ks_engagement *e = container_of(to_delayed_work(work),
					       struct ks_engagement, try_work);
	LIST_HEAD(batch);

	mutex_lock(&ks_mutex);

	/* Disengaged or dropped meanwhile: the code that unlinked it frees it. */
	if (e->unlinked) {
		mutex_unlock(&ks_mutex);
		return;
	}

	if (ks_hits(e) == 0) {
		WRITE_ONCE(e->mode, KS_MODE_ENGAGE);
		ks_direct_sync(e);
		ks_event("commit", e, &e->requester);
		mutex_unlock(&ks_mutex);
		return;
	}

	ks_fs_remove(e);
	e->unlinked = true;
	list_del_init(&e->node);
	/* Not through ks_destroy_list(): it would wait for this very work. */
	e->final_state = ks_state_name(e);
	list_add(&e->batch, &batch);
	ks_disarm_batch(&batch);
	mutex_unlock(&ks_mutex);

	ks_event("abort", e, &e->requester);
	ks_free(e);
}

static void ks_report(const struct ks_cmd *cmd, const char *what, int err)
{
	pr_notice("control: line %u: %s %s: %s (error %d)\n", cmd->line,
		  ks_op_name(cmd->op), cmd->symbol ? cmd->symbol : "", what, err);
}

/* Check one line against the state before the write. */
static int ks_check_cmd(const struct ks_cmd *cmd)
{
	struct ks_engagement *e;
	int ret;

	switch (cmd->op) {
	case KS_OP_ENGAGE:
	case KS_OP_TRYENGAGE:
	case KS_OP_OBSERVE:
		if (ks_find(cmd->symbol)) {
			ks_report(cmd, "already engaged", -EBUSY);
			return -EBUSY;
		}
		ret = ks_guard_check(cmd->symbol, cmd->module, cmd->force,
				     cmd->op == KS_OP_OBSERVE);
		if (ret) {
			ks_report(cmd, "refused by the guard list", ret);
			return ret;
		}
		if (cmd->op == KS_OP_TRYENGAGE && cmd->module &&
		    !ks_module_loaded(cmd->module)) {
			ks_report(cmd, "tryengage needs the module loaded", -ENOENT);
			return -ENOENT;
		}
		return 0;
	case KS_OP_DISENGAGE:
		e = ks_find(cmd->symbol);
		if (!e || (cmd->module && strcmp(cmd->module, e->module) != 0)) {
			ks_report(cmd, "not engaged", -ENOENT);
			return -ENOENT;
		}
		fallthrough;
	case KS_OP_DISENGAGE_ALL:
		if (ks_sealed) {
			ks_report(cmd, "sealed until reboot", -EPERM);
			return -EPERM;
		}
		return 0;
	case KS_OP_SEAL:
	case KS_OP_GUARD:
		return 0;
	}
	return -EINVAL;
}

/*
 * Undo ks_prepare_all(): unregister the probes of @batch, the engagements
 * being resolved, then free every engagement on @fresh.
 */
static void ks_rollback(struct list_head *fresh, struct list_head *batch)
{
	struct ks_engagement *e, *tmp;

	ks_unregister_probes(batch);
	list_for_each_entry_safe(e, tmp, fresh, node) {
		ks_fs_remove(e);
		list_del(&e->node);
		ks_free(e);
	}
}

/*
 * Create, resolve and expose every new engagement of the write; @fresh
 * gets all of them, @batch those to arm. A MODULE:SYMBOL target whose
 * module is not loaded stays pending: not resolved yet, armed by
 * ks_module_coming() when the module loads.
 */
static int ks_prepare_all(const struct ks_cmd *cmds, unsigned int count,
			  const struct ks_actor *actor, struct list_head *fresh,
			  struct list_head *batch, unsigned int *step)
{
	struct ks_engagement *e;
	unsigned int i;
	int ret;

	for (i = 0; i < count; i++) {
		const struct ks_cmd *cmd = &cmds[i];

		if (cmd->op != KS_OP_ENGAGE && cmd->op != KS_OP_TRYENGAGE &&
		    cmd->op != KS_OP_OBSERVE)
			continue;

		e = ks_inject_failure(step) ? NULL : ks_alloc(cmd, actor);
		if (!e) {
			ks_report(cmd, "allocation", -ENOMEM);
			return -ENOMEM;
		}
		list_add_tail(&e->node, fresh);

		if (!cmd->module || ks_module_loaded(cmd->module)) {
			list_add_tail(&e->batch, batch);
			ret = ks_inject_failure(step) ? -ENOMEM : ks_lookup(e);
			if (ret) {
				ks_report(cmd, "kprobe registration", ret);
				return ret;
			}
		}

		ret = ks_inject_failure(step) ? -ENOMEM : ks_fs_add(e);
		if (ret) {
			ks_report(cmd, "securityfs", ret);
			return ret;
		}
	}
	return ks_resolve_batch(batch);
}

/*
 * Arm the resolved engagements of the write, all or none. Each counts as
 * one step for the fail_nth hook, as when each had its own kprobe.
 */
static int ks_arm_all(struct list_head *batch, unsigned int *step)
{
	struct ks_engagement *e;

	list_for_each_entry(e, batch, batch) {
		if (ks_inject_failure(step)) {
			pr_notice("control: arming %s failed with error %d\n",
				  e->symbol, -ENOMEM);
			return -ENOMEM;
		}
	}
	return ks_arm_batch(batch);
}

/* Add the guard rules of the write; on failure none of them stays. */
static int ks_add_guards(const struct ks_cmd *cmds, unsigned int count)
{
	unsigned int i;
	int ret;

	for (i = 0; i < count; i++) {
		if (cmds[i].op != KS_OP_GUARD)
			continue;
		ret = ks_guard_add(cmds[i].pattern);
		if (ret) {
			ks_report(&cmds[i], "allocation", ret);
			return ret;
		}
	}
	return 0;
}

/* Log the guard rules of the write; they are in place by now. */
static void ks_log_guards(const struct ks_cmd *cmds, unsigned int count,
			  const struct ks_actor *actor)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (cmds[i].op == KS_OP_GUARD)
			ks_event_global("guard", cmds[i].pattern, actor);
	}
}

/**
 * ks_apply_batch - apply one write to the control file, all or nothing
 * @cmds: the parsed commands; each symbol appears at most once
 * @count: number of commands
 *
 * Lines are checked against the engagements that existed before the
 * write, so disengage_all never removes an engagement the same write adds,
 * and a seal takes effect when the write is done.
 *
 * Return: 0, or the first error: -EBUSY (already engaged), -ENOENT (not
 * engaged, or unknown symbol), -EACCES (guard list), -EPERM (sealed), the
 * kprobe layer's error for a target it rejects, -ENOMEM. Nothing of the
 * write is applied on error.
 */
int ks_apply_batch(const struct ks_cmd *cmds, unsigned int count)
{
	struct ks_engagement *e, *tmp;
	struct ks_actor actor;
	LIST_HEAD(fresh);
	LIST_HEAD(batch);
	LIST_HEAD(doomed);
	bool seal = false;
	unsigned int step = 0;
	unsigned int i;
	int ret;

	ks_actor_current(&actor);
	mutex_lock(&ks_mutex);

	for (i = 0; i < count; i++) {
		ret = ks_check_cmd(&cmds[i]);
		if (ret)
			goto out_unlock;
		if (cmds[i].op == KS_OP_SEAL)
			seal = true;
	}

	ret = ks_prepare_all(cmds, count, &actor, &fresh, &batch, &step);
	if (ret)
		goto out_rollback;
	ret = ks_arm_all(&batch, &step);
	if (ret)
		goto out_rollback;

	/* Guard rules are the last step that can fail; they cannot be removed. */
	ret = ks_add_guards(cmds, count);
	if (ret) {
		ks_disarm_batch(&batch);
		goto out_rollback;
	}

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
		if (e->mode == KS_MODE_PROBE) {
			ks_event("tryengage", e, &actor);
			schedule_delayed_work(&e->try_work, e->seconds * HZ);
		} else {
			ks_event(e->mode == KS_MODE_OBSERVE ? "observe" : "engage",
				 e, &actor);
		}
	}
	list_splice_tail_init(&fresh, &ks_engagements);
	ks_log_guards(cmds, count, &actor);

	if (seal && !ks_sealed) {
		ks_sealed = true;
		/* The reference is never put: killswitch.ko stays until reboot. */
		__module_get(THIS_MODULE);
		ks_event_global("seal", "until reboot", &actor);
	}
	mutex_unlock(&ks_mutex);

	ks_destroy_list(&doomed, "disengage", &actor);
	return 0;

out_rollback:
	ks_rollback(&fresh, &batch);
out_unlock:
	mutex_unlock(&ks_mutex);
	return ret;
}

/**
 * ks_module_coming - arm the pending engagements of a module that loads
 * @module: name of the module, in MODULE_STATE_COMING
 *
 * The module's init function has not run yet and nothing can call into
 * it, so the engagement is in place before any of its code runs. The
 * targets are armed in one batch. If the batch fails, each is tried alone,
 * so that one bad target does not keep the others pending.
 */
void ks_module_coming(const char *module)
{
	struct ks_engagement *e, *tmp;
	struct ks_actor actor;
	LIST_HEAD(batch);
	LIST_HEAD(failed);
	LIST_HEAD(one);
	int ret;

	ks_actor_current(&actor);
	mutex_lock(&ks_mutex);
	ks_module_track(module, true);
	list_for_each_entry(e, &ks_engagements, node) {
		if (e->armed || !e->module_bound || strcmp(e->module, module) != 0)
			continue;

		ret = ks_lookup(e);
		if (ret) {
			pr_err("arming %s in module %s failed with error %d; it stays pending\n",
			       e->symbol, module, ret);
			list_add_tail(&e->batch, &failed);
			continue;
		}
		list_add_tail(&e->batch, &batch);
	}
	ks_unregister_probes(&failed);
	list_for_each_entry_safe(e, tmp, &failed, batch)
		list_del_init(&e->batch);

	ret = ks_resolve_batch(&batch);
	if (!ret)
		ret = ks_arm_batch(&batch);
	if (ret)
		ks_unregister_probes(&batch);
	list_for_each_entry_safe(e, tmp, &batch, batch) {
		list_del_init(&e->batch);
		if (ret) {
			/* Alone, so that only the bad target stays pending. */
			list_add(&e->batch, &one);
			if (!ks_resolve_batch(&one) && !ks_arm_batch(&one)) {
				list_del_init(&e->batch);
			} else {
				ks_unregister_probes(&one);
				list_del_init(&e->batch);
				pr_err("arming %s in module %s failed; it stays pending\n",
				       e->symbol, module);
				continue;
			}
		}
		ks_event("arm", e, &actor);
	}
	mutex_unlock(&ks_mutex);
}

/**
 * ks_module_going - follow a module that unloads
 * @module: name of the module, in MODULE_STATE_GOING
 *
 * Its code is about to be freed, so its engagements are disarmed, in one
 * batch. A MODULE:SYMBOL engagement, and after seal every engagement,
 * becomes pending and is armed again when the module loads; the others
 * are dropped.
 */
void ks_module_going(const char *module)
{
	struct ks_engagement *e, *tmp;
	struct ks_actor actor;
	LIST_HEAD(batch);
	LIST_HEAD(doomed);

	ks_actor_current(&actor);
	mutex_lock(&ks_mutex);
	ks_module_track(module, false);
	list_for_each_entry(e, &ks_engagements, node) {
		if (!e->armed || strcmp(e->module, module) != 0)
			continue;
		/* A dropped engagement logs the state it had while armed. */
		if (!e->module_bound && !(ks_sealed && e->qualified))
			e->final_state = ks_state_name(e);
		list_add_tail(&e->batch, &batch);
	}
	ks_disarm_batch(&batch);

	list_for_each_entry_safe(e, tmp, &batch, batch) {
		list_del_init(&e->batch);
		if (!e->final_state) {
			e->module_bound = true;
			ks_event("pending", e, &actor);
		} else {
			ks_unlink(e, &doomed);
		}
	}
	mutex_unlock(&ks_mutex);

	ks_destroy_list(&doomed, "drop", &actor);
}

/* Stop following a module that finished loading: /sys/module shows it now. */
void ks_module_live(const char *module)
{
	mutex_lock(&ks_mutex);
	ks_module_track(module, false);
	mutex_unlock(&ks_mutex);
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
