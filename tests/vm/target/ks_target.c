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
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

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
	return 0;

fail:
	proc_remove(ks_target_dir);
	return -ENOMEM;
}

static void __exit ks_target_exit(void)
{
	proc_remove(ks_target_dir);
}

module_init(ks_target_init);
module_exit(ks_target_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Functions with known return values for killswitch tests");
