/*
 * sys_rename.c - rename(old, new): move a name, atomically replacing
 * what new named.
 *
 * It is one operation, so after a crash either the old name or the new
 * one exists, never both or neither. Rules (POSIX): renaming a name onto
 * another name of the same inode does nothing; a directory may replace
 * only an empty directory (-ENOTEMPTY, -ENOTDIR) and a non-directory
 * only a non-directory (-EISDIR); a directory cannot move under itself
 * (-EINVAL); "." and ".." cannot be renamed (-EINVAL).
 *
 * Locking, in this order: fs->rename_lock (so the shape of the tree,
 * which only renames change for existing directories, holds still),
 * the operation, the two parents (an ancestor before its descendant,
 * else lower inode number first), then the moved inode and the replaced
 * one (lower number first; neither is an ancestor of the other or of a
 * parent, which is checked before locking). What was looked up before
 * locking is checked again after; if it changed, we start over.
 */
#include "fs/dirblock.h"
#include "fs/fs.h"
#include "fs/fs_file.h"
#include "fs/fs_impl.h"
#include "kernel/syscall.h"
#include "kernel/uapi/errno.h"

#define ANCESTRY_MAX 4096 /* deeper than any sane tree: a loop */
#define RENAME_TRIES 8

/* ".." of directory dp (unlocked): its inode number. */
static int parent_inum(struct inode *dp, uint32_t *inum)
{
	struct dir_entry_ref ref;
	int err = inode_lock(dp);
	if (err)
		return err;
	err = inode_is_dir(dp) ? dir_lookup(dp, "..", 2, &ref) : -ENOTDIR;
	inode_unlock(dp);
	*inum = ref.inum;
	return err;
}

/* Whether directory anc is x or one of x's ancestors: 1, 0 or -errno. */
static int is_ancestor(uint32_t anc, struct inode *x)
{
	struct inode *cur = inode_dup(x);
	int r = -EIO;
	for (int depth = 0; depth < ANCESTRY_MAX; depth++) {
		uint32_t up;
		if (cur->inum == anc) {
			r = 1;
			break;
		}
		if ((r = parent_inum(cur, &up)) != 0)
			break;
		if (up == cur->inum) { /* the root */
			r = 0;
			break;
		}
		struct inode *next;
		r = inode_get(cur->fs, up, &next);
		inode_put(cur);
		if (r)
			return r;
		cur = next;
		r = -EIO;
	}
	inode_put(cur);
	if (r == -EIO)
		fs_corrupt(x->fs, "directory loop above inode %u", x->inum);
	return r;
}

/* What a name stands for, looked up in unlocked dp; inum 0 if none. */
static int peek(struct inode *dp, const char *name, size_t len, struct dir_entry_ref *ref)
{
	int err = inode_lock(dp);
	if (err)
		return err;
	err = inode_is_dir(dp) ? dir_lookup(dp, name, len, ref) : -ENOTDIR;
	inode_unlock(dp);
	if (err == -ENOENT) {
		ref->inum = 0;
		err = 0;
	}
	return err;
}

struct rename {
	struct named *from, *to;
	struct dir_entry_ref src, dst;  /* dst.inum 0: no victim */
	struct inode *src_ip, *dst_ip;  /* references */
	struct inode *first, *second;   /* parents in lock order (second may be NULL) */
};

/* Before locking (rename_lock held): look up, check shapes, order locks. */
static int rename_plan(struct rename *rn)
{
	struct inode *fdp = rn->from->dp, *tdp = rn->to->dp;
	int err = peek(fdp, rn->from->name, rn->from->len, &rn->src);
	if (!err && rn->src.inum == 0)
		err = -ENOENT;
	if (!err)
		err = peek(tdp, rn->to->name, rn->to->len, &rn->dst);
	if (err)
		return err;
	if (rn->src.type == FS_TYPE_DIR && (err = is_ancestor(rn->src.inum, tdp)) != 0)
		return err < 0 ? err : -EINVAL; /* into itself */
	if (rn->dst.inum && rn->dst.inum != rn->src.inum &&
	    (err = is_ancestor(rn->dst.inum, fdp)) != 0)
		return err < 0 ? err : rn->src.type == FS_TYPE_DIR ? -ENOTEMPTY : -EISDIR;
	rn->first = fdp;
	rn->second = fdp == tdp ? NULL : tdp;
	if (!rn->second)
		return 0;
	int t_above = is_ancestor(tdp->inum, fdp);
	int f_above = t_above ? 0 : is_ancestor(fdp->inum, tdp);
	if (t_above < 0 || f_above < 0)
		return t_above < 0 ? t_above : f_above;
	if (t_above || (!f_above && tdp->inum < fdp->inum)) {
		rn->first = tdp;
		rn->second = fdp;
	}
	return 0;
}

/* Lock a, then b (b may be NULL): 0, or -errno with neither locked. */
static int lock_two(struct inode *a, struct inode *b)
{
	int err = inode_lock(a);
	if (err || !b)
		return err;
	if ((err = inode_lock(b)) != 0)
		inode_unlock(a);
	return err;
}

static void unlock_two(struct inode *a, struct inode *b)
{
	if (b)
		inode_unlock(b);
	inode_unlock(a);
}

