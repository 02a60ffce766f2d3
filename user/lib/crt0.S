/*
 * crt0.S - the first instructions of every user program.
 *
 * The kernel enters _start with a0 = argc, a1 = argv, a2 = envp and sp
 * 16-byte aligned (kernel/uapi/misc.h). We set gp for gp-relative small
 * data, clear the frame pointer and return address so backtraces end
 * here, and hand over to C: __user_start(argc, argv, envp), which never
 * returns. The native library (lib/start.c) and the xv6 compat library
 * (compat/lib/start.c) each define their own __user_start.
 */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	.option push
	.option norelax          /* gp is not set yet: no gp-relative relaxation */
	la	gp, __global_pointer$
	.option pop
	li	s0, 0
	li	ra, 0
	andi	sp, sp, -16      /* the ABI already promises this; be safe */
	call	__user_start
1:	j	1b               /* not reached: __user_start exits */
	.size _start, . - _start
