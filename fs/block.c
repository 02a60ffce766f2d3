/*
 * block.c - the block layer: the list of block devices, request checks,
 * and waiting for requests (synchronous I/O and batches). Interface in
 * fs/block.h; drivers live in kernel/dev/ (virtio_blk.c, ramdisk.c).
 *
 * Waiting: a block_waiter counts the requests of a batch still pending.
 * Each request's done() (block_waiter_done, often in interrupt context)
 * decrements it under w->lock and, when it reaches zero, wakes the
 * sleeper while still holding w->lock, so the waiter (which reads the
 * count under the same lock) cannot return and free w before the waker
 * is done with it. Before processes exist there is nobody to put to
 * sleep: the waiter spins, calling the driver's poll op, which reaps the
 * used ring itself; the interrupt handler may reap some too, the
 * driver's lock sorts that out.
 *
 * Locking: block_list_lock guards block_list (registration is at boot,
 * lookups any time). w->lock guards a waiter's counters; lock order
 * w->lock -> w->wq.lock -> process locks (waitqueue.h).
 */
#include "fs/block.h"

#include <string.h>

#include "arch/riscv/arch.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "proc/proc.h"

static struct spinlock block_list_lock = SPINLOCK_INIT("block_list");
static struct list_node block_list = LIST_HEAD_INIT(block_list); /* block_list_lock */

static struct block_device *find_locked(const char *name)
{
	struct list_node *n;
	list_for_each(n, &block_list) {
		struct block_device *bd = container_of(n, struct block_device, link);
		if (strncmp(bd->name, name, BLOCK_NAME_MAX) == 0)
			return bd;
	}
	return NULL;
}

static void block_announce(const struct block_device *bd)
{
	uint64_t bytes = bd->nblocks * BLOCK_SIZE;
	const char *ro = bd->read_only ? ", read-only" : "";
	if (bytes >> 20)
		printk("block: %s: %s, %lu blocks (%lu MiB)%s\n", bd->name, bd->ops->kind,
		       bd->nblocks, bytes >> 20, ro);
	else
		printk("block: %s: %s, %lu blocks (%lu KiB)%s\n", bd->name, bd->ops->kind,
		       bd->nblocks, bytes >> 10, ro);
}

int block_register(struct block_device *bd)
{
	KASSERT(bd->ops && bd->ops->submit && bd->ops->kind);
	if (bd->name[0] == '\0' || bd->nblocks == 0)
		return -EINVAL;
	spin_lock(&block_list_lock);
	if (find_locked(bd->name)) {
		spin_unlock(&block_list_lock);
		printk("block: %s: name already registered\n", bd->name);
		return -EEXIST;
	}
	list_push_back(&block_list, &bd->link);
	spin_unlock(&block_list_lock);
	block_announce(bd);
	return 0;
}

struct block_device *block_find(const char *name)
{
	spin_lock(&block_list_lock);
	struct block_device *bd = find_locked(name);
	spin_unlock(&block_list_lock);
	return bd;
}

struct block_device *block_first(void)
{
	spin_lock(&block_list_lock);
	struct block_device *bd = NULL;
	if (!list_empty(&block_list))
		bd = list_first_entry(&block_list, struct block_device, link);
	spin_unlock(&block_list_lock);
	return bd;
}

struct block_device *block_next(struct block_device *bd)
{
	spin_lock(&block_list_lock);
	struct block_device *next = NULL;
	if (bd->link.next != &block_list)
		next = container_of(bd->link.next, struct block_device, link);
	spin_unlock(&block_list_lock);
	return next;
}

static bool buffer_is_direct_mapped(const void *data)
{
	uint64_t va = (uint64_t)data;
	return va >= DIRECT_MAP_BASE && va + BLOCK_SIZE <= DIRECT_MAP_BASE + DIRECT_MAP_SIZE;
}

static int request_check(const struct block_device *bd, const struct block_request *r)
{
	if (r->op == BLOCK_FLUSH)
		return 0;
	if (r->op != BLOCK_READ && r->op != BLOCK_WRITE)
		return -EINVAL;
	if (r->block >= bd->nblocks || !buffer_is_direct_mapped(r->data))
		return -EINVAL;
	if (r->op == BLOCK_WRITE && bd->read_only)
		return -EROFS;
	return 0;
}

int block_submit(struct block_device *bd, struct block_request *r)
{
	KASSERT(r->done);
	int err = request_check(bd, r);
	if (err)
		return err;
	r->status = 0;
	list_init(&r->link);
	return bd->ops->submit(bd, r);
}

/* --- waiting --- */

void block_waiter_init(struct block_waiter *w, unsigned count)
{
	spin_init(&w->lock, "block_waiter");
	w->pending = count;
	w->status = 0;
	waitqueue_init(&w->wq, "block_waiter");
}

/* One request of w's batch is over, with status err. */
static void waiter_count_down(struct block_waiter *w, int err)
{
	spin_lock(&w->lock);
	KASSERT(w->pending > 0);
	if (err && !w->status)
		w->status = err;
	if (--w->pending == 0)
		waitqueue_wake_all(&w->wq); /* under w->lock: see the top */
	spin_unlock(&w->lock);
}

void block_waiter_done(struct block_request *r)
{
	waiter_count_down(r->private, r->status);
}

void block_waiter_fail(struct block_waiter *w, int err)
{
	waiter_count_down(w, err);
}

static bool waiter_finished(struct block_waiter *w)
{
	spin_lock(&w->lock);
	bool finished = w->pending == 0;
	spin_unlock(&w->lock);
	return finished;
}

/* Before processes exist: reap completions ourselves until all are in. */
static void waiter_spin(struct block_device *bd, struct block_waiter *w)
{
	while (!waiter_finished(w)) {
		if (bd->ops->poll)
			bd->ops->poll(bd);
		else
			arch_cpu_relax();
	}
}

static void waiter_sleep(struct block_waiter *w)
{
	spin_lock(&w->lock);
	while (w->pending > 0)
		waitqueue_sleep_uninterruptible(&w->wq, &w->lock);
	spin_unlock(&w->lock);
}

int block_waiter_wait(struct block_device *bd, struct block_waiter *w)
{
	if (proc_current())
		waiter_sleep(w);
	else
		waiter_spin(bd, w);
	return w->status;
}

/* --- synchronous I/O --- */

static int block_io_sync(struct block_device *bd, enum block_op op, uint64_t block, void *data)
{
	struct block_waiter w;
	struct block_request r = {
		.op = op, .block = block, .data = data,
		.done = block_waiter_done, .private = &w,
	};
	block_waiter_init(&w, 1);
	int err = block_submit(bd, &r);
	if (err)
		return err;
	return block_waiter_wait(bd, &w);
}

int block_read_sync(struct block_device *bd, uint64_t block, void *data)
{
	return block_io_sync(bd, BLOCK_READ, block, data);
}

int block_write_sync(struct block_device *bd, uint64_t block, const void *data)
{
	return block_io_sync(bd, BLOCK_WRITE, block, (void *)data);
}

int block_flush_sync(struct block_device *bd)
{
	return block_io_sync(bd, BLOCK_FLUSH, 0, NULL);
}

void block_probe_all(void)
{
	ramdisk_probe();
	virtio_blk_probe_all();
	if (!block_first())
		printk("block: no block devices\n");
}
