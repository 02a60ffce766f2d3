/*
 * protect.c - changing the protection of part of an address space
 * (mprotect) and writing back shared file mappings (msync).
 *
 * mprotect splits regions at the range's ends, changes their protection,
 * rewrites the page-table entries of present pages (a copy-on-write page
 * stays read-only until its first write), then merges neighbours that
 * became alike.
 */
#include "fs/fs.h"
#include "kernel/uapi/errno.h"
#include "vm/kmalloc.h"
#include "vm/mm.h"

/* True if [start, end) is wholly covered by regions. */
static bool range_covered(struct mm *mm, uint64_t start, uint64_t end)
{
	uint64_t at = start;
	while (at < end) {
		struct vm_region *r = mm_find_region(mm, at);
		if (!r)
			return false;
		at = r->end;
	}
	return true;
}

static unsigned reprotect_page(void *arg, uint64_t va, uint64_t pa, unsigned old)
{
	const struct vm_region *r = arg;
	unsigned prot = (r->prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)) | VM_PROT_USER;
	bool keep_readonly = (old & VM_PROT_COW) ||
	                     ((r->flags & VMR_SHARED) && !(old & VM_PROT_WRITE));
	if (keep_readonly && (prot & VM_PROT_WRITE))
		prot = (prot & ~VM_PROT_WRITE) | (old & VM_PROT_COW);
	return prot;
}

static bool regions_alike(const struct vm_region *a, const struct vm_region *b)
{
	if (a->end != b->start || a->prot != b->prot || a->flags != b->flags ||
	    a->kind != b->kind || a->file != b->file)
		return false;
	if (a->kind != VMR_FILE)
		return true;
	return b->file_offset == a->file_offset + (a->end - a->start) &&
	       a->file_bytes == a->end - a->start;
}

/* Merge r with the region after it when they are alike. */
static void merge_next(struct mm *mm, struct vm_region *r)
{
	if (r->link.next == &mm->regions)
		return;
	struct vm_region *next = container_of(r->link.next, struct vm_region, link);
	if (!regions_alike(r, next))
		return;
	r->end = next->end;
	r->file_bytes += next->file_bytes;
	list_remove(&next->link);
	if (next->file)
		inode_put(next->file);
	kfree(next);
}

int mm_protect(struct mm *mm, uint64_t start, uint64_t end, unsigned prot)
{
	if (!range_covered(mm, start, end))
		return -ENOMEM;
	for (uint64_t at = start; at < end;) {
		struct vm_region *r = mm_find_region(mm, at);
		if ((r->flags & VMR_SHARED) && r->kind == VMR_FILE && (prot & VM_PROT_WRITE) &&
		    !(r->flags & VMR_FILE_WRITABLE))
			return -EACCES;
		at = r->end;
	}
	if (mm_split_at(mm, start) < 0 || mm_split_at(mm, end) < 0)
		return -ENOMEM;
	for (uint64_t at = start; at < end;) {
		struct vm_region *r = mm_find_region(mm, at);
		r->prot = prot;
		if (pmap_walk(&mm->pmap, r->start, r->end, reprotect_page, r))
			pmap_tlb_flush_range(&mm->pmap, r->start, r->end);
		at = r->end;
	}
	struct vm_region *first = mm_find_region(mm, start ? start - 1 : start);
	for (struct vm_region *r = first ? first : mm_find_region(mm, start); r;) {
		uint64_t next_start = r->end;
		merge_next(mm, r);
		if (r->end != next_start) /* merged: try again from r */
			continue;
		if (r->end > end)
			break;
		r = mm_find_region(mm, r->end);
	}
	return 0;
}

int mm_sync(struct mm *mm, uint64_t start, uint64_t end)
{
	if (!range_covered(mm, start, end))
		return -ENOMEM;
	int result = 0;
	for (uint64_t at = start; at < end;) {
		struct vm_region *r = mm_find_region(mm, at);
		if (r->kind == VMR_FILE && (r->flags & VMR_SHARED)) {
			int e = inode_fsync(r->file);
			if (e < 0)
				result = e;
		}
		at = r->end;
	}
	return result;
}
