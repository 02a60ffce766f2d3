/*
 * usys.h - C prototypes of the raw system-call stubs.
 *
 * build/gen/usys.S (generated from kernel/syscall.tbl) defines one stub
 * __sys_NAME per call: a7 = number, ecall, return. Each returns the
 * kernel's a0: a result (>= 0, or an address) or a negative errno in
 * [-4095, -1]. The stubs touch nothing else, so both the native library
 * (which turns errors into errno + -1) and the xv6 compat library (which
 * turns them into -1) call them directly.
 *
 * This header needs only <stddef.h> and <stdint.h>, so it compiles both
 * with picolibc's headers and in the xv6 build, which sees none of them.
 */
#ifndef USER_USYS_H
#define USER_USYS_H

#include <stddef.h>
#include <stdint.h>

struct kstat;
struct kprocinfo;

/* Results in [-4095, -1] are negated errno values. */
#define USYS_ERRNO_MAX 4095
static inline int usys_failed(long r)
{
	return r < 0 && r >= -USYS_ERRNO_MAX;
}

long __sys_exit(int status);
long __sys_fork(void);
long __sys_waitpid(int pid, int *status, int options);
long __sys_execve(const char *path, char *const argv[], char *const envp[]);
long __sys_getpid(void);
long __sys_getppid(void);
long __sys_kill(int pid, int sig);
long __sys_sbrk(long increment, int flags);
long __sys_msleep(uint64_t milliseconds);
long __sys_uptime_ms(void);
long __sys_read(int fd, void *buf, size_t n);
long __sys_write(int fd, const void *buf, size_t n);
long __sys_open(const char *path, int flags, int mode);
long __sys_close(int fd);
long __sys_lseek(int fd, long offset, int whence);
long __sys_fstat(int fd, struct kstat *st);
long __sys_stat(const char *path, struct kstat *st);
long __sys_lstat(const char *path, struct kstat *st);
long __sys_dup(int fd);
long __sys_dup2(int fd, int newfd);
long __sys_pipe(int fds[2]);
long __sys_mknod(const char *path, int major, int minor);
long __sys_link(const char *oldpath, const char *newpath);
long __sys_unlink(const char *path);
long __sys_mkdir(const char *path, int mode);
long __sys_rmdir(const char *path);
long __sys_chdir(const char *path);
long __sys_getcwd(char *buf, size_t size);
long __sys_rename(const char *oldpath, const char *newpath);
long __sys_symlink(const char *target, const char *path);
long __sys_readlink(const char *path, char *buf, size_t size);
long __sys_getdents(int fd, void *buf, size_t size);
long __sys_fsync(int fd);
long __sys_ftruncate(int fd, long length);
long __sys_pread(int fd, void *buf, size_t n, long offset);
long __sys_pwrite(int fd, const void *buf, size_t n, long offset);
long __sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
long __sys_munmap(void *addr, size_t len);
long __sys_mprotect(void *addr, size_t len, int prot);
long __sys_msync(void *addr, size_t len, int flags);
long __sys_sched_yield(void);
long __sys_schedctl(int op, int arg);
long __sys_nice(int pid, int value);
long __sys_sigalarm(int ticks, void (*handler)(void));
long __sys_sigreturn(void);
long __sys_poweroff(int status);
long __sys_procinfo(int index, struct kprocinfo *out);
long __sys_console_mode(int op, int arg);
long __sys_setpgid(int pid, int pgid);
long __sys_getpgid(int pid);
long __sys_timebase_hz(void);

#endif
