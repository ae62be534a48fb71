/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the killswitch module.
 *
 * An engagement makes one kernel function return a fixed value without
 * running its body: a kprobe at the function's entry sets the return
 * register and resumes at a stub that returns to the caller.
 */
#ifndef KILLSWITCH_H
#define KILLSWITCH_H

#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>

#include "ks_parse.h"

/*
 * Kernel lockdown has no reason of its own for killswitch in a stock
 * kernel. Redirecting kernel control flow is a write to the running kernel,
 * so use the integrity-level reason for writing kernel memory: any lockdown
 * at integrity or above rejects engagement.
 */
#define KS_LOCKDOWN_REASON LOCKDOWN_DBG_WRITE_KERNEL

enum ks_state {
	/* tryengage window: calls are counted and run normally. */
	KS_STATE_PROBING,
	/* Calls return the engaged value; the body does not run. */
	KS_STATE_ENGAGED,
};

/* Identity of the task that requested an event, for the log lines. */
struct ks_actor {
	kuid_t uid;
	kuid_t loginuid;
	unsigned int sessionid;
	char comm[TASK_COMM_LEN];
};

/**
 * struct ks_engagement - one short-circuited function
 * @node: entry in ks_engagements, under ks_mutex
 * @kp: the entry kprobe; ks_pre_handler() finds the engagement from it
 * @symbol: the target, also kp.symbol_name
 * @module: name of the module that owns the target, or "vmlinux"
 * @retval: value the target returns; read locklessly by the handler
 * @state: enum ks_state; read locklessly by the handler
 * @hits: calls seen, per CPU so the handler touches no shared cache line
 * @seconds: length of the tryengage window
 * @try_work: ends the tryengage window
 * @requester: who engaged it
 * @unlinked: taken out of ks_engagements; the code that unlinked it frees it
 * @dir: fn/<symbol>/ in securityfs, and the files below it
 */
struct ks_engagement {
	struct list_head node;
	struct kprobe kp;
	char *symbol;
	char module[MODULE_NAME_LEN];
	long retval;
	int state;
	u64 __percpu *hits;
	unsigned int seconds;
	struct delayed_work try_work;
	struct ks_actor requester;
	bool unlinked;
	struct dentry *dir;
	struct dentry *retval_file;
	struct dentry *hits_file;
	struct dentry *state_file;
};

/*
 * ks_mutex protects ks_engagements, every engagement's state changes and
 * the i_private pointers of the per-function securityfs files. It is taken
 * in process context only: control writes, file reads, the tryengage work
 * and the module notifier. The kprobe handler never takes it.
 */
extern struct mutex ks_mutex;
extern struct list_head ks_engagements;

/* ks_handler.c: runs in kprobe context, cannot be probed itself. */
int ks_pre_handler(struct kprobe *kp, struct pt_regs *regs);
void ks_post_handler(struct kprobe *kp, struct pt_regs *regs,
		     unsigned long flags);

/* ks_engagement.c */
int ks_apply_batch(const struct ks_cmd *cmds, unsigned int count);
struct ks_engagement *ks_find(const char *symbol);
u64 ks_hits(const struct ks_engagement *e);
const char *ks_state_name(int state);
void ks_drop_module(const char *module);
void ks_drop_all(void);

/* ks_log.c */
void ks_actor_current(struct ks_actor *actor);
void ks_log(const char *event, const struct ks_engagement *e,
	    const struct ks_actor *actor, bool with_hits);

/* ks_fs.c */
int ks_fs_init(void);
void ks_fs_exit(void);
int ks_fs_add(struct ks_engagement *e);
void ks_fs_remove(struct ks_engagement *e);

/* ks_modnotify.c */
int ks_modnotify_init(void);
void ks_modnotify_exit(void);

/* arch/<arch>/ks_return_stub.S: returns to the caller of the target. */
void ks_return_stub(void);

#endif /* KILLSWITCH_H */
