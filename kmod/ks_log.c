// SPDX-License-Identifier: GPL-2.0
/*
 * The log line every engagement event writes: one KERN_WARNING line with
 * the target, the value and who asked for it, so that an engagement is
 * never silent in the kernel log.
 */
#define pr_fmt(fmt) "killswitch: " fmt

#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "killswitch.h"

/**
 * ks_actor_current - record the identity of the current task
 * @actor: filled with the uid, login uid, audit session id and comm
 */
void ks_actor_current(struct ks_actor *actor)
{
	actor->uid = current_uid();
	actor->loginuid = audit_get_loginuid(current);
	actor->sessionid = audit_get_sessionid(current);
	get_task_comm(actor->comm, current);
}

/**
 * ks_log - log one engagement event
 * @event: "engage", "disengage", "tryengage", "commit", "abort", "drop"
 * @e: the engagement
 * @actor: who caused the event
 * @with_hits: append the hit count (events that end an engagement or a
 *             tryengage window)
 */
void ks_log(const char *event, const struct ks_engagement *e,
	    const struct ks_actor *actor, bool with_hits)
{
	const char *name = ks_errno_name(e->retval);
	char hits[32] = "";

	if (with_hits)
		snprintf(hits, sizeof(hits), " hits=%llu", ks_hits(e));

	pr_warn("%s symbol=%s module=%s retval=%ld%s%s state=%s%s uid=%u auid=%u ses=%u comm=%s\n",
		event, e->symbol, e->module, e->retval,
		name ? " errno=" : "", name ? name : "",
		ks_state_name(READ_ONCE(e->state)), hits,
		from_kuid(&init_user_ns, actor->uid),
		from_kuid(&init_user_ns, actor->loginuid),
		actor->sessionid, actor->comm);
}
