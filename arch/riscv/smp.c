/*
 * smp.c - starting the other harts with SBI HSM, and IPIs.
 *
 * Only harts the device tree marks usable (an mmu-type, not disabled)
 * are started; others (monitor cores such as sifive_u's and the JH7110's
 * hart 0) are left alone. Each starts at secondary_entry (entry.S) with a
 * struct hart_boot_args: the kernel satp and its stack.
 */
#include "arch/riscv/arch.h"
#include "arch/riscv/sbi.h"
#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "kernel/smp.h"
#include "kernel/timer.h"
#include "vm/kmalloc.h"
#include "vm/kstack.h"
#include "vm/pmap.h"

struct hart_boot_args {
	uint64_t satp;      /* read by entry.S at offset 0 */
	uint64_t stack_top; /* at offset 8 */
};

extern char secondary_entry[];
extern uint64_t boot_load_pa;

static uint64_t kernel_pa(const void *va)
{
	return (uint64_t)va - KERNEL_VIRT_BASE + boot_load_pa;
}

#define HART_STOPPED_WAIT_NS 1000000000ULL

/*
 * Wait until the firmware reports the hart stopped, i.e. parked in its
 * HSM loop: starting a hart that it is still bringing up can send that
 * hart to the firmware's default entry (our _start) instead of ours.
 */
static bool wait_until_stopped(uint32_t hartid)
{
	uint64_t deadline = time_now_ns() + HART_STOPPED_WAIT_NS;
	while (sbi_hart_status(hartid) != SBI_HSM_STOPPED)
		if (time_now_ns() > deadline)
			return false;
	return true;
}

int smp_start_hart(struct cpu *c)
{
	if (!wait_until_stopped(c->hartid)) {
		printk("smp: hart %u is not stopped (state %ld): not started\n", c->hartid,
		       sbi_hart_status(c->hartid));
		return -1;
	}
	struct hart_boot_args *args = kmalloc(sizeof *args);
	void *stack = kstack_alloc();
	if (!args || !stack) {
		kfree(args);
		return -1;
	}
	args->satp = pmap_kernel_satp();
	args->stack_top = (uint64_t)stack;
	if (sbi_hart_start(c->hartid, kernel_pa(secondary_entry), virt_to_phys_direct(args)))
		return -1;
	/* args and the stack stay allocated: the hart reads them before it
	 * says it is up. A start that went astray (entry.S) leaves them
	 * behind: rare, and the hart might still be about to read them. */
	return 0;
}

void arch_send_ipi(uint32_t hartid)
{
	sbi_send_ipi(1UL << (hartid % 64), hartid - hartid % 64);
}
