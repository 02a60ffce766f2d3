/*
 * scripts/mkfs.c - build a file-system image on the host.
 *
 *   mkfs IMAGE [SIZE_MB] [--inodes N] [--root DIR]... [FILE | SRC=DEST]...
 *
 * Makes a fresh image of SIZE_MB MiB (default 64; a sparse file) holding
 * /bin, /dev/console (device 1, 0), /tmp, /proc and /README, then copies
 * in each --root host directory tree (merged into /), then each FILE as
 * /bin/BASENAME and each SRC=DEST as image path DEST (parents created).
 * --inodes sets the inode count (default: one per 16 KiB of disk).
 * Timestamps are SOURCE_DATE_EPOCH (or 0), so images are reproducible.
 * On any error it says which argument failed, deletes IMAGE, exits 1.
 * Format: fs/fs_format.h; the work is done in scripts/fsbuild.c.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scripts/fsbuild.h"

#define MKFS_DEFAULT_MB 64u
#define MKFS_BYTES_PER_INODE (16u * 1024)
#define MKFS_MAX_ROOTS 16

struct mkfs_options {
	const char *image;
	uint32_t size_mb;
	uint32_t ninodes; /* 0 = default */
	const char *roots[MKFS_MAX_ROOTS];
	int nroots;
	char **files; /* the FILE / SRC=DEST arguments */
	int nfiles;
};

static void mkfs_usage(void)
{
	fprintf(stderr, "usage: mkfs IMAGE [SIZE_MB] [--inodes N] [--root DIR]... "
			"[FILE | SRC=DEST]...\n");
	exit(2);
}

/* A decimal number in [min, max], or -1. */
static int64_t mkfs_parse_number(const char *s, int64_t min, int64_t max)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	return v;
}

static void mkfs_parse_args(int argc, char **argv, struct mkfs_options *opt)
{
	static const struct option longopts[] = {
		{ "inodes", required_argument, NULL, 'i' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int64_t v;
	int c;

	memset(opt, 0, sizeof(*opt));
	opt->size_mb = MKFS_DEFAULT_MB;
	while ((c = getopt_long(argc, argv, "i:r:h", longopts, NULL)) != -1) {
		if (c == 'i' && (v = mkfs_parse_number(optarg, 2, UINT32_MAX / 2)) > 0)
			opt->ninodes = (uint32_t)v;
		else if (c == 'r' && opt->nroots < MKFS_MAX_ROOTS)
			opt->roots[opt->nroots++] = optarg;
		else
			mkfs_usage();
	}
	if (optind >= argc)
		mkfs_usage();
	opt->image = argv[optind++];
	/* nblocks = MiB * 256 must fit in 32 bits */
	if (optind < argc && (v = mkfs_parse_number(argv[optind], 0, UINT32_MAX / 256)) >= 0) {
		if (v == 0)
			mkfs_usage();
		opt->size_mb = (uint32_t)v;
		optind++;
	}
	opt->files = argv + optind;
	opt->nfiles = argc - optind;
}

/* SOURCE_DATE_EPOCH if set and valid, else 0. */
static int64_t mkfs_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	int64_t v = s ? mkfs_parse_number(s, 0, INT64_MAX) : 0;

	return v < 0 ? 0 : v;
}

/* Report (unless what is NULL), remove the half-made image, give the status. */
static int mkfs_fail(const struct mkfs_options *opt, const char *what, int err)
{
	if (what)
		fprintf(stderr, "mkfs: %s: %s\n", what, strerror(-err));
	unlink(opt->image);
	return 1;
}

/* Fill the formatted image; returns 0 or the exit status after reporting. */
static int mkfs_populate(struct fsimage *img, const struct mkfs_options *opt)
{
	char failed[PATH_MAX];
	int err = fsbuild_standard(img);

	if (err)
		return mkfs_fail(opt, "standard tree", err);
	for (int i = 0; i < opt->nroots; i++) {
		err = fsbuild_copy_tree(img, opt->roots[i], "/", failed, sizeof(failed));
		if (err)
			return mkfs_fail(opt, failed, err);
	}
	for (int i = 0; i < opt->nfiles; i++) {
		err = fsbuild_place(img, opt->files[i]);
		if (err)
			return mkfs_fail(opt, opt->files[i], err);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct mkfs_options opt;
	struct fsimage img;
	uint32_t nblocks, ninodes;
	int err, status;

	mkfs_parse_args(argc, argv, &opt);
	nblocks = opt.size_mb * (1024u * 1024 / FS_BLOCK_SIZE);
	ninodes = opt.ninodes;
	if (ninodes == 0)
		ninodes = (uint32_t)((uint64_t)nblocks * FS_BLOCK_SIZE / MKFS_BYTES_PER_INODE);
	if (ninodes < FS_INODES_PER_BLOCK)
		ninodes = FS_INODES_PER_BLOCK;
	err = fsimage_format(&img, opt.image, nblocks, ninodes, mkfs_time());
	if (err) {
		if (err == -ENOSPC)
			fprintf(stderr, "mkfs: %u MiB is too small for the %u-block log and "
					"%u inodes\n", opt.size_mb, FS_LOG_BLOCKS, ninodes);
		fsimage_close(&img);
		return mkfs_fail(&opt, err == -ENOSPC ? NULL : opt.image, err);
	}
	status = mkfs_populate(&img, &opt);
	err = fsimage_close(&img);
	if (!status && err)
		status = mkfs_fail(&opt, opt.image, err);
	return status;
}
