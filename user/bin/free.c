/*
 * free - total and free memory, from /proc/meminfo.
 */
#include <stdio.h>

#include "vminfo.h"

int main(void)
{
	if (vminfo_cat("meminfo") < 0) {
		fprintf(stderr, "free: cannot read /proc/meminfo\n");
		return 1;
	}
	return 0;
}
