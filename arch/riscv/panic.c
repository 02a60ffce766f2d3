/*
 * panic.c - the end of the line: print what is known (trap cause,
 * registers, a frame-pointer backtrace with function names), stop the
 * other harts by IPI and power off with a failure status, so QEMU exits
 * non-zero. With "panic=halt" on the command line the hart spins instead,
 * for a debugger.
 */
#include "arch/riscv/arch.h"
#include "arch/riscv/mmio.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/trap.h"
#include "arch/riscv/trapframe.h"
#include "kernel/boot.h"
#include "kernel/cpu.h"
#include "kernel/irq.h"
#include "kernel/ksyms.h"
#include "kernel/printk.h"

static const char *const reg_names[32] = {
	"pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
	"a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
	"s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

/* A return address is looked up one byte back: a call to a noreturn
 * function may be the last instruction of its caller. */
static void print_address(uint64_t addr, bool is_return)
{
	uint64_t off;
	const char *name = ksyms_lookup(addr - is_return, &off);
	if (name)
		printk("  %016lx %s+0x%lx\n", addr, name, off + is_return);
	else
		printk("  %016lx ?\n", addr);
}

/* Kernel frames: s0 is the frame's top; ra at s0-8, caller's s0 at s0-16. */
static void backtrace_from(uint64_t fp)
{
	for (int depth = 0; depth < 32; depth++) {
		if (fp < KVA_BASE || (fp & 7))
			break;
		uint64_t ra = *(uint64_t *)(fp - 8);
		uint64_t prev = *(uint64_t *)(fp - 16);
		if (prev == 0)
			break; /* the first frame of a thread: ra is not a caller */
		print_address(ra, true);
		if (prev <= fp)
			break;
		fp = prev;
	}
}

static void stop_other_harts(void)
{
	struct cpu *self = cpu_self();
	for (int i = 0; i < ncpus; i++)
		if (i != self->id && cpus[i].online)
			ipi_send(i, IPI_STOP);
}

void panic_report_and_halt(void)
{
	arch_irq_disable();
	printk("hart %u backtrace:\n", cpu_self()->hartid);
	backtrace_from(arch_frame_pointer());
	stop_other_harts();
	if (cmdline_has("panic") && !__builtin_strcmp(cmdline_get("panic"), "halt"))
		for (;;)
			arch_wait_for_interrupt();
	arch_poweroff(true);
}

void panic_trap_report(const struct trapframe *tf, const char *what)
{
	printk("\nkernel trap on hart %u: %s (scause %lx)\n", cpu_self()->hartid, what, tf->scause);
	printk("sepc %016lx stval %016lx sstatus %016lx\n", tf->regs[TF_EPC], tf->stval, tf->sstatus);
	for (int i = 0; i < 32; i += 4)
		printk("%3s %016lx %3s %016lx %3s %016lx %3s %016lx\n", reg_names[i], tf->regs[i],
		       reg_names[i + 1], tf->regs[i + 1], reg_names[i + 2], tf->regs[i + 2],
		       reg_names[i + 3], tf->regs[i + 3]);
	printk("trapped at:\n");
	print_address(tf->regs[TF_EPC], false);
	backtrace_from(tf->regs[8]);
	panic("kernel trap: %s at pc 0x%lx addr 0x%lx", what, tf->regs[TF_EPC], tf->stval);
}

/* QEMU's test finisher ("sifive,test0"): writing FAIL | code << 16 makes
 * QEMU exit with that code. OpenSBI 1.1 reports every SRST shutdown as a
 * pass, so a failure goes to the device directly when there is one. */
#define FINISHER_FAIL 0x3333

void arch_poweroff(bool failure)
{
	if (failure && platform.test_finisher)
		mmio_write32(phys_to_virt(platform.test_finisher), FINISHER_FAIL | (1U << 16));
	sbi_system_reset(SBI_SRST_SHUTDOWN,
	                 failure ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
}
