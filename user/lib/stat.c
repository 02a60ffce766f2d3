/*
 * stat.c - stat, fstat, lstat and isatty.
 *
 * The kernel fills a fixed-layout struct kstat (uapi/stat.h); this file
 * converts it to picolibc's struct stat. st_blocks counts 512-byte units
 * as POSIX expects (the kernel counts 4 KiB blocks).
 */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uapi/stat.h"
#include "sysret.h"
#include "ulib.h"

#define STAT_BLOCK_SIZE 4096
#define STAT_UNITS_PER_BLOCK (STAT_BLOCK_SIZE / 512)

_Static_assert(S_IFMT == KS_IFMT && S_IFDIR == KS_IFDIR &&
		       S_IFREG == KS_IFREG && S_IFCHR == KS_IFCHR &&
		       S_IFLNK == KS_IFLNK, "file type bits match the kernel");

static void stat_convert(const struct kstat *k, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = k->dev;
	st->st_ino = k->ino;
	st->st_mode = k->mode;
	st->st_nlink = k->nlink;
	st->st_rdev = k->rdev;
	st->st_size = k->size;
	st->st_blksize = STAT_BLOCK_SIZE;
	st->st_blocks = k->blocks * STAT_UNITS_PER_BLOCK;
	st->st_mtim.tv_sec = k->mtime;
	st->st_atim.tv_sec = k->mtime;
	st->st_ctim.tv_sec = k->mtime;
}

/* The kernel fills our own kstat, so a bad st pointer would fault here
 * in user space rather than give EFAULT; NULL at least gives EFAULT. */
static int stat_finish(long r, const struct kstat *k, struct stat *st)
{
	if (sysret(r) < 0)
		return -1;
	if (st == NULL) {
		errno = EFAULT;
		return -1;
	}
	stat_convert(k, st);
	return 0;
}

int stat(const char *path, struct stat *st)
{
	struct kstat k;

	return stat_finish(__sys_stat(path, &k), &k, st);
}

int lstat(const char *path, struct stat *st)
{
	struct kstat k;

	return stat_finish(__sys_lstat(path, &k), &k, st);
}

int fstat(int fd, struct stat *st)
{
	struct kstat k;

	return stat_finish(__sys_fstat(fd, &k), &k, st);
}

/* A terminal is a character device: the console is the only one that
 * programs read commands from, so this is good enough for prompts. */
int isatty(int fd)
{
	struct kstat k;

	if (sysret(__sys_fstat(fd, &k)) < 0)
		return 0;
	if ((k.mode & KS_IFMT) != KS_IFCHR) {
		errno = ENOTTY;
		return 0;
	}
	return 1;
}
