/*
 * sys_mem.c - growing the heap and mapping memory.
 *
 * sbrk() is the one picolibc's malloc calls: linked before libc (the
 * link line forces it with -u sbrk), it replaces picolibc's fixed-heap
 * sbrk so malloc grows with the process. It only reserves address space;
 * the kernel fills pages on first touch. sbrk_flags(n, KSBRK_EAGER)
 * allocates at once instead and fails with ENOMEM when memory is short.
 */
#include <unistd.h>

#include "uapi/misc.h"
#include "sysret.h"
#include "ulib.h"

void *sbrk_flags(ptrdiff_t increment, int flags)
{
	return sysret_ptr(__sys_sbrk(increment, flags));
}

void *sbrk(ptrdiff_t increment)
{
	return sbrk_flags(increment, 0);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return sysret_ptr(__sys_mmap(addr, len, prot, flags, fd, off));
}

int munmap(void *addr, size_t len)
{
	return sysret(__sys_munmap(addr, len));
}

int mprotect(void *addr, size_t len, int prot)
{
	return sysret(__sys_mprotect(addr, len, prot));
}

int msync(void *addr, size_t len, int flags)
{
	return sysret(__sys_msync(addr, len, flags));
}
