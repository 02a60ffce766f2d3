/*
 * mount.c - mounting the root file system: choosing the device, checking
 * the superblock, recovering the log, freeing orphans, finding the root.
 *
 * Interface: fs.h (fs_mount_root) and fs_impl.h (fs_root_mount, fs_now,
 * fs_name, fs_corrupt).
 *
 * The root device is root= on the command line ("vda", "ram0"), else the
 * first virtio disk, else ram0. A superblock that is not ours or does
 * not describe a layout that fits the device is refused with one line
 * saying why, before anything is written. Then the log is recovered
 * (fs_format.h), and inodes left allocated with no links by a crash
 * (files unlinked while open) are freed.
 *
 * Locking: runs once, in the first process, before anyone else uses the
 * file system; fs_root_mount is fixed afterwards.
 */
#include <stdarg.h>
#include <string.h>

#include "fs/bcache.h"
#include "fs/block.h"
#include "fs/fs.h"
#include "fs/fs_impl.h"
#include "kernel/boot.h"
#include "kernel/printk.h"
#include "kernel/timer.h"
#include "kernel/uapi/errno.h"
#include "vm/kmalloc.h"

#define NS_PER_SEC 1000000000ull

struct fs_mount *fs_root_mount;

const char *fs_name(const struct fs_mount *fs)
{
	return fs->bd->name;
}

int64_t fs_now(struct fs_mount *fs)
{
	return fs->time_base + (int64_t)(time_now_ns() / NS_PER_SEC);
}

int fs_corrupt(const struct fs_mount *fs, const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	printk("fs: %s: %s\n", fs_name(fs), msg);
	return -EIO;
}

/* ---- The superblock ------------------------------------------------------- */

