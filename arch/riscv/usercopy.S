/*
 * usercopy.S - the only code that touches user memory. sstatus.SUM is set
 * only between usercopy_start and usercopy_end. A page fault there is
 * resolved by the VM (demand paging, copy on write) and the instruction
 * retried; if it cannot be, trap.c resumes at usercopy_fault, which
 * returns -EFAULT. Range checks are the caller's (vm/uaccess.c).
 */
#define SSTATUS_SUM (1 << 18)
#define EFAULT 14

	.section .text
	.globl	usercopy_start, usercopy_end, usercopy_fault

usercopy_start:

/* long __user_copy(void *dst, const void *src, size_t n): 0 or -EFAULT.
 * Doublewords when dst and src are equally aligned, bytes otherwise. */
	.globl	__user_copy
__user_copy:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	xor	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, 3f			/* differently aligned: bytes */
1:	andi	t0, a0, 7		/* bytes up to alignment */
	beqz	t0, 2f
	beqz	a2, 5f
	lb	t1, 0(a1)
	sb	t1, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	1b
2:	li	t2, 8			/* doublewords */
	bltu	a2, t2, 3f
	ld	t1, 0(a1)
	sd	t1, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	2b
3:	beqz	a2, 5f			/* the remaining bytes */
4:	lb	t1, 0(a1)
	sb	t1, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	bnez	a2, 4b
5:	csrc	sstatus, t6
	li	a0, 0
	ret

/* long __user_strncpy(char *dst, const char *usrc, size_t max): the
 * string's length (NUL copied), or max if no NUL came within max bytes,
 * or -EFAULT. */
	.globl	__user_strncpy
__user_strncpy:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	li	t0, 0
1:	beq	t0, a2, 2f
	add	t2, a1, t0
	lb	t1, 0(t2)
	add	t2, a0, t0
	sb	t1, 0(t2)
	beqz	t1, 2f
	addi	t0, t0, 1
	j	1b
2:	csrc	sstatus, t6
	mv	a0, t0
	ret

/* long __user_clear(void *udst, size_t n): 0 or -EFAULT. */
	.globl	__user_clear
__user_clear:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
1:	beqz	a1, 2f
	sb	zero, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, -1
	j	1b
2:	csrc	sstatus, t6
	li	a0, 0
	ret

usercopy_fault:
	li	t6, SSTATUS_SUM
	csrc	sstatus, t6
	li	a0, -EFAULT
	ret
usercopy_end:
