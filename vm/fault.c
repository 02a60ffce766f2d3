/*
 * fault.c - every user page fault is resolved here, from the region that
 * covers the address:
 *
 *  - no region: segfault ("not mapped", or "stack guard" in the gap
 *    below the stack);
 *  - access the region forbids: segfault ("read-only", "no-exec");
 *  - page present: a write to a copy-on-write page copies it (or reuses
 *    it when it holds the last reference); anything else was resolved by
 *    another hart meanwhile, or is an accessed/dirty-bit fault of a core
 *    that does not set them itself (pmap_mark_accessed);
 *  - page absent: zero fill (anonymous, stack), or the file's page from
 *    the page cache (shared, or private and copied on write).
 *
 * Runs with mm->lock held (vm_fault takes it), interrupts on; may sleep
 * on the page cache.
 */
#include "vm/fault.h"
#include "vm/fault_decide.h"

#include <string.h>

#include "fs/fs.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "vm/mm.h"
#include "vm/page.h"
#include "vm/vmstat.h"

struct vmstat vmstat;

#define PAGE_DOWN(x) ((x) & ~(PAGE_SIZE - 1))

static unsigned user_prot(const struct vm_region *r)
{
	return (r->prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)) | VM_PROT_USER;
}

static enum fault_result map_new_page(struct mm *mm, uint64_t va, struct page *p, unsigned prot)
{
	if (pmap_enter(&mm->pmap, va, page_to_pa(p), prot) < 0) {
		page_put(p);
		return FAULT_OOM;
	}
	mm->stats.rss_pages++;
	return FAULT_OK;
}

static enum fault_result fill_zero(struct mm *mm, const struct vm_region *r, uint64_t va)
{
	struct page *p = page_alloc_reclaim(0, PAGE_ZERO);
	if (!p)
		return FAULT_OOM;
	if (r->kind == VMR_STACK)
		VMSTAT_INC(faults_stack);
	else
		VMSTAT_INC(faults_zero);
	return map_new_page(mm, va, p, user_prot(r));
}

/* A private page holding 'bytes' bytes of src, zeroes after. */
static struct page *private_copy(const struct page *src, uint64_t bytes)
{
	struct page *p = page_alloc_reclaim(0, 0);
	if (!p)
		return 0;
	memcpy(page_address(p), page_address(src), bytes);
	memset((char *)page_address(p) + bytes, 0, PAGE_SIZE - bytes);
	return p;
}

static enum fault_result fill_file(struct mm *mm, const struct vm_region *r, uint64_t va,
                                   enum fault_access access)
{
	uint64_t off = va - r->start;
	if (off >= r->file_bytes)
		return fill_zero(mm, r, va);
	uint64_t bytes = r->file_bytes - off < PAGE_SIZE ? r->file_bytes - off : PAGE_SIZE;
	int err = 0;
	struct page *cp = inode_get_page(r->file, (r->file_offset + off) / PAGE_SIZE, &err);
	if (!cp)
		return err == -ENOMEM ? FAULT_OOM : FAULT_IO;
	VMSTAT_INC(faults_file);
	bool shared = r->flags & VMR_SHARED;
	if (shared || (bytes == PAGE_SIZE && access != FAULT_WRITE)) {
		/* The cache page itself. A private one is copy on write; a
		 * shared one is read-only until the first write (see below),
		 * so the cache learns that it is dirty. */
		unsigned prot = user_prot(r);
		if (prot & VM_PROT_WRITE) {
			if (!shared)
				prot = (prot & ~VM_PROT_WRITE) | VM_PROT_COW;
			else if (access != FAULT_WRITE)
				prot &= ~VM_PROT_WRITE;
			else
				inode_page_dirty(r->file, cp);
		}
		return map_new_page(mm, va, cp, prot);
	}
	struct page *p = private_copy(cp, bytes);
	page_put(cp);
	return p ? map_new_page(mm, va, p, user_prot(r)) : FAULT_OOM;
}

