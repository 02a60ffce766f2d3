/*
 * kmalloc.h - the kernel heap for small objects.
 * kmalloc(n) returns n bytes aligned to 16 (to the page for n > 2048),
 * or NULL when memory is short. kzalloc zeroes them. Never sleeps.
 */
#ifndef VM_KMALLOC_H
#define VM_KMALLOC_H

#include <stddef.h>

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *ptr);

void kmalloc_init(void); /* boot, before the first kmalloc */

#endif
