/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the killswitch module.
 *
 * An engagement makes one kernel function return a fixed value without
 * running its body. On an ftrace call site, an ftrace direct call into a
 * stub returns the value to the caller (or, with direct=0, a handler on a
 * shared ftrace_ops does). Elsewhere a kprobe pre-handler sets the return
 * register and resumes at a stub that returns to the caller.
 */
#ifndef KILLSWITCH_H
#define KILLSWITCH_H

#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>

#include "ks_compat.h"
#include "ks_parse.h"
#include "ks_site.h"

enum ks_mode {
	/* Calls in scope return the engaged value; the body does not run. */
	KS_MODE_ENGAGE,
	/* tryengage window: calls are counted and run normally. */
	KS_MODE_PROBE,
	/* observe: calls are counted, their callers recorded, and run. */
	KS_MODE_OBSERVE,
};

/* Identity of the task that requested an event, for the log lines. */
struct ks_actor {
	kuid_t uid;
	kuid_t loginuid;
	unsigned int sessionid;
	char comm[TASK_COMM_LEN];
};

/* Per-CPU call counters of an engagement. */
struct ks_counters {
	u64 hits;	/* every call the handler saw */
	u64 passed;	/* calls that ran the real function */
};

struct ks_engagement;
struct ks_dops;

/**
 * struct ks_site - a call site in the direct path's table, ks_sites
 * @key: the return address the call site pushes, KS_SITE_FREE or
 *       KS_SITE_REMOVED
 * @retval: the engaged value
 * @fast_key: @key when every call is blocked, so that the stub needs
 *            no C, else 0; the stub's first and usually only compare
 * @counters: the engagement's counters, for the stub's blocked calls
 * @e: the engagement, or NULL while the call site is parked
 * @dops: the direct ftrace_ops whose filter contains the call site
 * @scope: KS_SCOPE_USERNS or KS_SCOPE_UNPRIV when the stub decides the
 *         engagement's scope itself, else 0
 * @reserved: pads the slot to one cache line
 *
 * The stub reads @key, @retval, @fast_key, @counters, @e and @scope by
 * the offsets in ks_site.h. Written
 * under ks_mutex, with WRITE_ONCE where the stub may be reading.
 */
struct ks_site {
	unsigned long key;
	long retval;
	unsigned long fast_key;
	struct ks_counters __percpu *counters;
	struct ks_engagement *e;
	struct ks_dops *dops;
	unsigned long scope;
	unsigned long reserved;
};

/* One distinct caller of an observed function. */
struct ks_caller {
	char comm[TASK_COMM_LEN];
	u32 uid;
	u32 userns;	/* inode number of the caller's user namespace */
	pid_t pid;	/* the latest caller with this comm, uid and userns */
	u64 count;
};

#define KS_CALLERS_MAX 16

/**
 * struct ks_engagement - one short-circuited, probed or observed function
 * @node: entry in ks_engagements, under ks_mutex
 * @batch: entry in the batch of engagements armed or disarmed together,
 *         under ks_mutex
 * @ip_node: entry in the ftrace path's address table while armed there
 * @ip: the target's entry address; 0 until it is resolved
 * @via_ftrace: @ip is an ftrace call site: armed on the direct path or
 *              the shared ftrace_ops, not with @kp
 * @site: the slot in ks_sites while armed on the direct path
 * @kp: a kprobe without handlers that resolves the target while the write
 *      is prepared. For a target without an ftrace call site it is then
 *      the entry kprobe, armed while @armed.
 * @kp_registered: @kp is registered
 * @symbol: the target without its module
 * @qualified: "module:symbol", used to arm the target again when its
 *             module loads; NULL for vmlinux targets
 * @module: the declared or owning module, or "vmlinux"
 * @module_bound: engaged as MODULE:SYMBOL, or kept after seal: armed
 *                whenever the module loads, pending while it is absent
 * @armed: the target's calls reach the handler
 * @mode: enum ks_mode; read locklessly by the handler
 * @scope: enum ks_scope; read locklessly by the handler
 * @retval: value the target returns; read locklessly by the handler
 * @forced: engaged with "force" over a stability guard rule
 * @reason: the reason= tag, or ""
 * @counters: per CPU, so the handler shares no cache line between CPUs
 * @seconds: length of the tryengage window
 * @try_work: ends the tryengage window
 * @requester: who engaged it
 * @unlinked: taken out of ks_engagements; the code that unlinked it frees it
 * @final_state: state to log once the kprobe is gone, or NULL
 * @callers_lock: protects @callers and @callers_other; the handler only
 *                ever trylocks it
 * @callers: distinct callers seen in observe mode
 * @callers_other: observed calls that found @callers full or busy
 * @observe_rs: rate limit of the observe log lines
 * @dir: fn/<symbol>/ in securityfs, and the files below it
 */
