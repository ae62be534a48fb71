// SPDX-License-Identifier: GPL-2.0
/*
 * The securityfs tree /sys/kernel/security/killswitch/:
 *
 *   control          write-only, the control language
 *   engaged          one key=value line per engagement
 *   sealed           1 after seal, else 0
 *   history          the last events since load
 *   guard            the guard rules
 *   fn/SYMBOL/       one directory per engagement
 *     retval         read-write, the engaged value
 *     scope          read-write, all, userns or unpriv
 *     hits           calls seen since the engagement began
 *     passed         calls that ran the real function
 *     state          pending, probing, engaged or observing
 *     reason         the reason= tag
 *     callers        distinct callers seen by observe
 *
 * A per-function file finds its engagement through inode->i_private, which
 * is read and cleared only under ks_mutex. A file that is still open after
 * its engagement went away fails with -ENODEV instead of touching freed
 * memory, and while any file is open killswitch.ko cannot unload because
 * the VFS holds a reference to this module through the file_operations.
 */
#define pr_fmt(fmt) "killswitch: " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>

#include "killswitch.h"

static struct dentry *ks_dir;
static struct dentry *ks_fn_dir;
static struct dentry *ks_control_file;

/*
 * Changing engagements needs CAP_SYS_ADMIN in the initial user namespace,
 * both for the writer and for the task that opened the file, so that a file
 * descriptor handed to a less privileged process is useless to it.
 */
static int ks_write_allowed(struct file *file)
{
	if (!capable(CAP_SYS_ADMIN) ||
	    !file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	return security_locked_down(KS_LOCKDOWN_REASON);
}

static ssize_t ks_control_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct ks_parse_error err = { 0 };
	struct ks_cmd *cmds;
	unsigned int ncmds;
	char *buf;
	int ret;

	ret = ks_write_allowed(file);
	if (ret)
		return ret;

	/* Each write is a whole transaction; there is nothing to append to. */
	if (*ppos != 0)
		return -EINVAL;
	if (count == 0)
		return 0;
	if (count > KS_WRITE_MAX)
		return -E2BIG;

	buf = kvmalloc(count + 1, GFP_KERNEL);
	cmds = kvcalloc(KS_BATCH_MAX, sizeof(*cmds), GFP_KERNEL);
	if (!buf || !cmds) {
		ret = -ENOMEM;
		goto out;
	}
	if (copy_from_user(buf, ubuf, count)) {
		ret = -EFAULT;
		goto out;
	}

	ret = ks_parse_batch(buf, count, cmds, KS_BATCH_MAX, &ncmds, &err);
	if (ret) {
		pr_notice("control: line %u: %s: '%s'; nothing was applied\n",
			  err.line, err.reason, err.token);
		goto out;
	}

	ret = ks_apply_batch(cmds, ncmds);
	if (!ret)
		ret = count;
out:
	kvfree(cmds);
	kvfree(buf);
	return ret;
}

static const struct file_operations ks_control_fops = {
	.owner = THIS_MODULE,
	.write = ks_control_write,
	.llseek = noop_llseek,
};

static int ks_engaged_show(struct seq_file *m, void *v)
{
	struct ks_engagement *e;

	mutex_lock(&ks_mutex);
	list_for_each_entry(e, &ks_engagements, node) {
		seq_printf(m, "symbol=%s module=%s retval=%ld state=%s hits=%llu passed=%llu scope=%s reason=%s\n",
			   e->symbol, e->module, READ_ONCE(e->retval),
			   ks_state_name(e), ks_hits(e), ks_passed(e),
			   ks_scope_name(READ_ONCE(e->scope)),
			   e->reason[0] ? e->reason : "-");
	}
	mutex_unlock(&ks_mutex);
	return 0;
}

static int ks_sealed_show(struct seq_file *m, void *v)
{
	mutex_lock(&ks_mutex);
	seq_printf(m, "%d\n", ks_sealed);
	mutex_unlock(&ks_mutex);
	return 0;
}

static int ks_history_file_show(struct seq_file *m, void *v)
{
	ks_history_show(m);
	return 0;
}

static int ks_guard_file_show(struct seq_file *m, void *v)
{
	mutex_lock(&ks_mutex);
	ks_guard_show(m);
	mutex_unlock(&ks_mutex);
	return 0;
}

/* A read-only seq_file whose show function comes from i_private. */
static int ks_show_open(struct inode *inode, struct file *file)
{
	return single_open(file, inode->i_private, NULL);
}

