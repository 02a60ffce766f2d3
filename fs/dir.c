/*
 * dir.c - directories as inodes: looking names up, adding, removing and
 * listing entries, block by block through the cache.
 *
 * Interface (fs_impl.h): dir_lookup, dir_add, dir_remove, dir_set_inum,
 * dir_is_empty, dir_init, dir_name_of, dir_iterate. Record handling
 * within a block is in dirblock.c.
 *
 * Every directory block is checked (dirblock_check) each time it is
 * read, and a directory may have no holes: damage gives -EIO and a
 * message, never a wild access. Callers check names (length, no '/',
 * not "." or "..") and uniqueness before adding.
 *
 * Locking: the caller holds dp->lock; the changing functions run inside
 * an operation.
 */
#include <string.h>

#include "fs/bcache.h"
#include "fs/dirblock.h"
#include "fs/fs_impl.h"
#include "kernel/uapi/errno.h"

static uint64_t dir_nblocks(const struct inode *dp)
{
	return dp->d.size / FS_BLOCK_SIZE;
}

/* Block index of directory dp, checked: a page with a ref, or NULL. */
static struct page *dir_block(struct inode *dp, uint64_t index, int *err)
{
	uint32_t b, bad;
	*err = bmap_lookup(dp, index, &b);
	if (*err)
		return NULL;
	if (b == 0) {
		*err = fs_corrupt(dp->fs, "directory %u has a hole at block %lu", dp->inum, index);
		return NULL;
	}
	struct page *p = fs_block_get(dp->fs, b, err);
	if (p && dirblock_check(page_address(p), &bad) < 0) {
		*err = fs_corrupt(dp->fs, "directory %u block %lu: bad record at offset %u", dp->inum,
		                  index, bad);
		bcache_put(p);
		return NULL;
	}
	return p;
}

/* Find name: its block's page (with a ref) and offset there, or NULL. */
static struct page *dir_find(struct inode *dp, const char *name, size_t len, uint64_t *index,
                             int *off, int *err)
{
	for (uint64_t i = 0; i < dir_nblocks(dp); i++) {
		struct page *p = dir_block(dp, i, err);
		if (!p)
			return NULL;
		*off = dirblock_find(page_address(p), name, len);
		if (*off >= 0) {
			*index = i;
			return p;
		}
		bcache_put(p);
	}
	*err = -ENOENT;
	return NULL;
}

int dir_lookup(struct inode *dp, const char *name, size_t len, struct dir_entry_ref *out)
{
	uint64_t index;
	int off, err;
	struct page *p = dir_find(dp, name, len, &index, &off, &err);
	if (!p)
		return err;
	struct fs_dirent *d = dirblock_at(page_address(p), (uint32_t)off);
	out->inum = d->inum;
	out->type = d->type;
	out->pos = index * FS_BLOCK_SIZE + (uint64_t)off;
	bcache_put(p);
	return 0;
}

/* The directory changed: new mtime, inode written. */
static int dir_touch(struct inode *dp)
{
	dp->d.mtime = fs_now(dp->fs);
	return inode_update(dp);
}

/* Append a block to dp holding just this entry. */
static int dir_append(struct inode *dp, const char *name, size_t len, uint32_t inum,
                      uint8_t type)
{
	uint32_t b;
	int err = bmap_alloc(dp, dir_nblocks(dp), &b);
	if (err) {
		inode_update(dp); /* pointer blocks may have been added */
		return err;
	}
	struct page *p = fs_block_get(dp->fs, b, &err);
	if (!p)
		return err;
	dirblock_init_empty(page_address(p));
	dirblock_insert(page_address(p), name, len, inum, type);
	log_write(dp->fs, p);
	bcache_put(p);
	dp->d.size += FS_BLOCK_SIZE;
	return dir_touch(dp);
}

int dir_add(struct inode *dp, const char *name, size_t len, uint32_t inum, uint8_t type)
{
	int err;
	for (uint64_t i = 0; i < dir_nblocks(dp); i++) {
		struct page *p = dir_block(dp, i, &err);
		if (!p)
			return err;
		bool added = dirblock_insert(page_address(p), name, len, inum, type) >= 0;
		if (added)
			log_write(dp->fs, p);
		bcache_put(p);
		if (added)
			return dir_touch(dp);
	}
	return dir_append(dp, name, len, inum, type);
}

