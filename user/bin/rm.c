/*
 * rm [-r] [-f] path... - remove files; with -r also directories and
 * everything below them; with -f a missing path is no error.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ulib.h"

#define RM_PATH_MAX 1024

struct rm_opts {
	int recursive;
	int force;
};

static int rm_path(const char *path, const struct rm_opts *o);

static int rm_report(const char *path, const struct rm_opts *o)
{
	if (o->force && errno == ENOENT)
		return 0;
	fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
	return -1;
}

static int rm_is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* Remove everything in directory path, then path itself. */
static int rm_tree(const char *path, const struct rm_opts *o)
{
	char child[RM_PATH_MAX];
	struct dirent *e;
	int status = 0;
	DIR *d = opendir(path);

	if (d == NULL)
		return rm_report(path, o);
	while ((e = readdir(d)) != NULL) {
		if (rm_is_dot(e->d_name))
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
		if (rm_path(child, o) < 0)
			status = -1;
	}
	closedir(d);
	if (rmdir(path) < 0)
		return rm_report(path, o);
	return status;
}

static int rm_path(const char *path, const struct rm_opts *o)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return rm_report(path, o);
	if (S_ISDIR(st.st_mode)) {
		if (o->recursive)
			return rm_tree(path, o);
		errno = EISDIR;
		return rm_report(path, o);
	}
	if (unlink(path) < 0)
		return rm_report(path, o);
	return 0;
}

int main(int argc, char **argv)
{
	struct rm_opts o = { 0, 0 };
	int status = 0;
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *f;
		for (f = argv[i] + 1; *f; f++) {
			if (*f == 'r' || *f == 'R')
				o.recursive = 1;
			else if (*f == 'f')
				o.force = 1;
			else {
				fprintf(stderr, "usage: rm [-r] [-f] path...\n");
				return 2;
			}
		}
	}
	if (i >= argc && !o.force) {
		fprintf(stderr, "usage: rm [-r] [-f] path...\n");
		return 2;
	}
	for (; i < argc; i++)
		if (rm_path(argv[i], &o) < 0)
			status = 1;
	return status;
}
