/*
 * scripts/fsimage_log.c - the write-ahead log of a host image: read and
 * classify the header, write a committed transaction (for tests of
 * replay), install one and empty the log, exactly as the kernel does at
 * mount. The protocol is described at struct fs_log_header in
 * fs/fs_format.h; the interface in scripts/fsimage.h.
 */
#include "scripts/fsimage.h"

#include <errno.h>
#include <string.h>

static uint32_t log_capacity(const struct fsimage *img)
{
	uint32_t room = img->sb.log_blocks > 0 ? img->sb.log_blocks - 1 : 0;

	return room < FS_LOG_MAX ? room : FS_LOG_MAX;
}

/* A home block a transaction may write: past the log, inside the device. */
static int log_home_ok(const struct fsimage *img, uint32_t bno)
{
	return bno >= img->sb.log_start + img->sb.log_blocks && bno < img->sb.nblocks;
}

/* Read the log header and classify it (see enum fsimage_log_state). */
int fsimage_log_read(const struct fsimage *img, struct fs_log_header *h,
		     enum fsimage_log_state *state)
{
	int err = fsimage_block_read(img, img->sb.log_start, h);

	if (err)
		return err;
	if (h->count == 0)
		*state = FSIMAGE_LOG_EMPTY;
	else if (h->checksum != fs_log_checksum(h))
		*state = FSIMAGE_LOG_TORN;
	else
		*state = FSIMAGE_LOG_COMMITTED;
	if (*state == FSIMAGE_LOG_COMMITTED && h->count > log_capacity(img))
		*state = FSIMAGE_LOG_INVALID;
	for (uint32_t i = 0; *state == FSIMAGE_LOG_COMMITTED && i < h->count; i++)
		if (!log_home_ok(img, h->blocks[i]))
			*state = FSIMAGE_LOG_INVALID;
	return 0;
}

/* Write count blocks and a committed header, but do not install them. */
int fsimage_log_commit(struct fsimage *img, uint32_t count, const uint32_t *homes,
		       const void *blocks)
{
	struct fs_log_header h;
	const uint8_t *data = blocks;
	int err = 0;

	if (count == 0 || count > log_capacity(img))
		return -EINVAL;
	memset(&h, 0, sizeof(h));
	for (uint32_t i = 0; i < count && !err; i++) {
		if (!log_home_ok(img, homes[i]))
			return -EINVAL;
		h.blocks[i] = homes[i];
		err = fsimage_block_write(img, img->sb.log_start + 1 + i,
					  data + (size_t)i * FS_BLOCK_SIZE);
	}
	h.count = count;
	h.checksum = fs_log_checksum(&h);
	return err ? err : fsimage_block_write(img, img->sb.log_start, &h);
}

/* Copy each logged block home, then empty the log (what mount does). */
int fsimage_log_install(struct fsimage *img, const struct fs_log_header *h)
{
	uint8_t block[FS_BLOCK_SIZE];

	for (uint32_t i = 0; i < h->count; i++) {
		int err = fsimage_block_read(img, img->sb.log_start + 1 + i, block);
		if (!err)
			err = fsimage_block_write(img, h->blocks[i], block);
		if (err)
			return err;
	}
	return fsimage_log_clear(img);
}

int fsimage_log_clear(struct fsimage *img)
{
	static const struct fs_log_header empty;

	return fsimage_block_write(img, img->sb.log_start, &empty);
}
