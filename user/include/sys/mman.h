/*
 * sys/mman.h - memory mapping for native programs (picolibc has none).
 * The values are the kernel's (kernel/uapi/mman.h), which are Linux's.
 */
#ifndef USER_SYS_MMAN_H
#define USER_SYS_MMAN_H

#include "uapi/mman.h"
#include "ulib.h"

#define PROT_NONE KPROT_NONE
#define PROT_READ KPROT_READ
#define PROT_WRITE KPROT_WRITE
#define PROT_EXEC KPROT_EXEC
#define MAP_SHARED KMAP_SHARED
#define MAP_PRIVATE KMAP_PRIVATE
#define MAP_FIXED KMAP_FIXED
#define MAP_ANONYMOUS KMAP_ANONYMOUS
#define MAP_ANON KMAP_ANONYMOUS
#define MAP_FAILED ((void *)-1)
#define MS_ASYNC KMS_ASYNC
#define MS_INVALIDATE KMS_INVALIDATE
#define MS_SYNC KMS_SYNC

#endif
