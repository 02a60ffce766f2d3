/*
 * check.h - a tiny harness for the in-guest test programs (lib/check.c).
 *
 * Each case is a function returning 0 (pass) or -1 (fail, with the reason
 * set by CHECK or CHECK_ERRNO). check_run() runs it in a child process, so a case
 * that crashes or hangs on a broken kernel cannot take the others down,
 * and prints exactly one line per case:
 *
 *   PASS name
 *   FAIL name: reason
 *
 * A case still running after CHECK_TIMEOUT_MS is killed and fails with
 * "timed out". The harness on the host matches these lines. check_summary()
 * prints "NAME: N passed, M failed" and returns the exit status.
 */
#ifndef USER_CHECK_H
#define USER_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK_WHY_SIZE 200
#define CHECK_FAIL_STATUS 1

extern char check_why[CHECK_WHY_SIZE];

/* Record the reason for the current case's failure; returns -1. */
int check_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Fail the current case unless cond holds. */
#define CHECK(cond, ...)                               \
	do {                                           \
		if (!(cond))                           \
			return check_fail(__VA_ARGS__); \
	} while (0)

/* Fail unless the call returned -1 with errno == e. */
#define CHECK_ERRNO(call, e)                                                 \
	do {                                                                 \
		errno = 0;                                                   \
		long check_r_ = (long)(call);                                \
		if (check_r_ != -1 || errno != (e))                          \
			return check_fail("%s: got %ld errno %d (%s), want %s", \
					  #call, check_r_, errno,            \
					  strerror(errno), #e);              \
	} while (0)

/* Run one case in a child and print its PASS/FAIL line. */
void check_run(const char *name, int (*fn)(void));
/* Print "program: N passed, M failed"; returns the exit status. */
int check_summary(const char *program);
/* fflush stdout and stderr (before fork, exec or _exit). */
void check_flush(void);
/* fork() after flushing stdio, so buffered output is not duplicated. */
pid_t check_fork(void);
/* Wait for pid; returns its wait status, or -1. */
int check_wait(pid_t pid);
/* Run fn in a child that exits 0 when fn returns; the child's wait
 * status (to see whether fn was killed, and by what), or -1. */
int check_child_status(void (*fn)(void));
/* execve NAME from /bin or / (the image may put it in either); returns
 * only on failure, with errno from the last attempt not saying ENOENT. */
int check_exec(const char *name, char *const argv[]);

#endif
