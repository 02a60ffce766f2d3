/*
 * uaccess.h - copying between kernel and user memory. The only way the
 * kernel touches user memory: every range is checked to lie wholly in the
 * user half first, and faults become -EFAULT (or are resolved: demand
 * paging and copy on write work for kernel accesses too).
 */
#ifndef VM_UACCESS_H
#define VM_UACCESS_H

#include <stddef.h>
#include <stdint.h>

int copy_from_user(void *dst, uint64_t usrc, size_t n);   /* 0 or -EFAULT */
int copy_to_user(uint64_t udst, const void *src, size_t n); /* 0 or -EFAULT */
/* Copy a NUL-terminated string of at most max-1 characters: its length,
 * -EFAULT, or -ENAMETOOLONG when it does not fit (callers may remap). */
long strncpy_from_user(char *dst, uint64_t usrc, size_t max);
int clear_user(uint64_t udst, size_t n);
/* Whether [uaddr, uaddr+n) lies wholly inside the user half. */
int user_range_ok(uint64_t uaddr, size_t n);

#endif
