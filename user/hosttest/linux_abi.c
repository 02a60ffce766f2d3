/*
 * linux_abi.c - for the host test build only (run.sh): this kernel's
 * system-call stubs (__sys_NAME, lib/usys.h) implemented over Linux
 * riscv64 system calls, so the user programs can run under
 * qemu-riscv64-static on the development machine before (or without)
 * the kernel. It translates what differs: open flags, struct stat,
 * errno values above 34, *at() calls, fork via clone, sbrk via brk,
 * msleep/uptime via the monotonic clock. execve re-enters qemu (found at
 * /qemu in the test root) after checking the file is a RISC-V ELF.
 * Calls with no Linux counterpart return -ENOSYS.
 */
#include <stddef.h>
#include <stdint.h>

#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/procinfo.h"
#include "uapi/stat.h"
#include "usys.h"

/* Linux riscv64 system-call numbers (asm-generic/unistd.h). */
enum linux_nr {
	L_GETCWD = 17, L_DUP = 23, L_DUP3 = 24, L_FCNTL = 25, L_MKNODAT = 33,
	L_MKDIRAT = 34, L_UNLINKAT = 35, L_SYMLINKAT = 36, L_LINKAT = 37,
	L_FTRUNCATE = 46, L_CHDIR = 49, L_OPENAT = 56, L_CLOSE = 57,
	L_PIPE2 = 59, L_GETDENTS64 = 61, L_LSEEK = 62, L_READ = 63,
	L_WRITE = 64, L_PREAD64 = 67, L_PWRITE64 = 68, L_READLINKAT = 78,
	L_NEWFSTATAT = 79, L_FSTAT = 80, L_FSYNC = 82, L_EXIT_GROUP = 94,
	L_NANOSLEEP = 101, L_CLOCK_GETTIME = 113, L_SCHED_YIELD = 124,
	L_KILL = 129, L_SETPGID = 154, L_GETPGID = 155, L_GETPID = 172,
	L_GETPPID = 173, L_BRK = 214, L_MUNMAP = 215, L_CLONE = 220,
	L_EXECVE = 221, L_MMAP = 222, L_MPROTECT = 226, L_MSYNC = 227,
	L_WAIT4 = 260, L_RENAMEAT2 = 276,
};

#define L_AT_FDCWD (-100)
#define L_AT_SYMLINK_NOFOLLOW 0x100
#define L_AT_REMOVEDIR 0x200
#define L_O_EXCL 0200
#define L_O_DIRECTORY 0200000
#define L_O_NOFOLLOW 0400000
#define L_SIGCHLD 17
#define L_CLOCK_MONOTONIC 1
#define L_S_IFCHR 020000
#define EM_RISCV_NUMBER 243
#define HOST_QEMU "/qemu"
#define EXEC_ARGS_MAX 256

static long linux_call(long n, long a, long b, long c, long d, long e, long f)
{
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	register long a7 __asm__("a7") = n;

	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
			 : "memory");
	return a0;
}

