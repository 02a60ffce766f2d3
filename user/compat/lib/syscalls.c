/*
 * syscalls.c (libxv6) - xv6's system calls over this kernel's.
 *
 * Every error becomes -1, as on xv6. Where the APIs differ:
 *   - open(): xv6's O_ flag values are translated to the kernel's;
 *   - wait(): the kernel's POSIX status word becomes the exit code
 *     (sign-extended from 8 bits, so exit(-1) reads back as -1), or -1
 *     for a process the kernel killed (xv6 reaps those as -1 too);
 *   - kill(pid) sends SIGKILL; exec() passes an empty environment;
 *   - fstat()/stat() fill xv6's struct stat from struct kstat.
 * Memory and time calls are in memtime.c.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#include "uapi/fcntl.h"
#include "uapi/stat.h"
#include "uapi/wait.h"
#include "usys.h"
#include "xv6_time.h"

#define XV6_ACCESS_MASK 0x3
#define XV6_FILE_MODE 0666
#define XV6_DIR_MODE 0777

/* An xv6 call returns the result, or -1 for any error. */
static int xv6_ret(long r)
{
	return usys_failed(r) ? -1 : (int)r;
}

int fork(void)
{
	return xv6_ret(__sys_fork());
}

int exit(int status)
{
	for (;;)
		__sys_exit(status);
}

static int xv6_status(int st)
{
	if ((st & 0x7f) != 0)
		return -1; /* killed by a signal */
	return (signed char)((st >> 8) & 0xff);
}

int wait(int *status)
{
	int st = 0;
	long pid = __sys_waitpid(-1, &st, 0);

	if (usys_failed(pid))
		return -1;
	if (status)
		*status = xv6_status(st);
	return (int)pid;
}

int pipe(int *fds)
{
	return xv6_ret(__sys_pipe(fds));
}

int write(int fd, const void *buf, int n)
{
	if (n < 0)
		return -1;
	return xv6_ret(__sys_write(fd, buf, (size_t)n));
}

int read(int fd, void *buf, int n)
{
	if (n < 0)
		return -1;
	return xv6_ret(__sys_read(fd, buf, (size_t)n));
}

int close(int fd)
{
	return xv6_ret(__sys_close(fd));
}

int kill(int pid)
{
	return xv6_ret(__sys_kill(pid, KSIGKILL));
}

int exec(const char *path, char **argv)
{
	static char *const empty_env[] = { 0 };

	return xv6_ret(__sys_execve(path, argv, empty_env));
}

static int xv6_open_flags(int flags)
{
	int k = flags & XV6_ACCESS_MASK;

	if (flags & O_CREATE)
		k |= KO_CREAT;
	if (flags & O_TRUNC)
		k |= KO_TRUNC;
	return k;
}

int open(const char *path, int flags)
{
	return xv6_ret(__sys_open(path, xv6_open_flags(flags), XV6_FILE_MODE));
}

int mknod(const char *path, short major, short minor)
{
	return xv6_ret(__sys_mknod(path, major, minor));
}

int unlink(const char *path)
{
	return xv6_ret(__sys_unlink(path));
}

static void xv6_stat_convert(const struct kstat *k, struct stat *st)
{
	st->dev = (int)k->dev;
	st->ino = (uint)k->ino;
	st->nlink = (short)k->nlink;
	st->size = k->size;
	switch (k->mode & KS_IFMT) {
	case KS_IFDIR:
		st->type = T_DIR;
		break;
	case KS_IFCHR:
		st->type = T_DEVICE;
		break;
	default:
		st->type = T_FILE;
		break;
	}
}

int fstat(int fd, struct stat *st)
{
	struct kstat k;

	if (usys_failed(__sys_fstat(fd, &k)))
		return -1;
	xv6_stat_convert(&k, st);
	return 0;
}

int stat(const char *path, struct stat *st)
{
	struct kstat k;

	if (usys_failed(__sys_stat(path, &k)))
		return -1;
	xv6_stat_convert(&k, st);
	return 0;
}

int link(const char *oldpath, const char *newpath)
{
	return xv6_ret(__sys_link(oldpath, newpath));
}

int mkdir(const char *path)
{
	return xv6_ret(__sys_mkdir(path, XV6_DIR_MODE));
}

int chdir(const char *path)
{
	return xv6_ret(__sys_chdir(path));
}

int dup(int fd)
{
	return xv6_ret(__sys_dup(fd));
}

int getpid(void)
{
	return (int)__sys_getpid();
}

int sigalarm(int ticks, void (*handler)())
{
	return xv6_ret(__sys_sigalarm((long)ticks * XV6_TICK_MS, (void (*)(void))handler));
}

int sigreturn(void)
{
	return xv6_ret(__sys_sigreturn());
}
