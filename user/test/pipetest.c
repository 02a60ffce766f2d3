/*
 * pipetest - pipe tests: basic transfer, EOF when every writer has
 * closed (also through dup and across fork), many concurrent writers,
 * atomicity of small writes, an 8 MiB transfer checked byte by byte, one
 * 1 MiB write, EPIPE without readers, the wrong end giving EBADF, and a
 * 1000-round ping-pong between two processes.
 * One "PASS name" / "FAIL name: reason" line per case.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "ulib.h"

#define WRITERS 8
#define WRITES_PER_WRITER 200
#define RECORD_SIZE 64             /* well under PIPE_BUF (512) */
#define BIG_TRANSFER (8 << 20)
#define ONE_WRITE (1 << 20)
#define CHUNK 4096
#define PINGPONGS 1000

/* The byte at offset i of a long transfer: not periodic at any power
 * of two, so a lost or repeated chunk shows. */
static unsigned char pattern_byte(uint64_t i)
{
	return (unsigned char)((i * 7 + i / 251) & 0xff);
}

static int write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int test_basic(void)
{
	int p[2];
	char buf[16] = { 0 };

	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	CHECK(p[0] != p[1] && p[0] >= 0 && p[1] >= 0, "fds %d %d", p[0], p[1]);
	CHECK(write(p[1], "hello", 5) == 5, "write: %s", strerror(errno));
	CHECK(read(p[0], buf, sizeof(buf)) == 5, "read: %s", strerror(errno));
	CHECK(memcmp(buf, "hello", 5) == 0, "read back \"%s\"", buf);
	close(p[1]);
	CHECK(read(p[0], buf, sizeof(buf)) == 0, "no EOF after the writer closed");
	return 0;
}

/* EOF only once every copy of the write end (dup and child's) is closed. */
static int test_eof_all_writers(void)
{
	int p[2], extra, n;
	char c;
	pid_t pid;

	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	extra = dup(p[1]);
	pid = check_fork();
	if (pid == 0) {
		close(p[0]);
		msleep(100);
		write(p[1], "z", 1);
		_exit(0);
	}
	close(p[1]);
	close(extra);
	n = read(p[0], &c, 1);
	CHECK(n == 1 && c == 'z', "read %d before the child wrote", n);
	CHECK(check_wait(pid) == 0, "child failed");
	CHECK(read(p[0], &c, 1) == 0, "no EOF after all writers exited");
	return 0;
}

static void writer_child(int fd, int id)
{
	char rec[RECORD_SIZE];
	int i;

	memset(rec, 'A' + id, sizeof(rec));
	for (i = 0; i < WRITES_PER_WRITER; i++)
		if (write_all(fd, rec, sizeof(rec)) < 0)
			_exit(2);
	_exit(0);
}

/* Count each writer's bytes; records of RECORD_SIZE must not interleave. */
static int read_records(int fd, long counts[WRITERS])
{
	char rec[RECORD_SIZE];
	ssize_t got = 0, n;
	int i;

	for (;;) {
		n = read(fd, rec + got, sizeof(rec) - got);
		CHECK(n >= 0, "read: %s", strerror(errno));
		if (n == 0)
			break;
		got += n;
		if (got < (ssize_t)sizeof(rec))
			continue;
		CHECK(rec[0] >= 'A' && rec[0] < 'A' + WRITERS, "stray byte %d", rec[0]);
		for (i = 1; i < RECORD_SIZE; i++)
			CHECK(rec[i] == rec[0], "a %d-byte write was split", RECORD_SIZE);
		counts[rec[0] - 'A'] += got;
		got = 0;
	}
	CHECK(got == 0, "%ld trailing bytes", (long)got);
	return 0;
}

static int test_many_writers(void)
{
	long counts[WRITERS] = { 0 };
	int p[2], i;

	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	for (i = 0; i < WRITERS; i++) {
		pid_t pid = check_fork();
		if (pid == 0) {
			close(p[0]);
			writer_child(p[1], i);
		}
		CHECK(pid > 0, "fork: %s", strerror(errno));
	}
	close(p[1]);
	if (read_records(p[0], counts) < 0)
		return -1;
	for (i = 0; i < WRITERS; i++)
		CHECK(counts[i] == WRITES_PER_WRITER * RECORD_SIZE,
		      "writer %d: %ld bytes, want %d", i, counts[i],
		      WRITES_PER_WRITER * RECORD_SIZE);
	for (i = 0; i < WRITERS; i++) {
		int st;
		CHECK(wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "a writer failed (status %#x)", st);
	}
	return 0;
}

