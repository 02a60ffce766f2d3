/*
 * schedload.h - a scheduling workload and its measurements
 * (lib/schedload.c), shared by schedtest, schedcheck and bench.
 *
 * schedload_run() starts `hogs` CPU-bound processes and one interactive
 * process that naps nap_ms and wakes, over and over, for `seconds`, under
 * the policy asked for (restored afterwards). Meanwhile it samples every
 * process with procinfo. It measures:
 *
 *   - each hog's CPU time over its life (the kernel's cpu_ns, read once
 *     it has exited and is final) and the longest time it went without
 *     the CPU between start and end (the hog watches the clock: a jump
 *     between two reads is time it was not running);
 *   - the interactive process's wake-up latencies: how long after its nap
 *     ended it was running again, one sample per nap, sorted;
 *   - every 20 ms: which harts hold hogs (running them or with them
 *     queued), and how many; each hog's hart (the one it was seen on
 *     most).
 *
 * The workload starts after a short warm-up (the hogs sink to their
 * steady levels), so fork times do not count.
 */
#ifndef USER_SCHEDLOAD_H
#define USER_SCHEDLOAD_H

#include <stdint.h>

#define SCHEDLOAD_MAX_HOGS 32
#define SCHEDLOAD_MAX_SAMPLES 8192

struct schedload {
	/* what to run (schedload_init sets the defaults) */
	int hogs;         /* 4 */
	int seconds;      /* 3 */
	int nap_ms;       /* 5 */
	int nice;         /* 0: the interactive process's nice */
	int policy;       /* KSCHED_* from schedctl, or -1 for the current one */

	/* what happened */
	int policy_used;
	uint64_t hog_life_ns;                         /* first fork to hogs' end */
	uint64_t hog_cpu_ns[SCHEDLOAD_MAX_HOGS];      /* CPU time, whole life */
	uint64_t hog_max_gap_ns[SCHEDLOAD_MAX_HOGS];  /* longest off the CPU */
	int hog_hart[SCHEDLOAD_MAX_HOGS];             /* where it was seen most */
	uint64_t hart_mask;                           /* harts seen holding hogs */
	int harts_seen[65];     /* samples by the number of harts holding hogs */
	int nsamples;
	uint64_t wake_ns[SCHEDLOAD_MAX_SAMPLES];      /* sorted latencies */
};

void schedload_init(struct schedload *l);
/* Run the workload; 0, or -1 if a fork or pipe failed or a child did
 * not report (every child is gone again either way). */
int schedload_run(struct schedload *l);
/* The pct-th percentile of the wake-up latencies (0 with no samples). */
uint64_t schedload_wake_percentile(const struct schedload *l, int pct);
/* A hog's share of the hogs' total CPU time, in tenths of a percent. */
unsigned schedload_hog_share(const struct schedload *l, int hog);
/* The policy's name ("mlfq", "rr", "prio"); its number from a name, or -1. */
const char *schedload_policy_name(int policy);
int schedload_policy_parse(const char *name);

#endif