int dir_remove(struct inode *dp, const char *name, size_t len)
{
	uint64_t index;
	int off, err;
	struct page *p = dir_find(dp, name, len, &index, &off, &err);
	if (!p)
		return err;
	dirblock_remove(page_address(p), (uint32_t)off);
	log_write(dp->fs, p);
	bcache_put(p);
	return dir_touch(dp);
}

int dir_set_inum(struct inode *dp, const char *name, size_t len, uint32_t inum, uint8_t type)
{
	uint64_t index;
	int off, err;
	struct page *p = dir_find(dp, name, len, &index, &off, &err);
	if (!p)
		return err;
	struct fs_dirent *d = dirblock_at(page_address(p), (uint32_t)off);
	d->inum = inum;
	d->type = type;
	log_write(dp->fs, p);
	bcache_put(p);
	return dir_touch(dp);
}

int dir_is_empty(struct inode *dp)
{
	int err;
	for (uint64_t i = 0; i < dir_nblocks(dp); i++) {
		struct page *p = dir_block(dp, i, &err);
		if (!p)
			return err;
		bool entries = dirblock_has_entries(page_address(p));
		bcache_put(p);
		if (entries)
			return 0;
	}
	return 1;
}

int dir_init(struct inode *dp, uint32_t parent)
{
	uint32_t b;
	int err = bmap_alloc(dp, 0, &b);
	if (err)
		return err;
	struct page *p = fs_block_get(dp->fs, b, &err);
	if (!p)
		return err;
	dirblock_init_first(page_address(p), dp->inum, parent);
	log_write(dp->fs, p);
	bcache_put(p);
	dp->d.size = FS_BLOCK_SIZE;
	return dir_touch(dp);
}

/* ---- Listing -------------------------------------------------------------- */

/* Emit the used records of block index from byte off on; false when emit
 * asked to stop (*pos then names the record it refused). */
static bool dir_iterate_block(struct inode *dp, void *blk, uint64_t index, uint64_t *pos,
                              bool (*emit)(void *, uint32_t, uint8_t, const char *, size_t,
                                           uint64_t),
                              void *arg)
{
	uint64_t base = index * FS_BLOCK_SIZE;
	int off = dirblock_next_used(blk, (uint32_t)(*pos - base));
	while (off >= 0) {
		struct fs_dirent *d = dirblock_at(blk, (uint32_t)off);
		uint64_t next = base + (uint64_t)off + d->rec_len;
		*pos = base + (uint64_t)off;
		if (!emit(arg, d->inum, d->type, d->name, d->name_len, next))
			return false;
		*pos = next;
		off = next - base < FS_BLOCK_SIZE ? dirblock_next_used(blk, (uint32_t)(next - base)) : -1;
	}
	*pos = base + FS_BLOCK_SIZE;
	return true;
}

int dir_iterate(struct inode *dp, uint64_t *pos,
                bool (*emit)(void *arg, uint32_t inum, uint8_t type, const char *name,
                             size_t len, uint64_t next),
                void *arg)
{
	int err;
	while (*pos < dp->d.size) {
		uint64_t index = *pos / FS_BLOCK_SIZE;
		struct page *p = dir_block(dp, index, &err);
		if (!p)
			return err;
		bool more = dir_iterate_block(dp, page_address(p), index, pos, emit, arg);
		bcache_put(p);
		if (!more)
			break;
	}
	return 0;
}

struct name_search {
	uint32_t inum;
	char *name;
	size_t size;
	int len;
};

static bool name_match(void *arg, uint32_t inum, uint8_t type, const char *name, size_t len,
                       uint64_t next)
{
	struct name_search *s = arg;
	if (inum != s->inum || dirblock_is_dot(name, len))
		return true;
	s->len = len < s->size ? (int)len : -ENAMETOOLONG;
	if (s->len >= 0) {
		memcpy(s->name, name, len);
		s->name[len] = '\0';
	}
	return false;
}

int dir_name_of(struct inode *dp, uint32_t inum, char *name, size_t size)
{
	struct name_search s = {.inum = inum, .name = name, .size = size, .len = -ENOENT};
	uint64_t pos = 0;
	int err = dir_iterate(dp, &pos, name_match, &s);
	return err ? err : s.len;
}
