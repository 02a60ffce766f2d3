/*
 * arch.h - the hooks generic kernel code uses to reach the processor:
 * interrupt masking, waiting, time, TLB maintenance, this hart's data.
 * Generic code includes this file, never csr.h or pte.h.
 */
#ifndef ARCH_RISCV_ARCH_H
#define ARCH_RISCV_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/memlayout.h"

struct cpu;

/* Disable interrupts on this hart; return whether they were enabled. */
static inline bool arch_irq_save(void)
{
	uint64_t old;
	__asm__ volatile("csrrc %0, sstatus, %1" : "=r"(old) : "i"(SSTATUS_SIE) : "memory");
	return (old & SSTATUS_SIE) != 0;
}

static inline void arch_irq_restore(bool enabled)
{
	if (enabled)
		csr_set(sstatus, SSTATUS_SIE);
}

static inline void arch_irq_enable(void) { csr_set(sstatus, SSTATUS_SIE); }
static inline void arch_irq_disable(void) { csr_clear(sstatus, SSTATUS_SIE); }
static inline bool arch_irq_enabled(void) { return (csr_read(sstatus) & SSTATUS_SIE) != 0; }

static inline void arch_wait_for_interrupt(void) { __asm__ volatile("wfi"); }
static inline void arch_cpu_relax(void) { __asm__ volatile("nop"); }

/* Ticks of the `time` CSR, at the DTB's timebase-frequency. */
static inline uint64_t arch_time_now(void) { return rdtime(); }

/* The struct cpu of the running hart lives in tp while in the kernel. */
static inline struct cpu *arch_cpu_self(void) { return (struct cpu *)read_tp(); }
static inline void arch_cpu_set_self(struct cpu *c) { write_tp((uint64_t)c); }

static inline void arch_tlb_flush_page(uint64_t va)
{
	__asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}
static inline void arch_tlb_flush_all(void) { __asm__ volatile("sfence.vma" ::: "memory"); }

static inline uint64_t arch_frame_pointer(void) { return read_fp(); }

/* Raise a software interrupt on the hart with this id. */
void arch_send_ipi(uint32_t hartid);

/* Power off the machine (exit QEMU with 0), or report a failure exit. */
void arch_poweroff(bool failure) __attribute__((noreturn));

#endif
