/*
 * inode.c - in-memory inodes: the inode cache, references, locking,
 * reading and writing the inode table, allocating and freeing inodes.
 *
 * Interface: fs.h (inode_dup, inode_put, inode_size, inode_mode, fs_root)
 * and fs_impl.h (inode_get, inode_lock, inode_update, inode_alloc).
 *
 * An in-memory inode exists while someone holds a reference (a path
 * walk, an open file, a mapping, a working directory); it is freed when
 * the last goes. inode_lock loads it from the inode table on first use.
 * When the last reference to an inode with no links goes, its blocks and
 * the inode itself are freed, in transactions of their own: so inode_put
 * must never be called inside an operation (between fs_begin_op and
 * fs_end_op). Pages dirtied through shared mappings are written back then
 * too.
 *
 * Locking: icache_lock (spinlock) guards the hash table and every
 * inode's refs and hash_link. ip->lock (mutex) guards valid, d and the
 * rest (see struct inode). fs->alloc_lock guards the search for a free
 * inode. Order: ip->lock -> alloc_lock -> icache_lock.
 */
#include <string.h>

#include "fs/bcache.h"
#include "fs/fs.h"
#include "fs/fs_impl.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/stat.h"
#include "vm/kmalloc.h"

#define ICACHE_BUCKETS 256

static struct spinlock icache_lock = SPINLOCK_INIT("icache");
static struct list_node icache[ICACHE_BUCKETS]; /* icache_lock */
static bool icache_ready;                       /* set once, at first mount */

static struct list_node *icache_bucket(struct fs_mount *fs, uint32_t inum)
{
	if (!icache_ready) {
		for (int i = 0; i < ICACHE_BUCKETS; i++)
			list_init(&icache[i]);
		icache_ready = true; /* first call is the mount, single-threaded */
	}
	return &icache[(inum ^ ((uintptr_t)fs >> 6)) % ICACHE_BUCKETS];
}

static struct inode *icache_find_locked(struct fs_mount *fs, uint32_t inum)
{
	struct list_node *head = icache_bucket(fs, inum), *n;
	list_for_each(n, head) {
		struct inode *ip = container_of(n, struct inode, hash_link);
		if (ip->fs == fs && ip->inum == inum)
			return ip;
	}
	return NULL;
}

int inode_get(struct fs_mount *fs, uint32_t inum, struct inode **out)
{
	if (inum == 0 || inum >= fs->sb.ninodes)
		return fs_corrupt(fs, "inode number %u out of range", inum);
	struct inode *fresh = NULL;
	for (;;) {
		spin_lock(&icache_lock);
		struct inode *ip = icache_find_locked(fs, inum);
		if (ip || fresh) {
			if (ip)
				ip->refs++;
			else
				list_push_back(icache_bucket(fs, inum), &(ip = fresh)->hash_link);
			spin_unlock(&icache_lock);
			if (ip != fresh)
				kfree(fresh);
			*out = ip;
			return 0;
		}
		spin_unlock(&icache_lock);
		fresh = kzalloc(sizeof *fresh);
		if (!fresh)
			return -ENOMEM;
		fresh->fs = fs;
		fresh->inum = inum;
		fresh->refs = 1;
		mutex_init(&fresh->lock, "inode");
	}
}

struct inode *inode_dup(struct inode *ip)
{
	spin_lock(&icache_lock);
	KASSERT(ip->refs > 0);
	ip->refs++;
	spin_unlock(&icache_lock);
	return ip;
}

/* ---- Loading and storing ------------------------------------------------- */

static int inode_load(struct inode *ip)
{
	struct fs_mount *fs = ip->fs;
	int err;
	struct page *p = fs_block_get(fs, fs_inode_block(&fs->sb, ip->inum), &err);
	if (!p)
		return err;
	memcpy(&ip->d, (char *)page_address(p) + fs_inode_offset(ip->inum), sizeof ip->d);
	bcache_put(p);
	if (ip->d.type == FS_TYPE_FREE || ip->d.type > FS_TYPE_MAX)
		return fs_corrupt(fs, "inode %u has type %u but is in use", ip->inum, ip->d.type);
	bool linked = ip->d.nlink > 0; /* else being made (inode_alloc) or freed */
	if (linked && ip->d.type == FS_TYPE_SYMLINK && (ip->d.size == 0 || ip->d.size > FS_SYMLINK_MAX))
		return fs_corrupt(fs, "symlink inode %u has size %lu", ip->inum, ip->d.size);
	if (linked && ip->d.type == FS_TYPE_DIR && (ip->d.size == 0 || ip->d.size % FS_BLOCK_SIZE))
		return fs_corrupt(fs, "directory inode %u has size %lu", ip->inum, ip->d.size);
	ip->valid = true;
	return 0;
}

int inode_lock(struct inode *ip)
{
	mutex_lock(&ip->lock);
	if (ip->valid)
		return 0;
	int err = inode_load(ip);
	if (err)
		mutex_unlock(&ip->lock);
	return err;
}

