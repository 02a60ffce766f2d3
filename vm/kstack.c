/*
 * kstack.c - kernel stacks in the kernel virtual area (see kstack.h).
 *
 * The area is cut into slots of KSTACK_SIZE + one guard page. Freed slots
 * go on a free list (their pages are unmapped and freed); new slots come
 * from the high-water mark.
 *
 * Locking: kstack_lock guards next_slot and free_slots.
 */
#include "vm/kstack.h"

#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "vm/kmalloc.h"
#include "vm/page.h"
#include "vm/pmap.h"

#define SLOT_SIZE (KSTACK_SIZE + PAGE_SIZE)
#define NSLOTS (KVA_SIZE / SLOT_SIZE)

struct free_slot {
	struct free_slot *next;
	uint64_t base;
};

static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");
static uint64_t next_slot;
static struct free_slot *free_slots;

static uint64_t slot_take(void)
{
	uint64_t base = 0;
	spin_lock(&kstack_lock);
	if (free_slots) {
		struct free_slot *f = free_slots;
		free_slots = f->next;
		base = f->base;
		spin_unlock(&kstack_lock);
		kfree(f);
		return base;
	}
	if (next_slot < NSLOTS)
		base = KVA_BASE + SLOT_SIZE * next_slot++;
	spin_unlock(&kstack_lock);
	return base;
}

void *kstack_alloc(void)
{
	uint64_t base = slot_take(); /* base: the guard page */
	if (!base)
		return 0;
	for (int i = 0; i < KSTACK_PAGES; i++) {
		struct page *p = page_alloc(0, 0);
		if (!p || pmap_kernel_enter(base + PAGE_SIZE * (i + 1), page_to_pa(p),
		                            VM_PROT_READ | VM_PROT_WRITE) < 0) {
			if (p)
				page_put(p);
			kstack_free((void *)(base + SLOT_SIZE)); /* frees what is mapped */
			return 0;
		}
	}
	return (void *)(base + SLOT_SIZE);
}

void kstack_free(void *top)
{
	uint64_t base = (uint64_t)top - SLOT_SIZE;
	for (int i = 0; i < KSTACK_PAGES; i++) {
		uint64_t va = base + PAGE_SIZE * (i + 1);
		uint64_t pa;
		if (pmap_kernel_lookup(va, &pa)) {
			pmap_kernel_remove(va);
			page_put(pa_to_page(pa));
		}
	}
	struct free_slot *f = kmalloc(sizeof *f);
	if (!f)
		return; /* the slot is lost, not the memory */
	f->base = base;
	spin_lock(&kstack_lock);
	f->next = free_slots;
	free_slots = f;
	spin_unlock(&kstack_lock);
}
