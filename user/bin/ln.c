/*
 * ln [-s] target linkname - make linkname a new (hard) link to the file
 * target, or with -s a symbolic link whose contents are target.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int symbolic = argc > 1 && strcmp(argv[1], "-s") == 0;
	int r;

	if (argc != 3 + symbolic) {
		fprintf(stderr, "usage: ln [-s] target linkname\n");
		return 2;
	}
	argv += symbolic;
	r = symbolic ? symlink(argv[1], argv[2]) : link(argv[1], argv[2]);
	if (r < 0) {
		fprintf(stderr, "ln: %s -> %s: %s\n", argv[2], argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
