/*
 * fork.c - duplicating an address space without copying pages.
 *
 * Every private writable page becomes read-only and copy-on-write in both
 * parent and child, with one more reference on its struct page; the first
 * write (vm/fault.c) copies it, or just makes it writable again when it is
 * the last reference. Shared pages stay writable in both. Only page tables
 * are copied.
 */
#include "fs/fs.h"
#include "kernel/printk.h"
#include "vm/kmalloc.h"
#include "vm/mm.h"
#include "vm/page.h"

struct fork_walk {
	struct mm *child;
	struct vm_region *region;
	int error;
};

/* Called for each mapped page of the parent's region. */
static unsigned fork_page(void *arg, uint64_t va, uint64_t pa, unsigned prot)
{
	struct fork_walk *w = arg;
	if (w->error)
		return prot;
	unsigned child_prot = prot, parent_prot = prot;
	bool shared = w->region->flags & VMR_SHARED;
	if (!shared && (prot & (VM_PROT_WRITE | VM_PROT_COW))) {
		child_prot = parent_prot = (prot & ~VM_PROT_WRITE) | VM_PROT_COW;
	}
	if (pmap_enter(&w->child->pmap, va, pa, child_prot) < 0) {
		w->error = -1;
		return prot;
	}
	page_get(pa_to_page(pa));
	w->child->stats.rss_pages++;
	return parent_prot;
}

static struct vm_region *region_copy(const struct vm_region *r)
{
	struct vm_region *c = kmalloc(sizeof *c);
	if (!c)
		return 0;
	*c = *r;
	list_init(&c->link);
	if (c->file)
		inode_dup(c->file);
	return c;
}

struct mm *mm_fork(struct mm *parent)
{
	struct mm *child = mm_create();
	if (!child)
		return 0;
	mutex_lock(&parent->lock);
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->stack_limit = parent->stack_limit;
	child->mmap_base = parent->mmap_base;
	struct fork_walk w = {.child = child, .error = 0};
	struct list_node *pos;
	list_for_each(pos, &parent->regions) {
		struct vm_region *r = container_of(pos, struct vm_region, link);
		struct vm_region *c = region_copy(r);
		if (!c) {
			w.error = -1;
			break;
		}
		list_push_back(&child->regions, &c->link);
		w.region = r;
		if (pmap_walk(&parent->pmap, r->start, r->end, fork_page, &w))
			pmap_tlb_flush_range(&parent->pmap, r->start, r->end);
		if (w.error)
			break;
	}
	mutex_unlock(&parent->lock);
	if (w.error) {
		mm_destroy(child);
		return 0;
	}
	return child;
}
