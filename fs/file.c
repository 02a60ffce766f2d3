/*
 * file.c - open files and descriptor tables (see file.h).
 */
#include "fs/file.h"

#include <string.h>

#include "fs/fs.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "vm/kmalloc.h"

struct file *file_alloc(const struct file_ops *ops, void *private, unsigned flags)
{
	struct file *f = kzalloc(sizeof *f);
	if (!f)
		return 0;
	f->refs = 1;
	f->flags = flags;
	f->ops = ops;
	f->private = private;
	mutex_init(&f->pos_lock, "file");
	return f;
}

struct file *file_dup(struct file *f)
{
	__atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
	return f;
}

void file_put(struct file *f)
{
	int left = __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL);
	KASSERT(left >= 0);
	if (left)
		return;
	if (f->ops->release)
		f->ops->release(f);
	if (f->inode)
		inode_put(f->inode);
	kfree(f);
}

#define FILES_INITIAL 16

struct files *files_create(void)
{
	struct files *fs = kzalloc(sizeof *fs);
	if (!fs)
		return 0;
	fs->fds = kzalloc(FILES_INITIAL * sizeof *fs->fds);
	if (!fs->fds) {
		kfree(fs);
		return 0;
	}
	fs->size = FILES_INITIAL;
	spin_init(&fs->lock, "files");
	return fs;
}

struct files *files_fork(struct files *old)
{
	struct files *fs = kzalloc(sizeof *fs);
	if (!fs)
		return 0;
	spin_lock(&old->lock);
	int size = old->size;
	spin_unlock(&old->lock);
	fs->fds = kzalloc(size * sizeof *fs->fds);
	if (!fs->fds) {
		kfree(fs);
		return 0;
	}
	spin_init(&fs->lock, "files");
	spin_lock(&old->lock);
	fs->size = size < old->size ? size : old->size; /* only we grow it */
	for (int i = 0; i < fs->size; i++)
		if (old->fds[i])
			fs->fds[i] = file_dup(old->fds[i]);
	spin_unlock(&old->lock);
	return fs;
}

void files_destroy(struct files *fs)
{
	for (int i = 0; i < fs->size; i++)
		if (fs->fds[i])
			file_put(fs->fds[i]);
	kfree(fs->fds);
	kfree(fs);
}

/* Make the table at least want slots; fs->lock not held. */
static int files_grow(struct files *fs, int want)
{
	int size = fs->size;
	if (want <= size)
		return 0;
	int nsize = size;
	while (nsize < want)
		nsize *= 2;
	if (nsize > FILES_MAX)
		nsize = FILES_MAX;
	struct file **fds = kzalloc(nsize * sizeof *fds);
	if (!fds)
		return -ENOMEM;
	spin_lock(&fs->lock);
	memcpy(fds, fs->fds, fs->size * sizeof *fds);
	struct file **old = fs->fds;
	fs->fds = fds;
	fs->size = nsize;
	spin_unlock(&fs->lock);
	kfree(old);
	return 0;
}

int fd_install(struct files *fs, struct file *f, int min)
{
	for (;;) {
		spin_lock(&fs->lock);
		for (int fd = min; fd < fs->size; fd++) {
			if (!fs->fds[fd]) {
				fs->fds[fd] = f;
				spin_unlock(&fs->lock);
				return fd;
			}
		}
		int size = fs->size;
		spin_unlock(&fs->lock);
		if (size >= FILES_MAX || min >= FILES_MAX)
			return -EMFILE;
		int r = files_grow(fs, (min > size ? min : size) + 1);
		if (r < 0)
			return r;
	}
}

struct file *fd_get(struct files *fs, int fd)
{
	struct file *f = 0;
	spin_lock(&fs->lock);
	if (fd >= 0 && fd < fs->size && fs->fds[fd])
		f = file_dup(fs->fds[fd]);
	spin_unlock(&fs->lock);
	return f;
}

int fd_close(struct files *fs, int fd)
{
	struct file *f = 0;
	spin_lock(&fs->lock);
	if (fd >= 0 && fd < fs->size) {
		f = fs->fds[fd];
		fs->fds[fd] = 0;
	}
	spin_unlock(&fs->lock);
	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

int fd_dup2(struct files *fs, int fd, int newfd)
{
	if (newfd < 0 || newfd >= FILES_MAX)
		return -EBADF;
	struct file *f = fd_get(fs, fd);
	if (!f)
		return -EBADF;
	if (fd == newfd) {
		file_put(f);
		return newfd;
	}
	int r = files_grow(fs, newfd + 1);
	if (r < 0) {
		file_put(f);
		return r;
	}
	spin_lock(&fs->lock);
	struct file *old = fs->fds[newfd];
	fs->fds[newfd] = f;
	spin_unlock(&fs->lock);
	if (old)
		file_put(old);
	return newfd;
}
