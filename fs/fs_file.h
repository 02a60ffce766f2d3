/*
 * fs_file.h - open files on the disk file system (fs_file.c) and the
 * helpers the file-system system calls share (sys_fs_util.c).
 */
#ifndef FS_FS_FILE_H
#define FS_FS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/fs_format.h"
#include "kernel/uapi/stat.h"

struct file;
struct inode;

/* Wrap ip (our reference, handed over on success) in a new struct file
 * with the right ops for its type: 0, -ENXIO (no driver), -ENOMEM. */
int fs_file_open(struct inode *ip, unsigned flags, struct file **out);
int fs_stat_inode(struct inode *ip, struct kstat *st);

/* A path from user space in a new kernel buffer (free with
 * path_free): 0, -EFAULT, -ENAMETOOLONG, -ENOMEM, -ENOENT if empty. */
int path_from_user(uint64_t upath, char **out);
void path_free(char *path);

/* A path split into its parent directory (a reference) and last name. */
struct named {
	struct inode *dp;
	char name[FS_NAME_MAX + 1];
	size_t len;
	bool must_dir;   /* the path ended in '/' */
};
int named_from_user(uint64_t upath, struct named *n);

/* What fs_create makes. */
struct create_spec {
	uint16_t type;          /* FS_TYPE_* */
	uint16_t major, minor;  /* devices */
	const char *target;     /* symlinks */
};
/* Create path (its last component must not exist): the new inode, or
 * -EEXIST, -ENOENT, -ENOTDIR, -ENOSPC, ... */
int fs_create(const char *path, const struct create_spec *spec, struct inode **out);

#endif
