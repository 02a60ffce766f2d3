/*
 * fs_file.c - the file_ops of open disk files and directories, and the
 * ops of device files by major number.
 *
 * Interface (fs_file.h): fs_file_open wraps an inode (with a reference
 * given over) in a struct file; device_ops (file.h).
 *
 * A disk file's struct file holds the inode reference in f->inode; the
 * offset is f->offset, which the generic code (fs/sys_fd.c) guards with
 * f->pos_lock around every op. With KO_APPEND each piece of a write
 * goes to the end of the file as it is at that moment, under the inode's
 * lock, so appends from several processes never overwrite each other.
 */
#include "fs/fs_file.h"

#include <string.h>

#include "fs/file.h"
#include "fs/fs.h"
#include "fs/fs_impl.h"
#include "kernel/console.h"
#include "kernel/uapi/dirent.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/fcntl.h"
#include "vm/kmalloc.h"
#include "vm/uaccess.h"

#define GETDENTS_BUF_MAX 4096

const struct file_ops *device_ops(unsigned major)
{
	switch (major) {
	case DEV_CONSOLE:
		return &console_file_ops;
	default:
		return NULL;
	}
}

static bool can_read(const struct file *f)
{
	return (f->flags & KO_ACCMODE) != KO_WRONLY;
}

static bool can_write(const struct file *f)
{
	unsigned mode = f->flags & KO_ACCMODE;
	return mode == KO_WRONLY || mode == KO_RDWR;
}

static int64_t disk_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset)
{
	if (!can_read(f))
		return -EBADF;
	int64_t r = inode_read_user(f->inode, ubuf, n, *offset);
	if (r > 0)
		*offset += (uint64_t)r;
	return r;
}

static int64_t disk_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset)
{
	if (!can_write(f))
		return -EBADF;
	return inode_write_user(f->inode, ubuf, n, offset, f->flags & KO_APPEND);
}

int fs_stat_inode(struct inode *ip, struct kstat *st)
{
	int err = inode_lock(ip);
	if (err)
		return err;
	*st = (struct kstat){
		.dev = 1,
		.mode = fs_type_to_mode(ip->d.type),
		.ino = ip->inum,
		.nlink = ip->d.nlink,
		.rdev = ip->d.type == FS_TYPE_DEV ? (uint32_t)ip->d.major << 16 | ip->d.minor : 0,
		.size = ip->d.size,
		.blocks = ip->d.blocks,
		.mtime = ip->d.mtime,
	};
	inode_unlock(ip);
	return 0;
}

static int disk_stat(struct file *f, struct kstat *st)
{
	return fs_stat_inode(f->inode, st);
}

static int64_t disk_size(struct file *f)
{
	return (int64_t)inode_size(f->inode);
}

static int disk_fsync(struct file *f)
{
	return inode_fsync(f->inode);
}

static int disk_truncate(struct file *f, uint64_t length)
{
	if (!can_write(f))
		return -EINVAL;
	return inode_truncate(f->inode, length);
}

static int64_t not_a_dir(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset)
{
	return -ENOTDIR;
}

/* ---- Directories ---------------------------------------------------------- */

static int64_t is_a_dir(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset)
{
	return -EISDIR;
}

struct dirent_buf {
	char *buf;
	uint64_t size, used;
};

static bool dirent_emit(void *arg, uint32_t inum, uint8_t type, const char *name, size_t len,
                        uint64_t next)
{
	struct dirent_buf *db = arg;
	uint32_t reclen = KDIRENT_RECLEN(len);
	if (db->used + reclen > db->size)
		return false;
	struct kdirent *k = (struct kdirent *)(db->buf + db->used);
	memset(k, 0, reclen);
	k->ino = inum;
	k->off = (int64_t)next;
	k->reclen = (uint16_t)reclen;
	k->type = (uint8_t)fs_type_to_dtype(type);
	memcpy(k->name, name, len);
	db->used += reclen;
	return true;
}

static int64_t dir_getdents(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset)
{
	struct dirent_buf db = {.size = n < GETDENTS_BUF_MAX ? n : GETDENTS_BUF_MAX};
	if (!(db.buf = kmalloc(db.size ? db.size : 1)))
		return -ENOMEM;
	uint64_t pos = *offset;
	int err = inode_lock(f->inode);
	if (!err) {
		err = dir_iterate(f->inode, &pos, dirent_emit, &db);
		inode_unlock(f->inode);
	}
	if (!err && db.used == 0 && pos < inode_size(f->inode))
		err = -EINVAL; /* the next record does not fit in n bytes */
	if (!err && db.used && copy_to_user(ubuf, db.buf, db.used) < 0)
		err = -EFAULT;
	kfree(db.buf);
	if (err)
		return err;
	*offset = pos;
	return (int64_t)db.used;
}

static const struct file_ops disk_file_ops = {
	.read = disk_read,
	.write = disk_write,
	.stat = disk_stat,
	.size = disk_size,
	.getdents = not_a_dir,
	.fsync = disk_fsync,
	.truncate = disk_truncate,
};

static const struct file_ops dir_file_ops = {
	.read = is_a_dir,
	.write = is_a_dir,
	.stat = disk_stat,
	.size = disk_size,
	.getdents = dir_getdents,
	.fsync = disk_fsync,
};

/* ---- Opening -------------------------------------------------------------- */

unsigned fs_type_to_dtype(unsigned type)
{
	switch (type) {
	case FS_TYPE_DIR:
		return KDT_DIR;
	case FS_TYPE_FILE:
		return KDT_REG;
	case FS_TYPE_DEV:
		return KDT_CHR;
	case FS_TYPE_SYMLINK:
		return KDT_LNK;
	default:
		return KDT_UNKNOWN;
	}
}

int fs_file_open(struct inode *ip, unsigned flags, struct file **out)
{
	int err = inode_lock(ip);
	if (err)
		return err;
	unsigned type = ip->d.type, major = ip->d.major;
	inode_unlock(ip);
	const struct file_ops *ops;
	if (type == FS_TYPE_DIR)
		ops = &dir_file_ops;
	else if (type == FS_TYPE_DEV)
		ops = device_ops(major);
	else
		ops = &disk_file_ops;
	if (!ops)
		return -ENXIO;
	struct file *f = file_alloc(ops, NULL, flags);
	if (!f)
		return -ENOMEM;
	f->inode = ip;
	*out = f;
	return 0;
}
