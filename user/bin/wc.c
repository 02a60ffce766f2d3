/*
 * wc [file...] - count lines, words and bytes of each file (or standard
 * input) and print "lines words bytes name" ("lines words bytes" for
 * standard input); a total line follows when there are several files.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WC_BUF_SIZE 4096

struct wc_counts {
	unsigned long lines, words, bytes;
};

static int wc_fd(int fd, struct wc_counts *c)
{
	static char buf[WC_BUF_SIZE];
	int in_word = 0;
	ssize_t n, i;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += n;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n')
				c->lines++;
			if (isspace((unsigned char)buf[i]))
				in_word = 0;
			else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	return n < 0 ? -1 : 0;
}

/* name is NULL for standard input. */
static void wc_print(const struct wc_counts *c, const char *name)
{
	printf("%lu %lu %lu", c->lines, c->words, c->bytes);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

static int wc_path(const char *path, struct wc_counts *total)
{
	struct wc_counts c = { 0, 0, 0 };
	int fd = open(path, O_RDONLY);

	if (fd < 0 || wc_fd(fd, &c) < 0) {
		fprintf(stderr, "wc: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	wc_print(&c, path);
	total->lines += c.lines;
	total->words += c.words;
	total->bytes += c.bytes;
	return 0;
}

int main(int argc, char **argv)
{
	struct wc_counts total = { 0, 0, 0 };
	int status = 0;
	int i;

	if (argc < 2) {
		if (wc_fd(0, &total) < 0) {
			fprintf(stderr, "wc: %s\n", strerror(errno));
			return 1;
		}
		wc_print(&total, NULL);
		return 0;
	}
	for (i = 1; i < argc; i++)
		if (wc_path(argv[i], &total) < 0)
			status = 1;
	if (argc > 2)
		wc_print(&total, "total");
	return status;
}
