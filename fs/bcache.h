/*
 * bcache.h - the block cache, which is also the page cache.
 *
 * A block is a page (4 KiB), so the cache holds struct pages indexed by
 * (device, block number). A file's data page is the cached page of the
 * disk block that holds it: the file system maps file offsets to blocks
 * (fs/bmap.c) and the VM maps those very pages into user space. A cached
 * page has PG_CACHE, owner = its struct block_device and index = its
 * block number; owner != NULL tells the VM to copy on write, never reuse.
 *
 * The cache has no fixed size: it takes pages from the page allocator
 * while memory is plentiful and gives the least recently used ones back
 * under pressure (bcache_shrink, which the VM calls when page_alloc
 * fails). Pages someone holds (a mapping, the log, a reader) are never
 * given back: the cache's own reference is then not the only one.
 *
 * Contents are guarded by the file system's locks (an inode's mutex for
 * its data and indirect blocks, the allocator's for the bitmap, the log
 * for everything at commit), not by the cache.
 */
#ifndef FS_BCACHE_H
#define FS_BCACHE_H

#include <stdint.h>

struct block_device;
struct page;

/* The page of block with its contents, with a reference for the caller
 * (drop with bcache_put); NULL and *err = -EIO / -ENOMEM on failure. */
struct page *bcache_get(struct block_device *bd, uint32_t block, int *err);
/* The page of block filled with zeroes instead of read, for a block the
 * caller has just allocated or will overwrite wholly. */
struct page *bcache_get_zeroed(struct block_device *bd, uint32_t block, int *err);
void bcache_put(struct page *p);

/* Start reading block if it is not cached; never waits, may do nothing. */
void bcache_readahead(struct block_device *bd, uint32_t block);

/* block was freed: a page someone still holds (a mapping) leaves the
 * cache, so the block's next user gets a fresh page. */
void bcache_forget(struct block_device *bd, uint32_t block);

/* Give up to want unused pages back to the page allocator (least
 * recently used first); the number freed. Safe from any context that
 * holds no file-system spinlock. */
uint64_t bcache_shrink(uint64_t want_pages);

struct bcache_stats {
	uint64_t pages;       /* pages in the cache now */
	uint64_t hits;        /* lookups that found the block cached */
	uint64_t misses;      /* lookups that had to read it */
	uint64_t readaheads;  /* read-ahead requests started */
	uint64_t evictions;   /* pages given back */
};
void bcache_get_stats(struct bcache_stats *s);

void bcache_init(void); /* boot, before the first mount */

#endif
