/*
 * crt0_linux.S - _start for the host test build only (run.sh): Linux
 * passes argc, argv and envp on the stack, not in a0-a2 as our kernel
 * does, so fetch them from there and continue as lib/crt0.S does.
 */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	ld	a0, 0(sp)        /* argc */
	addi	a1, sp, 8        /* argv */
	slli	t0, a0, 3
	add	a2, a1, t0
	addi	a2, a2, 8        /* envp = argv + argc + 1 */
	li	s0, 0
	li	ra, 0
	andi	sp, sp, -16
	call	__user_start
1:	j	1b
	.size _start, . - _start