struct ks_engagement {
	struct list_head node;
	struct list_head batch;
	struct hlist_node ip_node;
	unsigned long ip;
	bool via_ftrace;
	struct ks_site *site;
	struct kprobe kp;
	bool kp_registered;
	char *symbol;
	char *qualified;
	char module[MODULE_NAME_LEN];
	bool module_bound;
	bool armed;
	int mode;
	int scope;
	long retval;
	bool forced;
	char reason[KS_REASON_MAX + 1];
	struct ks_counters __percpu *counters;
	unsigned int seconds;
	struct delayed_work try_work;
	struct ks_actor requester;
	bool unlinked;
	const char *final_state;
	raw_spinlock_t callers_lock;
	struct ks_caller callers[KS_CALLERS_MAX];
	u64 callers_other;
	struct ratelimit_state observe_rs;
	struct dentry *dir;
	struct dentry *files[8];
};

/*
 * ks_mutex protects ks_engagements, ks_sealed, the guard list, every
 * engagement's state changes and the i_private pointers of the
 * per-function securityfs files. It is taken in process context only:
 * control writes, file reads, the tryengage work and the module notifier.
 * The handlers never take it.
 */
extern struct mutex ks_mutex;
extern struct list_head ks_engagements;
extern bool ks_sealed;

/* ks_handler.c: runs in ftrace or kprobe context, cannot be probed itself. */
void ks_ftrace_handler(unsigned long ip, unsigned long parent_ip,
		       struct ftrace_ops *ops, struct ftrace_regs *fregs);
int ks_pre_handler(struct kprobe *kp, struct pt_regs *regs);
int ks_direct_slow(struct ks_site *site);
void ks_post_handler(struct kprobe *kp, struct pt_regs *regs,
		     unsigned long flags);

/* ks_ftrace.c: the shared ftrace_ops and its address table. */
struct ks_engagement *ks_ftrace_find(unsigned long ip);
bool ks_ftrace_site(unsigned long ip);
int ks_ftrace_arm(struct list_head *batch, unsigned int count);
void ks_ftrace_disarm(struct list_head *batch, unsigned int count);
void ks_ftrace_exit(void);

/* ks_direct.c: the direct path. */
extern struct ks_site ks_sites[KS_SITES];

/**
 * struct ks_stub_creds - what the stub needs to read the caller's credentials
 * @task_cred: offset of the cred pointer in struct task_struct
 * @user_ns: offset of user_ns in struct cred
 * @cap_effective: offset of cap_effective in struct cred
 * @init_user_ns: the initial user namespace
 *
 * The layouts depend on the kernel's configuration, so the stub takes
 * them from here rather than from constants of its own.
 */
struct ks_stub_creds {
	unsigned long task_cred;
	unsigned long user_ns;
	unsigned long cap_effective;
	const struct user_namespace *init_user_ns;
};

extern const struct ks_stub_creds ks_stub_creds;
void ks_direct_sync(struct ks_engagement *e);
int ks_direct_arm(struct list_head *batch, unsigned int count);
void ks_direct_disarm(struct list_head *batch);

/* ks_engagement.c */
int ks_apply_batch(const struct ks_cmd *cmds, unsigned int count);
struct ks_engagement *ks_find(const char *symbol);
u64 ks_hits(const struct ks_engagement *e);
u64 ks_passed(const struct ks_engagement *e);
const char *ks_state_name(const struct ks_engagement *e);
void ks_module_coming(const char *module);
void ks_module_going(const char *module);
void ks_module_live(const char *module);
void ks_module_track_exit(void);
void ks_drop_all(void);

/* ks_guard.c */
enum ks_guard_class {
	/* Security code: no option overrides the rule. */
	KS_GUARD_SECURITY,
	/* Code whose short-circuit wedges the kernel: "force" overrides. */
	KS_GUARD_STABILITY,
};

bool ks_guard_match(const char *pattern, const char *symbol,
		    const char *module);
int ks_guard_check(const char *symbol, const char *module, bool force,
		   bool observe);
int ks_guard_add(const char *pattern);
void ks_guard_show(struct seq_file *m);
void ks_guard_exit(void);

/* ks_log.c: the log line, audit record and history entry of each event. */
void ks_actor_current(struct ks_actor *actor);
void ks_event(const char *event, const struct ks_engagement *e,
	      const struct ks_actor *actor);
void ks_event_global(const char *event, const char *detail,
		     const struct ks_actor *actor);

/* ks_history.c */
void ks_history_add(const char *line);
void ks_history_show(struct seq_file *m);
u64 ks_history_count(void);
int ks_history_init(void);
void ks_history_exit(void);

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

/* arch/<arch>/ks_direct_stub.S: the direct call target; see the file. */
void ks_direct_stub(void);

#endif /* KILLSWITCH_H */
