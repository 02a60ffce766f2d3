/*
 * sys_link.c - system calls that add or remove names: link, unlink,
 * rmdir.
 *
 * Each is one operation: the parent directory is locked, then the inode
 * the name is about. References that may be the last (an unlinked file
 * nobody has open is freed by its last inode_put) are dropped only after
 * fs_end_op, as inode.c requires.
 */
#include <string.h>

#include "fs/dirblock.h"
#include "fs/fs.h"
#include "fs/fs_file.h"
#include "fs/fs_impl.h"
#include "kernel/syscall.h"
#include "kernel/uapi/errno.h"

/* Look n's name up in n->dp (locked, a directory): the inode, locked. */
static int named_child(struct named *n, struct inode **out)
{
	struct dir_entry_ref ref;
	if (!inode_is_dir(n->dp))
		return -ENOTDIR;
	int err = dir_lookup(n->dp, n->name, n->len, &ref);
	if (err)
		return err;
	if (ref.inum == n->dp->inum)
		return fs_corrupt(n->dp->fs, "directory %u names itself", ref.inum);
	if ((err = inode_get(n->dp->fs, ref.inum, out)) != 0)
		return err;
	if ((err = inode_lock(*out)) != 0)
		return err;
	return 0;
}

/* ---- link ----------------------------------------------------------------- */

static int link_locked(struct named *n, struct inode *ip)
{
	struct dir_entry_ref ref;
	if (!inode_is_dir(n->dp))
		return -ENOTDIR;
	if (n->dp->d.nlink == 0)
		return -ENOENT;
	int err = dir_lookup(n->dp, n->name, n->len, &ref);
	if (err != -ENOENT)
		return err ? err : -EEXIST;
	if ((err = inode_lock(ip)) != 0)
		return err;
	if (ip->d.type == FS_TYPE_DIR)
		err = -EPERM;
	else if (ip->d.nlink == 0)
		err = -ENOENT;
	if (!err) {
		ip->d.nlink++;
		err = inode_update(ip);
	}
	uint16_t type = ip->d.type;
	inode_unlock(ip);
	if (err)
		return err;
	err = dir_add(n->dp, n->name, n->len, ip->inum, (uint8_t)type);
	if (err && inode_lock(ip) == 0) {
		ip->d.nlink--;
		inode_update(ip);
		inode_unlock(ip);
	}
	return err;
}

static long do_link(struct inode *ip, struct named *n)
{
	if (dirblock_is_dot(n->name, n->len) || n->must_dir)
		return dirblock_is_dot(n->name, n->len) ? -EEXIST : -ENOTDIR;
	int err = inode_lock(ip);
	if (err)
		return err;
	bool dir = inode_is_dir(ip);
	inode_unlock(ip);
	if (dir)
		return -EPERM; /* (and ip could be n->dp itself) */
	err = fs_begin_op(ip->fs);
	if (err)
		return err;
	if ((err = inode_lock(n->dp)) == 0) {
		err = link_locked(n, ip);
		inode_unlock(n->dp);
	}
	fs_end_op(ip->fs);
	return err;
}

long sys_link(const uint64_t *args)
{
	char *old;
	struct inode *ip;
	int err = path_from_user(args[0], &old);
	if (err)
		return err;
	err = path_lookup(old, false, &ip);
	path_free(old);
	if (err)
		return err;
	struct named n;
	if ((err = named_from_user(args[1], &n)) == 0) {
		err = do_link(ip, &n);
		inode_put(n.dp);
	}
	inode_put(ip);
	return err;
}

/* ---- unlink and rmdir ----------------------------------------------------- */

/* Remove n's entry for ip (both locked): the links it held go. */
static int unlink_locked(struct named *n, struct inode *ip, bool dir)
{
	if (dir != (ip->d.type == FS_TYPE_DIR))
		return dir ? -ENOTDIR : -EISDIR;
	if (!dir && n->must_dir)
		return -ENOTDIR;
	if (dir) {
		int empty = dir_is_empty(ip);
		if (empty <= 0)
			return empty < 0 ? empty : -ENOTEMPTY;
	}
	int err = dir_remove(n->dp, n->name, n->len);
	if (err)
		return err;
	if (dir) {
		n->dp->d.nlink--; /* ip's ".." */
		ip->d.nlink = 0;  /* the parent's entry and its own "." */
		err = inode_update(n->dp);
	} else {
		ip->d.nlink--;
	}
	int uerr = inode_update(ip);
	return err ? err : uerr;
}

static long do_unlink(struct named *n, bool dir)
{
	if (dirblock_is_dot(n->name, n->len))
		return dir ? (n->len == 1 ? -EINVAL : -ENOTEMPTY) : -EISDIR;
	struct inode *ip = NULL;
	int err = fs_begin_op(n->dp->fs);
	if (err)
		return err;
	if ((err = inode_lock(n->dp)) == 0) {
		if ((err = named_child(n, &ip)) == 0) {
			err = unlink_locked(n, ip, dir);
			inode_unlock(ip);
		}
		inode_unlock(n->dp);
	}
	fs_end_op(n->dp->fs);
	if (ip)
		inode_put(ip); /* may free it: outside the operation */
	return err;
}

static long remove_name(uint64_t upath, bool dir)
{
	struct named n;
	int err = named_from_user(upath, &n);
	if (err)
		return err;
	err = do_unlink(&n, dir);
	inode_put(n.dp);
	return err;
}

long sys_unlink(const uint64_t *args)
{
	return remove_name(args[0], false);
}

long sys_rmdir(const uint64_t *args)
{
	return remove_name(args[0], true);
}
