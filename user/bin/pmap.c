/*
 * pmap PID - show a process's address space: its regions from
 * /proc/PID/maps, then its resident size.
 */
#include <stdio.h>
#include <stdlib.h>

#include "vminfo.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: pmap PID|self\n");
		return 2;
	}
	char what[32];
	snprintf(what, sizeof what, "%s/maps", argv[1]);
	printf("start        end          perm offset   kind\n");
	if (vminfo_cat(what) < 0) {
		fprintf(stderr, "pmap: no process %s (or not yours to inspect)\n", argv[1]);
		return 1;
	}
	int pid = argv[1][0] == 's' ? 0 : atoi(argv[1]);
	printf("virtual %ld kB, resident %ld kB\n", vminfo_status_kb(pid, "VmSize"),
	       vminfo_status_kb(pid, "VmRSS"));
	return 0;
}
