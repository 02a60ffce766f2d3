/*
 * mkdir [-p] dir... - create directories; with -p also their missing
 * parents, and an existing directory is no error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define MKDIR_MODE 0777
#define MKDIR_PATH_MAX 1024

static int mkdir_one(const char *path, int parents)
{
	struct stat st;

	if (mkdir(path, MKDIR_MODE) == 0)
		return 0;
	if (parents && errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
	return -1;
}

/* Create each prefix of path that ends before a '/'. */
static int mkdir_parents(const char *path)
{
	char buf[MKDIR_PATH_MAX];
	size_t i;

	if (strlen(path) >= sizeof(buf)) {
		fprintf(stderr, "mkdir: %s: %s\n", path, strerror(ENAMETOOLONG));
		return -1;
	}
	strcpy(buf, path);
	for (i = 1; buf[i]; i++) {
		if (buf[i] != '/' || buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		if (mkdir_one(buf, 1) < 0)
			return -1;
		buf[i] = '/';
	}
	return mkdir_one(buf, 1);
}

int main(int argc, char **argv)
{
	int parents = 0;
	int status = 0;
	int i = 1;

	if (argc > 1 && strcmp(argv[1], "-p") == 0) {
		parents = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: mkdir [-p] dir...\n");
		return 2;
	}
	for (; i < argc; i++) {
		int r = parents ? mkdir_parents(argv[i]) : mkdir_one(argv[i], 0);
		if (r < 0)
			status = 1;
	}
	return status;
}
