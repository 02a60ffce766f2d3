/*
 * csr.h - RISC-V supervisor CSRs: names, bit fields and accessors.
 * Only arch/riscv/ includes this; generic code calls the hooks in
 * arch/riscv/arch.h instead.
 */
#ifndef ARCH_RISCV_CSR_H
#define ARCH_RISCV_CSR_H

#include <stdint.h>

/* sstatus */
#define SSTATUS_SIE (1UL << 1)   /* interrupts enabled in S-mode */
#define SSTATUS_SPIE (1UL << 5)  /* SIE before the trap */
#define SSTATUS_SPP (1UL << 8)   /* trap came from S-mode (else U-mode) */
#define SSTATUS_FS (3UL << 13)   /* FPU state; we have no FPU: keep Off */
#define SSTATUS_SUM (1UL << 18)  /* S-mode may access U pages */
#define SSTATUS_MXR (1UL << 19)

/* sie / sip */
#define SIE_SSIE (1UL << 1)      /* software (IPI) */
#define SIE_STIE (1UL << 5)      /* timer */
#define SIE_SEIE (1UL << 9)      /* external (PLIC) */

/* scause: interrupt bit and codes (privileged spec, table "scause") */
#define SCAUSE_INTERRUPT (1UL << 63)
#define IRQ_S_SOFT 1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS 1
#define EXC_ILLEGAL_INST 2
#define EXC_BREAKPOINT 3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS 5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS 7
#define EXC_ECALL_U 8
#define EXC_ECALL_S 9
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

/* satp */
#define SATP_MODE_SV39 (8UL << 60)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK 0xffffUL
#define SATP_PPN_MASK ((1UL << 44) - 1)

/* scounteren: let user mode read cycle, time, instret */
#define SCOUNTEREN_CY (1U << 0)
#define SCOUNTEREN_TM (1U << 1)
#define SCOUNTEREN_IR (1U << 2)

#define csr_read(csr)                                           \
	({                                                      \
		uint64_t v__;                                   \
		__asm__ volatile("csrr %0, " #csr : "=r"(v__)); \
		v__;                                            \
	})
#define csr_write(csr, val) __asm__ volatile("csrw " #csr ", %0" ::"rK"(val))
#define csr_set(csr, bits) __asm__ volatile("csrs " #csr ", %0" ::"rK"(bits))
#define csr_clear(csr, bits) __asm__ volatile("csrc " #csr ", %0" ::"rK"(bits))
#define csr_swap(csr, val)                                                   \
	({                                                                   \
		uint64_t v__;                                                \
		__asm__ volatile("csrrw %0, " #csr ", %1" : "=r"(v__) : "rK"(val)); \
		v__;                                                         \
	})

static inline uint64_t rdtime(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static inline uint64_t read_fp(void)
{
	uint64_t fp;
	__asm__ volatile("mv %0, s0" : "=r"(fp));
	return fp;
}

static inline uint64_t read_tp(void)
{
	uint64_t tp;
	__asm__ volatile("mv %0, tp" : "=r"(tp));
	return tp;
}

static inline void write_tp(uint64_t tp)
{
	__asm__ volatile("mv tp, %0" ::"r"(tp));
}

#endif
