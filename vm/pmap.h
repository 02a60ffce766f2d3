/*
 * pmap.h - the machine-independent interface to page tables.
 *
 * A struct pmap is one address space's page table. The kernel half is the
 * same in every pmap: its top-level entries are created at boot
 * (pmap_bootstrap) and never change after, so a new pmap copies them and
 * a trap needs no satp switch. The user half is private.
 *
 * Protections are VM_PROT_* bits; arch/riscv/pmap.c turns them into PTE
 * bits. Leaf entries are always written with accessed (and, when
 * writable, dirty) set: some cores fault instead of setting them.
 *
 * Locking: the owner (struct mm) serialises changes to a user pmap; the
 * kernel half changes only under kmap_lock (pmap.c).
 */
#ifndef VM_PMAP_H
#define VM_PMAP_H

#include <stdbool.h>
#include <stdint.h>

#define VM_PROT_READ 0x1U
#define VM_PROT_WRITE 0x2U
#define VM_PROT_EXEC 0x4U
#define VM_PROT_USER 0x8U   /* reachable from user mode */
#define VM_PROT_COW 0x10U   /* software flag: write must copy first */
/* Reported by pmap_lookup only (ignored when setting): the entry's
 * accessed and dirty bits. */
#define VM_PROT_ACCESSED 0x20U
#define VM_PROT_DIRTY 0x40U

struct pmap {
	uint64_t *root;           /* top-level table (kernel virtual) */
	uint64_t satp;            /* value that activates it (ASID 0) */
	uint64_t asid;            /* generation << 16 | ASID, when the hart
	                             has ASIDs (arch/riscv/pmap.c) */
	volatile uint64_t active; /* bit i: loaded in cpus[i]'s satp (maybe
	                             lazily, with no process of it running):
	                             those harts get TLB shootdowns */
};

/* Boot: build the kernel's final table (image W^X, direct map of RAM)
 * and switch this hart to it. */
void pmap_bootstrap(void);
/* ASID bits the boot hart has (0: none; "noasid" on the command line). */
unsigned pmap_asid_bits(void);
/* A secondary hart's satp value for the kernel table. */
uint64_t pmap_kernel_satp(void);
/* Map device registers into the direct map; returns their virtual
 * address. Boot only (before any user pmap exists). */
void *pmap_map_device(uint64_t pa, uint64_t size);
/* From now on the kernel half's top-level entries never change (the
 * first process is about to be made). */
void pmap_kernel_seal(void);
/* Kernel virtual area: map/unmap single pages (kernel stacks). */
int pmap_kernel_enter(uint64_t va, uint64_t pa, unsigned prot);
void pmap_kernel_remove(uint64_t va);
bool pmap_kernel_lookup(uint64_t va, uint64_t *pa);

int pmap_create(struct pmap *pm);          /* -ENOMEM */
void pmap_destroy(struct pmap *pm);        /* frees user page-table pages */
int pmap_enter(struct pmap *pm, uint64_t va, uint64_t pa, unsigned prot);
/* Remove the mapping at va; returns its pa, or 0 if none. */
uint64_t pmap_remove(struct pmap *pm, uint64_t va);
/* The mapping at va: true and *pa, *prot when mapped. */
bool pmap_lookup(struct pmap *pm, uint64_t va, uint64_t *pa, unsigned *prot);
/* Change the protection of an existing mapping (false if none). */
bool pmap_protect(struct pmap *pm, uint64_t va, unsigned prot);
/*
 * Visit every mapping in [start, end), skipping absent tables quickly.
 * fn returns the protection the mapping should have from now on (return
 * prot unchanged to leave it). Returns how many mappings were changed;
 * the caller then flushes (pmap_tlb_flush_range).
 */
typedef unsigned (*pmap_visit_fn)(void *arg, uint64_t va, uint64_t pa, unsigned prot);
uint64_t pmap_walk(struct pmap *pm, uint64_t start, uint64_t end, pmap_visit_fn fn, void *arg);
/* Remove every mapping in [start, end), calling fn(arg, va, pa) for each,
 * free page-table pages left empty, flush the TLBs. */
typedef void (*pmap_remove_fn)(void *arg, uint64_t va, uint64_t pa);
void pmap_remove_range(struct pmap *pm, uint64_t start, uint64_t end, pmap_remove_fn fn, void *arg);
void pmap_tlb_flush_range(struct pmap *pm, uint64_t start, uint64_t end);

/* Set the accessed (and, for a permitted write, dirty) bit of the
 * mapping at va, for cores that fault instead of setting them. */
void pmap_mark_accessed(struct pmap *pm, uint64_t va, bool write);

/*
 * fork: copy the mappings of [start, end) from parent to child, table by
 * table. Unless shared, writable entries become read-only copy-on-write
 * in both (the parent's TLBs are flushed). Each mapped frame gets one
 * more reference. The number of pages copied, or -ENOMEM.
 */
int64_t pmap_fork_range(struct pmap *child, struct pmap *parent, uint64_t start, uint64_t end,
                        bool shared);

/*
 * Make pm the address space of this hart (no-op if it already is). The
 * scheduler does not switch back to the kernel's table when a process
 * stops running: the next process with the same pmap needs no satp write.
 * pmap_destroy asks harts that still hold pm to let go (IPI).
 */
void pmap_activate(struct pmap *pm);
/* Switch this hart to the kernel's own table. */
void pmap_activate_kernel(void);
/* IPI: drop a lazily held user table if no process runs here. */
void pmap_release_lazy(void);
/* Flush va from every hart where pm is active. */
void pmap_tlb_shootdown(struct pmap *pm, uint64_t va);

#endif