void inode_unlock(struct inode *ip)
{
	mutex_unlock(&ip->lock);
}

int inode_update(struct inode *ip)
{
	struct fs_mount *fs = ip->fs;
	KASSERT(mutex_holding(&ip->lock));
	int err;
	struct page *p = fs_block_get(fs, fs_inode_block(&fs->sb, ip->inum), &err);
	if (!p)
		return err;
	memcpy((char *)page_address(p) + fs_inode_offset(ip->inum), &ip->d, sizeof ip->d);
	log_write(fs, p);
	bcache_put(p);
	return 0;
}

bool inode_is_dir(struct inode *ip)
{
	return ip->d.type == FS_TYPE_DIR;
}

/* ---- Allocation ----------------------------------------------------------- */

/* Mark a free slot of the inode table as type (alloc_lock held). */
static int inode_claim(struct fs_mount *fs, uint16_t type, uint32_t *inum)
{
	struct page *p = NULL;
	uint32_t pblock = 0, n = fs->sb.ninodes;
	int err = -ENOSPC;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t i = (fs->inode_hint + k) % n;
		if (i == 0)
			continue;
		if (!p || fs_inode_block(&fs->sb, i) != pblock) {
			if (p)
				bcache_put(p);
			pblock = fs_inode_block(&fs->sb, i);
			if (!(p = fs_block_get(fs, pblock, &err)))
				return err;
		}
		struct fs_dinode *d = (void *)((char *)page_address(p) + fs_inode_offset(i));
		if (d->type != FS_TYPE_FREE)
			continue;
		memset(d, 0, sizeof *d);
		d->type = type;
		d->mtime = fs_now(fs);
		log_write(fs, p);
		fs->inode_hint = i + 1;
		*inum = i;
		err = 0;
		break;
	}
	if (p)
		bcache_put(p);
	return err;
}

int inode_alloc(struct fs_mount *fs, uint16_t type, struct inode **out)
{
	uint32_t inum = 0;
	mutex_lock(&fs->alloc_lock);
	int err = inode_claim(fs, type, &inum);
	mutex_unlock(&fs->alloc_lock);
	if (err == -ENOSPC)
		printk("fs: %s: out of inodes\n", fs_name(fs));
	return err ? err : inode_get(fs, inum, out);
}

/* ---- The last reference --------------------------------------------------- */

/* ip has no links and we hold its only reference: free blocks and inode. */
static void inode_free(struct inode *ip)
{
	struct fs_mount *fs = ip->fs;
	if (inode_truncate(ip, 0) < 0 || fs_begin_op(fs) < 0)
		return; /* left as an orphan; fsck reports it */
	if (inode_lock(ip) == 0) {
		memset(&ip->d, 0, sizeof ip->d);
		inode_update(ip);
		ip->valid = false;
		inode_unlock(ip);
	}
	fs_end_op(fs);
}

static void inode_last_put(struct inode *ip)
{
	if (ip->fs->read_only)
		return;
	inode_flush_dirty(ip);
	mutex_lock(&ip->lock);
	bool doomed = ip->valid && ip->d.nlink == 0;
	mutex_unlock(&ip->lock);
	if (doomed)
		inode_free(ip);
}

void inode_put(struct inode *ip)
{
	spin_lock(&icache_lock);
	KASSERT(ip->refs > 0);
	if (ip->refs == 1) {
		/* Nobody else holds it; a path walk may find it again (not
		 * when it has no links), which only delays the free. */
		spin_unlock(&icache_lock);
		inode_last_put(ip);
		spin_lock(&icache_lock);
	}
	bool last = --ip->refs == 0;
	if (last)
		list_remove(&ip->hash_link);
	spin_unlock(&icache_lock);
	if (last) {
		inode_dirty_release(ip);
		kfree(ip);
	}
}

/* ---- Attributes ----------------------------------------------------------- */

unsigned fs_type_to_mode(unsigned type)
{
	switch (type) {
	case FS_TYPE_DIR:
		return KS_IFDIR | 0755;
	case FS_TYPE_DEV:
		return KS_IFCHR | 0666;
	case FS_TYPE_SYMLINK:
		return KS_IFLNK | 0777;
	default:
		return KS_IFREG | 0755;
	}
}

uint64_t inode_size(struct inode *ip)
{
	if (inode_lock(ip) < 0)
		return 0;
	uint64_t size = ip->d.size;
	inode_unlock(ip);
	return size;
}

unsigned inode_mode(struct inode *ip)
{
	if (inode_lock(ip) < 0)
		return 0;
	unsigned mode = fs_type_to_mode(ip->d.type);
	inode_unlock(ip);
	return mode;
}

struct inode *fs_root(void)
{
	KASSERT(fs_root_mount);
	return inode_dup(fs_root_mount->root);
}
