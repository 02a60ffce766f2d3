/*
 * schedtest [-k hogs] [-s seconds] [-p mlfq|rr|prio] [-n nice-of-interactive] [-v]
 *
 * Starts K CPU-bound processes and one interactive process that sleeps
 * 5 ms and wakes, over and over (lib/schedload.c). At the end it prints
 * each hog's share of the CPU and longest time without it, and the
 * interactive process's wake-up latency (how late it ran after its sleep
 * ended: median and 99th percentile), so running it under each policy
 * shows the difference in numbers. Output lines:
 *   RESULT schedtest <policy> hog<i>_share <percent> %
 *   RESULT schedtest <policy> hog_max_gap <ms> ms     (the worst hog's)
 *   RESULT schedtest <policy> harts_used <n> harts    (seen holding hogs)
 *   RESULT schedtest <policy> wake_median <us> us
 *   RESULT schedtest <policy> wake_p99 <us> us
 *   RESULT schedtest <policy> wake_max <us> us
 * -v prints every latency sample (us) too, sorted, on one line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "schedload.h"
#include "ulib.h"

static void usage(void)
{
	fprintf(stderr, "usage: schedtest [-k hogs] [-s seconds] [-p mlfq|rr|prio] [-n nice] [-v]\n");
	exit(2);
}

static int verbose; /* -v: every latency sample too, in us */

static void report(const struct schedload *l)
{
	const char *name = schedload_policy_name(l->policy_used);
	uint64_t max_gap = 0;
	printf("schedtest: policy %s, %d hogs, %d s, %d wakeups\n", name, l->hogs, l->seconds,
	       l->nsamples);
	for (int i = 0; i < l->hogs; i++) {
		unsigned share = schedload_hog_share(l, i);
		printf("RESULT schedtest %s hog%d_share %u.%u %%\n", name, i, share / 10, share % 10);
		if (l->hog_max_gap_ns[i] > max_gap)
			max_gap = l->hog_max_gap_ns[i];
	}
	printf("RESULT schedtest %s hog_max_gap %lu ms\n", name, (unsigned long)(max_gap / 1000000));
	printf("RESULT schedtest %s harts_used %d harts\n", name, __builtin_popcountll(l->hart_mask));
	if (l->nsamples) {
		printf("RESULT schedtest %s wake_median %lu us\n", name,
		       (unsigned long)(schedload_wake_percentile(l, 50) / 1000));
		printf("RESULT schedtest %s wake_p99 %lu us\n", name,
		       (unsigned long)(schedload_wake_percentile(l, 99) / 1000));
		printf("RESULT schedtest %s wake_max %lu us\n", name,
		       (unsigned long)(l->wake_ns[l->nsamples - 1] / 1000));
		if (verbose) {
			for (int i = 0; i < l->nsamples; i++)
				printf("%lu%c", (unsigned long)(l->wake_ns[i] / 1000),
				       i + 1 < l->nsamples ? ' ' : '\n');
		}
	}
}

int main(int argc, char **argv)
{
	static struct schedload l;
	schedload_init(&l);
	int opt;
	while ((opt = getopt(argc, argv, "k:s:p:n:v")) != -1) {
		if (opt == 'k')
			l.hogs = atoi(optarg);
		else if (opt == 's')
			l.seconds = atoi(optarg);
		else if (opt == 'p' && (l.policy = schedload_policy_parse(optarg)) < 0)
			usage();
		else if (opt == 'n')
			l.nice = atoi(optarg);
		else if (opt == 'v')
			verbose = 1;
		else if (opt == '?')
			usage();
	}
	if (optind != argc || l.hogs < 0 || l.hogs > SCHEDLOAD_MAX_HOGS || l.seconds <= 0)
		usage();
	fflush(stdout);
	if (schedload_run(&l) < 0) {
		perror("schedtest");
		return 1;
	}
	report(&l);
	return 0;
}
