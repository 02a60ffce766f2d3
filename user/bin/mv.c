/*
 * mv source... target - rename files. With several sources, or when
 * target is an existing directory, each source moves into target under
 * its own name.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define MV_PATH_MAX 1024

static const char *mv_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int mv_one(const char *from, const char *to, int into_dir)
{
	char buf[MV_PATH_MAX];

	if (into_dir) {
		snprintf(buf, sizeof(buf), "%s/%s", to, mv_basename(from));
		to = buf;
	}
	if (rename(from, to) < 0) {
		fprintf(stderr, "mv: %s -> %s: %s\n", from, to, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct stat st;
	const char *target = argv[argc - 1];
	int into_dir;
	int status = 0;
	int i;

	if (argc < 3) {
		fprintf(stderr, "usage: mv source... target\n");
		return 2;
	}
	into_dir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc > 3 && !into_dir) {
		fprintf(stderr, "mv: %s: not a directory\n", target);
		return 1;
	}
	for (i = 1; i < argc - 1; i++)
		if (mv_one(argv[i], target, into_dir) < 0)
			status = 1;
	return status;
}
