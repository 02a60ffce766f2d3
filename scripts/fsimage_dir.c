/*
 * scripts/fsimage_dir.c - directories, names and paths on a host image:
 * lookup, adding entries, and creating directories, files, device nodes
 * and symbolic links. Record format and insert rule: struct fs_dirent in
 * fs/fs_format.h. Interface: scripts/fsimage.h.
 *
 * Invariant: an inode's nlink equals the number of directory entries
 * naming it, so every function that adds an entry also bumps nlink.
 * Creation checks everything (directory, name, no duplicate) before it
 * allocates, so a refused request changes nothing.
 */
#include "scripts/fsimage.h"

#include <errno.h>
#include <string.h>

/* The record at off in a directory block, or NULL if its rec_len is bad. */
static struct fs_dirent *dirent_at(uint8_t *block, uint32_t off)
{
	struct fs_dirent *de = (struct fs_dirent *)(block + off);

	if (off + FS_DIRENT_HEADER > FS_BLOCK_SIZE)
		return NULL;
	if (de->rec_len < FS_DIRENT_HEADER || de->rec_len % FS_DIRENT_ALIGN != 0 ||
	    off + de->rec_len > FS_BLOCK_SIZE)
		return NULL;
	return de;
}

static void dirent_fill(struct fs_dirent *de, uint32_t inum, uint8_t type,
			const char *name, size_t len)
{
	de->inum = inum;
	de->name_len = (uint8_t)len;
	de->type = type;
	memcpy(de->name, name, len);
}

