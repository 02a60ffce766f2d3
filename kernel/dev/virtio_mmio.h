/*
 * virtio_mmio.h - the virtio-mmio transport (virtio 1.x, register layout
 * version 2) and split virtqueues, for device drivers such as virtio-blk.
 *
 * Bring-up of one device, in the spec's order:
 *
 *	virtio_mmio_probe(d, dt)          map, check magic and version
 *	virtio_mmio_negotiate(d, want, need)  reset, ACKNOWLEDGE, DRIVER,
 *	                                  features, FEATURES_OK
 *	... read the device's config space (virtio_mmio_config_read*) ...
 *	virtq_init(d, vq, 0, max)         one call per queue
 *	virtio_mmio_driver_ok(d)          the device is live
 *
 * and on any failure after negotiation, virtio_mmio_fail(d).
 *
 * A virtqueue hands the device chains of buffers (physical addresses):
 *	head = virtq_chain_alloc(vq, n)   reserve n linked descriptors
 *	virtq_chain_submit(vq, head, bufs, n)  fill them, make them visible
 *	virtq_notify(d, vq)               tell the device (once per batch)
 * and takes finished chains back with virtq_used_pop().
 *
 * Locking: none here. The driver serialises every call on one device and
 * its queues with its own lock. virtio_mmio_interrupt_ack touches only the
 * interrupt registers and may run concurrently with the rest.
 *
 * Byte order: virtio 1.x structures are little-endian, as RISC-V is, so
 * fields are used as they are.
 */
#ifndef KERNEL_DEV_VIRTIO_MMIO_H
#define KERNEL_DEV_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/devtree.h"

/* Device ids (virtio 1.x, "Device Types"). 0 marks an empty mmio slot. */
#define VIRTIO_ID_NONE 0
#define VIRTIO_ID_BLOCK 2

/* Feature bits common to all devices ("Reserved Feature Bits"). */
#define VIRTIO_F_VERSION_1 32

/* InterruptStatus bits. */
#define VIRTIO_INT_USED_BUFFER 0x1U
#define VIRTIO_INT_CONFIG_CHANGE 0x2U

struct virtio_mmio_dev {
	volatile uint8_t *regs;  /* the register window (direct map) */
	uint64_t base;           /* its physical address, for messages */
	uint32_t irq;            /* PLIC source */
	uint32_t device_id;      /* VIRTIO_ID_*, VIRTIO_ID_NONE when empty */
	uint64_t features;       /* negotiated feature bits */
};

/* --- split virtqueue layout (virtio 1.x, "Split Virtqueues") --- */

#define VIRTQ_DESC_F_NEXT 0x1U      /* the chain continues at .next */
#define VIRTQ_DESC_F_WRITE 0x2U     /* the device writes this buffer */
#define VIRTQ_USED_F_NO_NOTIFY 0x1U /* used.flags: device needs no kick */

struct virtq_desc {
	uint64_t addr;   /* physical address of the buffer */
	uint32_t len;
	uint16_t flags;  /* VIRTQ_DESC_F_* */
	uint16_t next;   /* next descriptor when F_NEXT */
};

struct virtq_avail {     /* "driver area": written by us */
	uint16_t flags;
	uint16_t idx;    /* where we put the next entry (free running) */
	uint16_t ring[]; /* heads of chains; then a uint16_t used_event */
};

struct virtq_used_elem {
	uint32_t id;     /* head of the finished chain */
	uint32_t len;    /* bytes the device wrote into the chain */
};

struct virtq_used {      /* "device area": written by the device */
	uint16_t flags;  /* VIRTQ_USED_F_* */
	uint16_t idx;    /* where the device puts the next entry */
	struct virtq_used_elem ring[]; /* then a uint16_t avail_event */
};

_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc layout");
_Static_assert(sizeof(struct virtq_avail) == 4, "virtq_avail header");
_Static_assert(sizeof(struct virtq_used_elem) == 8, "virtq_used_elem layout");
_Static_assert(sizeof(struct virtq_used) == 4, "virtq_used header");

