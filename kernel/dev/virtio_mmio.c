/*
 * virtio_mmio.c - the virtio-mmio transport (version 2) and split
 * virtqueues; interface and locking in virtio_mmio.h.
 *
 * Ring memory: one block of physically contiguous, zeroed pages per
 * queue holding, in order, the descriptor table (16-byte aligned), the
 * available ring (2-byte aligned) and the used ring (4-byte aligned).
 * Free descriptors form a list through their .next fields; the device
 * never reads a descriptor that is not on a published chain.
 *
 * Ordering with the device (ring memory is ordinary RAM):
 *  - publish: write descriptors and the ring slot, barrier, then bump
 *    avail->idx; the notify register write (mmio_write32 fences first)
 *    comes after that.
 *  - consume: read used->idx, barrier, then read the ring entry.
 */
#include "kernel/dev/virtio_mmio.h"

#include "arch/riscv/mmio.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "vm/page.h"
#include "vm/pmap.h"

/* Register offsets (virtio 1.x, "MMIO Device Register Layout"). */
#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100

#define VIRTIO_MMIO_MAGIC 0x74726976 /* "virt", little-endian */
#define VIRTIO_MMIO_VERSION_MODERN 2
#define VIRTIO_MMIO_SIZE_MIN 0x200   /* registers + a small config space */

/* Device status bits ("Device Status Field"). */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01U
#define VIRTIO_STATUS_DRIVER 0x02U
#define VIRTIO_STATUS_DRIVER_OK 0x04U
#define VIRTIO_STATUS_FEATURES_OK 0x08U
#define VIRTIO_STATUS_FAILED 0x80U

#define VIRTIO_RESET_SPINS 1000000   /* reads of Status before giving up */

static uint32_t reg_read(struct virtio_mmio_dev *d, uint32_t off)
{
	return mmio_read32(d->regs + off);
}

static void reg_write(struct virtio_mmio_dev *d, uint32_t off, uint32_t v)
{
	mmio_write32(d->regs + off, v);
}

static void status_set(struct virtio_mmio_dev *d, uint32_t bits)
{
	reg_write(d, VIRTIO_MMIO_STATUS, reg_read(d, VIRTIO_MMIO_STATUS) | bits);
}

