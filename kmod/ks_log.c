// SPDX-License-Identifier: GPL-2.0
/*
 * Every engagement event leaves three traces: one KERN_WARNING line in the
 * kernel log, one audit record (type AUDIT_KERNEL_OTHER, visible to auditd
 * or, without auditd, as an "audit:" line in the kernel log), and one
 * entry in the history file. An engagement is never silent.
 */
#define pr_fmt(fmt) "killswitch: " fmt

#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "killswitch.h"

/*
 * Longest event line, on the stack so that logging never fails for lack
 * of memory. A rare symbol longer than about 300 characters is cut.
 */
#define KS_EVENT_LINE_MAX 512

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

static int ks_format_actor(char *buf, size_t size,
			   const struct ks_actor *actor)
{
	return scnprintf(buf, size, " uid=%u auid=%u ses=%u comm=%s",
			 from_kuid(&init_user_ns, actor->uid),
			 from_kuid(&init_user_ns, actor->loginuid),
			 actor->sessionid, actor->comm);
}

/* Send @fields, the event line without the actor, as an audit record. */
static void ks_audit(const char *event, const char *fields)
{
	struct audit_buffer *ab;

	ab = audit_log_start(audit_context(), GFP_KERNEL, AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	audit_log_format(ab, "op=killswitch-%s %s", event, fields);
	audit_log_task_info(ab);
	audit_log_format(ab, " res=1");
	audit_log_end(ab);
}

/* Log, audit and record one event whose fields are in @buf. */
static void ks_emit(const char *event, char *buf, int fields_len,
		    const struct ks_actor *actor)
{
	ks_audit(event, buf + strlen(event) + 1);
	ks_format_actor(buf + fields_len, KS_EVENT_LINE_MAX - fields_len, actor);
	pr_warn("%s\n", buf);
	ks_history_add(buf);
}

/**
 * ks_event - log one engagement event
 * @event: engage, tryengage, observe, commit, abort, cancel, disengage,
 *         drop, pending, arm, retval, scope
 * @e: the engagement
 * @actor: who caused the event
 */
void ks_event(const char *event, const struct ks_engagement *e,
	      const struct ks_actor *actor)
{
	const char *name = ks_errno_name(READ_ONCE(e->retval));
	char buf[KS_EVENT_LINE_MAX];
	int len;

	len = scnprintf(buf, KS_EVENT_LINE_MAX,
			"%s symbol=%s module=%s retval=%ld%s%s state=%s scope=%s reason=%s passed=%llu hits=%llu",
			event, e->symbol, e->module, READ_ONCE(e->retval),
			name ? " errno=" : "", name ? name : "",
			ks_state_name(e), ks_scope_name(READ_ONCE(e->scope)),
			e->reason[0] ? e->reason : "-", ks_passed(e), ks_hits(e));
	ks_emit(event, buf, len, actor);

	/* Taint once the function returns the fixed value from now on. */
	if (e->armed && READ_ONCE(e->mode) == KS_MODE_ENGAGE)
		ks_taint_engaged();
}

/**
 * ks_event_global - log an event that concerns no single engagement
 * @event: seal or guard
 * @detail: what it applies to, such as the guard pattern
 * @actor: who caused the event
 */
void ks_event_global(const char *event, const char *detail,
		     const struct ks_actor *actor)
{
	char buf[KS_EVENT_LINE_MAX];
	int len;

	len = scnprintf(buf, KS_EVENT_LINE_MAX, "%s detail=\"%s\"", event, detail);
	ks_emit(event, buf, len, actor);
}
