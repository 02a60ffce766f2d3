/*
 * schedctl [mlfq|rr|prio] - show or change the scheduling policy of the
 * whole machine at run time.
 */
#include <stdio.h>
#include <string.h>

#include "ulib.h"

static const char *const names[] = {"mlfq", "rr", "prio"};

int main(int argc, char **argv)
{
	if (argc == 1) {
		int k = sched_control(KSCHEDCTL_GET, 0);
		printf("%s\n", k >= 0 && k < 3 ? names[k] : "?");
		return k < 0;
	}
	for (int k = 0; k < 3; k++) {
		if (strcmp(argv[1], names[k]) == 0) {
			if (sched_control(KSCHEDCTL_SET, k) < 0) {
				perror("schedctl");
				return 1;
			}
			printf("policy: %s\n", names[k]);
			return 0;
		}
	}
	fprintf(stderr, "usage: schedctl [mlfq|rr|prio]\n");
	return 2;
}
