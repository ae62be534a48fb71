// SPDX-License-Identifier: GPL-2.0
/*
 * The history file: the last KS_HISTORY_MAX events since killswitch.ko
 * loaded, each numbered, kept after disengage, so oops triage can tell
 * what was engaged even when nothing is engaged any more. On an oops the
 * last entries are printed with the oops report. After seal the module
 * cannot unload, so the history then lasts until reboot.
 */
#define pr_fmt(fmt) "killswitch: " fmt

#include <linux/kdebug.h>
#include <linux/notifier.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "killswitch.h"

#define KS_HISTORY_MAX		256
#define KS_HISTORY_LINE		320
/* Entries printed with an oops report. */
#define KS_HISTORY_AT_OOPS	8

struct ks_history_entry {
	u64 seq;
	time64_t time;
	char line[KS_HISTORY_LINE];
};

/*
 * Protects the ring. Taken with interrupts off because the die notifier
 * reads the ring from any context, and only with trylock there.
 */
static DEFINE_SPINLOCK(ks_history_lock);
static struct ks_history_entry ks_history[KS_HISTORY_MAX];
/* Events since load; entry seq lives at ks_history[(seq - 1) % MAX]. */
static u64 ks_history_seq;

/* Append one event line; a line longer than an entry is cut. */
void ks_history_add(const char *line)
{
	struct ks_history_entry *entry;
	unsigned long flags;

	spin_lock_irqsave(&ks_history_lock, flags);
	entry = &ks_history[ks_history_seq % KS_HISTORY_MAX];
	entry->seq = ++ks_history_seq;
	entry->time = ktime_get_real_seconds();
	strscpy(entry->line, line, sizeof(entry->line));
	spin_unlock_irqrestore(&ks_history_lock, flags);
}

/* Events since load, including those the ring no longer holds. */
u64 ks_history_count(void)
{
	unsigned long flags;
	u64 count;

	spin_lock_irqsave(&ks_history_lock, flags);
	count = ks_history_seq;
	spin_unlock_irqrestore(&ks_history_lock, flags);
	return count;
}

/*
 * Print the ring oldest first. Each entry is copied out under the lock and
 * printed after it, because seq_printf() may fault in no context but may
 * take time.
 */
void ks_history_show(struct seq_file *m)
{
	struct ks_history_entry entry;
	unsigned long flags;
	u64 first, last, seq;

	spin_lock_irqsave(&ks_history_lock, flags);
	last = ks_history_seq;
	spin_unlock_irqrestore(&ks_history_lock, flags);
	first = last > KS_HISTORY_MAX ? last - KS_HISTORY_MAX + 1 : 1;

	for (seq = first; seq <= last; seq++) {
		spin_lock_irqsave(&ks_history_lock, flags);
		entry = ks_history[(seq - 1) % KS_HISTORY_MAX];
		spin_unlock_irqrestore(&ks_history_lock, flags);

		/* Overwritten while printing: the newer entries follow. */
		if (entry.seq != seq)
			continue;
		seq_printf(m, "seq=%llu time=%lld %s\n", entry.seq,
			   (long long)entry.time, entry.line);
	}
}

static int ks_history_die(struct notifier_block *nb, unsigned long action,
			  void *data)
{
	unsigned long flags;
	u64 seq, first;

	if (action != DIE_OOPS)
		return NOTIFY_DONE;

	/* The oops may have hit while the lock was held: never wait. */
	if (!spin_trylock_irqsave(&ks_history_lock, flags))
		return NOTIFY_DONE;

	pr_emerg("%llu events since load, sealed=%d; the last ones:\n",
		 ks_history_seq, READ_ONCE(ks_sealed));
	first = ks_history_seq > KS_HISTORY_AT_OOPS ?
		ks_history_seq - KS_HISTORY_AT_OOPS + 1 : 1;
	for (seq = first; seq <= ks_history_seq; seq++)
		pr_emerg("  %s\n", ks_history[(seq - 1) % KS_HISTORY_MAX].line);
	spin_unlock_irqrestore(&ks_history_lock, flags);
	return NOTIFY_DONE;
}

static struct notifier_block ks_history_die_nb = {
	.notifier_call = ks_history_die,
};

int ks_history_init(void)
{
	return register_die_notifier(&ks_history_die_nb);
}

void ks_history_exit(void)
{
	unregister_die_notifier(&ks_history_die_nb);
}
