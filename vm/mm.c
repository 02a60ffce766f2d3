/*
 * mm.c - address spaces and their regions (see mm.h): creation, fork,
 * teardown, mapping and unmapping ranges, the heap and the stack.
 */
#include "vm/mm.h"

#include <string.h>

#include "fs/fs.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "vm/kmalloc.h"
#include "vm/page.h"

#define PAGE_ALIGNED(x) (((x) & (PAGE_SIZE - 1)) == 0)
#define PAGE_ROUND_UP(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof *mm);
	if (!mm)
		return 0;
	if (pmap_create(&mm->pmap) < 0) {
		kfree(mm);
		return 0;
	}
	mutex_init(&mm->lock, "mm");
	list_init(&mm->regions);
	mm->stack_limit = USER_STACK_LIMIT_DEFAULT;
	mm->mmap_base = USER_STACK_TOP - mm->stack_limit - USER_STACK_GAP;
	return mm;
}

/* Shared writable file mappings write their dirty pages back when they
 * go (munmap, exit, exec). */
static void region_free(struct vm_region *r)
{
	if (r->file) {
		if ((r->flags & VMR_SHARED) && (r->prot & VM_PROT_WRITE))
			inode_fsync(r->file);
		inode_put(r->file);
	}
	kfree(r);
}

static void release_page(void *arg, uint64_t va, uint64_t pa)
{
	struct mm *mm = arg;
	struct page *p = pa_to_page(pa);
	if (p)
		page_put(p);
	mm->stats.rss_pages--;
}

void mm_destroy(struct mm *mm)
{
	pmap_remove_range(&mm->pmap, 0, USER_TOP, release_page, mm);
	while (!list_empty(&mm->regions)) {
		struct vm_region *r = list_first_entry(&mm->regions, struct vm_region, link);
		list_remove(&r->link);
		region_free(r);
	}
	pmap_destroy(&mm->pmap);
	kfree(mm);
}

struct vm_region *mm_find_region(struct mm *mm, uint64_t addr)
{
	struct list_node *pos;
	list_for_each(pos, &mm->regions) {
		struct vm_region *r = container_of(pos, struct vm_region, link);
		if (addr < r->start)
			return 0;
		if (addr < r->end)
			return r;
	}
	return 0;
}

bool mm_range_is_free(struct mm *mm, uint64_t start, uint64_t end)
{
	struct list_node *pos;
	list_for_each(pos, &mm->regions) {
		struct vm_region *r = container_of(pos, struct vm_region, link);
		if (r->start < end && start < r->end)
			return false;
	}
	return true;
}

static void region_insert(struct mm *mm, struct vm_region *r)
{
	struct list_node *pos;
	list_for_each(pos, &mm->regions) {
		if (container_of(pos, struct vm_region, link)->start > r->start)
			break;
	}
	list_insert_between(&r->link, pos->prev, pos);
	mm->stats.vsize += r->end - r->start;
}

int mm_map_region(struct mm *mm, uint64_t start, uint64_t end, unsigned prot, unsigned flags,
                  enum vm_region_kind kind, struct inode *file, uint64_t file_offset,
                  uint64_t file_bytes)
{
	if (!PAGE_ALIGNED(start) || !PAGE_ALIGNED(end) || start >= end ||
	    start < USER_MIN_ADDR || end > USER_STACK_TOP)
		return -EINVAL;
	if (!mm_range_is_free(mm, start, end))
		return -EINVAL;
	struct vm_region *r = kzalloc(sizeof *r);
	if (!r)
		return -ENOMEM;
	r->start = start;
	r->end = end;
	r->prot = prot;
	r->flags = flags;
	r->kind = kind;
	r->file = file ? inode_dup(file) : 0;
	r->file_offset = file_offset;
	r->file_bytes = file_bytes;
	region_insert(mm, r);
	return 0;
}

/* Split r at addr (inside it): r keeps [start, addr), a new region gets
 * [addr, end). */
static int region_split(struct vm_region *r, uint64_t addr)
{
	struct vm_region *tail = kmalloc(sizeof *tail);
	if (!tail)
		return -ENOMEM;
	*tail = *r;
	uint64_t head_bytes = addr - r->start;
	tail->start = addr;
	tail->file_offset = r->file_offset + head_bytes;
	tail->file_bytes = r->file_bytes > head_bytes ? r->file_bytes - head_bytes : 0;
	if (tail->file)
		inode_dup(tail->file);
	r->end = addr;
	if (r->file_bytes > head_bytes)
		r->file_bytes = head_bytes;
	list_insert_between(&tail->link, &r->link, r->link.next);
	return 0;
}

int mm_split_at(struct mm *mm, uint64_t addr)
{
	struct vm_region *r = mm_find_region(mm, addr);
	if (!r || r->start == addr)
		return 0;
	return region_split(r, addr);
}

int mm_unmap(struct mm *mm, uint64_t start, uint64_t end)
{
	if (!PAGE_ALIGNED(start) || start >= end || end > USER_TOP)
		return -EINVAL;
	struct list_node *pos, *tmp;
	list_for_each_safe(pos, tmp, &mm->regions) {
		struct vm_region *r = container_of(pos, struct vm_region, link);
		if (r->end <= start || r->start >= end)
			continue;
		if (r->start < start) { /* keep the head; the tail is next in the list */
			if (region_split(r, start) < 0)
				return -ENOMEM;
			tmp = r->link.next;
			continue;
		}
		if (r->end > end && region_split(r, end) < 0)
			return -ENOMEM;
		list_remove(&r->link);
		mm->stats.vsize -= r->end - r->start;
		region_free(r);
	}
	pmap_remove_range(&mm->pmap, start, end, release_page, mm);
	return 0;
}

uint64_t mm_virtual_size(struct mm *mm)
{
	return __atomic_load_n(&mm->stats.vsize, __ATOMIC_RELAXED);
}
