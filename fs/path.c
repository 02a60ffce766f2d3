/*
 * path.c - path lookup: from the root or the working directory, one
 * component at a time, following symbolic links.
 *
 * Interface: fs.h (fs_namei) and fs_impl.h (path_lookup, path_parent,
 * symlink_read).
 *
 * Rules: a component longer than FS_NAME_MAX gives -ENAMETOOLONG; a
 * component under something that is not a directory -ENOTDIR; more than
 * SYMLINK_FOLLOW_MAX links followed in one lookup -ELOOP. A link in the
 * middle of a path is always followed, the last one only when asked (or
 * when a '/' follows it). A relative link target starts from the
 * directory holding the link. ".." of the root is the root (on disk).
 *
 * Locking: one directory locked at a time, only while it is searched; a
 * walk holds a reference on the directory it stands in. Walks run
 * outside operations (they drop references).
 */
#include <string.h>

#include "fs/bcache.h"
#include "fs/fs.h"
#include "fs/fs_impl.h"
#include "kernel/uapi/errno.h"
#include "proc/proc.h"
#include "vm/kmalloc.h"

struct walk {
	int links; /* symlinks followed so far */
};

static int walk_path(struct walk *w, struct inode *dp, const char *path, bool follow_last,
                     struct inode **out);

/* The next component of *p (skipping slashes): its length, and *p moved
 * past it; *slash is set when a '/' follows it. */
static size_t component_next(const char **p, const char **name, bool *slash)
{
	const char *s = *p;
	while (*s == '/')
		s++;
	*name = s;
	while (*s && *s != '/')
		s++;
	size_t len = (size_t)(s - *name);
	*slash = *s == '/';
	while (*s == '/')
		s++;
	*p = s;
	return len;
}

static struct inode *walk_start(const char *path)
{
	struct proc *p = proc_current();
	if (path[0] == '/' || !p || !p->cwd)
		return fs_root();
	return inode_dup(p->cwd);
}

int symlink_read(struct inode *ip, char *buf)
{
	uint64_t len = ip->d.size;
	if (ip->d.type != FS_TYPE_SYMLINK)
		return -EINVAL;
	if (len <= FS_SYMLINK_INLINE_MAX) {
		memcpy(buf, ip->d.inline_target, len);
	} else {
		uint32_t b;
		int err = bmap_lookup(ip, 0, &b);
		if (!err && b == 0)
			err = fs_corrupt(ip->fs, "symlink %u has no block", ip->inum);
		struct page *p = err ? NULL : fs_block_get(ip->fs, b, &err);
		if (!p)
			return err;
		memcpy(buf, page_address(p), len);
		bcache_put(p);
	}
	buf[len] = '\0';
	return (int)len;
}

/* Look name up in directory dp: the inode it names, and its type. */
static int walk_step(struct inode *dp, const char *name, size_t len, struct inode **out,
                     uint8_t *type)
{
	if (len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	int err = inode_lock(dp);
	if (err)
		return err;
	struct dir_entry_ref ref;
	err = inode_is_dir(dp) ? dir_lookup(dp, name, len, &ref) : -ENOTDIR;
	inode_unlock(dp);
	if (err)
		return err;
	*type = ref.type;
	if (ref.inum == dp->inum) {
		*out = inode_dup(dp);
		return 0;
	}
	return inode_get(dp->fs, ref.inum, out);
}

/* ip (a reference we give up) is a link found in dp: what it leads to. */
static int walk_link(struct walk *w, struct inode *dp, struct inode *ip, struct inode **out)
{
	if (++w->links > SYMLINK_FOLLOW_MAX) {
		inode_put(ip);
		return -ELOOP;
	}
	char *target = kmalloc(FS_SYMLINK_MAX + 1);
	int err = target ? inode_lock(ip) : -ENOMEM;
	if (!err) {
		err = symlink_read(ip, target);
		inode_unlock(ip);
	}
	inode_put(ip);
	if (err >= 0) {
		struct inode *start = target[0] == '/' ? fs_root() : inode_dup(dp);
		err = walk_path(w, start, target, true, out);
	}
	kfree(target);
	return err;
}

/* Walk path from dp (a reference we give up). */
static int walk_path(struct walk *w, struct inode *dp, const char *path, bool follow_last,
                     struct inode **out)
{
	for (;;) {
		const char *name;
		bool slash;
		size_t len = component_next(&path, &name, &slash);
		if (len == 0) {
			*out = dp;
			return 0;
		}
		struct inode *ip;
		uint8_t type;
		int err = walk_step(dp, name, len, &ip, &type);
		bool last = *path == '\0';
		if (!err && type == FS_TYPE_SYMLINK && (!last || follow_last || slash))
			err = walk_link(w, dp, ip, &ip);
		inode_put(dp);
		if (err)
			return err;
		dp = ip;
	}
}

/* Whether the path ends in '/' (after something). */
static bool ends_in_slash(const char *path)
{
	size_t n = strlen(path);
	return n > 0 && path[n - 1] == '/';
}

int path_lookup(const char *path, bool follow, struct inode **out)
{
	if (path[0] == '\0')
		return -ENOENT;
	struct walk w = {0};
	int err = walk_path(&w, walk_start(path), path, follow, out);
	if (err || !ends_in_slash(path))
		return err;
	err = inode_lock(*out);
	if (!err) {
		err = inode_is_dir(*out) ? 0 : -ENOTDIR;
		inode_unlock(*out);
	}
	if (err)
		inode_put(*out);
	return err;
}

int fs_namei(const char *path, struct inode **out)
{
	return path_lookup(path, true, out);
}

int path_parent(const char *path, struct inode **dir, char *name, bool *must_dir)
{
	size_t n = strlen(path);
	if (n == 0)
		return -ENOENT;
	if (n >= PATH_MAX_LEN)
		return -ENAMETOOLONG;
	*must_dir = false;
	while (n > 1 && path[n - 1] == '/') {
		n--;
		*must_dir = true;
	}
	size_t start = n;
	while (start > 0 && path[start - 1] != '/')
		start--;
	size_t len = n - start;
	if (len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (len == 0) { /* "/" itself */
		memcpy(name, ".", 2);
		*dir = fs_root();
		return 0;
	}
	memcpy(name, path + start, len);
	name[len] = '\0';
	char *head = kmalloc(start + 2);
	if (!head)
		return -ENOMEM;
	memcpy(head, path, start);
	head[start] = '\0';
	struct walk w = {0};
	int err = walk_path(&w, walk_start(path), head, true, dir);
	kfree(head);
	return err;
}
