/*
 * scripts/fscheck.h - check a file-system image (the engine of fsck).
 *
 * fscheck_run prints one "fsck: ..." line per problem to out and returns
 * the number of errors (0 = clean), or -errno if it could not run at all
 * (out of memory, unreadable image). Warnings ("fsck: warning: ...", for
 * orphan inodes the kernel left with nlink 0) are printed but not
 * counted. With replay set, a committed log is installed first and a
 * torn log header discarded, as the kernel does at mount; this writes
 * to the image, so open it writable. What is checked: docs/filesystem.md.
 */
#ifndef SCRIPTS_FSCHECK_H
#define SCRIPTS_FSCHECK_H

#include <stdio.h>

#include "scripts/fsimage.h"

int fscheck_run(struct fsimage *img, int replay, FILE *out);

#endif /* SCRIPTS_FSCHECK_H */
