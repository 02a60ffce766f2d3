/*
 * block_selftest.c - boot-time tests of the block layer and its drivers,
 * run by block_selftest() when "selftest" is on the kernel command line.
 *
 * Every device: block_read_<dev> reads the first and last blocks (ram0's
 * block 0 must equal the initrd's first bytes), block_range_<dev> checks
 * that a block past the end is refused with -EINVAL.
 *
 * Only on the scratch virtio disk named by "blocktest=vdX" (its contents
 * are overwritten): block_write_<dev> writes a pattern to a few blocks
 * and reads it back, block_flush_<dev> flushes, block_inflight_<dev>
 * writes then reads INFLIGHT blocks with all requests in flight at once,
 * block_queue_<dev> submits more reads than the ring holds, so some wait
 * in the driver's software queue.
 *
 * Output: one "PASS block_<test>_<dev>" or "FAIL block_<test>_<dev>:
 * reason" line per test. Runs in whatever context it is called from
 * (the waits spin before processes exist, sleep after).
 */
#include <string.h>

#include "arch/riscv/arch.h"
#include "fs/block.h"
#include "kernel/boot.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "vm/kmalloc.h"
#include "vm/page.h"

#define INFLIGHT 64           /* requests in flight at once */
#define QUEUE_ROUNDS 4        /* block_queue: INFLIGHT * this many reads */
#define SCRATCH_BASE 8        /* first block of the in-flight tests */
#define PATTERN_MUL 0x9e3779b97f4a7c15ULL

static void pass(const char *test, const struct block_device *bd)
{
	printk("PASS block_%s_%s\n", test, bd->name);
}

static void fail(const char *test, const char *dev, const char *why, long detail)
{
	printk("FAIL block_%s_%s: %s (%ld)\n", test, dev, why, detail);
}

/* --- every device --- */

static int check_first_block(struct block_device *bd, uint8_t *buf)
{
	int err = block_read_sync(bd, 0, buf);
	if (err || strcmp(bd->name, "ram0") != 0)
		return err;
	uint64_t size = platform.initrd_end - platform.initrd_start;
	uint64_t n = size < BLOCK_SIZE ? size : BLOCK_SIZE;
	return memcmp(buf, phys_to_virt(platform.initrd_start), n) ? -EIO : 0;
}

static void test_read(struct block_device *bd, uint8_t *buf)
{
	int err = check_first_block(bd, buf);
	if (!err)
		err = block_read_sync(bd, bd->nblocks - 1, buf);
	if (err)
		fail("read", bd->name, "read error or wrong data", err);
	else
		pass("read", bd);
}

static void test_range(struct block_device *bd, uint8_t *buf)
{
	int err = block_read_sync(bd, bd->nblocks, buf);
	if (err != -EINVAL)
		fail("range", bd->name, "read past the end not refused", err);
	else
		pass("range", bd);
}

/* --- the scratch disk --- */

static void pattern_fill(uint64_t *buf, uint64_t block, uint64_t seed)
{
	for (uint64_t i = 0; i < BLOCK_SIZE / sizeof(uint64_t); i++)
		buf[i] = (seed ^ block << 32 ^ i) * PATTERN_MUL;
}

static bool pattern_check(const uint64_t *buf, uint64_t block, uint64_t seed)
{
	for (uint64_t i = 0; i < BLOCK_SIZE / sizeof(uint64_t); i++)
		if (buf[i] != ((seed ^ block << 32 ^ i) * PATTERN_MUL))
			return false;
	return true;
}

static int write_read_one(struct block_device *bd, uint64_t block, uint64_t seed, uint64_t *buf)
{
	pattern_fill(buf, block, seed);
	int err = block_write_sync(bd, block, buf);
	if (err)
		return err;
	memset(buf, 0, BLOCK_SIZE);
	err = block_read_sync(bd, block, buf);
	if (err)
		return err;
	return pattern_check(buf, block, seed) ? 0 : -EIO;
}

static void test_write(struct block_device *bd, uint64_t seed, uint64_t *buf)
{
	uint64_t blocks[] = {1, bd->nblocks / 2, bd->nblocks - 1};
	for (unsigned i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
		int err = write_read_one(bd, blocks[i], seed, buf);
		if (err) {
			fail("write", bd->name, "pattern not read back from block", (long)blocks[i]);
			return;
		}
	}
	pass("write", bd);
}

static void test_flush(struct block_device *bd)
{
	int err = block_flush_sync(bd);
	if (err)
		fail("flush", bd->name, "flush failed", err);
	else
		pass("flush", bd);
}

/* Submit reqs[0..n-1] (already filled) as one batch; wait for all.
 * *outstanding: how many had not completed when the last was queued. */
static int batch_run(struct block_device *bd, struct block_request *reqs, int n,
                     unsigned *outstanding)
{
	struct block_waiter w;
	block_waiter_init(&w, n);
	for (int i = 0; i < n; i++) {
		reqs[i].done = block_waiter_done;
		reqs[i].private = &w;
		int err = block_submit(bd, &reqs[i]);
		if (err)
			block_waiter_fail(&w, err);
	}
	spin_lock(&w.lock);
	*outstanding = w.pending;
	spin_unlock(&w.lock);
	return block_waiter_wait(bd, &w);
}

