/*
 * pmap.c - Sv39 page tables behind the interface of vm/pmap.h.
 *
 * Lock order: kmap_lock is a leaf lock (nothing is taken inside it except
 * the page allocator's).
 */
#include "vm/pmap.h"

#include <string.h>

#include "arch/riscv/arch.h"
#include "arch/riscv/pte.h"
#include "arch/riscv/sbi.h"
#include "kernel/boot.h"
#include "kernel/cpu.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/uapi/errno.h"
#include "vm/bootmem.h"
#include "vm/page.h"
#include "arch/riscv/pmap_internal.h"

extern char _kernel_start[], _etext[], _erodata[], _end[];
extern uint64_t boot_load_pa;

static uint64_t *kernel_root;
static uint64_t kernel_satp;
static bool kernel_half_sealed; /* top-level kernel entries fixed: user
                                   pmaps copy them from now on */
static struct spinlock kmap_lock = SPINLOCK_INIT("kmap");


pte_t pmap_prot_to_pte(unsigned prot)
{
	pte_t pte = PTE_V | PTE_A;
	if (prot & VM_PROT_READ)
		pte |= PTE_R;
	if (prot & VM_PROT_WRITE)
		pte |= PTE_W | PTE_D;
	if (prot & VM_PROT_EXEC)
		pte |= PTE_X;
	if (prot & VM_PROT_USER)
		pte |= PTE_U;
	else
		pte |= PTE_G;
	if (prot & VM_PROT_COW)
		pte |= PTE_RSW_COW;
	return pte;
}

unsigned pmap_pte_to_prot(pte_t pte)
{
	unsigned prot = 0;
	if (pte & PTE_R)
		prot |= VM_PROT_READ;
	if (pte & PTE_W)
		prot |= VM_PROT_WRITE;
	if (pte & PTE_X)
		prot |= VM_PROT_EXEC;
	if (pte & PTE_U)
		prot |= VM_PROT_USER;
	if (pte & PTE_RSW_COW)
		prot |= VM_PROT_COW;
	if (pte & PTE_A)
		prot |= VM_PROT_ACCESSED;
	if (pte & PTE_D)
		prot |= VM_PROT_DIRTY;
	return prot;
}

void *pmap_table_alloc(void)
{
	void *t = kpage_alloc();
	if (t)
		virt_to_page(t)->flags |= PG_PAGETABLE;
	return t;
}

/*
 * The entry for va at 'level' (0 = 4 KiB leaf), creating the tables on
 * the way when alloc is set. NULL if a table is missing (and !alloc or
 * out of memory) or a larger leaf is in the way.
 */
pte_t *pmap_pt_walk(uint64_t *root, uint64_t va, int level, bool alloc)
{
	pte_t *table = root;
	for (int l = PT_LEVELS - 1; l > level; l--) {
		pte_t *e = &table[PT_INDEX(va, l)];
		if (*e & PTE_V) {
			if (pte_is_leaf(*e))
				return 0;
			table = phys_to_virt(PTE_TO_PA(*e));
			continue;
		}
		if (!alloc)
			return 0;
		pte_t *next = pmap_table_alloc();
		if (!next)
			return 0;
		*e = PA_TO_PTE(virt_to_phys_direct(next)) | PTE_V; /* A, D, U clear */
		table = next;
	}
	return &table[PT_INDEX(va, level)];
}

/* Map [va, va+size) to pa with the largest pages alignment allows. */
static void kernel_map_range(uint64_t va, uint64_t pa, uint64_t size, unsigned prot)
{
	while (size) {
		int level = 2;
		while (level > 0 && ((va | pa) & (PT_LEVEL_SIZE(level) - 1) ||
		                     size < PT_LEVEL_SIZE(level)))
			level--;
		pte_t *e = pmap_pt_walk(kernel_root, va, level, true);
		if (!e)
			panic("pmap: cannot map kernel va %lx", va);
		*e = PA_TO_PTE(pa) | pmap_prot_to_pte(prot);
		va += PT_LEVEL_SIZE(level);
		pa += PT_LEVEL_SIZE(level);
		size -= PT_LEVEL_SIZE(level);
	}
}

