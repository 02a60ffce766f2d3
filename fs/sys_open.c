/*
 * sys_open.c - system calls that open or make files: open, mknod, mkdir,
 * symlink.
 *
 * open(path, flags, mode): KO_CREAT makes a regular file if the name is
 * free (KO_EXCL: fail with -EEXIST if it is not); KO_NOFOLLOW refuses a
 * symlink as the last component (-ELOOP); KO_DIRECTORY wants a
 * directory (-ENOTDIR); a directory opens read-only only (-EISDIR),
 * for getdents; KO_TRUNC empties a regular file opened for writing.
 * mode is ignored (the disk format has no permission bits).
 *
 * Paths under "/proc/" (spelled absolutely) open procfs's read-only
 * snapshots or write-only control files (fs/procfs.c) instead of
 * anything on the disk, where /proc is an empty directory.
 */
#include <string.h>

#include "fs/file.h"
#include "fs/fs.h"
#include "fs/fs_file.h"
#include "fs/fs_impl.h"
#include "fs/procfs.h"
#include "kernel/syscall.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/fcntl.h"
#include "proc/proc.h"

/* The inode open() is about: created, or found. */
static int open_inode(const char *path, unsigned flags, struct inode **out)
{
	bool follow = !(flags & KO_NOFOLLOW);
	if (!(flags & KO_CREAT))
		return path_lookup(path, follow, out);
	struct create_spec spec = {.type = FS_TYPE_FILE};
	int err = fs_create(path, &spec, out);
	if (err == -EEXIST && !(flags & KO_EXCL))
		err = path_lookup(path, follow, out);
	return err;
}

/* Whether ip may be opened with flags. */
static int open_check(struct inode *ip, unsigned flags, unsigned *type)
{
	int err = inode_lock(ip);
	if (err)
		return err;
	*type = ip->d.type;
	inode_unlock(ip);
	bool writing = (flags & KO_ACCMODE) != KO_RDONLY;
	if (*type == FS_TYPE_SYMLINK)
		return -ELOOP; /* only with KO_NOFOLLOW */
	if ((flags & KO_DIRECTORY) && *type != FS_TYPE_DIR)
		return -ENOTDIR;
	if (*type == FS_TYPE_DIR && (writing || (flags & KO_TRUNC)))
		return -EISDIR;
	if ((flags & KO_ACCMODE) == KO_ACCMODE)
		return -EINVAL;
	return 0;
}

#define PROC_PREFIX "/proc/"

/* The part of path under /proc/, or NULL if it is not there. */
static const char *proc_rest(const char *path)
{
	if (strncmp(path, PROC_PREFIX, sizeof PROC_PREFIX - 1) != 0)
		return NULL;
	path += sizeof PROC_PREFIX - 1;
	while (*path == '/')
		path++;
	return *path ? path : NULL;
}

/* procfs decides: its snapshots are read-only, its control files
 * (drop_caches) write-only. */
static int open_proc(const char *rest, unsigned flags, struct file **f)
{
	return procfs_open(rest, flags, f);
}

static int open_disk(const char *path, unsigned flags, struct file **f)
{
	struct inode *ip;
	unsigned type;
	int err = open_inode(path, flags, &ip);
	if (err)
		return err;
	err = open_check(ip, flags, &type);
	if (!err && (flags & KO_TRUNC) && type == FS_TYPE_FILE && (flags & KO_ACCMODE) != KO_RDONLY)
		err = inode_truncate(ip, 0);
	if (!err)
		err = fs_file_open(ip, flags, f);
	if (err)
		inode_put(ip);
	return err;
}

static long open_path(const char *path, unsigned flags)
{
	struct file *f;
	const char *rest = proc_rest(path);
	int err = rest ? open_proc(rest, flags, &f) : open_disk(path, flags, &f);
	if (err)
		return err;
	int fd = fd_install(proc_current()->files, f, 0);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_open(const uint64_t *args)
{
	char *path;
	int err = path_from_user(args[0], &path);
	if (err)
		return err;
	long r = open_path(path, (unsigned)args[1]);
	path_free(path);
	return r;
}

static long make(uint64_t upath, const struct create_spec *spec)
{
	char *path;
	struct inode *ip;
	int err = path_from_user(upath, &path);
	if (err)
		return err;
	err = fs_create(path, spec, &ip);
	path_free(path);
	if (!err)
		inode_put(ip);
	return err;
}

long sys_mknod(const uint64_t *args)
{
	if (args[1] > UINT16_MAX || args[2] > UINT16_MAX)
		return -EINVAL;
	struct create_spec spec = {.type = FS_TYPE_DEV, .major = (uint16_t)args[1],
	                           .minor = (uint16_t)args[2]};
	return make(args[0], &spec);
}

long sys_mkdir(const uint64_t *args)
{
	struct create_spec spec = {.type = FS_TYPE_DIR};
	return make(args[0], &spec);
}

long sys_symlink(const uint64_t *args)
{
	char *target;
	int err = path_from_user(args[0], &target);
	if (err)
		return err;
	struct create_spec spec = {.type = FS_TYPE_SYMLINK, .target = target};
	long r = strlen(target) > FS_SYMLINK_MAX ? -ENAMETOOLONG : make(args[1], &spec);
	path_free(target);
	return r;
}
