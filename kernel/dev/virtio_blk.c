/*
 * virtio_blk.c - the virtio block device driver (virtio 1.x over
 * virtio-mmio version 2): disks vda, vdb, ... for the block layer.
 *
 * Interface: virtio_blk_probe_all() at boot registers one block_device
 * per virtio-blk slot of the device tree; after that only the block
 * layer's ops (submit, poll) and the interrupt handler run.
 *
 * Requests: one virtqueue (queue 0) of up to VIRTQ_SIZE_MAX descriptors.
 * Each read or write is a chain of three descriptors - header (type,
 * sector), the 4 KiB data buffer, the one-byte status the device writes -
 * and a flush is header + status; so size/3 requests are in flight at
 * once (85 with 256 descriptors). Headers and status bytes live in
 * vb->slots, DMA memory indexed by the chain's head descriptor, and
 * vb->inflight[head] remembers the request. Requests the ring has no
 * room for wait, in order, on vb->waiting and start as chains come back.
 *
 * Completion: the interrupt handler acknowledges the device, reaps the
 * used ring (vblk_complete), refills the ring from vb->waiting, then -
 * after dropping vb->lock - calls each finished request's done(), which
 * may submit again. The block layer's poll op runs the same reaping, for
 * waits before interrupts are of use.
 *
 * Flush: sent only when VIRTIO_BLK_F_FLUSH was negotiated; otherwise the
 * device has no write-back cache and a flush completes at once. virtio
 * does not order requests: a flush covers the writes completed before it
 * was submitted.
 *
 * Locking: vb->lock guards the virtqueue, slots, inflight[], waiting and
 * ninflight. It is taken in process context and in the interrupt
 * handler (spin_lock masks interrupts). done() is never called with it
 * held.
 */
#include <string.h>

#include "fs/block.h"
#include "kernel/boot.h"
#include "kernel/dev/virtio_mmio.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/uapi/errno.h"
#include "vm/kmalloc.h"
#include "vm/page.h"

/* virtio-blk facts (virtio 1.x, "Block Device"). */
#define VIRTIO_BLK_F_RO 5             /* device is read-only */
#define VIRTIO_BLK_F_FLUSH 9          /* flush command supported */
#define VIRTIO_BLK_CONFIG_CAPACITY 0  /* le64 capacity in sectors */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_SECTOR_SIZE 512    /* sectors on the wire, always */
#define SECTORS_PER_BLOCK (BLOCK_SIZE / VIRTIO_BLK_SECTOR_SIZE)

#define VBLK_STATUS_PENDING 0xff      /* not a status the device writes */
#define VBLK_MAX_DISKS 26             /* vda .. vdz */

struct vblk_header {                  /* the device reads it */
	uint32_t type;                /* VIRTIO_BLK_T_* */
	uint32_t reserved;
	uint64_t sector;
};

struct vblk_slot {                    /* DMA: one per possible chain head */
	struct vblk_header hdr;
	uint8_t status;               /* the device writes it */
	uint8_t pad[15];
};

_Static_assert(sizeof(struct vblk_header) == 16, "virtio_blk_req header layout");
_Static_assert(sizeof(struct vblk_slot) == 32, "vblk_slot size");

struct vblk {
	struct spinlock lock;
	struct virtq vq;                    /* lock */
	struct vblk_slot *slots;            /* lock: [vq.size], by chain head */
	struct block_request **inflight;    /* lock: [vq.size], by chain head */
	struct list_node waiting;           /* lock: not yet on the ring, FIFO */
	unsigned ninflight;                 /* lock */

	/* fixed after probe */
	struct virtio_mmio_dev dev;
	struct page *slot_pages;
	struct block_device bd;
};

/* --- requests --- */

static uint32_t vblk_type(enum block_op op)
{
	switch (op) {
	case BLOCK_READ:
		return VIRTIO_BLK_T_IN;
	case BLOCK_WRITE:
		return VIRTIO_BLK_T_OUT;
	default:
		return VIRTIO_BLK_T_FLUSH;
	}
}

