/*
 * uapi/dirent.h - the records getdents(fd, buf, size) fills buf with.
 *
 * Linux's struct linux_dirent64 layout: each record is reclen bytes (a
 * multiple of 8), the name NUL-terminated and zero-padded up to reclen.
 * off is the directory position just past this record (what the file
 * offset becomes once it has been read). getdents returns the bytes
 * used, 0 at the end of the directory, -EINVAL if size cannot hold even
 * the next record (KDIRENT_RECLEN(name length) bytes).
 */
#ifndef UAPI_DIRENT_H
#define UAPI_DIRENT_H

#include <stdint.h>

#define KDT_UNKNOWN 0
#define KDT_CHR 2
#define KDT_DIR 4
#define KDT_REG 8
#define KDT_LNK 10

struct kdirent {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;   /* KDT_* */
	char name[];    /* NUL-terminated */
};

#define KDIRENT_HEADER 19u /* offsetof(struct kdirent, name) */
#define KDIRENT_RECLEN(namelen) ((KDIRENT_HEADER + (namelen) + 1 + 7) & ~7u)

_Static_assert(__builtin_offsetof(struct kdirent, name) == KDIRENT_HEADER, "kdirent header");

#endif
