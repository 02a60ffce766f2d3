/*
 * cowtest - copy-on-write fork, in the spirit of xv6's lab: a process
 * holding more than half of free memory forks (repeatedly), parent and
 * child each see only their own writes, fork copies no page until a
 * write, the last reference is reused instead of copied, and the kernel's
 * own writes into COW pages (read(), pipes) copy them too.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "check.h"
#include "ulib.h"
#include "vminfo.h"

#define PAGE 4096

/* Allocate (eagerly) and fill n bytes; NULL on failure. */
static char *grab(size_t n, char fill)
{
	char *p = sbrk_flags((ptrdiff_t)n, KSBRK_EAGER);
	if (p == (char *)-1)
		return 0;
	for (size_t i = 0; i < n; i += PAGE)
		p[i] = fill;
	return p;
}

static int test_big_fork(void)
{
	long free_bytes = vminfo_free_bytes();
	CHECK(free_bytes > 0, "cannot read /proc/meminfo");
	size_t n = (size_t)free_bytes * 6 / 10 / PAGE * PAGE;
	char *p = grab(n, 'p');
	CHECK(p, "could not allocate %zu bytes", n);
	for (int round = 0; round < 3; round++) {
		pid_t pid = check_fork();
		CHECK(pid >= 0, "fork %d of a %zu-byte process failed: %s", round, n,
		      strerror(errno));
		if (pid == 0) {
			for (size_t i = 0; i < n; i += 64 * PAGE)
				if (p[i] != 'p')
					_exit(2);
			_exit(0);
		}
		int st = check_wait(pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child saw wrong data (status %#x)", st);
	}
	return 0;
}

static int test_isolation(void)
{
	char *p = grab(16 * PAGE, 'a');
	CHECK(p, "sbrk failed");
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe: %s", strerror(errno));
	pid_t pid = check_fork();
	if (pid == 0) {
		for (int i = 0; i < 16; i++)
			p[i * PAGE] = 'c';
		char ok = 1;
		for (int i = 0; i < 16; i++)
			ok &= p[i * PAGE] == 'c';
		write(fds[1], &ok, 1);
		_exit(0);
	}
	char child_ok = 0;
	read(fds[0], &child_ok, 1);
	check_wait(pid);
	close(fds[0]);
	close(fds[1]);
	CHECK(child_ok, "the child did not see its own writes");
	for (int i = 0; i < 16; i++)
		CHECK(p[i * PAGE] == 'a', "the parent saw the child's write at page %d", i);
	for (int i = 0; i < 16; i++)
		p[i * PAGE] = 'b';
	CHECK(p[0] == 'b' && p[15 * PAGE] == 'b', "parent's own writes lost");
	return 0;
}

static int test_no_copy_on_fork(void)
{
	char *p = grab(256 * PAGE, 'x');
	CHECK(p, "sbrk failed");
	long before = vminfo_vmstat("cow_copies");
	CHECK(before >= 0, "cannot read cow_copies from /proc/vmstat");
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = check_fork();
	if (pid == 0) {
		char c;
		read(fds[0], &c, 1); /* wait until the parent has measured */
		_exit(0);
	}
	long after_fork = vminfo_vmstat("cow_copies");
	p[0] = 'y'; /* the parent's first write: one copy */
	long after_write = vminfo_vmstat("cow_copies");
	write(fds[1], "g", 1);
	check_wait(pid);
	close(fds[0]);
	close(fds[1]);
	/* /proc reads themselves may copy a stack or data page or two. */
	CHECK(after_fork - before <= 4, "fork of 256 touched pages made %ld copies",
	      after_fork - before);
	CHECK(after_write - after_fork >= 1 && after_write - after_fork <= 4,
	      "one write made %ld copies", after_write - after_fork);
	return 0;
}

static int test_last_reference_reused(void)
{
	char *p = grab(64 * PAGE, 'r');
	CHECK(p, "sbrk failed");
	pid_t pid = check_fork();
	if (pid == 0)
		_exit(0);
	check_wait(pid); /* the child is gone: every page has one reference */
	long copies = vminfo_vmstat("cow_copies"), reuses = vminfo_vmstat("cow_reuses");
	for (int i = 0; i < 64; i++)
		p[i * PAGE] = 's';
	long dcopies = vminfo_vmstat("cow_copies") - copies;
	long dreuses = vminfo_vmstat("cow_reuses") - reuses;
	CHECK(dreuses >= 64, "only %ld of 64 pages were reused", dreuses);
	CHECK(dcopies <= 4, "%ld pages were copied although no one shared them", dcopies);
	return 0;
}

static int test_read_into_cow(void)
{
	char *p = grab(4 * PAGE, 'o');
	CHECK(p, "sbrk failed");
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = check_fork();
	if (pid == 0) {
		/* The kernel writes into a COW page: the child's copy only. */
		static const char msg[] = "kernel-written";
		write(fds[1], msg, sizeof msg);
		int n = read(fds[0], p + PAGE, sizeof msg);
		_exit(n == sizeof msg && strcmp(p + PAGE, msg) == 0 ? 0 : 3);
	}
	int st = check_wait(pid);
	close(fds[0]);
	close(fds[1]);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "read() into a COW page failed in the child");
	CHECK(p[PAGE] == 'o', "the child's read() changed the parent's page");
	return 0;
}

static int test_pipe_from_cow(void)
{
	char *p = grab(2 * PAGE, 'q');
	CHECK(p, "sbrk failed");
	memcpy(p, "from-a-cow-page", 16);
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = check_fork();
	if (pid == 0) {
		write(fds[1], p, 16);
		_exit(0);
	}
	char buf[16];
	int n = read(fds[0], buf, 16);
	check_wait(pid);
	close(fds[0]);
	close(fds[1]);
	CHECK(n == 16 && strcmp(buf, "from-a-cow-page") == 0, "pipe carried the wrong bytes");
	return 0;
}

int main(void)
{
	check_run("cow_big_fork", test_big_fork);
	check_run("cow_isolation", test_isolation);
	check_run("cow_no_copy_on_fork", test_no_copy_on_fork);
	check_run("cow_last_reference_reused", test_last_reference_reused);
	check_run("cow_read_into_cow_page", test_read_into_cow);
	check_run("cow_pipe_from_cow_page", test_pipe_from_cow);
	return check_summary("cowtest");
}
