/*
 * fs.h - what the rest of the kernel (exec, the VM, system calls) uses of
 * the file system: inodes by path, their contents, their cached pages.
 *
 * Inodes are reference counted: every function returning one returns a
 * new reference, dropped with inode_put (never between fs_begin_op and
 * fs_end_op inside fs/: the last put of an unlinked inode frees it in
 * transactions of its own). Paths are kernel strings,
 * relative to the current process's working directory unless absolute.
 * Errors are -Exxx.
 */
#ifndef FS_FS_H
#define FS_FS_H

#include <stdint.h>

struct inode;
struct page;

/* Boot: mount the root file system (root= on the command line, else the
 * first virtio disk, else the initrd). Runs in the first process. */
int fs_mount_root(void);

int fs_namei(const char *path, struct inode **out);
struct inode *inode_dup(struct inode *ip);
void inode_put(struct inode *ip);

/* Read n bytes at off into a kernel buffer: bytes read (short at end of
 * file) or -errno. */
int64_t inode_read_kernel(struct inode *ip, void *dst, uint64_t off, uint64_t n);
uint64_t inode_size(struct inode *ip);
unsigned inode_mode(struct inode *ip);  /* KS_IF* type | permissions */

/* The page-cache page holding bytes [index*4096, (index+1)*4096) of the
 * file (zeroes past the end), with a reference for the caller; NULL and
 * *err = -errno on failure. */
struct page *inode_get_page(struct inode *ip, uint64_t index, int *err);
/* The caller dirtied a page it got from inode_get_page (shared mmap).
 * The inode keeps it and writes it back at each inode_fsync and when its
 * last reference goes (munmap, exit). */
void inode_page_dirty(struct inode *ip, struct page *p);
/* Write back the pages dirtied through mappings and wait until the file
 * is on disk (fsync, msync): 0 or -errno. Not inside fs operations. */
int inode_fsync(struct inode *ip);
/* Wait until every file-system operation ended so far is on disk (the
 * root file system's log): 0 or -EIO. Not inside fs operations. */
int fs_sync_all(void);
/* fs_sync_all, then give every cached page nobody else holds back to the
 * page allocator (/proc/drop_caches, for cold-cache benchmarks): the
 * number of pages freed, or -EIO. */
int64_t fs_drop_caches(void);

/* The working directory of a new process (init): the root. */
struct inode *fs_root(void);

#endif
