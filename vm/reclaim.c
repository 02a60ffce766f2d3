/*
 * reclaim.c - getting memory back when the page allocator runs dry.
 *
 * The page cache grows into free memory; when an allocation on behalf
 * of a process fails, its least recently used pages are given back
 * (bcache_shrink) and the allocation is tried again. Only for callers in
 * process context that hold no spinlock (page faults, fork, exec): the
 * cache's own allocations must not recurse into it.
 */
#include "fs/bcache.h"
#include "vm/page.h"

#define RECLAIM_BATCH 64 /* pages asked back per attempt */
#define RECLAIM_TRIES 4

struct page *page_alloc_reclaim(unsigned order, unsigned flags)
{
	for (int attempt = 0; attempt <= RECLAIM_TRIES; attempt++) {
		struct page *p = page_alloc(order, flags);
		if (p)
			return p;
		if (attempt == RECLAIM_TRIES || bcache_shrink(RECLAIM_BATCH << order) == 0)
			break;
	}
	return 0;
}

/* Pages kept back from fork so that running processes can still fault
 * pages in when fork has used up memory: 1/64 of RAM, at least 128. */
static uint64_t reserve_pages(void)
{
	struct page_stats s;
	page_stats(&s);
	uint64_t r = s.total_pages / 64;
	return r < 128 ? 128 : r;
}

bool vm_memory_low(void)
{
	struct page_stats s;
	uint64_t reserve = reserve_pages();
	page_stats(&s);
	if (s.free_pages >= reserve)
		return false;
	bcache_shrink(reserve - s.free_pages);
	page_stats(&s);
	return s.free_pages < reserve;
}
