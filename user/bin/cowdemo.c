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
	long c0 = vminfo_vmstat("cow_copies");
	uint64_t t0 = time_ns();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		uint64_t t1 = time_ns();
		long c1 = vminfo_vmstat("cow_copies");
		printf("cowdemo: fork took %lu us and copied %ld pages\n",
		       (unsigned long)((t1 - t0) / 1000), c1 - c0);
		heap[0] = 'c';
		long c2 = vminfo_vmstat("cow_copies");
		printf("cowdemo: the child wrote 1 page: %ld page copied\n", c2 - c1);
		printf("cowdemo: child sees '%c', its parent still has its own page\n", heap[0]);
		return 0;
	}
	int st;
	waitpid(pid, &st, 0);
	printf("cowdemo: parent sees '%c' (unchanged)\n", heap[0]);
	return 0;
}