static uint64_t div_up(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

/* Which layout rule sb breaks, or NULL. */
static const char *sb_layout_error(const struct fs_superblock *sb)
{
	uint64_t inode_start = (uint64_t)sb->log_start + sb->log_blocks;
	uint64_t bitmap_start = inode_start + sb->inode_blocks;
	uint64_t data_start = bitmap_start + sb->bitmap_blocks;
	if (sb->root_inum != FS_ROOT_INUM || sb->ninodes <= FS_ROOT_INUM)
		return "root inode";
	if (sb->log_start != FS_LOG_START || sb->log_blocks < 1 + LOG_OP_MAX)
		return "log region";
	if (sb->inode_start != inode_start ||
	    sb->inode_blocks != div_up(sb->ninodes, FS_INODES_PER_BLOCK))
		return "inode table region";
	if (sb->bitmap_start != bitmap_start ||
	    sb->bitmap_blocks != div_up(sb->nblocks, FS_BITS_PER_BLOCK))
		return "bitmap region";
	if (sb->data_start != data_start || data_start >= sb->nblocks)
		return "data region";
	return NULL;
}

static int sb_check(const char *dev, const struct fs_superblock *sb, uint64_t dev_blocks)
{
	const char *layout;
	if (sb->magic != FS_MAGIC)
		printk("fs: %s: bad magic 0x%08x: not a file system of ours\n", dev, sb->magic);
	else if (sb->version != FS_VERSION)
		printk("fs: %s: version %u, this kernel reads version %u\n", dev, sb->version,
		       FS_VERSION);
	else if (sb->block_size != FS_BLOCK_SIZE)
		printk("fs: %s: block size %u, this kernel reads %u\n", dev, sb->block_size,
		       FS_BLOCK_SIZE);
	else if (sb->nblocks > dev_blocks)
		printk("fs: %s: the superblock says %u blocks but the device has %lu\n", dev,
		       sb->nblocks, dev_blocks);
	else if ((layout = sb_layout_error(sb)) != NULL)
		printk("fs: %s: bad superblock: inconsistent %s\n", dev, layout);
	else
		return 0;
	return -EINVAL;
}

static int sb_read(struct block_device *bd, struct fs_superblock *sb)
{
	struct page *p = page_alloc(0, 0);
	if (!p)
		return -ENOMEM;
	int err = block_read_sync(bd, FS_SUPER_BLOCK, page_address(p));
	if (err)
		printk("fs: %s: cannot read the superblock (%d)\n", bd->name, err);
	else
		memcpy(sb, page_address(p), sizeof *sb);
	page_put(p);
	return err;
}

/* ---- Mounting ------------------------------------------------------------- */

/* Free inodes a crash left allocated but unlinked (fsck's "orphans"). */
static void reclaim_orphans(struct fs_mount *fs)
{
	for (uint32_t inum = FS_ROOT_INUM + 1; inum < fs->sb.ninodes; inum++) {
		int err;
		struct page *p = fs_block_get(fs, fs_inode_block(&fs->sb, inum), &err);
		if (!p)
			return;
		const struct fs_dinode *d =
			(const void *)((char *)page_address(p) + fs_inode_offset(inum));
		bool orphan = d->type != FS_TYPE_FREE && d->nlink == 0;
		bcache_put(p);
		struct inode *ip;
		if (!orphan || inode_get(fs, inum, &ip) < 0)
			continue;
		printk("fs: %s: freeing orphan inode %u\n", fs_name(fs), inum);
		if (inode_lock(ip) == 0) /* loads it, so inode_put sees nlink 0 */
			inode_unlock(ip);
		inode_put(ip);
	}
}

static int root_check(struct fs_mount *fs)
{
	int err = inode_get(fs, fs->sb.root_inum, &fs->root);
	if (err)
		return err;
	err = inode_lock(fs->root);
	if (err)
		return err;
	bool dir = inode_is_dir(fs->root);
	inode_unlock(fs->root);
	return dir ? 0 : fs_corrupt(fs, "the root inode is not a directory");
}

static int fs_mount(struct block_device *bd, struct fs_mount *fs)
{
	int err = sb_read(bd, &fs->sb);
	if (err)
		return err;
	if ((err = sb_check(bd->name, &fs->sb, bd->nblocks)) != 0)
		return err;
	fs->bd = bd;
	fs->read_only = bd->read_only;
	fs->time_base = fs->sb.mkfs_time > 0 ? fs->sb.mkfs_time : 0;
	mutex_init(&fs->alloc_lock, "fs_alloc");
	mutex_init(&fs->rename_lock, "fs_rename");
	fs->block_hint = fs->sb.data_start;
	fs->inode_hint = FS_ROOT_INUM + 1;
	if ((err = log_init(fs)) != 0 || (err = log_recover(fs)) != 0)
		return err;
	if ((err = root_check(fs)) != 0)
		return err;
	if (!fs->read_only)
		reclaim_orphans(fs);
	return 0;
}

static struct block_device *root_device(void)
{
	const char *name = cmdline_get("root");
	if (name && *name) {
		struct block_device *bd = block_find(name);
		if (!bd)
			printk("fs: root=%s: no such block device\n", name);
		return bd;
	}
	for (struct block_device *bd = block_first(); bd; bd = block_next(bd))
		if (strncmp(bd->name, "vd", 2) == 0)
			return bd;
	struct block_device *bd = block_find("ram0");
	return bd ? bd : block_first();
}

int fs_mount_root(void)
{
	struct block_device *bd = root_device();
	if (!bd) {
		printk("fs: no root device\n");
		return -ENODEV;
	}
	static bool cache_ready;
	if (!cache_ready) {
		bcache_init();
		cache_ready = true;
	}
	struct fs_mount *fs = kzalloc(sizeof *fs);
	if (!fs)
		return -ENOMEM;
	int err = fs_mount(bd, fs);
	if (err) {
		printk("fs: %s: not mounted (%d)\n", bd->name, err);
		return err; /* fs and its buffers are leaked: boot stops here */
	}
	fs_root_mount = fs;
	printk("fs: %s: root mounted%s, %u blocks, %u inodes\n", bd->name,
	       fs->read_only ? " read-only" : "", fs->sb.nblocks, fs->sb.ninodes);
	return 0;
}
