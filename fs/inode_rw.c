/*
 * inode_rw.c - reading file contents: into user memory (read), into the
 * kernel (exec's loader) and as pages (the VM's file mappings), with
 * read-ahead for sequential readers.
 *
 * Interface: fs.h (inode_read_kernel, inode_get_page) and fs_impl.h
 * (inode_page_locked, inode_read_user).
 *
 * A file page is the cache page of the disk block that holds it; a hole
 * (or a page past the end) is a fresh zero page with PG_HOLE, owner = the
 * inode and index = the file page, not cached. Bytes past the end of the
 * file in its last block are zero on disk (truncate.c and new blocks
 * see to it), so a mapping of the last page shows nothing else.
 *
 * Locking: ip->lock while the block map and size are read; user memory
 * is copied with no lock held (a fault there may need this very inode).
 */
#include <string.h>

#include "fs/bcache.h"
#include "fs/block.h"
#include "fs/fs.h"
#include "fs/fs_impl.h"
#include "kernel/uapi/errno.h"
#include "vm/uaccess.h"

#define READAHEAD_WINDOW 32 /* blocks ahead of a sequential reader */

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* A sequential reader at file block index: keep the window ahead full,
 * topping it up half a window at a time (ip locked). */
static void inode_readahead(struct inode *ip, uint64_t index)
{
	bool sequential = index == ip->ra_next;
	ip->ra_next = index + 1;
	if (!sequential) {
		ip->ra_end = index + 1;
		return;
	}
	if (ip->ra_end > index + READAHEAD_WINDOW / 2)
		return;
	uint64_t nblocks = (ip->d.size + FS_BLOCK_SIZE - 1) / FS_BLOCK_SIZE;
	uint64_t end = min_u64(index + 1 + READAHEAD_WINDOW, nblocks);
	for (uint64_t j = ip->ra_end > index + 1 ? ip->ra_end : index + 1; j < end; j++) {
		uint32_t b;
		if (bmap_lookup(ip, j, &b) == 0 && b)
			bcache_readahead(ip->fs->bd, b);
	}
	ip->ra_end = end;
}

/* The cache page of file page index with a ref; for a hole NULL with
 * *err = 0, or a zero page if hole_page (ip locked). */
static struct page *file_page(struct inode *ip, uint64_t index, bool hole_page, int *err)
{
	uint32_t b;
	*err = bmap_lookup(ip, index, &b);
	if (*err)
		return NULL;
	if (b)
		return fs_block_get(ip->fs, b, err);
	if (!hole_page)
		return NULL;
	struct page *p = page_alloc(0, PAGE_ZERO);
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	p->owner = ip;
	p->index = index;
	page_flag_set(p, PG_HOLE);
	return p;
}

struct page *inode_page_locked(struct inode *ip, uint64_t index, int *err)
{
	return file_page(ip, index, true, err);
}

struct page *inode_get_page(struct inode *ip, uint64_t index, int *err)
{
	int r = inode_lock(ip);
	if (r < 0) {
		*err = r;
		return NULL;
	}
	struct page *p = NULL;
	if (ip->d.type != FS_TYPE_FILE)
		*err = -EACCES;
	else
		p = file_page(ip, index, true, err);
	inode_unlock(ip);
	return p;
}

/* One block's worth of a read at off (ip locked): bytes to copy (0 at the
 * end of the file) and the page (NULL for a hole). */
static int64_t read_piece(struct inode *ip, uint64_t off, uint64_t n, struct page **pp)
{
	*pp = NULL;
	if (off >= ip->d.size)
		return 0;
	uint64_t len = min_u64(min_u64(n, FS_BLOCK_SIZE - off % FS_BLOCK_SIZE), ip->d.size - off);
	int err;
	*pp = file_page(ip, off / FS_BLOCK_SIZE, false, &err);
	if (err)
		return err;
	inode_readahead(ip, off / FS_BLOCK_SIZE);
	return (int64_t)len;
}

int64_t inode_read_user(struct inode *ip, uint64_t ubuf, uint64_t n, uint64_t off)
{
	uint64_t done = 0;
	while (done < n) {
		struct page *p;
		int64_t len = inode_lock(ip);
		if (len == 0) {
			len = read_piece(ip, off, n - done, &p);
			inode_unlock(ip);
		}
		if (len <= 0)
			return done ? (int64_t)done : len;
		const char *src = p ? (char *)page_address(p) + off % FS_BLOCK_SIZE : NULL;
		int err = src ? copy_to_user(ubuf + done, src, len) : clear_user(ubuf + done, len);
		if (p)
			bcache_put(p);
		if (err)
			return done ? (int64_t)done : -EFAULT;
		done += len;
		off += len;
	}
	return (int64_t)done;
}

int64_t inode_read_kernel(struct inode *ip, void *dst, uint64_t off, uint64_t n)
{
	int err = inode_lock(ip);
	if (err)
		return err;
	uint64_t done = 0;
	int64_t len = 0;
	while (done < n) {
		struct page *p;
		len = read_piece(ip, off, n - done, &p);
		if (len <= 0)
			break;
		if (p) {
			memcpy((char *)dst + done, (char *)page_address(p) + off % FS_BLOCK_SIZE, len);
			bcache_put(p);
		} else {
			memset((char *)dst + done, 0, len);
		}
		done += len;
		off += len;
	}
	inode_unlock(ip);
	return done || len >= 0 ? (int64_t)done : len;
}
