/*
 * test/unit/test_dirblock.c - host tests of fs/dirblock.c (the records of
 * one directory block) and fs/bmap_path.h (where a file block's pointer
 * lives): a new directory block holds "." and ".."; inserts fill free
 * records and split slack; removal merges into the previous record and
 * frees the first; a block fills up with exactly as many records as fit
 * and refuses one more; damaged blocks are caught by dirblock_check; and
 * the block map boundaries (11/12, 1035/1036, the last block) land where
 * fs_format.h says.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fs/bmap_path.h"
#include "fs/dirblock.h"

static _Alignas(8) uint8_t blk[FS_BLOCK_SIZE];

static void name_of(char *buf, int i)
{
	sprintf(buf, "file-%05d", i);
}

static void test_first_block(void **state)
{
	uint32_t bad;
	dirblock_init_first(blk, 7, 3);
	assert_int_equal(dirblock_check(blk, &bad), 0);
	assert_int_equal(dirblock_find(blk, ".", 1), 0);
	assert_int_equal(dirblock_find(blk, "..", 2), 12);
	assert_int_equal(dirblock_at(blk, 0)->inum, 7);
	assert_int_equal(dirblock_at(blk, 12)->inum, 3);
	assert_int_equal(dirblock_at(blk, 12)->rec_len, FS_BLOCK_SIZE - 12);
	assert_false(dirblock_has_entries(blk));
	assert_int_equal(dirblock_find(blk, "x", 1), -1);
}

static void test_insert_remove(void **state)
{
	uint32_t bad;
	dirblock_init_first(blk, 7, 3);
	int a = dirblock_insert(blk, "alpha", 5, 10, FS_TYPE_FILE);
	int b = dirblock_insert(blk, "beta", 4, 11, FS_TYPE_DIR);
	assert_int_equal(a, 24); /* split off ".." (12 + 12) */
	assert_int_equal(b, a + (int)FS_DIRENT_RECLEN(5));
	assert_true(dirblock_has_entries(blk));
	assert_int_equal(dirblock_find(blk, "beta", 4), b);
	assert_int_equal(dirblock_next_used(blk, (uint32_t)a + 1), b);
	dirblock_remove(blk, (uint32_t)a); /* merged into ".." */
	assert_int_equal(dirblock_check(blk, &bad), 0);
	assert_int_equal(dirblock_find(blk, "alpha", 5), -1);
	assert_int_equal(dirblock_find(blk, "beta", 4), b);
	/* The slack left by alpha is reused. */
	assert_int_equal(dirblock_insert(blk, "gamma", 5, 12, FS_TYPE_FILE), a);
	assert_int_equal(dirblock_check(blk, &bad), 0);
}

static void test_first_record_freed(void **state)
{
	uint32_t bad;
	dirblock_init_empty(blk);
	assert_int_equal(dirblock_insert(blk, "only", 4, 5, FS_TYPE_FILE), 0);
	dirblock_remove(blk, 0);
	assert_int_equal(dirblock_at(blk, 0)->inum, 0);
	assert_int_equal(dirblock_at(blk, 0)->rec_len, FS_BLOCK_SIZE);
	assert_int_equal(dirblock_next_used(blk, 0), -1);
	assert_int_equal(dirblock_check(blk, &bad), 0);
	assert_int_equal(dirblock_insert(blk, "again", 5, 6, FS_TYPE_FILE), 0);
}

static void test_fill(void **state)
{
	char name[32];
	uint32_t bad;
	int n = 0;
	dirblock_init_empty(blk);
	name_of(name, n);
	while (dirblock_insert(blk, name, strlen(name), (uint32_t)n + 2, FS_TYPE_FILE) >= 0)
		name_of(name, ++n);
	/* 10-byte names take 20-byte records: 4096 / 20 = 204. */
	assert_int_equal(n, FS_BLOCK_SIZE / FS_DIRENT_RECLEN(10));
	assert_int_equal(dirblock_check(blk, &bad), 0);
	for (int i = 0; i < n; i++) {
		name_of(name, i);
		assert_true(dirblock_find(blk, name, strlen(name)) >= 0);
	}
	/* Free every other record; longer names then fit in the merged slack. */
	for (int i = 1; i < n; i += 2) {
		name_of(name, i);
		dirblock_remove(blk, (uint32_t)dirblock_find(blk, name, strlen(name)));
	}
	assert_int_equal(dirblock_check(blk, &bad), 0);
	assert_true(dirblock_insert(blk, "a-name-of-twenty-b", 18, 999, FS_TYPE_FILE) >= 0);
	assert_int_equal(dirblock_check(blk, &bad), 0);
}

