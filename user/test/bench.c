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
 *   fs_*              file-system throughput and small-file creates (see
 *                     "File-system throughput" below; those print MB/s)
 *   yield_pingpong*, pipe_pingpong_xhart, sched_wake_*
 *                     context switches and wake-up latency (see
 *                     "Scheduler" below)
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

/* ---- File-system throughput (a self-contained block) ---------------------
 *
 *   fs_write_64m        write a 64 MiB file in 64 KiB writes, then fsync  MB/s
 *   fs_read_64m_cached  read it back in 64 KiB reads from the cache       MB/s
 *   fs_read_64m_cold    the same after writing 3 to /proc/drop_caches      MB/s
 *   fs_write_256k       create, 64 x 4 KiB writes, fsync, close            MB/s
 *   fs_read_256k        read a cached 256 KiB file in 4 KiB reads          MB/s
 *   fs_small_create     create + 100-byte write + close, 200 files in a
 *                       fresh directory and one fsync at the end            ns/file
 *
 * MB = 10^6 bytes. The 64 MiB figures are medians of 3 runs (one write),
 * the others medians of FSB_RUNS. Everything happens in /tmp/fsb.PID and
 * is removed afterwards. The disk image must have room for 64 MiB
 * (FS_SIZE_MB, 96 by default).
 */
#include <fcntl.h>

#define FSB_BIG (64ull << 20)
#define FSB_BIG_IO 65536
#define FSB_SMALL (256 << 10)
#define FSB_SMALL_IO 4096
#define FSB_RUNS 11
#define FSB_FILES 200
#define FSB_FILE_BYTES 100

static char fsb_dir[64];
static char fsb_buf[FSB_BIG_IO];

static const char *fsb_path(const char *name)
{
	static char p[128];

	snprintf(p, sizeof(p), "%s/%s", fsb_dir, name);
	return p;
}

/* "RESULT name throughput X.YY MB/s" for bytes moved in ns. */
static void fsb_report_rate(const char *name, uint64_t bytes, uint64_t ns)
{
	uint64_t centi = ns ? bytes * 100000 / ns : 0; /* 10^-2 MB/s */

	printf("RESULT %s throughput %llu.%02llu MB/s\n", name, (unsigned long long)(centi / 100),
	       (unsigned long long)(centi % 100));
	fflush(stdout);
}

