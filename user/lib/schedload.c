/*
 * schedload.c - the scheduling workload of schedtest, schedcheck and
 * bench (interface in schedload.h).
 *
 * Timeline: fork the hogs and the interactive process, all of which wait
 * (hogs spinning) until `start`, a warm-up after the forks; measure from
 * start to end = start + seconds; the hogs spin on for a little while so
 * the parent's last sample still sees them running, then report their
 * longest gap through a pipe and exit. The interactive process sends its
 * samples through a second pipe. Children close the pipe ends they do not
 * use, and the parent reads exact counts, never waiting for an end of file.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "schedload.h"
#include "ulib.h"

#define NS_PER_MS 1000000ULL
#define WARMUP_MS 300   /* from the first fork to the start */
#define GRACE_MS 200    /* hogs keep spinning this long after the end */
#define SAMPLE_MS 20    /* the parent's procinfo period */
#define MAX_HARTS 64

/* Samples that saw each hog on each hart (the parent's, one run at a time). */
static int hart_count[SCHEDLOAD_MAX_HOGS][MAX_HARTS];

static const char *const policy_names[] = {"mlfq", "rr", "prio"}; /* schedctl's numbers */

struct hog_report {
	int index;
	uint64_t max_gap_ns;
};

void schedload_init(struct schedload *l)
{
	memset(l, 0, sizeof *l);
	l->hogs = 4;
	l->seconds = 3;
	l->nap_ms = 5;
	l->policy = -1;
}

const char *schedload_policy_name(int policy)
{
	return policy >= 0 && policy < 3 ? policy_names[policy] : "?";
}

int schedload_policy_parse(const char *name)
{
	for (int k = 0; k < 3; k++)
		if (strcmp(name, policy_names[k]) == 0)
			return k;
	return -1;
}

static void sleep_until(uint64_t when)
{
	uint64_t now = time_ns();
	if (now < when)
		msleep((when - now) / NS_PER_MS);
	while (time_ns() < when)
		;
}

/* A hog: spin, and watch the clock for the time it was not running. */
static void hog(int index, int fd, uint64_t start, uint64_t end, uint64_t stop)
{
	while (time_ns() < start)
		;
	uint64_t last = start, max_gap = 0;
	while (last < stop) {
		uint64_t now = time_ns();
		if (last < end && now - last > max_gap)
			max_gap = now - last;
		last = now;
	}
	struct hog_report r = {index, max_gap};
	write(fd, &r, sizeof r);
	_exit(0);
}

/* The interactive process: nap, note how late it ran again, repeat. */
static void interactive(struct schedload *l, int fd, uint64_t start, uint64_t end)
{
	proc_nice(0, l->nice);
	sleep_until(start);
	uint64_t nap = l->nap_ms * NS_PER_MS;
	int n = 0;
	while (time_ns() < end && n < SCHEDLOAD_MAX_SAMPLES) {
		uint64_t t0 = time_ns();
		msleep(l->nap_ms);
		uint64_t took = time_ns() - t0;
		l->wake_ns[n++] = took > nap ? took - nap : 0;
	}
	write(fd, &n, sizeof n);
	for (int done = 0; done < n * (int)sizeof l->wake_ns[0];) {
		int w = write(fd, (char *)l->wake_ns + done, n * sizeof l->wake_ns[0] - done);
		if (w <= 0)
			break;
		done += w;
	}
	_exit(0);
}

/* Read exactly size bytes; 0, or -1 if the writer went away first. */
static int read_all(int fd, void *buf, int size)
{
	for (int done = 0; done < size;) {
		int r = read(fd, (char *)buf + done, size - done);
		if (r <= 0)
			return -1;
		done += r;
	}
	return 0;
}

/* One procinfo pass: the harts holding hogs, running them or with them
 * queued (into l->hart_mask, their number into l->harts_seen, each hog's
 * into hart_count); with cpu, the hogs' CPU times instead, and whether
 * all of them have exited. */
static bool sample(struct schedload *l, const int *pids, uint64_t *cpu)
{
	struct kprocinfo info;
	int exited = 0;
	uint64_t holding = 0;
	for (int i = 0;;) {
		int next = procinfo(i, &info);
		if (next < 0)
			break;
		for (int h = 0; h < l->hogs; h++) {
			if (info.pid != pids[h])
				continue;
			if (cpu)
				cpu[h] = info.cpu_ns;
			exited += info.state == KPROC_ZOMBIE;
			if (info.hart < 0 || info.hart >= MAX_HARTS)
				continue;
			holding |= 1ULL << info.hart;
			if (!cpu)
				hart_count[h][info.hart]++;
		}
		if (next == 0)
			break;
		i = next;
	}
	if (!cpu) {
		l->hart_mask |= holding;
		l->harts_seen[__builtin_popcountll(holding)]++;
	}
	return exited == l->hogs;
}

