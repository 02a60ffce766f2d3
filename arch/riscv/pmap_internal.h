/*
 * pmap_internal.h - what the pieces of the Sv39 pmap (pmap.c,
 * pmap_range.c, asid.c) share; nothing outside arch/riscv/ includes it.
 */
#ifndef ARCH_RISCV_PMAP_INTERNAL_H
#define ARCH_RISCV_PMAP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/riscv/pte.h"

struct cpu;
struct pmap;

#define USER_ROOT_ENTRIES (PT_ENTRIES / 2) /* entries 0..255: user half */

pte_t pmap_prot_to_pte(unsigned prot);
unsigned pmap_pte_to_prot(pte_t pte);
void *pmap_table_alloc(void);
/* The entry for va at level (0 = 4 KiB leaf), creating tables on the
 * way when alloc; NULL if one is missing or a larger leaf is in the way. */
pte_t *pmap_pt_walk(uint64_t *root, uint64_t va, int level, bool alloc);

/* Probe the ASID width (boot hart, kernel table loaded). */
void asid_init(uint64_t kernel_satp);
/* Load satp for pm (NULL: the kernel table) on this hart, flushing the
 * TLB only when needed. Interrupts off. */
void asid_write_satp(struct cpu *c, struct pmap *pm, uint64_t kernel_satp);

#endif
