/*
 * log.c - the write-ahead log: group commit of file-system operations.
 *
 * Interface (fs_impl.h): fs_begin_op / fs_end_op bracket an operation;
 * inside, log_write(fs, page) records that a cache page was changed.
 * Changed pages stay in the cache, pinned (PG_LOGGED and a reference),
 * until their transaction is committed and installed. log_sync commits
 * the open transaction (or has it committed) and waits for it. The on-disk protocol
 * (commit, install, recovery) is the one fs/fs_format.h documents, and
 * fsck --replay does the same recovery.
 *
 * Group commit: many operations share one transaction, from several
 * processes at once and one after another. An operation reserves
 * LOG_OP_MAX blocks at begin; fs_begin_op waits while a commit is running
 * or wanted, or while the reservations of the operations in progress
 * would not fit. The transaction is committed when an operation ends with
 * no other in progress and either the log could not take another
 * operation, or someone waits in log_sync (fsync, msync, poweroff,
 * /proc/drop_caches), or the transaction is older than LOG_COMMIT_AGE_NS;
 * an operation that finds the log full with none in progress commits it
 * itself, as does log_sync with none in progress. So nothing changes the
 * pages while they are written (except a user's shared mapping, which only
 * affects file data), and a run of small operations (a file created,
 * written and closed; a write() in 4 KiB pieces) costs one commit, not
 * one each. The price: an operation not followed by a sync reaches the
 * disk up to LOG_COMMIT_AGE_NS later (or at the next operation after
 * that, on an idle system); a crash loses such work whole operations at a
 * time, and never what a completed fsync covered.
 *
 * A block changed by several operations of a transaction is logged once
 * (absorption): slot_hash finds its slot without a scan.
 *
 * Locking: log.lock guards outstanding, committing, want_commit, error,
 * seq, opened_ns, count, blocks[], pages[] and slot_hash[] (the committer
 * alone touches count/blocks/pages/slot_hash while committing is set, ops
 * being excluded). Lock order: log.lock ->
 * log.wq.lock; it is taken with no other file-system spinlock held.
 */
#include <string.h>

#include "fs/block.h"
#include "fs/fs_impl.h"
#include "kernel/printk.h"
#include "kernel/timer.h"
#include "kernel/uapi/errno.h"
#include "vm/kmalloc.h"

#define LOG_IO_BATCH 64 /* requests in flight at once while committing */

/* ---- Raw block I/O in batches (commit and recovery) -------------------- */

/* Write pages[i] (or data[i] if pages is NULL) to block blocks[i] or
 * first + i when blocks is NULL, for n blocks, LOG_IO_BATCH at a time. */
struct log_io {
	uint32_t first;
	const uint32_t *blocks;
	struct page **pages;
};

static int log_write_blocks(struct fs_mount *fs, const struct log_io *io, uint32_t n)
{
	struct fs_log *lg = &fs->log;
	for (uint32_t done = 0; done < n;) {
		uint32_t k = n - done < LOG_IO_BATCH ? n - done : LOG_IO_BATCH;
		struct block_waiter w;
		block_waiter_init(&w, k);
		for (uint32_t j = 0; j < k; j++) {
			uint32_t i = done + j;
			struct block_request *r = &lg->reqs[j];
			*r = (struct block_request){
				.op = BLOCK_WRITE,
				.block = io->blocks ? io->blocks[i] : io->first + i,
				.data = page_address(io->pages[i]),
				.done = block_waiter_done, .private = &w,
			};
			int err = block_submit(fs->bd, r);
			if (err)
				block_waiter_fail(&w, err);
		}
		int err = block_waiter_wait(fs->bd, &w);
		if (err)
			return err;
		done += k;
	}
	return 0;
}

static int log_write_header(struct fs_mount *fs, uint32_t count, const uint32_t *blocks)
{
	struct fs_log_header *h = page_address(fs->log.hdr);
	memset(h, 0, sizeof *h);
	h->count = count;
	if (count)
		memcpy(h->blocks, blocks, count * sizeof *blocks);
	h->checksum = fs_log_checksum(h);
	int err = block_write_sync(fs->bd, fs->log.start, h);
	return err ? err : block_flush_sync(fs->bd);
}

/* ---- Commit --------------------------------------------------------------- */

static int commit_write(struct fs_mount *fs)
{
	struct fs_log *lg = &fs->log;
	struct log_io to_log = {.first = lg->start + 1, .pages = lg->pages};
	struct log_io home = {.blocks = lg->blocks, .pages = lg->pages};
	int err = log_write_blocks(fs, &to_log, lg->count);
	if (!err)
		err = block_flush_sync(fs->bd);
	if (!err)
		err = log_write_header(fs, lg->count, lg->blocks); /* the commit point */
	if (!err)
		err = log_write_blocks(fs, &home, lg->count);
	if (!err)
		err = block_flush_sync(fs->bd);
	if (!err)
		err = log_write_header(fs, 0, NULL);
	return err;
}

