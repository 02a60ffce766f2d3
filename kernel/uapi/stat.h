/*
 * uapi/stat.h - what stat()/fstat()/lstat() fill in, and the file types.
 * Fixed-width fields so the layout is the same for every compiler; the user
 * library converts it into picolibc's struct stat or xv6's.
 */
#ifndef UAPI_STAT_H
#define UAPI_STAT_H

#include <stdint.h>

#define KS_IFMT 0170000
#define KS_IFDIR 0040000
#define KS_IFCHR 0020000
#define KS_IFREG 0100000
#define KS_IFLNK 0120000

struct kstat {
	uint32_t dev;   /* device number of the file system */
	uint32_t mode;  /* KS_IF* type | permission bits */
	uint64_t ino;
	uint32_t nlink;
	uint32_t rdev;  /* major << 16 | minor, for device files */
	uint64_t size;  /* bytes */
	uint64_t blocks;/* 4 KiB blocks allocated */
	int64_t mtime;  /* seconds */
};

#endif