static const struct file_operations ks_show_fops = {
	.owner = THIS_MODULE,
	.open = ks_show_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

/*
 * The per-function files. Each one's show function prints its value; the
 * files are seq_files that look their engagement up under ks_mutex when
 * read, so a file that outlives its engagement reads -ENODEV.
 */
typedef void (*ks_fn_show_t)(struct seq_file *m, struct ks_engagement *e);
typedef int (*ks_fn_store_t)(struct ks_engagement *e, char *value);

struct ks_fn_file {
	const char *name;
	umode_t mode;
	ks_fn_show_t show;
	ks_fn_store_t store;
};

static void ks_fn_show_retval(struct seq_file *m, struct ks_engagement *e)
{
	seq_printf(m, "%ld\n", READ_ONCE(e->retval));
}

static void ks_fn_show_scope(struct seq_file *m, struct ks_engagement *e)
{
	seq_printf(m, "%s\n", ks_scope_name(READ_ONCE(e->scope)));
}

static void ks_fn_show_hits(struct seq_file *m, struct ks_engagement *e)
{
	seq_printf(m, "%llu\n", ks_hits(e));
}

static void ks_fn_show_passed(struct seq_file *m, struct ks_engagement *e)
{
	seq_printf(m, "%llu\n", ks_passed(e));
}

static void ks_fn_show_state(struct seq_file *m, struct ks_engagement *e)
{
	seq_printf(m, "%s\n", ks_state_name(e));
}

static void ks_fn_show_reason(struct seq_file *m, struct ks_engagement *e)
{
	seq_printf(m, "%s\n", e->reason);
}

/* One line per distinct caller, most calls first is left to the reader. */
static void ks_fn_show_callers(struct seq_file *m, struct ks_engagement *e)
{
	struct ks_caller callers[KS_CALLERS_MAX];
	u64 other;
	int i;

	raw_spin_lock_irq(&e->callers_lock);
	memcpy(callers, e->callers, sizeof(callers));
	other = e->callers_other;
	raw_spin_unlock_irq(&e->callers_lock);

	for (i = 0; i < KS_CALLERS_MAX && callers[i].count; i++)
		seq_printf(m, "calls=%llu comm=%.*s pid=%d uid=%u userns=%u\n",
			   callers[i].count, TASK_COMM_LEN, callers[i].comm,
			   callers[i].pid, callers[i].uid, callers[i].userns);
	if (other)
		seq_printf(m, "calls=%llu comm=- pid=- uid=- userns=-\n", other);
}

static int ks_fn_store_retval(struct ks_engagement *e, char *value)
{
	long long parsed;

	if (ks_parse_retval(value, &parsed))
		return -EINVAL;
	WRITE_ONCE(e->retval, (long)parsed);
	ks_direct_sync(e);
	return 0;
}

static int ks_fn_store_scope(struct ks_engagement *e, char *value)
{
	int scope;

	for (scope = KS_SCOPE_ALL; scope <= KS_SCOPE_UNPRIV; scope++) {
		if (strcmp(value, ks_scope_name(scope)) == 0) {
			WRITE_ONCE(e->scope, scope);
			ks_direct_sync(e);
			return 0;
		}
	}
	return -EINVAL;
}

static const struct ks_fn_file ks_fn_files[] = {
	{ "retval", 0600, ks_fn_show_retval, ks_fn_store_retval },
	{ "scope", 0600, ks_fn_show_scope, ks_fn_store_scope },
	{ "hits", 0400, ks_fn_show_hits, NULL },
	{ "passed", 0400, ks_fn_show_passed, NULL },
	{ "state", 0400, ks_fn_show_state, NULL },
	{ "reason", 0400, ks_fn_show_reason, NULL },
	{ "callers", 0400, ks_fn_show_callers, NULL },
};

static_assert(ARRAY_SIZE(ks_fn_files) <= ARRAY_SIZE(((struct ks_engagement *)0)->files));

static int ks_fn_seq_show(struct seq_file *m, void *v)
{
	const struct ks_fn_file *spec = m->private;
	struct ks_engagement *e;

	mutex_lock(&ks_mutex);
	e = file_inode(m->file)->i_private;
	if (e)
		spec->show(m, e);
	mutex_unlock(&ks_mutex);
	return e ? 0 : -ENODEV;
}

static int ks_fn_open(struct inode *inode, struct file *file)
{
	const struct ks_fn_file *spec = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ks_fn_files); i++) {
		if (strcmp(file->f_path.dentry->d_name.name, ks_fn_files[i].name) == 0)
			spec = &ks_fn_files[i];
	}
	if (!spec)
		return -ENOENT;
	return single_open(file, ks_fn_seq_show, (void *)spec);
}

/* A new value takes effect on the target's next call. */
static ssize_t ks_fn_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	const struct ks_fn_file *spec =
		((struct seq_file *)file->private_data)->private;
	struct ks_engagement *e;
	struct ks_actor actor;
	char buf[64];
	char *value;
	int ret;

	if (!spec->store)
		return -EINVAL;
	ret = ks_write_allowed(file);
	if (ret)
		return ret;
	if (*ppos != 0 || count == 0 || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (strlen(buf) != count)
		return -EINVAL;
	/* Blanks around the value, and a trailing newline, are fine. */
	value = strim(buf);

	ks_actor_current(&actor);
	mutex_lock(&ks_mutex);
	e = file_inode(file)->i_private;
	if (!e) {
		ret = -ENODEV;
	} else if (ks_sealed) {
		pr_notice("%s: %s of %s refused: sealed until reboot\n",
			  spec->name, value, e->symbol);
		ret = -EPERM;
	} else {
		ret = spec->store(e, value);
		if (!ret)
			ks_event(spec->name, e, &actor);
	}
	mutex_unlock(&ks_mutex);
	return ret ? ret : count;
}

