/*
 * vmbench - what the virtual-memory mechanisms cost, in nanoseconds from
 * the time CSR (medians of several runs):
 *
 *   RESULT fork_exit_wait_0m latency <ns> ns     fork of a small process
 *   RESULT fork_exit_wait_16m latency <ns> ns    ... holding 16 MiB touched
 *   RESULT fork_exit_wait_64m latency <ns> ns    ... holding 64 MiB touched
 *   RESULT cow_fault latency <ns> ns             one write that copies a page
 *   RESULT zero_fault latency <ns> ns            first touch of a heap page
 *   RESULT sbrk_1g_touch latency <ns> ns         sbrk(1 GiB) and one touch
 *   RESULT mmap_read_16m throughput <MB/s> MB/s  summing a cached file mapped
 *   RESULT read_16m throughput <MB/s> MB/s       the same file with read()
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib.h"

#define PAGE 4096L
#define MIB (1L << 20)
#define RUNS 9
#define FAULT_PAGES 512

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
	qsort(v, n, sizeof v[0], cmp_u64);
	return v[n / 2];
}

static void result(const char *name, const char *metric, uint64_t value, const char *unit)
{
	printf("RESULT %s %s %lu %s\n", name, metric, (unsigned long)value, unit);
	fflush(stdout);
}

static char *touched(long bytes)
{
	char *p = sbrk_flags(bytes, KSBRK_EAGER);
	if (p == (char *)-1)
		return 0;
	for (long i = 0; i < bytes; i += PAGE)
		p[i] = 1;
	return p;
}

static uint64_t fork_exit_wait(void)
{
	uint64_t t0 = time_ns();
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, 0, 0);
	return time_ns() - t0;
}

static void bench_fork(const char *name, long bytes)
{
	char *heap = bytes ? touched(bytes) : 0;
	if (bytes && !heap) {
		printf("vmbench: %s: no memory for %ld MiB\n", name, bytes / MIB);
		return;
	}
	uint64_t v[RUNS];
	for (int i = 0; i < RUNS; i++)
		v[i] = fork_exit_wait();
	result(name, "latency", median(v, RUNS), "ns");
	if (bytes)
		sbrk(-bytes);
}

/* Per page: writes after a fork (the child sleeps holding the pages). */
static void bench_cow_fault(void)
{
	char *heap = touched(FAULT_PAGES * PAGE);
	int fds[2];
	if (!heap || pipe(fds) < 0)
		return;
	uint64_t v[RUNS];
	for (int r = 0; r < RUNS; r++) {
		pid_t pid = fork();
		if (pid == 0) {
			char c;
			read(fds[0], &c, 1);
			_exit(0);
		}
		uint64_t t0 = time_ns();
		for (long i = 0; i < FAULT_PAGES; i++)
			heap[i * PAGE] = 2;
		v[r] = (time_ns() - t0) / FAULT_PAGES;
		write(fds[1], "x", 1);
		waitpid(pid, 0, 0);
	}
	result("cow_fault", "latency", median(v, RUNS), "ns");
	close(fds[0]);
	close(fds[1]);
	sbrk(-FAULT_PAGES * PAGE);
}

static void bench_zero_fault(void)
{
	uint64_t v[RUNS];
	for (int r = 0; r < RUNS; r++) {
		char *p = sbrk(FAULT_PAGES * PAGE);
		if (p == (char *)-1)
			return;
		uint64_t t0 = time_ns();
		for (long i = 0; i < FAULT_PAGES; i++)
			p[i * PAGE] = 1;
		v[r] = (time_ns() - t0) / FAULT_PAGES;
		sbrk(-FAULT_PAGES * PAGE);
	}
	result("zero_fault", "latency", median(v, RUNS), "ns");
}

static void bench_sbrk_1g(void)
{
	uint64_t v[RUNS];
	for (int r = 0; r < RUNS; r++) {
		uint64_t t0 = time_ns();
		char *p = sbrk(1L << 30);
		if (p == (char *)-1) {
			printf("vmbench: sbrk(1 GiB) failed\n");
			return;
		}
		p[(1L << 30) - 1] = 1;
		v[r] = time_ns() - t0;
		sbrk(-(1L << 30));
	}
	result("sbrk_1g_touch", "latency", median(v, RUNS), "ns");
}

static uint64_t mb_per_s(long bytes, uint64_t ns)
{
	return ns ? (uint64_t)bytes * 1000 / ns : 0;
}

static void bench_mmap_vs_read(void)
{
	const char *path = "/tmp/vmbench.dat";
	long size = 16 * MIB;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	static char buf[64 * 1024];
	memset(buf, 7, sizeof buf);
	for (long done = 0; fd >= 0 && done < size; done += sizeof buf)
		if (write(fd, buf, sizeof buf) != sizeof buf) {
			printf("vmbench: cannot write %s\n", path);
			close(fd);
			unlink(path);
			return;
		}
	if (fd < 0)
		return;
	uint64_t vm[RUNS], vr[RUNS];
	volatile unsigned long sum = 0;
	for (int r = 0; r < RUNS; r++) {
		uint64_t t0 = time_ns();
		const unsigned long *p = mmap(0, size, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			break;
		for (long i = 0; i < size / 8; i += 8)
			sum += p[i];
		munmap((void *)p, size);
		vm[r] = time_ns() - t0;
		t0 = time_ns();
		lseek(fd, 0, SEEK_SET);
		for (long done = 0; done < size; done += sizeof buf) {
			if (read(fd, buf, sizeof buf) != sizeof buf)
				break;
			for (unsigned i = 0; i < sizeof buf / 8; i += 8)
				sum += ((unsigned long *)buf)[i];
		}
		vr[r] = time_ns() - t0;
	}
	result("mmap_read_16m", "throughput", mb_per_s(size, median(vm, RUNS)), "MB/s");
	result("read_16m", "throughput", mb_per_s(size, median(vr, RUNS)), "MB/s");
	close(fd);
	unlink(path);
}

int main(void)
{
	bench_fork("fork_exit_wait_0m", 0);
	bench_fork("fork_exit_wait_16m", 16 * MIB);
	bench_fork("fork_exit_wait_64m", 64 * MIB);
	bench_cow_fault();
	bench_zero_fault();
	bench_sbrk_1g();
	bench_mmap_vs_read();
	return 0;
}