static void map_kernel_image(void)
{
	uint64_t base = (uint64_t)_kernel_start;
	uint64_t text = (uint64_t)_etext - base, ro = (uint64_t)_erodata - base;
	uint64_t all = (uint64_t)_end - base;
	kernel_map_range(base, boot_load_pa, text, VM_PROT_READ | VM_PROT_EXEC);
	kernel_map_range(base + text, boot_load_pa + text, ro - text, VM_PROT_READ);
	kernel_map_range(base + ro, boot_load_pa + ro, all - ro, VM_PROT_READ | VM_PROT_WRITE);
}

void pmap_bootstrap(void)
{
	kernel_root = pmap_table_alloc();
	if (!kernel_root)
		panic("pmap: no memory for the kernel page table");
	map_kernel_image();
	for (int i = 0; i < bootmem.nram; i++) {
		const struct bootmem_range *r = &bootmem.ram[i];
		if (r->end > DIRECT_MAP_SIZE)
			panic("pmap: RAM at %lx lies beyond the direct map", r->base);
		kernel_map_range(DIRECT_MAP_BASE + r->base, r->base, r->end - r->base,
		                 VM_PROT_READ | VM_PROT_WRITE);
	}
	/* The kernel virtual area's top-level entries exist from now on. */
	for (uint64_t va = KVA_BASE; va < KVA_BASE + KVA_SIZE; va += PT_LEVEL_SIZE(2))
		if (!pmap_pt_walk(kernel_root, va, 1, true))
			panic("pmap: no memory for the kernel virtual area");
	kernel_satp = SATP_MODE_SV39 | (virt_to_phys_direct(kernel_root) >> PAGE_SHIFT);
	csr_write(satp, kernel_satp);
	arch_tlb_flush_all();
	if (!cmdline_has("noasid"))
		asid_init(kernel_satp);
}

uint64_t pmap_kernel_satp(void)
{
	return kernel_satp;
}

