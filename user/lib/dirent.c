/*
 * dirent.c - opendir/readdir/closedir over the getdents system call.
 *
 * getdents(fd, buf, size) fills buf with whole records and returns the
 * number of bytes used, 0 at the end of the directory. ASSUMED record
 * layout (Linux's struct linux_dirent64; there is no uapi header for it
 * yet -- TODO(uapi): move to kernel/uapi/dirent.h when the kernel
 * defines one):
 *
 *   uint64 ino; int64 off; uint16 reclen; uint8 type (DT_*);
 *   char name[] (NUL-terminated); padded to reclen (a multiple of 8).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

#define DIR_BUF_SIZE 4096

struct dir_record {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
	char name[];
};

struct dir_stream {
	int fd;
	int len;            /* bytes of records in buf */
	int pos;            /* next record in buf */
	struct dirent entry;
	char buf[DIR_BUF_SIZE] __attribute__((aligned(8)));
};

DIR *opendir(const char *path)
{
	DIR *dir;
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return NULL;
	dir = malloc(sizeof(*dir));
	if (dir == NULL) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	dir->fd = fd;
	dir->len = 0;
	dir->pos = 0;
	return dir;
}

/* Refill the buffer; returns 0 at the end of the directory. */
static int dir_fill(DIR *dir)
{
	int n = getdents(dir->fd, dir->buf, sizeof(dir->buf));

	if (n <= 0)
		return 0;
	dir->len = n;
	dir->pos = 0;
	return 1;
}

static int dir_record_ok(const DIR *dir, const struct dir_record *r)
{
	return r->reclen >= offsetof(struct dir_record, name) + 1 &&
	       dir->pos + r->reclen <= dir->len;
}

struct dirent *readdir(DIR *dir)
{
	struct dir_record *r;

	if (dir->pos >= dir->len && !dir_fill(dir))
		return NULL;
	r = (struct dir_record *)(dir->buf + dir->pos);
	if (!dir_record_ok(dir, r)) {
		errno = EIO;
		return NULL;
	}
	dir->pos += r->reclen;
	dir->entry.d_ino = r->ino;
	dir->entry.d_type = r->type;
	strncpy(dir->entry.d_name, r->name, DIRENT_NAME_MAX);
	dir->entry.d_name[DIRENT_NAME_MAX] = '\0';
	return &dir->entry;
}

int closedir(DIR *dir)
{
	int r = close(dir->fd);

	free(dir);
	return r;
}

int dirfd(DIR *dir)
{
	return dir->fd;
}
