/*
 * scripts/fsimage.c - host access to a file-system image: formatting,
 * blocks, the block bitmap, inodes, block mapping and file data.
 * Directories and paths are in scripts/fsimage_dir.c, the log in
 * scripts/fsimage_log.c. Interface and error
 * conventions: scripts/fsimage.h; on-disk format: fs/fs_format.h.
 *
 * Invariant kept by every writer here: a block is marked in the bitmap
 * exactly when an inode (or the metadata regions) holds it, and an
 * inode's blocks field counts what it holds.
 */
#include "scripts/fsimage.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t div_round_up(uint32_t a, uint32_t b)
{
	return (uint32_t)(((uint64_t)a + b - 1) / b);
}

/* ---- Images -------------------------------------------------------------- */

/* Fill *sb with the layout mkfs gives nblocks blocks and ninodes inodes. */
int fsimage_layout(uint32_t nblocks, uint32_t ninodes, struct fs_superblock *sb)
{
	uint64_t data_start;

	if (ninodes < 2)
		return -EINVAL;
	memset(sb, 0, sizeof(*sb));
	sb->magic = FS_MAGIC;
	sb->version = FS_VERSION;
	sb->block_size = FS_BLOCK_SIZE;
	sb->nblocks = nblocks;
	sb->ninodes = div_round_up(ninodes, FS_INODES_PER_BLOCK) * FS_INODES_PER_BLOCK;
	sb->log_start = FS_LOG_START;
	sb->log_blocks = FS_LOG_BLOCKS;
	sb->inode_start = sb->log_start + sb->log_blocks;
	sb->inode_blocks = sb->ninodes / FS_INODES_PER_BLOCK;
	sb->bitmap_start = sb->inode_start + sb->inode_blocks;
	sb->bitmap_blocks = div_round_up(nblocks, FS_BITS_PER_BLOCK);
	sb->root_inum = FS_ROOT_INUM;
	data_start = (uint64_t)sb->bitmap_start + sb->bitmap_blocks;
	if (data_start + 1 > nblocks) /* the root directory needs a block */
		return -ENOSPC;
	sb->data_start = (uint32_t)data_start;
	return 0;
}

int fsimage_super_write(struct fsimage *img)
{
	uint8_t block[FS_BLOCK_SIZE] = { 0 };

	memcpy(block, &img->sb, sizeof(img->sb));
	return fsimage_block_write(img, FS_SUPER_BLOCK, block);
}

/* Mark the boot block, superblock, log, inode table and bitmap in use. */
static int format_bitmap(struct fsimage *img)
{
	for (uint32_t b = 0; b < img->sb.data_start; b++) {
		int err = fsimage_bitmap_set(img, b, 1);
		if (err)
			return err;
	}
	return 0;
}

/* Inode 1: a directory whose "." and ".." both name itself. */
static int format_root(struct fsimage *img)
{
	_Alignas(8) uint8_t block[FS_BLOCK_SIZE] = { 0 };
	struct fs_dirent *dot = (struct fs_dirent *)block;
	struct fs_dirent *dotdot = (struct fs_dirent *)(block + FS_DIRENT_RECLEN(1));
	struct fs_dinode di = { 0 };
	uint32_t bno;
	int err;

	*dot = (struct fs_dirent){ FS_ROOT_INUM, FS_DIRENT_RECLEN(1), 1, FS_TYPE_DIR };
	memcpy(dot->name, ".", 1);
	*dotdot = (struct fs_dirent){ FS_ROOT_INUM, FS_BLOCK_SIZE - FS_DIRENT_RECLEN(1), 2,
				      FS_TYPE_DIR };
	memcpy(dotdot->name, "..", 2);
	err = fsimage_block_alloc(img, &bno);
	if (!err)
		err = fsimage_block_write(img, bno, block);
	if (err)
		return err;
	di.type = FS_TYPE_DIR;
	di.nlink = 2;
	di.blocks = 1;
	di.size = FS_BLOCK_SIZE;
	di.mtime = img->mtime;
	di.addrs[0] = bno;
	return fsimage_inode_write(img, FS_ROOT_INUM, &di);
}

