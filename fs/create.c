/*
 * create.c - making new names: files, directories, device nodes and
 * symbolic links (fs_create), and copying paths in from user space.
 *
 * Interface: fs_file.h (fs_create, path_from_user, path_free).
 *
 * fs_create runs as one operation: allocate the inode, fill it in (a
 * directory gets its first block with "." and ".."; a symlink its
 * target), then add the entry to the parent. If a later step fails the
 * new inode is left with no links and the final inode_put, after the
 * operation, frees it.
 *
 * Locking: the parent's lock, then the new inode's (nobody else can
 * reach it yet).
 */
#include <string.h>

#include "fs/bcache.h"
#include "fs/dirblock.h"
#include "fs/fs.h"
#include "fs/fs_file.h"
#include "fs/fs_impl.h"
#include "kernel/uapi/errno.h"
#include "vm/kmalloc.h"
#include "vm/uaccess.h"

int path_from_user(uint64_t upath, char **out)
{
	char *path = kmalloc(PATH_MAX_LEN);
	if (!path)
		return -ENOMEM;
	long len = strncpy_from_user(path, upath, PATH_MAX_LEN);
	if (len == 0)
		len = -ENOENT;
	if (len < 0) {
		kfree(path);
		return (int)len;
	}
	*out = path;
	return 0;
}

void path_free(char *path)
{
	kfree(path);
}

int named_from_user(uint64_t upath, struct named *n)
{
	char *path = NULL;
	int err = path_from_user(upath, &path);
	if (err)
		return err;
	err = path_parent(path, &n->dp, n->name, &n->must_dir);
	path_free(path);
	n->len = err ? 0 : strlen(n->name);
	return err;
}

/* Store a symlink's target (ip locked, new, in an operation). */
static int symlink_write(struct inode *ip, const char *target)
{
	size_t len = strlen(target);
	ip->d.size = len;
	memset(ip->d.addrs, 0, sizeof ip->d.addrs);
	if (len <= FS_SYMLINK_INLINE_MAX) {
		memcpy(ip->d.inline_target, target, len);
		return 0;
	}
	uint32_t b;
	int err = bmap_alloc(ip, 0, &b);
	struct page *p = err ? NULL : fs_block_get(ip->fs, b, &err);
	if (!p)
		return err;
	memcpy(page_address(p), target, len);
	log_write(ip->fs, p);
	bcache_put(p);
	return 0;
}

/* Fill in new inode ip, to be named in dp (both locked). */
static int inode_fill(struct inode *ip, struct inode *dp, const struct create_spec *spec)
{
	int err = 0;
	ip->d.nlink = 1;
	ip->d.major = spec->major;
	ip->d.minor = spec->minor;
	if (spec->type == FS_TYPE_DIR) {
		ip->d.nlink = 2; /* the parent's entry and its own "." */
		err = dir_init(ip, dp->inum);
	} else if (spec->type == FS_TYPE_SYMLINK) {
		err = symlink_write(ip, spec->target);
	}
	int uerr = inode_update(ip);
	return err ? err : uerr;
}

static int create_locked(struct inode *dp, const char *name, size_t len,
                         const struct create_spec *spec, struct inode **out)
{
	if (!inode_is_dir(dp))
		return -ENOTDIR;
	if (dp->d.nlink == 0)
		return -ENOENT; /* removed while we stood in it */
	struct dir_entry_ref ref;
	int err = dir_lookup(dp, name, len, &ref);
	if (err != -ENOENT)
		return err ? err : -EEXIST;
	if ((err = inode_alloc(dp->fs, spec->type, out)) != 0)
		return err;
	struct inode *ip = *out;
	if ((err = inode_lock(ip)) != 0)
		return err;
	err = inode_fill(ip, dp, spec);
	if (!err)
		err = dir_add(dp, name, len, ip->inum, (uint8_t)spec->type);
	if (!err && spec->type == FS_TYPE_DIR) {
		dp->d.nlink++; /* the new directory's ".." */
		err = inode_update(dp);
	}
	if (err) {
		ip->d.nlink = 0; /* the put after the operation frees it */
		inode_update(ip);
	}
	inode_unlock(ip);
	return err;
}

static int create_in(struct inode *dp, const char *name, const struct create_spec *spec,
                     struct inode **out)
{
	struct inode *ip = NULL;
	int err = fs_begin_op(dp->fs);
	if (err)
		return err;
	if ((err = inode_lock(dp)) == 0) {
		err = create_locked(dp, name, strlen(name), spec, &ip);
		inode_unlock(dp);
	}
	fs_end_op(dp->fs);
	if (err && ip) {
		inode_put(ip);
		ip = NULL;
	}
	*out = ip;
	return err;
}

int fs_create(const char *path, const struct create_spec *spec, struct inode **out)
{
	char name[FS_NAME_MAX + 1];
	struct inode *dp;
	bool must_dir;
	int err = path_parent(path, &dp, name, &must_dir);
	if (err)
		return err;
	if (must_dir && spec->type != FS_TYPE_DIR)
		err = -EISDIR;
	else if (dirblock_is_dot(name, strlen(name)))
		err = -EEXIST;
	else
		err = create_in(dp, name, spec, out);
	inode_put(dp);
	return err;
}
