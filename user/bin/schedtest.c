/*
 * schedtest [-k hogs] [-s seconds] [-p mlfq|rr|prio] [-n nice-of-interactive]
 *
 * Starts K CPU-bound processes and one interactive process that sleeps
 * 5 ms and wakes, over and over. At the end it prints each hog's share
 * of the CPU and the interactive process's wake-up latency (how late it
 * ran after its sleep ended: median and 99th percentile), so running it
 * under each policy shows the difference in numbers. Output lines:
 *   RESULT schedtest <policy> hog<i>_share <percent> %
 *   RESULT schedtest <policy> wake_median <us> us
 *   RESULT schedtest <policy> wake_p99 <us> us
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib.h"

#define MAX_HOGS 32
#define MAX_SAMPLES 4096
#define NAP_MS 5

static const char *const policies[] = {"mlfq", "rr", "prio"};

static void hog(void)
{
	volatile unsigned long x = 0;
	for (;;)
		x++;
}

/* The interactive process: nap, measure lateness, send it up the pipe. */
static void interactive(int fd, int seconds)
{
	uint64_t end = time_ns() + (uint64_t)seconds * 1000000000ULL;
	while (time_ns() < end) {
		uint64_t t0 = time_ns();
		msleep(NAP_MS);
		uint64_t late = time_ns() - t0 - NAP_MS * 1000000ULL;
		if (write(fd, &late, sizeof late) != sizeof late)
			break;
	}
	_exit(0);
}

static uint64_t cpu_ns_of(int pid)
{
	struct kprocinfo info;
	for (int i = 0;;) {
		int next = procinfo(i, &info);
		if (next < 0)
			return 0;
		if (info.pid == pid)
			return info.cpu_ns;
		if (next == 0)
			return 0;
		i = next;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int parse_policy(const char *s)
{
	for (int k = 0; k < 3; k++)
		if (strcmp(s, policies[k]) == 0)
			return k;
	return -1;
}

int main(int argc, char **argv)
{
	int hogs = 4, seconds = 3, policy = -1, nice_value = 0;
	int opt;
	while ((opt = getopt(argc, argv, "k:s:p:n:")) != -1) {
		if (opt == 'k')
			hogs = atoi(optarg);
		else if (opt == 's')
			seconds = atoi(optarg);
		else if (opt == 'p')
			policy = parse_policy(optarg);
		else if (opt == 'n')
			nice_value = atoi(optarg);
		if ((opt == 'p' && policy < 0) || opt == '?' || hogs < 0 || hogs > MAX_HOGS) {
			fprintf(stderr, "usage: schedtest [-k hogs] [-s seconds] [-p mlfq|rr|prio] [-n nice]\n");
			return 2;
		}
	}
	int old = sched_control(KSCHEDCTL_GET, 0);
	if (policy >= 0)
		sched_control(KSCHEDCTL_SET, policy);
	int cur = sched_control(KSCHEDCTL_GET, 0);
	const char *pname = cur >= 0 && cur < 3 ? policies[cur] : "?";

	int fds[2];
	if (pipe(fds) < 0) {
		perror("schedtest: pipe");
		return 1;
	}
	fflush(stdout);
	pid_t pids[MAX_HOGS];
	for (int i = 0; i < hogs; i++)
		if ((pids[i] = fork()) == 0)
			hog();
	pid_t ipid = fork();
	if (ipid == 0) {
		close(fds[0]);
		proc_nice(0, nice_value);
		interactive(fds[1], seconds);
	}
	close(fds[1]);
	static uint64_t lat[MAX_SAMPLES];
	int n = 0;
	uint64_t sample;
	while (read(fds[0], &sample, sizeof sample) == sizeof sample)
		if (n < MAX_SAMPLES)
			lat[n++] = sample;
	waitpid(ipid, 0, 0);
	uint64_t total = 0, cpu[MAX_HOGS];
	for (int i = 0; i < hogs; i++)
		total += cpu[i] = cpu_ns_of(pids[i]);
	for (int i = 0; i < hogs; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], 0, 0);
	}
	if (policy >= 0 && old >= 0)
		sched_control(KSCHEDCTL_SET, old);

	printf("schedtest: policy %s, %d hogs, %d s, %d wakeups\n", pname, hogs, seconds, n);
	for (int i = 0; i < hogs; i++)
		printf("RESULT schedtest %s hog%d_share %lu %%\n", pname, i,
		       (unsigned long)(total ? cpu[i] * 100 / total : 0));
	if (n) {
		qsort(lat, n, sizeof lat[0], cmp_u64);
		printf("RESULT schedtest %s wake_median %lu us\n", pname, (unsigned long)(lat[n / 2] / 1000));
		printf("RESULT schedtest %s wake_p99 %lu us\n", pname,
		       (unsigned long)(lat[(n * 99) / 100] / 1000));
	}
	return 0;
}
