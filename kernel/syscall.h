/*
 * syscall.h - system-call dispatch. The numbers come from
 * kernel/syscall.tbl; each handler is `long sys_NAME(const uint64_t *a)`
 * where a[0..5] are the caller's a0..a5, and returns a result or -errno.
 * Handlers check every argument before changing anything.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdint.h>

typedef long (*syscall_fn)(const uint64_t *args);

extern const syscall_fn syscall_table[];
extern const uint64_t syscall_count;

/* Inline: it is on the path of every system call. */
static inline long syscall_dispatch(uint64_t nr, const uint64_t *args)
{
	if (__builtin_expect(nr >= syscall_count || !syscall_table[nr], 0))
		return -88; /* -ENOSYS, uapi/errno.h */
	return syscall_table[nr](args);
}

/* Every handler, declared from the table. Weak, so that a call listed
 * in the table whose handler is not linked in yet answers -ENOSYS. */
#define SYSCALL(nr, name) long sys_##name(const uint64_t *args) __attribute__((weak));
#include "syscall_table.h"
#undef SYSCALL

#endif
