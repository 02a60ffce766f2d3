/*
 * mmap_dirty.c - file pages written through shared mappings.
 *
 * Interface: fs.h (inode_page_dirty, inode_fsync) and fs_impl.h
 * (inode_flush_dirty, inode_dirty_release).
 *
 * The VM reports the first write to a shared file page (inode_page_dirty).
 * The inode keeps such pages (with a reference) in ip->dirty until its
 * last reference goes; each flush (fsync/msync, and the last inode_put,
 * i.e. after munmap or exit) logs their current contents in transactions
 * of at most FLUSH_BUDGET logged blocks. A page keeps its place because
 * the mapping may go on writing to it: the PTE stays writable.
 *  - A cache page that left the cache (its block was freed by truncate)
 *    is dropped.
 *  - A hole page (PG_HOLE) gets a block allocated at flush time and its
 *    contents copied there; the mapping keeps the hole page, so later
 *    flushes copy again. A write() to the same range meanwhile is
 *    overwritten by the next flush (a documented limitation).
 *
 * Locking: ip->lock guards ip->dirty and its array.
 */
#include <string.h>

#include "fs/bcache.h"
#include "fs/fs.h"
#include "fs/fs_impl.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "vm/kmalloc.h"

#define DIRTY_INITIAL 8
#define FLUSH_BUDGET (LOG_OP_MAX - 2)
#define FLUSH_HOLE_COST 9 /* data, 3 pointer blocks, 4 bitmap blocks, slack */

struct inode_dirty {
	int n, cap;
	struct page **pages;
};

static bool dirty_has(const struct inode_dirty *dt, const struct page *p)
{
	for (int i = 0; i < dt->n; i++)
		if (dt->pages[i] == p)
			return true;
	return false;
}

/* Room for one more page (ip locked): 0 or -ENOMEM. */
static int dirty_grow(struct inode *ip)
{
	struct inode_dirty *dt = ip->dirty;
	if (!dt && !(dt = ip->dirty = kzalloc(sizeof *dt)))
		return -ENOMEM;
	if (dt->n < dt->cap)
		return 0;
	int cap = dt->cap ? dt->cap * 2 : DIRTY_INITIAL;
	struct page **pages = kmalloc(cap * sizeof *pages);
	if (!pages)
		return -ENOMEM;
	if (dt->n)
		memcpy(pages, dt->pages, dt->n * sizeof *pages);
	kfree(dt->pages);
	dt->pages = pages;
	dt->cap = cap;
	return 0;
}

void inode_page_dirty(struct inode *ip, struct page *p)
{
	mutex_lock(&ip->lock);
	if (!ip->dirty || !dirty_has(ip->dirty, p)) {
		if (dirty_grow(ip) == 0) {
			page_get(p);
			ip->dirty->pages[ip->dirty->n++] = p;
		} else {
			printk("fs: %s: inode %u: no memory to track a dirty mapped page\n",
			       fs_name(ip->fs), ip->inum);
		}
	}
	mutex_unlock(&ip->lock);
}

/* Log the contents of hole page p into a block of its own (locked, op). */
static int flush_hole(struct inode *ip, struct page *p)
{
	uint64_t start = p->index * FS_BLOCK_SIZE;
	if (start >= ip->d.size)
		return 0;
	uint64_t bytes = ip->d.size - start < FS_BLOCK_SIZE ? ip->d.size - start : FS_BLOCK_SIZE;
	int64_t r = inode_write_locked(ip, page_address(p), start, bytes);
	return r < 0 ? (int)r : 0;
}

/* Flush pages from *next on, within one operation's budget (locked). */
static int flush_some(struct inode *ip, int *next)
{
	struct inode_dirty *dt = ip->dirty;
	int budget = FLUSH_BUDGET, err = 0;
	while (*next < dt->n && !err) {
		struct page *p = dt->pages[*next];
		bool hole = page_flag_test(p, PG_HOLE);
		if (hole && budget < FLUSH_HOLE_COST)
			break;
		if (!hole && budget < 1)
			break;
		if (hole) {
			err = flush_hole(ip, p);
			budget -= FLUSH_HOLE_COST;
		} else if (page_flag_test(p, PG_CACHE)) {
			log_write(ip->fs, p);
			budget--;
		} else { /* its block was freed: forget it */
			dt->pages[*next] = dt->pages[--dt->n];
			page_put(p);
			continue;
		}
		(*next)++;
	}
	return err;
}

int inode_flush_dirty(struct inode *ip)
{
	int next = 0, err = 0;
	for (;;) {
		mutex_lock(&ip->lock);
		bool more = ip->dirty && next < ip->dirty->n;
		mutex_unlock(&ip->lock);
		if (!more || err)
			return err;
		if ((err = fs_begin_op(ip->fs)) != 0)
			return err;
		if ((err = inode_lock(ip)) == 0) {
			if (ip->dirty)
				err = flush_some(ip, &next);
			inode_unlock(ip);
		}
		fs_end_op(ip->fs);
	}
}

void inode_dirty_release(struct inode *ip)
{
	struct inode_dirty *dt = ip->dirty;
	if (!dt)
		return;
	for (int i = 0; i < dt->n; i++)
		page_put(dt->pages[i]);
	kfree(dt->pages);
	kfree(dt);
	ip->dirty = NULL;
}

int inode_fsync(struct inode *ip)
{
	int err = inode_flush_dirty(ip);
	int serr = log_sync(ip->fs);
	return err ? err : serr;
}
