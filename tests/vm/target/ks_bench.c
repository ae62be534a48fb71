// SPDX-License-Identifier: GPL-2.0
/*
 * ks_bench - targets and a timed call loop for `make bench`.
 *
 * ks_bench_target() is the function whose per-call cost is measured.
 * Writing "COUNT" to /proc/ks_bench/loop calls it COUNT times from a
 * kernel loop and times the loop with ktime_get_ns(); reading the file
 * then prints "calls=COUNT ns=TOTAL sum=SUM", SUM being the sum of the
 * return values, so the caller can tell engaged calls (which return the
 * engaged value) from real ones (which return 1).
 *
 * ks_bench_fn000() to ks_bench_fn255() exist only to be engaged in
 * batches; nothing calls them.
 */
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

/* Most calls one write may ask for: about a minute under QEMU's TCG. */
#define KS_BENCH_MAX_CALLS 100000000UL

long ks_bench_target(void);
noinline long ks_bench_target(void)
{
	/* Keeps the call from being folded away. */
	barrier();
	return 1;
}
EXPORT_SYMBOL_GPL(ks_bench_target);

#define KS_BENCH_FN(n)							\
	long ks_bench_fn##n(void);					\
	noinline long ks_bench_fn##n(void)				\
	{								\
		barrier();						\
		return 0x##n;						\
	}								\
	EXPORT_SYMBOL_GPL(ks_bench_fn##n)

#define KS_BENCH_FN16(h)						\
	KS_BENCH_FN(h##0); KS_BENCH_FN(h##1); KS_BENCH_FN(h##2);	\
	KS_BENCH_FN(h##3); KS_BENCH_FN(h##4); KS_BENCH_FN(h##5);	\
	KS_BENCH_FN(h##6); KS_BENCH_FN(h##7); KS_BENCH_FN(h##8);	\
	KS_BENCH_FN(h##9); KS_BENCH_FN(h##a); KS_BENCH_FN(h##b);	\
	KS_BENCH_FN(h##c); KS_BENCH_FN(h##d); KS_BENCH_FN(h##e);	\
	KS_BENCH_FN(h##f)

/* 256 functions, named by their number in hexadecimal: fn000 to fn0ff. */
KS_BENCH_FN16(00); KS_BENCH_FN16(01); KS_BENCH_FN16(02); KS_BENCH_FN16(03);
KS_BENCH_FN16(04); KS_BENCH_FN16(05); KS_BENCH_FN16(06); KS_BENCH_FN16(07);
KS_BENCH_FN16(08); KS_BENCH_FN16(09); KS_BENCH_FN16(0a); KS_BENCH_FN16(0b);
KS_BENCH_FN16(0c); KS_BENCH_FN16(0d); KS_BENCH_FN16(0e); KS_BENCH_FN16(0f);

/* Called through a pointer so the compiler cannot see the return value. */
static long (*volatile ks_bench_call)(void) = ks_bench_target;

static DEFINE_MUTEX(ks_bench_lock);
static unsigned long ks_bench_calls;
static u64 ks_bench_ns;
static long ks_bench_sum;

static ssize_t ks_bench_loop_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	unsigned long calls, i;
	long sum = 0;
	u64 start;
	int ret;

	ret = kstrtoul_from_user(ubuf, count, 10, &calls);
	if (ret)
		return ret;
	if (calls == 0 || calls > KS_BENCH_MAX_CALLS)
		return -EINVAL;

	mutex_lock(&ks_bench_lock);
	start = ktime_get_ns();
	for (i = 0; i < calls; i++) {
		sum += ks_bench_call();
		/* Long loops must not trip the soft lockup detector. */
		if ((i & 0xfffff) == 0xfffff)
			cond_resched();
	}
	ks_bench_ns = ktime_get_ns() - start;
	ks_bench_calls = calls;
	ks_bench_sum = sum;
	mutex_unlock(&ks_bench_lock);
	return count;
}

static int ks_bench_loop_show(struct seq_file *m, void *v)
{
	mutex_lock(&ks_bench_lock);
	seq_printf(m, "calls=%lu ns=%llu sum=%ld\n", ks_bench_calls,
		   ks_bench_ns, ks_bench_sum);
	mutex_unlock(&ks_bench_lock);
	return 0;
}

static int ks_bench_loop_open(struct inode *inode, struct file *file)
{
	return single_open(file, ks_bench_loop_show, NULL);
}

static const struct proc_ops ks_bench_loop_ops = {
	.proc_open = ks_bench_loop_open,
	.proc_read = seq_read,
	.proc_write = ks_bench_loop_write,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

static struct proc_dir_entry *ks_bench_dir;

static int __init ks_bench_init(void)
{
	ks_bench_dir = proc_mkdir("ks_bench", NULL);
	if (!ks_bench_dir)
		return -ENOMEM;
	if (!proc_create("loop", 0600, ks_bench_dir, &ks_bench_loop_ops)) {
		proc_remove(ks_bench_dir);
		return -ENOMEM;
	}
	return 0;
}

static void __exit ks_bench_exit(void)
{
	proc_remove(ks_bench_dir);
}

module_init(ks_bench_init);
module_exit(ks_bench_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Targets and a timed call loop for the killswitch benchmark");
