/*
 * fs/fs_format.h - the on-disk format of the file system, shared by the
 * kernel (fs/), the host mkfs and fsck (scripts/) and the host unit tests.
 *
 * Plain structs with explicit sizes, no pointers and no locks. Every
 * multi-byte field is little-endian on disk; the kernel (riscv64) and the
 * host tools (x86-64, aarch64) are little-endian, so the structs are read
 * and written in place. It compiles with the host gcc and with
 * riscv64-unknown-elf-gcc -ffreestanding and includes only <stdint.h>.
 * docs/filesystem.md tells the story; this header is the reference.
 *
 * Disk layout, in 4 KiB blocks (block size = page size):
 *
 *   0      1      2                 inode_start    bitmap_start  data_start    nblocks
 *   +------+------+-----------------+--------------+-------------+-------------+
 *   | boot | super| log: header +   | inode table  | block bitmap| data blocks |
 *   |      |      | FS_LOG_MAX data | 32 per block | 1 bit/block | ...         |
 *   +------+------+-----------------+--------------+-------------+-------------+
 *           ^ struct fs_superblock at offset 0 of block 1, rest of block zero
 *
 * - Block 0 is never used by the file system, so block number 0 in an
 *   inode or an indirect block means "no block" (a hole).
 * - The bitmap has one bit per block of the whole device (bit b = byte
 *   b / 8, bit b % 8, of the bitmap region); 1 = in use. Blocks 0 to
 *   data_start - 1 are always marked in use. Bits past nblocks are 0 and
 *   are never allocated.
 * - Inodes are numbered from 0; inode 0 is never used (0 in a directory
 *   entry means "free record") and inode 1 is the root directory. Inode i
 *   lives in block inode_start + i / FS_INODES_PER_BLOCK at byte offset
 *   (i % FS_INODES_PER_BLOCK) * FS_INODE_SIZE. An inode is free when its
 *   type is FS_TYPE_FREE (there is no inode bitmap).
 */
#ifndef FS_FS_FORMAT_H
#define FS_FS_FORMAT_H

#include <stdint.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "fs_format.h: the structs are read in place; a big-endian host needs byte swapping"
#endif

/* ---- Blocks ------------------------------------------------------------ */

#define FS_BLOCK_SHIFT 12
#define FS_BLOCK_SIZE (1u << FS_BLOCK_SHIFT) /* 4096 = page size */
#define FS_BOOT_BLOCK 0u  /* unused by the file system */
#define FS_SUPER_BLOCK 1u /* struct fs_superblock */
#define FS_LOG_START 2u   /* mkfs puts the log right after the superblock */

/* ---- Superblock (block 1) ---------------------------------------------- */

#define FS_MAGIC 0x53465652u /* bytes "RVFS" on disk */
#define FS_VERSION 1u

struct fs_superblock {
	uint32_t magic;         /* FS_MAGIC */
	uint32_t version;       /* FS_VERSION */
	uint32_t block_size;    /* FS_BLOCK_SIZE */
	uint32_t nblocks;       /* blocks in the whole device (image size) */
	uint32_t ninodes;       /* inode slots, including unused inode 0 */
	uint32_t log_start;     /* first log block (the log header) */
	uint32_t log_blocks;    /* log blocks: 1 header + up to FS_LOG_MAX data */
	uint32_t inode_start;   /* first block of the inode table */
	uint32_t inode_blocks;  /* = ceil(ninodes / FS_INODES_PER_BLOCK) */
	uint32_t bitmap_start;  /* first block of the block bitmap */
	uint32_t bitmap_blocks; /* = ceil(nblocks / FS_BITS_PER_BLOCK) */
	uint32_t data_start;    /* first data block */
	uint32_t root_inum;     /* FS_ROOT_INUM */
	uint32_t reserved0;     /* zero */
	int64_t mkfs_time;      /* seconds since 1970 when mkfs ran */
	uint32_t reserved[48];  /* zero; room for later versions */
};

/*
 * The regions follow each other with no gaps:
 *   log_start = FS_LOG_START, inode_start = log_start + log_blocks,
 *   bitmap_start = inode_start + inode_blocks,
 *   data_start = bitmap_start + bitmap_blocks < nblocks.
 */

/* ---- Inodes ------------------------------------------------------------ */

#define FS_TYPE_FREE 0u    /* inode not in use */
#define FS_TYPE_DIR 1u     /* directory */
#define FS_TYPE_FILE 2u    /* regular file */
#define FS_TYPE_DEV 3u     /* character device: major, minor */
#define FS_TYPE_SYMLINK 4u /* symbolic link: the target path is the data */
#define FS_TYPE_MAX FS_TYPE_SYMLINK

#define FS_ROOT_INUM 1u
#define FS_INODE_SIZE 128u
#define FS_INODES_PER_BLOCK (FS_BLOCK_SIZE / FS_INODE_SIZE) /* 32 */

