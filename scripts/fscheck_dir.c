/*
 * scripts/fscheck_dir.c - directory checks of fsck.
 *
 * fscheck_directories parses every allocated directory (reachable or
 * not): records tile each block, names are valid and unique, block 0
 * starts with "." (itself) and "..", entries name allocated inodes of the
 * type they claim. It counts entries per inode (ck->refs) and records,
 * for each directory, the one directory that names it (ck->parent) and
 * what its ".." says (ck->dotdot). fscheck_tree then checks the tree those
 * describe: ".." names the parent, and every directory leads up to the
 * root with no cycle. Record rules: struct fs_dirent in fs/fs_format.h.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "scripts/fscheck_state.h"

/* The names seen in one directory, to find duplicates. */
struct name_list {
	char **names;
	size_t count, cap;
};

/* Where a record is, for messages. */
struct dir_pos {
	uint32_t dir;
	uint64_t fb;  /* file block */
	uint32_t off; /* byte offset in that block */
	uint32_t idx; /* record number in that block */
};

/* A printable copy of a raw name (odd bytes become '?'). */
static const char *name_show(const char *name, size_t len, char *buf)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (name[i] < 32 || name[i] > 126) ? '?' : name[i];
	buf[len] = '\0';
	return buf;
}

static void name_list_add(struct name_list *l, const char *name, size_t len)
{
	char *copy;

	if (l->count == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		char **bigger = realloc(l->names, cap * sizeof(*bigger));
		if (!bigger)
			return; /* duplicates then go unnoticed, nothing worse */
		l->names = bigger;
		l->cap = cap;
	}
	copy = malloc(len + 1);
	if (!copy)
		return;
	memcpy(copy, name, len);
	copy[len] = '\0';
	l->names[l->count++] = copy;
}

static int name_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Report each name that appears more than once, then free the list. */
static void name_list_check(struct fscheck *ck, uint32_t dir, struct name_list *l)
{
	char shown[FS_NAME_MAX + 1];

	if (l->count > 1)
		qsort(l->names, l->count, sizeof(*l->names), name_compare);
	for (size_t i = 0; i + 1 < l->count; i++)
		if (strcmp(l->names[i], l->names[i + 1]) == 0)
			fscheck_error(ck, "directory %u: name '%s' appears twice", dir,
				      name_show(l->names[i], strlen(l->names[i]), shown));
	for (size_t i = 0; i < l->count; i++)
		free(l->names[i]);
	free(l->names);
}

static int is_dot(const struct fs_dirent *de)
{
	return de->name_len == 1 && de->name[0] == '.';
}

static int is_dotdot(const struct fs_dirent *de)
{
	return de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.';
}

/* Name rules: "." and ".." exactly where they belong, valid bytes elsewhere. */
static int record_check_name(struct fscheck *ck, const struct dir_pos *p,
			     const struct fs_dirent *de)
{
	char shown[FS_NAME_MAX + 1];

	if (p->fb == 0 && p->idx == 0 && (!is_dot(de) || de->inum != p->dir)) {
		fscheck_error(ck, "directory %u: first entry is not '.' naming itself", p->dir);
		return -1;
	}
	if (p->fb == 0 && p->idx == 1 && !is_dotdot(de)) {
		fscheck_error(ck, "directory %u: second entry is not '..'", p->dir);
		return -1;
	}
	if ((p->fb != 0 || p->idx > 1) &&
	    fsimage_name_check(de->name, de->name_len) != 0) {
		fscheck_error(ck, "directory %u block %" PRIu64 " offset %u: bad name '%s'",
			      p->dir, p->fb, p->off, name_show(de->name, de->name_len, shown));
		return -1;
	}
	return 0;
}

/* The inode a used record names: in range, allocated, of the stated type. */
static int record_check_target(struct fscheck *ck, const struct dir_pos *p,
			       const struct fs_dirent *de)
{
	uint32_t inum = de->inum;

	if (inum >= ck->img->sb.ninodes) {
		fscheck_error(ck, "directory %u: entry names inode %u, out of range", p->dir,
			      inum);
		return -1;
	}
	if (ck->type[inum] == FS_TYPE_FREE) {
		fscheck_error(ck, "directory %u: entry names free inode %u", p->dir, inum);
		return -1;
	}
	if (de->type != ck->type[inum])
		fscheck_error(ck, "directory %u: entry for inode %u says type %u, inode has %u",
			      p->dir, inum, de->type, ck->type[inum]);
	return 0;
}

/* Check one used record and count the reference it makes. */
static void record_check(struct fscheck *ck, const struct dir_pos *p,
			 const struct fs_dirent *de, struct name_list *names)
{
	int dots = p->fb == 0 && p->idx <= 1;

	if (de->name_len == 0 || FS_DIRENT_RECLEN(de->name_len) > de->rec_len) {
		fscheck_error(ck, "directory %u block %" PRIu64 " offset %u: name of %u bytes "
				  "overflows its record of %u", p->dir, p->fb, p->off,
			      de->name_len, de->rec_len);
		return;
	}
	if (record_check_name(ck, p, de) != 0 || record_check_target(ck, p, de) != 0)
		return;
	ck->refs[de->inum]++;
	if (dots && p->idx == 1)
		ck->dotdot[p->dir] = de->inum;
	if (dots)
		return;
	name_list_add(names, de->name, de->name_len);
	if (ck->type[de->inum] != FS_TYPE_DIR)
		return;
	if (ck->parent[de->inum] == 0)
		ck->parent[de->inum] = p->dir;
	else
		fscheck_error(ck, "directory loop: directory %u is named by directory %u "
				  "and by directory %u", de->inum, ck->parent[de->inum], p->dir);
}

