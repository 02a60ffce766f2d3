/*
 * balloc.c - allocating and freeing data blocks through the bitmap.
 *
 * Interface (fs_impl.h): block_alloc, block_free, block_in_data,
 * fs_block_get. Both change the bitmap inside the caller's operation.
 *
 * Invariants: only blocks in [data_start, nblocks) are ever handed out or
 * freed; a new block is zeroed in the cache and logged, so a crash never
 * exposes a block's old contents in a file. A freed block leaves the
 * cache if someone still maps it (bcache_forget), so its next owner gets
 * a fresh page.
 *
 * Locking: fs->alloc_lock (a mutex) guards the bitmap blocks' contents
 * and fs->block_hint. Taken after inode locks.
 */
#include <string.h>

#include "fs/bcache.h"
#include "fs/block.h"
#include "fs/fs_impl.h"
#include "kernel/uapi/errno.h"

bool block_in_data(const struct fs_mount *fs, uint32_t bno)
{
	return bno >= fs->sb.data_start && bno < fs->sb.nblocks;
}

struct page *fs_block_get(struct fs_mount *fs, uint32_t bno, int *err)
{
	return bcache_get(fs->bd, bno, err);
}

/* Take the first clear bit for a block in [lo, hi) from the bitmap block
 * whose first bit is block base: the block, or 0 if none is free. */
static uint32_t bitmap_take(uint8_t *map, uint32_t base, uint32_t lo, uint32_t hi)
{
	for (uint32_t b = lo; b < hi; b++) {
		uint32_t bit = b - base;
		if (map[bit / 8] == 0xff) {
			b |= 7; /* skip the rest of a full byte */
			continue;
		}
		if (!(map[bit / 8] & (1u << (bit % 8)))) {
			map[bit / 8] |= (uint8_t)(1u << (bit % 8));
			return b;
		}
	}
	return 0;
}

/* A free block in [lo, hi), marked used (alloc_lock held): 0 if none. */
static int bitmap_search(struct fs_mount *fs, uint32_t lo, uint32_t hi, uint32_t *bno)
{
	*bno = 0;
	while (lo < hi) {
		uint32_t base = lo - fs_bitmap_bit(lo);
		uint32_t end = hi - base > FS_BITS_PER_BLOCK ? base + FS_BITS_PER_BLOCK : hi;
		int err;
		struct page *p = fs_block_get(fs, fs_bitmap_block(&fs->sb, lo), &err);
		if (!p)
			return err;
		*bno = bitmap_take(page_address(p), base, lo, end);
		if (*bno)
			log_write(fs, p);
		bcache_put(p);
		if (*bno)
			return 0;
		lo = end;
	}
	return 0;
}

static int bitmap_alloc(struct fs_mount *fs, uint32_t *bno)
{
	mutex_lock(&fs->alloc_lock);
	uint32_t hint = fs->block_hint;
	if (!block_in_data(fs, hint))
		hint = fs->sb.data_start;
	int err = bitmap_search(fs, hint, fs->sb.nblocks, bno);
	if (!err && !*bno)
		err = bitmap_search(fs, fs->sb.data_start, hint, bno);
	if (!err && !*bno)
		err = -ENOSPC;
	if (!err)
		fs->block_hint = *bno + 1;
	mutex_unlock(&fs->alloc_lock);
	return err;
}

int block_alloc(struct fs_mount *fs, uint32_t *bno)
{
	int err = bitmap_alloc(fs, bno);
	if (err)
		return err;
	struct page *p = bcache_get_zeroed(fs->bd, *bno, &err);
	if (!p) {
		block_free(fs, *bno);
		return err;
	}
	log_write(fs, p);
	bcache_put(p);
	return 0;
}

int block_free(struct fs_mount *fs, uint32_t bno)
{
	if (!block_in_data(fs, bno))
		return fs_corrupt(fs, "freeing block %u outside the data region", bno);
	mutex_lock(&fs->alloc_lock);
	int err = 0;
	struct page *p = fs_block_get(fs, fs_bitmap_block(&fs->sb, bno), &err);
	if (p) {
		uint8_t *map = page_address(p);
		uint32_t bit = fs_bitmap_bit(bno);
		if (map[bit / 8] & (1u << (bit % 8))) {
			map[bit / 8] &= (uint8_t)~(1u << (bit % 8));
			log_write(fs, p);
		} else {
			err = fs_corrupt(fs, "freeing free block %u", bno);
		}
		bcache_put(p);
	}
	mutex_unlock(&fs->alloc_lock);
	if (!err)
		bcache_forget(fs->bd, bno);
	return err;
}
