/*
 * scripts/fscheck.c - the checks of fsck, in order: the superblock (stop
 * if it is wrong: nothing else can be located), the log (replayed first
 * when asked), every inode and the blocks it holds, the directories and
 * the tree (scripts/fscheck_dir.c), link counts, and the block bitmap
 * against the blocks found. Interface: scripts/fscheck.h.
 *
 * Block ownership is recorded in ck->owner as inodes are walked, so a
 * block reached twice, a block out of range and a bitmap bit that
 * disagrees are each found in one pass.
 */
#include "scripts/fscheck.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scripts/fscheck_state.h"

void fscheck_error(struct fscheck *ck, const char *fmt, ...)
{
	va_list ap;

	fputs("fsck: ", ck->out);
	va_start(ap, fmt);
	vfprintf(ck->out, fmt, ap);
	va_end(ap);
	fputc('\n', ck->out);
	ck->errors++;
}

void fscheck_note(struct fscheck *ck, const char *fmt, ...)
{
	va_list ap;

	fputs("fsck: ", ck->out);
	va_start(ap, fmt);
	vfprintf(ck->out, fmt, ap);
	va_end(ap);
	fputc('\n', ck->out);
}

/* ---- Superblock ------------------------------------------------------------ */

static uint64_t round_up_div(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

/* One equality the layout needs; reports it when it does not hold. */
static void super_expect(struct fscheck *ck, const char *field, uint64_t got, uint64_t want)
{
	if (got != want)
		fscheck_error(ck, "superblock: %s is %" PRIu64 ", expected %" PRIu64, field,
			      got, want);
}

static void fscheck_superblock(struct fscheck *ck)
{
	const struct fs_superblock *sb = &ck->img->sb;

	if (sb->magic != FS_MAGIC) {
		fscheck_error(ck, "superblock: bad magic 0x%08x (expected 0x%08x)", sb->magic,
			      FS_MAGIC);
		return;
	}
	super_expect(ck, "version", sb->version, FS_VERSION);
	super_expect(ck, "block_size", sb->block_size, FS_BLOCK_SIZE);
	super_expect(ck, "root_inum", sb->root_inum, FS_ROOT_INUM);
	super_expect(ck, "log_start", sb->log_start, FS_LOG_START);
	if (sb->log_blocks < 2 || sb->log_blocks > FS_LOG_BLOCKS)
		fscheck_error(ck, "superblock: log_blocks %u not in 2..%u", sb->log_blocks,
			      FS_LOG_BLOCKS);
	if (sb->ninodes < 2)
		fscheck_error(ck, "superblock: ninodes %u is less than 2", sb->ninodes);
	super_expect(ck, "inode_start", sb->inode_start, (uint64_t)sb->log_start + sb->log_blocks);
	super_expect(ck, "inode_blocks", sb->inode_blocks,
		     round_up_div(sb->ninodes, FS_INODES_PER_BLOCK));
	super_expect(ck, "bitmap_start", sb->bitmap_start,
		     (uint64_t)sb->inode_start + sb->inode_blocks);
	super_expect(ck, "bitmap_blocks", sb->bitmap_blocks,
		     round_up_div(sb->nblocks, FS_BITS_PER_BLOCK));
	super_expect(ck, "data_start", sb->data_start,
		     (uint64_t)sb->bitmap_start + sb->bitmap_blocks);
	if (sb->data_start >= sb->nblocks)
		fscheck_error(ck, "superblock: data_start %u is not below nblocks %u",
			      sb->data_start, sb->nblocks);
	if ((uint64_t)sb->nblocks * FS_BLOCK_SIZE > ck->img->file_bytes)
		fscheck_error(ck, "superblock: %u blocks, but the image holds only %" PRIu64
				  " bytes", sb->nblocks, ck->img->file_bytes);
}

/* ---- Log --------------------------------------------------------------------- */

static void fscheck_log(struct fscheck *ck, int replay)
{
	struct fs_log_header h;
	enum fsimage_log_state state;
	int err = fsimage_log_read(ck->img, &h, &state);

	if (err) {
		fscheck_error(ck, "log: cannot read the header: %s", strerror(-err));
		return;
	}
	if (state == FSIMAGE_LOG_INVALID) {
		fscheck_error(ck, "log: committed header is invalid (count %u, or a home "
				  "block outside the file system)", h.count);
	} else if (state == FSIMAGE_LOG_TORN && !replay) {
		fscheck_error(ck, "log: header (count %u) has a bad checksum (a torn, "
				  "uncommitted header; --replay discards it)", h.count);
	} else if (state == FSIMAGE_LOG_TORN) {
		err = fsimage_log_clear(ck->img);
		fscheck_note(ck, "log: discarded a torn header (count %u)", h.count);
	} else if (state == FSIMAGE_LOG_COMMITTED && !replay) {
		fscheck_error(ck, "log: holds a committed transaction (count %u; "
				  "--replay installs it, as mount does)", h.count);
	} else if (state == FSIMAGE_LOG_COMMITTED) {
		err = fsimage_log_install(ck->img, &h);
		fscheck_note(ck, "log: replayed %u block%s", h.count, h.count == 1 ? "" : "s");
	}
	if (err)
		fscheck_error(ck, "log: replay failed: %s", strerror(-err));
}

/* ---- Inodes and their blocks --------------------------------------------------- */

struct walk {
	uint32_t inum;
	uint64_t nfb;  /* file blocks covered by the size */
	uint32_t held; /* blocks found */
};

/* Claim bno (first file block it serves: fb) for w->inum; 0 if readable. */
static int walk_claim(struct fscheck *ck, struct walk *w, uint32_t bno, uint64_t fb,
		      const char *what)
{
	const struct fs_superblock *sb = &ck->img->sb;

	w->held++;
	if (bno < sb->data_start || bno >= sb->nblocks) {
		fscheck_error(ck, "inode %u: %s block %u out of range (data is %u..%u)", w->inum,
			      what, bno, sb->data_start, sb->nblocks - 1);
		return -1;
	}
	if (fb >= w->nfb)
		fscheck_error(ck, "inode %u: %s block %u at file block %" PRIu64
				  " lies past the size", w->inum, what, bno, fb);
	if (ck->owner[bno] != 0)
		fscheck_error(ck, "block %u used twice: by inode %u and inode %u", bno,
			      ck->owner[bno], w->inum);
	else
		ck->owner[bno] = w->inum;
	return 0;
}

/* Walk pointer block bno; depth 1 points at data, depth 2 at depth-1 tables. */
static void walk_table(struct fscheck *ck, struct walk *w, uint32_t bno, uint64_t fb,
		       int depth)
{
	uint32_t ptrs[FS_PTRS_PER_BLOCK];
	uint64_t span = depth == 1 ? 1 : FS_PTRS_PER_BLOCK;

	if (fsimage_block_read(ck->img, bno, ptrs) != 0) {
		fscheck_error(ck, "inode %u: cannot read pointer block %u", w->inum, bno);
		return;
	}
	for (uint32_t j = 0; j < FS_PTRS_PER_BLOCK; j++) {
		uint64_t at = fb + j * span;
		if (ptrs[j] == 0)
			continue;
		if (walk_claim(ck, w, ptrs[j], at, depth == 1 ? "data" : "indirect") == 0 &&
		    depth == 2)
			walk_table(ck, w, ptrs[j], at, 1);
	}
}

static void walk_inode(struct fscheck *ck, struct walk *w, const struct fs_dinode *di)
{
	const uint32_t *a = di->addrs;

	for (uint32_t i = 0; i < FS_NDIRECT; i++)
		if (a[i] != 0)
			walk_claim(ck, w, a[i], i, "data");
	if (a[FS_ADDR_INDIRECT] != 0 &&
	    walk_claim(ck, w, a[FS_ADDR_INDIRECT], FS_INDIRECT_FIRST, "indirect") == 0)
		walk_table(ck, w, a[FS_ADDR_INDIRECT], FS_INDIRECT_FIRST, 1);
	if (a[FS_ADDR_DINDIRECT] != 0 &&
	    walk_claim(ck, w, a[FS_ADDR_DINDIRECT], FS_DINDIRECT_FIRST, "double-indirect") == 0)
		walk_table(ck, w, a[FS_ADDR_DINDIRECT], FS_DINDIRECT_FIRST, 2);
}

/* Type-specific facts about size and device numbers. */
static void inode_check_shape(struct fscheck *ck, uint32_t inum, const struct fs_dinode *di)
{
	if (di->type == FS_TYPE_DIR && (di->size == 0 || di->size % FS_BLOCK_SIZE != 0))
		fscheck_error(ck, "inode %u: directory size %" PRIu64
				  " is not a non-zero multiple of %u", inum, di->size,
			      FS_BLOCK_SIZE);
	if (di->type == FS_TYPE_FILE && di->size > FS_MAX_FILE_SIZE)
		fscheck_error(ck, "inode %u: size %" PRIu64 " exceeds the largest file", inum,
			      di->size);
	if (di->type == FS_TYPE_SYMLINK && (di->size == 0 || di->size > FS_SYMLINK_MAX))
		fscheck_error(ck, "inode %u: symlink length %" PRIu64 " not in 1..%u", inum,
			      di->size, FS_SYMLINK_MAX);
	if (di->type == FS_TYPE_DEV && di->size != 0)
		fscheck_error(ck, "inode %u: device with size %" PRIu64, inum, di->size);
	if (di->type != FS_TYPE_DEV && (di->major != 0 || di->minor != 0))
		fscheck_error(ck, "inode %u: device numbers on a non-device", inum);
}

static void inode_check(struct fscheck *ck, uint32_t inum, const struct fs_dinode *di)
{
	struct walk w = { inum, round_up_div(di->size, FS_BLOCK_SIZE), 0 };
	int has_blocks = di->type != FS_TYPE_DEV &&
			 !(di->type == FS_TYPE_SYMLINK && di->size <= FS_SYMLINK_INLINE_MAX);

	if (di->type > FS_TYPE_MAX) {
		fscheck_error(ck, "inode %u: bad type %u", inum, di->type);
		return;
	}
	ck->type[inum] = di->type;
	ck->nlink[inum] = di->nlink;
	inode_check_shape(ck, inum, di);
	if (di->type == FS_TYPE_DEV)
		w.nfb = 0; /* any pointer is then reported as past the size */
	if (has_blocks || di->type == FS_TYPE_DEV)
		walk_inode(ck, &w, di);
	if (w.held != di->blocks)
		fscheck_error(ck, "inode %u: blocks field says %u, but it holds %u", inum,
			      di->blocks, w.held);
}

static void fscheck_inodes(struct fscheck *ck)
{
	const struct fs_superblock *sb = &ck->img->sb;
	struct fs_dinode table[FS_INODES_PER_BLOCK];

	for (uint32_t b = 0; b < sb->inode_blocks; b++) {
		if (fsimage_block_read(ck->img, sb->inode_start + b, table) != 0) {
			fscheck_error(ck, "inode table block %u unreadable", sb->inode_start + b);
			continue;
		}
		for (uint32_t i = 0; i < FS_INODES_PER_BLOCK; i++) {
			uint32_t inum = b * FS_INODES_PER_BLOCK + i;
			if (inum != 0 && inum < sb->ninodes && table[i].type != FS_TYPE_FREE)
				inode_check(ck, inum, &table[i]);
		}
	}
}

/* ---- Link counts ---------------------------------------------------------------- */

/* nlink 0 and named by no directory (a directory may still have its "."). */
static int inode_is_orphan(const struct fscheck *ck, uint32_t inum)
{
	if (ck->nlink[inum] != 0)
		return 0;
	if (ck->type[inum] == FS_TYPE_DIR)
		return ck->parent[inum] == 0 && ck->refs[inum] <= 1;
	return ck->refs[inum] == 0;
}

static void fscheck_links(struct fscheck *ck)
{
	for (uint32_t inum = 1; inum < ck->img->sb.ninodes; inum++) {
		if (ck->type[inum] == FS_TYPE_FREE)
			continue;
		if (inode_is_orphan(ck, inum))
			fscheck_note(ck, "warning: inode %u: orphan (nlink 0, in no directory)",
				     inum);
		else if (ck->refs[inum] != ck->nlink[inum])
			fscheck_error(ck, "inode %u: link count %u, but directory entries "
					  "naming it: %u", inum, ck->nlink[inum], ck->refs[inum]);
	}
}

/* ---- Bitmap ------------------------------------------------------------------------ */

static void bitmap_check_bit(struct fscheck *ck, uint32_t bno, int used)
{
	const struct fs_superblock *sb = &ck->img->sb;

	if (bno >= sb->nblocks) {
		if (used)
			fscheck_error(ck, "bitmap: bit %u past the last block is set", bno);
	} else if (bno < sb->data_start) {
		if (!used)
			fscheck_error(ck, "bitmap: metadata block %u marked free", bno);
	} else if (ck->owner[bno] != 0 && !used) {
		fscheck_error(ck, "bitmap: block %u in use by inode %u but marked free", bno,
			      ck->owner[bno]);
	} else if (ck->owner[bno] == 0 && used) {
		fscheck_error(ck, "bitmap: block %u marked in use but unreachable", bno);
	}
}

static void fscheck_bitmap(struct fscheck *ck)
{
	const struct fs_superblock *sb = &ck->img->sb;
	uint8_t block[FS_BLOCK_SIZE];

	for (uint32_t b = 0; b < sb->bitmap_blocks; b++) {
		if (fsimage_block_read(ck->img, sb->bitmap_start + b, block) != 0) {
			fscheck_error(ck, "bitmap block %u unreadable", sb->bitmap_start + b);
			continue;
		}
		for (uint32_t bit = 0; bit < FS_BITS_PER_BLOCK; bit++)
			bitmap_check_bit(ck, b * FS_BITS_PER_BLOCK + bit,
					 (block[bit / 8] >> (bit % 8)) & 1);
	}
}

/* ---- Driver ------------------------------------------------------------------------ */

static int fscheck_alloc(struct fscheck *ck)
{
	size_t ni = ck->img->sb.ninodes, nb = ck->img->sb.nblocks;

	ck->owner = calloc(nb, sizeof(*ck->owner));
	ck->type = calloc(ni, sizeof(*ck->type));
	ck->nlink = calloc(ni, sizeof(*ck->nlink));
	ck->refs = calloc(ni, sizeof(*ck->refs));
	ck->parent = calloc(ni, sizeof(*ck->parent));
	ck->dotdot = calloc(ni, sizeof(*ck->dotdot));
	if (!ck->owner || !ck->type || !ck->nlink || !ck->refs || !ck->parent || !ck->dotdot)
		return -ENOMEM;
	return 0;
}

static void fscheck_free(struct fscheck *ck)
{
	free(ck->owner);
	free(ck->type);
	free(ck->nlink);
	free(ck->refs);
	free(ck->parent);
	free(ck->dotdot);
}

int fscheck_run(struct fsimage *img, int replay, FILE *out)
{
	struct fscheck ck = { .img = img, .out = out };
	int err;

	fscheck_superblock(&ck);
	if (ck.errors)
		return ck.errors;
	err = fscheck_alloc(&ck);
	if (!err) {
		fscheck_log(&ck, replay);
		fscheck_inodes(&ck);
		fscheck_directories(&ck);
		fscheck_tree(&ck);
		fscheck_links(&ck);
		fscheck_bitmap(&ck);
	}
	fscheck_free(&ck);
	return err ? err : ck.errors;
}
