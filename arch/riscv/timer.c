/*
 * timer.c - programming the next timer interrupt: through the stimecmp
 * CSR when the hart has Sstc, else through the SBI TIME extension.
 */
#include "kernel/timer.h"

#include "arch/riscv/csr.h"
#include "arch/riscv/sbi.h"
#include "kernel/cpu.h"

#define CSR_STIMECMP 0x14d

void arch_timer_set(uint64_t when)
{
	if (cpu_self()->has_sstc)
		__asm__ volatile("csrw %0, %1" ::"i"(CSR_STIMECMP), "r"(when));
	else
		sbi_set_timer(when);
}
