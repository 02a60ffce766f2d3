/*
 * sys_fd.c - system calls on file descriptors, whatever the file is:
 * read, write, pread, pwrite, lseek, fstat, close, dup, dup2, pipe.
 */
#include "fs/file.h"
#include "fs/pipe.h"
#include "kernel/syscall.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/fcntl.h"
#include "proc/proc.h"
#include "vm/uaccess.h"

#define IO_MAX (1UL << 30) /* one call moves at most 1 GiB */

static struct file *current_file(uint64_t fd)
{
	if (fd > FILES_MAX)
		return 0;
	return fd_get(proc_current()->files, (int)fd);
}

static bool can_read(const struct file *f)
{
	return (f->flags & KO_ACCMODE) != KO_WRONLY;
}

static bool can_write(const struct file *f)
{
	return (f->flags & KO_ACCMODE) != KO_RDONLY;
}

/* Read or write through f at its offset (offset < 0) or at offset. */
static long do_io(uint64_t fd, uint64_t ubuf, uint64_t n, int64_t offset, bool write)
{
	struct file *f = current_file(fd);
	if (!f)
		return -EBADF;
	long r;
	if (write ? !can_write(f) : !can_read(f))
		r = -EBADF;
	else if (!user_range_ok(ubuf, n))
		r = -EFAULT;
	else if (!(write ? f->ops->write : f->ops->read))
		r = -EINVAL;
	else if (offset >= 0 && !f->ops->size)
		r = -ESPIPE; /* pread/pwrite on a pipe or the console */
	else {
		if (n > IO_MAX)
			n = IO_MAX;
		if (offset >= 0 || !f->ops->size) {
			/* pread/pwrite, or a stream (pipe, console) with no
			 * offset to protect: no need for pos_lock. */
			uint64_t off = offset >= 0 ? (uint64_t)offset : 0;
			r = write ? f->ops->write(f, ubuf, n, &off) : f->ops->read(f, ubuf, n, &off);
		} else {
			mutex_lock(&f->pos_lock);
			r = write ? f->ops->write(f, ubuf, n, &f->offset)
			          : f->ops->read(f, ubuf, n, &f->offset);
			mutex_unlock(&f->pos_lock);
		}
	}
	file_put(f);
	return r;
}

long sys_read(const uint64_t *a)
{
	return do_io(a[0], a[1], a[2], -1, false);
}

long sys_write(const uint64_t *a)
{
	return do_io(a[0], a[1], a[2], -1, true);
}

long sys_pread(const uint64_t *a)
{
	if ((int64_t)a[3] < 0)
		return -EINVAL;
	return do_io(a[0], a[1], a[2], (int64_t)a[3], false);
}

long sys_pwrite(const uint64_t *a)
{
	if ((int64_t)a[3] < 0)
		return -EINVAL;
	return do_io(a[0], a[1], a[2], (int64_t)a[3], true);
}

static long seek(struct file *f, int64_t offset, int whence)
{
	int64_t base;
	switch (whence) {
	case KSEEK_SET: base = 0; break;
	case KSEEK_CUR: base = (int64_t)f->offset; break;
	case KSEEK_END:
		if (!f->ops->size)
			return -ESPIPE;
		base = f->ops->size(f);
		if (base < 0)
			return base;
		break;
	default:
		return -EINVAL;
	}
	if (!f->ops->size)
		return -ESPIPE;
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return -EINVAL;
	f->offset = (uint64_t)(base + offset);
	return (long)f->offset;
}

long sys_lseek(const uint64_t *a)
{
	struct file *f = current_file(a[0]);
	if (!f)
		return -EBADF;
	mutex_lock(&f->pos_lock);
	long r = seek(f, (int64_t)a[1], (int)a[2]);
	mutex_unlock(&f->pos_lock);
	file_put(f);
	return r;
}

long sys_fstat(const uint64_t *a)
{
	struct file *f = current_file(a[0]);
	if (!f)
		return -EBADF;
	struct kstat st = {0};
	long r = f->ops->stat ? f->ops->stat(f, &st) : -EINVAL;
	if (r == 0 && copy_to_user(a[1], &st, sizeof st) < 0)
		r = -EFAULT;
	file_put(f);
	return r;
}

long sys_close(const uint64_t *a)
{
	if (a[0] > FILES_MAX)
		return -EBADF;
	return fd_close(proc_current()->files, (int)a[0]);
}

long sys_dup(const uint64_t *a)
{
	struct file *f = current_file(a[0]);
	if (!f)
		return -EBADF;
	int fd = fd_install(proc_current()->files, f, 0);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_dup2(const uint64_t *a)
{
	if (a[0] > FILES_MAX || a[1] > FILES_MAX)
		return -EBADF;
	return fd_dup2(proc_current()->files, (int)a[0], (int)a[1]);
}

long sys_pipe(const uint64_t *a)
{
	struct files *fs = proc_current()->files;
	if (!user_range_ok(a[0], 2 * sizeof(int)))
		return -EFAULT;
	struct file *rf, *wf;
	int r = pipe_create(&rf, &wf);
	if (r < 0)
		return r;
	int fds[2] = {fd_install(fs, rf, 0), -1};
	if (fds[0] >= 0)
		fds[1] = fd_install(fs, wf, 0);
	if (fds[1] < 0 || copy_to_user(a[0], fds, sizeof fds) < 0) {
		r = fds[0] < 0 ? fds[0] : fds[1] < 0 ? fds[1] : -EFAULT;
		if (fds[0] >= 0)
			fd_close(fs, fds[0]);
		else
			file_put(rf);
		if (fds[1] >= 0)
			fd_close(fs, fds[1]);
		else
			file_put(wf);
		return r;
	}
	return 0;
}