static void reqs_fill(struct block_request *reqs, int n, enum block_op op, uint64_t **bufs)
{
	for (int i = 0; i < n; i++) {
		reqs[i].op = op;
		reqs[i].block = SCRATCH_BASE + i % INFLIGHT;
		reqs[i].data = bufs[i % INFLIGHT];
	}
}

static int bufs_check(uint64_t **bufs, uint64_t seed)
{
	for (int i = 0; i < INFLIGHT; i++)
		if (!pattern_check(bufs[i], SCRATCH_BASE + i, seed))
			return i;
	return -1;
}

static void bufs_clear(uint64_t **bufs)
{
	for (int i = 0; i < INFLIGHT; i++)
		memset(bufs[i], 0, BLOCK_SIZE);
}

static void test_inflight(struct block_device *bd, uint64_t seed, uint64_t **bufs,
                          struct block_request *reqs)
{
	unsigned out_w, out_r;
	for (int i = 0; i < INFLIGHT; i++)
		pattern_fill(bufs[i], SCRATCH_BASE + i, seed);
	reqs_fill(reqs, INFLIGHT, BLOCK_WRITE, bufs);
	int err = batch_run(bd, reqs, INFLIGHT, &out_w);
	bufs_clear(bufs);
	reqs_fill(reqs, INFLIGHT, BLOCK_READ, bufs);
	if (!err)
		err = batch_run(bd, reqs, INFLIGHT, &out_r);
	int bad = err ? -1 : bufs_check(bufs, seed);
	if (err)
		fail("inflight", bd->name, "request failed", err);
	else if (bad >= 0)
		fail("inflight", bd->name, "wrong data in block", SCRATCH_BASE + bad);
	else {
		printk("block: %s: %d writes, %d reads submitted; %u and %u still pending "
		       "after the last submit\n", bd->name, INFLIGHT, INFLIGHT, out_w, out_r);
		pass("inflight", bd);
	}
}

static void test_queue(struct block_device *bd, uint64_t seed, uint64_t **bufs)
{
	int n = INFLIGHT * QUEUE_ROUNDS;
	unsigned outstanding;
	struct block_request *reqs = kzalloc(sizeof *reqs * n);
	if (!reqs) {
		fail("queue", bd->name, "out of memory", -ENOMEM);
		return;
	}
	bufs_clear(bufs);
	reqs_fill(reqs, n, BLOCK_READ, bufs);
	int err = batch_run(bd, reqs, n, &outstanding);
	int bad = err ? -1 : bufs_check(bufs, seed);
	kfree(reqs);
	if (err)
		fail("queue", bd->name, "request failed", err);
	else if (bad >= 0)
		fail("queue", bd->name, "wrong data in block", SCRATCH_BASE + bad);
	else
		pass("queue", bd);
}

static bool scratch_usable(struct block_device *bd, const char *name)
{
	if (!bd)
		fail("write", name, "no such block device", -ENODEV);
	else if (strcmp(bd->ops->kind, "virtio-blk") != 0)
		fail("write", name, "not a virtio disk", -EINVAL);
	else if (bd->read_only)
		fail("write", name, "device is read-only", -EROFS);
	else if (bd->nblocks < SCRATCH_BASE + INFLIGHT)
		fail("write", name, "disk too small, blocks", (long)bd->nblocks);
	else
		return true;
	return false;
}

static int scratch_alloc(uint64_t **bufs, struct block_request **reqs)
{
	*reqs = kzalloc(sizeof **reqs * INFLIGHT);
	int ok = *reqs != NULL;
	for (int i = 0; i < INFLIGHT; i++)
		ok &= (bufs[i] = kpage_alloc()) != NULL;
	return ok ? 0 : -ENOMEM;
}

static void scratch_free(uint64_t **bufs, struct block_request *reqs)
{
	for (int i = 0; i < INFLIGHT; i++)
		if (bufs[i])
			kpage_free(bufs[i]);
	kfree(reqs);
}

static void test_scratch(const char *name)
{
	struct block_device *bd = block_find(name);
	if (!scratch_usable(bd, name))
		return;
	uint64_t *bufs[INFLIGHT];
	struct block_request *reqs;
	uint64_t seed = arch_time_now();
	if (scratch_alloc(bufs, &reqs) == 0) {
		test_write(bd, seed, bufs[0]);
		test_flush(bd);
		test_inflight(bd, seed, bufs, reqs);
		test_queue(bd, seed, bufs);
	} else {
		fail("write", name, "out of memory", -ENOMEM);
	}
	scratch_free(bufs, reqs);
}

void block_selftest(void)
{
	if (!cmdline_has("selftest"))
		return;
	uint8_t *buf = kpage_alloc();
	if (!buf) {
		fail("read", "all", "out of memory", -ENOMEM);
		return;
	}
	for (struct block_device *bd = block_first(); bd; bd = block_next(bd)) {
		test_read(bd, buf);
		test_range(bd, buf);
	}
	kpage_free(buf);
	const char *scratch = cmdline_get("blocktest");
	if (scratch && scratch[0])
		test_scratch(scratch);
}
