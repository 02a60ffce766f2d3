/*
 * mmio.h - device register access. RISC-V orders I/O accesses with fences;
 * these follow the Linux convention: a fence before each write (earlier
 * memory writes reach the device first) and after each read (later memory
 * reads see what the device wrote).
 */
#ifndef ARCH_RISCV_MMIO_H
#define ARCH_RISCV_MMIO_H

#include <stdint.h>

static inline uint8_t mmio_read8(const volatile void *addr)
{
	uint8_t v = *(const volatile uint8_t *)addr;
	__asm__ volatile("fence i,r" ::: "memory");
	return v;
}
static inline uint32_t mmio_read32(const volatile void *addr)
{
	uint32_t v = *(const volatile uint32_t *)addr;
	__asm__ volatile("fence i,r" ::: "memory");
	return v;
}
static inline uint64_t mmio_read64(const volatile void *addr)
{
	uint64_t v = *(const volatile uint64_t *)addr;
	__asm__ volatile("fence i,r" ::: "memory");
	return v;
}
static inline void mmio_write8(volatile void *addr, uint8_t v)
{
	__asm__ volatile("fence w,o" ::: "memory");
	*(volatile uint8_t *)addr = v;
}
static inline void mmio_write32(volatile void *addr, uint32_t v)
{
	__asm__ volatile("fence w,o" ::: "memory");
	*(volatile uint32_t *)addr = v;
}
static inline void mmio_write64(volatile void *addr, uint64_t v)
{
	__asm__ volatile("fence w,o" ::: "memory");
	*(volatile uint64_t *)addr = v;
}

/* Order normal memory accesses against each other (e.g. a virtio ring). */
static inline void mmio_barrier(void)
{
	__asm__ volatile("fence rw,rw" ::: "memory");
}

#endif