/* Create (or truncate) path as a fresh, sparse image with an empty root. */
int fsimage_format(struct fsimage *img, const char *path, uint32_t nblocks,
		   uint32_t ninodes, int64_t mtime)
{
	int err;

	memset(img, 0, sizeof(*img));
	img->fd = -1;
	err = fsimage_layout(nblocks, ninodes, &img->sb);
	if (err)
		return err;
	img->sb.mkfs_time = mtime;
	img->mtime = mtime;
	img->file_bytes = (uint64_t)nblocks * FS_BLOCK_SIZE;
	img->block_hint = img->sb.data_start;
	img->inode_hint = FS_ROOT_INUM + 1;
	img->fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (img->fd < 0)
		return -errno;
	if (ftruncate(img->fd, (off_t)img->file_bytes) < 0)
		return -errno;
	err = fsimage_super_write(img);
	if (!err)
		err = format_bitmap(img);
	if (!err)
		err = format_root(img);
	return err;
}

/* Open an existing image; the superblock is read but not checked. */
int fsimage_open(struct fsimage *img, const char *path, int writable)
{
	uint8_t block[FS_BLOCK_SIZE];
	struct stat st;

	memset(img, 0, sizeof(*img));
	img->fd = open(path, writable ? O_RDWR : O_RDONLY);
	if (img->fd < 0)
		return -errno;
	if (fstat(img->fd, &st) < 0)
		return -errno;
	img->file_bytes = (uint64_t)st.st_size;
	if (pread(img->fd, block, FS_BLOCK_SIZE, FS_SUPER_BLOCK * FS_BLOCK_SIZE) !=
	    FS_BLOCK_SIZE)
		return -EIO;
	memcpy(&img->sb, block, sizeof(img->sb));
	img->mtime = img->sb.mkfs_time;
	img->block_hint = img->sb.data_start;
	img->inode_hint = FS_ROOT_INUM + 1;
	return 0;
}

int fsimage_close(struct fsimage *img)
{
	int err = 0;

	if (img->fd >= 0 && close(img->fd) < 0)
		err = -errno;
	img->fd = -1;
	return err;
}

/* ---- Blocks and the bitmap ------------------------------------------------ */

int fsimage_block_read(const struct fsimage *img, uint32_t bno, void *buf)
{
	off_t off = (off_t)bno * FS_BLOCK_SIZE;

	if (bno >= img->sb.nblocks)
		return -EIO;
	if (pread(img->fd, buf, FS_BLOCK_SIZE, off) != FS_BLOCK_SIZE)
		return -EIO;
	return 0;
}

int fsimage_block_write(struct fsimage *img, uint32_t bno, const void *buf)
{
	off_t off = (off_t)bno * FS_BLOCK_SIZE;

	if (bno >= img->sb.nblocks)
		return -EIO;
	if (pwrite(img->fd, buf, FS_BLOCK_SIZE, off) != FS_BLOCK_SIZE)
		return -EIO;
	return 0;
}

int fsimage_bitmap_get(const struct fsimage *img, uint32_t bno, int *used)
{
	uint8_t block[FS_BLOCK_SIZE];
	uint32_t bit = fs_bitmap_bit(bno);
	int err;

	if (bno >= img->sb.nblocks)
		return -EIO;
	err = fsimage_block_read(img, fs_bitmap_block(&img->sb, bno), block);
	if (err)
		return err;
	*used = (block[bit / 8] >> (bit % 8)) & 1;
	return 0;
}

int fsimage_bitmap_set(struct fsimage *img, uint32_t bno, int used)
{
	uint8_t block[FS_BLOCK_SIZE];
	uint32_t where = fs_bitmap_block(&img->sb, bno);
	uint32_t bit = fs_bitmap_bit(bno);
	int err;

	if (bno >= img->sb.nblocks)
		return -EIO;
	err = fsimage_block_read(img, where, block);
	if (err)
		return err;
	if (used)
		block[bit / 8] |= (uint8_t)(1u << (bit % 8));
	else
		block[bit / 8] &= (uint8_t)~(1u << (bit % 8));
	return fsimage_block_write(img, where, block);
}

/* Find a free data block at or after *bno, reading one bitmap block at a time. */
static int bitmap_find_free(const struct fsimage *img, uint32_t *bno)
{
	uint8_t block[FS_BLOCK_SIZE];
	uint32_t b = *bno;

	while (b < img->sb.nblocks) {
		uint32_t base = b - b % FS_BITS_PER_BLOCK;
		int err = fsimage_block_read(img, fs_bitmap_block(&img->sb, b), block);
		if (err)
			return err;
		for (; b < img->sb.nblocks && b < base + FS_BITS_PER_BLOCK; b++) {
			uint32_t bit = b - base;
			if (!((block[bit / 8] >> (bit % 8)) & 1)) {
				*bno = b;
				return 0;
			}
		}
	}
	return -ENOSPC;
}

