// SPDX-License-Identifier: GPL-2.0
/*
 * The securityfs tree /sys/kernel/security/killswitch/:
 *
 *   control          write-only, the control language
 *   engaged          one key=value line per engagement
 *   fn/SYMBOL/       one directory per engagement
 *     retval         read-write, the engaged value
 *     hits           calls seen since the engagement began
 *     state          probing or engaged
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
static struct dentry *ks_engaged_file;

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
		seq_printf(m, "symbol=%s module=%s retval=%ld state=%s hits=%llu\n",
			   e->symbol, e->module, READ_ONCE(e->retval),
			   ks_state_name(READ_ONCE(e->state)), ks_hits(e));
	}
	mutex_unlock(&ks_mutex);
	return 0;
}

static int ks_engaged_open(struct inode *inode, struct file *file)
{
	return single_open(file, ks_engaged_show, NULL);
}

static const struct file_operations ks_engaged_fops = {
	.owner = THIS_MODULE,
	.open = ks_engaged_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

typedef int (*ks_show_fn)(const struct ks_engagement *e, char *buf,
			  size_t size);

/* Read one per-function value, or -ENODEV if its engagement is gone. */
static ssize_t ks_fn_read(struct file *file, char __user *ubuf, size_t count,
			  loff_t *ppos, ks_show_fn show)
{
	const struct ks_engagement *e;
	char buf[32];
	int len;

	mutex_lock(&ks_mutex);
	e = file_inode(file)->i_private;
	if (!e) {
		mutex_unlock(&ks_mutex);
		return -ENODEV;
	}
	len = show(e, buf, sizeof(buf));
	mutex_unlock(&ks_mutex);

	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static int ks_show_retval(const struct ks_engagement *e, char *buf,
			  size_t size)
{
	return scnprintf(buf, size, "%ld\n", READ_ONCE(e->retval));
}

static int ks_show_hits(const struct ks_engagement *e, char *buf, size_t size)
{
	return scnprintf(buf, size, "%llu\n", ks_hits(e));
}

static int ks_show_state(const struct ks_engagement *e, char *buf,
			 size_t size)
{
	return scnprintf(buf, size, "%s\n", ks_state_name(READ_ONCE(e->state)));
}

static ssize_t ks_retval_read(struct file *file, char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	return ks_fn_read(file, ubuf, count, ppos, ks_show_retval);
}

/* A new value takes effect on the target's next call. */
static ssize_t ks_retval_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct ks_engagement *e;
	struct ks_actor actor;
	long long value;
	char buf[64];
	int ret;

	ret = ks_write_allowed(file);
	if (ret)
		return ret;
	if (*ppos != 0 || count == 0 || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	strim(buf);
	if (ks_parse_retval(buf, &value))
		return -EINVAL;

	ks_actor_current(&actor);
	mutex_lock(&ks_mutex);
	e = file_inode(file)->i_private;
	if (!e) {
		mutex_unlock(&ks_mutex);
		return -ENODEV;
	}
	WRITE_ONCE(e->retval, (long)value);
	ks_log("retval", e, &actor, true);
	mutex_unlock(&ks_mutex);
	return count;
}

static ssize_t ks_hits_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	return ks_fn_read(file, ubuf, count, ppos, ks_show_hits);
}

static ssize_t ks_state_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	return ks_fn_read(file, ubuf, count, ppos, ks_show_state);
}

static const struct file_operations ks_retval_fops = {
	.owner = THIS_MODULE,
	.read = ks_retval_read,
	.write = ks_retval_write,
	.llseek = default_llseek,
};

static const struct file_operations ks_hits_fops = {
	.owner = THIS_MODULE,
	.read = ks_hits_read,
	.llseek = default_llseek,
};

static const struct file_operations ks_state_fops = {
	.owner = THIS_MODULE,
	.read = ks_state_read,
	.llseek = default_llseek,
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

	d = ks_create_dir(e->symbol, 0700, ks_fn_dir);
	if (IS_ERR(d))
		return PTR_ERR(d);
	e->dir = d;

	d = securityfs_create_file("retval", 0600, e->dir, e, &ks_retval_fops);
	if (IS_ERR(d))
		return PTR_ERR(d);
	e->retval_file = d;

	d = securityfs_create_file("hits", 0400, e->dir, e, &ks_hits_fops);
	if (IS_ERR(d))
		return PTR_ERR(d);
	e->hits_file = d;

	d = securityfs_create_file("state", 0400, e->dir, e, &ks_state_fops);
	if (IS_ERR(d))
		return PTR_ERR(d);
	e->state_file = d;
	return 0;
}

/*
 * Remove a securityfs entry for good. securityfs_remove() unlinks it, but
 * a dentry that an open file still holds stays hashed: its directory then
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
	lockdep_assert_held(&ks_mutex);
	ks_fs_remove_file(&e->retval_file);
	ks_fs_remove_file(&e->hits_file);
	ks_fs_remove_file(&e->state_file);
	ks_securityfs_remove(e->dir);
	e->dir = NULL;
}

/* Create killswitch/, control, engaged and fn/. */
int ks_fs_init(void)
{
	struct dentry *d;

	d = securityfs_create_dir("killswitch", NULL);
	if (IS_ERR(d))
		return PTR_ERR(d);
	ks_dir = d;

	d = securityfs_create_file("control", 0200, ks_dir, NULL,
				   &ks_control_fops);
	if (IS_ERR(d))
		goto fail;
	ks_control_file = d;

	d = securityfs_create_file("engaged", 0400, ks_dir, NULL,
				   &ks_engaged_fops);
	if (IS_ERR(d))
		goto fail;
	ks_engaged_file = d;

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
	/* A shell whose working directory is fn/ must not keep the tree alive. */
	ks_securityfs_remove(ks_fn_dir);
	ks_securityfs_remove(ks_engaged_file);
	ks_securityfs_remove(ks_control_file);
	ks_securityfs_remove(ks_dir);
	ks_fn_dir = NULL;
	ks_engaged_file = NULL;
	ks_control_file = NULL;
	ks_dir = NULL;
}
