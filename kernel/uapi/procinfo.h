/*
 * uapi/procinfo.h - one process as procinfo(index, &out) reports it, for
 * ps and top. procinfo(i, p) fills the i-th live process (i from 0) and
 * returns the next index to ask for, or 0 when there are no more.
 */
#ifndef UAPI_PROCINFO_H
#define UAPI_PROCINFO_H

#include <stdint.h>

enum kproc_state {
	KPROC_RUNNABLE = 1,
	KPROC_RUNNING,
	KPROC_SLEEPING,
	KPROC_ZOMBIE,
};

struct kprocinfo {
	int32_t pid;
	int32_t ppid;
	int32_t state;      /* enum kproc_state */
	int32_t hart;       /* hart it runs or last ran on */
	int32_t level;      /* scheduler level or priority */
	int32_t pad;
	uint64_t cpu_ns;    /* CPU time used */
	uint64_t vsize;     /* bytes of address space reserved */
	uint64_t rss;       /* bytes resident */
	char name[32];
};

#endif
