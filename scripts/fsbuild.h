/*
 * scripts/fsbuild.h - fill a freshly formatted image from host files: the
 * standard tree (/bin, /dev/console, /tmp, /proc, /README), single files
 * placed by a "FILE" or "SRC=DEST" argument, and whole host directories.
 * Used by mkfs and by the host unit tests; errors are -errno, as in
 * scripts/fsimage.h.
 */
#ifndef SCRIPTS_FSBUILD_H
#define SCRIPTS_FSBUILD_H

#include <stddef.h>
#include <stdint.h>

#include "scripts/fsimage.h"

int fsbuild_standard(struct fsimage *img);
int fsbuild_mkdirs(struct fsimage *img, const char *path, uint32_t *inum);
int fsbuild_copy_file(struct fsimage *img, const char *src, const char *dest);
int fsbuild_place(struct fsimage *img, const char *spec);
int fsbuild_copy_tree(struct fsimage *img, const char *src, const char *dest,
		      char *failed, size_t failed_size);

#endif /* SCRIPTS_FSBUILD_H */
