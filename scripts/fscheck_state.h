/*
 * scripts/fscheck_state.h - what the checker learns as it goes, shared by
 * scripts/fscheck.c (superblock, log, inodes and blocks, links, bitmap)
 * and scripts/fscheck_dir.c (directory records and the tree). Private to
 * those two files; the public interface is scripts/fscheck.h.
 *
 * The per-inode arrays have sb.ninodes entries, owner has sb.nblocks.
 */
#ifndef SCRIPTS_FSCHECK_STATE_H
#define SCRIPTS_FSCHECK_STATE_H

#include <stdint.h>
#include <stdio.h>

#include "scripts/fsimage.h"

struct fscheck {
	struct fsimage *img;
	FILE *out;
	int errors;
	uint32_t *owner;  /* per block: the inode holding it, 0 = none */
	uint16_t *type;   /* per inode: FS_TYPE_*, FREE if unused or bad */
	uint32_t *nlink;  /* per inode: its nlink field */
	uint32_t *refs;   /* per inode: directory entries naming it */
	uint32_t *parent; /* per directory: the directory whose entry names it */
	uint32_t *dotdot; /* per directory: what its ".." names */
};

void fscheck_error(struct fscheck *ck, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fscheck_note(struct fscheck *ck, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void fscheck_directories(struct fscheck *ck);
void fscheck_tree(struct fscheck *ck);

#endif /* SCRIPTS_FSCHECK_STATE_H */