static void reap(const int *pids, int n, int sig)
{
	for (int i = 0; i < n; i++) {
		if (sig)
			kill(pids[i], sig);
		waitpid(pids[i], 0, 0);
	}
}

/* The parent's part: sample the harts until the end, collect the
 * reports, then, once every hog has exited (so its CPU time is final and
 * nothing is left uncharged), read the hogs' CPU times. */
static int measure(struct schedload *l, const int *pids, int hog_fd, int int_fd,
                   uint64_t start, uint64_t end)
{
	memset(hart_count, 0, sizeof hart_count);
	sleep_until(start);
	while (time_ns() < end) {
		sample(l, pids, 0);
		msleep(SAMPLE_MS);
	}
	int n = 0;
	if (read_all(int_fd, &n, sizeof n) < 0 || n < 0 || n > SCHEDLOAD_MAX_SAMPLES ||
	    read_all(int_fd, l->wake_ns, n * sizeof l->wake_ns[0]) < 0)
		return -1;
	l->nsamples = n;
	for (int h = 0; h < l->hogs; h++) {
		struct hog_report r;
		if (read_all(hog_fd, &r, sizeof r) < 0 || r.index < 0 || r.index >= l->hogs)
			return -1;
		l->hog_max_gap_ns[r.index] = r.max_gap_ns;
	}
	for (int h = 0; h < l->hogs; h++)
		for (int k = 0; k < MAX_HARTS; k++)
			if (hart_count[h][k] > hart_count[h][l->hog_hart[h]])
				l->hog_hart[h] = k;
	for (int tries = 0; !sample(l, pids, l->hog_cpu_ns); tries++) {
		if (tries * SAMPLE_MS > 10000)
			return -1;
		msleep(SAMPLE_MS);
	}
	return 0;
}

static int compare_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void close_fds(int *fds, int n)
{
	for (int i = 0; i < n; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

/* Fork the hogs, then the interactive process; how many were started. */
static int start_children(struct schedload *l, int *pids, int *fds, uint64_t start, uint64_t end)
{
	int n;
	for (n = 0; n <= l->hogs; n++) {
		if ((pids[n] = fork()) < 0)
			return n;
		if (pids[n] == 0 && n < l->hogs) {
			int hog_fd = fds[1];
			fds[1] = -1;
			close_fds(fds, 4);
			hog(n, hog_fd, start, end, end + GRACE_MS * NS_PER_MS);
		}
		if (pids[n] == 0) {
			int int_fd = fds[3];
			fds[3] = -1;
			close_fds(fds, 4);
			interactive(l, int_fd, start, end);
		}
	}
	return n;
}

int schedload_run(struct schedload *l)
{
	static int pids[SCHEDLOAD_MAX_HOGS + 1];
	int fds[4] = {-1, -1, -1, -1}; /* hogs' pipe, the interactive one's */
	if (l->hogs < 0 || l->hogs > SCHEDLOAD_MAX_HOGS || l->seconds <= 0 || l->nap_ms <= 0)
		return -1;
	int old = sched_control(KSCHEDCTL_GET, 0);
	if (l->policy >= 0 && sched_control(KSCHEDCTL_SET, l->policy) < 0)
		return -1;
	l->policy_used = sched_control(KSCHEDCTL_GET, 0);
	int r = -1;
	if (pipe(fds) == 0 && pipe(fds + 2) == 0) {
		uint64_t first_fork = time_ns();
		uint64_t start = first_fork + WARMUP_MS * NS_PER_MS;
		uint64_t end = start + l->seconds * 1000 * NS_PER_MS;
		l->hog_life_ns = end + GRACE_MS * NS_PER_MS - first_fork;
		int n = start_children(l, pids, fds, start, end);
		close(fds[1]); /* a child that dies early ends our reads */
		close(fds[3]);
		fds[1] = fds[3] = -1;
		if (n == l->hogs + 1)
			r = measure(l, pids, fds[0], fds[2], start, end);
		reap(pids, n, r < 0 ? SIGKILL : 0);
		qsort(l->wake_ns, l->nsamples, sizeof l->wake_ns[0], compare_u64);
	}
	close_fds(fds, 4);
	if (l->policy >= 0 && old >= 0)
		sched_control(KSCHEDCTL_SET, old);
	return r;
}

uint64_t schedload_wake_percentile(const struct schedload *l, int pct)
{
	if (l->nsamples == 0)
		return 0;
	int i = (l->nsamples * pct) / 100;
	return l->wake_ns[i < l->nsamples ? i : l->nsamples - 1];
}

unsigned schedload_hog_share(const struct schedload *l, int hog)
{
	uint64_t total = 0;
	for (int h = 0; h < l->hogs; h++)
		total += l->hog_cpu_ns[h];
	return total ? (unsigned)(l->hog_cpu_ns[hog] * 1000 / total) : 0;
}
