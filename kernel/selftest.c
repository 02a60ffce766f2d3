/*
 * selftest.c - boot-time self-tests (see selftest.h). They run on the
 * boot hart before any process, and leave the allocators as they found
 * them (checked: free page count before and after).
 */
#include "kernel/selftest.h"

#include <string.h>

#include "kernel/printk.h"
#include "vm/kmalloc.h"
#include "vm/page.h"
#include "vm/pmap.h"

static int passed, failed;

int selftest_report(const char *name, int ok, const char *why)
{
	if (ok) {
		printk("PASS %s\n", name);
		passed++;
	} else {
		printk("FAIL %s: %s\n", name, why);
		failed++;
	}
	return ok;
}

static uint64_t free_pages(void)
{
	struct page_stats s;
	page_stats(&s);
	return s.free_pages;
}

static void test_page_alloc_orders(void)
{
	struct page *blocks[PAGE_MAX_ORDER + 1];
	int ok = 1;
	for (int order = 0; order <= PAGE_MAX_ORDER; order++) {
		blocks[order] = page_alloc(order, PAGE_ZERO);
		uint64_t pa = blocks[order] ? page_to_pa(blocks[order]) : 1;
		if (!blocks[order] || (pa & ((PAGE_SIZE << order) - 1)))
			ok = 0; /* missing or misaligned */
	}
	for (int order = 0; order <= PAGE_MAX_ORDER; order++)
		if (blocks[order])
			page_put(blocks[order]);
	selftest_report("page_alloc_orders", ok, "a block was missing or misaligned");
}

static void test_page_alloc_distinct(void)
{
	enum { N = 512 };
	static struct page *pages[N];
	int ok = 1;
	for (int i = 0; i < N; i++) {
		pages[i] = page_alloc(0, 0);
		if (!pages[i])
			ok = 0;
		else
			memset(page_address(pages[i]), i & 0xff, PAGE_SIZE);
	}
	for (int i = 0; i < N && ok; i++)
		if (((unsigned char *)page_address(pages[i]))[PAGE_SIZE - 1] != (i & 0xff))
			ok = 0; /* two allocations shared a frame */
	for (int i = 0; i < N; i++)
		if (pages[i])
			page_put(pages[i]);
	selftest_report("page_alloc_distinct", ok, "pages overlap or allocation failed");
}

static void test_page_refcount(void)
{
	uint64_t before = free_pages();
	struct page *p = page_alloc(0, 0);
	page_get(p);
	page_put(p);
	int still_allocated = free_pages() < before;
	page_put(p);
	selftest_report("page_refcount", still_allocated && free_pages() == before,
	                "a page was freed with references left, or leaked");
}

static void test_page_zero(void)
{
	struct page *p = page_alloc(0, 0);
	memset(page_address(p), 0xa5, PAGE_SIZE);
	page_put(p);
	int ok = 1;
	for (int i = 0; i < 64 && ok; i++) {
		struct page *q = page_alloc(0, PAGE_ZERO);
		const unsigned char *b = page_address(q);
		for (int j = 0; j < (int)PAGE_SIZE; j++)
			if (b[j])
				ok = 0;
		page_put(q);
	}
	selftest_report("page_zero", ok, "PAGE_ZERO page had stale bytes");
}

static void test_kmalloc_sizes(void)
{
	static const size_t sizes[] = {1, 8, 16, 17, 100, 512, 2048, 2049, 5000, 65536};
	void *ptrs[sizeof sizes / sizeof sizes[0]];
	int ok = 1;
	uint64_t before = free_pages();
	for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		ptrs[i] = kmalloc(sizes[i]);
		if (!ptrs[i] || ((uint64_t)ptrs[i] & 15))
			ok = 0;
		else
			memset(ptrs[i], (int)i, sizes[i]);
	}
	for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0] && ok; i++)
		if (((unsigned char *)ptrs[i])[sizes[i] - 1] != i)
			ok = 0;
	for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		kfree(ptrs[i]);
	selftest_report("kmalloc_sizes", ok, "bad pointer, alignment or overlap");
	selftest_report("kmalloc_no_leak", free_pages() == before, "pages not returned");
}

static void test_kmalloc_many(void)
{
	enum { N = 4000 };
	static void *objs[N];
	int ok = 1;
	for (int i = 0; i < N; i++) {
		objs[i] = kmalloc(48);
		if (!objs[i])
			ok = 0;
		else
			*(int *)objs[i] = i;
	}
	for (int i = 0; i < N && ok; i++)
		if (*(int *)objs[i] != i)
			ok = 0;
	for (int i = 0; i < N; i += 2)
		kfree(objs[i]);
	for (int i = 1; i < N; i += 2)
		kfree(objs[i]);
	selftest_report("kmalloc_many", ok, "objects overlap");
}

static void test_pmap(void)
{
	struct pmap pm;
	uint64_t before = free_pages();
	int ok = pmap_create(&pm) == 0;
	struct page *p = page_alloc(0, 0);
	uint64_t va = 0x12345000UL, pa = 0;
	unsigned prot = 0;
	ok = ok && pmap_enter(&pm, va, page_to_pa(p), VM_PROT_READ | VM_PROT_USER) == 0;
	ok = ok && pmap_lookup(&pm, va, &pa, &prot) && pa == page_to_pa(p) &&
	     (prot & ~(VM_PROT_ACCESSED | VM_PROT_DIRTY)) == (VM_PROT_READ | VM_PROT_USER);
	ok = ok && !pmap_lookup(&pm, va + PAGE_SIZE, 0, 0);
	ok = ok && pmap_protect(&pm, va, VM_PROT_READ | VM_PROT_WRITE | VM_PROT_USER);
	ok = ok && pmap_lookup(&pm, va, 0, &prot) && (prot & VM_PROT_WRITE);
	ok = ok && pmap_remove(&pm, va) == page_to_pa(p) && !pmap_lookup(&pm, va, 0, 0);
	page_put(p);
	pmap_destroy(&pm);
	selftest_report("pmap_enter_lookup_remove", ok, "mapping not as entered");
	selftest_report("pmap_no_leak", free_pages() == before, "page-table pages leaked");
}

void selftest_run_all(void)
{
	test_page_alloc_orders();
	test_page_alloc_distinct();
	test_page_refcount();
	test_page_zero();
	test_kmalloc_sizes();
	test_kmalloc_many();
	test_pmap();
	printk("selftest: %d passed, %d failed\n", passed, failed);
}
