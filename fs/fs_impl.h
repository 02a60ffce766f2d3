/*
 * fs_impl.h - the file system's insides, shared by the files of fs/ and
 * by nothing else (the rest of the kernel uses fs/fs.h).
 *
 * Objects:
 *  - struct fs_mount: one mounted file system (its device, a copy of the
 *    superblock, the log, the allocator's lock).
 *  - struct inode: an in-memory inode, one per (file system, inode number)
 *    while anyone holds a reference; d mirrors the on-disk inode.
 *
 * Lock order (outermost first):
 *   rename_lock (renames only)
 *   -> a transaction (fs_begin_op; it may wait for the log, so it is never
 *      started while holding an inode's lock)
 *   -> inode locks: a directory before the inodes it names; two
 *      directories ancestor first, else lower inode number first
 *   -> fs->alloc_lock (bitmap and inode-table scans)
 *   -> spinlocks: log.lock, icache_lock, the block cache's bc_lock.
 * User memory is never touched inside a transaction or with an inode
 * locked (a fault on a mapping of the same file would need that lock):
 * writes copy from user space into a bounce buffer first, reads copy out
 * after unlocking.
 */
#ifndef FS_FS_IMPL_H
#define FS_FS_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/fs_format.h"
#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "proc/mutex.h"
#include "proc/waitqueue.h"
#include "vm/page.h"

struct block_device;
struct block_request;

/* ---- Page flags, changed atomically (several locks share the word) ----- */

static inline void page_flag_set(struct page *p, uint32_t f)
{
	__atomic_fetch_or(&p->flags, f, __ATOMIC_ACQ_REL);
}

static inline void page_flag_clear(struct page *p, uint32_t f)
{
	__atomic_fetch_and(&p->flags, ~f, __ATOMIC_ACQ_REL);
}

static inline bool page_flag_test(const struct page *p, uint32_t f)
{
	return (__atomic_load_n(&p->flags, __ATOMIC_ACQUIRE) & f) != 0;
}

/* ---- The log (log.c) ------------------------------------------------------ */

/* Blocks one operation may add to a transaction, at most. A write() is cut
 * into pieces of FS_WRITE_CHUNK_BLOCKS data blocks, which with indirect
 * blocks, bitmap blocks and the inode stay under it; see fs_write.c. */
#define LOG_OP_MAX 48
#define FS_WRITE_CHUNK_BLOCKS 16
/* Open-addressing table of the open transaction's blocks (twice the most
 * a transaction holds, so probes stay short). */
#define LOG_HASH_SIZE 2048
_Static_assert(LOG_HASH_SIZE >= 2 * FS_LOG_MAX, "the log's hash has room");
/* An operation that ends with no other in progress commits the open
 * transaction once it is this old (or when the log is nearly full, or
 * someone syncs); until then it stays in memory and later operations
 * join it. */
#define LOG_COMMIT_AGE_NS 1000000000ull

struct fs_log {
	uint32_t start;              /* fixed: the header block */
	uint32_t capacity;           /* fixed: data blocks per transaction */
	struct spinlock lock;        /* guards the fields below */
	struct waitqueue wq;         /* begin_op and log_sync sleepers */
	int outstanding;             /* operations in progress */
	bool committing;             /* a commit is writing; ops wait */
	bool want_commit;            /* commit when the last op ends; ops wait */
	int error;                   /* sticky -EIO once a commit failed */
	uint64_t seq;                /* transactions committed so far */
	uint64_t opened_ns;          /* when the open transaction got its first block */
	uint32_t count;              /* blocks in the open transaction */
	uint32_t *blocks;            /* [capacity] their home blocks */
	struct page **pages;         /* [capacity] their pages (a ref each) */
	uint16_t *slot_hash;         /* [LOG_HASH_SIZE] block -> slot + 1 (0: none) */
	/* The committer's own (only one commits at a time): */
	struct page *hdr;            /* a struct fs_log_header buffer */
	struct block_request *reqs;  /* [LOG_IO_BATCH] requests */
};

/* ---- A mounted file system ---------------------------------------------- */

struct inode;

struct fs_mount {
	struct block_device *bd;     /* fixed */
	struct fs_superblock sb;     /* fixed: checked at mount */
	bool read_only;              /* fixed */
	int64_t time_base;           /* fixed: the clock at boot, seconds */
	struct fs_log log;
	struct mutex rename_lock;    /* serialises renames (tree shape) */
	struct mutex alloc_lock;     /* guards bitmap and free-inode scans */
	uint32_t block_hint;         /* alloc_lock: where to look next */
	uint32_t inode_hint;         /* alloc_lock */
	struct inode *root;          /* fixed: a reference to the root */
};

extern struct fs_mount *fs_root_mount;

