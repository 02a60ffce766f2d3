/*
 * page_alloc.c - the buddy allocator and the per-hart page caches.
 *
 * One zone per RAM range (bootmem.ram). A zone's frames have their
 * struct pages in one array, allocated from the zone's own memory at boot.
 * Free blocks of 2^k frames, aligned to 2^k frames in physical address,
 * sit on free_lists[k]; only the first frame of a free block carries
 * PG_FREE and the order.
 *
 * Single pages are served from a per-hart cache of up to PCP_HIGH pages,
 * refilled and drained PCP_BATCH at a time, so the common case takes no
 * lock. The cache is touched only by its own hart with interrupts off.
 *
 * Locking: zone_lock guards every zone's free lists and nr_free.
 */
#include "vm/page.h"

#include <string.h>

#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "vm/bootmem.h"

#define MAX_ZONES BOOTMEM_MAX_RANGES
struct page_zone page_zones[MAX_ZONES];
int page_nzones;

static struct spinlock zone_lock = SPINLOCK_INIT("zone");
static uint64_t nr_free;       /* pages in the buddy lists; zone_lock */
static uint64_t nr_total;

#define PCP_HIGH 64
#define PCP_BATCH 16
struct pcp {
	struct list_node list;
	int count;
};
static struct pcp pcps[MAX_CPUS];

static struct page_zone *zone_of_pa(uint64_t pa)
{
	uint64_t pfn = pa >> PAGE_SHIFT;
	for (int i = 0; i < page_nzones; i++)
		if (pfn - page_zones[i].base_pfn < page_zones[i].npages)
			return &page_zones[i];
	return 0;
}





/* The buddy of the block at pfn of this order, if it is a free block of
 * the same order in the same zone. */
static struct page *free_buddy(struct page_zone *z, uint64_t pfn, unsigned order)
{
	uint64_t buddy = pfn ^ (1UL << order);
	if (buddy - z->base_pfn >= z->npages)
		return 0;
	struct page *b = &z->pages[buddy - z->base_pfn];
	return (b->flags & PG_FREE) && b->order == order ? b : 0;
}

static void buddy_free(struct page_zone *z, uint64_t pfn, unsigned order)
{
	while (order < PAGE_MAX_ORDER) {
		struct page *b = free_buddy(z, pfn, order);
		if (!b)
			break;
		list_remove(&b->list);
		b->flags &= ~PG_FREE;
		pfn &= ~(1UL << order);
		order++;
	}
	struct page *p = &z->pages[pfn - z->base_pfn];
	p->flags = PG_FREE;
	p->order = order;
	list_push_front(&z->free_lists[order], &p->list);
}

static struct page *buddy_alloc_zone(struct page_zone *z, unsigned order)
{
	unsigned k = order;
	while (k <= PAGE_MAX_ORDER && list_empty(&z->free_lists[k]))
		k++;
	if (k > PAGE_MAX_ORDER)
		return 0;
	struct page *p = list_first_entry(&z->free_lists[k], struct page, list);
	list_remove(&p->list);
	p->flags &= ~PG_FREE;
	while (k > order) { /* give back the upper halves */
		k--;
		struct page *upper = p + (1UL << k);
		upper->flags = PG_FREE;
		upper->order = k;
		list_push_front(&z->free_lists[k], &upper->list);
	}
	p->order = order;
	return p;
}

static struct page *buddy_alloc(unsigned order)
{
	struct page *p = 0;
	spin_lock(&zone_lock);
	for (int i = 0; i < page_nzones && !p; i++)
		p = buddy_alloc_zone(&page_zones[i], order);
	if (p)
		nr_free -= 1UL << order;
	spin_unlock(&zone_lock);
	return p;
}

static void buddy_release(struct page *p, unsigned order)
{
	struct page_zone *z = &page_zones[p->zone];
	spin_lock(&zone_lock);
	buddy_free(z, z->base_pfn + (uint64_t)(p - z->pages), order);
	nr_free += 1UL << order;
	spin_unlock(&zone_lock);
}

