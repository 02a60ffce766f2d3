/*
 * fault.h - resolving page faults from the regions of an address space:
 * demand zero, file pages through the page cache, copy on write, stack
 * growth. A fault nothing explains is a segmentation fault.
 */
#ifndef VM_FAULT_H
#define VM_FAULT_H

#include <stdbool.h>
#include <stdint.h>

struct mm;

enum fault_access { FAULT_READ, FAULT_WRITE, FAULT_EXEC };

/* Why a fault could not be resolved. */
enum fault_result {
	FAULT_OK = 0,
	FAULT_NOT_MAPPED,
	FAULT_READ_ONLY,
	FAULT_NO_EXEC,
	FAULT_NO_READ,
	FAULT_STACK_GUARD,
	FAULT_OOM,
	FAULT_IO,
};

/* Resolve a fault at addr in mm (which the caller has NOT locked). */
enum fault_result vm_fault(struct mm *mm, uint64_t addr, enum fault_access access);

/* Make [addr, addr+len) present and, if write, writable (COW broken):
 * used before the kernel writes user memory. 0 or -EFAULT. */
int vm_fault_in_range(struct mm *mm, uint64_t addr, uint64_t len, bool write);

#endif