static void big_writer(int fd)
{
	static unsigned char buf[CHUNK];
	uint64_t off = 0;
	size_t i, n;

	while (off < BIG_TRANSFER) {
		n = (off / CHUNK) % 3 == 0 ? CHUNK : CHUNK / 3; /* vary sizes */
		for (i = 0; i < n; i++)
			buf[i] = pattern_byte(off + i);
		if (write_all(fd, buf, n) < 0)
			_exit(2);
		off += n;
	}
	_exit(0);
}

static int test_big_transfer(void)
{
	static unsigned char buf[CHUNK + 7];
	uint64_t off = 0;
	int p[2];
	ssize_t n, i;
	pid_t pid;

	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	pid = check_fork();
	if (pid == 0) {
		close(p[0]);
		big_writer(p[1]);
	}
	close(p[1]);
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			CHECK(buf[i] == pattern_byte(off + i), "wrong byte at offset %llu",
			      (unsigned long long)(off + i));
		off += n;
	}
	CHECK(n == 0, "read: %s", strerror(errno));
	CHECK(off == BIG_TRANSFER, "got %llu bytes, want %d", (unsigned long long)off,
	      BIG_TRANSFER);
	CHECK(check_wait(pid) == 0, "writer failed");
	return 0;
}

/* A single write() of 1 MiB blocks until all of it is taken. */
static int test_one_big_write(void)
{
	char *buf = malloc(ONE_WRITE);
	static char rbuf[CHUNK];
	long total = 0;
	int p[2];
	ssize_t n;
	pid_t pid;

	CHECK(buf && pipe(p) == 0, "setup: %s", strerror(errno));
	memset(buf, 'w', ONE_WRITE);
	pid = check_fork();
	if (pid == 0) {
		close(p[0]);
		_exit(write(p[1], buf, ONE_WRITE) == ONE_WRITE ? 0 : 1);
	}
	close(p[1]);
	while ((n = read(p[0], rbuf, 1000)) > 0)
		total += n;
	CHECK(total == ONE_WRITE, "read %ld bytes", total);
	CHECK(check_wait(pid) == 0, "the 1 MiB write() returned a short count");
	return 0;
}

/* No reader: write fails with EPIPE (a kernel with SIGPIPE may instead
 * kill the writer with it; both are accepted). */
static int test_epipe(void)
{
	int p[2], st;
	pid_t pid;

	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	close(p[0]);
	pid = check_fork();
	if (pid == 0)
		_exit(write(p[1], "x", 1) == -1 && errno == EPIPE ? 0 : 1);
	st = check_wait(pid);
	CHECK(st >= 0, "waitpid: %s", strerror(errno));
	CHECK((WIFEXITED(st) && WEXITSTATUS(st) == 0) ||
		      (WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE),
	      "write without readers: status %#x, want EPIPE", st);
	return 0;
}

static int test_wrong_end(void)
{
	int p[2];
	char c;

	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	CHECK_ERRNO(read(p[1], &c, 1), EBADF);
	CHECK_ERRNO(write(p[0], "x", 1), EBADF);
	CHECK_ERRNO(lseek(p[0], 0, SEEK_SET), ESPIPE);
	return 0;
}

static int test_pingpong(void)
{
	int there[2], back[2], i;
	char c = 0;
	pid_t pid;

	CHECK(pipe(there) == 0 && pipe(back) == 0, "pipe: %s", strerror(errno));
	pid = check_fork();
	if (pid == 0) {
		close(there[1]);
		close(back[0]);
		while (read(there[0], &c, 1) == 1) {
			c++;
			if (write(back[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	close(there[0]);
	close(back[1]);
	for (i = 0; i < PINGPONGS; i++) {
		char sent = (char)i, got;
		CHECK(write(there[1], &sent, 1) == 1, "write %d: %s", i, strerror(errno));
		CHECK(read(back[0], &got, 1) == 1, "read %d: %s", i, strerror(errno));
		CHECK(got == (char)(sent + 1), "round %d: got %d", i, got);
	}
	close(there[1]);
	CHECK(check_wait(pid) == 0, "echo child failed");
	return 0;
}

int main(void)
{
	check_run("pipe_basic", test_basic);
	check_run("pipe_eof_all_writers", test_eof_all_writers);
	check_run("pipe_many_writers", test_many_writers);
	check_run("pipe_big_transfer", test_big_transfer);
	check_run("pipe_one_big_write", test_one_big_write);
	check_run("pipe_epipe", test_epipe);
	check_run("pipe_wrong_end", test_wrong_end);
	check_run("pipe_pingpong", test_pingpong);
	return check_summary("pipetest");
}
