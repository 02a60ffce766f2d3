/*
 * asid.c - address-space identifiers for the page tables of pmap.c.
 */
#include "arch/riscv/arch.h"
#include "arch/riscv/pmap_internal.h"
#include "kernel/cpu.h"
#include "kernel/spinlock.h"
#include "vm/pmap.h"

/*
 * ASIDs. When the harts have them (asid_bits > 0), each pmap gets one,
 * tagged with a generation; a switch of satp then needs no TLB flush.
 * When the ASIDs of a generation run out, a new generation starts, and
 * each hart flushes its whole TLB once before it uses an ASID of it
 * (cpu->tlb_generation). A pmap whose ASID is of an old generation gets a
 * new one when next loaded. Stale entries of freed pmaps are harmless:
 * their ASIDs are not handed out again within the generation.
 * asid_lock guards asid_generation and next_asid.
 */
static unsigned asid_bits;
static uint64_t asid_generation = 1;
static uint64_t next_asid = 1;
static struct spinlock asid_lock = SPINLOCK_INIT("asid");

#define ASID_FIELD (SATP_ASID_MASK << SATP_ASID_SHIFT)

/* How many ASID bits the hart implements: write all ones, read back. */
static unsigned probe_asid_bits(uint64_t kernel_satp)
{
	csr_write(satp, kernel_satp | ASID_FIELD);
	uint64_t asid = (csr_read(satp) & ASID_FIELD) >> SATP_ASID_SHIFT;
	csr_write(satp, kernel_satp);
	arch_tlb_flush_all();
	return (unsigned)__builtin_popcountl(asid);
}

/* pm's ASID for this generation (assigning one if needed); *gen gets
 * the generation it belongs to. */
static uint64_t asid_of(struct pmap *pm, uint64_t *gen)
{
	spin_lock(&asid_lock);
	if ((pm->asid >> 16) != asid_generation) {
		if (next_asid >> asid_bits) {
			asid_generation++;
			next_asid = 1;
		}
		pm->asid = asid_generation << 16 | next_asid++;
	}
	*gen = asid_generation;
	spin_unlock(&asid_lock);
	return pm->asid & SATP_ASID_MASK;
}

void asid_write_satp(struct cpu *c, struct pmap *pm, uint64_t kernel_satp)
{
	if (!pm || !asid_bits) {
		csr_write(satp, pm ? pm->satp : kernel_satp);
		arch_tlb_flush_all();
		return;
	}
	uint64_t gen, asid = asid_of(pm, &gen);
	csr_write(satp, pm->satp | asid << SATP_ASID_SHIFT);
	if (c->tlb_generation != gen) {
		arch_tlb_flush_all();
		c->tlb_generation = gen;
	}
}


void asid_init(uint64_t kernel_satp)
{
	asid_bits = probe_asid_bits(kernel_satp);
}

unsigned pmap_asid_bits(void)
{
	return asid_bits;
}
