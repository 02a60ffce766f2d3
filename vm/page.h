/*
 * page.h - physical page frames.
 *
 * Every frame of RAM the device tree describes has a struct page. A frame
 * is free (in the buddy allocator), or allocated with a reference count:
 * page_get() takes a reference, page_put() drops one and frees the block
 * when the last goes. Allocation never sleeps and returns NULL when memory
 * is short; callers turn that into -ENOMEM.
 *
 * Blocks of 2^order contiguous frames come from a buddy allocator per
 * memory range ("zone"); single pages go through a small per-hart cache.
 */
#ifndef VM_PAGE_H
#define VM_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/riscv/memlayout.h"
#include "kernel/list.h"

#define PAGE_MAX_ORDER 10 /* largest block: 2^10 pages = 4 MiB */

/* page.flags */
#define PG_FREE (1U << 0)      /* head of a free buddy block */
#define PG_RESERVED (1U << 1)  /* never allocatable (firmware, kernel image) */
#define PG_SLAB (1U << 2)      /* holds small kmalloc objects */
#define PG_KMALLOC (1U << 3)   /* head of a large kmalloc block */
#define PG_PAGETABLE (1U << 4) /* a page-table page */
/* Block/page cache (fs/bcache.h); these flags change atomically, under
 * the cache's or the log's lock. A PG_CACHE page has owner = its
 * struct block_device and index = its block number. */
#define PG_CACHE (1U << 5)     /* in the block cache's hash table */
#define PG_UPTODATE (1U << 6)  /* holds the block's contents */
#define PG_IO (1U << 7)        /* a read is in flight: wait, do not touch */
#define PG_LOGGED (1U << 8)    /* in the open transaction (the log holds a ref) */
#define PG_HOLE (1U << 9)      /* zero page for a file hole; owner = the inode */

struct page {
	uint32_t flags;
	int32_t refcount;        /* atomic; 0 when free */
	uint8_t order;           /* block order (free head or allocated head) */
	uint8_t zone;            /* index of its zone */
	uint16_t slab_class;     /* PG_SLAB: kmalloc size class */
	uint16_t slab_inuse;     /* PG_SLAB: objects handed out */
	uint16_t pad;
	struct list_node list;   /* free list, slab list or LRU */
	union {
		void *slab_free;         /* PG_SLAB: first free object */
		struct page *cache_next; /* PG_CACHE: next in the hash chain */
	};
	void *owner;             /* mapping that owns it (file, anon), or NULL */
	uint64_t index;          /* offset within the owner, in pages */
};

#define PAGE_ZERO 1U /* page_alloc flag: fill with zeroes */

/* A RAM range and the struct pages of its frames (page_alloc.c). */
struct page_zone {
	uint64_t base_pfn;
	uint64_t npages;
	struct page *pages;
	struct list_node free_lists[PAGE_MAX_ORDER + 1]; /* zone_lock */
};
extern struct page_zone page_zones[];
extern int page_nzones;

struct page *page_alloc(unsigned order, unsigned flags);
/* The same, but first gives the page cache's unused pages back if memory
 * is short. Process context, no spinlocks held (vm/reclaim.c). */
struct page *page_alloc_reclaim(unsigned order, unsigned flags);
/* Is free memory (after giving back what the page cache can) below the
 * reserve that new processes may not take? Process context. */
bool vm_memory_low(void);
void page_free_last(struct page *p);   /* page_put's slow path */

static inline void page_get(struct page *p)
{
	__atomic_add_fetch(&p->refcount, 1, __ATOMIC_RELAXED);
}

/* Drop a reference; the last one frees the block. */
static inline void page_put(struct page *p)
{
	if (__atomic_sub_fetch(&p->refcount, 1, __ATOMIC_ACQ_REL) <= 0)
		page_free_last(p);
}

static inline int page_refcount(const struct page *p)
{
	return __atomic_load_n(&p->refcount, __ATOMIC_RELAXED);
}

/* NULL if pa is not RAM we manage. Inline: fork and exit call it for
 * every mapped page. */
static inline struct page *pa_to_page(uint64_t pa)
{
	uint64_t pfn = pa >> PAGE_SHIFT;
	for (int i = 0; i < page_nzones; i++)
		if (pfn - page_zones[i].base_pfn < page_zones[i].npages)
			return &page_zones[i].pages[pfn - page_zones[i].base_pfn];
	return 0;
}

static inline uint64_t page_to_pa(const struct page *p)
{
	const struct page_zone *z = &page_zones[p->zone];
	return (z->base_pfn + (uint64_t)(p - z->pages)) << PAGE_SHIFT;
}

static inline void *page_address(const struct page *p)
{
	return phys_to_virt(page_to_pa(p));
}

static inline struct page *virt_to_page(const void *kva) /* direct-map addresses */
{
	return pa_to_page(virt_to_phys_direct(kva));
}

/* Convenience for kernel-internal single pages (page tables, stacks). */
void *kpage_alloc(void);       /* zeroed page or NULL */
void kpage_free(void *kva);

struct page_stats {
	uint64_t total_pages;  /* frames managed */
	uint64_t free_pages;   /* in the buddy lists and per-hart caches */
};
void page_stats(struct page_stats *s);

/* Boot: set up zones over [base, base+size) ranges of RAM, then hand
 * usable ranges to the allocator (see vm/bootmem.h). */
void page_alloc_init(void);

#endif
