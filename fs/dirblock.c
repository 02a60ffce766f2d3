/*
 * dirblock.c - directory block records (interface in dirblock.h).
 *
 * Invariants kept (fs_format.h): records tile the block; rec_len is a
 * multiple of FS_DIRENT_ALIGN and at least FS_DIRENT_HEADER; a used
 * record has 1 <= name_len and FS_DIRENT_RECLEN(name_len) <= rec_len.
 * No locks: the caller holds the directory's lock.
 */
#include "fs/dirblock.h"

#include <string.h>

static bool record_ok(const struct fs_dirent *d, uint32_t off)
{
	if (d->rec_len < FS_DIRENT_HEADER || d->rec_len % FS_DIRENT_ALIGN ||
	    d->rec_len > FS_BLOCK_SIZE - off)
		return false;
	if (d->inum == 0)
		return true;
	return d->name_len >= 1 && FS_DIRENT_RECLEN(d->name_len) <= d->rec_len &&
	       d->type >= FS_TYPE_DIR && d->type <= FS_TYPE_MAX;
}

int dirblock_check(const void *blk, uint32_t *bad)
{
	for (uint32_t off = 0; off < FS_BLOCK_SIZE;) {
		const struct fs_dirent *d = dirblock_at((void *)blk, off);
		if (!record_ok(d, off)) {
			*bad = off;
			return -1;
		}
		off += d->rec_len;
	}
	return 0;
}

static bool name_is(const struct fs_dirent *d, const char *name, size_t len)
{
	return d->inum != 0 && d->name_len == len && memcmp(d->name, name, len) == 0;
}

int dirblock_find(const void *blk, const char *name, size_t len)
{
	for (uint32_t off = 0; off < FS_BLOCK_SIZE;) {
		const struct fs_dirent *d = dirblock_at((void *)blk, off);
		if (name_is(d, name, len))
			return (int)off;
		off += d->rec_len;
	}
	return -1;
}

static void record_fill(struct fs_dirent *d, const char *name, size_t len, uint32_t inum,
                        uint8_t type)
{
	d->inum = inum;
	d->name_len = (uint8_t)len;
	d->type = type;
	memcpy(d->name, name, len);
}

int dirblock_insert(void *blk, const char *name, size_t len, uint32_t inum, uint8_t type)
{
	uint32_t need = FS_DIRENT_RECLEN(len);
	for (uint32_t off = 0; off < FS_BLOCK_SIZE;) {
		struct fs_dirent *d = dirblock_at(blk, off);
		if (d->inum == 0 && d->rec_len >= need) {
			record_fill(d, name, len, inum, type);
			return (int)off;
		}
		uint32_t used = d->inum ? FS_DIRENT_RECLEN(d->name_len) : d->rec_len;
		if (d->inum && d->rec_len - used >= need) {
			struct fs_dirent *n = dirblock_at(blk, off + used);
			n->rec_len = (uint16_t)(d->rec_len - used);
			d->rec_len = (uint16_t)used;
			record_fill(n, name, len, inum, type);
			return (int)(off + used);
		}
		off += d->rec_len;
	}
	return -1;
}

void dirblock_remove(void *blk, uint32_t off)
{
	struct fs_dirent *d = dirblock_at(blk, off);
	if (off == 0) {
		d->inum = 0;
		return;
	}
	uint32_t prev = 0;
	while (prev + dirblock_at(blk, prev)->rec_len < off)
		prev += dirblock_at(blk, prev)->rec_len;
	dirblock_at(blk, prev)->rec_len += d->rec_len;
}

void dirblock_init_empty(void *blk)
{
	memset(blk, 0, FS_BLOCK_SIZE);
	dirblock_at(blk, 0)->rec_len = FS_BLOCK_SIZE;
}

void dirblock_init_first(void *blk, uint32_t self, uint32_t parent)
{
	dirblock_init_empty(blk);
	dirblock_insert(blk, ".", 1, self, FS_TYPE_DIR);
	dirblock_insert(blk, "..", 2, parent, FS_TYPE_DIR);
}

int dirblock_next_used(const void *blk, uint32_t off)
{
	uint32_t at = 0;
	while (at < FS_BLOCK_SIZE) {
		const struct fs_dirent *d = dirblock_at((void *)blk, at);
		if (at >= off && d->inum)
			return (int)at;
		at += d->rec_len;
	}
	return -1;
}

bool dirblock_is_dot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

bool dirblock_has_entries(const void *blk)
{
	for (uint32_t off = 0; off < FS_BLOCK_SIZE;) {
		const struct fs_dirent *d = dirblock_at((void *)blk, off);
		if (d->inum && !dirblock_is_dot(d->name, d->name_len))
			return true;
		off += d->rec_len;
	}
	return false;
}