int64_t fs_now(struct fs_mount *fs);
const char *fs_name(const struct fs_mount *fs);
/* Report a corrupt structure once per call: "fs: vda: what" -> -EIO. */
int fs_corrupt(const struct fs_mount *fs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int log_init(struct fs_mount *fs);        /* mount: before recovery */
int log_recover(struct fs_mount *fs);     /* mount: raw I/O, no cache */
/* Start an operation: 0, or -EROFS / -EIO. Every change to the cache's
 * blocks happens between fs_begin_op and fs_end_op. */
int fs_begin_op(struct fs_mount *fs);
void fs_end_op(struct fs_mount *fs);
/* p (a cache page, changed by the caller) joins the open transaction. */
void log_write(struct fs_mount *fs, struct page *p);
/* Wait until every operation ended so far is on disk (committing the
 * open transaction if need be); 0 or -EIO. Not inside an operation. */
int log_sync(struct fs_mount *fs);

/* ---- Blocks (balloc.c) ----------------------------------------------- */

/* In an operation. A new zeroed, logged data block: 0 and *bno, -ENOSPC. */
int block_alloc(struct fs_mount *fs, uint32_t *bno);
int block_free(struct fs_mount *fs, uint32_t bno);
bool block_in_data(const struct fs_mount *fs, uint32_t bno);
/* The cache page of a block of this file system (bcache_get). */
struct page *fs_block_get(struct fs_mount *fs, uint32_t bno, int *err);

/* ---- Inodes (inode.c) ------------------------------------------------ */

struct inode_dirty;

struct inode {
	struct fs_mount *fs;         /* fixed */
	uint32_t inum;               /* fixed */
	int refs;                    /* icache_lock */
	struct list_node hash_link;  /* icache_lock */
	struct mutex lock;           /* guards everything below */
	bool valid;                  /* d holds the on-disk inode */
	struct fs_dinode d;
	uint64_t ra_next;            /* read-ahead: the block after the last read */
	uint64_t ra_end;             /* read-ahead: started up to here */
	struct inode_dirty *dirty;   /* pages dirtied through shared mappings */
};

int inode_get(struct fs_mount *fs, uint32_t inum, struct inode **out);
/* Lock ip and load it from disk if needed: 0, or -EIO (then unlocked). */
int inode_lock(struct inode *ip);
void inode_unlock(struct inode *ip);
/* Write ip->d to the inode table (ip locked, in an operation). */
int inode_update(struct inode *ip);
/* A new inode of type (in an operation, unlocked, nlink 0): 0 or -ENOSPC. */
int inode_alloc(struct fs_mount *fs, uint16_t type, struct inode **out);
bool inode_is_dir(struct inode *ip);  /* ip locked */

/* ---- Block map and size (bmap.c, truncate.c) ------------------------- */

/* The disk block holding file block fbn, 0 for a hole (ip locked). */
int bmap_lookup(struct inode *ip, uint64_t fbn, uint32_t *bno);
/* The same, allocating what is missing (locked, in an operation; the
 * caller writes the inode afterwards). */
int bmap_alloc(struct inode *ip, uint64_t fbn, uint32_t *bno);
/* Set the size, freeing blocks past it in as many transactions as it
 * takes (unlocked, not in an operation). */
int inode_truncate(struct inode *ip, uint64_t length);
/* One bounded step of it (locked, in an operation): 1 when done. */
int truncate_step(struct inode *ip, uint64_t length);

/* ---- File contents (inode_rw.c, fs_write.c, mmap_dirty.c) ------------ */

/* Read: the cache page of file page index (a zero page for a hole), with
 * a ref, or NULL and *err (ip locked). */
struct page *inode_page_locked(struct inode *ip, uint64_t index, int *err);
int64_t inode_read_user(struct inode *ip, uint64_t ubuf, uint64_t n, uint64_t off);
/* Write n bytes of kernel memory at off (locked, in an operation; at most
 * FS_WRITE_CHUNK_BLOCKS blocks): bytes written or -errno. */
int64_t inode_write_locked(struct inode *ip, const void *src, uint64_t off, uint64_t n);
/* write() from user memory, in bounded transactions; *off is advanced.
 * append: each piece goes to the end of the file. */
int64_t inode_write_user(struct inode *ip, uint64_t ubuf, uint64_t n, uint64_t *off, bool append);
/* Write back pages dirtied through shared mappings (not locked). */
int inode_flush_dirty(struct inode *ip);
void inode_dirty_release(struct inode *ip);

/* ---- Directories (dir.c) and paths (path.c) -------------------------- */

struct dir_entry_ref {
	uint32_t inum;
	uint8_t type;
	uint64_t pos;   /* byte offset of the record in the directory */
};

/* dp locked. */
int dir_lookup(struct inode *dp, const char *name, size_t len, struct dir_entry_ref *out);
int dir_add(struct inode *dp, const char *name, size_t len, uint32_t inum, uint8_t type);
int dir_remove(struct inode *dp, const char *name, size_t len);
int dir_set_inum(struct inode *dp, const char *name, size_t len, uint32_t inum, uint8_t type);
int dir_is_empty(struct inode *dp);            /* 1, 0 or -EIO */
int dir_init(struct inode *dp, uint32_t parent); /* new dir: "." and ".." */
/* The name of inum in dp (for getcwd): its length or -ENOENT. */
int dir_name_of(struct inode *dp, uint32_t inum, char *name, size_t size);
/* Records from byte *pos on, handed to emit until it returns false. */
int dir_iterate(struct inode *dp, uint64_t *pos,
                bool (*emit)(void *arg, uint32_t inum, uint8_t type, const char *name,
                             size_t len, uint64_t next),
                void *arg);

#define PATH_MAX_LEN 4096
#define SYMLINK_FOLLOW_MAX 40

/* Resolve path from the working directory (or the root). */
int path_lookup(const char *path, bool follow, struct inode **out);
/* The directory that would hold path's last component (a reference),
 * and that name (NUL-terminated in name[FS_NAME_MAX + 1]); the last
 * component need not exist. *must_dir: the path ended in '/'. "/" gives
 * the root and ".". */
int path_parent(const char *path, struct inode **dir, char *name, bool *must_dir);
/* Read a symlink's target into buf[FS_SYMLINK_MAX + 1] (ip locked):
 * its length. */
int symlink_read(struct inode *ip, char *buf);

/* Map an inode type to the kstat mode bits and getdents type. */
unsigned fs_type_to_mode(unsigned type);
unsigned fs_type_to_dtype(unsigned type);

#endif
