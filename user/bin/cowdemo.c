/*
 * cowdemo [MiB] - watch copy-on-write fork: a process fills a big heap,
 * forks, and the kernel's counters show that fork copied no page; then
 * the child writes one page and exactly one copy happens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib.h"
#include "vminfo.h"

#define PAGE 4096

int main(int argc, char **argv)
{
	long mib = argc > 1 ? atol(argv[1]) : 16;
	long pages = mib * 256;
	char *heap = sbrk_flags(pages * PAGE, KSBRK_EAGER);
	if (heap == (char *)-1) {
		perror("cowdemo: sbrk");
		return 1;
	}
	for (long i = 0; i < pages; i++)
		heap[i * PAGE] = 'p';
	printf("cowdemo: parent %d filled %ld MiB (%ld pages)\n", getpid(), mib, pages);
	fflush(stdout);
	long c0 = vminfo_vmstat("cow_copies");
	uint64_t t0 = time_ns();
	pid_t pid = fork();
	uint64_t t1 = time_ns();
	if (pid == 0) {
		vminfo_vmstat("cow_copies"); /* first writes to our stack and buffers copy them */
		long c1 = vminfo_vmstat("cow_copies");
		heap[0] = 'c';
		long c2 = vminfo_vmstat("cow_copies");
		printf("cowdemo: child %d wrote 1 heap page: %ld page copied\n", getpid(), c2 - c1);
		printf("cowdemo: child sees '%c'\n", heap[0]);
		return 0;
	}
	long c1 = vminfo_vmstat("cow_copies");
	printf("cowdemo: fork took %lu us and copied %ld pages (the %ld heap pages are shared;\n"
	       "         the copies are stack and data pages written since)\n",
	       (unsigned long)((t1 - t0) / 1000), c1 - c0, pages);
	fflush(stdout);
	int st;
	waitpid(pid, &st, 0);
	printf("cowdemo: parent still sees '%c' in its own page\n", heap[0]);
	return 0;
}