/* Allocate a data block, mark it used and fill it with zeros. */
int fsimage_block_alloc(struct fsimage *img, uint32_t *bno)
{
	static const uint8_t zero[FS_BLOCK_SIZE];
	uint32_t b = img->block_hint;
	int err;

	if (b < img->sb.data_start || b >= img->sb.nblocks)
		b = img->sb.data_start;
	err = bitmap_find_free(img, &b);
	if (err == -ENOSPC && img->block_hint > img->sb.data_start) {
		b = img->sb.data_start; /* wrap around once */
		err = bitmap_find_free(img, &b);
	}
	if (!err)
		err = fsimage_bitmap_set(img, b, 1);
	if (!err)
		err = fsimage_block_write(img, b, zero);
	if (err)
		return err;
	img->block_hint = b + 1;
	*bno = b;
	return 0;
}

/* ---- Inodes ----------------------------------------------------------------- */

static int inode_where(const struct fsimage *img, uint32_t inum, uint32_t *bno,
		       uint32_t *off)
{
	if (inum == 0 || inum >= img->sb.ninodes)
		return -EINVAL;
	*bno = fs_inode_block(&img->sb, inum);
	*off = fs_inode_offset(inum);
	return 0;
}

int fsimage_inode_read(const struct fsimage *img, uint32_t inum, struct fs_dinode *di)
{
	uint8_t block[FS_BLOCK_SIZE];
	uint32_t bno, off;
	int err = inode_where(img, inum, &bno, &off);

	if (!err)
		err = fsimage_block_read(img, bno, block);
	if (!err)
		memcpy(di, block + off, sizeof(*di));
	return err;
}

int fsimage_inode_write(struct fsimage *img, uint32_t inum, const struct fs_dinode *di)
{
	uint8_t block[FS_BLOCK_SIZE];
	uint32_t bno, off;
	int err = inode_where(img, inum, &bno, &off);

	if (!err)
		err = fsimage_block_read(img, bno, block);
	if (err)
		return err;
	memcpy(block + off, di, sizeof(*di));
	return fsimage_block_write(img, bno, block);
}

/* Take the first free inode (from the hint on) and give it type, nlink 0. */
int fsimage_inode_alloc(struct fsimage *img, uint16_t type, uint32_t *inum)
{
	uint32_t usable = img->sb.ninodes - 1; /* inodes 1 .. ninodes - 1 */
	uint32_t start = img->inode_hint > 0 ? img->inode_hint - 1 : 0;

	for (uint32_t n = 0; n < usable; n++) {
		uint32_t i = 1 + (uint32_t)(((uint64_t)start + n) % usable);
		struct fs_dinode di;
		int err;

		err = fsimage_inode_read(img, i, &di);
		if (err)
			return err;
		if (di.type != FS_TYPE_FREE)
			continue;
		memset(&di, 0, sizeof(di));
		di.type = type;
		di.mtime = img->mtime;
		img->inode_hint = i + 1;
		*inum = i;
		return fsimage_inode_write(img, i, &di);
	}
	return -ENOSPC;
}

/* ---- Block mapping ------------------------------------------------------------ */

/* *slot names a block; allocate one into it when it is 0 and alloc is set. */
static int bmap_slot(struct fsimage *img, struct fs_dinode *di, uint32_t *slot,
		     int alloc, int *changed)
{
	int err;

	*changed = 0;
	if (*slot != 0 || !alloc)
		return 0;
	err = fsimage_block_alloc(img, slot);
	if (err)
		return err;
	di->blocks++;
	*changed = 1;
	return 0;
}

/* Entry idx of the pointer block table (0 = none: then *bno = 0). */
static int bmap_table(struct fsimage *img, struct fs_dinode *di, uint32_t table,
		      uint32_t idx, int alloc, uint32_t *bno)
{
	uint32_t ptrs[FS_PTRS_PER_BLOCK];
	int changed, err;

	*bno = 0;
	if (table == 0)
		return 0;
	err = fsimage_block_read(img, table, ptrs);
	if (!err)
		err = bmap_slot(img, di, &ptrs[idx], alloc, &changed);
	if (!err && changed)
		err = fsimage_block_write(img, table, ptrs);
	if (!err)
		*bno = ptrs[idx];
	return err;
}

/*
 * The disk block holding file block fblock of *di (0 for a hole), walking
 * direct, indirect and double-indirect pointers. With alloc, missing
 * blocks (data and pointer blocks) are allocated and *di updated; the
 * caller writes *di back.
 */
