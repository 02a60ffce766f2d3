/*
 * lazydemo - sbrk reserves, touching fills: reserve 1 GiB (more than
 * this machine has), touch a few pages, and watch the resident size.
 */
#include <stdio.h>
#include <unistd.h>

#include "ulib.h"
#include "vminfo.h"

#define GIB (1L << 30)

static void report(const char *when)
{
	printf("lazydemo: %-24s virtual %8ld kB, resident %6ld kB, free %ld MiB\n", when,
	       vminfo_status_kb(0, "VmSize"), vminfo_status_kb(0, "VmRSS"),
	       vminfo_free_bytes() >> 20);
}

int main(void)
{
	report("at start");
	uint64_t t0 = time_ns();
	char *p = sbrk(GIB);
	uint64_t t1 = time_ns();
	if (p == (char *)-1) {
		perror("lazydemo: sbrk");
		return 1;
	}
	printf("lazydemo: sbrk(1 GiB) took %lu us\n", (unsigned long)((t1 - t0) / 1000));
	report("after sbrk(1 GiB)");
	for (long off = 0; off < GIB; off += GIB / 8)
		p[off] = 1;
	report("after touching 8 pages");
	return 0;
}
