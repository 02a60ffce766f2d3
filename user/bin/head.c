/*
 * head [-n N | -N] [file...] - print the first N lines (default 10) of
 * each file or of standard input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEAD_DEFAULT_LINES 10

static void head_stream(FILE *f, long lines)
{
	int c;

	while (lines > 0 && (c = getc(f)) != EOF) {
		putchar(c);
		if (c == '\n')
			lines--;
	}
}

static int head_path(const char *path, long lines, int banner)
{
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		fprintf(stderr, "head: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (banner)
		printf("==> %s <==\n", path);
	head_stream(f, lines);
	fclose(f);
	return 0;
}

/* Parse -n N or -N; returns the index of the first file argument. */
static int head_options(int argc, char **argv, long *lines)
{
	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		*lines = atol(argv[2]);
		return 3;
	}
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' && argv[1][1] <= '9') {
		*lines = atol(argv[1] + 1);
		return 2;
	}
	return 1;
}

int main(int argc, char **argv)
{
	long lines = HEAD_DEFAULT_LINES;
	int status = 0;
	int first = head_options(argc, argv, &lines);
	int i;

	if (first >= argc) {
		head_stream(stdin, lines);
		return 0;
	}
	for (i = first; i < argc; i++)
		if (head_path(argv[i], lines, argc - first > 1) < 0)
			status = 1;
	return status;
}