static const struct file_operations ks_fn_fops = {
	.owner = THIS_MODULE,
	.open = ks_fn_open,
	.read = seq_read,
	.write = ks_fn_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* Create a securityfs directory with @mode; securityfs_create_dir() is 0755. */
static struct dentry *ks_create_dir(const char *name, umode_t mode,
				    struct dentry *parent)
{
	return securityfs_create_file(name, S_IFDIR | mode, parent, NULL, NULL);
}

/**
 * ks_fs_add - create fn/SYMBOL/ and its files for a new engagement
 * @e: the engagement
 *
 * Context: ks_mutex held. On failure, ks_fs_remove() cleans up.
 * Return: 0 or a negative errno.
 */
int ks_fs_add(struct ks_engagement *e)
{
	struct dentry *d;
	size_t i;

	d = ks_create_dir(e->symbol, 0700, ks_fn_dir);
	if (IS_ERR(d))
		return PTR_ERR(d);
	e->dir = d;

	for (i = 0; i < ARRAY_SIZE(ks_fn_files); i++) {
		d = securityfs_create_file(ks_fn_files[i].name,
					   ks_fn_files[i].mode, e->dir, e,
					   &ks_fn_fops);
		if (IS_ERR(d))
			return PTR_ERR(d);
		e->files[i] = d;
	}
	return 0;
}

/*
 * Remove a securityfs entry for good. securityfs_remove() unlinks it, but
 * a dentry that an open file still references stays hashed: its directory then
 * cannot be removed, and engaging the same symbol again would find the old
 * name and fail with -EEXIST. Unhash it as well, under the parent's lock,
 * as simple_recursive_removal() does; the open file keeps the unhashed
 * dentry alive until it is closed.
 */
static void ks_securityfs_remove(struct dentry *d)
{
	struct inode *dir;

	if (IS_ERR_OR_NULL(d))
		return;
	dir = d_inode(d->d_parent);

	dget(d);
	securityfs_remove(d);
	inode_lock(dir);
	d_drop(d);
	inode_unlock(dir);
	dput(d);
}

static void ks_fs_remove_file(struct dentry **d)
{
	if (!*d)
		return;
	/* Open files of this engagement see NULL and fail with -ENODEV. */
	d_inode(*d)->i_private = NULL;
	ks_securityfs_remove(*d);
	*d = NULL;
}

/**
 * ks_fs_remove - remove fn/SYMBOL/ of an engagement
 * @e: the engagement; files not created yet are skipped
 *
 * Context: ks_mutex held.
 */
void ks_fs_remove(struct ks_engagement *e)
{
	size_t i;

	lockdep_assert_held(&ks_mutex);
	for (i = 0; i < ARRAY_SIZE(e->files); i++)
		ks_fs_remove_file(&e->files[i]);
	ks_securityfs_remove(e->dir);
	e->dir = NULL;
}

/* The read-only top-level files and what each prints. */
static const struct {
	const char *name;
	int (*show)(struct seq_file *m, void *v);
} ks_top_files[] = {
	{ "engaged", ks_engaged_show },
	{ "sealed", ks_sealed_show },
	{ "history", ks_history_file_show },
	{ "guard", ks_guard_file_show },
};

static struct dentry *ks_top_dentries[ARRAY_SIZE(ks_top_files)];

/* Create killswitch/ with control, the read-only files and fn/. */
int ks_fs_init(void)
{
	struct dentry *d;
	size_t i;

	d = securityfs_create_dir("killswitch", NULL);
	if (IS_ERR(d))
		return PTR_ERR(d);
	ks_dir = d;

	d = securityfs_create_file("control", 0200, ks_dir, NULL,
				   &ks_control_fops);
	if (IS_ERR(d))
		goto fail;
	ks_control_file = d;

	for (i = 0; i < ARRAY_SIZE(ks_top_files); i++) {
		d = securityfs_create_file(ks_top_files[i].name, 0400, ks_dir,
					   ks_top_files[i].show, &ks_show_fops);
		if (IS_ERR(d))
			goto fail;
		ks_top_dentries[i] = d;
	}

	d = ks_create_dir("fn", 0700, ks_dir);
	if (IS_ERR(d))
		goto fail;
	ks_fn_dir = d;
	return 0;

fail:
	ks_fs_exit();
	return PTR_ERR(d);
}

/* Remove the tree; the engagements must be gone already. */
void ks_fs_exit(void)
{
	size_t i;

	/* A shell whose working directory is fn/ must not keep the tree alive. */
	ks_securityfs_remove(ks_fn_dir);
	ks_fn_dir = NULL;
	for (i = 0; i < ARRAY_SIZE(ks_top_dentries); i++) {
		ks_securityfs_remove(ks_top_dentries[i]);
		ks_top_dentries[i] = NULL;
	}
	ks_securityfs_remove(ks_control_file);
	ks_control_file = NULL;
	ks_securityfs_remove(ks_dir);
	ks_dir = NULL;
}
