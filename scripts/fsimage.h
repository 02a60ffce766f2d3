/*
 * scripts/fsimage.h - read and write a file-system image from the host.
 *
 * The library under mkfs, fsck and the host unit tests. It works on an
 * image file through pread/pwrite, one 4 KiB block at a time, with no
 * cache: every call leaves the image consistent on its own (no log is
 * used; the host tools are the only writer). Layout: fs/fs_format.h.
 *
 * Errors are negative errno values: -EIO (short read, block out of
 * range), -ENOSPC (no free block or inode), -EEXIST, -ENOENT, -ENOTDIR,
 * -ENAMETOOLONG, -EINVAL (bad name or argument), -EFBIG (past the
 * largest file). Functions taking an inode number re-read the inode, so
 * callers never hold a stale copy across calls.
 */
#ifndef SCRIPTS_FSIMAGE_H
#define SCRIPTS_FSIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "fs/fs_format.h"

struct fsimage {
	int fd;
	struct fs_superblock sb; /* copy of block 1 */
	uint64_t file_bytes;     /* size of the image file when opened */
	int64_t mtime;           /* stamped on every inode created or changed */
	uint32_t block_hint;     /* next data block to try when allocating */
	uint32_t inode_hint;     /* next inode to try when allocating */
};

/* ---- Images ---- */
int fsimage_layout(uint32_t nblocks, uint32_t ninodes, struct fs_superblock *sb);
int fsimage_format(struct fsimage *img, const char *path, uint32_t nblocks,
		   uint32_t ninodes, int64_t mtime);
int fsimage_open(struct fsimage *img, const char *path, int writable);
int fsimage_close(struct fsimage *img);
int fsimage_super_write(struct fsimage *img);

/* ---- Blocks and the bitmap ---- */
int fsimage_block_read(const struct fsimage *img, uint32_t bno, void *buf);
int fsimage_block_write(struct fsimage *img, uint32_t bno, const void *buf);
int fsimage_bitmap_get(const struct fsimage *img, uint32_t bno, int *used);
int fsimage_bitmap_set(struct fsimage *img, uint32_t bno, int used);
int fsimage_block_alloc(struct fsimage *img, uint32_t *bno);

/* ---- Inodes and file data ---- */
int fsimage_inode_read(const struct fsimage *img, uint32_t inum, struct fs_dinode *di);
int fsimage_inode_write(struct fsimage *img, uint32_t inum, const struct fs_dinode *di);
int fsimage_inode_alloc(struct fsimage *img, uint16_t type, uint32_t *inum);
int fsimage_inode_bmap(struct fsimage *img, struct fs_dinode *di, uint64_t fblock,
		       int alloc, uint32_t *bno);
int64_t fsimage_file_write(struct fsimage *img, uint32_t inum, uint64_t off,
			   const void *buf, size_t len);
int64_t fsimage_file_read(struct fsimage *img, uint32_t inum, uint64_t off,
			  void *buf, size_t len);

/* ---- Names, directories and paths ---- */
int fsimage_name_check(const char *name, size_t len);
int fsimage_dir_lookup(struct fsimage *img, uint32_t dir, const char *name,
		       uint32_t *inum);
int fsimage_dir_link(struct fsimage *img, uint32_t dir, const char *name,
		     uint32_t inum);
int fsimage_mkdir(struct fsimage *img, uint32_t dir, const char *name, uint32_t *inum);
int fsimage_create(struct fsimage *img, uint32_t dir, const char *name, uint32_t *inum);
int fsimage_mknod(struct fsimage *img, uint32_t dir, const char *name,
		  uint16_t major, uint16_t minor, uint32_t *inum);
int fsimage_symlink(struct fsimage *img, uint32_t dir, const char *name,
		    const char *target, uint32_t *inum);
int64_t fsimage_readlink(struct fsimage *img, uint32_t inum, char *buf, size_t size);
int fsimage_path_lookup(struct fsimage *img, const char *path, uint32_t *inum);

/* ---- The log (fs_format.h gives the protocol) ---- */
enum fsimage_log_state {
	FSIMAGE_LOG_EMPTY,     /* count 0 */
	FSIMAGE_LOG_COMMITTED, /* a valid transaction waiting to be installed */
	FSIMAGE_LOG_TORN,      /* count > 0, bad checksum: never committed */
	FSIMAGE_LOG_INVALID,   /* checksum right, but count or a block out of range */
};
int fsimage_log_read(const struct fsimage *img, struct fs_log_header *h,
		     enum fsimage_log_state *state);
int fsimage_log_commit(struct fsimage *img, uint32_t count, const uint32_t *homes,
		       const void *blocks);
int fsimage_log_install(struct fsimage *img, const struct fs_log_header *h);
int fsimage_log_clear(struct fsimage *img);

#endif /* SCRIPTS_FSIMAGE_H */