static int fsb_drop_caches(void)
{
	int fd = open("/proc/drop_caches", O_WRONLY);
	int ok = fd >= 0 && write(fd, "3", 1) == 1;

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* Write size bytes in io-byte writes to a new file, fsync, close: ns. */
static uint64_t fsb_write_file(const char *path, uint64_t size, size_t io)
{
	uint64_t t0 = time_ns(), off;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return UINT64_MAX;
	for (off = 0; off < size; off += io) {
		fsb_buf[0] = (char)(off >> 12);
		if (write(fd, fsb_buf, io) != (ssize_t)io) {
			close(fd);
			return UINT64_MAX;
		}
	}
	if (fsync(fd) < 0) {
		close(fd);
		return UINT64_MAX;
	}
	close(fd);
	return time_ns() - t0;
}

/* Read the whole file in io-byte reads: ns, or UINT64_MAX unless size
 * bytes came back. */
static uint64_t fsb_read_file(const char *path, uint64_t size, size_t io)
{
	uint64_t t0 = time_ns(), got = 0;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return UINT64_MAX;
	while ((n = read(fd, fsb_buf, io)) > 0)
		got += (uint64_t)n;
	close(fd);
	return n < 0 || got != size ? UINT64_MAX : time_ns() - t0;
}

static int fsb_big(int argc, char **argv)
{
	uint64_t t[3], ns;
	int i;

	if (!bench_selected("fs_write_64m", argc, argv) &&
	    !bench_selected("fs_read_64m_cached", argc, argv) &&
	    !bench_selected("fs_read_64m_cold", argc, argv))
		return 0;
	ns = fsb_write_file(fsb_path("big"), FSB_BIG, FSB_BIG_IO);
	if (ns == UINT64_MAX) {
		printf("bench: fs_write_64m: %s\n", strerror(errno));
		unlink(fsb_path("big"));
		return -1;
	}
	fsb_report_rate("fs_write_64m", FSB_BIG, ns);
	for (i = 0; i < 3; i++)
		t[i] = fsb_read_file(fsb_path("big"), FSB_BIG, FSB_BIG_IO);
	ns = median(t, 3);
	if (ns != UINT64_MAX)
		fsb_report_rate("fs_read_64m_cached", FSB_BIG, ns);
	for (i = 0; i < 3 && ns != UINT64_MAX; i++)
		t[i] = fsb_drop_caches() < 0 ? UINT64_MAX
		                             : fsb_read_file(fsb_path("big"), FSB_BIG, FSB_BIG_IO);
	if (ns != UINT64_MAX && (ns = median(t, 3)) != UINT64_MAX)
		fsb_report_rate("fs_read_64m_cold", FSB_BIG, ns);
	unlink(fsb_path("big"));
	if (ns == UINT64_MAX) {
		printf("bench: fs_read_64m: a run failed: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static int fsb_256k(int argc, char **argv)
{
	static uint64_t t[FSB_RUNS];
	int i, status = 0;

	if (bench_selected("fs_write_256k", argc, argv)) {
		for (i = 0; i < FSB_RUNS; i++)
			t[i] = fsb_write_file(fsb_path("f256k"), FSB_SMALL, FSB_SMALL_IO);
		qsort(t, FSB_RUNS, sizeof(t[0]), compare_u64);
		if (t[FSB_RUNS - 1] == UINT64_MAX) {
			printf("bench: fs_write_256k: a run failed\n");
			status = -1;
		} else {
			fsb_report_rate("fs_write_256k", FSB_SMALL, median(t, FSB_RUNS));
		}
	}
	if (bench_selected("fs_read_256k", argc, argv)) {
		if (fsb_write_file(fsb_path("f256k"), FSB_SMALL, FSB_SMALL_IO) == UINT64_MAX)
			t[FSB_RUNS - 1] = UINT64_MAX;
		else
			for (i = 0; i < FSB_RUNS; i++)
				t[i] = fsb_read_file(fsb_path("f256k"), FSB_SMALL, FSB_SMALL_IO);
		qsort(t, FSB_RUNS, sizeof(t[0]), compare_u64);
		if (t[FSB_RUNS - 1] == UINT64_MAX) {
			printf("bench: fs_read_256k: a run failed\n");
			status = -1;
		} else {
			fsb_report_rate("fs_read_256k", FSB_SMALL, median(t, FSB_RUNS));
		}
	}
	unlink(fsb_path("f256k"));
	return status;
}

/* One round of small-file creates in a fresh directory: ns per file. */
static uint64_t fsb_small_round(int round)
{
	char dir[96], name[128];
	uint64_t t0, ns = UINT64_MAX;
	int i, fd, dfd, made = 0;

	snprintf(dir, sizeof(dir), "%s/small%d", fsb_dir, round);
	if (mkdir(dir, 0755) < 0)
		return UINT64_MAX;
	memset(fsb_buf, 's', FSB_FILE_BYTES);
	t0 = time_ns();
	for (; made < FSB_FILES; made++) {
		snprintf(name, sizeof(name), "%s/file%d", dir, made);
		fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			break;
		i = write(fd, fsb_buf, FSB_FILE_BYTES) == FSB_FILE_BYTES;
		close(fd);
		if (!i)
			break;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (made == FSB_FILES && dfd >= 0 && fsync(dfd) == 0)
		ns = (time_ns() - t0) / FSB_FILES;
	if (dfd >= 0)
		close(dfd);
	for (i = 0; i <= made && i < FSB_FILES; i++) {
		snprintf(name, sizeof(name), "%s/file%d", dir, i);
		unlink(name);
	}
	rmdir(dir);
	return ns;
}

static int fsb_small_create(int argc, char **argv)
{
	uint64_t t[5], ns;
	int i;

	if (!bench_selected("fs_small_create", argc, argv))
		return 0;
	for (i = 0; i < 5; i++)
		t[i] = fsb_small_round(i);
	ns = median(t, 5);
	if (t[4] == UINT64_MAX || ns == UINT64_MAX) {
		printf("bench: fs_small_create: a run failed: %s\n", strerror(errno));
		return -1;
	}
	printf("RESULT fs_small_create latency %llu ns\n", (unsigned long long)ns);
	printf("RESULT fs_small_create rate %llu files/s\n",
	       (unsigned long long)(1000000000ull / (ns ? ns : 1)));
	fflush(stdout);
	return 0;
}

/* The file-system benchmarks selected: 0, or -1 if one failed. */
static int fs_benches(int argc, char **argv)
{
	int status = 0;

	snprintf(fsb_dir, sizeof(fsb_dir), "/tmp/fsb.%d", (int)getpid());
	if (mkdir(fsb_dir, 0755) < 0) {
		printf("bench: mkdir %s: %s\n", fsb_dir, strerror(errno));
		return -1;
	}
	if (fsb_big(argc, argv) < 0)
		status = -1;
	if (fsb_256k(argc, argv) < 0)
		status = -1;
	if (fsb_small_create(argc, argv) < 0)
		status = -1;
	rmdir(fsb_dir);
	return status;
}

/* ---- Scheduler (a self-contained block; docs/scheduler.md) ----------------
 *
 *   yield_pingpong       round trip between two processes on one hart that
 *                        hand a turn back and forth through shared memory,
 *                        calling sched_yield while they wait: two context
 *                        switches                                         ns
 *   yield_pingpong_xhart the same with the two on different harts           ns
 *   pipe_pingpong_xhart  pipe_pingpong with the two on different harts      ns
 *   sched_wake_POLICY    under mlfq, rr and prio: 8 CPU hogs and a process
 *                        that naps 5 ms, 3 s (lib/schedload.c, as
 *                        schedtest): its wake-up latency, median and p99  us
 *
 * The one-hart figures need CPUS=1, the _xhart ones two harts or more
 * (make bench runs both); a figure whose processes did not run where it
 * needs them is skipped with a note, not reported.
 */
#include <sys/mman.h>

#include "schedload.h"

#define YIELD_BATCH 200
#define YIELD_GIVE_UP_NS 5000000000ull /* the turn never came back */
#define WAKE_HOGS 8
#define WAKE_SECONDS 3

int sched_yield(void);

static volatile int *sb_turn; /* 1: the yielder's turn, 0: ours, 2: stop */
static pid_t sb_yielder = -1;

/* The hart a process runs or last ran on, or -1. */
static int sb_hart_of(int pid)
{
	struct kprocinfo info;
	int i = 0, next;

	while ((next = procinfo(i, &info)) >= 0) {
		if (info.pid == pid)
			return info.hart;
		if (next == 0)
			break;
		i = next;
	}
	return -1;
}

static int sb_yield_setup(void)
{
	sb_turn = mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sb_turn == MAP_FAILED)
		return -1;
	*sb_turn = 0; /* touched before the fork, so the page is shared */
	fflush(stdout);
	sb_yielder = fork();
	if (sb_yielder == 0) {
		int t;

		while ((t = __atomic_load_n(sb_turn, __ATOMIC_ACQUIRE)) != 2) {
			if (t == 1)
				__atomic_store_n(sb_turn, 0, __ATOMIC_RELEASE);
			else
				sched_yield();
		}
		_exit(0);
	}
	return sb_yielder < 0 ? -1 : 0;
}

static void sb_yield_teardown(void)
{
	__atomic_store_n(sb_turn, 2, __ATOMIC_RELEASE);
	waitpid(sb_yielder, NULL, 0);
	munmap((void *)sb_turn, PAGE_SIZE);
}

static uint64_t sb_yield_round_trips(void)
{
	uint64_t t0 = time_ns();
	int i;

	for (i = 0; i < YIELD_BATCH; i++) {
		__atomic_store_n(sb_turn, 1, __ATOMIC_RELEASE);
		while (__atomic_load_n(sb_turn, __ATOMIC_ACQUIRE) != 0) {
			if (time_ns() - t0 > YIELD_GIVE_UP_NS)
				return UINT64_MAX;
			sched_yield();
		}
	}
	return (time_ns() - t0) / YIELD_BATCH;
}

struct sched_bench {
	const char *name;
	int cross_hart;           /* the two processes must be on different harts */
	int (*setup)(void);
	void (*teardown)(void);
	uint64_t (*run_once)(void);
	pid_t *partner;           /* the other process, set by setup */
};

static const struct sched_bench sched_pingpongs[] = {
	{ "yield_pingpong", 0, sb_yield_setup, sb_yield_teardown, sb_yield_round_trips,
	  &sb_yielder },
	{ "yield_pingpong_xhart", 1, sb_yield_setup, sb_yield_teardown, sb_yield_round_trips,
	  &sb_yielder },
	{ "pipe_pingpong_xhart", 1, setup_pingpong, teardown_pingpong, bench_pipe_pingpong,
	  &echo_pid },
};

/* Run one ping-pong 21 times; report the median unless the two processes
 * were not where the figure needs them. 0, or -1 if it failed. */
static int sb_pingpong(const struct sched_bench *b)
{
	uint64_t samples[21];
	int i, ok = 1, same;

	if (b->setup() < 0) {
		printf("bench: %s: setup failed: %s\n", b->name, strerror(errno));
		return -1;
	}
	for (i = 0; i < 21; i++)
		if ((samples[i] = b->run_once()) == UINT64_MAX)
			ok = 0;
	same = sb_hart_of(getpid()) == sb_hart_of(*b->partner);
	b->teardown();
	if (!ok) {
		printf("bench: %s: a run failed\n", b->name);
		return -1;
	}
	if (same == b->cross_hart) {
		printf("bench: %s: skipped, the two processes ran on %s hart%s (%s)\n", b->name,
		       same ? "one" : "different", same ? "" : "s",
		       b->cross_hart ? "needs CPUS >= 2" : "needs CPUS=1");
		return 0;
	}
	printf("RESULT %s latency %llu ns\n", b->name, (unsigned long long)median(samples, 21));
	fflush(stdout);
	return 0;
}

/* The wake-up latency under each policy: 0, or -1 if a run failed. */
static int sb_wake(int argc, char **argv)
{
	static struct schedload l;
	int policy, status = 0;
	char name[32];

	for (policy = 0; policy < 3; policy++) {
		snprintf(name, sizeof(name), "sched_wake_%s", schedload_policy_name(policy));
		if (!bench_selected(name, argc, argv))
			continue;
		schedload_init(&l);
		l.hogs = WAKE_HOGS;
		l.seconds = WAKE_SECONDS;
		l.policy = policy;
		fflush(stdout);
		if (schedload_run(&l) < 0 || l.nsamples == 0) {
			printf("bench: %s: the workload failed\n", name);
			status = -1;
			continue;
		}
		printf("RESULT %s median %llu us\n", name,
		       (unsigned long long)(schedload_wake_percentile(&l, 50) / 1000));
		printf("RESULT %s p99 %llu us\n", name,
		       (unsigned long long)(schedload_wake_percentile(&l, 99) / 1000));
		fflush(stdout);
	}
	return status;
}

/* The scheduler benchmarks selected: 0, or -1 if one failed. */
static int sched_benches(int argc, char **argv)
{
	int status = 0;
	size_t i;

	for (i = 0; i < sizeof(sched_pingpongs) / sizeof(sched_pingpongs[0]); i++)
		if (bench_selected(sched_pingpongs[i].name, argc, argv) &&
		    sb_pingpong(&sched_pingpongs[i]) < 0)
			status = -1;
	if (sb_wake(argc, argv) < 0)
		status = -1;
	return status;
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
	if (fs_benches(argc, argv) < 0)
		status = 1;
	if (sched_benches(argc, argv) < 0)
		status = 1;
	return status;
}
