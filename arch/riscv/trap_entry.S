/*
 * trap.S - trap entry and exit for traps from user and from kernel mode.
 *
 * Convention (no satp switch: the kernel half is mapped in every page
 * table): while a hart runs user code, sscratch holds its struct cpu
 * pointer; while it runs kernel code, sscratch is 0 and tp holds the
 * struct cpu pointer. On entry, swapping tp and sscratch tells the two
 * cases apart. A trap from user mode starts on the top of the process's
 * kernel stack (cpu->kernel_sp); a trap from kernel mode pushes its frame
 * on the current stack.
 */
#include "arch/riscv/trapframe.h"

.macro SAVE_GPRS
	sd	ra, TF_RA*8(sp)
	sd	gp, TF_GP*8(sp)
	sd	t0, 5*8(sp)
	sd	t1, 6*8(sp)
	sd	t2, 7*8(sp)
	sd	s0, 8*8(sp)
	sd	s1, 9*8(sp)
	sd	a0, 10*8(sp)
	sd	a1, 11*8(sp)
	sd	a2, 12*8(sp)
	sd	a3, 13*8(sp)
	sd	a4, 14*8(sp)
	sd	a5, 15*8(sp)
	sd	a6, 16*8(sp)
	sd	a7, 17*8(sp)
	sd	s2, 18*8(sp)
	sd	s3, 19*8(sp)
	sd	s4, 20*8(sp)
	sd	s5, 21*8(sp)
	sd	s6, 22*8(sp)
	sd	s7, 23*8(sp)
	sd	s8, 24*8(sp)
	sd	s9, 25*8(sp)
	sd	s10, 26*8(sp)
	sd	s11, 27*8(sp)
	sd	t3, 28*8(sp)
	sd	t4, 29*8(sp)
	sd	t5, 30*8(sp)
	sd	t6, 31*8(sp)
.endm

	.section .text
	.align	2
	.globl	trap_vector
trap_vector:
	csrrw	tp, sscratch, tp
	bnez	tp, 1f
	/* From the kernel: tp was 0 in sscratch; get it back, sscratch = 0. */
	csrrw	tp, sscratch, zero
	sd	sp, CPU_USER_SP_SCRATCH(tp)
	addi	sp, sp, -TF_SIZE
	SAVE_GPRS
	sd	tp, TF_TP*8(sp)
	j	2f
1:	/* From user mode: switch to the process's kernel stack. */
	sd	sp, CPU_USER_SP_SCRATCH(tp)
	ld	sp, CPU_KERNEL_SP(tp)
	addi	sp, sp, -TF_SIZE
	SAVE_GPRS
	csrr	t0, sscratch
	sd	t0, TF_TP*8(sp)
	csrw	sscratch, zero
	li	s0, 0				/* backtraces stop here */
2:
	ld	t0, CPU_USER_SP_SCRATCH(tp)
	sd	t0, TF_SP*8(sp)
	csrr	t0, sepc
	csrr	t1, sstatus
	csrr	t2, stval
	csrr	t3, scause
	sd	t0, TF_EPC*8(sp)
	sd	t1, TF_SSTATUS*8(sp)
	sd	t2, TF_STVAL*8(sp)
	sd	t3, TF_SCAUSE*8(sp)
	mv	a0, sp
	call	trap_handler
	j	1f				/* sp is still the frame */

/*
 * trap_exit(frame): return through the frame at a0. Interrupts must be
 * off (the C code guarantees it); sstatus from the frame decides whether
 * this goes back to user mode (then sscratch = cpu, for the next entry).
 */
	.globl	trap_exit
trap_exit:
	mv	sp, a0
1:	ld	t0, TF_SSTATUS*8(sp)
	ld	t1, TF_EPC*8(sp)
	csrw	sstatus, t0
	csrw	sepc, t1
	andi	t0, t0, 1 << 8			/* SPP: back to S-mode? */
	bnez	t0, 3f
	/* To user mode: sscratch = cpu for the next entry, user's tp. A
	 * return to kernel mode keeps tp: the thread may have moved harts. */
	csrw	sscratch, tp
	ld	tp, TF_TP*8(sp)
3:
	ld	ra, TF_RA*8(sp)
	ld	gp, TF_GP*8(sp)
	ld	t0, 5*8(sp)
	ld	t1, 6*8(sp)
	ld	t2, 7*8(sp)
	ld	s0, 8*8(sp)
	ld	s1, 9*8(sp)
	ld	a0, 10*8(sp)
	ld	a1, 11*8(sp)
	ld	a2, 12*8(sp)
	ld	a3, 13*8(sp)
	ld	a4, 14*8(sp)
	ld	a5, 15*8(sp)
	ld	a6, 16*8(sp)
	ld	a7, 17*8(sp)
	ld	s2, 18*8(sp)
	ld	s3, 19*8(sp)
	ld	s4, 20*8(sp)
	ld	s5, 21*8(sp)
	ld	s6, 22*8(sp)
	ld	s7, 23*8(sp)
	ld	s8, 24*8(sp)
	ld	s9, 25*8(sp)
	ld	s10, 26*8(sp)
	ld	s11, 27*8(sp)
	ld	t3, 28*8(sp)
	ld	t4, 29*8(sp)
	ld	t5, 30*8(sp)
	ld	t6, 31*8(sp)
	ld	sp, TF_SP*8(sp)
	sret
