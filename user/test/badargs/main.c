/*
 * badargs - system calls given bad arguments must fail cleanly with the
 * right errno, and the caller must keep running:
 *   - NULL, unmapped, kernel-half, non-canonical, read-only and
 *     end-of-user-space-straddling pointers to read, write, open, exec,
 *     pipe and waitpid give EFAULT (misaligned ones work or give EFAULT);
 *   - failed calls change nothing (no fd leaked, the child still reapable);
 *   - bad descriptors give EBADF; huge lengths EFAULT/EINVAL; huge
 *     argument lists E2BIG; over-long paths ENAMETOOLONG; bad values
 *     EINVAL;
 *   - exec of malformed ELF files gives ENOEXEC (elf.c).
 * One "PASS name" / "FAIL name: reason" line per case.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "badargs.h"

#define DATA_FILE "/tmp/badargs.dat"
#define OUT_FILE "/tmp/badargs.out"
#define HUGE_ARGC 200000
#define HUGE_ARG_SIZE (2 << 20)
#define LONG_PATH 10000

const char *badargs_true_path(void)
{
	struct stat st;

	return stat("/bin/true", &st) == 0 ? "/bin/true" : "/true";
}

/* The bad pointers every buffer argument is tried with. */
static void *const bad_pointers[] = {
	NULL, BAD_LOW, BAD_UNMAPPED, BAD_KERNEL, BAD_NONCANONICAL, BAD_STRADDLE,
};
#define NBAD (sizeof(bad_pointers) / sizeof(bad_pointers[0]))

/* A string of n 'a's ending exactly where a mapped page is followed by an
 * unmapped one (just past the heap's break), with no NUL. */
