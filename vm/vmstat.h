/*
 * vmstat.h - counters of the VM's events, for /proc/vmstat and vmstat.
 * Updated with relaxed atomic adds from any hart; read without locks.
 */
#ifndef VM_VMSTAT_H
#define VM_VMSTAT_H

#include <stdint.h>

struct vmstat {
	uint64_t faults;           /* every user page fault handled */
	uint64_t faults_zero;      /* demand-zero fills (heap, bss, anon) */
	uint64_t faults_file;      /* pages mapped from files */
	uint64_t faults_stack;     /* stack pages filled (growth) */
	uint64_t cow_copies;       /* write to a shared page: copied */
	uint64_t cow_reuses;       /* write to a last-reference page: reused */
	uint64_t segfaults;
	uint64_t oom_kills;
};

extern struct vmstat vmstat;

#define VMSTAT_INC(field) __atomic_add_fetch(&vmstat.field, 1, __ATOMIC_RELAXED)

#endif