int virtio_mmio_probe(struct virtio_mmio_dev *d, const struct devtree_virtio *dt)
{
	uint64_t size = dt->size > VIRTIO_MMIO_SIZE_MIN ? dt->size : VIRTIO_MMIO_SIZE_MIN;
	d->regs = pmap_map_device(dt->base, size);
	d->base = dt->base;
	d->irq = dt->irq;
	d->features = 0;
	d->device_id = VIRTIO_ID_NONE;
	if (reg_read(d, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC) {
		printk("virtio: %lx: bad magic, not a virtio-mmio device\n", d->base);
		return -ENODEV;
	}
	d->device_id = reg_read(d, VIRTIO_MMIO_DEVICE_ID);
	uint32_t version = reg_read(d, VIRTIO_MMIO_VERSION);
	if (d->device_id != VIRTIO_ID_NONE && version != VIRTIO_MMIO_VERSION_MODERN) {
		printk("virtio: %lx: device %u uses legacy interface version %u; "
		       "only version 2 is supported (QEMU: -global virtio-mmio.force-legacy=false)\n",
		       d->base, d->device_id, version);
		return -ENXIO;
	}
	return 0;
}

static bool device_reset(struct virtio_mmio_dev *d)
{
	reg_write(d, VIRTIO_MMIO_STATUS, 0);
	for (int i = 0; i < VIRTIO_RESET_SPINS; i++)
		if (reg_read(d, VIRTIO_MMIO_STATUS) == 0)
			return true;
	return false;
}

static uint64_t device_features(struct virtio_mmio_dev *d)
{
	reg_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	uint64_t lo = reg_read(d, VIRTIO_MMIO_DEVICE_FEATURES);
	reg_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint64_t hi = reg_read(d, VIRTIO_MMIO_DEVICE_FEATURES);
	return hi << 32 | lo;
}

static void driver_features_write(struct virtio_mmio_dev *d, uint64_t f)
{
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg_write(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
}

int virtio_mmio_negotiate(struct virtio_mmio_dev *d, uint64_t wanted, uint64_t required)
{
	uint64_t version_1 = 1ULL << VIRTIO_F_VERSION_1;
	if (!device_reset(d)) {
		printk("virtio: %lx: device does not reset\n", d->base);
		return -ENODEV;
	}
	status_set(d, VIRTIO_STATUS_ACKNOWLEDGE);
	status_set(d, VIRTIO_STATUS_DRIVER);
	uint64_t offered = device_features(d);
	required |= version_1;
	if ((offered & required) != required) {
		printk("virtio: %lx: device lacks features %lx\n", d->base, required & ~offered);
		virtio_mmio_fail(d);
		return -ENODEV;
	}
	d->features = offered & (wanted | required);
	driver_features_write(d, d->features);
	status_set(d, VIRTIO_STATUS_FEATURES_OK);
	if (!(reg_read(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		printk("virtio: %lx: device rejected features %lx\n", d->base, d->features);
		virtio_mmio_fail(d);
		return -ENODEV;
	}
	return 0;
}

uint32_t virtio_mmio_config_read32(struct virtio_mmio_dev *d, uint32_t off)
{
	return reg_read(d, VIRTIO_MMIO_CONFIG + off);
}

uint64_t virtio_mmio_config_read64(struct virtio_mmio_dev *d, uint32_t off)
{
	uint32_t gen, lo, hi;
	do {
		gen = reg_read(d, VIRTIO_MMIO_CONFIG_GENERATION);
		lo = reg_read(d, VIRTIO_MMIO_CONFIG + off);
		hi = reg_read(d, VIRTIO_MMIO_CONFIG + off + 4);
	} while (gen != reg_read(d, VIRTIO_MMIO_CONFIG_GENERATION));
	return (uint64_t)hi << 32 | lo;
}

void virtio_mmio_driver_ok(struct virtio_mmio_dev *d)
{
	status_set(d, VIRTIO_STATUS_DRIVER_OK);
}

void virtio_mmio_fail(struct virtio_mmio_dev *d)
{
	status_set(d, VIRTIO_STATUS_FAILED);
}

uint32_t virtio_mmio_interrupt_ack(struct virtio_mmio_dev *d)
{
	uint32_t status = reg_read(d, VIRTIO_MMIO_INTERRUPT_STATUS);
	if (status)
		reg_write(d, VIRTIO_MMIO_INTERRUPT_ACK, status);
	return status;
}

/* --- virtqueues --- */

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* Byte offsets of the avail and used rings, and the total, for size n. */
static uint64_t ring_avail_offset(uint16_t n)
{
	return sizeof(struct virtq_desc) * n;
}

static uint64_t ring_used_offset(uint16_t n)
{
	uint64_t avail_end = ring_avail_offset(n) + sizeof(struct virtq_avail) +
	                     sizeof(uint16_t) * n + sizeof(uint16_t);
	return align_up(avail_end, 4);
}

static uint64_t ring_bytes(uint16_t n)
{
	return ring_used_offset(n) + sizeof(struct virtq_used) +
	       sizeof(struct virtq_used_elem) * n + sizeof(uint16_t);
}

static unsigned bytes_to_order(uint64_t bytes)
{
	unsigned order = 0;
	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static uint16_t queue_size_pick(uint32_t device_max, uint16_t want)
{
	uint32_t cap = want < VIRTQ_SIZE_MAX ? want : VIRTQ_SIZE_MAX;
	if (device_max < cap)
		cap = device_max;
	uint16_t n = 1;
	while ((uint32_t)n * 2 <= cap)
		n *= 2;
	return n;
}

static int virtq_alloc_rings(struct virtq *vq, uint16_t n)
{
	vq->ring_pages = page_alloc(bytes_to_order(ring_bytes(n)), PAGE_ZERO);
	if (!vq->ring_pages)
		return -ENOMEM;
	uint8_t *mem = page_address(vq->ring_pages);
	vq->size = n;
	vq->desc = (volatile struct virtq_desc *)mem;
	vq->avail = (volatile struct virtq_avail *)(mem + ring_avail_offset(n));
	vq->used = (volatile struct virtq_used *)(mem + ring_used_offset(n));
	for (uint16_t i = 0; i + 1 < n; i++)
		vq->desc[i].next = i + 1;
	vq->free_head = 0;
	vq->nfree = n;
	vq->avail_idx = 0;
	vq->used_seen = 0;
	return 0;
}

static void reg_write_pa(struct virtio_mmio_dev *d, uint32_t low, volatile void *va)
{
	uint64_t pa = virt_to_phys_direct((const void *)va);
	reg_write(d, low, (uint32_t)pa);
	reg_write(d, low + 4, (uint32_t)(pa >> 32));
}

int virtq_init(struct virtio_mmio_dev *d, struct virtq *vq, uint16_t index, uint16_t max_size)
{
	vq->ring_pages = NULL;
	reg_write(d, VIRTIO_MMIO_QUEUE_SEL, index);
	uint32_t device_max = reg_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (reg_read(d, VIRTIO_MMIO_QUEUE_READY) != 0 || device_max == 0)
		return -ENODEV;
	int err = virtq_alloc_rings(vq, queue_size_pick(device_max, max_size));
	if (err)
		return err;
	vq->index = index;
	reg_write(d, VIRTIO_MMIO_QUEUE_NUM, vq->size);
	reg_write_pa(d, VIRTIO_MMIO_QUEUE_DESC_LOW, vq->desc);
	reg_write_pa(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, vq->avail);
	reg_write_pa(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, vq->used);
	reg_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

void virtq_free(struct virtq *vq)
{
	if (vq->ring_pages)
		page_put(vq->ring_pages);
	vq->ring_pages = NULL;
	vq->desc = NULL;
	vq->avail = NULL;
	vq->used = NULL;
}

int virtq_chain_alloc(struct virtq *vq, int n)
{
	KASSERT(n > 0);
	if (vq->nfree < n)
		return -ENOSPC;
	uint16_t head = vq->free_head, last = head;
	for (int i = 1; i < n; i++)
		last = vq->desc[last].next;
	vq->free_head = vq->desc[last].next;
	vq->nfree -= n;
	return head;
}

void virtq_chain_submit(struct virtq *vq, int head, const struct virtq_buf *bufs, int n)
{
	uint16_t id = (uint16_t)head;
	for (int i = 0; i < n; i++) {
		volatile struct virtq_desc *dp = &vq->desc[id];
		dp->addr = bufs[i].pa;
		dp->len = bufs[i].len;
		dp->flags = (bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
		            (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
		id = dp->next;   /* the free list already links the chain */
	}
	vq->avail->ring[vq->avail_idx % vq->size] = (uint16_t)head;
	mmio_barrier();      /* descriptors and slot before the index */
	vq->avail->idx = ++vq->avail_idx;
	mmio_barrier();      /* index before we read used->flags */
}

void virtq_notify(struct virtio_mmio_dev *d, struct virtq *vq)
{
	if (!(vq->used->flags & VIRTQ_USED_F_NO_NOTIFY))
		reg_write(d, VIRTIO_MMIO_QUEUE_NOTIFY, vq->index);
}

static void virtq_chain_free(struct virtq *vq, uint16_t head)
{
	uint16_t last = head;
	int n = 1;
	while (vq->desc[last].flags & VIRTQ_DESC_F_NEXT) {
		last = vq->desc[last].next;
		n++;
	}
	vq->desc[last].next = vq->free_head;
	vq->free_head = head;
	vq->nfree += n;
}

bool virtq_used_pop(struct virtq *vq, uint16_t *head, uint32_t *len)
{
	if (vq->used_seen == vq->used->idx)
		return false;
	mmio_barrier();      /* the index before the entry it covers */
	volatile struct virtq_used_elem *e = &vq->used->ring[vq->used_seen % vq->size];
	uint32_t id = e->id;
	*len = e->len;
	vq->used_seen++;
	if (id >= vq->size)
		panic("virtq: device returned descriptor %u of %u", id, vq->size);
	*head = (uint16_t)id;
	virtq_chain_free(vq, *head);
	return true;
}
