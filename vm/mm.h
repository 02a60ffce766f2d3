/*
 * mm.h - address spaces: a page table (struct pmap) and a sorted list of
 * regions that say what every mapped address means.
 *
 * User half layout (Sv39, see also arch/riscv/memlayout.h):
 *   0x0 - 0xffff            never mapped (NULL and small offsets fault)
 *   0x10000 -               text, data, bss (from the ELF), then the heap
 *                           (brk) growing up
 *   below the stack gap     mmap area, growing down from mmap_base
 *   USER_STACK_TOP down     the stack, growing on demand to stack_limit
 *
 * Pages are filled only on first touch (vm/fault.c). Private pages may be
 * shared read-only between address spaces after fork (copy on write);
 * struct page's reference count says how many mappings share a frame.
 *
 * Locking: mm->lock (a mutex: a fault may sleep on I/O) guards the region
 * list, brk, the page table and the counters. Lock order:
 * mm->lock -> page-cache and inode locks -> spinlocks.
 */
#ifndef VM_MM_H
#define VM_MM_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/riscv/memlayout.h"
#include "kernel/list.h"
#include "proc/mutex.h"
#include "vm/pmap.h"

struct inode;

#define USER_STACK_TOP 0x3fffff0000UL   /* a guard page above it */
#define USER_STACK_LIMIT_DEFAULT (8UL << 20)
#define USER_STACK_GAP (1UL << 20)      /* unmapped gap below the stack limit */
#define USER_MIN_ADDR 0x10000UL

enum vm_region_kind {
	VMR_ANON,   /* zero-filled: heap, bss, anonymous mmap */
	VMR_FILE,   /* backed by a file (exec segments, file mmap) */
	VMR_STACK,  /* zero-filled, grows down */
};

#define VMR_SHARED 0x1U   /* writes go to the shared object, not a copy */
#define VMR_FILE_WRITABLE 0x2U /* the file was opened for writing */

struct vm_region {
	struct list_node link;  /* mm->regions, sorted by start */
	uint64_t start, end;    /* page aligned, [start, end) */
	unsigned prot;          /* VM_PROT_READ | WRITE | EXEC */
	unsigned flags;         /* VMR_SHARED */
	enum vm_region_kind kind;
	struct inode *file;     /* VMR_FILE: holds a reference */
	uint64_t file_offset;   /* file offset of start (page aligned) */
	uint64_t file_bytes;    /* bytes of the file mapped from start; the
	                           rest of the region reads as zeroes */
};

/* Read without mm->lock by /proc and ps (word-sized, may be stale). */
struct mm_stats {
	uint64_t rss_pages;     /* pages mapped */
	uint64_t faults;
	uint64_t vsize;         /* bytes covered by regions */
};

struct mm {
	struct mutex lock;
	struct pmap pmap;
	struct list_node regions;
	uint64_t brk_start, brk;        /* heap: [brk_start, brk) */
	uint64_t stack_limit;           /* bytes the stack may grow to */
	uint64_t mmap_base;             /* next mmap goes below this */
	struct mm_stats stats;
};

struct mm *mm_create(void);                 /* NULL if out of memory */
void mm_destroy(struct mm *mm);
/* A copy-on-write duplicate of mm (fork). NULL if out of memory. */
struct mm *mm_fork(struct mm *mm);

/* Add a region; -EINVAL on overlap or bad range, -ENOMEM. mm locked. */
int mm_map_region(struct mm *mm, uint64_t start, uint64_t end, unsigned prot,
                  unsigned flags, enum vm_region_kind kind, struct inode *file,
                  uint64_t file_offset, uint64_t file_bytes);
/* Remove [start, end) (splitting regions), freeing pages. mm locked. */
int mm_unmap(struct mm *mm, uint64_t start, uint64_t end);
struct vm_region *mm_find_region(struct mm *mm, uint64_t addr);
bool mm_range_is_free(struct mm *mm, uint64_t start, uint64_t end);
/* Split the region containing addr so a region starts at addr. */
int mm_split_at(struct mm *mm, uint64_t addr);
/* Set up the stack region; the caller fills it (exec). mm locked. */
int mm_setup_stack(struct mm *mm);
/* Grow or shrink the heap: sbrk semantics; old break or -errno. */
long mm_sbrk(struct mm *mm, long increment, bool eager);

/* Change the protection of [start, end) (splitting regions); -ENOMEM
 * if part of it is not mapped, -EACCES if a shared file mapping would
 * become writable without write access to the file. mm locked. */
int mm_protect(struct mm *mm, uint64_t start, uint64_t end, unsigned prot);
/* Write dirty pages of shared file mappings in [start, end) to disk. */
int mm_sync(struct mm *mm, uint64_t start, uint64_t end);
uint64_t mm_virtual_size(struct mm *mm);
/* Write kernel bytes into mm (not necessarily current); 0 or -EFAULT. */
int mm_copy_out(struct mm *mm, uint64_t uaddr, const void *src, uint64_t n);

#endif
