/*
 * check.c - the test programs' harness (declared in include/check.h).
 *
 * check_run(name, fn) forks; the child runs fn and exits 0 (pass) or
 * prints "FAIL name: reason" and exits CHECK_FAIL_STATUS; the parent
 * waits (at most CHECK_TIMEOUT_MS, then kills the child) and prints
 * "PASS name", or the FAIL line for a child that was killed, exited
 * otherwise or timed out. Counters live here, shared by every file of
 * a test program.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>

#include "check.h"
#include "ulib.h"

#define CHECK_TIMEOUT_MS 60000 /* a case taking longer has hung */
#define CHECK_POLL_MAX_MS 20
#define CHECK_PATH_MAX 128

char check_why[CHECK_WHY_SIZE];
static int check_passed, check_failed;

int check_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(check_why, sizeof(check_why), fmt, ap);
	va_end(ap);
	return -1;
}

void check_flush(void)
{
	fflush(stdout);
	fflush(stderr);
}

pid_t check_fork(void)
{
	check_flush();
	return fork();
}

int check_wait(pid_t pid)
{
	int wstatus;

	if (waitpid(pid, &wstatus, 0) != pid)
		return -1;
	return wstatus;
}

int check_child_status(void (*fn)(void))
{
	pid_t pid = check_fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	return pid < 0 ? -1 : check_wait(pid);
}

static void check_report(const char *name, int wstatus)
{
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) {
		printf("PASS %s\n", name);
		check_passed++;
		return;
	}
	check_failed++;
	if (WIFSIGNALED(wstatus))
		printf("FAIL %s: killed by signal %d\n", name, WTERMSIG(wstatus));
	else if (WEXITSTATUS(wstatus) != CHECK_FAIL_STATUS)
		printf("FAIL %s: exited with status %d\n", name, WEXITSTATUS(wstatus));
	/* else the child printed its own FAIL line */
}

/* Wait up to CHECK_TIMEOUT_MS for pid; kill it if it is still running.
 * Returns 0 with *wstatus set, 1 on a timeout, -1 if waitpid failed. */
static int check_wait_timeout(pid_t pid, int *wstatus)
{
	uint64_t start = uptime_ms();
	uint64_t nap = 1;
	pid_t r;

	while ((r = waitpid(pid, wstatus, WNOHANG)) == 0) {
		if (uptime_ms() - start > CHECK_TIMEOUT_MS) {
			kill(pid, SIGKILL);
			waitpid(pid, wstatus, 0);
			return 1;
		}
		msleep(nap);
		if (nap < CHECK_POLL_MAX_MS)
			nap *= 2;
	}
	return r == pid ? 0 : -1;
}

void check_run(const char *name, int (*fn)(void))
{
	int wstatus, r;
	pid_t pid = check_fork();

	if (pid < 0) {
		printf("FAIL %s: fork: %s\n", name, strerror(errno));
		check_failed++;
		return;
	}
	if (pid == 0) {
		if (fn() == 0)
			_exit(0);
		printf("FAIL %s: %s\n", name, check_why);
		check_flush();
		_exit(CHECK_FAIL_STATUS);
	}
	r = check_wait_timeout(pid, &wstatus);
	if (r != 0) {
		printf("FAIL %s: %s\n", name, r > 0 ? "timed out" : strerror(errno));
		check_failed++;
	} else {
		check_report(name, wstatus);
	}
	check_flush();
}

int check_summary(const char *program)
{
	printf("%s: %d passed, %d failed\n", program, check_passed, check_failed);
	check_flush();
	return check_failed ? 1 : 0;
}

int check_exec(const char *name, char *const argv[])
{
	char path[CHECK_PATH_MAX];
	int saved = ENOENT;

	snprintf(path, sizeof(path), "/bin/%s", name);
	execve(path, argv, environ);
	if (errno != ENOENT)
		saved = errno;
	snprintf(path, sizeof(path), "/%s", name);
	execve(path, argv, environ);
	if (errno != ENOENT)
		saved = errno;
	errno = saved;
	return -1;
}
