/*
 * proctest - process lifecycle tests: exit statuses through waitpid,
 * wait for any child, WNOHANG, ECHILD, zombies, getppid, re-parenting of
 * orphans to init, 100 concurrent children, kill (blocked and spinning
 * children, signaled statuses, ESRCH), a segfault's status, copy-on-write
 * isolation after fork, exec statuses and arguments, sbrk.
 * One "PASS name" / "FAIL name: reason" line per case.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "ulib.h"

#define MANY_CHILDREN 100
#define ORPHAN_WAIT_MS 5000
#define NO_SUCH_PID 0x7ffff000
#define COW_SIZE (1 << 20)

/* Fork a child that exits with code; returns its wait status. */
static int exit_and_wait(int code)
{
	pid_t pid = check_fork();

	if (pid == 0)
		_exit(code);
	return pid < 0 ? -1 : check_wait(pid);
}

static int test_exit_status(void)
{
	int st = exit_and_wait(42);

	CHECK(st >= 0, "waitpid failed: %s", strerror(errno));
	CHECK(WIFEXITED(st), "status %#x is not an exit", st);
	CHECK(WEXITSTATUS(st) == 42, "exit code %d, want 42", WEXITSTATUS(st));
	return 0;
}

static int test_exit_codes(void)
{
	static const int codes[] = { 0, 1, 127, 128, 255, 256, -1 };
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		int st = exit_and_wait(codes[i]);
		CHECK(st >= 0 && WIFEXITED(st), "exit(%d): status %#x", codes[i], st);
		CHECK(WEXITSTATUS(st) == (codes[i] & 0xff), "exit(%d) gave code %d",
		      codes[i], WEXITSTATUS(st));
	}
	return 0;
}

static int test_wait_any(void)
{
	pid_t pids[5];
	int i, j, st;

	for (i = 0; i < 5; i++) {
		pids[i] = check_fork();
		if (pids[i] == 0)
			_exit(10 + i);
		CHECK(pids[i] > 0, "fork: %s", strerror(errno));
	}
	for (i = 0; i < 5; i++) {
		pid_t pid = wait(&st);
		CHECK(pid > 0, "wait: %s", strerror(errno));
		for (j = 0; j < 5 && pids[j] != pid; j++)
			;
		CHECK(j < 5, "wait returned unknown pid %d", (int)pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 10 + j,
		      "pid %d: status %#x, want exit %d", (int)pid, st, 10 + j);
		pids[j] = -1;
	}
	CHECK_ERRNO(wait(&st), ECHILD);
	return 0;
}

static int test_waitpid_nohang(void)
{
	int fds[2], st;
	char c;
	pid_t pid;

	CHECK(pipe(fds) == 0, "pipe: %s", strerror(errno));
	pid = check_fork();
	if (pid == 0) {
		close(fds[1]);
		read(fds[0], &c, 1);
		_exit(7);
	}
	close(fds[0]);
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "WNOHANG did not return 0 for a live child");
	close(fds[1]);
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "status %#x", st);
	return 0;
}

static int test_waitpid_echild(void)
{
	int st;

	CHECK_ERRNO(waitpid(-1, &st, 0), ECHILD);
	CHECK_ERRNO(waitpid(-1, &st, WNOHANG), ECHILD);
	CHECK_ERRNO(waitpid(getppid(), &st, 0), ECHILD);
	return 0;
}

static int test_zombie(void)
{
	pid_t pid = check_fork();
	int st;

	if (pid == 0)
		_exit(9);
	msleep(100); /* the child is a zombie by now */
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9, "status %#x", st);
	CHECK_ERRNO(waitpid(pid, &st, 0), ECHILD);
	return 0;
}

static int test_getppid(void)
{
	pid_t parent = getpid();
	pid_t pid = check_fork();

	if (pid == 0)
		_exit(getppid() == parent ? 0 : 1);
	CHECK(check_wait(pid) == 0, "child's getppid() is not its parent's pid");
	CHECK(getppid() > 0, "getppid() = %d", (int)getppid());
	return 0;
}

