/*
 * sysret.h - turning a raw system-call result into the C convention.
 *
 * The kernel returns a result or -errno. The native library's wrappers
 * return the result, or store the error in errno (picolibc's, a TLS
 * variable: lib/start.c sets tp before main) and return -1, so perror()
 * and strerror() name the real reason.
 */
#ifndef USER_SYSRET_H
#define USER_SYSRET_H

#include <errno.h>

#include "usys.h"

static inline long sysret(long r)
{
	if (usys_failed(r)) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* For calls that return a pointer, (void *)-1 on error (sbrk, mmap). */
static inline void *sysret_ptr(long r)
{
	if (usys_failed(r)) {
		errno = (int)-r;
		return (void *)-1;
	}
	return (void *)r;
}

#endif
