/*
 * ramdisk.c - the initrd as block device "ram0".
 *
 * Interface: ramdisk_probe() at boot registers ram0 when the device tree's
 * /chosen names an initrd (linux,initrd-start/-end); the block layer then
 * calls its submit op. The initrd's RAM was kept out of the page
 * allocator at boot (kernel/main.c), so it is ours to read and write
 * through the direct map. Writes change RAM only: nothing persists.
 *
 * Requests complete at once: submit copies and calls r->done before it
 * returns. A last block the initrd only partly covers reads as zeroes
 * past the end; writes there keep only the covered bytes.
 *
 * Locking: none. The disk's bytes are the caller's business, as on a
 * real disk (overlapping requests to one block race).
 */
#include <string.h>

#include "fs/block.h"
#include "kernel/boot.h"
#include "kernel/printk.h"
#include "vm/page.h"

struct ramdisk {
	uint8_t *base;          /* first byte, through the direct map */
	uint64_t size;          /* bytes */
	struct block_device bd;
};

static struct ramdisk ram0;  /* fixed after ramdisk_probe */

static int ramdisk_submit(struct block_device *bd, struct block_request *r)
{
	struct ramdisk *rd = bd->driver;
	if (r->op != BLOCK_FLUSH) {
		uint64_t off = r->block * BLOCK_SIZE;
		uint64_t n = rd->size - off < BLOCK_SIZE ? rd->size - off : BLOCK_SIZE;
		if (r->op == BLOCK_READ) {
			memcpy(r->data, rd->base + off, n);
			memset((uint8_t *)r->data + n, 0, BLOCK_SIZE - n);
		} else {
			memcpy(rd->base + off, r->data, n);
		}
	}
	r->status = 0;
	r->done(r);
	return 0;
}

static const struct block_device_ops ramdisk_ops = {
	.kind = "ramdisk",
	.submit = ramdisk_submit,
	.poll = NULL, /* nothing is ever pending */
};

void ramdisk_probe(void)
{
	if (platform.initrd_end <= platform.initrd_start)
		return;
	ram0.base = phys_to_virt(platform.initrd_start);
	ram0.size = platform.initrd_end - platform.initrd_start;
	strcpy(ram0.bd.name, "ram0");
	ram0.bd.nblocks = (ram0.size + BLOCK_SIZE - 1) / BLOCK_SIZE;
	ram0.bd.read_only = false;
	ram0.bd.ops = &ramdisk_ops;
	ram0.bd.driver = &ram0;
	block_register(&ram0.bd);
}
