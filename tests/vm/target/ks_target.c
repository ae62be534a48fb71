// SPDX-License-Identifier: GPL-2.0
/*
 * ks_target - functions with known return values for the killswitch tests
 * to engage.
 *
 * Each ks_target_TYPE() function counts the executions of its body and
 * returns a fixed value. Reading /proc/ks_target/TYPE calls the function once
 * and prints what it returned, in signed decimal, followed by a newline:
 *
 *   long   42         int    7          bool   1
 *   ulong  100        ptr    object     void   done
 *
 * ptr prints "object" when it got the address of ks_target_object and the
 * pointer value in signed decimal otherwise (-1 for ERR_PTR(-EPERM), 0 for
 * NULL). /proc/ks_target/calls prints one "TYPE COUNT" line per function,
 * COUNT being the number of body executions since the module was loaded,
 * so a call that the killswitch intercepts does not count.
 * /proc/ks_target/init_long prints what ks_target_long() returned when the
 * module's init function called it, which shows whether an engagement of
 * a module that was not loaded yet was armed before the init function ran.
 *
 * ks_target_fn00() to ks_target_fn15() return 1000 to 1015; they give the
 * stress and fault suites many functions to engage at once.
 *
 * /proc/ks_target/repeat calls a function many times in one system call,
 * for the stress driver: write "NAME COUNT" (NAME being long, int, bool,
 * ulong, ptr, void or fn00 to fn15, COUNT 1 to 1000000), then read
 * "NAME calls=N natural=N other=N last_other=V": how many calls returned
 * the function's own value and how many another one, and the last other
 * value. A void function counts every call as natural. Each open file keeps
 * its own result.
 *
 * /proc/ks_target/leak is a test-only leak: writing N allocates N objects
 * of 512 bytes and keeps them until 0 is written or the module unloads;
 * reading prints how many are held. The stress suite uses it to prove that
 * its slab comparison detects a leak.
 *
 * The functions are noinline, global and exported, so the compiler keeps one
 * out-of-line copy under the exact symbol name, which is the copy the
 * killswitch engages. The procfs files call them through function pointers,
 * so no call site can be compiled with the known return value folded in.
 */
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ks_target.h"

enum ks_target_type {
	KS_TARGET_LONG,
	KS_TARGET_INT,
	KS_TARGET_BOOL,
	KS_TARGET_ULONG,
	KS_TARGET_PTR,
	KS_TARGET_VOID,
	KS_TARGET_TYPES,
};

static atomic_long_t ks_target_calls[KS_TARGET_TYPES];

/* The object ks_target_ptr() returns; only its address matters. */
static int ks_target_object;

noinline long ks_target_long(void)
{
	atomic_long_inc(&ks_target_calls[KS_TARGET_LONG]);
	return 42;
}
EXPORT_SYMBOL_GPL(ks_target_long);

noinline int ks_target_int(void)
{
	atomic_long_inc(&ks_target_calls[KS_TARGET_INT]);
	return 7;
}
EXPORT_SYMBOL_GPL(ks_target_int);

noinline bool ks_target_bool(void)
{
	atomic_long_inc(&ks_target_calls[KS_TARGET_BOOL]);
	return true;
}
EXPORT_SYMBOL_GPL(ks_target_bool);

noinline unsigned long ks_target_ulong(void)
{
	atomic_long_inc(&ks_target_calls[KS_TARGET_ULONG]);
	return 100;
}
EXPORT_SYMBOL_GPL(ks_target_ulong);

noinline void *ks_target_ptr(void)
{
	atomic_long_inc(&ks_target_calls[KS_TARGET_PTR]);
	return &ks_target_object;
}
EXPORT_SYMBOL_GPL(ks_target_ptr);

noinline void ks_target_void(void)
{
	atomic_long_inc(&ks_target_calls[KS_TARGET_VOID]);
}
EXPORT_SYMBOL_GPL(ks_target_void);

#define KS_TARGET_FN_COUNT 16

static atomic_long_t ks_target_fn_calls[KS_TARGET_FN_COUNT];

/* The body of every fnNN function: count the call, return 1000 + @index. */
static __always_inline long ks_target_fn_body(unsigned int index)
{
	atomic_long_inc(&ks_target_fn_calls[index]);
	return 1000 + index;
}

