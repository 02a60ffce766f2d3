/*
 * truncate.c - changing a file's size; freeing its blocks past the end in
 * bounded steps, one transaction each.
 *
 * Interface (fs_impl.h): inode_truncate (whole job, outside operations)
 * and truncate_step (one step, ip locked, in an operation).
 *
 * A step frees blocks from the end of the file downwards, highest first,
 * skipping holes a whole pointer block at a time, until it has freed
 * TRUNC_STEP_BLOCKS blocks or would log more than TRUNC_STEP_LOG distinct
 * blocks (bitmap blocks and pointer blocks), which keeps it within an
 * operation's LOG_OP_MAX. It then lowers the size to just above what is
 * left, so after every step (and after a crash between steps) no block at
 * or past ceil(size / FS_BLOCK_SIZE) is allocated, as fs_format.h wants.
 * The last step zeroes the tail of the new last block, so bytes past the
 * end of a file always read as zero, from the disk and through mappings.
 */
#include <string.h>

#include "fs/bcache.h"
#include "fs/bmap_path.h"
#include "fs/fs_impl.h"
#include "kernel/uapi/errno.h"

#define TRUNC_STEP_BLOCKS 1024
#define TRUNC_STEP_LOG (LOG_OP_MAX - 4) /* leaves room for the inode and tail */

struct trunc {
	struct inode *ip;
	uint64_t from;        /* free the blocks with file block >= from */
	uint64_t frontier;    /* every block at or past it is freed */
	uint32_t freed;
	uint32_t logged[TRUNC_STEP_LOG]; /* distinct blocks this step logs */
	int nlogged;
	bool stopped;         /* out of budget: more steps to go */
	int err;
};

/* Whether the step may also log block b; notes it. */
static bool budget_log(struct trunc *t, uint32_t b)
{
	for (int i = 0; i < t->nlogged; i++)
		if (t->logged[i] == b)
			return true;
	if (t->nlogged == TRUNC_STEP_LOG)
		return false;
	t->logged[t->nlogged++] = b;
	return true;
}

/* Whether the step may free block b, held by a pointer in page sp. */
static bool budget_allows(struct trunc *t, uint32_t b, struct page *sp)
{
	if (t->freed >= TRUNC_STEP_BLOCKS)
		return false;
	int saved = t->nlogged;
	if (budget_log(t, fs_bitmap_block(&t->ip->fs->sb, b)) &&
	    (!sp || budget_log(t, (uint32_t)sp->index)))
		return true;
	t->nlogged = saved;
	return false;
}

static bool trunc_tree(struct trunc *t, uint32_t *slot, struct page *sp, int below, uint64_t base);

/* The children of pointer block b, highest first; whether all are done. */
static bool trunc_children(struct trunc *t, uint32_t b, int below, uint64_t base)
{
	struct fs_mount *fs = t->ip->fs;
	if (!block_in_data(fs, b)) {
		t->err = fs_corrupt(fs, "inode %u: block pointer %u out of range", t->ip->inum, b);
		return false;
	}
	struct page *p = fs_block_get(fs, b, &t->err);
	if (!p)
		return false;
	uint32_t *ptrs = page_address(p);
	uint64_t cspan = bmap_span(below - 1);
	uint64_t first = t->from > base ? (t->from - base) / cspan : 0;
	bool done = true;
	for (uint64_t i = FS_PTRS_PER_BLOCK; done && i-- > first;)
		done = trunc_tree(t, &ptrs[i], p, below - 1, base + i * cspan);
	bcache_put(p);
	return done;
}

/* Free what the pointer *slot (in page sp, NULL: the inode) covers at or
 * past t->from: file blocks [base, base + span). Whether it is done. */
static bool trunc_tree(struct trunc *t, uint32_t *slot, struct page *sp, int below, uint64_t base)
{
	if (base + bmap_span(below) <= t->from)
		return true;
	if (*slot == 0) {
		t->frontier = base > t->from ? base : t->from;
		return true;
	}
	if (below > 0 && !trunc_children(t, *slot, below, base))
		return false;
	if (base < t->from)
		return true; /* the pointer block stays: it still maps blocks below */
	if (!budget_allows(t, *slot, sp)) {
		t->stopped = true;
		return false;
	}
	if ((t->err = block_free(t->ip->fs, *slot)) != 0)
		return false;
	*slot = 0;
	if (sp)
		log_write(t->ip->fs, sp);
	t->ip->d.blocks--;
	t->freed++;
	t->frontier = base;
	return true;
}

static bool trunc_all(struct trunc *t)
{
	uint32_t *a = t->ip->d.addrs;
	if (!trunc_tree(t, &a[FS_ADDR_DINDIRECT], NULL, 2, FS_DINDIRECT_FIRST) ||
	    !trunc_tree(t, &a[FS_ADDR_INDIRECT], NULL, 1, FS_INDIRECT_FIRST))
		return false;
	for (int i = FS_NDIRECT - 1; i >= 0; i--)
		if (!trunc_tree(t, &a[i], NULL, 0, (uint64_t)i))
			return false;
	return true;
}

/* Zero the bytes of the last block past length (a partial block). */
static int zero_tail(struct inode *ip, uint64_t length)
{
	uint32_t off = length % FS_BLOCK_SIZE, bno;
	if (off == 0)
		return 0;
	int err = bmap_lookup(ip, length / FS_BLOCK_SIZE, &bno);
	if (err || bno == 0)
		return err;
	struct page *p = fs_block_get(ip->fs, bno, &err);
	if (!p)
		return err;
	memset((char *)page_address(p) + off, 0, FS_BLOCK_SIZE - off);
	log_write(ip->fs, p);
	bcache_put(p);
	return 0;
}

static bool inline_symlink(const struct inode *ip)
{
	return ip->d.type == FS_TYPE_SYMLINK && ip->d.size <= FS_SYMLINK_INLINE_MAX;
}

int truncate_step(struct inode *ip, uint64_t length)
{
	int err = 0;
	bool done = true;
	if (length < ip->d.size && inline_symlink(ip)) {
		memset(ip->d.addrs, 0, sizeof ip->d.addrs);
	} else if (length < ip->d.size && ip->d.type != FS_TYPE_DEV) {
		uint64_t nblocks = (ip->d.size + FS_BLOCK_SIZE - 1) / FS_BLOCK_SIZE;
		struct trunc t = {.ip = ip, .from = (length + FS_BLOCK_SIZE - 1) / FS_BLOCK_SIZE,
		                  .frontier = nblocks};
		done = trunc_all(&t);
		err = t.err;
		if (!done && !err && t.frontier * FS_BLOCK_SIZE < ip->d.size)
			ip->d.size = t.frontier * FS_BLOCK_SIZE;
		if (done)
			err = zero_tail(ip, length);
	}
	if (done && !err)
		ip->d.size = length;
	ip->d.mtime = fs_now(ip->fs);
	int uerr = inode_update(ip);
	if (err || uerr)
		return err ? err : uerr;
	return done ? 1 : 0;
}

int inode_truncate(struct inode *ip, uint64_t length)
{
	if (length > FS_MAX_FILE_SIZE)
		return -EFBIG;
	for (;;) {
		int r = fs_begin_op(ip->fs);
		if (r < 0)
			return r;
		r = inode_lock(ip);
		if (r == 0) {
			r = truncate_step(ip, length);
			inode_unlock(ip);
		}
		fs_end_op(ip->fs);
		if (r != 0)
			return r < 0 ? r : 0;
	}
}