void *pmap_map_device(uint64_t pa, uint64_t size)
{
	KASSERT(!kernel_half_sealed);
	uint64_t start = pa & ~(PAGE_SIZE - 1);
	uint64_t end = (pa + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (end > DIRECT_MAP_SIZE)
		panic("pmap: device at %lx lies beyond the direct map", pa);
	spin_lock(&kmap_lock);
	for (uint64_t p = start; p < end; p += PAGE_SIZE) {
		pte_t *e = pmap_pt_walk(kernel_root, DIRECT_MAP_BASE + p, 0, true);
		if (e && !(*e & PTE_V))
			*e = PA_TO_PTE(p) | pmap_prot_to_pte(VM_PROT_READ | VM_PROT_WRITE);
	}
	spin_unlock(&kmap_lock);
	arch_tlb_flush_all();
	return phys_to_virt(pa);
}

int pmap_kernel_enter(uint64_t va, uint64_t pa, unsigned prot)
{
	KASSERT(va >= KVA_BASE && va < KVA_BASE + KVA_SIZE);
	spin_lock(&kmap_lock);
	pte_t *e = pmap_pt_walk(kernel_root, va, 0, true);
	if (e)
		*e = PA_TO_PTE(pa) | pmap_prot_to_pte(prot);
	spin_unlock(&kmap_lock);
	if (!e)
		return -ENOMEM;
	arch_tlb_flush_page(va);
	return 0;
}

void pmap_kernel_remove(uint64_t va)
{
	spin_lock(&kmap_lock);
	pte_t *e = pmap_pt_walk(kernel_root, va, 0, false);
	if (e)
		*e = 0;
	spin_unlock(&kmap_lock);
	arch_tlb_flush_page(va);
	sbi_remote_sfence_vma(~0UL, 0, va, PAGE_SIZE); /* every hart */
}

bool pmap_kernel_lookup(uint64_t va, uint64_t *pa)
{
	spin_lock(&kmap_lock);
	pte_t *e = pmap_pt_walk(kernel_root, va, 0, false);
	bool mapped = e && (*e & PTE_V);
	if (mapped)
		*pa = PTE_TO_PA(*e);
	spin_unlock(&kmap_lock);
	return mapped;
}

void pmap_kernel_seal(void)
{
	kernel_half_sealed = true;
}

int pmap_create(struct pmap *pm)
{
	pm->root = pmap_table_alloc();
	if (!pm->root)
		return -ENOMEM;
	memcpy(pm->root + USER_ROOT_ENTRIES, kernel_root + USER_ROOT_ENTRIES,
	       USER_ROOT_ENTRIES * sizeof(pte_t));
	pm->satp = SATP_MODE_SV39 | (virt_to_phys_direct(pm->root) >> PAGE_SHIFT);
	pm->active = 0;
	return 0;
}

static void table_free(pte_t *table, int level)
{
	for (int i = 0; i < PT_ENTRIES; i++) {
		pte_t e = table[i];
		if ((e & PTE_V) && !pte_is_leaf(e) && level > 0)
			table_free(phys_to_virt(PTE_TO_PA(e)), level - 1);
	}
	kpage_free(table);
}

/* Wait until no hart has pm in its satp. */
static void pmap_wait_released(struct pmap *pm)
{
	struct cpu *self = cpu_self();
	if (self->loaded_pmap == pm)
		pmap_activate_kernel();
	for (int i = 0; i < ncpus; i++) {
		if (!(__atomic_load_n(&pm->active, __ATOMIC_SEQ_CST) & (1UL << i)))
			continue;
		ipi_send(i, IPI_RELEASE_PMAP);
		while (__atomic_load_n(&pm->active, __ATOMIC_SEQ_CST) & (1UL << i))
			arch_cpu_relax();
	}
}

void pmap_destroy(struct pmap *pm)
{
	pmap_wait_released(pm);
	for (int i = 0; i < USER_ROOT_ENTRIES; i++) {
		pte_t e = pm->root[i];
		if ((e & PTE_V) && !pte_is_leaf(e))
			table_free(phys_to_virt(PTE_TO_PA(e)), PT_LEVELS - 2);
	}
	kpage_free(pm->root);
	pm->root = 0;
}

int pmap_enter(struct pmap *pm, uint64_t va, uint64_t pa, unsigned prot)
{
	pte_t *e = pmap_pt_walk(pm->root, va, 0, true);
	if (!e)
		return -ENOMEM;
	bool was_valid = *e & PTE_V;
	*e = PA_TO_PTE(pa) | pmap_prot_to_pte(prot);
	if (was_valid)
		pmap_tlb_shootdown(pm, va);
	return 0;
}

uint64_t pmap_remove(struct pmap *pm, uint64_t va)
{
	pte_t *e = pmap_pt_walk(pm->root, va, 0, false);
	if (!e || !(*e & PTE_V))
		return 0;
	uint64_t pa = PTE_TO_PA(*e);
	*e = 0;
	pmap_tlb_shootdown(pm, va);
	return pa;
}

bool pmap_lookup(struct pmap *pm, uint64_t va, uint64_t *pa, unsigned *prot)
{
	pte_t *e = pmap_pt_walk(pm->root, va, 0, false);
	if (!e || !(*e & PTE_V))
		return false;
	if (pa)
		*pa = PTE_TO_PA(*e);
	if (prot)
		*prot = pmap_pte_to_prot(*e);
	return true;
}

bool pmap_protect(struct pmap *pm, uint64_t va, unsigned prot)
{
	pte_t *e = pmap_pt_walk(pm->root, va, 0, false);
	if (!e || !(*e & PTE_V))
		return false;
	*e = (*e & ~((1UL << PTE_PPN_SHIFT) - 1)) | pmap_prot_to_pte(prot);
	pmap_tlb_shootdown(pm, va);
	return true;
}

/* Load satp with pm's table (NULL: the kernel's); interrupts off. */
static void load(struct cpu *c, struct pmap *pm)
{
	struct pmap *old = c->loaded_pmap;
	if (old == pm)
		return;
	if (pm) /* before the switch, so no shootdown for it is missed */
		__atomic_fetch_or(&pm->active, 1UL << c->id, __ATOMIC_SEQ_CST);
	asid_write_satp(c, pm, kernel_satp);
	c->loaded_pmap = pm;
	if (old)
		__atomic_fetch_and(&old->active, ~(1UL << c->id), __ATOMIC_SEQ_CST);
}

void pmap_activate(struct pmap *pm)
{
	irq_push_off();
	load(cpu_self(), pm);
	irq_pop_off();
}

void pmap_activate_kernel(void)
{
	irq_push_off();
	load(cpu_self(), 0);
	irq_pop_off();
}

void pmap_release_lazy(void)
{
	struct cpu *c = cpu_self();
	if (!c->proc)
		load(c, 0);
}

