/*
 * bootmem.h - physical memory bookkeeping before the page allocator runs.
 *
 * Boot code adds the RAM ranges from the device tree, then reserves what
 * must never be handed out (firmware, the kernel image, the DTB, the
 * initrd, /reserved-memory). bootmem_alloc() takes early memory (the
 * struct page arrays); page_alloc_init() then frees everything left.
 * Boot-only: not used after page_alloc_init().
 */
#ifndef VM_BOOTMEM_H
#define VM_BOOTMEM_H

#include <stdint.h>

#include "arch/riscv/memlayout.h"

#define BOOTMEM_MAX_RANGES 64

struct bootmem_range {
	uint64_t base, end; /* [base, end), page aligned */
};

struct bootmem {
	struct bootmem_range ram[BOOTMEM_MAX_RANGES];  /* all RAM */
	int nram;
	struct bootmem_range free[BOOTMEM_MAX_RANGES]; /* RAM not reserved */
	int nfree;
};

extern struct bootmem bootmem;

void bootmem_add_ram(uint64_t base, uint64_t size);
void bootmem_reserve(uint64_t base, uint64_t size);
uint64_t bootmem_alloc(uint64_t size, uint64_t align); /* pa; panics if none */
uint64_t bootmem_ram_bytes(void);

#endif
