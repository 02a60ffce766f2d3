/*
 * user/user.h (xv6 compat) - xv6-riscv's user-space API, implemented by
 * libxv6 (user/compat/lib/) over this kernel's system calls.
 *
 * Behaves as on xv6: errors return -1 (or SBRK_ERROR); wait() gives the
 * exit code, or -1 for a process the kernel killed; sbrk() allocates at
 * once, sbrklazy() only reserves; pause()/sleep() count xv6 ticks of
 * 100 ms and uptime() returns them; printf/fprintf write unbuffered to a
 * file descriptor. Include "kernel/types.h" first, as on xv6.
 */
#ifndef XV6_COMPAT_USER_H
#define XV6_COMPAT_USER_H

#define SBRK_ERROR ((char *)-1)

struct stat;

/* system calls */
int fork(void);
int exit(int) __attribute__((noreturn));
int wait(int *);
int pipe(int *);
int write(int, const void *, int);
int read(int, void *, int);
int close(int);
int kill(int);
int exec(const char *, char **);
int open(const char *, int);
int mknod(const char *, short, short);
int unlink(const char *);
int fstat(int fd, struct stat *);
int link(const char *, const char *);
int mkdir(const char *);
int chdir(const char *);
int dup(int);
int getpid(void);
char *sys_sbrk(int, int);
int pause(int);
int sleep(int);
int uptime(void);
int sigalarm(int ticks, void (*handler)());
int sigreturn(void);

/* ulib.c */
int stat(const char *, struct stat *);
char *strcpy(char *, const char *);
void *memmove(void *, const void *, int);
char *strchr(const char *, char c);
int strcmp(const char *, const char *);
char *gets(char *, int max);
uint strlen(const char *);
void *memset(void *, int, uint);
int atoi(const char *);
int memcmp(const void *, const void *, uint);
void *memcpy(void *, const void *, uint);
char *sbrk(int);
char *sbrklazy(int);

/* printf.c */
void fprintf(int, const char *, ...) __attribute__((format(printf, 2, 3)));
void printf(const char *, ...) __attribute__((format(printf, 1, 2)));

/* umalloc.c */
void *malloc(uint);
void free(void *);

#endif
