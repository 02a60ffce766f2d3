/*
 * vmstat [interval [count]] - the VM's counters from /proc/vmstat: free
 * memory, faults by kind, copy-on-write copies and reuses, segfaults.
 * With an interval (seconds), print a line every interval with the change
 * since the previous one.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ulib.h"
#include "vminfo.h"

static const char *const keys[] = {
	"pages_free", "faults", "faults_zero", "faults_file", "faults_stack",
	"cow_copies", "cow_reuses", "segfaults", "oom_kills",
};
#define NKEYS (int)(sizeof keys / sizeof keys[0])

static void sample(long *v)
{
	for (int i = 0; i < NKEYS; i++)
		v[i] = vminfo_vmstat(keys[i]);
}

int main(int argc, char **argv)
{
	long interval = argc > 1 ? atol(argv[1]) : 0, count = argc > 2 ? atol(argv[2]) : -1;
	long now[NKEYS], prev[NKEYS];
	sample(now);
	if (now[0] < 0) {
		fprintf(stderr, "vmstat: cannot read /proc/vmstat\n");
		return 1;
	}
	if (!interval) {
		for (int i = 0; i < NKEYS; i++)
			printf("%-13s %ld\n", keys[i], now[i]);
		return 0;
	}
	printf("%8s %8s %8s %8s %8s %8s %8s %8s\n", "free_kB", "faults", "zero", "file",
	       "stack", "cow_cp", "cow_re", "segv");
	for (long n = 0; count < 0 || n < count; n++) {
		for (int i = 0; i < NKEYS; i++)
			prev[i] = n ? now[i] : 0;
		if (n)
			sample(now);
		printf("%8ld %8ld %8ld %8ld %8ld %8ld %8ld %8ld\n", now[0] * 4, now[1] - prev[1],
		       now[2] - prev[2], now[3] - prev[3], now[4] - prev[4], now[5] - prev[5],
		       now[6] - prev[6], now[7] - prev[7]);
		fflush(stdout);
		if (count < 0 || n + 1 < count)
			msleep((uint64_t)interval * 1000);
	}
	return 0;
}