#define L0(n) linux_call(n, 0, 0, 0, 0, 0, 0)
#define L1(n, a) linux_call(n, (long)(a), 0, 0, 0, 0, 0)
#define L2(n, a, b) linux_call(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define L3(n, a, b, c) linux_call(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define L4(n, a, b, c, d) linux_call(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define L5(n, a, b, c, d, e) \
	linux_call(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define L6(n, a, b, c, d, e, f) \
	linux_call(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* Linux errno values that differ from picolibc's (1-34 agree). */
static long linux_err(long r)
{
	if (!usys_failed(r))
		return r;
	switch (-r) {
	case 36: return -ENAMETOOLONG;
	case 38: return -ENOSYS;
	case 39: return -ENOTEMPTY;
	case 40: return -ELOOP;
	}
	return r;
}

struct linux_stat {
	uint64_t dev, ino;
	uint32_t mode, nlink, uid, gid;
	uint64_t rdev, pad1;
	int64_t size;
	int32_t blksize, pad2;
	int64_t blocks;
	int64_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
	uint32_t unused[2];
};

static void linux_stat_convert(const struct linux_stat *l, struct kstat *k)
{
	k->dev = (uint32_t)l->dev;
	k->mode = l->mode;
	k->ino = l->ino;
	k->nlink = l->nlink;
	k->rdev = (uint32_t)l->rdev;
	k->size = (uint64_t)l->size;
	k->blocks = (uint64_t)l->blocks / 8;
	k->mtime = l->mtime;
}

static long linux_stat_at(int fd, const char *path, struct kstat *k, int flags)
{
	struct linux_stat l;
	long r = linux_err(path ? L4(L_NEWFSTATAT, fd, path, &l, flags) : L2(L_FSTAT, fd, &l));

	if (r == 0)
		linux_stat_convert(&l, k);
	return r;
}

static int linux_open_flags(int f)
{
	int l = f & (KO_ACCMODE | KO_CREAT | KO_TRUNC | KO_APPEND);

	if (f & KO_EXCL)
		l |= L_O_EXCL;
	if (f & KO_DIRECTORY)
		l |= L_O_DIRECTORY;
	if (f & KO_NOFOLLOW)
		l |= L_O_NOFOLLOW;
	return l;
}

long __sys_exit(int status)
{
	for (;;)
		L1(L_EXIT_GROUP, status);
}

long __sys_fork(void) { return linux_err(L5(L_CLONE, L_SIGCHLD, 0, 0, 0, 0)); }
long __sys_waitpid(int pid, int *st, int opt) { return linux_err(L4(L_WAIT4, pid, st, opt, 0)); }
long __sys_getpid(void) { return L0(L_GETPID); }
long __sys_getppid(void) { return L0(L_GETPPID); }
long __sys_kill(int pid, int sig) { return linux_err(L2(L_KILL, pid, sig)); }
long __sys_setpgid(int pid, int pgid) { return linux_err(L2(L_SETPGID, pid, pgid)); }
long __sys_getpgid(int pid) { return linux_err(L1(L_GETPGID, pid)); }

long __sys_sbrk(long increment, int flags)
{
	static long brk;
	long old, now;

	if (brk == 0)
		brk = L1(L_BRK, 0);
	old = brk;
	now = L1(L_BRK, old + increment);
	if (now != old + increment)
		return -ENOMEM;
	brk = now;
	return old;
}

struct linux_timespec {
	long sec, nsec;
};

long __sys_msleep(uint64_t ms)
{
	struct linux_timespec t = { (long)(ms / 1000), (long)(ms % 1000) * 1000000 };

	return linux_err(L2(L_NANOSLEEP, &t, 0));
}

long __sys_uptime_ms(void)
{
	struct linux_timespec t;

	L2(L_CLOCK_GETTIME, L_CLOCK_MONOTONIC, &t);
	return t.sec * 1000 + t.nsec / 1000000;
}

long __sys_timebase_hz(void) { return -ENOSYS; }
long __sys_read(int fd, void *b, size_t n) { return linux_err(L3(L_READ, fd, b, n)); }
long __sys_write(int fd, const void *b, size_t n) { return linux_err(L3(L_WRITE, fd, b, n)); }
long __sys_pread(int fd, void *b, size_t n, long o) { return linux_err(L4(L_PREAD64, fd, b, n, o)); }
long __sys_pwrite(int fd, const void *b, size_t n, long o) { return linux_err(L4(L_PWRITE64, fd, b, n, o)); }
long __sys_close(int fd) { return linux_err(L1(L_CLOSE, fd)); }
long __sys_lseek(int fd, long off, int whence) { return linux_err(L3(L_LSEEK, fd, off, whence)); }
long __sys_fstat(int fd, struct kstat *k) { return linux_stat_at(fd, NULL, k, 0); }
long __sys_stat(const char *p, struct kstat *k) { return linux_stat_at(L_AT_FDCWD, p, k, 0); }
long __sys_lstat(const char *p, struct kstat *k) { return linux_stat_at(L_AT_FDCWD, p, k, L_AT_SYMLINK_NOFOLLOW); }
long __sys_dup(int fd) { return linux_err(L1(L_DUP, fd)); }
long __sys_pipe(int fds[2]) { return linux_err(L2(L_PIPE2, fds, 0)); }
long __sys_fsync(int fd) { return linux_err(L1(L_FSYNC, fd)); }
long __sys_ftruncate(int fd, long len) { return linux_err(L2(L_FTRUNCATE, fd, len)); }
long __sys_getdents(int fd, void *b, size_t n) { return linux_err(L3(L_GETDENTS64, fd, b, n)); }

/* dup3 refuses fd == newfd; dup2 returns newfd if fd is open. */
long __sys_dup2(int fd, int newfd)
{
	if (fd == newfd)
		return usys_failed(L2(L_FCNTL, fd, 1)) ? -EBADF : fd;
	return linux_err(L3(L_DUP3, fd, newfd, 0));
}

long __sys_open(const char *p, int flags, int mode)
{
	return linux_err(L4(L_OPENAT, L_AT_FDCWD, p, linux_open_flags(flags), mode));
}

long __sys_mknod(const char *p, int major, int minor)
{
	return linux_err(L4(L_MKNODAT, L_AT_FDCWD, p, L_S_IFCHR | 0666, (major << 8) | minor));
}

long __sys_link(const char *a, const char *b) { return linux_err(L5(L_LINKAT, L_AT_FDCWD, a, L_AT_FDCWD, b, 0)); }
long __sys_unlink(const char *p) { return linux_err(L3(L_UNLINKAT, L_AT_FDCWD, p, 0)); }
long __sys_rmdir(const char *p) { return linux_err(L3(L_UNLINKAT, L_AT_FDCWD, p, L_AT_REMOVEDIR)); }
long __sys_mkdir(const char *p, int mode) { return linux_err(L3(L_MKDIRAT, L_AT_FDCWD, p, mode)); }
long __sys_chdir(const char *p) { return linux_err(L1(L_CHDIR, p)); }
long __sys_getcwd(char *b, size_t n) { return linux_err(L2(L_GETCWD, b, n)); }
long __sys_rename(const char *a, const char *b) { return linux_err(L5(L_RENAMEAT2, L_AT_FDCWD, a, L_AT_FDCWD, b, 0)); }
long __sys_symlink(const char *t, const char *p) { return linux_err(L3(L_SYMLINKAT, t, L_AT_FDCWD, p)); }
long __sys_readlink(const char *p, char *b, size_t n) { return linux_err(L4(L_READLINKAT, L_AT_FDCWD, p, b, n)); }
long __sys_mmap(void *a, size_t l, int p, int f, int fd, long o) { return linux_err(L6(L_MMAP, a, l, p, f, fd, o)); }
long __sys_munmap(void *a, size_t l) { return linux_err(L2(L_MUNMAP, a, l)); }
long __sys_mprotect(void *a, size_t l, int p) { return linux_err(L3(L_MPROTECT, a, l, p)); }
long __sys_msync(void *a, size_t l, int f) { return linux_err(L3(L_MSYNC, a, l, f)); }
long __sys_sched_yield(void) { return L0(L_SCHED_YIELD); }
long __sys_schedctl(int op, int arg) { return -ENOSYS; }
long __sys_nice(int pid, int value) { return -ENOSYS; }
long __sys_sigalarm(int ticks, void (*handler)(void)) { return -ENOSYS; }
long __sys_sigreturn(void) { return -ENOSYS; }
long __sys_procinfo(int index, struct kprocinfo *out) { return -ENOSYS; }
long __sys_console_mode(int op, int arg) { return 0; }

long __sys_poweroff(int status)
{
	for (;;)
		L1(L_EXIT_GROUP, status);
}

/* -ENOEXEC unless path is a RISC-V ELF file (qemu would take others). */
static long linux_check_elf(const char *path)
{
	unsigned char h[20];
	long fd = linux_err(L4(L_OPENAT, L_AT_FDCWD, path, 0, 0));
	long n;

	if (fd < 0)
		return fd;
	n = L3(L_READ, fd, h, sizeof(h));
	L1(L_CLOSE, fd);
	if (n < 0)
		return linux_err(n);
	if (n < (long)sizeof(h) || h[0] != 0x7f || h[1] != 'E' || h[18] != EM_RISCV_NUMBER)
		return -ENOEXEC;
	return 0;
}

long __sys_execve(const char *path, char *const argv[], char *const envp[])
{
	char *args[EXEC_ARGS_MAX + 4];
	long r = linux_check_elf(path);
	int i;

	if (r < 0)
		return r;
	args[0] = HOST_QEMU;
	args[1] = "-0";
	args[2] = argv && argv[0] ? argv[0] : (char *)path;
	args[3] = (char *)path;
	for (i = 1; argv && argv[i] && i < EXEC_ARGS_MAX; i++)
		args[i + 3] = argv[i];
	args[i + 3] = NULL;
	if (argv && argv[i])
		return -E2BIG;
	return linux_err(L3(L_EXECVE, HOST_QEMU, args, envp));
}
