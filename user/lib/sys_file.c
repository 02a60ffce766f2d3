/*
 * sys_file.c - POSIX file and directory calls over the raw stubs.
 *
 * Each wrapper passes its arguments through unchanged (open flags and
 * lseek whence values are picolibc's on both sides, checked below) and
 * maps a -errno result to errno + -1 (sysret.h).
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uapi/fcntl.h"
#include "sysret.h"
#include "ulib.h"

_Static_assert(O_RDONLY == KO_RDONLY && O_WRONLY == KO_WRONLY &&
		       O_RDWR == KO_RDWR, "open access modes match the kernel");
_Static_assert(O_CREAT == KO_CREAT && O_TRUNC == KO_TRUNC &&
		       O_APPEND == KO_APPEND && O_EXCL == KO_EXCL,
	       "open flags match the kernel");
_Static_assert(O_NOFOLLOW == KO_NOFOLLOW && O_DIRECTORY == KO_DIRECTORY,
	       "open flags match the kernel");
_Static_assert(SEEK_SET == KSEEK_SET && SEEK_CUR == KSEEK_CUR &&
		       SEEK_END == KSEEK_END, "whence values match the kernel");

int open(const char *path, int flags, ...)
{
	int mode = 0;

	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	return sysret(__sys_open(path, flags, mode));
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

ssize_t read(int fd, void *buf, size_t n)
{
	return sysret(__sys_read(fd, buf, n));
}

ssize_t write(int fd, const void *buf, size_t n)
{
	return sysret(__sys_write(fd, buf, n));
}

ssize_t pread(int fd, void *buf, size_t n, off_t offset)
{
	return sysret(__sys_pread(fd, buf, n, offset));
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset)
{
	return sysret(__sys_pwrite(fd, buf, n, offset));
}

int close(int fd)
{
	return sysret(__sys_close(fd));
}

off_t lseek(int fd, off_t offset, int whence)
{
	return sysret(__sys_lseek(fd, offset, whence));
}

int dup(int fd)
{
	return sysret(__sys_dup(fd));
}

int dup2(int fd, int newfd)
{
	return sysret(__sys_dup2(fd, newfd));
}

int pipe(int fds[2])
{
	return sysret(__sys_pipe(fds));
}

int fsync(int fd)
{
	return sysret(__sys_fsync(fd));
}

int ftruncate(int fd, off_t length)
{
	return sysret(__sys_ftruncate(fd, length));
}

int getdents(int fd, void *buf, size_t size)
{
	return sysret(__sys_getdents(fd, buf, size));
}
