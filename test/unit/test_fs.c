/*
 * test/unit/test_fs.c - host tests of the on-disk format (fs/fs_format.h),
 * the image library (scripts/fsimage*.c), mkfs's population code
 * (scripts/fsbuild.c) and fsck's checker (scripts/fscheck*.c).
 *
 * Every test builds its own images in a temporary directory: a fresh
 * image is checked clean, files past the single-indirect reach and
 * sparse files at 1 GiB round-trip, thousands of entries fit in a
 * directory, 255-byte names work and 256-byte ones are refused, symlinks
 * round-trip, and each planted corruption is reported by fsck.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fs/fs_format.h"
#include "scripts/fsbuild.h"
#include "scripts/fscheck.h"
#include "scripts/fsimage.h"

#define TEST_MTIME 1700000000
#define TEST_NBLOCKS (16u * 256) /* 16 MiB */
#define TEST_NINODES 4096u

static char tmpdir[] = "/tmp/test_fs.XXXXXX";

/* ---- Helpers -------------------------------------------------------------- */

static void tmp_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", tmpdir, name);
}

static void host_file_write(const char *name, const void *data, size_t len)
{
	char path[256];
	int fd;

	tmp_path(path, sizeof(path), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* Format name and add the standard tree. */
static void image_make(struct fsimage *img, const char *name, uint32_t nblocks)
{
	char path[256];

	tmp_path(path, sizeof(path), name);
	assert_int_equal(fsimage_format(img, path, nblocks, TEST_NINODES, TEST_MTIME), 0);
	assert_int_equal(fsbuild_standard(img), 0);
}

/* Run the checker; the report is returned in *report (caller frees). */
static int image_check(struct fsimage *img, int replay, char **report)
{
	size_t len;
	FILE *out = open_memstream(report, &len);
	int errors;

	assert_non_null(out);
	errors = fscheck_run(img, replay, out);
	fclose(out);
	return errors;
}

static void assert_clean(struct fsimage *img)
{
	char *report;
	int errors = image_check(img, 0, &report);

	if (errors != 0)
		print_error("%s", report);
	assert_int_equal(errors, 0);
	assert_string_equal(report, "");
	free(report);
}

/* The check fails and its report mentions what. */
static void assert_reported(struct fsimage *img, const char *what)
{
	char *report;
	int errors = image_check(img, 0, &report);

	if (errors == 0 || !strstr(report, what))
		print_error("wanted \"%s\" in:\n%s", what, report);
	assert_true(errors > 0);
	assert_non_null(strstr(report, what));
	free(report);
}

static uint32_t lookup(struct fsimage *img, const char *path)
{
	uint32_t inum = 0;

	assert_int_equal(fsimage_path_lookup(img, path, &inum), 0);
	return inum;
}

static struct fs_dinode inode_get(struct fsimage *img, uint32_t inum)
{
	struct fs_dinode di;

	assert_int_equal(fsimage_inode_read(img, inum, &di), 0);
	return di;
}

static void fill_pattern(uint8_t *buf, size_t len, uint32_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)((i * 2654435761u + seed) >> 13);
}

/* ---- Format facts ------------------------------------------------------------ */

static void test_layout(void **state)
{
	struct fs_superblock sb;

	(void)state;
	assert_int_equal(fsimage_layout(16384, 4096, &sb), 0);
	assert_int_equal(sb.log_start, 2);
	assert_int_equal(sb.log_blocks, FS_LOG_MAX + 1);
	assert_int_equal(sb.inode_start, 2 + FS_LOG_BLOCKS);
	assert_int_equal(sb.inode_blocks, 4096 / FS_INODES_PER_BLOCK);
	assert_int_equal(sb.bitmap_start, sb.inode_start + sb.inode_blocks);
	assert_int_equal(sb.bitmap_blocks, 1);
	assert_int_equal(sb.data_start, sb.bitmap_start + 1);
	assert_int_equal(fsimage_layout(1000, 64, &sb), -ENOSPC);
	assert_int_equal(FS_MAX_FILE_BLOCKS, 12 + 1024 + 1024 * 1024);
	assert_true(FS_MAX_FILE_SIZE > (4ull << 30));
}

/* ---- mkfs ----------------------------------------------------------------- */

static void test_mkfs_clean(void **state)
{
	uint8_t prog[10000], back[10000];
	char readme[64], path[256], spec[600], failed[256];
	struct fsimage img;
	struct fs_dinode di;

	(void)state;
	fill_pattern(prog, sizeof(prog), 1);
	host_file_write("prog", prog, sizeof(prog));
	image_make(&img, "clean.img", TEST_NBLOCKS);
	tmp_path(path, sizeof(path), "prog");
	assert_int_equal(fsbuild_place(&img, path), 0);
	snprintf(spec, sizeof(spec), "%s=/init", path);
	assert_int_equal(fsbuild_place(&img, spec), 0);
	snprintf(spec, sizeof(spec), "%s=/usr/lib/deep/prog", path);
	assert_int_equal(fsbuild_place(&img, spec), 0);
	assert_int_equal(fsbuild_place(&img, spec), -EEXIST);
	tmp_path(path, sizeof(path), "tree");
	mkdir(path, 0755);
	host_file_write("tree/etc-motd", "hi\n", 3);
	assert_int_equal(fsbuild_copy_tree(&img, path, "/etc", failed, sizeof(failed)), 0);
	assert_clean(&img);

	di = inode_get(&img, FS_ROOT_INUM);
	assert_int_equal(di.type, FS_TYPE_DIR);
	assert_int_equal(di.nlink, 2 + 6); /* ".", "..", bin dev tmp proc usr etc */
	assert_int_equal(lookup(&img, "/."), FS_ROOT_INUM);
	assert_int_equal(lookup(&img, "/.."), FS_ROOT_INUM);
	assert_int_equal(lookup(&img, "/tmp/.."), FS_ROOT_INUM);
	assert_int_equal(inode_get(&img, lookup(&img, "/proc")).type, FS_TYPE_DIR);
	di = inode_get(&img, lookup(&img, "/dev/console"));
	assert_int_equal(di.type, FS_TYPE_DEV);
	assert_int_equal(di.major, 1);
	assert_int_equal(di.minor, 0);
	assert_int_equal(fsimage_file_read(&img, lookup(&img, "/README"), 0, readme, 4), 4);
	assert_memory_equal(readme, "This", 4);
	assert_int_equal(fsimage_file_read(&img, lookup(&img, "/bin/prog"), 0, back,
					   sizeof(back)), sizeof(prog));
	assert_memory_equal(back, prog, sizeof(prog));
	assert_int_equal(fsimage_file_read(&img, lookup(&img, "/init"), 0, back, sizeof(back)),
			 sizeof(prog));
	assert_memory_equal(back, prog, sizeof(prog));
	assert_int_equal(inode_get(&img, lookup(&img, "/init")).mtime, TEST_MTIME);
	lookup(&img, "/usr/lib/deep/prog");
	lookup(&img, "/etc/etc-motd");
	fsimage_close(&img);
}

/* Build the same image twice: the bytes must match. */
static void test_mkfs_reproducible(void **state)
{
	const char *names[] = { "repro1.img", "repro2.img" };
	uint8_t a[FS_BLOCK_SIZE], b[FS_BLOCK_SIZE];
	char path[256];
	int fd[2];

	(void)state;
	host_file_write("prog", "reproducible\n", 13);
	for (int i = 0; i < 2; i++) {
		struct fsimage img;
		image_make(&img, names[i], TEST_NBLOCKS);
		tmp_path(path, sizeof(path), "prog");
		assert_int_equal(fsbuild_place(&img, path), 0);
		fsimage_close(&img);
		tmp_path(path, sizeof(path), names[i]);
		fd[i] = open(path, O_RDONLY);
		assert_true(fd[i] >= 0);
	}
	for (uint32_t bno = 0; bno < TEST_NBLOCKS; bno++) {
		assert_int_equal(read(fd[0], a, sizeof(a)), sizeof(a));
		assert_int_equal(read(fd[1], b, sizeof(b)), sizeof(b));
		assert_memory_equal(a, b, sizeof(a));
	}
	close(fd[0]);
	close(fd[1]);
}

/* ---- Files -------------------------------------------------------------------- */

/* 6 MiB: past the 12 direct + 1024 single-indirect blocks (4.05 MiB). */
static void test_large_file(void **state)
{
	const size_t len = 6u << 20;
	uint8_t *data = malloc(len), *back = malloc(len);
	uint64_t nfb = len / FS_BLOCK_SIZE;
	struct fsimage img;
	struct fs_dinode di;
	uint32_t inum, bno;
	size_t off, step;

	(void)state;
	assert_true((uint64_t)len > (uint64_t)FS_DINDIRECT_FIRST * FS_BLOCK_SIZE);
	fill_pattern(data, len, 7);
	image_make(&img, "large.img", TEST_NBLOCKS);
	assert_int_equal(fsimage_create(&img, lookup(&img, "/tmp"), "big", &inum), 0);
	for (off = 0, step = 1; off < len; off += step, step = step * 3 + 1) {
		if (step > len - off)
			step = len - off;
		assert_int_equal(fsimage_file_write(&img, inum, off, data + off, step), step);
	}
	memset(back, 0, len);
	for (off = 0, step = 4095; off < len; off += step)
		assert_true(fsimage_file_read(&img, inum, off, back + off, step) > 0);
	assert_memory_equal(back, data, len);
	di = inode_get(&img, inum);
	assert_int_equal(di.size, len);
	/* data + indirect + double-indirect + the indirect blocks under it */
	assert_int_equal(di.blocks, nfb + 1 + 1 + (nfb - FS_DINDIRECT_FIRST + 1023) / 1024);
	assert_int_equal(fsimage_inode_bmap(&img, &di, nfb - 1, 0, &bno), 0);
	assert_true(bno >= img.sb.data_start && bno < img.sb.nblocks);
	assert_int_not_equal(di.addrs[FS_ADDR_DINDIRECT], 0);
	assert_clean(&img);
	fsimage_close(&img);
	free(data);
	free(back);
}

/* A sparse file past 1 GiB: holes read as zeros, only 4 blocks used. */
static void test_sparse_gigabyte(void **state)
{
	const uint64_t at = (1ull << 30) + 12345;
	struct fsimage img;
	char buf[16];
	uint32_t inum;

	(void)state;
	image_make(&img, "sparse.img", TEST_NBLOCKS);
	assert_int_equal(fsimage_create(&img, FS_ROOT_INUM, "sparse", &inum), 0);
	assert_int_equal(fsimage_file_write(&img, inum, at, "tail", 4), 4);
	assert_int_equal(fsimage_file_write(&img, inum, 0, "head", 4), 4);
	assert_int_equal(inode_get(&img, inum).size, at + 4);
	assert_int_equal(inode_get(&img, inum).blocks, 4); /* 2 data, dind, ind */
	assert_int_equal(fsimage_file_read(&img, inum, at - 4, buf, 16), 8);
	assert_memory_equal(buf, "\0\0\0\0tail", 8);
	assert_int_equal(fsimage_file_read(&img, inum, 1u << 29, buf, 4), 4);
	assert_memory_equal(buf, "\0\0\0\0", 4);
	assert_int_equal(fsimage_file_write(&img, inum, FS_MAX_FILE_SIZE, "x", 1), -EFBIG);
	assert_clean(&img);
	fsimage_close(&img);
}

/* ---- Directories and names ------------------------------------------------------ */

static void test_many_entries(void **state)
{
	const int count = 3000;
	struct fsimage img;
	uint32_t dir, inum, found;
	char name[64];

	(void)state;
	image_make(&img, "many.img", TEST_NBLOCKS);
	assert_int_equal(fsimage_mkdir(&img, FS_ROOT_INUM, "many", &dir), 0);
	for (int i = 0; i < count; i++) {
		snprintf(name, sizeof(name), "entry-%05d%.*s", i, i % 40, "-padding-padding-padding-padding-pad");
		assert_int_equal(fsimage_create(&img, dir, name, &inum), 0);
	}
	for (int i = 0; i < count; i += 7) {
		snprintf(name, sizeof(name), "entry-%05d%.*s", i, i % 40, "-padding-padding-padding-padding-pad");
		assert_int_equal(fsimage_dir_lookup(&img, dir, name, &found), 0);
		assert_int_equal(inode_get(&img, found).type, FS_TYPE_FILE);
	}
	assert_int_equal(fsimage_dir_lookup(&img, dir, "entry-99999", &found), -ENOENT);
	assert_int_equal(fsimage_create(&img, dir, "entry-00000", &inum), -EEXIST);
	assert_true(inode_get(&img, dir).size > 20 * FS_BLOCK_SIZE);
	assert_clean(&img);
	fsimage_close(&img);
}

static void test_long_names(void **state)
{
	char name[FS_NAME_MAX + 2], path[FS_NAME_MAX + 8];
	struct fsimage img;
	uint32_t inum, found;

	(void)state;
	image_make(&img, "names.img", TEST_NBLOCKS);
	memset(name, 'n', FS_NAME_MAX);
	name[FS_NAME_MAX] = '\0';
	assert_int_equal(fsimage_create(&img, FS_ROOT_INUM, name, &inum), 0);
	assert_int_equal(fsimage_dir_lookup(&img, FS_ROOT_INUM, name, &found), 0);
	assert_int_equal(found, inum);
	snprintf(path, sizeof(path), "/%s", name);
	assert_int_equal(lookup(&img, path), inum);
	name[FS_NAME_MAX - 1] = 'm'; /* a near miss must not match */
	assert_int_equal(fsimage_dir_lookup(&img, FS_ROOT_INUM, name, &found), -ENOENT);
	memset(name, 'x', FS_NAME_MAX + 1);
	name[FS_NAME_MAX + 1] = '\0';
	assert_int_equal(fsimage_create(&img, FS_ROOT_INUM, name, &inum), -ENAMETOOLONG);
	assert_int_equal(fsimage_mkdir(&img, FS_ROOT_INUM, name, &inum), -ENAMETOOLONG);
	assert_int_equal(fsimage_create(&img, FS_ROOT_INUM, "a/b", &inum), -EINVAL);
	assert_int_equal(fsimage_create(&img, FS_ROOT_INUM, "..", &inum), -EINVAL);
	assert_int_equal(fsimage_create(&img, FS_ROOT_INUM, "", &inum), -EINVAL);
	assert_clean(&img);
	fsimage_close(&img);
}

static void test_symlinks(void **state)
{
	char target[FS_SYMLINK_MAX + 2], back[FS_SYMLINK_MAX + 1];
	struct fsimage img;
	uint32_t inum;

	(void)state;
	image_make(&img, "links.img", TEST_NBLOCKS);
	assert_int_equal(fsimage_symlink(&img, FS_ROOT_INUM, "short", "/bin/sh", &inum), 0);
	assert_int_equal(inode_get(&img, inum).blocks, 0);
	assert_int_equal(fsimage_readlink(&img, inum, back, sizeof(back)), 7);
	assert_memory_equal(back, "/bin/sh", 7);
	memset(target, 'p', 300);
	target[300] = '\0';
	assert_int_equal(fsimage_symlink(&img, FS_ROOT_INUM, "long", target, &inum), 0);
	assert_int_equal(inode_get(&img, inum).blocks, 1);
	assert_int_equal(fsimage_readlink(&img, inum, back, sizeof(back)), 300);
	assert_memory_equal(back, target, 300);
	memset(target, 'q', FS_SYMLINK_MAX + 1);
	target[FS_SYMLINK_MAX + 1] = '\0';
	assert_int_equal(fsimage_symlink(&img, FS_ROOT_INUM, "toolong", target, &inum),
			 -ENAMETOOLONG);
	assert_clean(&img);
	fsimage_close(&img);
}

/* ---- Planted corruptions ------------------------------------------------------------ */

/* An image with a few files and directories, known clean. */
static void image_populated(struct fsimage *img, const char *name)
{
	uint8_t data[3 * FS_BLOCK_SIZE];
	uint32_t a, b, f;

	image_make(img, name, TEST_NBLOCKS);
	fill_pattern(data, sizeof(data), 3);
	assert_int_equal(fsimage_mkdir(img, lookup(img, "/tmp"), "a", &a), 0);
	assert_int_equal(fsimage_mkdir(img, a, "b", &b), 0);
	assert_int_equal(fsimage_create(img, b, "f", &f), 0);
	assert_int_equal(fsimage_file_write(img, f, 0, data, sizeof(data)), sizeof(data));
	assert_int_equal(fsimage_create(img, a, "g", &f), 0);
	assert_int_equal(fsimage_file_write(img, f, 0, data, sizeof(data)), sizeof(data));
	assert_clean(img);
}

/* Free the record named name in block 0 of dir (by hand, as a bug would). */
static void dir_entry_clear(struct fsimage *img, uint32_t dir, const char *name)
{
	_Alignas(8) uint8_t block[FS_BLOCK_SIZE];
	struct fs_dinode di = inode_get(img, dir);
	size_t len = strlen(name);

	assert_int_equal(fsimage_block_read(img, di.addrs[0], block), 0);
	for (uint32_t off = 0; off < FS_BLOCK_SIZE;) {
		struct fs_dirent *de = (struct fs_dirent *)(block + off);
		if (de->inum && de->name_len == len && memcmp(de->name, name, len) == 0) {
			de->inum = 0;
			assert_int_equal(fsimage_block_write(img, di.addrs[0], block), 0);
			return;
		}
		off += de->rec_len;
	}
	fail_msg("no entry %s", name);
}

static void test_corrupt_magic(void **state)
{
	struct fsimage img;
	char *report;

	(void)state;
	image_populated(&img, "magic.img");
	img.sb.magic ^= 1;
	assert_int_equal(fsimage_super_write(&img), 0);
	assert_reported(&img, "bad magic");
	img.sb.magic ^= 1;
	img.sb.data_start++;
	assert_int_equal(fsimage_super_write(&img), 0);
	assert_reported(&img, "data_start");
	img.sb.data_start--;
	assert_int_equal(fsimage_super_write(&img), 0);
	assert_int_equal(image_check(&img, 0, &report), 0);
	free(report);
	fsimage_close(&img);
}

static void test_corrupt_double_use(void **state)
{
	struct fsimage img;
	struct fs_dinode f, g;
	uint32_t fi, gi;

	(void)state;
	image_populated(&img, "double.img");
	fi = lookup(&img, "/tmp/a/b/f");
	gi = lookup(&img, "/tmp/a/g");
	f = inode_get(&img, fi);
	g = inode_get(&img, gi);
	g.addrs[1] = f.addrs[2]; /* g's block 1 leaks, f's block 2 is shared */
	assert_int_equal(fsimage_inode_write(&img, gi, &g), 0);
	assert_reported(&img, "used twice");
	fsimage_close(&img);
}

static void test_corrupt_link_count(void **state)
{
	struct fsimage img;
	struct fs_dinode di;
	uint32_t inum;

	(void)state;
	image_populated(&img, "nlink.img");
	inum = lookup(&img, "/tmp/a/g");
	di = inode_get(&img, inum);
	di.nlink = 2;
	assert_int_equal(fsimage_inode_write(&img, inum, &di), 0);
	assert_reported(&img, "link count 2, but directory entries naming it: 1");
	di.nlink = 1;
	assert_int_equal(fsimage_inode_write(&img, inum, &di), 0);
	inum = lookup(&img, "/tmp/a");
	di = inode_get(&img, inum);
	di.nlink = 2; /* it has a subdirectory: 3 */
	assert_int_equal(fsimage_inode_write(&img, inum, &di), 0);
	assert_reported(&img, "link count 2, but directory entries naming it: 3");
	fsimage_close(&img);
}

static void test_corrupt_bitmap(void **state)
{
	struct fsimage img;
	struct fs_dinode di;
	uint32_t free_bno;

	(void)state;
	image_populated(&img, "bitmap.img");
	di = inode_get(&img, lookup(&img, "/tmp/a/g"));
	assert_int_equal(fsimage_bitmap_set(&img, di.addrs[0], 0), 0);
	assert_reported(&img, "but marked free");
	assert_int_equal(fsimage_bitmap_set(&img, di.addrs[0], 1), 0);
	free_bno = img.sb.nblocks - 1;
	assert_int_equal(fsimage_bitmap_set(&img, free_bno, 1), 0);
	assert_reported(&img, "marked in use but unreachable");
	assert_int_equal(fsimage_bitmap_set(&img, free_bno, 0), 0);
	assert_int_equal(fsimage_bitmap_set(&img, img.sb.inode_start, 0), 0);
	assert_reported(&img, "metadata block");
	fsimage_close(&img);
}

static void test_corrupt_loop(void **state)
{
	struct fsimage img;
	char *report;

	(void)state;
	image_populated(&img, "loop.img");
	/* /tmp/a/b/up names /tmp/a: a cycle a -> b -> a (nlink kept right) */
	assert_int_equal(fsimage_dir_link(&img, lookup(&img, "/tmp/a/b"), "up",
					  lookup(&img, "/tmp/a")), 0);
	assert_reported(&img, "directory loop");
	fsimage_close(&img);

	/* A cycle cut off from the root: /tmp/a's entry moved into /tmp/a/b. */
	image_populated(&img, "loop2.img");
	assert_int_equal(fsimage_dir_link(&img, lookup(&img, "/tmp/a/b"), "again",
					  lookup(&img, "/tmp/a")), 0);
	dir_entry_clear(&img, lookup(&img, "/tmp"), "a");
	assert_true(image_check(&img, 0, &report) > 0);
	assert_non_null(strstr(report, "on a cycle of directories"));
	free(report);
	fsimage_close(&img);
}

static void test_corrupt_dotdot(void **state)
{
	_Alignas(8) uint8_t block[FS_BLOCK_SIZE];
	struct fsimage img;
	struct fs_dinode di;
	struct fs_dirent *dotdot;

	(void)state;
	image_populated(&img, "dotdot.img");
	di = inode_get(&img, lookup(&img, "/tmp/a/b"));
	assert_int_equal(fsimage_block_read(&img, di.addrs[0], block), 0);
	dotdot = (struct fs_dirent *)(block + FS_DIRENT_RECLEN(1));
	dotdot->inum = lookup(&img, "/tmp"); /* should be /tmp/a */
	assert_int_equal(fsimage_block_write(&img, di.addrs[0], block), 0);
	assert_reported(&img, "'..' names");
	dotdot->inum = lookup(&img, "/tmp/a");
	dotdot->rec_len = 6;
	assert_int_equal(fsimage_block_write(&img, di.addrs[0], block), 0);
	assert_reported(&img, "bad record length");
	dotdot->rec_len = FS_BLOCK_SIZE - FS_DIRENT_RECLEN(1);
	memcpy(dotdot->name, "./", 2); /* not ".." */
	assert_int_equal(fsimage_block_write(&img, di.addrs[0], block), 0);
	assert_reported(&img, "second entry is not '..'");
	fsimage_close(&img);
}

static void test_corrupt_out_of_range(void **state)
{
	struct fsimage img;
	struct fs_dinode di;
	uint32_t inum;

	(void)state;
	image_populated(&img, "range.img");
	inum = lookup(&img, "/tmp/a/b/f");
	di = inode_get(&img, inum);
	di.addrs[1] = img.sb.nblocks + 5;
	assert_int_equal(fsimage_inode_write(&img, inum, &di), 0);
	assert_reported(&img, "out of range");
	di.addrs[1] = img.sb.inode_start; /* metadata is out of range too */
	assert_int_equal(fsimage_inode_write(&img, inum, &di), 0);
	assert_reported(&img, "out of range");
	fsimage_close(&img);
}

static void test_corrupt_size(void **state)
{
	struct fsimage img;
	struct fs_dinode di;
	uint32_t inum;

	(void)state;
	image_populated(&img, "size.img");
	inum = lookup(&img, "/tmp/a/g");
	di = inode_get(&img, inum);
	di.size = FS_BLOCK_SIZE; /* but it holds 3 blocks */
	assert_int_equal(fsimage_inode_write(&img, inum, &di), 0);
	assert_reported(&img, "past the size");
	di.size = 3 * FS_BLOCK_SIZE;
	di.blocks = 2;
	assert_int_equal(fsimage_inode_write(&img, inum, &di), 0);
	assert_reported(&img, "blocks field says 2, but it holds 3");
	fsimage_close(&img);
}

/* ---- The log ---------------------------------------------------------------------- */

static void test_log_replay(void **state)
{
	static uint8_t blocks[2][FS_BLOCK_SIZE];
	struct fsimage img;
	struct fs_dinode di;
	struct fs_log_header h;
	uint32_t homes[2], inum;
	char *report, buf[8];

	(void)state;
	image_populated(&img, "log.img");
	inum = lookup(&img, "/tmp/a/g");
	di = inode_get(&img, inum);
	homes[0] = di.addrs[0];
	homes[1] = di.addrs[2];
	memset(blocks[0], 'A', FS_BLOCK_SIZE);
	memset(blocks[1], 'C', FS_BLOCK_SIZE);
	assert_int_equal(fsimage_log_commit(&img, 2, homes, blocks), 0);
	assert_reported(&img, "committed transaction (count 2;");
	assert_int_equal(image_check(&img, 1, &report), 0);
	assert_non_null(strstr(report, "replayed 2 blocks"));
	free(report);
	assert_clean(&img);
	assert_int_equal(fsimage_file_read(&img, inum, 0, buf, 1), 1);
	assert_int_equal(buf[0], 'A');
	assert_int_equal(fsimage_file_read(&img, inum, 2 * FS_BLOCK_SIZE, buf, 1), 1);
	assert_int_equal(buf[0], 'C');

	/* A torn header (checksum wrong) is discarded, not replayed. */
	memset(blocks[0], 'Z', FS_BLOCK_SIZE);
	assert_int_equal(fsimage_log_commit(&img, 1, homes, blocks), 0);
	assert_int_equal(fsimage_block_read(&img, img.sb.log_start, &h), 0);
	h.checksum++;
	assert_int_equal(fsimage_block_write(&img, img.sb.log_start, &h), 0);
	assert_reported(&img, "bad checksum");
	assert_int_equal(image_check(&img, 1, &report), 0);
	assert_non_null(strstr(report, "discarded"));
	free(report);
	assert_int_equal(fsimage_file_read(&img, inum, 0, buf, 1), 1);
	assert_int_equal(buf[0], 'A');
	assert_clean(&img);
	homes[0] = img.sb.log_start + 1; /* the log itself is no home */
	assert_int_equal(fsimage_log_commit(&img, 1, homes, blocks), -EINVAL);
	fsimage_close(&img);
}

/* ---- Setup -------------------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_mkfs_clean),
		cmocka_unit_test(test_mkfs_reproducible),
		cmocka_unit_test(test_large_file),
		cmocka_unit_test(test_sparse_gigabyte),
		cmocka_unit_test(test_many_entries),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_symlinks),
		cmocka_unit_test(test_corrupt_magic),
		cmocka_unit_test(test_corrupt_double_use),
		cmocka_unit_test(test_corrupt_link_count),
		cmocka_unit_test(test_corrupt_bitmap),
		cmocka_unit_test(test_corrupt_loop),
		cmocka_unit_test(test_corrupt_dotdot),
		cmocka_unit_test(test_corrupt_out_of_range),
		cmocka_unit_test(test_corrupt_size),
		cmocka_unit_test(test_log_replay),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
