/*
 * uapi/mman.h - mmap/mprotect/msync arguments (Linux's values).
 * mmap returns the address, or -errno; the user library turns that into
 * MAP_FAILED and errno.
 */
#ifndef UAPI_MMAN_H
#define UAPI_MMAN_H

#define KPROT_NONE 0x0
#define KPROT_READ 0x1
#define KPROT_WRITE 0x2
#define KPROT_EXEC 0x4

#define KMAP_SHARED 0x01
#define KMAP_PRIVATE 0x02
#define KMAP_FIXED 0x10
#define KMAP_ANONYMOUS 0x20

#define KMS_ASYNC 1
#define KMS_INVALIDATE 2
#define KMS_SYNC 4

#endif
