/*
 * ls [-a] [-l] [path...] - list directories (their entries, sorted by
 * name, without "." and ".." unless -a) and name other files.
 *
 * Plain output is one name per line. With -l each line is
 *   TYPE+PERMISSIONS  LINKS  INODE  SIZE  NAME[ -> TARGET]
 * e.g. "drwxr-xr-x 2 1 4096 bin".
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ulib.h"

#define LS_PATH_MAX 1024

struct ls_opts {
	int all;
	int longform;
};

static char ls_type_char(mode_t mode)
{
	if (S_ISDIR(mode))
		return 'd';
	if (S_ISCHR(mode))
		return 'c';
	if (S_ISLNK(mode))
		return 'l';
	return '-';
}

static void ls_mode_string(mode_t mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	out[0] = ls_type_char(mode);
	for (i = 0; i < 9; i++)
		out[i + 1] = (mode & (0400 >> i)) ? rwx[i] : '-';
	out[10] = '\0';
}

/* Print one entry: path is how to reach it, name how to show it. */
static void ls_entry(const char *path, const char *name, const struct ls_opts *o)
{
	char mode[11], target[LS_PATH_MAX];
	struct stat st;
	ssize_t n;

	if (!o->longform) {
		puts(name);
		return;
	}
	if (lstat(path, &st) < 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return;
	}
	ls_mode_string(st.st_mode, mode);
	printf("%s %lu %lu %ld %s", mode, (unsigned long)st.st_nlink,
	       (unsigned long)st.st_ino, (long)st.st_size, name);
	if (S_ISLNK(st.st_mode) && (n = readlink(path, target, sizeof(target) - 1)) >= 0) {
		target[n] = '\0';
		printf(" -> %s", target);
	}
	putchar('\n');
}

static int ls_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read the names in dir into a sorted, malloc'ed array. */
static char **ls_read_names(DIR *d, const struct ls_opts *o, size_t *count)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;

	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && !o->all)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = realloc(names, cap * sizeof(*names));
			if (names == NULL)
				return NULL;
		}
		names[n++] = strdup(e->d_name);
	}
	qsort(names, n, sizeof(*names), ls_compare);
	*count = n;
	return names;
}

static int ls_dir(const char *path, const struct ls_opts *o)
{
	char child[LS_PATH_MAX];
	size_t i, n = 0;
	char **names;
	DIR *d = opendir(path);

	if (d == NULL) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return -1;
	}
	names = ls_read_names(d, o, &n);
	closedir(d);
	for (i = 0; i < n; i++) {
		snprintf(child, sizeof(child), "%s/%s", path, names[i]);
		ls_entry(child, names[i], o);
		free(names[i]);
	}
	free(names);
	return 0;
}

static int ls_path(const char *path, const struct ls_opts *o, int banner)
{
	struct stat st;

	if (stat(path, &st) < 0 && lstat(path, &st) < 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		ls_entry(path, path, o);
		return 0;
	}
	if (banner)
		printf("%s:\n", path);
	return ls_dir(path, o);
}

int main(int argc, char **argv)
{
	struct ls_opts o = { 0, 0 };
	int status = 0;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *f;
		for (f = argv[i] + 1; *f; f++) {
			if (*f == 'a')
				o.all = 1;
			else if (*f == 'l')
				o.longform = 1;
			else {
				fprintf(stderr, "usage: ls [-a] [-l] [path...]\n");
				return 2;
			}
		}
	}
	if (i == argc)
		return ls_path(".", &o, 0) < 0;
	for (; i < argc; i++)
		if (ls_path(argv[i], &o, argc - i > 1 || status) < 0)
			status = 1;
	return status;
}
