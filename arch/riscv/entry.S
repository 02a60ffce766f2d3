/*
 * entry.S - the first instructions: the RISC-V Linux Image header that
 * U-Boot's booti checks, and the boot hart's way from physical addresses
 * with the MMU off to the kernel's virtual addresses.
 *
 * OpenSBI (or U-Boot) enters _start in S-mode with a0 = hartid,
 * a1 = physical address of the DTB, MMU off, on any hart, at any 2 MiB
 * aligned physical address. Until the jump high, only PC-relative
 * addressing works, so the C code called here (boot_pagetable.c) is built
 * to need nothing else.
 */
#include "arch/riscv/memlayout.h"

	.option norvc
	.section .head.text, "ax"
	.globl _start
_start:
	/* Image header (Linux Documentation/arch/riscv/boot-image-header) */
	j	boot_entry			/* code0 */
	.word	0				/* code1 */
	.dword	IMAGE_TEXT_OFFSET		/* text_offset */
	.dword	_image_size			/* image_size, with .bss */
	.dword	0				/* flags: little endian */
	.word	2				/* version 0.2 */
	.word	0				/* res1 */
	.dword	0				/* res2 */
	.ascii	"RISCV\0\0\0"			/* magic (deprecated) */
	.ascii	"RSC\x05"			/* magic2 */
	.word	0				/* res3: PE header offset */

	.section .text.boot, "ax"
boot_entry:
	/* U-Boot leaves stvec pointing into itself: park traps first. */
	csrw	sie, zero
	lla	t0, boot_trap_park
	csrw	stvec, t0
	mv	s0, a0				/* hartid */
	mv	s1, a1				/* DTB physical address */

	/*
	 * Only the first hart to get here boots. Firmware can send another
	 * hart to the image's entry too (OpenSBI may, when a hart it was
	 * still bringing up is started early): it must not zero .bss under
	 * the boot hart's feet. It stops itself through SBI HSM instead, so
	 * the boot hart can start it again (smp_boot_secondaries retries).
	 * boot_lottery is in .data, which the loader filled with 0.
	 */
	lla	t0, boot_lottery
	li	t1, 1
	amoswap.w.aq t1, t1, (t0)
	beqz	t1, 1f
	li	a7, 0x48534d			/* SBI HSM */
	li	a6, 1				/* hart_stop: no return */
	ecall
	j	boot_trap_park
1:

	lla	t0, _bss
	lla	t1, _end
1:	bgeu	t0, t1, 2f
	sd	zero, (t0)
	addi	t0, t0, 8
	j	1b
2:
	lla	sp, boot_stack_top
	lla	a0, _start			/* our physical load address */
	call	boot_pagetable_build		/* returns the satp value */

	/*
	 * No identity mapping exists: after satp is written the next fetch
	 * faults and the trap lands on stvec, which holds the virtual
	 * address of boot_high. That is our jump high.
	 */
	ld	t0, boot_high_addr
	csrw	stvec, t0
	sfence.vma
	csrw	satp, a0
	nop
	.align	2
boot_high:
	lla	sp, boot_stack_top		/* now a virtual address */
	lla	t0, boot_trap_park
	csrw	stvec, t0
	mv	a0, s0
	mv	a1, s1
	call	kernel_main
	j	boot_trap_park

	/*
	 * Secondary harts: started by SBI HSM hart_start with a1 = the
	 * physical address of a struct hart_boot_args (smp.c): the satp
	 * value, the virtual stack top; they take the same jump high.
	 */
	.globl	secondary_entry
secondary_entry:
	csrw	sie, zero
	mv	s0, a0
	ld	t1, 0(a1)
	ld	sp, 8(a1)
	ld	t0, secondary_high_addr
	csrw	stvec, t0
	sfence.vma
	csrw	satp, t1
	nop
	.align	2
secondary_high:
	lla	t0, boot_trap_park
	csrw	stvec, t0
	mv	a0, s0
	call	secondary_main
	j	boot_trap_park

	/* A trap before the real handler is installed: stop quietly. */
	.align	2
boot_trap_park:
	wfi
	j	boot_trap_park

	.section .data
	.align	2
boot_lottery:
	.word	0

	.section .rodata
	.align	3
boot_high_addr:
	.dword	boot_high
secondary_high_addr:
	.dword	secondary_high

	.section .bss.stack, "aw", @nobits
	.align	12
	.globl	boot_stack
boot_stack:
	.space	BOOT_STACK_SIZE
	.globl	boot_stack_top
boot_stack_top:
