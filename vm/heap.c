/*
 * heap.c - the heap (brk/sbrk) and the stack region of an address space.
 *
 * The heap is one anonymous region [brk_start, page_round_up(brk)),
 * created by exec. Growing only moves the end (pages come on first
 * touch, or at once with eager, as xv6's sbrk expects); shrinking unmaps
 * and frees the pages. The heap may not run into the mmap area.
 */
#include <string.h>

#include "arch/riscv/memlayout.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "vm/fault.h"
#include "vm/mm.h"

#define PAGE_ROUND_UP(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

int mm_setup_stack(struct mm *mm)
{
	uint64_t bottom = USER_STACK_TOP - mm->stack_limit;
	/* The region spans the whole limit; pages appear on first touch.
	 * The gap below it is never mapped (stack guard). */
	return mm_map_region(mm, bottom, USER_STACK_TOP, VM_PROT_READ | VM_PROT_WRITE, 0,
	                     VMR_STACK, 0, 0, 0);
}

static long heap_grow(struct mm *mm, uint64_t old, uint64_t new_brk)
{
	uint64_t old_end = PAGE_ROUND_UP(old), new_end = PAGE_ROUND_UP(new_brk);
	if (new_end > old_end) {
		if (new_end > mm->mmap_base || !mm_range_is_free(mm, old_end, new_end))
			return -ENOMEM;
		struct vm_region *r = old_end > mm->brk_start ? mm_find_region(mm, old_end - 1) : 0;
		if (r && r->kind == VMR_ANON && r->end == old_end) {
			mm->stats.vsize += new_end - r->end;
			r->end = new_end;
		}
		else if (mm_map_region(mm, old_end, new_end, VM_PROT_READ | VM_PROT_WRITE, 0,
		                       VMR_ANON, 0, 0, 0) < 0)
			return -ENOMEM;
	}
	mm->brk = new_brk;
	return 0;
}

long mm_sbrk(struct mm *mm, long increment, bool eager)
{
	mutex_lock(&mm->lock);
	uint64_t old = mm->brk;
	uint64_t new_brk = old + (uint64_t)increment;
	long r = 0;
	if ((increment > 0 && new_brk < old) || (increment < 0 && new_brk > old) ||
	    new_brk < mm->brk_start) {
		r = -ENOMEM;
	} else if (increment > 0) {
		r = heap_grow(mm, old, new_brk);
	} else if (increment < 0) {
		uint64_t new_end = PAGE_ROUND_UP(new_brk), old_end = PAGE_ROUND_UP(old);
		if (new_end < old_end)
			r = mm_unmap(mm, new_end, old_end);
		if (r == 0)
			mm->brk = new_brk;
	}
	mutex_unlock(&mm->lock);
	if (r == 0 && eager && increment > 0 &&
	    vm_fault_in_range(mm, old, (uint64_t)increment, true) < 0) {
		mm_sbrk(mm, -increment, false);
		return -ENOMEM;
	}
	return r < 0 ? r : (long)old;
}

/* Write n bytes from the kernel into mm at uaddr, filling pages as a
 * fault would (mm need not be the current address space). */
int mm_copy_out(struct mm *mm, uint64_t uaddr, const void *src, uint64_t n)
{
	const char *s = src;
	while (n) {
		uint64_t va = uaddr & ~(PAGE_SIZE - 1), off = uaddr - va;
		uint64_t chunk = PAGE_SIZE - off < n ? PAGE_SIZE - off : n;
		uint64_t pa;
		unsigned prot;
		if (vm_fault(mm, va, FAULT_WRITE) != FAULT_OK ||
		    !pmap_lookup(&mm->pmap, va, &pa, &prot))
			return -EFAULT;
		memcpy((char *)phys_to_virt(pa) + off, s, chunk);
		s += chunk;
		uaddr += chunk;
		n -= chunk;
	}
	return 0;
}
