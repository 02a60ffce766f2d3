/*
 * bcache.c - the block/page cache (interface and idea in bcache.h).
 *
 * Structure: a hash table of chains (page->cache_next) keyed by (device,
 * block), and one LRU list of every cached page (page->list; head = least
 * recently used). The cache holds one reference on each of its pages; a
 * page whose only reference is the cache's, with no read in flight and
 * not in the open transaction, may be given back at any time.
 *
 * Reads: a miss inserts a new page flagged PG_IO, drops the lock and
 * reads; others who find a PG_IO page sleep on bc_io_wait until the read
 * is over. A failed read takes the page out of the cache again (waiters
 * then retry). Read-ahead inserts PG_IO pages and submits asynchronous
 * requests whose completion (interrupt context) clears PG_IO.
 *
 * Invariants: PG_CACHE <=> on a hash chain and on the LRU list. A page
 * with PG_UPTODATE and without PG_IO holds the block's contents.
 *
 * Locking: bc_lock (a spinlock, also taken in interrupt context by
 * read-ahead completion) guards the hash table, the LRU list, the
 * PG_CACHE/PG_UPTODATE/PG_IO flags and the statistics. It is a leaf
 * lock, except for the page allocator's own locks (page_put).
 */
#include "fs/bcache.h"

#include <string.h>

#include "fs/block.h"
#include "fs/fs_impl.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "proc/waitqueue.h"
#include "vm/kmalloc.h"
#include "vm/page.h"

#define BCACHE_MIN_BUCKETS 256
#define BCACHE_MAX_BUCKETS 65536
#define BCACHE_RECLAIM_BATCH 32 /* pages given back at once when low */
#define BCACHE_HEADROOM_SHIFT 4 /* keep 1/16 of memory free for others */
#define BCACHE_READ_TRIES 3

static struct spinlock bc_lock = SPINLOCK_INIT("bcache");
static struct page **bc_hash;                              /* bc_lock */
static uint64_t bc_nbuckets;                               /* fixed at init */
static struct list_node bc_lru = LIST_HEAD_INIT(bc_lru);   /* bc_lock */
static struct bcache_stats bc_stats;                       /* bc_lock */
static struct waitqueue bc_io_wait; /* sleepers on PG_IO pages, bc_lock */

void bcache_init(void)
{
	struct page_stats ps;
	page_stats(&ps);
	uint64_t n = BCACHE_MIN_BUCKETS;
	while (n < ps.total_pages / 4 && n < BCACHE_MAX_BUCKETS)
		n *= 2;
	bc_hash = kzalloc(n * sizeof *bc_hash);
	if (!bc_hash)
		panic("bcache: no memory for %lu hash buckets", n);
	bc_nbuckets = n;
	waitqueue_init(&bc_io_wait, "bcache_io");
}

/* ---- Hash table and LRU (bc_lock held) ----------------------------------- */

static struct page **bucket(const struct block_device *bd, uint32_t block)
{
	uint64_t h = ((uint64_t)(uintptr_t)bd >> 4) * 0x9e3779b97f4a7c15ull;
	h ^= (uint64_t)block * 0xff51afd7ed558ccdull;
	return &bc_hash[(h >> 32) & (bc_nbuckets - 1)];
}

static struct page *lookup_locked(const struct block_device *bd, uint32_t block)
{
	for (struct page *p = *bucket(bd, block); p; p = p->cache_next)
		if (p->owner == bd && p->index == block)
			return p;
	return NULL;
}

/* p is new (only our reference): it becomes the cache's page of block. */
static void insert_locked(struct page *p, struct block_device *bd, uint32_t block)
{
	struct page **b = bucket(bd, block);
	p->owner = bd;
	p->index = block;
	p->cache_next = *b;
	*b = p;
	list_push_back(&bc_lru, &p->list);
	page_flag_set(p, PG_CACHE);
	bc_stats.pages++;
}

/* Take p out of the cache; the caller drops the cache's reference. */
static void remove_locked(struct page *p)
{
	struct page **pp = bucket(p->owner, (uint32_t)p->index);
	while (*pp != p)
		pp = &(*pp)->cache_next;
	*pp = p->cache_next;
	p->cache_next = NULL;
	list_remove(&p->list);
	page_flag_clear(p, PG_CACHE);
	bc_stats.pages--;
}

static void lru_touch_locked(struct page *p)
{
	list_remove(&p->list);
	list_push_back(&bc_lru, &p->list);
}

static bool evictable_locked(const struct page *p)
{
	return page_refcount(p) == 1 && !page_flag_test(p, PG_IO | PG_LOGGED);
}

/* ---- Giving pages back ---------------------------------------------------- */

uint64_t bcache_shrink(uint64_t want_pages)
{
	uint64_t freed = 0;
	struct list_node *n, *tmp;
	spin_lock(&bc_lock);
	list_for_each_safe(n, tmp, &bc_lru) {
		if (freed >= want_pages)
			break;
		struct page *p = container_of(n, struct page, list);
		if (!evictable_locked(p))
			continue;
		remove_locked(p);
		page_put(p);
		freed++;
	}
	bc_stats.evictions += freed;
	spin_unlock(&bc_lock);
	return freed;
}

static bool memory_low(void)
{
	struct page_stats ps;
	page_stats(&ps);
	return ps.free_pages < ps.total_pages >> BCACHE_HEADROOM_SHIFT;
}

/* A page for a new cache entry: recycle old ones first when memory is low. */
static struct page *cache_page_alloc(void)
{
	if (memory_low())
		bcache_shrink(BCACHE_RECLAIM_BATCH);
	struct page *p = page_alloc(0, 0);
	if (!p && bcache_shrink(BCACHE_RECLAIM_BATCH))
		p = page_alloc(0, 0);
	return p;
}

