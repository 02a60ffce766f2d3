/*
 * bench [name...] - in-guest micro-benchmarks (all by default).
 *
 * Each figure is the median of many timed runs, in nanoseconds from the
 * time CSR (rdtime, readable from user mode), printed as
 *
 *   RESULT <bench> <metric> <value> <unit>
 *
 *   getpid            one system-call round trip
 *   fork_exit_wait    fork a child that exits at once, wait for it
 *   fork_exit_wait_16m  the same with 16 MiB of touched heap to share
 *   fork_exec_wait    fork, exec /bin/true, wait
 *   pipe_pingpong     1-byte round trip between two processes
 *   sbrk_64m          reserve 64 MiB with sbrk and give it back
 *
 * Ticks become ns with the timebase the kernel reports (timebase_hz).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib.h"

#define RUNS_MAX 201
#define GETPID_BATCH 1000
#define PINGPONG_BATCH 200
#define TOUCHED_HEAP (16 << 20)
#define SBRK_SIZE (64l << 20)
#define PAGE_SIZE 4096

struct bench {
	const char *name;
	int runs;
	uint64_t (*run_once)(void); /* ns for one run (per operation) */
	int (*setup)(void);
	void (*teardown)(void);
};

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
	qsort(v, n, sizeof(*v), compare_u64);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static uint64_t bench_getpid(void)
{
	uint64_t t0 = time_ns();
	int i;

	for (i = 0; i < GETPID_BATCH; i++)
		getpid();
	return (time_ns() - t0) / GETPID_BATCH;
}

static uint64_t bench_fork_exit_wait(void)
{
	uint64_t t0 = time_ns();
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return UINT64_MAX;
	return time_ns() - t0;
}

static char *touched_heap;

static int setup_touched_heap(void)
{
	long i;

	touched_heap = malloc(TOUCHED_HEAP);
	if (touched_heap == NULL)
		return -1;
	for (i = 0; i < TOUCHED_HEAP; i += PAGE_SIZE)
		touched_heap[i] = (char)i;
	return 0;
}

static void teardown_touched_heap(void)
{
	free(touched_heap);
}

static const char *true_path;

static int setup_true_path(void)
{
	struct stat st;

	true_path = stat("/bin/true", &st) == 0 ? "/bin/true" : "/true";
	return stat(true_path, &st);
}

static uint64_t bench_fork_exec_wait(void)
{
	char *argv[] = { "true", NULL };
	uint64_t t0 = time_ns();
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		execve(true_path, argv, environ);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
		return UINT64_MAX;
	return time_ns() - t0;
}

static int ping[2] = { -1, -1 }, pong[2] = { -1, -1 };
static pid_t echo_pid = -1;

static int setup_pingpong(void)
{
	char c;

	if (pipe(ping) < 0 || pipe(pong) < 0)
		return -1;
	echo_pid = fork();
	if (echo_pid == 0) {
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1)
			write(pong[1], &c, 1);
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	return echo_pid < 0 ? -1 : 0;
}

static void teardown_pingpong(void)
{
	close(ping[1]);
	close(pong[0]);
	waitpid(echo_pid, NULL, 0);
}

static uint64_t bench_pipe_pingpong(void)
{
	uint64_t t0 = time_ns();
	char c = 'x';
	int i;

	for (i = 0; i < PINGPONG_BATCH; i++)
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			return UINT64_MAX;
	return (time_ns() - t0) / PINGPONG_BATCH;
}

static uint64_t bench_sbrk_64m(void)
{
	uint64_t t0 = time_ns();

	if (sbrk(SBRK_SIZE) == (void *)-1)
		return UINT64_MAX;
	sbrk(-SBRK_SIZE);
	return time_ns() - t0;
}

static const struct bench benches[] = {
	{ "getpid", 21, bench_getpid, NULL, NULL },
	{ "fork_exit_wait", 101, bench_fork_exit_wait, NULL, NULL },
	{ "fork_exit_wait_16m", 21, bench_fork_exit_wait, setup_touched_heap,
	  teardown_touched_heap },
	{ "fork_exec_wait", 51, bench_fork_exec_wait, setup_true_path, NULL },
	{ "pipe_pingpong", 21, bench_pipe_pingpong, setup_pingpong, teardown_pingpong },
	{ "sbrk_64m", 21, bench_sbrk_64m, NULL, NULL },
};

static int bench_run(const struct bench *b)
{
	static uint64_t samples[RUNS_MAX];
	int i;

	if (b->setup && b->setup() < 0) {
		printf("bench: %s: setup failed: %s\n", b->name, strerror(errno));
		return -1;
	}
	for (i = 0; i < b->runs; i++)
		samples[i] = b->run_once();
	if (b->teardown)
		b->teardown();
	for (i = 0; i < b->runs; i++) {
		if (samples[i] == UINT64_MAX) {
			printf("bench: %s: a run failed\n", b->name);
			return -1;
		}
	}
	printf("RESULT %s latency %llu ns\n", b->name,
	       (unsigned long long)median(samples, b->runs));
	fflush(stdout);
	return 0;
}

static int bench_selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;
	size_t i;

	printf("bench: timebase %llu Hz\n", (unsigned long long)time_hz());
	fflush(stdout);
	for (i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		if (bench_selected(benches[i].name, argc, argv) && bench_run(&benches[i]) < 0)
			status = 1;
	return status;
}
