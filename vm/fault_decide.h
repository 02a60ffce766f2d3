/*
 * fault_decide.h - what a page fault calls for, decided from the facts
 * alone (the region, the access, the page-table entry), with no side
 * effects: vm/fault.c acts on the answer, and host unit tests
 * (test/unit/test_fault.c) check every case, including those QEMU never
 * produces, such as a core that faults on a clear accessed or dirty bit
 * instead of setting it (the VisionFive 2's U74).
 */
#ifndef VM_FAULT_DECIDE_H
#define VM_FAULT_DECIDE_H

#include <stdbool.h>

#include "vm/fault.h"

struct vm_region;

enum fault_action {
	FA_SEGV,            /* kill: see the fault_result for why */
	FA_FILL_ZERO,       /* no page yet: a zeroed one */
	FA_FILL_FILE,       /* no page yet: the file's, from the page cache */
	FA_COW,             /* write to a copy-on-write page: copy or reuse */
	FA_MAKE_WRITABLE,   /* write to a present page the region allows to be
	                       written (first write to a shared page) */
	FA_MARK_ACCESSED,   /* present and permitted, but accessed (or, for a
	                       write, dirty) is clear: set it */
	FA_RETRY,           /* present, permitted, bits set: another hart
	                       resolved it, or a stale TLB entry; return */
};

/* The page-table facts of the faulting address. */
struct fault_pte {
	bool present;
	unsigned prot;      /* VM_PROT_* of the entry, with VM_PROT_COW */
	bool accessed, dirty;
};

/*
 * r: the region containing the address, or NULL; in_guard: the address is
 * in the gap below the stack. *why is set when the answer is FA_SEGV.
 */
enum fault_action vm_fault_decide(const struct vm_region *r, bool in_guard,
                                  enum fault_access access, const struct fault_pte *pte,
                                  enum fault_result *why);

#endif
