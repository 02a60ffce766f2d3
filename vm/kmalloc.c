/*
 * kmalloc.c - size classes of 16..2048 bytes carved from single pages
 * ("slabs"); larger requests take a block of whole pages.
 *
 * A slab page holds objects of one class; its free objects form a list
 * threaded through the objects themselves (page->slab_free). Each class
 * keeps the slabs that still have room on 'partial'. A slab whose last
 * object is freed goes back to the page allocator.
 *
 * Locking: each class's lock guards its partial list and the slab fields
 * (slab_free, slab_inuse) of its pages.
 */
#include "vm/kmalloc.h"

#include <string.h>

#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "vm/page.h"

#define KMALLOC_MIN_SHIFT 4   /* 16 bytes */
#define KMALLOC_MAX_SHIFT 11  /* 2048 bytes */
#define NCLASSES (KMALLOC_MAX_SHIFT - KMALLOC_MIN_SHIFT + 1)

struct size_class {
	struct spinlock lock;
	struct list_node partial;
	unsigned size;
};

static struct size_class classes[NCLASSES];
void kmalloc_init(void)
{
	for (int i = 0; i < NCLASSES; i++) {
		spin_init(&classes[i].lock, "kmalloc");
		list_init(&classes[i].partial);
		classes[i].size = 1U << (i + KMALLOC_MIN_SHIFT);
	}
}

static int class_index(size_t size)
{
	int i = 0;
	while ((1UL << (i + KMALLOC_MIN_SHIFT)) < size)
		i++;
	return i;
}

/* A fresh slab for class c with every object on its free list. */
static struct page *slab_create(int c)
{
	struct page *p = page_alloc(0, 0);
	if (!p)
		return 0;
	p->flags |= PG_SLAB;
	p->slab_class = (uint16_t)c;
	p->slab_inuse = 0;
	char *base = page_address(p);
	unsigned size = classes[c].size;
	void *next = 0;
	for (unsigned off = PAGE_SIZE - size;; off -= size) {
		*(void **)(base + off) = next;
		next = base + off;
		if (off == 0)
			break;
	}
	p->slab_free = next;
	return p;
}

static void *slab_alloc(int c)
{
	struct size_class *sc = &classes[c];
	spin_lock(&sc->lock);
	if (list_empty(&sc->partial)) {
		struct page *fresh = slab_create(c);
		if (!fresh) {
			spin_unlock(&sc->lock);
			return 0;
		}
		list_push_front(&sc->partial, &fresh->list);
	}
	struct page *p = list_first_entry(&sc->partial, struct page, list);
	void *obj = p->slab_free;
	p->slab_free = *(void **)obj;
	p->slab_inuse++;
	if (!p->slab_free)
		list_remove(&p->list); /* full: off the partial list */
	spin_unlock(&sc->lock);
	return obj;
}

static void slab_free(struct page *p, void *obj)
{
	struct size_class *sc = &classes[p->slab_class];
	spin_lock(&sc->lock);
	bool was_full = p->slab_free == 0;
	*(void **)obj = p->slab_free;
	p->slab_free = obj;
	p->slab_inuse--;
	if (p->slab_inuse == 0) {
		if (!was_full)
			list_remove(&p->list);
		spin_unlock(&sc->lock);
		page_put(p);
		return;
	}
	if (was_full)
		list_push_front(&sc->partial, &p->list);
	spin_unlock(&sc->lock);
}

void *kmalloc(size_t size)
{
	if (size == 0)
		size = 1;
	if (size <= (1UL << KMALLOC_MAX_SHIFT))
		return slab_alloc(class_index(size));
	unsigned order = 0;
	while ((PAGE_SIZE << order) < size)
		order++;
	if (order > PAGE_MAX_ORDER)
		return 0;
	struct page *p = page_alloc(order, 0);
	if (!p)
		return 0;
	p->flags |= PG_KMALLOC;
	return page_address(p);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *ptr)
{
	if (!ptr)
		return;
	struct page *p = virt_to_page((void *)((uint64_t)ptr & ~(PAGE_SIZE - 1)));
	if (!p)
		panic("kfree: %p is not kernel heap memory", ptr);
	if (p->flags & PG_SLAB)
		slab_free(p, ptr);
	else if (p->flags & PG_KMALLOC)
		page_put(p);
	else
		panic("kfree: %p was not allocated by kmalloc", ptr);
}
