/*
 * bmap.c - mapping a file's block numbers to disk blocks through the
 * inode's direct, indirect and double-indirect pointers.
 *
 * Interface (fs_impl.h): bmap_lookup (0 for a hole, allocates nothing)
 * and bmap_alloc (fills in missing pointer blocks and the data block).
 * The index arithmetic is in bmap_path.h.
 *
 * Every pointer read from disk is checked to lie in the data region; a
 * bad one is reported and gives -EIO, never a wild read or write.
 *
 * Locking: the caller holds ip->lock, which guards the inode's pointer
 * blocks; bmap_alloc runs inside an operation.
 */
#include "fs/bcache.h"
#include "fs/bmap_path.h"
#include "fs/fs_impl.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"

static int ptr_check(struct inode *ip, uint32_t b)
{
	if (b == 0 || block_in_data(ip->fs, b))
		return 0;
	return fs_corrupt(ip->fs, "inode %u: block pointer %u out of range", ip->inum, b);
}

/* Whether addrs[] holds block pointers (not an inline symlink target). */
static bool has_block_pointers(const struct inode *ip)
{
	switch (ip->d.type) {
	case FS_TYPE_FILE:
	case FS_TYPE_DIR:
		return true;
	case FS_TYPE_SYMLINK:
		return ip->d.size > FS_SYMLINK_INLINE_MAX;
	default:
		return false;
	}
}

/* Pointer idx of indirect block b, checked. */
static int ptr_read(struct inode *ip, uint32_t b, uint32_t idx, uint32_t *out)
{
	int err;
	struct page *p = fs_block_get(ip->fs, b, &err);
	if (!p)
		return err;
	*out = ((const uint32_t *)page_address(p))[idx];
	bcache_put(p);
	return ptr_check(ip, *out);
}

int bmap_lookup(struct inode *ip, uint64_t fbn, uint32_t *bno)
{
	struct bmap_path path;
	*bno = 0;
	if (bmap_path_of(fbn, &path) < 0)
		return -EFBIG;
	if (!has_block_pointers(ip))
		return 0;
	uint32_t b = ip->d.addrs[path.idx[0]];
	int err = ptr_check(ip, b);
	for (int level = 1; !err && b && level < path.depth; level++)
		err = ptr_read(ip, b, path.idx[level], &b);
	if (!err)
		*bno = b;
	return err;
}

/* *slot (in page sp, or in the inode when sp is NULL) names a block; make
 * it so if it is 0. */
static int slot_fill(struct inode *ip, uint32_t *slot, struct page *sp)
{
	int err = ptr_check(ip, *slot);
	if (err || *slot)
		return err;
	uint32_t b;
	err = block_alloc(ip->fs, &b);
	if (err)
		return err;
	*slot = b;
	ip->d.blocks++;
	if (sp)
		log_write(ip->fs, sp);
	return 0;
}

int bmap_alloc(struct inode *ip, uint64_t fbn, uint32_t *bno)
{
	struct bmap_path path;
	if (bmap_path_of(fbn, &path) < 0)
		return -EFBIG;
	KASSERT(has_block_pointers(ip) || ip->d.type == FS_TYPE_SYMLINK);
	uint32_t *slot = &ip->d.addrs[path.idx[0]];
	struct page *sp = NULL;
	int err;
	for (int level = 1;; level++) {
		if ((err = slot_fill(ip, slot, sp)) != 0)
			break;
		if (level == path.depth) {
			*bno = *slot;
			break;
		}
		struct page *np = fs_block_get(ip->fs, *slot, &err);
		if (!np)
			break;
		if (sp)
			bcache_put(sp);
		sp = np;
		slot = &((uint32_t *)page_address(sp))[path.idx[level]];
	}
	if (sp)
		bcache_put(sp);
	return err;
}