/* Block pointers: 32-bit block numbers, 0 = hole. */
#define FS_NDIRECT 12u                                   /* addrs[0..11] */
#define FS_PTRS_PER_BLOCK (FS_BLOCK_SIZE / 4u)              /* 1024 */
#define FS_ADDR_INDIRECT FS_NDIRECT                      /* addrs[12] */
#define FS_ADDR_DINDIRECT (FS_NDIRECT + 1)               /* addrs[13] */
#define FS_NADDRS (FS_NDIRECT + 2)

/* File block numbers served by each level, and the largest file. */
#define FS_INDIRECT_FIRST FS_NDIRECT                          /* 12 */
#define FS_DINDIRECT_FIRST (FS_NDIRECT + FS_PTRS_PER_BLOCK)   /* 1036 */
#define FS_MAX_FILE_BLOCKS                                    \
	((uint64_t)FS_DINDIRECT_FIRST +                       \
	 (uint64_t)FS_PTRS_PER_BLOCK * FS_PTRS_PER_BLOCK)     /* 1049612 */
#define FS_MAX_FILE_SIZE (FS_MAX_FILE_BLOCKS * FS_BLOCK_SIZE) /* ~4.004 GiB */

/* Symbolic links: short targets live in the inode itself. */
#define FS_SYMLINK_INLINE_MAX (FS_NADDRS * 4u) /* 56 bytes */
#define FS_SYMLINK_MAX (FS_BLOCK_SIZE - 1)                  /* 4095 bytes */

/*
 * struct fs_dinode - one inode on disk, FS_INODE_SIZE bytes.
 *
 * - FILE: size bytes of data in the blocks named by addrs[]: addrs[0..11]
 *   are file blocks 0-11, addrs[12] an indirect block of 1024 pointers
 *   (file blocks 12-1035), addrs[13] a double-indirect block of 1024
 *   pointers to indirect blocks (file blocks 1036 onwards). Any pointer
 *   may be 0 (a hole, reads as zeros). No block at or past
 *   ceil(size / FS_BLOCK_SIZE) is allocated.
 * - DIR: like FILE, but size is a non-zero multiple of FS_BLOCK_SIZE and
 *   there are no holes; the blocks hold struct fs_dirent records.
 * - DEV: major and minor name the driver; size 0, no blocks.
 * - SYMLINK: size (1..FS_SYMLINK_MAX) bytes of target path, no NUL. If
 *   size <= FS_SYMLINK_INLINE_MAX the target is in inline_target[] and no
 *   block is used; otherwise it is in the one block addrs[0].
 *
 * nlink counts the directory entries naming this inode, "." and ".."
 * included: a file in one directory has 1, an empty directory 2 (its
 * parent's entry and its own "."), plus 1 for each subdirectory's "..".
 * The root directory's ".." names the root itself.
 * blocks counts every block the inode holds, indirect blocks included.
 */
struct fs_dinode {
	uint16_t type;     /* FS_TYPE_* */
	uint16_t major;    /* DEV only, else 0 */
	uint16_t minor;    /* DEV only, else 0 */
	uint16_t reserved0;/* zero */
	uint32_t nlink;    /* directory entries naming this inode */
	uint32_t blocks;   /* blocks held, indirect blocks included */
	uint64_t size;     /* bytes */
	int64_t mtime;     /* last modification, seconds since 1970 */
	union {
		uint32_t addrs[FS_NADDRS];                  /* block pointers */
		char inline_target[FS_SYMLINK_INLINE_MAX];  /* short symlinks */
	};
	uint32_t reserved[10]; /* zero */
};

/* ---- Directories ------------------------------------------------------- */

#define FS_NAME_MAX 255u      /* bytes in a name, no NUL stored */
#define FS_DIRENT_HEADER 8u   /* bytes before the name */
#define FS_DIRENT_ALIGN 4u
/* Bytes a record with an n-byte name needs: header + name, rounded to 4. */
#define FS_DIRENT_RECLEN(n) \
	((FS_DIRENT_HEADER + (uint32_t)(n) + FS_DIRENT_ALIGN - 1) & ~(FS_DIRENT_ALIGN - 1))
#define FS_DIRENT_MAX_RECLEN FS_DIRENT_RECLEN(FS_NAME_MAX) /* 264 */

/*
 * struct fs_dirent - a variable-length directory record (as in ext2).
 *
 * Records tile each directory block exactly: starting at offset 0, the
 * next record begins rec_len bytes later, and the last one ends at
 * FS_BLOCK_SIZE. No record crosses a block boundary.
 * - rec_len is a multiple of FS_DIRENT_ALIGN, at least FS_DIRENT_HEADER.
 * - inum 0 marks a free record (name_len and type are then ignored).
 * - a used record has 1 <= name_len <= FS_NAME_MAX, a name with no '/'
 *   and no NUL byte, rec_len >= FS_DIRENT_RECLEN(name_len), and type =
 *   the FS_TYPE_* of the inode it names (so readdir need not read it).
 * - block 0 of every directory starts with "." (the directory itself)
 *   and then ".." (its parent); no other record is named "." or "..".
 * - names are unique within a directory.
 * Insert: reuse a free record that is large enough, or split the slack
 * off the end of a used record (rec_len > FS_DIRENT_RECLEN(name_len)),
 * or append a block holding one record with rec_len = FS_BLOCK_SIZE.
 * Delete: add the record's rec_len to the previous record in the same
 * block, or set inum to 0 when it is the first record of its block.
 */
