/*
 * block.h - the block layer: block devices and asynchronous requests.
 *
 * A block is 4 KiB (BLOCK_SIZE), the page size, so a cached block is one
 * struct page. Drivers (virtio-blk, ramdisk) register a block_device;
 * callers submit block_requests and are told of completion through the
 * request's done() callback, which may run in interrupt context (keep it
 * short: wake someone). block_read_sync / block_write_sync wrap that for
 * callers that sleep until the data is there; a block_waiter waits for
 * a whole batch of requests in flight at once.
 *
 * Devices are named like Linux's: vda, vdb, ... for virtio disks in
 * device-tree order, ram0 for the initrd. Devices are registered at boot
 * and never go away.
 *
 * Waiting (block_*_sync, block_waiter_wait): in process context
 * (proc_current() != NULL) the caller sleeps on a waitqueue and the
 * completion (usually the device interrupt) wakes it; the caller must
 * hold no spinlock. Before processes exist (boot, self-tests) it spins,
 * calling the driver's poll op to reap completions itself, so boot-time
 * I/O works whether or not interrupts are enabled yet.
 */
#ifndef FS_BLOCK_H
#define FS_BLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "proc/waitqueue.h"

#define BLOCK_SIZE 4096
#define BLOCK_NAME_MAX 8

struct page;
struct block_device;

enum block_op { BLOCK_READ, BLOCK_WRITE, BLOCK_FLUSH };

struct block_request {
	enum block_op op;
	uint64_t block;          /* in BLOCK_SIZE units */
	void *data;              /* BLOCK_SIZE bytes, kernel direct-map address */
	int status;              /* 0 or -EIO, set before done() */
	void (*done)(struct block_request *r);
	void *private;           /* the submitter's */
	struct list_node link;   /* the driver's, while it owns the request */
};

struct block_device_ops {
	const char *kind;        /* driver name for messages: "virtio-blk" */
	/* Queue r; returns 0, or -errno if it can never be done (bad block
	 * number). Completion is reported through r->done, exactly once when
	 * submit returned 0, never otherwise; it may come before submit
	 * returns (the ramdisk completes at once). */
	int (*submit)(struct block_device *bd, struct block_request *r);
	/* Reap finished requests now, without waiting for an interrupt
	 * (calls their done()). Optional; used by waits before processes
	 * exist. Any context, no locks held. */
	void (*poll)(struct block_device *bd);
};

struct block_device {
	char name[BLOCK_NAME_MAX];
	uint64_t nblocks;
	bool read_only;
	const struct block_device_ops *ops;
	void *driver;            /* the driver's own state */
	struct list_node link;   /* on the device list */
};

int block_register(struct block_device *bd);
struct block_device *block_find(const char *name);  /* NULL if none */
struct block_device *block_first(void);             /* first registered */
struct block_device *block_next(struct block_device *bd); /* NULL after last */

/* Checks r (block in range, data a direct-map address, no write to a
 * read-only device) and hands it to the driver. => 0, then r->done comes
 * exactly once; -EINVAL bad block or buffer, -EROFS write to a read-only
 * device; the driver's error. r->status is set before done(). */
int block_submit(struct block_device *bd, struct block_request *r);
/* Synchronous I/O: sleep (or, before processes exist, spin) until done.
 * 0 or -errno. */
int block_read_sync(struct block_device *bd, uint64_t block, void *data);
int block_write_sync(struct block_device *bd, uint64_t block, const void *data);
int block_flush_sync(struct block_device *bd);

/*
 * Waiting for a batch of requests:
 *	block_waiter_init(&w, n);
 *	for each of the n requests: r->done = block_waiter_done,
 *	    r->private = &w; if block_submit fails, block_waiter_fail(&w, err);
 *	err = block_waiter_wait(bd, &w);    // 0 or the first error seen
 * w may live on the stack: done() touches it only under w->lock.
 */
struct block_waiter {
	struct spinlock lock;    /* guards pending and status */
	unsigned pending;        /* requests not yet done */
	int status;              /* first error, or 0 */
	struct waitqueue wq;     /* the sleeping waiter */
};

void block_waiter_init(struct block_waiter *w, unsigned count);
void block_waiter_done(struct block_request *r);
void block_waiter_fail(struct block_waiter *w, int err); /* one never submitted */
int block_waiter_wait(struct block_device *bd, struct block_waiter *w);

/* Boot: find and register every block device the device tree names
 * (virtio-blk disks, the initrd), printing one line for each. */
void block_probe_all(void);

/* Drivers' boot entry points, called by block_probe_all. */
void ramdisk_probe(void);          /* kernel/dev/ramdisk.c */
void virtio_blk_probe_all(void);   /* kernel/dev/virtio_blk.c */

/* With "selftest" on the command line: read every device; write tests
 * on the virtio disk named by "blocktest=vdX". Prints PASS/FAIL lines. */
void block_selftest(void);

#endif
