/*
 * schedcheck [-c harts] [-k hogs] [-s seconds] [-z hz] [-b boost_ms]
 *            [-m median_ticks] [-p p99_ticks]
 *
 * The scheduler's promises, measured in the guest with the schedtest
 * workload (lib/schedload.c: K CPU hogs and one process that naps 5 ms
 * and wakes, over and over): once under mlfq, once under rr, then
 *
 *   schedctl_switches    schedctl sets and reports each policy; rejects others
 *   proc_sched_fields    /proc/self/sched shows the accounting fields
 *   mlfq_wake_median     median wake-up latency <= median_ticks (2)
 *   mlfq_wake_p99        99th percentile <= p99_ticks (5)
 *   mlfq_no_starvation   every hog ran, never off the CPU for a boost period
 *   mlfq_spread          in 90% of the 20 ms samples, every one of the
 *                        `harts` harts held hogs (running or queued)
 *   rr_equal_shares      every hart held as many hogs as another (+-1), and
 *                        every hog's CPU time is within 10% of the mean of
 *                        the hogs on its hart (its hart: where it was seen
 *                        most; on one hart, the mean of all). Between
 *                        harts, shares also depend on how much the host
 *                        runs each hart's thread, which no guest controls.
 *
 * The tick (hz, default 100) and boost period (default 1000 ms) are the
 * kernel's defaults; pass others if the kernel was booted with others.
 *
 * Under QEMU the harts are host threads, and a busy host does not run
 * them all the time: the guest then sees late wake-ups that are no fault
 * of the scheduler. So a run whose figures miss a bound is repeated, up
 * to TRIES runs in all, and the cases judge the last run; a scheduler
 * that misses a bound misses it every time. One "PASS name" /
 * "FAIL name: reason" line per case, and a "schedcheck: ..." line with
 * the figures of each run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "schedload.h"
#include "ulib.h"

#define POLICY_MLFQ 0
#define POLICY_RR 1
#define POLICIES 3
#define SHARE_TOLERANCE_PCT 10
#define TRIES 3
#define MIN_SPREAD_PCT 90

static struct {
	int harts, hogs, seconds, hz, boost_ms, median_ticks, p99_ticks;
} opt = {1, 8, 3, 100, 1000, 2, 5};

static struct schedload mlfq, rr;
static int mlfq_status = -1, rr_status = -1;

static uint64_t tick_ns(void)
{
	return 1000000000ULL / opt.hz;
}

static int test_schedctl_switches(void)
{
	int old = sched_control(KSCHEDCTL_GET, 0);
	CHECK(old >= 0 && old < POLICIES, "get: %d", old);
	for (int k = 0; k < POLICIES; k++) {
		CHECK(sched_control(KSCHEDCTL_SET, k) == 0, "set %d: %s", k, strerror(errno));
		CHECK(sched_control(KSCHEDCTL_GET, 0) == k, "set %d, got %d", k,
		      sched_control(KSCHEDCTL_GET, 0));
	}
	CHECK_ERRNO(sched_control(KSCHEDCTL_SET, POLICIES), EINVAL);
	CHECK(sched_control(KSCHEDCTL_SET, old) == 0, "restore: %s", strerror(errno));
	return 0;
}

static int test_proc_sched_fields(void)
{
	static const char *const fields[] = {"\npolicy ", "\nlevel ", "\nnice ", "\ncpu_ns ",
	                                     "\nwait_ns ", "\nscheduled ", "\nvoluntary ",
	                                     "\ninvoluntary "};
	char buf[1024] = "\n"; /* each field starts a line */
	int fd = open("/proc/self/sched", O_RDONLY);
	CHECK(fd >= 0, "open /proc/self/sched: %s", strerror(errno));
	int n = read(fd, buf + 1, sizeof buf - 2);
	close(fd);
	CHECK(n > 0, "read: %s", strerror(errno));
	buf[n + 1] = '\0';
	for (unsigned i = 0; i < sizeof fields / sizeof fields[0]; i++)
		CHECK(strstr(buf, fields[i]), "no \"%s\" line in: %s", fields[i] + 1, buf + 1);
	return 0;
}

/* The run's workload failed, or gave too few samples to judge. */
static int check_run_ok(const struct schedload *l, int status)
{
	CHECK(status == 0, "the workload failed (fork, pipe or a child lost)");
	CHECK(l->policy_used == l->policy, "ran under policy %d, not %d", l->policy_used,
	      l->policy);
	return 0;
}

