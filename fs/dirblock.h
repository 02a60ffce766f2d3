/*
 * dirblock.h - the records of one directory block (struct fs_dirent in
 * fs/fs_format.h): checking, finding, inserting and removing them. Pure
 * functions over a FS_BLOCK_SIZE buffer, with no locks and no I/O, so
 * the host unit test (test/unit/test_dirblock.c) runs them too.
 *
 * Offsets are byte offsets of records within the block. Every function
 * but dirblock_check expects a block that passed dirblock_check.
 */
#ifndef FS_DIRBLOCK_H
#define FS_DIRBLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/fs_format.h"

static inline struct fs_dirent *dirblock_at(void *blk, uint32_t off)
{
	return (struct fs_dirent *)((char *)blk + off);
}

/* 0 if the records tile the block and each is well formed; else -1 with
 * *bad = the offset of the first bad record. */
int dirblock_check(const void *blk, uint32_t *bad);
/* The offset of the used record named name[0..len), or -1. */
int dirblock_find(const void *blk, const char *name, size_t len);
/* Add a record (reusing a free one or splitting a used one's slack): its
 * offset, or -1 if the block has no room. */
int dirblock_insert(void *blk, const char *name, size_t len, uint32_t inum, uint8_t type);
/* Remove the used record at off: merged into the previous record, or
 * marked free when it is the first of the block. */
void dirblock_remove(void *blk, uint32_t off);
/* A block with one free record spanning it. */
void dirblock_init_empty(void *blk);
/* Block 0 of a new directory: "." = self, ".." = parent, then free room. */
void dirblock_init_first(void *blk, uint32_t self, uint32_t parent);
/* The offset of the first used record at or after off, or -1. */
int dirblock_next_used(const void *blk, uint32_t off);
/* Whether the block names anything but "." and "..". */
bool dirblock_has_entries(const void *blk);
/* Whether name[0..len) is "." or "..". */
bool dirblock_is_dot(const char *name, size_t len);

#endif
