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
	bool failed = false;
	struct list_node *pos;
	list_for_each(pos, &parent->regions) {
		struct vm_region *r = container_of(pos, struct vm_region, link);
		struct vm_region *c = region_copy(r);
		if (!c) {
			failed = true;
			break;
		}
		list_push_back(&child->regions, &c->link);
		child->stats.vsize += r->end - r->start;
		int64_t n = pmap_fork_range(&child->pmap, &parent->pmap, r->start, r->end,
		                            r->flags & VMR_SHARED);
		if (n < 0) {
			failed = true;
			break;
		}
		child->stats.rss_pages += (uint64_t)n;
	}
	mutex_unlock(&parent->lock);
	if (failed) {
		mm_destroy(child);
		return 0;
	}
	return child;
}
