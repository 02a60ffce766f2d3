/*
 * boot_pagetable.c - the page table the boot hart turns the MMU on with.
 *
 * Runs before the jump high, with the MMU off, at whatever physical
 * address the image was loaded: everything here must be reachable
 * PC-relatively (no absolute pointers, no jump tables: the Makefile builds
 * this file with -fno-jump-tables), and nothing here may call other code.
 *
 * The table maps:
 *  - the kernel image at KERNEL_VIRT_BASE with 2 MiB pages, RWX (the
 *    final table, built by vm/kernel_map.c, splits it W^X);
 *  - the whole direct map, DIRECT_MAP_BASE + pa for pa < DIRECT_MAP_SIZE,
 *    with 1 GiB pages, RW, so the DTB, RAM and UART are reachable before
 *    the kernel knows where they are.
 * Leaf entries carry A and D: some cores (SiFive U74) fault instead of
 * setting them.
 */
#include <stdint.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"
#include "arch/riscv/pte.h"

extern char _kernel_start[], _end[];

/* Where the image was loaded: written here, before the MMU is on. */
uint64_t boot_load_pa;

static pte_t boot_root[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t boot_image_l1[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

#define BOOT_LEAF (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)
#define MEGAPAGE PT_LEVEL_SIZE(1)
#define GIGAPAGE PT_LEVEL_SIZE(2)

uint64_t boot_pagetable_build(uint64_t load_pa)
{
	uint64_t image_bytes = (uint64_t)(_end - _kernel_start);
	uint64_t va = KERNEL_VIRT_BASE;

	boot_load_pa = load_pa;

	boot_root[PT_INDEX(va, 2)] = PA_TO_PTE(boot_image_l1) | PTE_V;
	for (uint64_t off = 0; off < image_bytes; off += MEGAPAGE)
		boot_image_l1[PT_INDEX(va + off, 1)] =
			PA_TO_PTE(load_pa + off) | BOOT_LEAF | PTE_X;

	for (uint64_t pa = 0; pa < DIRECT_MAP_SIZE; pa += GIGAPAGE)
		boot_root[PT_INDEX(DIRECT_MAP_BASE + pa, 2)] = PA_TO_PTE(pa) | BOOT_LEAF;

	return SATP_MODE_SV39 | ((uint64_t)boot_root >> PAGE_SHIFT);
}
