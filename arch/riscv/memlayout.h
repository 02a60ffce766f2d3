/*
 * memlayout.h - the kernel's view of the Sv39 address space.
 *
 *  0x0000_0000_0000_0000  user half (see vm/vm.h for its layout)
 *  0x0000_003f_ffff_ffff  top of the user half
 *  0xffff_ffc0_0000_0000  direct map: DIRECT_MAP_BASE + pa, RAM and device
 *                         registers (128 GiB of physical space), never X
 *  0xffff_ffe0_0000_0000  kernel virtual area: kernel stacks with guard
 *                         pages, other kernel mappings (KVA_SIZE)
 *  0xffff_ffff_8000_0000  kernel image, as linked (kernel.ld)
 */
#ifndef ARCH_RISCV_MEMLAYOUT_H
#define ARCH_RISCV_MEMLAYOUT_H

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096UL
#define KERNEL_VIRT_BASE 0xffffffff80000000UL
#define DIRECT_MAP_BASE 0xffffffc000000000UL
#define DIRECT_MAP_SIZE (128UL << 30)
#define KVA_BASE 0xffffffe000000000UL
#define KVA_SIZE (4UL << 30)
#define USER_TOP 0x0000004000000000UL   /* first address past the user half */

/* The Image header's text_offset: where booti places us above RAM base. */
#define IMAGE_TEXT_OFFSET 0x200000

#define KSTACK_PAGES 4                  /* 16 KiB kernel stacks */
#define BOOT_STACK_SIZE (32 * 1024)     /* the boot hart's, in .bss */
#define KSTACK_SIZE (KSTACK_PAGES * PAGE_SIZE)

#ifndef __ASSEMBLY__
#include <stdint.h>
static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(pa + DIRECT_MAP_BASE);
}
static inline uint64_t virt_to_phys_direct(const void *va)
{
	return (uint64_t)va - DIRECT_MAP_BASE;
}
#endif

#endif
