/*
 * spinlock.h - mutual exclusion between harts for short critical sections.
 *
 * spin_lock() disables interrupts on this hart before spinning and keeps
 * them off until the matching outermost spin_unlock(), so an interrupt
 * handler can never spin on a lock its own hart holds. Locks nest; the
 * nesting depth is per hart (struct cpu). Never sleep holding a spinlock.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stdbool.h>

struct cpu;

struct spinlock {
	volatile unsigned int locked;
	const char *name;
	struct cpu *owner; /* hart holding it, for assertions and panics */
};

#define SPINLOCK_INIT(n) {.locked = 0, .name = (n), .owner = 0}

void spin_init(struct spinlock *l, const char *name);
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
bool spin_holding(const struct spinlock *l);

/* Interrupt masking with nesting, as spin_lock uses it. */
void irq_push_off(void);
void irq_pop_off(void);

#define assert_held(l) KASSERT(spin_holding(l))

#endif
