/*
 * malloc.c (libxv6) - xv6's malloc(n) and free(p).
 *
 * A first-fit allocator over a circular free list kept in address
 * order. Every block starts with a header (next free block, size in
 * header-sized units); free() merges a block with its free neighbours.
 * The heap grows with sbrk() (eager, as on xv6) in steps of at least
 * MALLOC_MIN_UNITS units; malloc returns 0 when sbrk fails.
 */
#include "kernel/types.h"
#include "user/user.h"

#define MALLOC_MIN_UNITS 4096

union block {
	struct {
		union block *next; /* next free block (free blocks only) */
		uint64 units;      /* size of this block, header included */
	} h;
	uint64 align[2];
};

static union block malloc_base;        /* zero-size anchor of the list */
static union block *malloc_free_list;  /* where the last search stopped */

/* Insert block b into the free list, merging with its neighbours. */
static void malloc_insert(union block *b)
{
	union block *p = malloc_free_list;

	while (!(p < b && b < p->h.next)) {
		if (p >= p->h.next && (b > p || b < p->h.next))
			break; /* b lies at either end of the arena */
		p = p->h.next;
	}
	if (b + b->h.units == p->h.next) {
		b->h.units += p->h.next->h.units;
		b->h.next = p->h.next->h.next;
	} else {
		b->h.next = p->h.next;
	}
	if (p + p->h.units == b) {
		p->h.units += b->h.units;
		p->h.next = b->h.next;
	} else {
		p->h.next = b;
	}
	malloc_free_list = p;
}

void free(void *ptr)
{
	if (ptr != 0)
		malloc_insert((union block *)ptr - 1);
}

static int malloc_grow(uint64 units)
{
	char *p;
	union block *b;

	if (units < MALLOC_MIN_UNITS)
		units = MALLOC_MIN_UNITS;
	if (units * sizeof(union block) > 0x7fffffff)
		return -1;
	p = sbrk((int)(units * sizeof(union block)));
	if (p == SBRK_ERROR)
		return -1;
	b = (union block *)p;
	b->h.units = units;
	malloc_insert(b);
	return 0;
}

/* Carve units from free block b (whose predecessor is prev). */
static void *malloc_take(union block *prev, union block *b, uint64 units)
{
	if (b->h.units == units) {
		prev->h.next = b->h.next;
	} else {
		b->h.units -= units;
		b += b->h.units;
		b->h.units = units;
	}
	malloc_free_list = prev;
	return b + 1;
}

void *malloc(uint nbytes)
{
	uint64 units = (nbytes + sizeof(union block) - 1) / sizeof(union block) + 1;
	union block *prev, *b;

	if (malloc_free_list == 0) {
		malloc_base.h.next = &malloc_base;
		malloc_base.h.units = 0;
		malloc_free_list = &malloc_base;
	}
	prev = malloc_free_list;
	for (b = prev->h.next;; prev = b, b = b->h.next) {
		if (b->h.units >= units)
			return malloc_take(prev, b, units);
		if (b == malloc_free_list) {
			/* Went all the way round: grow, then look again
			 * from where the new memory went in. */
			if (malloc_grow(units) < 0)
				return 0;
			b = malloc_free_list;
		}
	}
}
