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
#include <linux/compiler.h>
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

/* Static and kept: the benchmark engages them by name through kallsyms. */
static noinline __used long ks_bench_target(void)
{
	/* Keeps the call from being folded away. */
	barrier();
	return 1;
}

#define KS_BENCH_FN(n)							\
static noinline __used long ks_bench_fn##n(void)			\
{									\
	barrier();							\
	return 0x##n;							\
}

/* 256 functions, named by their number in hexadecimal: fn000 to fn0ff. */
KS_BENCH_FN(000) KS_BENCH_FN(001) KS_BENCH_FN(002) KS_BENCH_FN(003)
KS_BENCH_FN(004) KS_BENCH_FN(005) KS_BENCH_FN(006) KS_BENCH_FN(007)
KS_BENCH_FN(008) KS_BENCH_FN(009) KS_BENCH_FN(00a) KS_BENCH_FN(00b)
KS_BENCH_FN(00c) KS_BENCH_FN(00d) KS_BENCH_FN(00e) KS_BENCH_FN(00f)
KS_BENCH_FN(010) KS_BENCH_FN(011) KS_BENCH_FN(012) KS_BENCH_FN(013)
KS_BENCH_FN(014) KS_BENCH_FN(015) KS_BENCH_FN(016) KS_BENCH_FN(017)
KS_BENCH_FN(018) KS_BENCH_FN(019) KS_BENCH_FN(01a) KS_BENCH_FN(01b)
KS_BENCH_FN(01c) KS_BENCH_FN(01d) KS_BENCH_FN(01e) KS_BENCH_FN(01f)
KS_BENCH_FN(020) KS_BENCH_FN(021) KS_BENCH_FN(022) KS_BENCH_FN(023)
KS_BENCH_FN(024) KS_BENCH_FN(025) KS_BENCH_FN(026) KS_BENCH_FN(027)
KS_BENCH_FN(028) KS_BENCH_FN(029) KS_BENCH_FN(02a) KS_BENCH_FN(02b)
KS_BENCH_FN(02c) KS_BENCH_FN(02d) KS_BENCH_FN(02e) KS_BENCH_FN(02f)
KS_BENCH_FN(030) KS_BENCH_FN(031) KS_BENCH_FN(032) KS_BENCH_FN(033)
KS_BENCH_FN(034) KS_BENCH_FN(035) KS_BENCH_FN(036) KS_BENCH_FN(037)
KS_BENCH_FN(038) KS_BENCH_FN(039) KS_BENCH_FN(03a) KS_BENCH_FN(03b)
KS_BENCH_FN(03c) KS_BENCH_FN(03d) KS_BENCH_FN(03e) KS_BENCH_FN(03f)
KS_BENCH_FN(040) KS_BENCH_FN(041) KS_BENCH_FN(042) KS_BENCH_FN(043)
KS_BENCH_FN(044) KS_BENCH_FN(045) KS_BENCH_FN(046) KS_BENCH_FN(047)
KS_BENCH_FN(048) KS_BENCH_FN(049) KS_BENCH_FN(04a) KS_BENCH_FN(04b)
KS_BENCH_FN(04c) KS_BENCH_FN(04d) KS_BENCH_FN(04e) KS_BENCH_FN(04f)
KS_BENCH_FN(050) KS_BENCH_FN(051) KS_BENCH_FN(052) KS_BENCH_FN(053)
KS_BENCH_FN(054) KS_BENCH_FN(055) KS_BENCH_FN(056) KS_BENCH_FN(057)
KS_BENCH_FN(058) KS_BENCH_FN(059) KS_BENCH_FN(05a) KS_BENCH_FN(05b)
KS_BENCH_FN(05c) KS_BENCH_FN(05d) KS_BENCH_FN(05e) KS_BENCH_FN(05f)
KS_BENCH_FN(060) KS_BENCH_FN(061) KS_BENCH_FN(062) KS_BENCH_FN(063)
KS_BENCH_FN(064) KS_BENCH_FN(065) KS_BENCH_FN(066) KS_BENCH_FN(067)
KS_BENCH_FN(068) KS_BENCH_FN(069) KS_BENCH_FN(06a) KS_BENCH_FN(06b)
KS_BENCH_FN(06c) KS_BENCH_FN(06d) KS_BENCH_FN(06e) KS_BENCH_FN(06f)
KS_BENCH_FN(070) KS_BENCH_FN(071) KS_BENCH_FN(072) KS_BENCH_FN(073)
KS_BENCH_FN(074) KS_BENCH_FN(075) KS_BENCH_FN(076) KS_BENCH_FN(077)
KS_BENCH_FN(078) KS_BENCH_FN(079) KS_BENCH_FN(07a) KS_BENCH_FN(07b)
KS_BENCH_FN(07c) KS_BENCH_FN(07d) KS_BENCH_FN(07e) KS_BENCH_FN(07f)
KS_BENCH_FN(080) KS_BENCH_FN(081) KS_BENCH_FN(082) KS_BENCH_FN(083)
KS_BENCH_FN(084) KS_BENCH_FN(085) KS_BENCH_FN(086) KS_BENCH_FN(087)
KS_BENCH_FN(088) KS_BENCH_FN(089) KS_BENCH_FN(08a) KS_BENCH_FN(08b)
KS_BENCH_FN(08c) KS_BENCH_FN(08d) KS_BENCH_FN(08e) KS_BENCH_FN(08f)
KS_BENCH_FN(090) KS_BENCH_FN(091) KS_BENCH_FN(092) KS_BENCH_FN(093)
KS_BENCH_FN(094) KS_BENCH_FN(095) KS_BENCH_FN(096) KS_BENCH_FN(097)
KS_BENCH_FN(098) KS_BENCH_FN(099) KS_BENCH_FN(09a) KS_BENCH_FN(09b)
KS_BENCH_FN(09c) KS_BENCH_FN(09d) KS_BENCH_FN(09e) KS_BENCH_FN(09f)
KS_BENCH_FN(0a0) KS_BENCH_FN(0a1) KS_BENCH_FN(0a2) KS_BENCH_FN(0a3)
KS_BENCH_FN(0a4) KS_BENCH_FN(0a5) KS_BENCH_FN(0a6) KS_BENCH_FN(0a7)
KS_BENCH_FN(0a8) KS_BENCH_FN(0a9) KS_BENCH_FN(0aa) KS_BENCH_FN(0ab)
KS_BENCH_FN(0ac) KS_BENCH_FN(0ad) KS_BENCH_FN(0ae) KS_BENCH_FN(0af)
KS_BENCH_FN(0b0) KS_BENCH_FN(0b1) KS_BENCH_FN(0b2) KS_BENCH_FN(0b3)
KS_BENCH_FN(0b4) KS_BENCH_FN(0b5) KS_BENCH_FN(0b6) KS_BENCH_FN(0b7)
KS_BENCH_FN(0b8) KS_BENCH_FN(0b9) KS_BENCH_FN(0ba) KS_BENCH_FN(0bb)
KS_BENCH_FN(0bc) KS_BENCH_FN(0bd) KS_BENCH_FN(0be) KS_BENCH_FN(0bf)
KS_BENCH_FN(0c0) KS_BENCH_FN(0c1) KS_BENCH_FN(0c2) KS_BENCH_FN(0c3)
KS_BENCH_FN(0c4) KS_BENCH_FN(0c5) KS_BENCH_FN(0c6) KS_BENCH_FN(0c7)
KS_BENCH_FN(0c8) KS_BENCH_FN(0c9) KS_BENCH_FN(0ca) KS_BENCH_FN(0cb)
KS_BENCH_FN(0cc) KS_BENCH_FN(0cd) KS_BENCH_FN(0ce) KS_BENCH_FN(0cf)
KS_BENCH_FN(0d0) KS_BENCH_FN(0d1) KS_BENCH_FN(0d2) KS_BENCH_FN(0d3)
KS_BENCH_FN(0d4) KS_BENCH_FN(0d5) KS_BENCH_FN(0d6) KS_BENCH_FN(0d7)
KS_BENCH_FN(0d8) KS_BENCH_FN(0d9) KS_BENCH_FN(0da) KS_BENCH_FN(0db)
KS_BENCH_FN(0dc) KS_BENCH_FN(0dd) KS_BENCH_FN(0de) KS_BENCH_FN(0df)
KS_BENCH_FN(0e0) KS_BENCH_FN(0e1) KS_BENCH_FN(0e2) KS_BENCH_FN(0e3)
KS_BENCH_FN(0e4) KS_BENCH_FN(0e5) KS_BENCH_FN(0e6) KS_BENCH_FN(0e7)
KS_BENCH_FN(0e8) KS_BENCH_FN(0e9) KS_BENCH_FN(0ea) KS_BENCH_FN(0eb)
KS_BENCH_FN(0ec) KS_BENCH_FN(0ed) KS_BENCH_FN(0ee) KS_BENCH_FN(0ef)
KS_BENCH_FN(0f0) KS_BENCH_FN(0f1) KS_BENCH_FN(0f2) KS_BENCH_FN(0f3)
KS_BENCH_FN(0f4) KS_BENCH_FN(0f5) KS_BENCH_FN(0f6) KS_BENCH_FN(0f7)
KS_BENCH_FN(0f8) KS_BENCH_FN(0f9) KS_BENCH_FN(0fa) KS_BENCH_FN(0fb)
KS_BENCH_FN(0fc) KS_BENCH_FN(0fd) KS_BENCH_FN(0fe) KS_BENCH_FN(0ff)

/* Read with READ_ONCE() so that the compiler cannot see the target. */
static long (*ks_bench_call)(void) = ks_bench_target;

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
		sum += READ_ONCE(ks_bench_call)();
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
