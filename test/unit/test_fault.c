/*
 * test_fault.c - the page-fault decisions (vm/fault_decide.c) and the
 * accessed/dirty fix-up of a page-table entry (arch/riscv/pte.h), for
 * every case, including the faults of cores that do not set the A and D
 * bits themselves (the VisionFive 2's U74), which QEMU never raises.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/riscv/pte.h"
#include "vm/fault_decide.h"
#include "vm/mm.h"

static struct vm_region region(unsigned prot, enum vm_region_kind kind, unsigned flags)
{
	struct vm_region r = {.start = 0x10000, .end = 0x20000, .prot = prot, .kind = kind,
	                      .flags = flags};
	return r;
}

static enum fault_action decide(const struct vm_region *r, enum fault_access a,
                                struct fault_pte pte, enum fault_result *why)
{
	return vm_fault_decide(r, false, a, &pte, why);
}

#define RW (VM_PROT_READ | VM_PROT_WRITE)
#define RX (VM_PROT_READ | VM_PROT_EXEC)
#define ABSENT ((struct fault_pte){.present = false})

static void unmapped_is_segv(void **state)
{
	struct fault_pte pte = {0};
	enum fault_result why;
	assert_int_equal(vm_fault_decide(NULL, false, FAULT_READ, &pte, &why), FA_SEGV);
	assert_int_equal(why, FAULT_NOT_MAPPED);
	assert_int_equal(vm_fault_decide(NULL, true, FAULT_WRITE, &pte, &why), FA_SEGV);
	assert_int_equal(why, FAULT_STACK_GUARD);
}

static void permissions_enforced(void **state)
{
	enum fault_result why;
	struct vm_region text = region(RX, VMR_FILE, 0), data = region(RW, VMR_ANON, 0);
	assert_int_equal(decide(&text, FAULT_WRITE, ABSENT, &why), FA_SEGV);
	assert_int_equal(why, FAULT_READ_ONLY);
	assert_int_equal(decide(&data, FAULT_EXEC, ABSENT, &why), FA_SEGV);
	assert_int_equal(why, FAULT_NO_EXEC);
	struct vm_region none = region(0, VMR_ANON, 0);
	assert_int_equal(decide(&none, FAULT_READ, ABSENT, &why), FA_SEGV);
	assert_int_equal(why, FAULT_NO_READ);
}

static void absent_pages_filled(void **state)
{
	enum fault_result why;
	struct vm_region anon = region(RW, VMR_ANON, 0), file = region(RX, VMR_FILE, 0),
	                 stack = region(RW, VMR_STACK, 0);
	assert_int_equal(decide(&anon, FAULT_WRITE, ABSENT, &why), FA_FILL_ZERO);
	assert_int_equal(decide(&stack, FAULT_READ, ABSENT, &why), FA_FILL_ZERO);
	assert_int_equal(decide(&file, FAULT_EXEC, ABSENT, &why), FA_FILL_FILE);
}

static void cow_write_copies(void **state)
{
	enum fault_result why;
	struct vm_region data = region(RW, VMR_ANON, 0);
	struct fault_pte pte = {.present = true, .prot = VM_PROT_READ | VM_PROT_USER | VM_PROT_COW,
	                        .accessed = true};
	assert_int_equal(decide(&data, FAULT_WRITE, pte, &why), FA_COW);
	assert_int_equal(decide(&data, FAULT_READ, pte, &why), FA_RETRY);
}

static void shared_first_write_made_writable(void **state)
{
	enum fault_result why;
	struct vm_region shm = region(RW, VMR_FILE, VMR_SHARED);
	struct fault_pte pte = {.present = true, .prot = VM_PROT_READ | VM_PROT_USER, .accessed = true};
	assert_int_equal(decide(&shm, FAULT_WRITE, pte, &why), FA_MAKE_WRITABLE);
}

/* The U74 raises a page fault for a valid, permitted access when A is
 * clear, or for a store when D is clear. */
static void u74_accessed_bit_fault(void **state)
{
	enum fault_result why;
	struct vm_region data = region(RW, VMR_ANON, 0);
	struct fault_pte pte = {.present = true, .prot = RW | VM_PROT_USER, .accessed = false};
	assert_int_equal(decide(&data, FAULT_READ, pte, &why), FA_MARK_ACCESSED);
	pte.accessed = true;
	assert_int_equal(decide(&data, FAULT_READ, pte, &why), FA_RETRY);
}

static void u74_dirty_bit_fault(void **state)
{
	enum fault_result why;
	struct vm_region data = region(RW, VMR_ANON, 0);
	struct fault_pte pte = {.present = true, .prot = RW | VM_PROT_USER, .accessed = true,
	                        .dirty = false};
	assert_int_equal(decide(&data, FAULT_WRITE, pte, &why), FA_MARK_ACCESSED);
	pte.dirty = true;
	assert_int_equal(decide(&data, FAULT_WRITE, pte, &why), FA_RETRY);
}

static void u74_ad_fault_never_grants_more(void **state)
{
	enum fault_result why;
	struct vm_region text = region(RX, VMR_FILE, 0);
	struct fault_pte pte = {.present = true, .prot = RX | VM_PROT_USER, .accessed = false};
	assert_int_equal(decide(&text, FAULT_WRITE, pte, &why), FA_SEGV);
	assert_int_equal(why, FAULT_READ_ONLY);
}

static void pte_fixup_sets_bits(void **state)
{
	pte_t base = PA_TO_PTE(0x80001000) | PTE_V | PTE_R | PTE_U;
	assert_int_equal(pte_with_accessed(base, 0), base | PTE_A);
	/* A store to a read-only entry never makes it dirty. */
	assert_int_equal(pte_with_accessed(base, 1), base | PTE_A);
	pte_t rw = base | PTE_W;
	assert_int_equal(pte_with_accessed(rw, 1), rw | PTE_A | PTE_D);
	assert_int_equal(pte_with_accessed(rw, 0), rw | PTE_A);
	assert_int_equal(pte_with_accessed(rw | PTE_A | PTE_D, 1), rw | PTE_A | PTE_D);
	/* The frame number and other bits are kept. */
	assert_int_equal(PTE_TO_PA(pte_with_accessed(rw, 1)), 0x80001000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unmapped_is_segv),
		cmocka_unit_test(permissions_enforced),
		cmocka_unit_test(absent_pages_filled),
		cmocka_unit_test(cow_write_copies),
		cmocka_unit_test(shared_first_write_made_writable),
		cmocka_unit_test(u74_accessed_bit_fault),
		cmocka_unit_test(u74_dirty_bit_fault),
		cmocka_unit_test(u74_ad_fault_never_grants_more),
		cmocka_unit_test(pte_fixup_sets_bits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