static enum fault_result break_cow(struct mm *mm, const struct vm_region *r, uint64_t va,
                                   uint64_t pa, unsigned prot)
{
	struct page *old = pa_to_page(pa);
	unsigned writable = (prot & ~VM_PROT_COW) | VM_PROT_WRITE;
	if (page_refcount(old) == 1 && !old->owner) {
		pmap_protect(&mm->pmap, va, writable);
		VMSTAT_INC(cow_reuses);
		return FAULT_OK;
	}
	struct page *p = private_copy(old, PAGE_SIZE);
	if (!p)
		return FAULT_OOM;
	if (pmap_enter(&mm->pmap, va, page_to_pa(p), writable) < 0) {
		page_put(p);
		return FAULT_OOM;
	}
	page_put(old);
	VMSTAT_INC(cow_copies);
	return FAULT_OK;
}

static bool in_stack_guard(struct mm *mm, uint64_t addr)
{
	uint64_t bottom = USER_STACK_TOP - mm->stack_limit;
	return addr < bottom && addr >= bottom - USER_STACK_GAP;
}

static enum fault_result make_writable(struct mm *mm, const struct vm_region *r, uint64_t va,
                                      uint64_t pa, unsigned prot)
{
	if (r->kind == VMR_FILE && (r->flags & VMR_SHARED))
		inode_page_dirty(r->file, pa_to_page(pa));
	pmap_protect(&mm->pmap, va, prot | VM_PROT_WRITE);
	return FAULT_OK;
}

static enum fault_result fault_locked(struct mm *mm, uint64_t addr, enum fault_access access)
{
	uint64_t va = PAGE_DOWN(addr);
	struct vm_region *r = mm_find_region(mm, addr);
	struct fault_pte pte = {0};
	uint64_t pa = 0;
	pte.present = r && pmap_lookup(&mm->pmap, va, &pa, &pte.prot);
	pte.accessed = pte.prot & VM_PROT_ACCESSED;
	pte.dirty = pte.prot & VM_PROT_DIRTY;
	pte.prot &= ~(VM_PROT_ACCESSED | VM_PROT_DIRTY);
	enum fault_result why;
	enum fault_action act = vm_fault_decide(r, !r && in_stack_guard(mm, addr), access, &pte, &why);
	if (act != FA_SEGV) {
		mm->stats.faults++;
		VMSTAT_INC(faults);
	}
	switch (act) {
	case FA_SEGV: return why;
	case FA_FILL_ZERO: return fill_zero(mm, r, va);
	case FA_FILL_FILE: return fill_file(mm, r, va, access);
	case FA_COW: return break_cow(mm, r, va, pa, pte.prot);
	case FA_MAKE_WRITABLE: return make_writable(mm, r, va, pa, pte.prot);
	case FA_MARK_ACCESSED:
		pmap_mark_accessed(&mm->pmap, va, access == FAULT_WRITE);
		return FAULT_OK;
	case FA_RETRY: return FAULT_OK;
	}
	return FAULT_NOT_MAPPED;
}

enum fault_result vm_fault(struct mm *mm, uint64_t addr, enum fault_access access)
{
	if (!mm || addr >= USER_TOP)
		return FAULT_NOT_MAPPED;
	mutex_lock(&mm->lock);
	enum fault_result r = fault_locked(mm, addr, access);
	mutex_unlock(&mm->lock);
	return r;
}

int vm_fault_in_range(struct mm *mm, uint64_t addr, uint64_t len, bool write)
{
	enum fault_access access = write ? FAULT_WRITE : FAULT_READ;
	for (uint64_t va = PAGE_DOWN(addr); va < addr + len; va += PAGE_SIZE) {
		unsigned prot;
		bool ok = pmap_lookup(&mm->pmap, va, 0, &prot) &&
		          (!write || (prot & VM_PROT_WRITE));
		if (!ok && vm_fault(mm, va, access) != FAULT_OK)
			return -EFAULT;
	}
	return 0;
}
