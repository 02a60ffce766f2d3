/*
 * ulib.h - the native user library's calls that POSIX/picolibc headers do
 * not declare: this kernel's own system calls and a few helpers.
 *
 * Everything else (read, write, open, fork, execve, waitpid, stat, ...)
 * is declared by picolibc's headers and implemented in user/lib/ over the
 * system-call stubs. All calls return -1 and set errno on error.
 */
#ifndef USER_ULIB_H
#define USER_ULIB_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "uapi/misc.h"
#include "uapi/procinfo.h"

/* Files */
int lstat(const char *path, struct stat *st);
int mknod_device(const char *path, int major, int minor);
int getdents(int fd, void *buf, size_t size);

/* Memory: sbrk() reserves only; sbrk_flags(n, KSBRK_EAGER) allocates. */
void *sbrk_flags(ptrdiff_t increment, int flags);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
int msync(void *addr, size_t len, int flags);

/* Processes and the machine */
int sched_control(int op, int arg);
int proc_nice(int pid, int value);
int sigalarm(int interval_ms, void (*handler)(void)); /* CPU time */
int sigreturn(void);
int poweroff(int status);
/* procinfo(i, &p): fills p with the i-th process (from 0) and returns
 * the index to ask for next, or 0 if p was the last one; -1 with errno
 * ESRCH if there is no i-th process. */
int procinfo(int index, struct kprocinfo *out);
/* console_mode(KCONSOLE_COOKED/RAW, 0), (KCONSOLE_SET_FG, pgid): ^C sends
 * SIGINT to that group, 0 = none; (KCONSOLE_GET_FG, 0) returns it. */
int console_mode(int op, int arg);

/* Time */
int msleep(uint64_t milliseconds);
uint64_t uptime_ms(void);
uint64_t time_ticks(void);  /* the time CSR (rdtime) */
uint64_t time_hz(void);     /* its frequency (the timebase_hz call) */
uint64_t time_ns(void);     /* time_ticks() in nanoseconds */

#endif
