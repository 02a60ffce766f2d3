/*
 * pmap_range.c - the page-table operations over ranges of a user address
 * space: visiting and rewriting mappings, removing them (freeing emptied
 * tables), copying them for fork, and the TLB shootdowns that follow.
 * The caller (the owning struct mm) serialises changes to the pmap.
 */
#include "arch/riscv/arch.h"
#include "arch/riscv/pmap_internal.h"
#include "arch/riscv/pte.h"
#include "arch/riscv/sbi.h"
#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/uapi/errno.h"
#include "vm/page.h"
#include "vm/pmap.h"

void pmap_tlb_shootdown(struct pmap *pm, uint64_t va)
{
	pmap_tlb_flush_range(pm, va, va + PAGE_SIZE);
}

/* Walk the leaves of one table at 'level' covering [start, end). */
static uint64_t walk_table(pte_t *table, int level, uint64_t base, uint64_t start,
                           uint64_t end, pmap_visit_fn fn, void *arg)
{
	uint64_t changed = 0, size = PT_LEVEL_SIZE(level);
	for (uint64_t i = PT_INDEX(start, level); i < PT_ENTRIES; i++) {
		uint64_t va = base + i * size;
		if (va >= end)
			break;
		pte_t e = table[i];
		if (!(e & PTE_V))
			continue;
		if (level > 0) {
			uint64_t s = va > start ? va : start;
			changed += walk_table(phys_to_virt(PTE_TO_PA(e)), level - 1, va, s, end, fn, arg);
			continue;
		}
		unsigned prot = pmap_pte_to_prot(e) & ~(VM_PROT_ACCESSED | VM_PROT_DIRTY);
		unsigned nprot = fn(arg, va, PTE_TO_PA(e), prot);
		if (nprot != prot) {
			table[i] = PA_TO_PTE(PTE_TO_PA(e)) | pmap_prot_to_pte(nprot);
			changed++;
		}
	}
	return changed;
}

uint64_t pmap_walk(struct pmap *pm, uint64_t start, uint64_t end, pmap_visit_fn fn, void *arg)
{
	return walk_table(pm->root, PT_LEVELS - 1, 0, start, end, fn, arg);
}

static bool table_is_empty(const pte_t *table)
{
	for (int i = 0; i < PT_ENTRIES; i++)
		if (table[i])
			return false;
	return true;
}

/* Remove leaves in [start, end) below table; true if table is now empty. */
static bool remove_table(pte_t *table, int level, uint64_t base, uint64_t start,
                         uint64_t end, pmap_remove_fn fn, void *arg)
{
	uint64_t size = PT_LEVEL_SIZE(level);
	for (uint64_t i = PT_INDEX(start, level); i < PT_ENTRIES; i++) {
		uint64_t va = base + i * size;
		if (va >= end)
			break;
		pte_t e = table[i];
		if (!(e & PTE_V))
			continue;
		if (level == 0) {
			table[i] = 0;
			fn(arg, va, PTE_TO_PA(e));
			continue;
		}
		pte_t *child = phys_to_virt(PTE_TO_PA(e));
		uint64_t s = va > start ? va : start;
		if (remove_table(child, level - 1, va, s, end, fn, arg)) {
			table[i] = 0;
			kpage_free(child);
		}
	}
	return table_is_empty(table);
}

void pmap_remove_range(struct pmap *pm, uint64_t start, uint64_t end, pmap_remove_fn fn, void *arg)
{
	/* From the root down; the walk stops at end, below the kernel half,
	 * and the root itself is never freed. */
	KASSERT(end <= USER_TOP);
	remove_table(pm->root, PT_LEVELS - 1, 0, start, end, fn, arg);
	pmap_tlb_flush_range(pm, start, end);
}

#define FLUSH_ALL_THRESHOLD (64 * PAGE_SIZE)

/* Flush [start, end) here and on every other hart that has pm loaded
 * (pm->active). Interrupts are masked so "here" stays this hart. */
void pmap_tlb_flush_range(struct pmap *pm, uint64_t start, uint64_t end)
{
	irq_push_off();
	struct cpu *self = cpu_self();
	if (end - start > FLUSH_ALL_THRESHOLD) {
		arch_tlb_flush_all();
	} else {
		for (uint64_t va = start; va < end; va += PAGE_SIZE)
			arch_tlb_flush_page(va);
	}
	uint64_t active = __atomic_load_n(&pm->active, __ATOMIC_SEQ_CST);
	unsigned long harts = 0;
	for (int i = 0; i < ncpus; i++)
		if ((active & (1UL << i)) && i != self->id)
			harts |= 1UL << cpus[i].hartid;
	irq_pop_off();
	if (harts)
		sbi_remote_sfence_vma(harts, 0, start, end - start);
}

void pmap_mark_accessed(struct pmap *pm, uint64_t va, bool write)
{
	pte_t *e = pmap_pt_walk(pm->root, va, 0, false);
	if (!e || !(*e & PTE_V))
		return;
	pte_t updated = pte_with_accessed(*e, write);
	if (updated != *e) {
		*e = updated;
		arch_tlb_flush_page(va);
	}
}

/*
 * Copy the leaves of one parent level-0 table into the child's, for the
 * part inside [start, end). Private writable entries become read-only
 * copy-on-write in both. Returns how many entries were copied, or -1 if
 * the child's table could not be allocated.
 */
static int64_t fork_leaf_table(struct pmap *child, const pte_t *ptable, uint64_t base,
                               uint64_t start, uint64_t end, bool shared, pte_t *pwrite)
{
	pte_t *ctable = 0;
	int64_t copied = 0;
	for (uint64_t i = PT_INDEX(start, 0); i < PT_ENTRIES; i++) {
		uint64_t va = base + i * PAGE_SIZE;
		if (va >= end)
			break;
		pte_t e = ptable[i];
		if (!(e & PTE_V))
			continue;
		if (!ctable) {
			pte_t *slot = pmap_pt_walk(child->root, va, 0, true);
			if (!slot)
				return -1;
			ctable = slot - i;
		}
		if (!shared && (e & (PTE_W | PTE_RSW_COW))) {
			e = (e & ~(PTE_W | PTE_D)) | PTE_RSW_COW;
			pwrite[i] = e;
		}
		ctable[i] = e;
		page_get(pa_to_page(PTE_TO_PA(e))); /* user leaves are always RAM */
		copied++;
	}
	return copied;
}

int64_t pmap_fork_range(struct pmap *child, struct pmap *parent, uint64_t start, uint64_t end,
                        bool shared)
{
	int64_t total = 0;
	for (uint64_t va = start; va < end;) {
		uint64_t table_base = va & ~(PT_LEVEL_SIZE(1) - 1);
		uint64_t next = table_base + PT_LEVEL_SIZE(1);
		pte_t *slot = pmap_pt_walk(parent->root, va, 0, false);
		if (slot) {
			pte_t *ptable = slot - PT_INDEX(va, 0);
			int64_t n = fork_leaf_table(child, ptable, table_base, va, end, shared, ptable);
			if (n < 0)
				return -ENOMEM;
			total += n;
		}
		va = next < end && next > va ? next : end;
	}
	if (!shared && total)
		pmap_tlb_flush_range(parent, start, end);
	return total;
}
