/*
 * sys_fsinfo.c - file-system system calls that read names and
 * attributes or act on an open file: stat, lstat, readlink, chdir,
 * getcwd, getdents, fsync, ftruncate.
 *
 * Each checks its arguments and copies user data in before it changes
 * anything, and copies results out with no lock held.
 */
#include <string.h>

#include "fs/file.h"
#include "fs/fs.h"
#include "fs/fs_file.h"
#include "fs/fs_impl.h"
#include "kernel/syscall.h"
#include "kernel/uapi/errno.h"
#include "proc/proc.h"
#include "vm/kmalloc.h"
#include "vm/uaccess.h"

#define GETCWD_DEPTH_MAX 2048 /* a 4 KiB path has at most this many parts */

static long stat_path(uint64_t upath, uint64_t ust, bool follow)
{
	char *path;
	struct inode *ip;
	struct kstat st;
	int err = path_from_user(upath, &path);
	if (err)
		return err;
	err = path_lookup(path, follow, &ip);
	path_free(path);
	if (err)
		return err;
	err = fs_stat_inode(ip, &st);
	inode_put(ip);
	if (!err && copy_to_user(ust, &st, sizeof st) < 0)
		err = -EFAULT;
	return err;
}

long sys_stat(const uint64_t *args)
{
	return stat_path(args[0], args[1], true);
}

long sys_lstat(const uint64_t *args)
{
	return stat_path(args[0], args[1], false);
}

long sys_readlink(const uint64_t *args)
{
	char *path, *target = NULL;
	struct inode *ip;
	if ((int64_t)args[2] <= 0)
		return -EINVAL;
	int err = path_from_user(args[0], &path);
	if (err)
		return err;
	err = path_lookup(path, false, &ip);
	path_free(path);
	if (err)
		return err;
	if (!(target = kmalloc(FS_SYMLINK_MAX + 1)))
		err = -ENOMEM;
	else if ((err = inode_lock(ip)) == 0) {
		err = symlink_read(ip, target);
		inode_unlock(ip);
	}
	inode_put(ip);
	uint64_t n = err > 0 && (uint64_t)err > args[2] ? args[2] : (uint64_t)err;
	if (err > 0 && copy_to_user(args[1], target, n) < 0)
		err = -EFAULT;
	else if (err > 0)
		err = (int)n;
	kfree(target);
	return err;
}

long sys_chdir(const uint64_t *args)
{
	char *path;
	struct inode *ip;
	int err = path_from_user(args[0], &path);
	if (err)
		return err;
	err = path_lookup(path, true, &ip);
	path_free(path);
	if (err)
		return err;
	if ((err = inode_lock(ip)) == 0) {
		err = inode_is_dir(ip) ? 0 : -ENOTDIR;
		inode_unlock(ip);
	}
	if (err) {
		inode_put(ip);
		return err;
	}
	struct proc *p = proc_current();
	struct inode *old = p->cwd;
	p->cwd = ip;
	if (old)
		inode_put(old);
	return 0;
}

/* ---- getcwd --------------------------------------------------------------- */

/* Prepend "/name" (the name of dir in its parent) at buf[*pos]; move up:
 * *dir becomes the parent. 1 at the root. */
static int cwd_step(struct inode **dir, char *buf, size_t *pos)
{
	struct inode *dp = *dir, *parent;
	struct dir_entry_ref up;
	char name[FS_NAME_MAX + 1];
	int err = inode_lock(dp);
	if (err)
		return err;
	err = dir_lookup(dp, "..", 2, &up);
	inode_unlock(dp);
	if (err || up.inum == dp->inum)
		return err ? err : 1;
	if ((err = inode_get(dp->fs, up.inum, &parent)) != 0)
		return err;
	if ((err = inode_lock(parent)) == 0) {
		err = dir_name_of(parent, dp->inum, name, sizeof name);
		inode_unlock(parent);
	}
	size_t len = err > 0 ? (size_t)err : 0;
	if (err >= 0 && len + 1 > *pos)
		err = -ENAMETOOLONG;
	if (err < 0) {
		inode_put(parent);
		return err; /* -ENOENT: dp was removed */
	}
	*pos -= len;
	memcpy(buf + *pos, name, len);
	buf[--*pos] = '/';
	inode_put(dp);
	*dir = parent;
	return 0;
}

long sys_getcwd(const uint64_t *args)
{
	char *buf = kmalloc(PATH_MAX_LEN);
	if (!buf)
		return -ENOMEM;
	struct proc *p = proc_current();
	struct inode *dir = p->cwd ? inode_dup(p->cwd) : fs_root();
	size_t pos = PATH_MAX_LEN - 1;
	buf[pos] = '\0';
	int err = 0;
	for (int depth = 0; err == 0; depth++)
		err = depth < GETCWD_DEPTH_MAX ? cwd_step(&dir, buf, &pos) : -ENAMETOOLONG;
	inode_put(dir);
	if (err == 1 && pos == PATH_MAX_LEN - 1)
		buf[--pos] = '/';
	long len = PATH_MAX_LEN - (long)pos; /* with the NUL */
	if (err == 1)
		err = (uint64_t)len > args[1] ? -ERANGE : copy_to_user(args[0], buf + pos, len);
	kfree(buf);
	return err < 0 ? err : len;
}

/* ---- Open files ----------------------------------------------------------- */

static struct file *file_of(uint64_t fd)
{
	return fd > INT32_MAX ? NULL : fd_get(proc_current()->files, (int)fd);
}

long sys_getdents(const uint64_t *args)
{
	struct file *f = file_of(args[0]);
	if (!f)
		return -EBADF;
	long r = -ENOTDIR;
	if (f->ops->getdents) {
		mutex_lock(&f->pos_lock);
		r = f->ops->getdents(f, args[1], args[2], &f->offset);
		mutex_unlock(&f->pos_lock);
	}
	file_put(f);
	return r;
}

long sys_fsync(const uint64_t *args)
{
	struct file *f = file_of(args[0]);
	if (!f)
		return -EBADF;
	long r = f->ops->fsync ? f->ops->fsync(f) : -EINVAL;
	file_put(f);
	return r;
}

long sys_ftruncate(const uint64_t *args)
{
	if ((int64_t)args[1] < 0)
		return -EINVAL;
	struct file *f = file_of(args[0]);
	if (!f)
		return -EBADF;
	long r = f->ops->truncate ? f->ops->truncate(f, args[1]) : -EINVAL;
	file_put(f);
	return r;
}