/* Largest queue we set up: 256 descriptors, enough for 85 three-part
 * requests, in two pages of ring memory. */
#define VIRTQ_SIZE_MAX 256

struct virtq {
	uint16_t index;                  /* queue number on the device */
	uint16_t size;                   /* descriptors, a power of 2 */
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
	struct page *ring_pages;         /* the memory of all three */
	uint16_t free_head;              /* free descriptors, chained by .next */
	uint16_t nfree;
	uint16_t avail_idx;              /* our copy of avail->idx */
	uint16_t used_seen;              /* used entries consumed so far */
};

/* One buffer of a chain. */
struct virtq_buf {
	uint64_t pa;
	uint32_t len;
	bool device_writes;
};

/* --- the transport --- */

/* Map the registers of one virtio,mmio node and read what it is.
 * => 0 with d->device_id set (VIRTIO_ID_NONE for an empty slot);
 *    -ENODEV not a virtio device (bad magic); -ENXIO a legacy (version 1)
 *    device, which we do not drive. Prints a line for both failures.
 * Boot only (maps device registers). */
int virtio_mmio_probe(struct virtio_mmio_dev *d, const struct devtree_virtio *dt);

/* Reset the device and negotiate features: accept the device's offer
 * masked by 'wanted'; VIRTIO_F_VERSION_1 is always wanted and required.
 * => 0 with d->features set; -ENODEV when a 'required' bit is not offered
 *    or the device rejects FEATURES_OK (the device is then marked FAILED). */
int virtio_mmio_negotiate(struct virtio_mmio_dev *d, uint64_t wanted, uint64_t required);

static inline bool virtio_has_feature(const struct virtio_mmio_dev *d, unsigned bit)
{
	return (d->features >> bit) & 1;
}

/* Device-specific configuration space at byte offset off. 64-bit fields
 * are read as two 32-bit halves, retried until ConfigGeneration is
 * stable. */
uint32_t virtio_mmio_config_read32(struct virtio_mmio_dev *d, uint32_t off);
uint64_t virtio_mmio_config_read64(struct virtio_mmio_dev *d, uint32_t off);

void virtio_mmio_driver_ok(struct virtio_mmio_dev *d);
void virtio_mmio_fail(struct virtio_mmio_dev *d);

/* Read InterruptStatus and acknowledge those bits; returns them. */
uint32_t virtio_mmio_interrupt_ack(struct virtio_mmio_dev *d);

/* --- virtqueues --- */

/* Allocate and register queue 'index' with at most max_size descriptors
 * (the device's QueueNumMax and VIRTQ_SIZE_MAX also cap it; rounded down
 * to a power of 2). => 0; -ENODEV the queue does not exist or is already
 * live; -ENOMEM no contiguous pages for the rings. */
int virtq_init(struct virtio_mmio_dev *d, struct virtq *vq, uint16_t index, uint16_t max_size);

/* Free the rings of a queue the device is not using: before DRIVER_OK
 * (after virtio_mmio_fail) on an error path. */
void virtq_free(struct virtq *vq);

/* Reserve n linked descriptors. => the head's index, or -ENOSPC when
 * fewer than n are free (nothing is reserved then). */
int virtq_chain_alloc(struct virtq *vq, int n);

/* Fill the n descriptors of the chain at head with bufs[0..n-1] and
 * publish it on the available ring. The device may use it at once. */
void virtq_chain_submit(struct virtq *vq, int head, const struct virtq_buf *bufs, int n);

/* Kick the device about newly published chains (skipped when the device
 * said it needs no kick). */
void virtq_notify(struct virtio_mmio_dev *d, struct virtq *vq);

/* Take one finished chain off the used ring and free its descriptors.
 * => true with *head and *len; false when none is waiting. */
bool virtq_used_pop(struct virtq *vq, uint16_t *head, uint32_t *len);

#endif
