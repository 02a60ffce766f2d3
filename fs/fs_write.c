/*
 * fs_write.c - writing file contents, in bounded transactions.
 *
 * Interface (fs_impl.h): inode_write_locked (one piece, inside an
 * operation) and inode_write_user (a whole write()).
 *
 * A write() is cut into pieces of at most FS_WRITE_CHUNK_BLOCKS * 4 KiB
 * bytes, each its own operation: copied from user space into a bounce
 * buffer first (no locks held), then written under the inode's lock. A
 * piece spans at most FS_WRITE_CHUNK_BLOCKS + 1 blocks (it may start
 * mid-block); with the pointer blocks it may allocate or change (at most
 * 4), a bitmap block per allocation in the worst case and the inode it
 * logs at most 17 + 4 + 21 + 1 = 43 <= LOG_OP_MAX blocks. So a large
 * write is several transactions: a crash may leave a prefix of it, never
 * a broken file system.
 */
#include <string.h>

#include "fs/bcache.h"
#include "fs/fs_impl.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "vm/kmalloc.h"
#include "vm/uaccess.h"

#define WRITE_CHUNK_BYTES (FS_WRITE_CHUNK_BLOCKS * FS_BLOCK_SIZE)

_Static_assert(2 * (FS_WRITE_CHUNK_BLOCKS + 1) + 4 + 1 + 4 <= LOG_OP_MAX,
               "a write piece fits in an operation's share of the log");

/* Copy len bytes into file block index at byte in (locked, in an op). */
static int write_block(struct inode *ip, uint64_t index, uint32_t in, const void *src,
                       uint32_t len)
{
	uint32_t b;
	int err = bmap_alloc(ip, index, &b);
	if (err)
		return err;
	struct page *p = len == FS_BLOCK_SIZE ? bcache_get_zeroed(ip->fs->bd, b, &err)
	                                      : fs_block_get(ip->fs, b, &err);
	if (!p)
		return err;
	memcpy((char *)page_address(p) + in, src, len);
	log_write(ip->fs, p);
	bcache_put(p);
	return 0;
}

int64_t inode_write_locked(struct inode *ip, const void *src, uint64_t off, uint64_t n)
{
	if (off >= FS_MAX_FILE_SIZE)
		return -EFBIG;
	if (n > FS_MAX_FILE_SIZE - off)
		n = FS_MAX_FILE_SIZE - off;
	KASSERT(n <= WRITE_CHUNK_BYTES);
	uint64_t done = 0;
	int err = 0;
	while (done < n) {
		uint32_t in = off % FS_BLOCK_SIZE;
		uint32_t len = FS_BLOCK_SIZE - in < n - done ? FS_BLOCK_SIZE - in : (uint32_t)(n - done);
		err = write_block(ip, off / FS_BLOCK_SIZE, in, (const char *)src + done, len);
		if (err)
			break;
		done += len;
		off += len;
	}
	if (done) {
		if (off > ip->d.size)
			ip->d.size = off;
		ip->d.mtime = fs_now(ip->fs);
	}
	int uerr = inode_update(ip); /* bmap_alloc may have changed it too */
	if (!err)
		err = uerr;
	return done ? (int64_t)done : err;
}

/* One piece: len bytes from buf at *off (or the end); bytes or -errno. */
static int64_t write_piece(struct inode *ip, const void *buf, uint64_t len, uint64_t *off,
                           bool append)
{
	int64_t r = fs_begin_op(ip->fs);
	if (r < 0)
		return r;
	r = inode_lock(ip);
	if (r == 0) {
		uint64_t pos = append ? ip->d.size : *off;
		r = inode_write_locked(ip, buf, pos, len);
		if (r > 0)
			*off = pos + (uint64_t)r;
		inode_unlock(ip);
	}
	fs_end_op(ip->fs);
	return r;
}

int64_t inode_write_user(struct inode *ip, uint64_t ubuf, uint64_t n, uint64_t *off, bool append)
{
	uint64_t chunk = n < WRITE_CHUNK_BYTES ? n : WRITE_CHUNK_BYTES;
	void *buf = chunk ? kmalloc(chunk) : NULL;
	if (!buf && chunk > FS_BLOCK_SIZE)
		buf = kmalloc(chunk = FS_BLOCK_SIZE);
	if (!buf)
		return chunk ? -ENOMEM : 0;
	uint64_t done = 0;
	int64_t r = 0;
	while (done < n) {
		uint64_t len = n - done < chunk ? n - done : chunk;
		if (copy_from_user(buf, ubuf + done, len) < 0) {
			r = -EFAULT;
			break;
		}
		r = write_piece(ip, buf, len, off, append);
		if (r <= 0)
			break;
		done += (uint64_t)r;
		if ((uint64_t)r < len)
			break;
	}
	kfree(buf);
	return done ? (int64_t)done : r;
}