/* ---- Lookups -------------------------------------------------------------- */

/* The read into cache page p is over (maybe in interrupt context): mark
 * it up to date, or drop it from the cache (and the cache's reference). */
static void read_finish(struct page *p, int status)
{
	spin_lock(&bc_lock);
	if (status == 0)
		page_flag_set(p, PG_UPTODATE);
	else
		remove_locked(p);
	page_flag_clear(p, PG_IO);
	waitqueue_wake_all(&bc_io_wait);
	spin_unlock(&bc_lock);
	if (status)
		page_put(p); /* the cache's */
}

/* Read p's block into it (p is PG_IO, in the cache, and we hold a ref). */
static struct page *cache_fill(struct page *p, int *err)
{
	struct block_device *bd = p->owner;
	uint32_t block = (uint32_t)p->index;
	int r = block_read_sync(bd, block, page_address(p));
	read_finish(p, r);
	if (r == 0)
		return p;
	printk("fs: %s: read error at block %u (%d)\n", bd->name, block, r);
	page_put(p); /* ours */
	*err = -EIO;
	return NULL;
}

/* Found p cached (bc_lock held, our reference taken): wait for its read.
 * Whether it is still cached and (unless we will zero it) up to date. */
static bool cached_ready_locked(struct page *p, bool zero)
{
	lru_touch_locked(p);
	while (page_flag_test(p, PG_IO))
		waitqueue_sleep_uninterruptible(&bc_io_wait, &bc_lock);
	return page_flag_test(p, PG_CACHE) && (zero || page_flag_test(p, PG_UPTODATE));
}

static struct page *cache_get(struct block_device *bd, uint32_t block, bool zero, int *err)
{
	struct page *spare = NULL;
	for (int tries = 0;;) {
		spin_lock(&bc_lock);
		struct page *p = lookup_locked(bd, block);
		if (p) {
			page_get(p);
			bool ready = cached_ready_locked(p, zero);
			if (ready) {
				page_flag_set(p, PG_UPTODATE);
				bc_stats.hits++;
			}
			spin_unlock(&bc_lock);
			if (spare)
				page_put(spare);
			if (ready) {
				if (zero)
					memset(page_address(p), 0, PAGE_SIZE);
				return p;
			}
			page_put(p); /* its read failed; it left the cache */
			if (++tries >= BCACHE_READ_TRIES) {
				*err = -EIO;
				return NULL;
			}
			continue;
		}
		if (!spare) {
			spin_unlock(&bc_lock);
			spare = cache_page_alloc();
			if (!spare) {
				*err = -ENOMEM;
				return NULL;
			}
			if (zero)
				memset(page_address(spare), 0, PAGE_SIZE);
			continue;
		}
		insert_locked(spare, bd, block); /* the allocation's ref is the cache's */
		page_get(spare);                 /* and this one is ours */
		page_flag_set(spare, zero ? PG_UPTODATE : PG_IO);
		bc_stats.misses += !zero;
		spin_unlock(&bc_lock);
		return zero ? spare : cache_fill(spare, err);
	}
}

struct page *bcache_get(struct block_device *bd, uint32_t block, int *err)
{
	return cache_get(bd, block, false, err);
}

struct page *bcache_get_zeroed(struct block_device *bd, uint32_t block, int *err)
{
	return cache_get(bd, block, true, err);
}

void bcache_put(struct page *p)
{
	page_put(p);
}

void bcache_forget(struct block_device *bd, uint32_t block)
{
	spin_lock(&bc_lock);
	struct page *p = lookup_locked(bd, block);
	int ours = p && page_flag_test(p, PG_LOGGED) ? 2 : 1;
	bool held = p && !page_flag_test(p, PG_IO) && page_refcount(p) > ours;
	if (held)
		remove_locked(p);
	spin_unlock(&bc_lock);
	if (held)
		page_put(p);
}

void bcache_get_stats(struct bcache_stats *s)
{
	spin_lock(&bc_lock);
	*s = bc_stats;
	spin_unlock(&bc_lock);
}

/* ---- Read-ahead ----------------------------------------------------------- */

struct readahead {
	struct block_request req;
	struct page *page;
};

static void readahead_done(struct block_request *r)
{
	struct readahead *ra = r->private;
	read_finish(ra->page, r->status);
	kfree(ra);
}

static bool cached(struct block_device *bd, uint32_t block)
{
	spin_lock(&bc_lock);
	bool found = lookup_locked(bd, block) != NULL;
	spin_unlock(&bc_lock);
	return found;
}

void bcache_readahead(struct block_device *bd, uint32_t block)
{
	if (block >= bd->nblocks || cached(bd, block) || memory_low())
		return;
	struct page *p = page_alloc(0, 0);
	struct readahead *ra = p ? kmalloc(sizeof *ra) : NULL;
	if (!ra) {
		if (p)
			page_put(p);
		return;
	}
	spin_lock(&bc_lock);
	bool raced = lookup_locked(bd, block) != NULL;
	if (!raced) {
		insert_locked(p, bd, block);
		page_flag_set(p, PG_IO);
		bc_stats.readaheads++;
	}
	spin_unlock(&bc_lock);
	if (raced) {
		page_put(p);
		kfree(ra);
		return;
	}
	ra->page = p;
	ra->req = (struct block_request){
		.op = BLOCK_READ, .block = block, .data = page_address(p),
		.done = readahead_done, .private = ra,
	};
	int r = block_submit(bd, &ra->req);
	if (r < 0) { /* never submitted: undo */
		ra->req.status = r;
		readahead_done(&ra->req);
	}
}
