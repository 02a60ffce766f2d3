/*
 * kstack.h - kernel stacks: KSTACK_SIZE bytes in the kernel virtual area,
 * each with an unmapped guard page below it, so an overflow faults instead
 * of corrupting memory.
 */
#ifndef VM_KSTACK_H
#define VM_KSTACK_H

/* Returns the stack's top (highest address, 16-byte aligned) or NULL. */
void *kstack_alloc(void);
void kstack_free(void *top);

#endif
