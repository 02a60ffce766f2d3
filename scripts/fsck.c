/*
 * scripts/fsck.c - check a file-system image on the host.
 *
 *   fsck [--replay] IMAGE
 *
 * Prints one "fsck: ..." line per problem and exits 1 if there was any;
 * otherwise prints "fsck: clean" and exits 0. Exit 2: usage error or the
 * image cannot be opened. Without --replay the image is opened read-only
 * and a non-empty log is an error; with --replay a committed log is
 * installed (and a torn header discarded) first, as the kernel does at
 * mount, so a crash test can check the image the kernel would see.
 * The checks themselves: scripts/fscheck.c, docs/filesystem.md.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "scripts/fscheck.h"

static int fsck_usage(void)
{
	fprintf(stderr, "usage: fsck [--replay] IMAGE\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	struct fsimage img;
	int replay = 0, errors, err;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--replay") == 0)
			replay = 1;
		else if (argv[i][0] == '-' || path)
			return fsck_usage();
		else
			path = argv[i];
	}
	if (!path)
		return fsck_usage();
	err = fsimage_open(&img, path, replay);
	if (err) {
		fprintf(stderr, "fsck: %s: %s\n", path,
			err == -EIO ? "too short to hold a superblock" : strerror(-err));
		fsimage_close(&img);
		return 2;
	}
	errors = fscheck_run(&img, replay, stdout);
	err = fsimage_close(&img);
	if (errors < 0 || err) {
		fprintf(stderr, "fsck: %s: %s\n", path, strerror(errors < 0 ? -errors : -err));
		return 2;
	}
	if (errors)
		printf("fsck: %d error%s\n", errors, errors == 1 ? "" : "s");
	else
		printf("fsck: clean\n");
	return errors ? 1 : 0;
}