int fsimage_inode_bmap(struct fsimage *img, struct fs_dinode *di, uint64_t fblock,
		       int alloc, uint32_t *bno)
{
	uint32_t table;
	int changed, err;

	*bno = 0;
	if (fblock < FS_NDIRECT) {
		err = bmap_slot(img, di, &di->addrs[fblock], alloc, &changed);
		*bno = di->addrs[fblock];
		return err;
	}
	if (fblock < FS_DINDIRECT_FIRST) {
		err = bmap_slot(img, di, &di->addrs[FS_ADDR_INDIRECT], alloc, &changed);
		if (err)
			return err;
		return bmap_table(img, di, di->addrs[FS_ADDR_INDIRECT],
				  (uint32_t)(fblock - FS_INDIRECT_FIRST), alloc, bno);
	}
	if (fblock >= FS_MAX_FILE_BLOCKS)
		return -EFBIG;
	fblock -= FS_DINDIRECT_FIRST;
	err = bmap_slot(img, di, &di->addrs[FS_ADDR_DINDIRECT], alloc, &changed);
	if (!err)
		err = bmap_table(img, di, di->addrs[FS_ADDR_DINDIRECT],
				 (uint32_t)(fblock / FS_PTRS_PER_BLOCK), alloc, &table);
	if (err)
		return err;
	return bmap_table(img, di, table, (uint32_t)(fblock % FS_PTRS_PER_BLOCK), alloc, bno);
}

/* ---- File data ------------------------------------------------------------------ */

/* Write one piece that stays within file block off / FS_BLOCK_SIZE. */
static int file_write_piece(struct fsimage *img, struct fs_dinode *di, uint64_t off,
			    const uint8_t *src, uint32_t n)
{
	uint8_t block[FS_BLOCK_SIZE];
	uint32_t bno;
	int err = fsimage_inode_bmap(img, di, off / FS_BLOCK_SIZE, 1, &bno);

	if (!err && n < FS_BLOCK_SIZE)
		err = fsimage_block_read(img, bno, block);
	if (err)
		return err;
	memcpy(block + off % FS_BLOCK_SIZE, src, n);
	return fsimage_block_write(img, bno, block);
}

/* Write len bytes at off, growing the file; returns len or -errno. */
int64_t fsimage_file_write(struct fsimage *img, uint32_t inum, uint64_t off,
			   const void *buf, size_t len)
{
	const uint8_t *src = buf;
	struct fs_dinode di;
	size_t done = 0;
	int err = fsimage_inode_read(img, inum, &di);

	if (err)
		return err;
	if (off > FS_MAX_FILE_SIZE || len > FS_MAX_FILE_SIZE - off)
		return -EFBIG;
	while (done < len && !err) {
		uint64_t pos = off + done;
		uint32_t n = FS_BLOCK_SIZE - (uint32_t)(pos % FS_BLOCK_SIZE);

		if (n > len - done)
			n = (uint32_t)(len - done);
		err = file_write_piece(img, &di, pos, src + done, n);
		if (!err)
			done += n;
	}
	if (done > 0 && off + done > di.size)
		di.size = off + done;
	di.mtime = img->mtime;
	int werr = fsimage_inode_write(img, inum, &di);
	if (err)
		return err;
	return werr ? werr : (int64_t)done;
}

/* Read up to len bytes at off (holes read as zeros); returns bytes read. */
int64_t fsimage_file_read(struct fsimage *img, uint32_t inum, uint64_t off, void *buf,
			  size_t len)
{
	uint8_t block[FS_BLOCK_SIZE];
	uint8_t *dst = buf;
	struct fs_dinode di;
	size_t done = 0;
	int err = fsimage_inode_read(img, inum, &di);

	if (err)
		return err;
	if (off >= di.size)
		return 0;
	if (len > di.size - off)
		len = (size_t)(di.size - off);
	while (done < len) {
		uint64_t pos = off + done;
		uint32_t in = (uint32_t)(pos % FS_BLOCK_SIZE);
		uint32_t n = FS_BLOCK_SIZE - in, bno;

		if (n > len - done)
			n = (uint32_t)(len - done);
		err = fsimage_inode_bmap(img, &di, pos / FS_BLOCK_SIZE, 0, &bno);
		if (!err && bno == 0)
			memset(block, 0, sizeof(block));
		else if (!err)
			err = fsimage_block_read(img, bno, block);
		if (err)
			return err;
		memcpy(dst + done, block + in, n);
		done += n;
	}
	return (int64_t)done;
}
