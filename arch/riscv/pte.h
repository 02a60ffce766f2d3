/*
 * pte.h - the Sv39 page-table entry and virtual address, drawn once.
 *
 *  virtual address (39 bits, bits 63..39 copy bit 38):
 *   38        30 29        21 20        12 11          0
 *  +------------+------------+------------+-------------+
 *  |  VPN[2]    |  VPN[1]    |  VPN[0]    | page offset |
 *  +------------+------------+------------+-------------+
 *
 *  page-table entry (64 bits):
 *   63   54 53        10 9   8 7 6 5 4 3 2 1 0
 *  +-------+------------+-----+-+-+-+-+-+-+-+-+
 *  |  0    |    PPN     | RSW |D|A|G|U|X|W|R|V|
 *  +-------+------------+-----+-+-+-+-+-+-+-+-+
 *
 * A valid entry with R, W and X clear points to the next level; any of
 * them set makes it a leaf (4 KiB at level 0, 2 MiB at 1, 1 GiB at 2).
 */
#ifndef ARCH_RISCV_PTE_H
#define ARCH_RISCV_PTE_H

#include <stdint.h>

#include "arch/riscv/memlayout.h"

typedef uint64_t pte_t;

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_RSW_COW (1UL << 8)   /* software: copy on write */
#define PTE_PPN_SHIFT 10
#define PTE_LEAF_BITS (PTE_R | PTE_W | PTE_X)

#define PT_LEVELS 3
#define PT_ENTRIES 512
#define PT_INDEX_BITS 9

#define PT_INDEX(va, level) (((va) >> (PAGE_SHIFT + PT_INDEX_BITS * (level))) & (PT_ENTRIES - 1))
#define PT_LEVEL_SIZE(level) (1UL << (PAGE_SHIFT + PT_INDEX_BITS * (level)))

#define PTE_TO_PA(pte) (((pte) >> PTE_PPN_SHIFT) << PAGE_SHIFT)
#define PA_TO_PTE(pa) (((uint64_t)(pa) >> PAGE_SHIFT) << PTE_PPN_SHIFT)

static inline int pte_is_leaf(pte_t pte)
{
	return (pte & PTE_V) && (pte & PTE_LEAF_BITS);
}

/* The entry with accessed set, and dirty too for a store it permits:
 * what hardware that updates A/D itself would have done. */
static inline pte_t pte_with_accessed(pte_t pte, int write)
{
	pte |= PTE_A;
	if (write && (pte & PTE_W))
		pte |= PTE_D;
	return pte;
}

#endif
