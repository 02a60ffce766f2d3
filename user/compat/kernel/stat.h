/*
 * kernel/stat.h (xv6 compat) - xv6's struct stat and file types, filled
 * by the compat library's fstat()/stat() from the kernel's struct kstat.
 */
#ifndef XV6_COMPAT_STAT_H
#define XV6_COMPAT_STAT_H

#define T_DIR 1    /* directory */
#define T_FILE 2   /* regular file (and anything else but the two below) */
#define T_DEVICE 3 /* device */

struct stat {
	int dev;        /* file system's disk device */
	unsigned int ino;
	short type;     /* T_DIR, T_FILE or T_DEVICE */
	short nlink;
	unsigned long size;
};

#endif
