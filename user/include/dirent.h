/*
 * dirent.h - reading directories (replaces picolibc's, which is only an
 * #error on bare-metal targets).
 *
 *   DIR *d = opendir(path);  struct dirent *e;
 *   while ((e = readdir(d)) != NULL) ... e->d_name ...;
 *   closedir(d);
 *
 * Built over getdents(); see lib/dirent.c for the record format assumed.
 */
#ifndef USER_DIRENT_H
#define USER_DIRENT_H

#include <stdint.h>
#include <sys/types.h>

#define DT_UNKNOWN 0
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

#define DIRENT_NAME_MAX 255

struct dirent {
	uint64_t d_ino;
	unsigned char d_type;
	char d_name[DIRENT_NAME_MAX + 1];
};

typedef struct dir_stream DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);
int dirfd(DIR *dir);

#endif