static char *page_end_string(size_t n)
{
	uintptr_t brk = (uintptr_t)sbrk(0);
	uintptr_t page = (brk + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	char *end;

	if (sbrk_flags(page - brk + PAGE_SIZE, KSBRK_EAGER) == (void *)-1)
		return NULL;
	end = (char *)page + PAGE_SIZE;
	memset(end - n, 'a', n);
	return end - n;
}

static int open_data(int flags)
{
	int fd = open(DATA_FILE, O_RDWR | O_CREAT | O_TRUNC, 0666);

	if (fd >= 0) {
		write(fd, "hello, world\n", 13);
		close(fd);
	}
	return open(DATA_FILE, flags);
}

static int test_read_pointers(void)
{
	int fd = open_data(O_RDONLY);
	size_t i;

	CHECK(fd >= 0, "open %s: %s", DATA_FILE, strerror(errno));
	for (i = 0; i < NBAD; i++) {
		lseek(fd, 0, SEEK_SET);
		errno = 0;
		long r = read(fd, bad_pointers[i], BAD_LEN);
		CHECK(r == -1 && errno == EFAULT, "read into %p: got %ld errno %d",
		      bad_pointers[i], r, errno);
	}
	lseek(fd, 0, SEEK_SET);
	CHECK_ERRNO(read(fd, (void *)test_read_pointers, BAD_LEN), EFAULT);
	return 0;
}

static int test_write_pointers(void)
{
	int fd = open(OUT_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	size_t i;

	CHECK(fd >= 0, "open %s: %s", OUT_FILE, strerror(errno));
	for (i = 0; i < NBAD; i++) {
		errno = 0;
		long r = write(fd, bad_pointers[i], BAD_LEN);
		CHECK(r == -1 && errno == EFAULT, "write from %p: got %ld errno %d",
		      bad_pointers[i], r, errno);
	}
	return 0;
}

static int test_open_pointers(void)
{
	char *edge = page_end_string(100);
	size_t i;

	for (i = 0; i < NBAD; i++) {
		errno = 0;
		long r = open(bad_pointers[i], O_RDONLY);
		CHECK(r == -1 && errno == EFAULT, "open(%p): got %ld errno %d",
		      bad_pointers[i], r, errno);
	}
	CHECK(edge != NULL, "sbrk failed");
	CHECK_ERRNO(open(edge, O_RDONLY), EFAULT);
	CHECK_ERRNO(stat(edge, &(struct stat){ 0 }), EFAULT);
	return 0;
}

static int test_exec_pointers(void)
{
	const char *path = badargs_true_path();
	char *edge = page_end_string(100);
	size_t i;

	for (i = 0; i < NBAD; i++) {
		char *argv[] = { "true", bad_pointers[i], NULL };
		errno = 0;
		long r = execve(bad_pointers[i], argv + 2, argv + 2);
		CHECK(r == -1 && errno == EFAULT, "execve(%p): errno %d", bad_pointers[i], errno);
		if (bad_pointers[i] == NULL)
			continue; /* a NULL argv entry just ends the list */
		CHECK_ERRNO(execve(path, argv, NULL), EFAULT);
		CHECK_ERRNO(execve(path, bad_pointers[i], argv + 2), EFAULT);
		CHECK_ERRNO(execve(path, argv + 2, bad_pointers[i]), EFAULT);
	}
	CHECK(edge != NULL, "sbrk failed");
	CHECK_ERRNO(execve(path, (char *[]){ "true", edge, NULL }, NULL), EFAULT);
	CHECK_ERRNO(execve(edge, (char *[]){ NULL }, NULL), EFAULT);
	return 0;
}

/* Every failing pipe() must leave the descriptor table as it was. */
static int test_pipe_pointers(void)
{
	int probe = dup(1), again;
	size_t i;

	close(probe);
	for (i = 0; i < NBAD; i++) {
		errno = 0;
		long r = pipe(bad_pointers[i]);
		CHECK(r == -1 && errno == EFAULT, "pipe(%p): got %ld errno %d",
		      bad_pointers[i], r, errno);
	}
	CHECK_ERRNO(pipe((int *)(uintptr_t)test_pipe_pointers), EFAULT);
	CHECK_ERRNO(pipe((int *)(USER_TOP - 4)), EFAULT);
	again = dup(1);
	CHECK(again == probe, "failed pipe() calls leaked descriptors (next fd %d, want %d)",
	      again, probe);
	return 0;
}

/* A failing waitpid() must not reap the child. */
static int test_waitpid_pointers(void)
{
	pid_t pid = check_fork();
	int st;
	size_t i;

	if (pid == 0)
		_exit(5);
	msleep(50);
	for (i = 1; i < NBAD; i++) { /* NULL is allowed: status not wanted */
		errno = 0;
		long r = waitpid(pid, bad_pointers[i], 0);
		CHECK(r == -1 && errno == EFAULT, "waitpid(%p): got %ld errno %d",
		      bad_pointers[i], r, errno);
	}
	CHECK_ERRNO(waitpid(pid, (int *)(uintptr_t)test_waitpid_pointers, 0), EFAULT);
	CHECK(waitpid(pid, &st, 0) == pid, "child lost after failed waitpid: %s",
	      strerror(errno));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "status %#x", st);
	return 0;
}

/* Misaligned pointers: the call works (values intact) or says EFAULT. */
static int test_misaligned(void)
{
	char buf[32] __attribute__((aligned(8)));
	int *fds = (int *)(buf + 1), *status = (int *)(buf + 3);
	int fd[2], st;
	pid_t pid;

	if (pipe(fds) == 0) {
		memcpy(fd, fds, sizeof(fd));
		CHECK(write(fd[1], "x", 1) == 1 && read(fd[0], buf + 20, 1) == 1 &&
		      buf[20] == 'x', "misaligned pipe() gave unusable fds");
	} else {
		CHECK(errno == EFAULT, "misaligned pipe(): errno %d", errno);
	}
	pid = check_fork();
	if (pid == 0)
		_exit(6);
	if (waitpid(pid, status, 0) == pid) {
		memcpy(&st, status, sizeof(st));
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 6, "misaligned status %#x", st);
	} else {
		CHECK(errno == EFAULT, "misaligned waitpid(): errno %d", errno);
		CHECK(waitpid(pid, &st, 0) == pid, "child lost");
	}
	fd[0] = open_data(O_RDONLY);
	CHECK(read(fd[0], buf + 1, 5) == 5 && memcmp(buf + 1, "hello", 5) == 0,
	      "read into a misaligned buffer failed");
	return 0;
}

static int test_bad_fds(void)
{
	char buf[8];
	int rd = open_data(O_RDONLY), wr = open(OUT_FILE, O_WRONLY | O_CREAT, 0666);
	int p[2];
	struct stat st;

	CHECK(rd >= 0 && wr >= 0 && pipe(p) == 0, "setup failed: %s", strerror(errno));
	CHECK_ERRNO(read(-1, buf, 1), EBADF);
	CHECK_ERRNO(read(1000000, buf, 1), EBADF);
	CHECK_ERRNO(write(-1, buf, 1), EBADF);
	CHECK_ERRNO(write(777, buf, 1), EBADF);
	CHECK_ERRNO(close(-1), EBADF);
	CHECK_ERRNO(close(12345), EBADF);
	CHECK_ERRNO(dup(-1), EBADF);
	CHECK_ERRNO(dup2(-1, 20), EBADF);
	CHECK_ERRNO(fstat(99, &st), EBADF);
	CHECK_ERRNO(lseek(99, 0, SEEK_SET), EBADF);
	CHECK_ERRNO(getdents(99, buf, sizeof(buf)), EBADF);
	CHECK_ERRNO(write(rd, "x", 1), EBADF);
	CHECK_ERRNO(read(wr, buf, 1), EBADF);
	CHECK_ERRNO(write(p[0], "x", 1), EBADF);
	CHECK_ERRNO(read(p[1], buf, 1), EBADF);
	close(wr);
	CHECK_ERRNO(write(wr, "x", 1), EBADF);
	return 0;
}

