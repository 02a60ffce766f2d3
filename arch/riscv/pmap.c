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

extern char _kernel_start[], _etext[], _erodata[], _end[];
extern uint64_t boot_load_pa;

static uint64_t *kernel_root;
static uint64_t kernel_satp;
static bool kernel_half_sealed; /* top-level kernel entries fixed: user
                                   pmaps copy them from now on */
static struct spinlock kmap_lock = SPINLOCK_INIT("kmap");

#define USER_ROOT_ENTRIES (PT_ENTRIES / 2) /* entries 0..255: user half */

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
static unsigned probe_asid_bits(void)
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

static void write_satp(struct cpu *c, struct pmap *pm)
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


static pte_t prot_to_pte(unsigned prot)
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

static unsigned pte_to_prot(pte_t pte)
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

static void *table_alloc(void)
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
static pte_t *pt_walk(uint64_t *root, uint64_t va, int level, bool alloc)
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
		pte_t *next = table_alloc();
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
		pte_t *e = pt_walk(kernel_root, va, level, true);
		if (!e)
			panic("pmap: cannot map kernel va %lx", va);
		*e = PA_TO_PTE(pa) | prot_to_pte(prot);
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
	kernel_root = table_alloc();
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
		if (!pt_walk(kernel_root, va, 1, true))
			panic("pmap: no memory for the kernel virtual area");
	kernel_satp = SATP_MODE_SV39 | (virt_to_phys_direct(kernel_root) >> PAGE_SHIFT);
	csr_write(satp, kernel_satp);
	arch_tlb_flush_all();
	if (!cmdline_has("noasid"))
		asid_bits = probe_asid_bits();
}

unsigned pmap_asid_bits(void)
{
	return asid_bits;
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
		pte_t *e = pt_walk(kernel_root, DIRECT_MAP_BASE + p, 0, true);
		if (e && !(*e & PTE_V))
			*e = PA_TO_PTE(p) | prot_to_pte(VM_PROT_READ | VM_PROT_WRITE);
	}
	spin_unlock(&kmap_lock);
	arch_tlb_flush_all();
	return phys_to_virt(pa);
}

int pmap_kernel_enter(uint64_t va, uint64_t pa, unsigned prot)
{
	KASSERT(va >= KVA_BASE && va < KVA_BASE + KVA_SIZE);
	spin_lock(&kmap_lock);
	pte_t *e = pt_walk(kernel_root, va, 0, true);
	if (e)
		*e = PA_TO_PTE(pa) | prot_to_pte(prot);
	spin_unlock(&kmap_lock);
	if (!e)
		return -ENOMEM;
	arch_tlb_flush_page(va);
	return 0;
}

void pmap_kernel_remove(uint64_t va)
{
	spin_lock(&kmap_lock);
	pte_t *e = pt_walk(kernel_root, va, 0, false);
	if (e)
		*e = 0;
	spin_unlock(&kmap_lock);
	arch_tlb_flush_page(va);
	sbi_remote_sfence_vma(~0UL, 0, va, PAGE_SIZE); /* every hart */
}

bool pmap_kernel_lookup(uint64_t va, uint64_t *pa)
{
	spin_lock(&kmap_lock);
	pte_t *e = pt_walk(kernel_root, va, 0, false);
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
	pm->root = table_alloc();
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
	pte_t *e = pt_walk(pm->root, va, 0, true);
	if (!e)
		return -ENOMEM;
	bool was_valid = *e & PTE_V;
	*e = PA_TO_PTE(pa) | prot_to_pte(prot);
	if (was_valid)
		pmap_tlb_shootdown(pm, va);
	return 0;
}

uint64_t pmap_remove(struct pmap *pm, uint64_t va)
{
	pte_t *e = pt_walk(pm->root, va, 0, false);
	if (!e || !(*e & PTE_V))
		return 0;
	uint64_t pa = PTE_TO_PA(*e);
	*e = 0;
	pmap_tlb_shootdown(pm, va);
	return pa;
}

bool pmap_lookup(struct pmap *pm, uint64_t va, uint64_t *pa, unsigned *prot)
{
	pte_t *e = pt_walk(pm->root, va, 0, false);
	if (!e || !(*e & PTE_V))
		return false;
	if (pa)
		*pa = PTE_TO_PA(*e);
	if (prot)
		*prot = pte_to_prot(*e);
	return true;
}

bool pmap_protect(struct pmap *pm, uint64_t va, unsigned prot)
{
	pte_t *e = pt_walk(pm->root, va, 0, false);
	if (!e || !(*e & PTE_V))
		return false;
	*e = (*e & ~((1UL << PTE_PPN_SHIFT) - 1)) | prot_to_pte(prot);
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
	write_satp(c, pm);
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

void pmap_tlb_shootdown(struct pmap *pm, uint64_t va)
{
	struct cpu *self = cpu_self();
	uint64_t active = __atomic_load_n(&pm->active, __ATOMIC_SEQ_CST);
	unsigned long harts = 0;
	arch_tlb_flush_page(va);
	for (int i = 0; i < ncpus; i++)
		if ((active & (1UL << i)) && i != self->id)
			harts |= 1UL << cpus[i].hartid;
	if (harts)
		sbi_remote_sfence_vma(harts, 0, va, PAGE_SIZE);
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
		unsigned prot = pte_to_prot(e) & ~(VM_PROT_ACCESSED | VM_PROT_DIRTY);
		unsigned nprot = fn(arg, va, PTE_TO_PA(e), prot);
		if (nprot != prot) {
			table[i] = PA_TO_PTE(PTE_TO_PA(e)) | prot_to_pte(nprot);
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
	/* Only the user half: the root itself is never freed here. */
	pte_t *root = pm->root;
	uint64_t size = PT_LEVEL_SIZE(PT_LEVELS - 1);
	for (uint64_t i = PT_INDEX(start, PT_LEVELS - 1); i < USER_ROOT_ENTRIES; i++) {
		uint64_t va = i * size;
		if (va >= end)
			break;
		pte_t e = root[i];
		if (!(e & PTE_V) || pte_is_leaf(e))
			continue;
		pte_t *child = phys_to_virt(PTE_TO_PA(e));
		uint64_t s = va > start ? va : start;
		if (remove_table(child, PT_LEVELS - 2, va, s, end, fn, arg)) {
			root[i] = 0;
			kpage_free(child);
		}
	}
	pmap_tlb_flush_range(pm, start, end);
}

#define FLUSH_ALL_THRESHOLD (64 * PAGE_SIZE)

void pmap_tlb_flush_range(struct pmap *pm, uint64_t start, uint64_t end)
{
	struct cpu *self = cpu_self();
	uint64_t active = __atomic_load_n(&pm->active, __ATOMIC_SEQ_CST);
	unsigned long harts = 0;
	if (end - start > FLUSH_ALL_THRESHOLD) {
		arch_tlb_flush_all();
	} else {
		for (uint64_t va = start; va < end; va += PAGE_SIZE)
			arch_tlb_flush_page(va);
	}
	for (int i = 0; i < ncpus; i++)
		if ((active & (1UL << i)) && i != self->id)
			harts |= 1UL << cpus[i].hartid;
	if (harts)
		sbi_remote_sfence_vma(harts, 0, start, end - start);
}

void pmap_mark_accessed(struct pmap *pm, uint64_t va, bool write)
{
	pte_t *e = pt_walk(pm->root, va, 0, false);
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
			pte_t *slot = pt_walk(child->root, va, 0, true);
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
		pte_t *slot = pt_walk(parent->root, va, 0, false);
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