/* Grandchild: wait for its parent to exit; report getppid() == 1. */
static void orphan_grandchild(int fd)
{
	uint64_t start = uptime_ms();
	char ok = 'n';

	while (uptime_ms() - start < ORPHAN_WAIT_MS) {
		if (getppid() == 1) {
			ok = 'y';
			break;
		}
		msleep(5);
	}
	write(fd, &ok, 1);
	_exit(0);
}

static int test_orphan_reparent(void)
{
	int fds[2];
	char ok = 0;
	pid_t pid;

	CHECK(pipe(fds) == 0, "pipe: %s", strerror(errno));
	pid = check_fork();
	if (pid == 0) {
		close(fds[0]);
		if (check_fork() == 0)
			orphan_grandchild(fds[1]);
		_exit(0);
	}
	close(fds[1]);
	CHECK(check_wait(pid) == 0, "middle child failed");
	CHECK(read(fds[0], &ok, 1) == 1, "no report from the orphan");
	CHECK(ok == 'y', "orphan's getppid() never became 1");
	return 0;
}

/* 100 children alive at once (blocked on a pipe), then all reaped. */
static int test_fork_many(void)
{
	char seen[MANY_CHILDREN] = { 0 };
	int fds[2], i, st;
	char c;

	CHECK(pipe(fds) == 0, "pipe: %s", strerror(errno));
	for (i = 0; i < MANY_CHILDREN; i++) {
		pid_t pid = check_fork();
		if (pid == 0) {
			close(fds[1]);
			read(fds[0], &c, 1);
			_exit(i);
		}
		CHECK(pid > 0, "fork %d: %s", i, strerror(errno));
	}
	close(fds[1]); /* EOF wakes them all */
	for (i = 0; i < MANY_CHILDREN; i++) {
		CHECK(wait(&st) > 0, "wait %d: %s", i, strerror(errno));
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) < MANY_CHILDREN, "status %#x", st);
		CHECK(!seen[WEXITSTATUS(st)], "code %d twice", WEXITSTATUS(st));
		seen[WEXITSTATUS(st)] = 1;
	}
	CHECK_ERRNO(wait(&st), ECHILD);
	return 0;
}

static int kill_and_check(pid_t pid, int sig)
{
	int st;

	CHECK(kill(pid, sig) == 0, "kill(%d, %d): %s", (int)pid, sig, strerror(errno));
	st = check_wait(pid);
	CHECK(st >= 0, "waitpid: %s", strerror(errno));
	CHECK(WIFSIGNALED(st), "status %#x is not 'killed'", st);
	CHECK(WTERMSIG(st) == sig, "killed by %d, want %d", WTERMSIG(st), sig);
	return 0;
}

static int test_kill_blocked(void)
{
	int fds[2];
	char c;
	pid_t pid;

	CHECK(pipe(fds) == 0, "pipe: %s", strerror(errno));
	pid = check_fork();
	if (pid == 0) {
		read(fds[0], &c, 1); /* never satisfied: we hold the write end */
		_exit(0);
	}
	msleep(50);
	return kill_and_check(pid, SIGKILL);
}

static int test_kill_spinning(void)
{
	pid_t pid = check_fork();

	if (pid == 0)
		for (;;)
			;
	msleep(50);
	return kill_and_check(pid, SIGTERM);
}

static int test_kill_esrch(void)
{
	CHECK_ERRNO(kill(NO_SUCH_PID, SIGKILL), ESRCH);
	return 0;
}

static int test_segfault_status(void)
{
	pid_t pid = check_fork();
	int st;

	if (pid == 0) {
		*(volatile int *)0 = 1;
		_exit(0);
	}
	st = check_wait(pid);
	CHECK(st >= 0 && WIFSIGNALED(st), "status %#x is not 'killed'", st);
	CHECK(WTERMSIG(st) == SIGSEGV, "killed by %d, want SIGSEGV", WTERMSIG(st));
	return 0;
}

