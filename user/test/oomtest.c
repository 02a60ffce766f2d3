/*
 * oomtest - running out of memory kills a process or fails a call, never
 * the kernel: a child that touches more than the machine has is killed
 * (SIGKILL, with a console line); forking until memory runs out fails
 * with an error; afterwards memory is back and the system works.
 */
#include <signal.h>
#include <stdlib.h>

#include "check.h"
#include "ulib.h"
#include "vminfo.h"

#define PAGE 4096L
#define MAX_FORKS 100000

static void touch_too_much(void)
{
	long n = vminfo_free_bytes() * 2;
	char *p = sbrk(n);
	if (p == (char *)-1)
		_exit(3);
	for (long i = 0; i < n; i += PAGE)
		p[i] = 1;
	_exit(0); /* not reached: there is not that much memory */
}

static int test_touch_oom_killed(void)
{
	long before = vminfo_free_bytes();
	int st = check_child_status(touch_too_much);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "child status %#x, want SIGKILL", st);
	long after = vminfo_free_bytes();
	CHECK(after > before / 2, "memory not given back: %ld bytes free before, %ld after", before,
	      after);
	return 0;
}

/* Each child holds its kernel stack, page tables and fd table and waits
 * on the pipe until the parent closes it. */
static int test_fork_until_failure(void)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	static pid_t pids[MAX_FORKS];
	int n = 0, err = 0;
	check_flush();
	while (n < MAX_FORKS) {
		pid_t pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			char c;
			close(fds[1]); /* so the parent's close ends every read */
			read(fds[0], &c, 1);
			_exit(0);
		}
		pids[n++] = pid;
	}
	close(fds[1]); /* every child's read now returns 0 */
	int reaped = 0;
	for (int i = 0; i < n; i++)
		if (waitpid(pids[i], 0, 0) == pids[i])
			reaped++;
	close(fds[0]);
	CHECK(n < MAX_FORKS, "%d forks all succeeded", n);
	CHECK(err == ENOMEM || err == EAGAIN, "fork failed with %s, want ENOMEM", strerror(err));
	CHECK(reaped == n, "reaped %d of %d children", reaped, n);
	return 0;
}

static int test_memory_back(void)
{
	char *p = sbrk_flags(1024 * PAGE, KSBRK_EAGER);
	CHECK(p != (char *)-1, "4 MiB eager sbrk failed after the OOM tests");
	p[0] = 1;
	return 0;
}

int main(void)
{
	check_run("oom_touch_killed", test_touch_oom_killed);
	check_run("oom_fork_fails_cleanly", test_fork_until_failure);
	check_run("oom_memory_back", test_memory_back);
	return check_summary("oomtest");
}
