/*
 * cpu.h - what the kernel keeps per hart. tp points at the running hart's
 * struct cpu whenever the hart is in the kernel.
 */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/riscv/arch.h"
#include "arch/riscv/context.h"

#define MAX_CPUS 32 /* harts this kernel can drive: the size of cpus[] */

struct proc;
struct runqueue;
struct pmap;

struct cpu {
	/* Fields at fixed offsets, used by the trap entry (trap.S):
	 * keep them first and in step with asm_offsets in trap.S. */
	uint64_t kernel_sp;      /* top of the current process's kernel stack */
	uint64_t user_sp_scratch;/* user sp while the entry saves registers */

	uint32_t hartid;
	int id;                  /* index in cpus[] */
	bool online;
	int plic_context;          /* S-mode PLIC context, -1 if none */
	bool has_sstc;            /* stimecmp CSR usable */

	/* Interrupt masking (spinlock.c); touched only by this hart. */
	int irq_depth;
	bool irq_were_enabled;

	struct proc *proc;       /* running process, or NULL */
	volatile bool need_resched; /* this hart should switch at the next
	                               return to user mode (or kernel preemption point) */
	struct context scheduler_context;
	uint64_t next_tick;      /* time of the next timer interrupt */
	uint64_t tlb_generation;  /* ASID generation this hart's TLB is clean for */
	struct pmap *loaded_pmap;/* user page table in satp (NULL: the kernel's);
	                            kept after its process leaves (lazy switch) */
};

extern struct cpu cpus[MAX_CPUS];
extern int ncpus;

static inline struct cpu *cpu_self(void)
{
	return arch_cpu_self();
}

#endif