/* Parents locked: is everything as rename_plan saw it? Then get the
 * inodes. 0, -EAGAIN (start over) or -errno. */
static int rename_recheck(struct rename *rn)
{
	struct dir_entry_ref s, d;
	int err = dir_lookup(rn->from->dp, rn->from->name, rn->from->len, &s);
	if (err)
		return err;
	err = dir_lookup(rn->to->dp, rn->to->name, rn->to->len, &d);
	if (err == -ENOENT)
		d.inum = 0;
	else if (err)
		return err;
	if (s.inum != rn->src.inum || d.inum != rn->dst.inum)
		return -EAGAIN;
	uint32_t fdp = rn->from->dp->inum, tdp = rn->to->dp->inum;
	if (s.inum == fdp || s.inum == tdp || d.inum == fdp || d.inum == tdp)
		return fs_corrupt(rn->from->dp->fs, "rename: an entry names its own directory");
	if (rn->to->dp->d.nlink == 0)
		return -ENOENT;
	if ((err = inode_get(rn->from->dp->fs, s.inum, &rn->src_ip)) != 0)
		return err;
	if (d.inum && d.inum != s.inum)
		err = inode_get(rn->to->dp->fs, d.inum, &rn->dst_ip);
	return err;
}

/* The new name for src: replace the victim's entry, or add one. */
static int rename_link(struct rename *rn, bool dir)
{
	struct inode *src = rn->src_ip, *dst = rn->dst_ip, *tdp = rn->to->dp;
	if (!dst)
		return dir_add(tdp, rn->to->name, rn->to->len, src->inum, (uint8_t)src->d.type);
	if (dir != (dst->d.type == FS_TYPE_DIR))
		return dir ? -ENOTDIR : -EISDIR;
	if (dir) {
		int empty = dir_is_empty(dst);
		if (empty <= 0)
			return empty < 0 ? empty : -ENOTEMPTY;
	}
	int err = dir_set_inum(tdp, rn->to->name, rn->to->len, src->inum, (uint8_t)src->d.type);
	if (err)
		return err;
	if (dir) {
		dst->d.nlink = 0;
		tdp->d.nlink--; /* dst's ".." */
	} else {
		dst->d.nlink--;
	}
	return inode_update(dst);
}

/* Everything locked and checked: move the name. */
static int rename_apply(struct rename *rn)
{
	struct inode *src = rn->src_ip, *fdp = rn->from->dp, *tdp = rn->to->dp;
	bool dir = src->d.type == FS_TYPE_DIR;
	if ((rn->from->must_dir || rn->to->must_dir) && !dir)
		return -ENOTDIR;
	int err = rename_link(rn, dir);
	if (!err)
		err = dir_remove(fdp, rn->from->name, rn->from->len);
	if (!err && dir && fdp != tdp) {
		err = dir_set_inum(src, "..", 2, tdp->inum, FS_TYPE_DIR);
		fdp->d.nlink--;
		tdp->d.nlink++;
	}
	if (!err)
		err = inode_update(fdp);
	if (!err && fdp != tdp)
		err = inode_update(tdp);
	return err;
}

/* The children, lower inode number first. */
static int rename_lock_children(struct rename *rn)
{
	struct inode *a = rn->src_ip, *b = rn->dst_ip;
	if (b && b->inum < a->inum)
		return lock_two(b, a);
	return lock_two(a, b);
}

static int rename_run(struct rename *rn)
{
	struct fs_mount *fs = rn->from->dp->fs;
	int err = fs_begin_op(fs);
	if (err)
		return err;
	if ((err = lock_two(rn->first, rn->second)) == 0) {
		err = rename_recheck(rn);
		if (!err && rn->src.inum != rn->dst.inum && (err = rename_lock_children(rn)) == 0) {
			err = rename_apply(rn);
			unlock_two(rn->src_ip, rn->dst_ip);
		}
		unlock_two(rn->first, rn->second);
	}
	fs_end_op(fs);
	return err;
}

static int rename_named(struct named *from, struct named *to)
{
	struct fs_mount *fs = from->dp->fs;
	int err = -EAGAIN;
	mutex_lock(&fs->rename_lock);
	for (int tries = 0; tries < RENAME_TRIES && err == -EAGAIN; tries++) {
		struct rename rn = {.from = from, .to = to};
		err = rename_plan(&rn);
		if (!err)
			err = rename_run(&rn);
		if (rn.dst_ip)
			inode_put(rn.dst_ip); /* may free it: outside the operation */
		if (rn.src_ip)
			inode_put(rn.src_ip);
	}
	mutex_unlock(&fs->rename_lock);
	return err == -EAGAIN ? -EBUSY : err;
}

long sys_rename(const uint64_t *args)
{
	struct named from, to;
	int err = named_from_user(args[0], &from);
	if (err)
		return err;
	if ((err = named_from_user(args[1], &to)) != 0) {
		inode_put(from.dp);
		return err;
	}
	if (dirblock_is_dot(from.name, from.len) || dirblock_is_dot(to.name, to.len))
		err = -EINVAL;
	else
		err = rename_named(&from, &to);
	inode_put(to.dp);
	inode_put(from.dp);
	return err;
}
