/*
 * spinlock.c - spinlocks and nested interrupt masking (see spinlock.h).
 * Acquire and release use the A extension's amoswap with acquire and
 * release ordering, through the compiler's __atomic builtins.
 */
#include "kernel/spinlock.h"

#include "arch/riscv/arch.h"
#include "kernel/cpu.h"
#include "kernel/printk.h"

void spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->name = name;
	l->owner = 0;
}

bool spin_holding(const struct spinlock *l)
{
	return l->locked && l->owner == cpu_self();
}

void irq_push_off(void)
{
	bool was = arch_irq_save();
	struct cpu *c = cpu_self();
	if (c->irq_depth++ == 0)
		c->irq_were_enabled = was;
}

void irq_pop_off(void)
{
	struct cpu *c = cpu_self();
	KASSERT(!arch_irq_enabled());
	KASSERT(c->irq_depth > 0);
	if (--c->irq_depth == 0 && c->irq_were_enabled)
		arch_irq_enable();
}

void spin_lock(struct spinlock *l)
{
	irq_push_off();
	if (spin_holding(l))
		panic("spin_lock: %s already held by this hart", l->name);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	l->owner = cpu_self();
}

void spin_unlock(struct spinlock *l)
{
	if (!spin_holding(l))
		panic("spin_unlock: %s not held by this hart", l->name);
	l->owner = 0;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	irq_pop_off();
}
