/*
 * trapframe.h - the registers saved on a trap (trap.S builds it on the
 * kernel stack). regs[i] is xi, except regs[0], which holds sepc.
 */
#ifndef ARCH_RISCV_TRAPFRAME_H
#define ARCH_RISCV_TRAPFRAME_H

#define TF_EPC 0
#define TF_RA 1
#define TF_SP 2
#define TF_GP 3
#define TF_TP 4
#define TF_A0 10
#define TF_A1 11
#define TF_A2 12
#define TF_A7 17
#define TF_SSTATUS 32
#define TF_STVAL 33
#define TF_SCAUSE 34
#define TF_NREGS 36 /* 35 used, one more to keep 16-byte alignment */
#define TF_SIZE (TF_NREGS * 8)

/* struct cpu fields the entry code uses (kernel/cpu.h keeps them first) */
#define CPU_KERNEL_SP 0
#define CPU_USER_SP_SCRATCH 8

#ifndef __ASSEMBLY__
#include <stdint.h>

struct trapframe {
	uint64_t regs[32];
	uint64_t sstatus;
	uint64_t stval;
	uint64_t scause;
	uint64_t pad;
};

_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe layout");
#endif

#endif
