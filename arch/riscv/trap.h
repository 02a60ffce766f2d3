/*
 * trap.h - trap setup and the arch side of panics and IPIs.
 */
#ifndef ARCH_RISCV_TRAP_H
#define ARCH_RISCV_TRAP_H

#include <stdint.h>

struct trapframe;

void trap_init_hart(void);     /* stvec, sscratch, scounteren, sie */
void trap_handler(struct trapframe *tf);
void trap_exit(struct trapframe *tf) __attribute__((noreturn));
/* Registers for a fresh user program: all zero but pc and sp; user
 * mode, interrupts on after sret. */
void arch_trapframe_init_user(struct trapframe *tf, uint64_t entry, uint64_t sp);
static inline void arch_trapframe_set_args(struct trapframe *tf, uint64_t a0, uint64_t a1, uint64_t a2)
{
	((uint64_t *)tf)[10] = a0;
	((uint64_t *)tf)[11] = a1;
	((uint64_t *)tf)[12] = a2;
}

/* Print a trap's cause, registers and backtrace, then panic. */
void panic_trap_report(const struct trapframe *tf, const char *what) __attribute__((noreturn));

#endif
