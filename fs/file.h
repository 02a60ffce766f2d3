/*
 * file.h - open files and file-descriptor tables.
 *
 * A struct file is one open of something (a disk file, a pipe end, the
 * console); it carries the offset and the open flags, and reaches its
 * object through an ops table. Files are reference counted: dup, fork and
 * the fd table each hold a reference; release() runs when the last goes.
 *
 * A process's fd table (struct files) grows as needed up to FILES_MAX
 * descriptors (-EMFILE beyond). Tables are shared by nobody (no threads);
 * fork copies them.
 *
 * Locking: files->lock guards the table. f->refs is atomic. f->offset is
 * guarded by f->pos_lock (a mutex: reads sleep).
 */
#ifndef FS_FILE_H
#define FS_FILE_H

#include <stdint.h>

#include "kernel/spinlock.h"
#include "kernel/uapi/stat.h"
#include "proc/mutex.h"

#define FILES_MAX 1024

struct file;
struct inode;

struct file_ops {
	/* Read or write n bytes at *offset from or to user memory at ubuf;
	 * bytes done or -errno. Non-seekable files ignore offset. */
	int64_t (*read)(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset);
	int64_t (*write)(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset);
	int (*stat)(struct file *f, struct kstat *st);
	/* Optional: */
	int64_t (*size)(struct file *f);              /* for SEEK_END; -ESPIPE if absent */
	int64_t (*getdents)(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset);
	int (*fsync)(struct file *f);
	int (*truncate)(struct file *f, uint64_t length);
	void (*release)(struct file *f);
};

struct file {
	int refs;                    /* atomic */
	unsigned flags;              /* KO_* open flags */
	uint64_t offset;             /* pos_lock */
	struct mutex pos_lock;
	const struct file_ops *ops;
	void *private;               /* the object's (pipe, device) */
	struct inode *inode;         /* disk files: a reference */
};

struct files {
	struct spinlock lock;
	int size;                    /* slots in fds */
	struct file **fds;
};

struct file *file_alloc(const struct file_ops *ops, void *private, unsigned flags);
struct file *file_dup(struct file *f);
void file_put(struct file *f);

struct files *files_create(void);
struct files *files_fork(struct files *old);
void files_destroy(struct files *fs);
/* Install f (taking over the caller's reference) in the lowest free
 * slot at or above min: the fd, or -EMFILE / -ENOMEM. */
int fd_install(struct files *fs, struct file *f, int min);
/* The file at fd with a new reference, or NULL. */
struct file *fd_get(struct files *fs, int fd);
int fd_close(struct files *fs, int fd);
int fd_dup2(struct files *fs, int fd, int newfd);

/* Device files (inode type KS_IFCHR): the ops for a major number. */
#define DEV_CONSOLE 1
const struct file_ops *device_ops(unsigned major);

#endif