static void test_longest_name(void **state)
{
	char name[FS_NAME_MAX];
	memset(name, 'z', sizeof name);
	dirblock_init_first(blk, 2, 1);
	int off = dirblock_insert(blk, name, FS_NAME_MAX, 9, FS_TYPE_FILE);
	assert_true(off > 0);
	assert_int_equal(dirblock_find(blk, name, FS_NAME_MAX), off);
	assert_int_equal(dirblock_find(blk, name, FS_NAME_MAX - 1), -1);
}

static void test_check_catches_damage(void **state)
{
	uint32_t bad;
	dirblock_init_first(blk, 7, 3);
	dirblock_at(blk, 12)->rec_len = 6; /* below the header size */
	assert_int_equal(dirblock_check(blk, &bad), -1);
	assert_int_equal(bad, 12);
	dirblock_init_first(blk, 7, 3);
	dirblock_at(blk, 12)->rec_len = FS_BLOCK_SIZE; /* runs past the block */
	assert_int_equal(dirblock_check(blk, &bad), -1);
	dirblock_init_first(blk, 7, 3);
	dirblock_at(blk, 0)->rec_len = 14; /* not a multiple of 4 */
	assert_int_equal(dirblock_check(blk, &bad), -1);
	assert_int_equal(bad, 0);
	dirblock_init_first(blk, 7, 3);
	dirblock_at(blk, 0)->name_len = 200; /* name longer than its record */
	assert_int_equal(dirblock_check(blk, &bad), -1);
	dirblock_init_first(blk, 7, 3);
	dirblock_at(blk, 0)->type = 0; /* used record of no type */
	assert_int_equal(dirblock_check(blk, &bad), -1);
}

static void test_dots(void **state)
{
	assert_true(dirblock_is_dot(".", 1));
	assert_true(dirblock_is_dot("..", 2));
	assert_false(dirblock_is_dot("...", 3));
	assert_false(dirblock_is_dot(".a", 2));
}

static void test_bmap_path(void **state)
{
	struct bmap_path p;
	assert_int_equal(bmap_path_of(0, &p), 0);
	assert_int_equal(p.depth, 1);
	assert_int_equal(bmap_path_of(11, &p), 0);
	assert_int_equal(p.depth, 1);
	assert_int_equal(p.idx[0], 11);
	assert_int_equal(bmap_path_of(12, &p), 0);
	assert_int_equal(p.depth, 2);
	assert_int_equal(p.idx[0], FS_ADDR_INDIRECT);
	assert_int_equal(p.idx[1], 0);
	assert_int_equal(bmap_path_of(1035, &p), 0);
	assert_int_equal(p.depth, 2);
	assert_int_equal(p.idx[1], 1023);
	assert_int_equal(bmap_path_of(1036, &p), 0);
	assert_int_equal(p.depth, 3);
	assert_int_equal(p.idx[0], FS_ADDR_DINDIRECT);
	assert_int_equal(p.idx[1], 0);
	assert_int_equal(p.idx[2], 0);
	assert_int_equal(bmap_path_of(1036 + 1024 + 5, &p), 0);
	assert_int_equal(p.idx[1], 1);
	assert_int_equal(p.idx[2], 5);
	assert_int_equal(bmap_path_of(FS_MAX_FILE_BLOCKS - 1, &p), 0);
	assert_int_equal(p.idx[1], 1023);
	assert_int_equal(p.idx[2], 1023);
	assert_int_equal(bmap_path_of(FS_MAX_FILE_BLOCKS, &p), -1);
	assert_int_equal(bmap_span(0), 1);
	assert_int_equal(bmap_span(1), 1024);
	assert_int_equal(bmap_span(2), 1024 * 1024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_block),
		cmocka_unit_test(test_insert_remove),
		cmocka_unit_test(test_first_record_freed),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_longest_name),
		cmocka_unit_test(test_check_catches_damage),
		cmocka_unit_test(test_dots),
		cmocka_unit_test(test_bmap_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