struct fs_dirent {
	uint32_t inum;     /* inode number, 0 = free record */
	uint16_t rec_len;  /* bytes from this record to the next */
	uint8_t name_len;  /* bytes in name */
	uint8_t type;      /* FS_TYPE_* of inum */
	char name[];       /* name_len bytes, not NUL-terminated */
};

/* ---- Write-ahead log --------------------------------------------------- */

#define FS_LOG_MAX 1022u                /* data blocks per transaction */
#define FS_LOG_BLOCKS (1u + FS_LOG_MAX) /* what mkfs reserves: 1023 */

/*
 * struct fs_log_header - block log_start; logged copies follow it, copy i
 * in block log_start + 1 + i, destined for home block blocks[i].
 *
 * A transaction is committed when the header holds count > 0 and
 * checksum == fs_log_checksum(header). Protocol (kernel and fsck):
 *   commit:  write the copies to the log, flush; write the header with
 *            count and checksum, flush (the commit point);
 *   install: copy each logged block to its home, flush; write the header
 *            with count 0, flush.
 *   mount:   committed header -> install (replay); count > 0 with a bad
 *            checksum is a torn, uncommitted header -> write count 0.
 * count <= min(FS_LOG_MAX, log_blocks - 1); every home block lies outside
 * blocks 0..log_start + log_blocks - 1.
 */
struct fs_log_header {
	uint32_t count;    /* logged blocks, 0 = log empty */
	uint32_t checksum; /* fs_log_checksum() of count and blocks[0..count) */
	uint32_t blocks[FS_LOG_MAX]; /* home block numbers */
};

/* 32-bit FNV-1a over the words count, blocks[0], ..., blocks[count - 1]. */
static inline uint32_t fs_log_checksum(const struct fs_log_header *h)
{
	uint32_t n = h->count < FS_LOG_MAX ? h->count : FS_LOG_MAX;
	uint32_t sum = 2166136261u;

	sum = (sum ^ h->count) * 16777619u;
	for (uint32_t i = 0; i < n; i++)
		sum = (sum ^ h->blocks[i]) * 16777619u;
	return sum;
}

/* ---- Where things are ------------------------------------------------------ */

#define FS_BITS_PER_BLOCK (FS_BLOCK_SIZE * 8u) /* 32768 blocks per bitmap block */

/* The inode-table block holding inode inum, and its byte offset there. */
static inline uint32_t fs_inode_block(const struct fs_superblock *sb, uint32_t inum)
{
	return sb->inode_start + inum / FS_INODES_PER_BLOCK;
}

static inline uint32_t fs_inode_offset(uint32_t inum)
{
	return (inum % FS_INODES_PER_BLOCK) * FS_INODE_SIZE;
}

/* The bitmap block holding block bno's bit; in it, byte bit / 8, bit bit % 8. */
static inline uint32_t fs_bitmap_block(const struct fs_superblock *sb, uint32_t bno)
{
	return sb->bitmap_start + bno / FS_BITS_PER_BLOCK;
}

static inline uint32_t fs_bitmap_bit(uint32_t bno)
{
	return bno % FS_BITS_PER_BLOCK;
}

/* ---- Devices mkfs creates ---------------------------------------------- */

#define FS_DEV_CONSOLE_MAJOR 1u /* /dev/console */
#define FS_DEV_CONSOLE_MINOR 0u

/* ---- Layout facts ------------------------------------------------------- */

_Static_assert(sizeof(struct fs_superblock) == 256, "superblock size");
_Static_assert(sizeof(struct fs_superblock) <= FS_BLOCK_SIZE, "superblock fits");
_Static_assert(__builtin_offsetof(struct fs_superblock, mkfs_time) == 56, "mkfs_time");
_Static_assert(sizeof(struct fs_dinode) == FS_INODE_SIZE, "inode size");
_Static_assert(FS_BLOCK_SIZE % FS_INODE_SIZE == 0, "inodes tile a block");
_Static_assert(__builtin_offsetof(struct fs_dinode, size) == 16, "inode size field");
_Static_assert(__builtin_offsetof(struct fs_dinode, addrs) == 32, "inode addrs");
_Static_assert(sizeof(struct fs_dirent) == FS_DIRENT_HEADER, "dirent header");
_Static_assert(FS_DIRENT_MAX_RECLEN == 264, "longest record");
_Static_assert(sizeof(struct fs_log_header) == FS_BLOCK_SIZE, "log header is one block");
_Static_assert(FS_MAX_FILE_SIZE >= (1ull << 32), "files of 4 GiB");
_Static_assert(FS_PTRS_PER_BLOCK == 1024, "pointers per indirect block");

#endif /* FS_FS_FORMAT_H */
