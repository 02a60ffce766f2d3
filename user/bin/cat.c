/*
 * cat [file...] - copy each file (or standard input, also for "-") to
 * standard output. Exit status 1 if any file could not be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CAT_BUF_SIZE 4096

static int cat_write_all(int fd, const char *buf, size_t n)
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

static int cat_fd(int fd, const char *name)
{
	static char buf[CAT_BUF_SIZE];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (cat_write_all(1, buf, (size_t)n) < 0) {
			fprintf(stderr, "cat: write error: %s\n", strerror(errno));
			return -1;
		}
	}
	if (n < 0) {
		fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

static int cat_path(const char *path)
{
	int fd, r;

	if (strcmp(path, "-") == 0)
		return cat_fd(0, "stdin");
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "cat: %s: %s\n", path, strerror(errno));
		return -1;
	}
	r = cat_fd(fd, path);
	close(fd);
	return r;
}

int main(int argc, char **argv)
{
	int status = 0;
	int i;

	if (argc < 2)
		return cat_fd(0, "stdin") < 0;
	for (i = 1; i < argc; i++)
		if (cat_path(argv[i]) < 0)
			status = 1;
	return status;
}