static int test_mlfq_wake_median(void)
{
	if (check_run_ok(&mlfq, mlfq_status) < 0)
		return -1;
	/* A 5 ms nap every <= 25 ms at worst: fewer samples means stalls. */
	CHECK(mlfq.nsamples >= opt.seconds * 40, "only %d wake-ups in %d s", mlfq.nsamples,
	      opt.seconds);
	uint64_t median = schedload_wake_percentile(&mlfq, 50);
	CHECK(median <= opt.median_ticks * tick_ns(), "median %lu us > %d ticks",
	      (unsigned long)(median / 1000), opt.median_ticks);
	return 0;
}

static int test_mlfq_wake_p99(void)
{
	if (check_run_ok(&mlfq, mlfq_status) < 0)
		return -1;
	uint64_t p99 = schedload_wake_percentile(&mlfq, 99);
	CHECK(p99 <= opt.p99_ticks * tick_ns(), "p99 %lu us > %d ticks",
	      (unsigned long)(p99 / 1000), opt.p99_ticks);
	return 0;
}

static int test_mlfq_no_starvation(void)
{
	if (check_run_ok(&mlfq, mlfq_status) < 0)
		return -1;
	for (int i = 0; i < mlfq.hogs; i++) {
		CHECK(mlfq.hog_cpu_ns[i] > 0, "hog %d never ran", i);
		CHECK(mlfq.hog_max_gap_ns[i] < opt.boost_ms * 1000000ULL,
		      "hog %d went %lu ms without the CPU (boost period %d ms)", i,
		      (unsigned long)(mlfq.hog_max_gap_ns[i] / 1000000), opt.boost_ms);
	}
	return 0;
}

static uint64_t hog_cpu_total(const struct schedload *l)
{
	uint64_t total = 0;
	for (int i = 0; i < l->hogs; i++)
		total += l->hog_cpu_ns[i];
	return total;
}

/* Permille of all harts' time charged to the hogs over their life (for
 * the figures: time a busy host took from the harts is not charged). */
static unsigned busy_permille(const struct schedload *l)
{
	return (unsigned)(hog_cpu_total(l) * 1000 / (l->hog_life_ns * opt.harts));
}

static int test_mlfq_spread(void)
{
	if (check_run_ok(&mlfq, mlfq_status) < 0)
		return -1;
	uint64_t all = opt.harts >= 64 ? ~0ULL : (1ULL << opt.harts) - 1;
	CHECK(mlfq.hart_mask == all, "hogs seen on harts %#lx, want %#lx",
	      (unsigned long)mlfq.hart_mask, (unsigned long)all);
	int samples = 0;
	for (int k = 0; k <= 64; k++)
		samples += mlfq.harts_seen[k];
	CHECK(mlfq.harts_seen[opt.harts] * 100 >= samples * MIN_SPREAD_PCT,
	      "all %d harts held hogs in %d of %d samples", opt.harts, mlfq.harts_seen[opt.harts],
	      samples);
	return 0;
}

static int test_rr_equal_shares(void)
{
	if (check_run_ok(&rr, rr_status) < 0)
		return -1;
	uint64_t sum[64] = {0};
	int count[64] = {0}, fewest = rr.hogs, most = 0;
	for (int i = 0; i < rr.hogs; i++) {
		sum[rr.hog_hart[i]] += rr.hog_cpu_ns[i];
		count[rr.hog_hart[i]]++;
	}
	for (int k = 0; k < opt.harts; k++) {
		fewest = count[k] < fewest ? count[k] : fewest;
		most = count[k] > most ? count[k] : most;
	}
	CHECK(most - fewest <= 1, "harts held from %d to %d hogs", fewest, most);
	for (int i = 0; i < rr.hogs; i++) {
		int k = rr.hog_hart[i];
		uint64_t mean = sum[k] / count[k], cpu = rr.hog_cpu_ns[i];
		uint64_t d = cpu > mean ? cpu - mean : mean - cpu;
		CHECK(mean > 0, "the hogs on hart %d did not run", k);
		CHECK(d * 100 <= mean * SHARE_TOLERANCE_PCT,
		      "hog %d got %lu ms, the mean of the %d on hart %d is %lu ms", i,
		      (unsigned long)(cpu / 1000000), count[k], k, (unsigned long)(mean / 1000000));
	}
	return 0;
}