/* 0 if name (len bytes) may name a new entry; "." and ".." may not. */
int fsimage_name_check(const char *name, size_t len)
{
	if (len == 0)
		return -EINVAL;
	if (len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (memchr(name, '/', len) || memchr(name, '\0', len))
		return -EINVAL;
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return -EINVAL;
	return 0;
}

/* Read directory block fb of dir (which must have no holes). */
static int dir_block_read(struct fsimage *img, struct fs_dinode *dir, uint64_t fb,
			  uint32_t *bno, uint8_t *block)
{
	int err = fsimage_inode_bmap(img, dir, fb, 0, bno);

	if (!err && *bno == 0)
		err = -EIO;
	if (!err)
		err = fsimage_block_read(img, *bno, block);
	return err;
}

/* Search one block for name; 0 and *inum on a hit, -ENOENT on a miss. */
static int dir_block_find(uint8_t *block, const char *name, size_t len, uint32_t *inum)
{
	for (uint32_t off = 0; off < FS_BLOCK_SIZE;) {
		struct fs_dirent *de = dirent_at(block, off);

		if (!de)
			return -EIO;
		if (de->inum != 0 && de->name_len == len && memcmp(de->name, name, len) == 0) {
			*inum = de->inum;
			return 0;
		}
		off += de->rec_len;
	}
	return -ENOENT;
}

int fsimage_dir_lookup(struct fsimage *img, uint32_t dir, const char *name,
		       uint32_t *inum)
{
	_Alignas(8) uint8_t block[FS_BLOCK_SIZE];
	size_t len = strlen(name);
	struct fs_dinode di;
	uint32_t bno;
	int err = fsimage_inode_read(img, dir, &di);

	if (err)
		return err;
	if (di.type != FS_TYPE_DIR)
		return -ENOTDIR;
	if (len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	for (uint64_t fb = 0; fb < di.size / FS_BLOCK_SIZE; fb++) {
		err = dir_block_read(img, &di, fb, &bno, block);
		if (!err)
			err = dir_block_find(block, name, len, inum);
		if (err != -ENOENT)
			return err;
	}
	return -ENOENT;
}

/* Place a record needing `need` bytes in block, if it has room. */
static struct fs_dirent *dir_block_make_room(uint8_t *block, uint32_t need)
{
	for (uint32_t off = 0; off < FS_BLOCK_SIZE;) {
		struct fs_dirent *de = dirent_at(block, off);
		uint32_t used;

		if (!de)
			return NULL;
		used = de->inum ? FS_DIRENT_RECLEN(de->name_len) : 0;
		if (de->rec_len >= used + need) {
			struct fs_dirent *fresh = (struct fs_dirent *)(block + off + used);
			if (used) {
				fresh->rec_len = (uint16_t)(de->rec_len - used);
				de->rec_len = (uint16_t)used;
			}
			return fresh;
		}
		off += de->rec_len;
	}
	return NULL;
}

/* Add a record (no nlink change): reuse slack, else append a block. */
static int dir_add(struct fsimage *img, uint32_t dir, const char *name, size_t len,
		   uint32_t inum, uint8_t type)
{
	_Alignas(8) uint8_t block[FS_BLOCK_SIZE];
	struct fs_dirent *de;
	struct fs_dinode di;
	uint32_t bno;
	int64_t n;
	int err = fsimage_inode_read(img, dir, &di);

	for (uint64_t fb = 0; !err && fb < di.size / FS_BLOCK_SIZE; fb++) {
		err = dir_block_read(img, &di, fb, &bno, block);
		de = err ? NULL : dir_block_make_room(block, FS_DIRENT_RECLEN(len));
		if (de) {
			dirent_fill(de, inum, type, name, len);
			err = fsimage_block_write(img, bno, block);
			di.mtime = img->mtime;
			return err ? err : fsimage_inode_write(img, dir, &di);
		}
	}
	if (err)
		return err;
	memset(block, 0, sizeof(block));
	de = (struct fs_dirent *)block;
	de->rec_len = FS_BLOCK_SIZE;
	dirent_fill(de, inum, type, name, len);
	n = fsimage_file_write(img, dir, di.size, block, FS_BLOCK_SIZE);
	return n < 0 ? (int)n : 0;
}

static int inode_nlink_add(struct fsimage *img, uint32_t inum, int delta)
{
	struct fs_dinode di;
	int err = fsimage_inode_read(img, inum, &di);

	if (err)
		return err;
	di.nlink = (uint32_t)((int64_t)di.nlink + delta);
	return fsimage_inode_write(img, inum, &di);
}

/* Check that name may be created in dir: a directory, valid, not taken. */
static int dir_check_new(struct fsimage *img, uint32_t dir, const char *name)
{
	uint32_t found;
	int err = fsimage_name_check(name, strlen(name));

	if (err)
		return err;
	err = fsimage_dir_lookup(img, dir, name, &found);
	if (err == 0)
		return -EEXIST;
	return err == -ENOENT ? 0 : err;
}

/* Add entry name -> inum to dir and count it in inum's nlink. */
int fsimage_dir_link(struct fsimage *img, uint32_t dir, const char *name, uint32_t inum)
{
	struct fs_dinode target;
	int err = fsimage_inode_read(img, inum, &target);

	if (!err && target.type == FS_TYPE_FREE)
		err = -EINVAL;
	if (!err)
		err = dir_check_new(img, dir, name);
	if (!err)
		err = dir_add(img, dir, name, strlen(name), inum, (uint8_t)target.type);
	if (!err)
		err = inode_nlink_add(img, inum, 1);
	return err;
}

/* Block 0 of a new directory: "." -> self, ".." -> parent. */
static int dir_init(struct fsimage *img, uint32_t self, uint32_t parent)
{
	_Alignas(8) uint8_t block[FS_BLOCK_SIZE] = { 0 };
	struct fs_dirent *dot = (struct fs_dirent *)block;
	struct fs_dirent *dotdot = (struct fs_dirent *)(block + FS_DIRENT_RECLEN(1));
	int64_t n;

	dot->rec_len = FS_DIRENT_RECLEN(1);
	dirent_fill(dot, self, FS_TYPE_DIR, ".", 1);
	dotdot->rec_len = FS_BLOCK_SIZE - FS_DIRENT_RECLEN(1);
	dirent_fill(dotdot, parent, FS_TYPE_DIR, "..", 2);
	n = fsimage_file_write(img, self, 0, block, FS_BLOCK_SIZE);
	if (n < 0)
		return (int)n;
	return inode_nlink_add(img, self, 1);
}

/* Allocate an inode of type, let fill set it up, and name it in dir. */
static int node_make(struct fsimage *img, uint32_t dir, const char *name, uint16_t type,
		     uint32_t *inum)
{
	int err = dir_check_new(img, dir, name);

	if (!err)
		err = fsimage_inode_alloc(img, type, inum);
	if (!err && type == FS_TYPE_DIR) {
		err = dir_init(img, *inum, dir);
		if (!err)
			err = inode_nlink_add(img, dir, 1); /* the new ".." */
	}
	if (!err)
		err = fsimage_dir_link(img, dir, name, *inum);
	return err;
}

int fsimage_mkdir(struct fsimage *img, uint32_t dir, const char *name, uint32_t *inum)
{
	return node_make(img, dir, name, FS_TYPE_DIR, inum);
}

int fsimage_create(struct fsimage *img, uint32_t dir, const char *name, uint32_t *inum)
{
	return node_make(img, dir, name, FS_TYPE_FILE, inum);
}

int fsimage_mknod(struct fsimage *img, uint32_t dir, const char *name, uint16_t major,
		  uint16_t minor, uint32_t *inum)
{
	struct fs_dinode di;
	int err = node_make(img, dir, name, FS_TYPE_DEV, inum);

	if (!err)
		err = fsimage_inode_read(img, *inum, &di);
	if (err)
		return err;
	di.major = major;
	di.minor = minor;
	return fsimage_inode_write(img, *inum, &di);
}

/* A symbolic link: inline in the inode when short, else in one block. */
int fsimage_symlink(struct fsimage *img, uint32_t dir, const char *name,
		    const char *target, uint32_t *inum)
{
	size_t len = strlen(target);
	struct fs_dinode di;
	int64_t n;
	int err;

	if (len == 0)
		return -EINVAL;
	if (len > FS_SYMLINK_MAX)
		return -ENAMETOOLONG;
	err = node_make(img, dir, name, FS_TYPE_SYMLINK, inum);
	if (err || len > FS_SYMLINK_INLINE_MAX) {
		n = err ? err : fsimage_file_write(img, *inum, 0, target, len);
		return n < 0 ? (int)n : 0;
	}
	err = fsimage_inode_read(img, *inum, &di);
	if (err)
		return err;
	memcpy(di.inline_target, target, len);
	di.size = len;
	return fsimage_inode_write(img, *inum, &di);
}

/* Copy a symlink's target into buf (no NUL added); returns its length. */
int64_t fsimage_readlink(struct fsimage *img, uint32_t inum, char *buf, size_t size)
{
	struct fs_dinode di;
	int err = fsimage_inode_read(img, inum, &di);

	if (err)
		return err;
	if (di.type != FS_TYPE_SYMLINK)
		return -EINVAL;
	if (di.size > FS_SYMLINK_INLINE_MAX)
		return fsimage_file_read(img, inum, 0, buf, size);
	if (size > di.size)
		size = (size_t)di.size;
	memcpy(buf, di.inline_target, size);
	return (int64_t)size;
}

/* Resolve an absolute path, component by component (symlinks not followed). */
int fsimage_path_lookup(struct fsimage *img, const char *path, uint32_t *inum)
{
	char name[FS_NAME_MAX + 1];
	uint32_t cur = FS_ROOT_INUM;

	if (path[0] != '/')
		return -EINVAL;
	while (*path) {
		size_t len;
		int err;

		while (*path == '/')
			path++;
		len = strcspn(path, "/");
		if (len == 0)
			break;
		if (len > FS_NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(name, path, len);
		name[len] = '\0';
		err = fsimage_dir_lookup(img, cur, name, &cur);
		if (err)
			return err;
		path += len;
	}
	*inum = cur;
	return 0;
}
