/*
 * bmap_path.h - where file block fbn's pointer lives: the index in the
 * inode's addrs[], then in each indirect block on the way down. Pure
 * arithmetic over fs_format.h, shared with the host unit test.
 *
 *   fbn 0..11            depth 1: addrs[fbn]
 *   fbn 12..1035         depth 2: addrs[12] -> [fbn - 12]
 *   fbn 1036..1049611    depth 3: addrs[13] -> [(fbn - 1036) / 1024]
 *                                            -> [(fbn - 1036) % 1024]
 */
#ifndef FS_BMAP_PATH_H
#define FS_BMAP_PATH_H

#include <stdint.h>

#include "fs/fs_format.h"

struct bmap_path {
	int depth;        /* 1, 2 or 3 */
	uint32_t idx[3];  /* idx[0] into addrs[], then into indirect blocks */
};

/* 0, or -1 when fbn is past the largest file. */
static inline int bmap_path_of(uint64_t fbn, struct bmap_path *p)
{
	if (fbn < FS_NDIRECT) {
		*p = (struct bmap_path){.depth = 1, .idx = {(uint32_t)fbn}};
		return 0;
	}
	if (fbn < FS_DINDIRECT_FIRST) {
		*p = (struct bmap_path){.depth = 2,
		                        .idx = {FS_ADDR_INDIRECT, (uint32_t)(fbn - FS_INDIRECT_FIRST)}};
		return 0;
	}
	if (fbn < FS_MAX_FILE_BLOCKS) {
		uint64_t rel = fbn - FS_DINDIRECT_FIRST;
		*p = (struct bmap_path){.depth = 3,
		                        .idx = {FS_ADDR_DINDIRECT, (uint32_t)(rel / FS_PTRS_PER_BLOCK),
		                                (uint32_t)(rel % FS_PTRS_PER_BLOCK)}};
		return 0;
	}
	return -1;
}

/* File blocks a pointer at depth level of a path covers: 1 for a data
 * block pointer, 1024 for an indirect one, 1024^2 for the double. */
static inline uint64_t bmap_span(int levels_below)
{
	uint64_t span = 1;
	while (levels_below-- > 0)
		span *= FS_PTRS_PER_BLOCK;
	return span;
}

#endif