static int run(struct schedload *l, int policy, int try)
{
	schedload_init(l);
	l->hogs = opt.hogs;
	l->seconds = opt.seconds;
	l->policy = policy;
	check_flush();
	int status = schedload_run(l);
	uint64_t min = UINT64_MAX, max = 0, gap = 0;
	for (int i = 0; i < l->hogs; i++) {
		min = l->hog_cpu_ns[i] < min ? l->hog_cpu_ns[i] : min;
		max = l->hog_cpu_ns[i] > max ? l->hog_cpu_ns[i] : max;
		gap = l->hog_max_gap_ns[i] > gap ? l->hog_max_gap_ns[i] : gap;
	}
	unsigned busy = status == 0 ? busy_permille(l) : 0;
	int samples = 0;
	for (int k = 0; k <= 64; k++)
		samples += l->harts_seen[k];
	printf("schedcheck: %s run %d, %d hogs, %d harts: %d wake-ups, median %lu us, p99 %lu us, "
	       "max %lu us; hog CPU %lu..%lu ms, longest gap %lu ms; harts %#lx, all holding hogs "
	       "in %d/%d samples, %u.%u%% of their time charged to hogs\n",
	       schedload_policy_name(policy), try, l->hogs, opt.harts, l->nsamples,
	       (unsigned long)(schedload_wake_percentile(l, 50) / 1000),
	       (unsigned long)(schedload_wake_percentile(l, 99) / 1000),
	       (unsigned long)(l->nsamples ? l->wake_ns[l->nsamples - 1] / 1000 : 0),
	       (unsigned long)(min / 1000000), (unsigned long)(max / 1000000),
	       (unsigned long)(gap / 1000000), (unsigned long)l->hart_mask,
	       l->harts_seen[opt.harts], samples, busy / 10, busy % 10);
	return status;
}

static void usage(void)
{
	fprintf(stderr, "usage: schedcheck [-c harts] [-k hogs] [-s seconds] [-z hz] "
	                "[-b boost_ms] [-m median_ticks] [-p p99_ticks]\n");
	exit(2);
}

static void parse(int argc, char **argv)
{
	int c;
	while ((c = getopt(argc, argv, "c:k:s:z:b:m:p:")) != -1) {
		int *field = c == 'c' ? &opt.harts : c == 'k' ? &opt.hogs : c == 's' ? &opt.seconds :
		             c == 'z' ? &opt.hz : c == 'b' ? &opt.boost_ms :
		             c == 'm' ? &opt.median_ticks : c == 'p' ? &opt.p99_ticks : NULL;
		if (!field || (*field = atoi(optarg)) <= 0)
			usage();
	}
	if (optind != argc || opt.hogs > SCHEDLOAD_MAX_HOGS || opt.harts > 64)
		usage();
}

struct timed_case {
	const char *name;
	int (*fn)(void);
};

static const struct timed_case mlfq_cases[] = {
	{"mlfq_wake_median", test_mlfq_wake_median},
	{"mlfq_wake_p99", test_mlfq_wake_p99},
	{"mlfq_no_starvation", test_mlfq_no_starvation},
	{"mlfq_spread", test_mlfq_spread},
};

static const struct timed_case rr_cases[] = {
	{"rr_equal_shares", test_rr_equal_shares},
};

/* Run the workload under policy until its cases pass, TRIES runs at
 * most, then report the cases on the last run. */
static void run_and_check(struct schedload *l, int *status, int policy,
                          const struct timed_case *cases, int ncases)
{
	for (int try = 1; try <= TRIES; try++) {
		*status = run(l, policy, try);
		int failed = 0;
		for (int i = 0; i < ncases; i++)
			failed += cases[i].fn() < 0;
		if (!failed)
			break;
	}
	for (int i = 0; i < ncases; i++)
		check_run(cases[i].name, cases[i].fn);
}

int main(int argc, char **argv)
{
	parse(argc, argv);
	check_run("schedctl_switches", test_schedctl_switches);
	check_run("proc_sched_fields", test_proc_sched_fields);
	run_and_check(&mlfq, &mlfq_status, POLICY_MLFQ, mlfq_cases,
	              sizeof mlfq_cases / sizeof mlfq_cases[0]);
	run_and_check(&rr, &rr_status, POLICY_RR, rr_cases, sizeof rr_cases / sizeof rr_cases[0]);
	return check_summary("schedcheck");
}