/* Define ks_target_fnNAME(), which returns 1000 + INDEX. */
#define KS_TARGET_FN(name, index)					\
noinline long ks_target_fn##name(void)					\
{									\
	return ks_target_fn_body(index);				\
}									\
EXPORT_SYMBOL_GPL(ks_target_fn##name)

KS_TARGET_FN(00, 0);
KS_TARGET_FN(01, 1);
KS_TARGET_FN(02, 2);
KS_TARGET_FN(03, 3);
KS_TARGET_FN(04, 4);
KS_TARGET_FN(05, 5);
KS_TARGET_FN(06, 6);
KS_TARGET_FN(07, 7);
KS_TARGET_FN(08, 8);
KS_TARGET_FN(09, 9);
KS_TARGET_FN(10, 10);
KS_TARGET_FN(11, 11);
KS_TARGET_FN(12, 12);
KS_TARGET_FN(13, 13);
KS_TARGET_FN(14, 14);
KS_TARGET_FN(15, 15);

/* One /proc/ks_target/ file: its name and the function it calls. */
struct ks_target_file {
	const char *name;
	enum ks_target_type type;
	union {
		long (*call_long)(void);
		int (*call_int)(void);
		bool (*call_bool)(void);
		unsigned long (*call_ulong)(void);
		void *(*call_ptr)(void);
		void (*call_void)(void);
	};
};

/* Indexed by enum ks_target_type, which the calls file relies on. */
static const struct ks_target_file ks_target_files[KS_TARGET_TYPES] = {
	[KS_TARGET_LONG] = {
		.name = "long", .type = KS_TARGET_LONG,
		.call_long = ks_target_long,
	},
	[KS_TARGET_INT] = {
		.name = "int", .type = KS_TARGET_INT,
		.call_int = ks_target_int,
	},
	[KS_TARGET_BOOL] = {
		.name = "bool", .type = KS_TARGET_BOOL,
		.call_bool = ks_target_bool,
	},
	[KS_TARGET_ULONG] = {
		.name = "ulong", .type = KS_TARGET_ULONG,
		.call_ulong = ks_target_ulong,
	},
	[KS_TARGET_PTR] = {
		.name = "ptr", .type = KS_TARGET_PTR,
		.call_ptr = ks_target_ptr,
	},
	[KS_TARGET_VOID] = {
		.name = "void", .type = KS_TARGET_VOID,
		.call_void = ks_target_void,
	},
};

static struct proc_dir_entry *ks_target_dir;

static int ks_target_call_show(struct seq_file *m, void *v)
{
	const struct ks_target_file *file = m->private;
	void *ptr;

	switch (file->type) {
	case KS_TARGET_LONG:
		seq_printf(m, "%ld\n", file->call_long());
		break;
	case KS_TARGET_INT:
		seq_printf(m, "%d\n", file->call_int());
		break;
	case KS_TARGET_BOOL:
		seq_printf(m, "%d\n", file->call_bool());
		break;
	case KS_TARGET_ULONG:
		seq_printf(m, "%ld\n", (long)file->call_ulong());
		break;
	case KS_TARGET_PTR:
		ptr = file->call_ptr();
		if (ptr == &ks_target_object)
			seq_puts(m, "object\n");
		else
			seq_printf(m, "%ld\n", (long)ptr);
		break;
	case KS_TARGET_VOID:
		file->call_void();
		seq_puts(m, "done\n");
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static int ks_target_calls_show(struct seq_file *m, void *v)
{
	int type;

	for (type = 0; type < KS_TARGET_TYPES; type++)
		seq_printf(m, "%s %ld\n", ks_target_files[type].name,
			   atomic_long_read(&ks_target_calls[type]));
	return 0;
}

/*
 * A function /proc/ks_target/repeat can call: one of ks_target_files, or
 * with type KS_TARGET_TYPES one of the fnNN functions in call_fn.
 */
struct ks_target_callee {
	const char *name;
	enum ks_target_type type;
	long (*call_fn)(void);
	long natural;
};

static const struct ks_target_callee ks_target_callees[] = {
	{ "long", KS_TARGET_LONG, NULL, 42 },
	{ "int", KS_TARGET_INT, NULL, 7 },
	{ "bool", KS_TARGET_BOOL, NULL, 1 },
	{ "ulong", KS_TARGET_ULONG, NULL, 100 },
	/* ks_target_callee_call() maps the address of ks_target_object to 0. */
	{ "ptr", KS_TARGET_PTR, NULL, 0 },
	{ "void", KS_TARGET_VOID, NULL, 0 },
	{ "fn00", KS_TARGET_TYPES, ks_target_fn00, 1000 },
	{ "fn01", KS_TARGET_TYPES, ks_target_fn01, 1001 },
	{ "fn02", KS_TARGET_TYPES, ks_target_fn02, 1002 },
	{ "fn03", KS_TARGET_TYPES, ks_target_fn03, 1003 },
	{ "fn04", KS_TARGET_TYPES, ks_target_fn04, 1004 },
	{ "fn05", KS_TARGET_TYPES, ks_target_fn05, 1005 },
	{ "fn06", KS_TARGET_TYPES, ks_target_fn06, 1006 },
	{ "fn07", KS_TARGET_TYPES, ks_target_fn07, 1007 },
	{ "fn08", KS_TARGET_TYPES, ks_target_fn08, 1008 },
	{ "fn09", KS_TARGET_TYPES, ks_target_fn09, 1009 },
	{ "fn10", KS_TARGET_TYPES, ks_target_fn10, 1010 },
	{ "fn11", KS_TARGET_TYPES, ks_target_fn11, 1011 },
	{ "fn12", KS_TARGET_TYPES, ks_target_fn12, 1012 },
	{ "fn13", KS_TARGET_TYPES, ks_target_fn13, 1013 },
	{ "fn14", KS_TARGET_TYPES, ks_target_fn14, 1014 },
	{ "fn15", KS_TARGET_TYPES, ks_target_fn15, 1015 },
};

/*
 * Call @callee once and return its value as a long. The callee is chosen
 * at run time, so every call is indirect and its value cannot be folded.
 */
static long ks_target_callee_call(const struct ks_target_callee *callee)
{
	const struct ks_target_file *file;
	void *ptr;

	if (callee->type == KS_TARGET_TYPES)
		return callee->call_fn();

	file = &ks_target_files[callee->type];
	switch (callee->type) {
	case KS_TARGET_LONG:
		return file->call_long();
	case KS_TARGET_INT:
		return file->call_int();
	case KS_TARGET_BOOL:
		return file->call_bool();
	case KS_TARGET_ULONG:
		return (long)file->call_ulong();
	case KS_TARGET_PTR:
		ptr = file->call_ptr();
		return ptr == &ks_target_object ? 0 : (long)ptr;
	case KS_TARGET_VOID:
		file->call_void();
		return 0;
	default:
		return 0;
	}
}

#define KS_TARGET_REPEAT_MAX 1000000

/* The result of the last write to one open /proc/ks_target/repeat file. */
struct ks_target_repeat {
	/* Serializes writes and reads through the same open file. */
	struct mutex lock;
	const struct ks_target_callee *callee;
	unsigned int calls;
	unsigned int natural;
	unsigned int other;
	long last_other;
};

static int ks_target_repeat_open(struct inode *inode, struct file *file)
{
	struct ks_target_repeat *repeat;

	repeat = kzalloc(sizeof(*repeat), GFP_KERNEL);
	if (!repeat)
		return -ENOMEM;
	mutex_init(&repeat->lock);
	file->private_data = repeat;
	return 0;
}

static int ks_target_repeat_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static ssize_t ks_target_repeat_write(struct file *file, const char __user *ubuf,
				      size_t count, loff_t *ppos)
{
	struct ks_target_repeat *repeat = file->private_data;
	const struct ks_target_callee *callee = NULL;
	unsigned int calls, i;
	char buf[32], *space;
	long value;

	if (count == 0 || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	space = strchr(strim(buf), ' ');
	if (!space)
		return -EINVAL;
	*space = '\0';
	if (kstrtouint(space + 1, 10, &calls) || calls == 0 ||
	    calls > KS_TARGET_REPEAT_MAX)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(ks_target_callees); i++) {
		if (strcmp(buf, ks_target_callees[i].name) == 0)
			callee = &ks_target_callees[i];
	}
	if (!callee)
		return -EINVAL;

	mutex_lock(&repeat->lock);
	repeat->callee = callee;
	repeat->calls = 0;
	repeat->natural = 0;
	repeat->other = 0;
	repeat->last_other = 0;
	for (i = 0; i < calls; i++) {
		value = ks_target_callee_call(callee);
		repeat->calls++;
		if (value == callee->natural) {
			repeat->natural++;
		} else {
			repeat->other++;
			repeat->last_other = value;
		}
		if ((i & 1023) == 1023) {
			if (fatal_signal_pending(current))
				break;
			cond_resched();
		}
	}
	mutex_unlock(&repeat->lock);
	return count;
}

static ssize_t ks_target_repeat_read(struct file *file, char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	struct ks_target_repeat *repeat = file->private_data;
	char buf[128];
	int len;

	mutex_lock(&repeat->lock);
	len = scnprintf(buf, sizeof(buf),
			"%s calls=%u natural=%u other=%u last_other=%ld\n",
			repeat->callee ? repeat->callee->name : "none",
			repeat->calls, repeat->natural, repeat->other,
			repeat->last_other);
	mutex_unlock(&repeat->lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static const struct proc_ops ks_target_repeat_ops = {
	.proc_open = ks_target_repeat_open,
	.proc_release = ks_target_repeat_release,
	.proc_read = ks_target_repeat_read,
	.proc_write = ks_target_repeat_write,
	.proc_lseek = default_llseek,
};

/* The objects /proc/ks_target/leak holds, under ks_target_leak_lock. */
static LIST_HEAD(ks_target_leaked);
static unsigned long ks_target_leak_count;
static DEFINE_MUTEX(ks_target_leak_lock);

#define KS_TARGET_LEAK_SIZE 512
#define KS_TARGET_LEAK_MAX 100000

static void ks_target_leak_free(void)
{
	struct list_head *node, *next;

	list_for_each_safe(node, next, &ks_target_leaked) {
		list_del(node);
		kfree(node);
	}
	ks_target_leak_count = 0;
}

static ssize_t ks_target_leak_write(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	struct list_head *node;
	unsigned int objects, i;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 10, &objects);
	if (ret)
		return ret;
	if (objects > KS_TARGET_LEAK_MAX)
		return -EINVAL;

	mutex_lock(&ks_target_leak_lock);
	if (objects == 0)
		ks_target_leak_free();
	for (i = 0; i < objects; i++) {
		node = kmalloc(KS_TARGET_LEAK_SIZE, GFP_KERNEL);
		if (!node) {
			mutex_unlock(&ks_target_leak_lock);
			return -ENOMEM;
		}
		list_add(node, &ks_target_leaked);
		ks_target_leak_count++;
	}
	mutex_unlock(&ks_target_leak_lock);
	return count;
}

static int ks_target_leak_show(struct seq_file *m, void *v)
{
	mutex_lock(&ks_target_leak_lock);
	seq_printf(m, "%lu\n", ks_target_leak_count);
	mutex_unlock(&ks_target_leak_lock);
	return 0;
}

static int ks_target_leak_open(struct inode *inode, struct file *file)
{
	return single_open(file, ks_target_leak_show, NULL);
}

static const struct proc_ops ks_target_leak_ops = {
	.proc_open = ks_target_leak_open,
	.proc_read = seq_read,
	.proc_write = ks_target_leak_write,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
};

/* What ks_target_long() returned when ks_target_init() called it. */
static long ks_target_init_long;

static int ks_target_init_long_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%ld\n", ks_target_init_long);
	return 0;
}

static int __init ks_target_init(void)
{
	int type;

	ks_target_init_long = ks_target_long();

	ks_target_dir = proc_mkdir("ks_target", NULL);
	if (!ks_target_dir)
		return -ENOMEM;

	for (type = 0; type < KS_TARGET_TYPES; type++) {
		/* single_open() hands the data pointer to the show function. */
		if (!proc_create_single_data(ks_target_files[type].name, 0444,
					     ks_target_dir, ks_target_call_show,
					     (void *)&ks_target_files[type]))
			goto fail;
	}
	if (!proc_create_single("init_long", 0444, ks_target_dir,
				ks_target_init_long_show))
		goto fail;
	if (!proc_create_single("calls", 0444, ks_target_dir,
				ks_target_calls_show))
		goto fail;
	if (!proc_create("repeat", 0600, ks_target_dir, &ks_target_repeat_ops))
		goto fail;
	if (!proc_create("leak", 0600, ks_target_dir, &ks_target_leak_ops))
		goto fail;
	return 0;

fail:
	proc_remove(ks_target_dir);
	return -ENOMEM;
}

static void __exit ks_target_exit(void)
{
	proc_remove(ks_target_dir);
	ks_target_leak_free();
}

module_init(ks_target_init);
module_exit(ks_target_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Functions with known return values for killswitch tests");