static void commit_release(struct fs_log *lg)
{
	for (uint32_t i = 0; i < lg->count; i++) {
		page_flag_clear(lg->pages[i], PG_LOGGED);
		page_put(lg->pages[i]);
		lg->pages[i] = NULL;
	}
	lg->count = 0;
	memset(lg->slot_hash, 0, LOG_HASH_SIZE * sizeof *lg->slot_hash);
}

/* Runs with committing set and no operation in progress. */
static void log_commit(struct fs_mount *fs)
{
	struct fs_log *lg = &fs->log;
	if (lg->count == 0)
		return;
	int err = commit_write(fs);
	if (err) {
		printk("fs: %s: log commit failed (%d): no more changes will be made\n",
		       fs_name(fs), err);
		spin_lock(&lg->lock);
		lg->error = -EIO;
		spin_unlock(&lg->lock);
	}
	commit_release(lg);
}

/* Commit the open transaction (log.lock held, no commit running and no
 * operation in progress); drops log.lock meanwhile. Wakes every waiter. */
static void commit_locked(struct fs_mount *fs)
{
	struct fs_log *lg = &fs->log;
	KASSERT(lg->outstanding == 0 && !lg->committing);
	lg->committing = true;
	lg->want_commit = false;
	spin_unlock(&lg->lock);
	log_commit(fs);
	spin_lock(&lg->lock);
	lg->committing = false;
	lg->seq++;
	waitqueue_wake_all(&lg->wq);
}

/* ---- Operations ----------------------------------------------------------- */

static bool op_fits_locked(const struct fs_log *lg)
{
	return lg->count + (uint32_t)(lg->outstanding + 1) * LOG_OP_MAX <= lg->capacity;
}

int fs_begin_op(struct fs_mount *fs)
{
	struct fs_log *lg = &fs->log;
	if (fs->read_only)
		return -EROFS;
	spin_lock(&lg->lock);
	while (!lg->error) {
		if (!lg->committing) {
			if (!lg->want_commit && op_fits_locked(lg)) {
				lg->outstanding++;
				break;
			}
			if (lg->outstanding == 0) {
				commit_locked(fs); /* full, and nobody else will end an op */
				continue;
			}
			lg->want_commit = true; /* the last op to end commits */
		}
		waitqueue_sleep_uninterruptible(&lg->wq, &lg->lock);
	}
	int err = lg->error;
	spin_unlock(&lg->lock);
	return err;
}

/* Whether the open transaction should be committed now that the last
 * operation ended (log.lock held). */
static bool commit_due_locked(const struct fs_log *lg)
{
	if (lg->want_commit)
		return true;
	if (lg->count == 0)
		return false;
	return lg->count + LOG_OP_MAX > lg->capacity ||
	       time_now_ns() - lg->opened_ns >= LOG_COMMIT_AGE_NS;
}

void fs_end_op(struct fs_mount *fs)
{
	struct fs_log *lg = &fs->log;
	spin_lock(&lg->lock);
	KASSERT(lg->outstanding > 0 && !lg->committing);
	if (--lg->outstanding == 0 && commit_due_locked(lg))
		commit_locked(fs);
	else
		waitqueue_wake_all(&lg->wq); /* our reservation is free again */
	spin_unlock(&lg->lock);
}

static uint32_t log_hash(uint32_t b)
{
	return (b * 2654435761u) >> 16 & (LOG_HASH_SIZE - 1);
}

/* The slot of block b in the open transaction, or count if none; *h is
 * where b's hash entry is or would go. */
static uint32_t log_slot_locked(const struct fs_log *lg, uint32_t b, uint32_t *h)
{
	for (*h = log_hash(b);; *h = (*h + 1) & (LOG_HASH_SIZE - 1)) {
		uint16_t s = lg->slot_hash[*h];
		if (s == 0)
			return lg->count;
		if (lg->blocks[s - 1] == b)
			return s - 1u;
	}
}