/* Walk the records of one directory block. */
static void block_check(struct fscheck *ck, struct dir_pos *p, const uint8_t *block,
			struct name_list *names)
{
	for (p->off = 0, p->idx = 0; p->off < FS_BLOCK_SIZE; p->idx++) {
		const struct fs_dirent *de = (const struct fs_dirent *)(block + p->off);

		if (de->rec_len < FS_DIRENT_HEADER || de->rec_len % FS_DIRENT_ALIGN != 0 ||
		    p->off + de->rec_len > FS_BLOCK_SIZE) {
			fscheck_error(ck, "directory %u block %" PRIu64 " offset %u: bad record "
					  "length %u", p->dir, p->fb, p->off, de->rec_len);
			return;
		}
		if (de->inum != 0)
			record_check(ck, p, de, names);
		else if (p->fb == 0 && p->idx <= 1)
			fscheck_error(ck, "directory %u: missing '%s'", p->dir,
				      p->idx == 0 ? "." : "..");
		p->off += de->rec_len;
	}
	if (p->fb == 0 && p->idx < 2)
		fscheck_error(ck, "directory %u: missing '..'", p->dir);
}

static void dir_check(struct fscheck *ck, uint32_t dir)
{
	_Alignas(8) uint8_t block[FS_BLOCK_SIZE];
	struct name_list names = { 0 };
	struct dir_pos p = { .dir = dir };
	struct fs_dinode di;
	uint32_t bno;

	if (fsimage_inode_read(ck->img, dir, &di) != 0)
		return;
	for (p.fb = 0; p.fb < di.size / FS_BLOCK_SIZE; p.fb++) {
		if (fsimage_inode_bmap(ck->img, &di, p.fb, 0, &bno) != 0)
			break; /* a bad pointer block: reported by the block walk */
		if (bno == 0) {
			fscheck_error(ck, "directory %u: hole at block %" PRIu64, dir, p.fb);
			continue;
		}
		if (bno < ck->img->sb.data_start || fsimage_block_read(ck->img, bno, block) != 0)
			continue; /* out of range: reported by the block walk */
		block_check(ck, &p, block, &names);
	}
	name_list_check(ck, dir, &names);
}

void fscheck_directories(struct fscheck *ck)
{
	for (uint32_t inum = 1; inum < ck->img->sb.ninodes; inum++)
		if (ck->type[inum] == FS_TYPE_DIR)
			dir_check(ck, inum);
}

/* ---- The tree ------------------------------------------------------------------------ */

enum reach { REACH_UNKNOWN, REACH_ROOT, REACH_NOT };

/*
 * Follow parents up from dir until the root, a directory already judged,
 * or a directory nobody names; a walk longer than there are inodes is a
 * cycle. Every directory passed gets the verdict.
 */
static void tree_reach(struct fscheck *ck, uint8_t *reach, uint32_t dir)
{
	uint32_t limit = ck->img->sb.ninodes, steps = 0, x = dir;
	uint8_t verdict;

	while (x != FS_ROOT_INUM && reach[x] == REACH_UNKNOWN && ck->parent[x] != 0 &&
	       steps <= limit) {
		x = ck->parent[x];
		steps++;
	}
	if (x == FS_ROOT_INUM || reach[x] == REACH_ROOT)
		verdict = REACH_ROOT;
	else
		verdict = REACH_NOT;
	if (steps > limit)
		fscheck_error(ck, "directory loop: directory %u is on a cycle of directories "
				  "that does not lead to the root", dir);
	for (x = dir; steps-- > 0 && reach[x] == REACH_UNKNOWN; x = ck->parent[x])
		reach[x] = verdict;
}

static void tree_check_dir(struct fscheck *ck, uint32_t dir)
{
	if (ck->parent[dir] == 0) {
		if (ck->nlink[dir] != 0) /* nlink 0: an orphan, warned about later */
			fscheck_error(ck, "directory %u: not named by any directory", dir);
		return;
	}
	if (ck->dotdot[dir] != ck->parent[dir])
		fscheck_error(ck, "directory %u: '..' names %u, but its parent is %u", dir,
			      ck->dotdot[dir], ck->parent[dir]);
}

void fscheck_tree(struct fscheck *ck)
{
	uint32_t n = ck->img->sb.ninodes;
	uint8_t *reach;

	if (ck->type[FS_ROOT_INUM] != FS_TYPE_DIR) {
		fscheck_error(ck, "root inode %u is not a directory", FS_ROOT_INUM);
		return;
	}
	if (ck->dotdot[FS_ROOT_INUM] != FS_ROOT_INUM)
		fscheck_error(ck, "root directory: '..' names %u, not the root",
			      ck->dotdot[FS_ROOT_INUM]);
	if (ck->parent[FS_ROOT_INUM] != 0)
		fscheck_error(ck, "directory loop: the root directory is named by directory %u",
			      ck->parent[FS_ROOT_INUM]);
	reach = calloc(n, 1);
	for (uint32_t d = FS_ROOT_INUM + 1; d < n; d++) {
		if (ck->type[d] != FS_TYPE_DIR)
			continue;
		tree_check_dir(ck, d);
		if (reach && ck->parent[d] != 0 && reach[d] == REACH_UNKNOWN)
			tree_reach(ck, reach, d);
	}
	free(reach);
}
