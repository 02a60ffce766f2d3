/*
 * vmdemo - a process looks at itself: its address-space layout (text,
 * data, heap, mmap, stack: where each lives) and the table of its
 * virtual pages and the physical frames behind them, as the page table
 * has them (/proc/self/pagemap).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vminfo.h"

static int data_word = 42;

int main(void)
{
	int stack_word = 7;
	char *heap = malloc(100);
	char *mapped = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	heap[0] = 1;
	mapped[0] = 1;
	printf("vmdemo: layout of process %d\n", getpid());
	printf("  text   %p  (main)\n", (void *)main);
	printf("  data   %p  (a global)\n", (void *)&data_word);
	printf("  heap   %p  (malloc), break %p\n", (void *)heap, sbrk(0));
	printf("  mmap   %p  (anonymous mapping)\n", (void *)mapped);
	printf("  stack  %p  (a local)\n", (void *)&stack_word);
	printf("vmdemo: regions (/proc/self/maps):\n");
	vminfo_cat("self/maps");
	printf("vmdemo: present pages, virtual -> physical (/proc/self/pagemap):\n");
	vminfo_cat("self/pagemap");
	return 0;
}