static int cow_value = 1234;

static int test_cow_isolation(void)
{
	char *buf = malloc(COW_SIZE);
	pid_t pid;
	int i;

	CHECK(buf != NULL, "malloc failed");
	memset(buf, 'p', COW_SIZE);
	pid = check_fork();
	if (pid == 0) {
		cow_value = 99;
		memset(buf, 'c', COW_SIZE);
		_exit(buf[COW_SIZE - 1] == 'c' && cow_value == 99 ? 0 : 1);
	}
	CHECK(check_wait(pid) == 0, "child did not see its own writes");
	CHECK(cow_value == 1234, "parent's global changed to %d", cow_value);
	for (i = 0; i < COW_SIZE; i += 512)
		CHECK(buf[i] == 'p', "parent's buffer changed at %d", i);
	return 0;
}

static int exec_status(const char *name)
{
	char *argv[] = { (char *)name, NULL };
	pid_t pid = check_fork();

	if (pid == 0) {
		check_exec(name, argv);
		_exit(100);
	}
	return check_wait(pid);
}

static int test_exec_status(void)
{
	int st = exec_status("true");

	CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "true: status %#x", st);
	st = exec_status("false");
	CHECK(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 1, "false: status %#x", st);
	CHECK_ERRNO(execve("/no/such/program", (char *[]){ "x", NULL }, environ), ENOENT);
	return 0;
}

static int test_exec_args(void)
{
	char *argv[] = { "echo", "one", "two  three", "", "four", NULL };
	const char *want = "one two  three  four\n";
	char buf[64];
	int fds[2], n = 0, r;
	pid_t pid;

	CHECK(pipe(fds) == 0, "pipe: %s", strerror(errno));
	pid = check_fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		check_exec("echo", argv);
		_exit(100);
	}
	close(fds[1]);
	while (n < (int)sizeof(buf) - 1 && (r = read(fds[0], buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	buf[n] = '\0';
	CHECK(check_wait(pid) == 0, "echo failed");
	CHECK(strcmp(buf, want) == 0, "echo printed \"%s\"", buf);
	return 0;
}

static int test_sbrk(void)
{
	const long size = 1 << 20;
	char *old = sbrk(0);
	char *p = sbrk(size);

	CHECK(p == old, "sbrk(n) returned %p, break was %p", p, old);
	memset(p, 'x', size);
	CHECK(sbrk(0) == old + size, "break did not move by %ld", size);
	CHECK(sbrk(-size) == old + size, "shrinking failed");
	CHECK(sbrk(0) == old, "break did not come back");
	errno = 0;
	CHECK(sbrk_flags(1l << 40, KSBRK_EAGER) == (void *)-1 && errno == ENOMEM,
	      "eager sbrk of 1 TiB: errno %d, want ENOMEM", errno);
	return 0;
}

int main(void)
{
	check_run("proc_exit_status", test_exit_status);
	check_run("proc_exit_codes", test_exit_codes);
	check_run("proc_wait_any", test_wait_any);
	check_run("proc_waitpid_nohang", test_waitpid_nohang);
	check_run("proc_waitpid_echild", test_waitpid_echild);
	check_run("proc_zombie", test_zombie);
	check_run("proc_getppid", test_getppid);
	check_run("proc_orphan_reparent", test_orphan_reparent);
	check_run("proc_fork_many", test_fork_many);
	check_run("proc_kill_blocked", test_kill_blocked);
	check_run("proc_kill_spinning", test_kill_spinning);
	check_run("proc_kill_esrch", test_kill_esrch);
	check_run("proc_segfault_status", test_segfault_status);
	check_run("proc_cow_isolation", test_cow_isolation);
	check_run("proc_exec_status", test_exec_status);
	check_run("proc_exec_args", test_exec_args);
	check_run("proc_sbrk", test_sbrk);
	return check_summary("proctest");
}