void log_write(struct fs_mount *fs, struct page *p)
{
	struct fs_log *lg = &fs->log;
	uint32_t b = (uint32_t)p->index, h;
	KASSERT(p->owner == fs->bd);
	/* PG_LOGGED: p itself is in the open transaction (the only one that
	 * takes blocks; ops are excluded while it commits). */
	if (page_flag_test(p, PG_LOGGED))
		return;
	spin_lock(&lg->lock);
	KASSERT(lg->outstanding > 0 && !lg->committing);
	uint32_t i = log_slot_locked(lg, b, &h);
	struct page *old = i < lg->count ? lg->pages[i] : NULL;
	if (old != p) {
		KASSERT(i < lg->capacity); /* reservations keep us below */
		page_get(p);
		page_flag_set(p, PG_LOGGED);
		lg->blocks[i] = b;
		lg->pages[i] = p;
		if (i == lg->count) {
			if (lg->count++ == 0)
				lg->opened_ns = time_now_ns();
			lg->slot_hash[h] = (uint16_t)(i + 1);
		}
	}
	spin_unlock(&lg->lock);
	if (old && old != p) { /* a page that left the cache: the new one wins */
		page_flag_clear(old, PG_LOGGED);
		page_put(old);
	}
}

int log_sync(struct fs_mount *fs)
{
	struct fs_log *lg = &fs->log;
	spin_lock(&lg->lock);
	uint64_t seq = lg->seq;
	if (!lg->committing && lg->outstanding == 0 && (lg->count > 0 || lg->want_commit)) {
		commit_locked(fs);
	} else if (lg->committing || lg->count > 0) {
		/* A running commit holds every op ended so far; otherwise the
		 * last op in progress commits for us. */
		if (!lg->committing)
			lg->want_commit = true;
		while (lg->seq == seq && !lg->error)
			waitqueue_sleep_uninterruptible(&lg->wq, &lg->lock);
	}
	int err = lg->error;
	spin_unlock(&lg->lock);
	return err;
}

/* ---- Mount ---------------------------------------------------------------- */

int log_init(struct fs_mount *fs)
{
	struct fs_log *lg = &fs->log;
	lg->start = fs->sb.log_start;
	lg->capacity = fs->sb.log_blocks - 1 < FS_LOG_MAX ? fs->sb.log_blocks - 1 : FS_LOG_MAX;
	spin_init(&lg->lock, "log");
	waitqueue_init(&lg->wq, "log");
	lg->blocks = kzalloc(lg->capacity * sizeof *lg->blocks);
	lg->pages = kzalloc(lg->capacity * sizeof *lg->pages);
	lg->reqs = kzalloc(LOG_IO_BATCH * sizeof *lg->reqs);
	lg->slot_hash = kzalloc(LOG_HASH_SIZE * sizeof *lg->slot_hash);
	lg->hdr = page_alloc(0, PAGE_ZERO);
	if (!lg->blocks || !lg->pages || !lg->reqs || !lg->slot_hash || !lg->hdr)
		return -ENOMEM;
	return 0;
}

/* The header read at mount names only blocks past the log, in the device. */
static int recover_check(struct fs_mount *fs, const struct fs_log_header *h)
{
	const struct fs_superblock *sb = &fs->sb;
	if (h->count > fs->log.capacity)
		return fs_corrupt(fs, "log header counts %u blocks, the log holds %u", h->count,
		                  fs->log.capacity);
	for (uint32_t i = 0; i < h->count; i++)
		if (h->blocks[i] < sb->log_start + sb->log_blocks || h->blocks[i] >= sb->nblocks)
			return fs_corrupt(fs, "log entry %u names block %u", i, h->blocks[i]);
	return 0;
}

/* Copy logged block i home, through buf. */
static int recover_install(struct fs_mount *fs, const struct fs_log_header *h, void *buf)
{
	for (uint32_t i = 0; i < h->count; i++) {
		int err = block_read_sync(fs->bd, fs->log.start + 1 + i, buf);
		if (!err)
			err = block_write_sync(fs->bd, h->blocks[i], buf);
		if (err)
			return err;
	}
	return block_flush_sync(fs->bd);
}

int log_recover(struct fs_mount *fs)
{
	struct fs_log_header *h = page_address(fs->log.hdr);
	int err = block_read_sync(fs->bd, fs->log.start, h);
	if (err || h->count == 0)
		return err;
	bool committed = h->checksum == fs_log_checksum(h);
	if (committed && (err = recover_check(fs, h)) != 0)
		return err;
	if (fs->read_only)
		return fs_corrupt(fs, "the log needs recovery but the device is read-only");
	if (!committed) {
		printk("fs: %s: discarding a torn, uncommitted log header\n", fs_name(fs));
		return log_write_header(fs, 0, NULL);
	}
	printk("fs: %s: recovering %u logged blocks\n", fs_name(fs), h->count);
	struct page *buf = page_alloc(0, 0);
	if (!buf)
		return -ENOMEM;
	err = recover_install(fs, h, page_address(buf));
	page_put(buf);
	return err ? err : log_write_header(fs, 0, NULL);
}