static int test_huge_lengths(void)
{
	char buf[64];
	int fd = open_data(O_RDWR);
	long r;

	CHECK(fd >= 0, "open: %s", strerror(errno));
	errno = 0;
	r = read(fd, buf, (size_t)-1);
	CHECK(r == -1 && (errno == EFAULT || errno == EINVAL),
	      "read of SIZE_MAX bytes: got %ld errno %d", r, errno);
	errno = 0;
	r = write(fd, buf, (size_t)1 << 62);
	CHECK(r == -1 && (errno == EFAULT || errno == EINVAL),
	      "write of 2^62 bytes: got %ld errno %d", r, errno);
	return 0;
}

static int test_exec_e2big(void)
{
	const char *path = badargs_true_path();
	char **argv = malloc((HUGE_ARGC + 1) * sizeof(char *));
	char *big = malloc(HUGE_ARG_SIZE + 1);
	int i;

	CHECK(argv && big, "malloc failed");
	memset(big, 'b', HUGE_ARG_SIZE);
	big[HUGE_ARG_SIZE] = '\0';
	argv[0] = "true";
	argv[1] = big;
	argv[2] = NULL;
	CHECK_ERRNO(execve(path, argv, NULL), E2BIG);
	for (i = 1; i < HUGE_ARGC; i++)
		argv[i] = big + HUGE_ARG_SIZE - 1000;
	argv[HUGE_ARGC] = NULL;
	CHECK_ERRNO(execve(path, argv, NULL), E2BIG);
	CHECK_ERRNO(execve(path, (char *[]){ "true", NULL }, argv), E2BIG);
	return 0;
}

static int test_long_path(void)
{
	char *path = malloc(LONG_PATH + 1);

	CHECK(path != NULL, "malloc failed");
	memset(path, 'a', LONG_PATH);
	path[LONG_PATH] = '\0';
	CHECK_ERRNO(open(path, O_RDONLY), ENAMETOOLONG);
	CHECK_ERRNO(mkdir(path, 0777), ENAMETOOLONG);
	CHECK_ERRNO(execve(path, (char *[]){ NULL }, NULL), ENAMETOOLONG);
	return 0;
}

static int test_bad_values(void)
{
	int fd = open_data(O_RDONLY);
	int st;

	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK_ERRNO(lseek(fd, 0, 99), EINVAL);
	CHECK_ERRNO(lseek(fd, -100, SEEK_SET), EINVAL);
	CHECK_ERRNO(waitpid(-1, &st, 0x1000), EINVAL);
	CHECK_ERRNO(kill(getpid(), 12345), EINVAL);
	CHECK_ERRNO(open("", O_RDONLY), ENOENT);
	CHECK_ERRNO(open(DATA_FILE, O_RDONLY | O_CREAT | O_EXCL, 0666), EEXIST);
	return 0;
}

void badargs_run_pointer_cases(void)
{
	check_run("badargs_read_pointers", test_read_pointers);
	check_run("badargs_write_pointers", test_write_pointers);
	check_run("badargs_open_pointers", test_open_pointers);
	check_run("badargs_exec_pointers", test_exec_pointers);
	check_run("badargs_pipe_pointers", test_pipe_pointers);
	check_run("badargs_waitpid_pointers", test_waitpid_pointers);
	check_run("badargs_misaligned", test_misaligned);
	check_run("badargs_bad_fds", test_bad_fds);
	check_run("badargs_huge_lengths", test_huge_lengths);
	check_run("badargs_exec_e2big", test_exec_e2big);
	check_run("badargs_long_path", test_long_path);
	check_run("badargs_bad_values", test_bad_values);
}

int main(void)
{
	mkdir("/tmp", 0777);
	badargs_run_pointer_cases();
	badargs_run_elf_cases();
	unlink(DATA_FILE);
	unlink(OUT_FILE);
	return check_summary("badargs");
}
