/*
 * memtest - memory protection: user loads, stores and jumps into the
 * kernel half are killed; system calls given kernel pointers fail with
 * EFAULT; text is not writable; heap and stack are not executable; page 0
 * is never mapped.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "ulib.h"

#define KERNEL_DIRECT_MAP 0xffffffc000000000UL
#define KERNEL_IMAGE 0xffffffff80000000UL
#define RISCV_RET 0x00008067U /* jalr zero, 0(ra) */

static uintptr_t target;

static void load_target(void) { (void)*(volatile uint64_t *)target; }
static void store_target(void) { *(volatile uint64_t *)target = 0; }
static void jump_target(void) { ((void (*)(void))target)(); }

static int status_of(void (*fn)(void), uintptr_t addr)
{
	target = addr;
	return check_child_status(fn);
}

#define CHECK_KILLED(fn, addr, what)                                                    \
	do {                                                                            \
		int st_ = status_of(fn, addr);                                          \
		CHECK(WIFSIGNALED(st_) && WTERMSIG(st_) == SIGSEGV, "%s: status %#x", what, st_); \
	} while (0)

static int test_kernel_access(void)
{
	CHECK_KILLED(load_target, KERNEL_DIRECT_MAP + 0x80000000UL, "load from the direct map");
	CHECK_KILLED(store_target, KERNEL_DIRECT_MAP + 0x80000000UL, "store to the direct map");
	CHECK_KILLED(load_target, KERNEL_IMAGE, "load from the kernel image");
	CHECK_KILLED(jump_target, KERNEL_IMAGE, "jump into the kernel image");
	return 0;
}

static int test_kernel_pointers(void)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	CHECK_ERRNO(write(fds[1], (void *)KERNEL_IMAGE, 16), EFAULT);
	CHECK(write(fds[1], "x", 1) == 1, "pipe write");
	CHECK_ERRNO(read(fds[0], (void *)(KERNEL_DIRECT_MAP + 0x80000000UL), 1), EFAULT);
	CHECK_ERRNO(open((const char *)KERNEL_IMAGE, O_RDONLY), EFAULT);
	CHECK_ERRNO(pipe((int *)KERNEL_DIRECT_MAP), EFAULT);
	close(fds[0]);
	close(fds[1]);
	return 0;
}

static int test_null(void)
{
	CHECK_KILLED(load_target, 0, "load from NULL");
	CHECK_KILLED(store_target, 8, "store near NULL");
	CHECK_KILLED(jump_target, 0, "jump to NULL");
	return 0;
}

static int test_text_readonly(void)
{
	CHECK_KILLED(store_target, (uintptr_t)&test_null, "store into text");
	return 0;
}

static int test_heap_noexec(void)
{
	uint32_t *code = malloc(64);
	CHECK(code, "malloc");
	code[0] = RISCV_RET;
	CHECK_KILLED(jump_target, (uintptr_t)code, "jump into the heap");
	return 0;
}

static int test_stack_noexec(void)
{
	uint32_t code[4] = {RISCV_RET};
	CHECK_KILLED(jump_target, (uintptr_t)code, "jump into the stack");
	return 0;
}

int main(void)
{
	check_run("mem_kernel_access_killed", test_kernel_access);
	check_run("mem_kernel_pointers_efault", test_kernel_pointers);
	check_run("mem_null_unmapped", test_null);
	check_run("mem_text_readonly", test_text_readonly);
	check_run("mem_heap_noexec", test_heap_noexec);
	check_run("mem_stack_noexec", test_stack_noexec);
	return check_summary("memtest");
}
