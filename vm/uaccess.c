/*
 * uaccess.c - range checks in front of the user-copy routines
 * (arch/riscv/usercopy.S).
 */
#include "vm/uaccess.h"

#include "arch/riscv/memlayout.h"
#include "kernel/uapi/errno.h"

long __user_copy(void *dst, const void *src, size_t n);
long __user_strncpy(char *dst, const char *usrc, size_t max);
long __user_clear(void *udst, size_t n);

int user_range_ok(uint64_t uaddr, size_t n)
{
	return uaddr < USER_TOP && n <= USER_TOP - uaddr;
}

int copy_from_user(void *dst, uint64_t usrc, size_t n)
{
	if (!user_range_ok(usrc, n))
		return -EFAULT;
	return (int)__user_copy(dst, (const void *)usrc, n);
}

int copy_to_user(uint64_t udst, const void *src, size_t n)
{
	if (!user_range_ok(udst, n))
		return -EFAULT;
	return (int)__user_copy((void *)udst, src, n);
}

long strncpy_from_user(char *dst, uint64_t usrc, size_t max)
{
	if (usrc >= USER_TOP)
		return -EFAULT;
	if (max > USER_TOP - usrc)
		max = USER_TOP - usrc;
	long n = __user_strncpy(dst, (const char *)usrc, max);
	if (n < 0)
		return n;
	if ((size_t)n == max) {
		if (max)
			dst[max - 1] = '\0';
		return -ENAMETOOLONG;
	}
	return n;
}

int clear_user(uint64_t udst, size_t n)
{
	if (!user_range_ok(udst, n))
		return -EFAULT;
	return (int)__user_clear((void *)udst, n);
}