/* Fill slot s for r and describe the chain in bufs; returns its length. */
static int vblk_describe(struct vblk_slot *s, const struct block_request *r,
                         struct virtq_buf *bufs)
{
	int n = 0;
	s->hdr.type = vblk_type(r->op);
	s->hdr.reserved = 0;
	s->hdr.sector = r->op == BLOCK_FLUSH ? 0 : r->block * SECTORS_PER_BLOCK;
	s->status = VBLK_STATUS_PENDING;
	bufs[n++] = (struct virtq_buf){virt_to_phys_direct(&s->hdr), sizeof s->hdr, false};
	if (r->op != BLOCK_FLUSH)
		bufs[n++] = (struct virtq_buf){virt_to_phys_direct(r->data), BLOCK_SIZE,
		                               r->op == BLOCK_READ};
	bufs[n++] = (struct virtq_buf){virt_to_phys_direct(&s->status), 1, true};
	return n;
}

/* Put r on the ring. => 0, or -ENOSPC when the ring is full. */
static int vblk_start(struct vblk *vb, struct block_request *r)
{
	assert_held(&vb->lock);
	int head = virtq_chain_alloc(&vb->vq, r->op == BLOCK_FLUSH ? 2 : 3);
	if (head < 0)
		return head;
	struct virtq_buf bufs[3];
	int n = vblk_describe(&vb->slots[head], r, bufs);
	vb->inflight[head] = r;
	vb->ninflight++;
	virtq_chain_submit(&vb->vq, head, bufs, n);
	return 0;
}

/* Move waiting requests onto the ring while it has room; kick once. */
static void vblk_start_waiting(struct vblk *vb)
{
	bool started = false;
	while (!list_empty(&vb->waiting)) {
		struct block_request *r = list_first_entry(&vb->waiting, struct block_request, link);
		if (vblk_start(vb, r) < 0)
			break;
		list_remove(&r->link);
		started = true;
	}
	if (started)
		virtq_notify(&vb->dev, &vb->vq);
}

static int vblk_submit(struct block_device *bd, struct block_request *r)
{
	struct vblk *vb = bd->driver;
	if (r->op == BLOCK_FLUSH && !virtio_has_feature(&vb->dev, VIRTIO_BLK_F_FLUSH)) {
		r->done(r); /* write-through device: nothing to flush */
		return 0;
	}
	spin_lock(&vb->lock);
	list_push_back(&vb->waiting, &r->link);
	vblk_start_waiting(vb);
	spin_unlock(&vb->lock);
	return 0;
}

/* --- completion --- */

static void vblk_finish(struct vblk *vb, uint16_t head, struct list_node *done)
{
	struct block_request *r = vb->inflight[head];
	if (!r)
		panic("block: %s: device completed idle descriptor %u", vb->bd.name, head);
	vb->inflight[head] = NULL;
	vb->ninflight--;
	uint8_t status = vb->slots[head].status;
	r->status = status == VIRTIO_BLK_S_OK ? 0 : -EIO;
	if (r->status)
		printk("block: %s: op %d block %lu failed, device status %u\n", vb->bd.name,
		       (int)r->op, r->block, status);
	list_push_back(done, &r->link);
}

/* Reap the used ring, refill it, then report completions unlocked. */
static void vblk_complete(struct vblk *vb)
{
	struct list_node done;
	uint16_t head;
	uint32_t len;
	list_init(&done);
	spin_lock(&vb->lock);
	while (virtq_used_pop(&vb->vq, &head, &len))
		vblk_finish(vb, head, &done);
	vblk_start_waiting(vb);
	spin_unlock(&vb->lock);
	while (!list_empty(&done)) {
		struct block_request *r = list_first_entry(&done, struct block_request, link);
		list_remove(&r->link);
		r->done(r);
	}
}

static void vblk_poll(struct block_device *bd)
{
	vblk_complete(bd->driver);
}

static void vblk_interrupt(void *arg)
{
	struct vblk *vb = arg;
	uint32_t why = virtio_mmio_interrupt_ack(&vb->dev); /* before reaping */
	if (why & VIRTIO_INT_CONFIG_CHANGE)
		printk("block: %s: configuration change ignored\n", vb->bd.name);
	vblk_complete(vb);
}

static const struct block_device_ops vblk_ops = {
	.kind = "virtio-blk",
	.submit = vblk_submit,
	.poll = vblk_poll,
};

/* --- probe --- */

static unsigned order_for_bytes(uint64_t bytes)
{
	unsigned order = 0;
	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/* Queue, DMA slots and request table. => 0 or -ENOMEM / -ENODEV. */
static int vblk_alloc_queue(struct vblk *vb)
{
	int err = virtq_init(&vb->dev, &vb->vq, 0, VIRTQ_SIZE_MAX);
	if (err)
		return err;
	uint16_t n = vb->vq.size;
	vb->slot_pages = page_alloc(order_for_bytes(sizeof(struct vblk_slot) * n), PAGE_ZERO);
	vb->inflight = kzalloc(sizeof(struct block_request *) * n);
	if (!vb->slot_pages || !vb->inflight)
		return -ENOMEM;
	vb->slots = page_address(vb->slot_pages);
	return 0;
}

static void vblk_free(struct vblk *vb)
{
	virtq_free(&vb->vq);
	if (vb->slot_pages)
		page_put(vb->slot_pages);
	kfree(vb->inflight);
	kfree(vb);
}

/* Negotiate, size the disk, set up the queue. => 0 or -errno. */
static int vblk_setup(struct vblk *vb)
{
	uint64_t wanted = 1ULL << VIRTIO_BLK_F_RO | 1ULL << VIRTIO_BLK_F_FLUSH;
	int err = virtio_mmio_negotiate(&vb->dev, wanted, 0);
	if (err)
		return err;
	uint64_t sectors = virtio_mmio_config_read64(&vb->dev, VIRTIO_BLK_CONFIG_CAPACITY);
	vb->bd.nblocks = sectors / SECTORS_PER_BLOCK;
	vb->bd.read_only = virtio_has_feature(&vb->dev, VIRTIO_BLK_F_RO);
	if (vb->bd.nblocks == 0)
		err = -ENODEV;
	else
		err = vblk_alloc_queue(vb);
	if (err)
		virtio_mmio_fail(&vb->dev);
	return err;
}

static void vblk_create(const struct virtio_mmio_dev *dev, const char *name)
{
	struct vblk *vb = kzalloc(sizeof *vb);
	if (!vb) {
		printk("block: %s: out of memory\n", name);
		return;
	}
	spin_init(&vb->lock, "virtio_blk");
	list_init(&vb->waiting);
	vb->dev = *dev;
	strncpy(vb->bd.name, name, BLOCK_NAME_MAX - 1);
	vb->bd.ops = &vblk_ops;
	vb->bd.driver = vb;
	int err = vblk_setup(vb);
	if (err) {
		printk("block: %s: virtio-blk at %lx not usable (error %d)\n", name, dev->base, err);
		vblk_free(vb);
		return;
	}
	irq_register(dev->irq, vblk_interrupt, vb);
	virtio_mmio_driver_ok(&vb->dev);
	if (block_register(&vb->bd) < 0)
		printk("block: %s: not registered\n", name); /* stays quiet: no requests */
}

void virtio_blk_probe_all(void)
{
	int ndisks = 0;
	for (int i = 0; i < platform.nvirtio; i++) {
		struct virtio_mmio_dev dev;
		int err = virtio_mmio_probe(&dev, &platform.virtio[i]);
		if (dev.device_id != VIRTIO_ID_BLOCK)
			continue;
		if (ndisks == VBLK_MAX_DISKS) {
			printk("block: more than %d virtio disks; ignoring the rest\n", VBLK_MAX_DISKS);
			return;
		}
		char name[BLOCK_NAME_MAX];
		ksnprintf(name, sizeof name, "vd%c", 'a' + ndisks++);
		if (err)
			printk("block: %s: skipped (error %d)\n", name, err);
		else if (dev.irq == 0)
			printk("block: %s: no interrupt in the device tree; skipped\n", name);
		else
			vblk_create(&dev, name);
	}
}