/* Single pages: take from this hart's cache, refilling it in a batch. */
static struct page *pcp_alloc(void)
{
	irq_push_off();
	struct pcp *c = &pcps[cpu_self()->id];
	if (c->count == 0) {
		for (int i = 0; i < PCP_BATCH; i++) {
			struct page *p = buddy_alloc(0);
			if (!p)
				break;
			list_push_front(&c->list, &p->list);
			c->count++;
		}
	}
	struct page *p = 0;
	if (c->count) {
		p = list_first_entry(&c->list, struct page, list);
		list_remove(&p->list);
		c->count--;
	}
	irq_pop_off();
	return p;
}

static void pcp_free(struct page *p)
{
	irq_push_off();
	struct pcp *c = &pcps[cpu_self()->id];
	list_push_front(&c->list, &p->list);
	if (++c->count > PCP_HIGH) {
		for (int i = 0; i < PCP_BATCH; i++) {
			struct page *q = container_of(c->list.prev, struct page, list);
			list_remove(&q->list);
			c->count--;
			buddy_release(q, 0);
		}
	}
	irq_pop_off();
}

struct page *page_alloc(unsigned order, unsigned flags)
{
	KASSERT(order <= PAGE_MAX_ORDER);
	struct page *p = order == 0 ? pcp_alloc() : buddy_alloc(order);
	if (!p)
		return 0;
	p->flags = 0;
	p->order = order;
	p->owner = 0;
	p->index = 0;
	list_init(&p->list);
	__atomic_store_n(&p->refcount, 1, __ATOMIC_RELAXED);
	if (flags & PAGE_ZERO)
		memset(page_address(p), 0, PAGE_SIZE << order);
	return p;
}

void page_free_last(struct page *p)
{
	if (p->refcount < 0 || (p->flags & PG_RESERVED))
		panic("page_put: pa %lx refcount %d flags %x", page_to_pa(p), p->refcount, p->flags);
	p->flags = 0;
	if (p->order == 0)
		pcp_free(p);
	else
		buddy_release(p, p->order);
}

void *kpage_alloc(void)
{
	struct page *p = page_alloc(0, PAGE_ZERO);
	return p ? page_address(p) : 0;
}

void kpage_free(void *kva)
{
	page_put(virt_to_page(kva));
}

void page_stats(struct page_stats *s)
{
	uint64_t cached = 0;
	for (int i = 0; i < MAX_CPUS; i++)
		cached += __atomic_load_n(&pcps[i].count, __ATOMIC_RELAXED);
	s->total_pages = nr_total;
	s->free_pages = __atomic_load_n(&nr_free, __ATOMIC_RELAXED) + cached;
}

/* Free [base, end) into its zone as the largest aligned blocks possible. */
static void free_range(uint64_t base, uint64_t end)
{
	struct page_zone *z = zone_of_pa(base);
	uint64_t pfn = base >> PAGE_SHIFT, last = end >> PAGE_SHIFT;
	while (pfn < last) {
		unsigned order = 0;
		while (order < PAGE_MAX_ORDER && !(pfn & ((2UL << order) - 1)) &&
		       pfn + (2UL << order) <= last)
			order++;
		for (uint64_t i = 0; i < (1UL << order); i++)
			z->pages[pfn - z->base_pfn + i].flags &= ~PG_RESERVED;
		buddy_free(z, pfn, order);
		nr_free += 1UL << order;
		pfn += 1UL << order;
	}
}

static void zone_setup(struct page_zone *z, int index, const struct bootmem_range *r)
{
	z->base_pfn = r->base >> PAGE_SHIFT;
	z->npages = (r->end - r->base) >> PAGE_SHIFT;
	uint64_t bytes = z->npages * sizeof(struct page);
	z->pages = phys_to_virt(bootmem_alloc(bytes, PAGE_SIZE));
	for (uint64_t i = 0; i < z->npages; i++)
		z->pages[i] = (struct page){.flags = PG_RESERVED, .zone = (uint8_t)index};
	for (int k = 0; k <= PAGE_MAX_ORDER; k++)
		list_init(&z->free_lists[k]);
	nr_total += z->npages;
}

void page_alloc_init(void)
{
	for (int i = 0; i < MAX_CPUS; i++)
		list_init(&pcps[i].list);
	page_nzones = bootmem.nram;
	for (int i = 0; i < page_nzones; i++)
		zone_setup(&page_zones[i], i, &bootmem.ram[i]);
	for (int i = 0; i < bootmem.nfree; i++)
		free_range(bootmem.free[i].base, bootmem.free[i].end);
}
