/*
 * kernel/types.h (xv6 compat) - xv6's basic integer type names, for
 * programs written for xv6-riscv. Part of user/compat/, which stands in
 * for xv6's headers; the real kernel's headers are never on this path.
 */
#ifndef XV6_COMPAT_TYPES_H
#define XV6_COMPAT_TYPES_H

typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned char uchar;

typedef unsigned char uint8;
typedef unsigned short uint16;
typedef unsigned int uint32;
typedef unsigned long uint64;

typedef uint64 pde_t;

#endif
