/*
 * bootmem.c - the boot-time map of RAM and reservations (see bootmem.h).
 * Ranges are kept sorted and non-overlapping; everything is page aligned
 * (RAM rounded inwards, reservations outwards).
 */
#include "vm/bootmem.h"

#include "kernel/printk.h"

struct bootmem bootmem;

#define ALIGN_UP(x, a) (((x) + (a)-1) & ~((uint64_t)(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a)-1))

static void range_insert(struct bootmem_range *r, int *n, uint64_t base, uint64_t end)
{
	if (*n == BOOTMEM_MAX_RANGES)
		panic("bootmem: more than %d memory ranges", BOOTMEM_MAX_RANGES);
	int i = *n;
	while (i > 0 && r[i - 1].base > base) {
		r[i] = r[i - 1];
		i--;
	}
	r[i] = (struct bootmem_range){base, end};
	(*n)++;
}

static void range_delete(struct bootmem_range *r, int *n, int i)
{
	for (; i + 1 < *n; i++)
		r[i] = r[i + 1];
	(*n)--;
}

void bootmem_add_ram(uint64_t base, uint64_t size)
{
	uint64_t b = ALIGN_UP(base, PAGE_SIZE), e = ALIGN_DOWN(base + size, PAGE_SIZE);
	if (b >= e)
		return;
	range_insert(bootmem.ram, &bootmem.nram, b, e);
	range_insert(bootmem.free, &bootmem.nfree, b, e);
}

/* Cut [b, e) out of every free range. */
void bootmem_reserve(uint64_t base, uint64_t size)
{
	uint64_t b = ALIGN_DOWN(base, PAGE_SIZE), e = ALIGN_UP(base + size, PAGE_SIZE);
	for (int i = 0; i < bootmem.nfree; i++) {
		struct bootmem_range *r = &bootmem.free[i];
		if (e <= r->base || b >= r->end)
			continue;
		uint64_t rb = r->base, re = r->end;
		range_delete(bootmem.free, &bootmem.nfree, i);
		if (rb < b)
			range_insert(bootmem.free, &bootmem.nfree, rb, b);
		if (e < re)
			range_insert(bootmem.free, &bootmem.nfree, e, re);
		i = -1; /* the array changed: start over */
	}
}

uint64_t bootmem_alloc(uint64_t size, uint64_t align)
{
	size = ALIGN_UP(size, PAGE_SIZE);
	for (int i = 0; i < bootmem.nfree; i++) {
		uint64_t b = ALIGN_UP(bootmem.free[i].base, align);
		if (b + size <= bootmem.free[i].end) {
			bootmem_reserve(b, size);
			return b;
		}
	}
	panic("bootmem: no room for %lu bytes", size);
}

uint64_t bootmem_ram_bytes(void)
{
	uint64_t total = 0;
	for (int i = 0; i < bootmem.nram; i++)
		total += bootmem.ram[i].end - bootmem.ram[i].base;
	return total;
}
