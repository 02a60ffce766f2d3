/*
 * cp source... target - copy files. With several sources, or when
 * target is an existing directory, each copy goes into target under the
 * source's name. The copy's data is written in 64 KiB chunks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CP_BUF_SIZE 65536
#define CP_PATH_MAX 1024
#define CP_MODE 0666

static char cp_buf[CP_BUF_SIZE];

static const char *cp_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int cp_write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static int cp_data(int in, int out)
{
	ssize_t n;

	while ((n = read(in, cp_buf, sizeof(cp_buf))) > 0)
		if (cp_write_all(out, cp_buf, (size_t)n) < 0)
			return -1;
	return n < 0 ? -1 : 0;
}

static int cp_one(const char *from, const char *to)
{
	int in, out, r;

	in = open(from, O_RDONLY);
	if (in < 0) {
		fprintf(stderr, "cp: %s: %s\n", from, strerror(errno));
		return -1;
	}
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, CP_MODE);
	if (out < 0) {
		fprintf(stderr, "cp: %s: %s\n", to, strerror(errno));
		close(in);
		return -1;
	}
	r = cp_data(in, out);
	if (r < 0)
		fprintf(stderr, "cp: %s -> %s: %s\n", from, to, strerror(errno));
	close(in);
	if (close(out) < 0)
		r = -1;
	return r;
}

int main(int argc, char **argv)
{
	char path[CP_PATH_MAX];
	struct stat st;
	const char *target = argv[argc - 1];
	int into_dir, status = 0, i;

	if (argc < 3) {
		fprintf(stderr, "usage: cp source... target\n");
		return 2;
	}
	into_dir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc > 3 && !into_dir) {
		fprintf(stderr, "cp: %s: not a directory\n", target);
		return 1;
	}
	for (i = 1; i < argc - 1; i++) {
		const char *to = target;
		if (into_dir) {
			snprintf(path, sizeof(path), "%s/%s", target, cp_basename(argv[i]));
			to = path;
		}
		if (cp_one(argv[i], to) < 0)
			status = 1;
	}
	return status;
}
