/*
 * trap.c - where every trap lands after trap.S saved the registers:
 * interrupts go to their handlers, user exceptions to the system-call and
 * fault code of the generic kernel, kernel exceptions to a panic (except
 * faults on user memory inside the user-copy routines, which the VM
 * resolves or turns into -EFAULT).
 */
#include "arch/riscv/trap.h"

#include "arch/riscv/arch.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/trapframe.h"
#include "kernel/cpu.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/uapi/wait.h"
#include "proc/proc.h"
#include "vm/fault.h"

extern char trap_vector[];

void arch_trapframe_init_user(struct trapframe *tf, uint64_t entry, uint64_t sp)
{
	for (int i = 0; i < 32; i++)
		tf->regs[i] = 0;
	tf->regs[TF_EPC] = entry;
	tf->regs[TF_SP] = sp;
	tf->sstatus = (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_SUM | SSTATUS_SIE)) | SSTATUS_SPIE;
}

void trap_init_hart(void)
{
	csr_write(sscratch, 0);
	csr_write(stvec, (uint64_t)trap_vector);
	csr_write(scounteren, SCOUNTEREN_CY | SCOUNTEREN_TM | SCOUNTEREN_IR);
	csr_set(sie, SIE_SSIE | SIE_STIE | SIE_SEIE);
}

static const char *exception_name(uint64_t cause)
{
	switch (cause) {
	case EXC_INST_MISALIGNED: return "misaligned instruction fetch";
	case EXC_INST_ACCESS: return "instruction access fault";
	case EXC_ILLEGAL_INST: return "illegal instruction";
	case EXC_BREAKPOINT: return "breakpoint";
	case EXC_LOAD_MISALIGNED: return "misaligned load";
	case EXC_LOAD_ACCESS: return "load access fault";
	case EXC_STORE_MISALIGNED: return "misaligned store";
	case EXC_STORE_ACCESS: return "store access fault";
	case EXC_ECALL_U: return "ecall from user mode";
	case EXC_ECALL_S: return "ecall from supervisor mode";
	case EXC_INST_PAGE_FAULT: return "instruction page fault";
	case EXC_LOAD_PAGE_FAULT: return "load page fault";
	case EXC_STORE_PAGE_FAULT: return "store page fault";
	default: return "unknown exception";
	}
}

static int exception_signal(uint64_t cause)
{
	switch (cause) {
	case EXC_ILLEGAL_INST: return KSIGILL;
	case EXC_BREAKPOINT: return KSIGTRAP;
	case EXC_INST_MISALIGNED:
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED: return KSIGBUS;
	default: return KSIGSEGV;
	}
}

static enum fault_access fault_access_of(uint64_t cause)
{
	if (cause == EXC_INST_PAGE_FAULT)
		return FAULT_EXEC;
	return cause == EXC_STORE_PAGE_FAULT ? FAULT_WRITE : FAULT_READ;
}

static bool is_page_fault(uint64_t cause)
{
	return cause == EXC_INST_PAGE_FAULT || cause == EXC_LOAD_PAGE_FAULT ||
	       cause == EXC_STORE_PAGE_FAULT;
}

static void interrupt_dispatch(uint64_t irq)
{
	switch (irq) {
	case IRQ_S_TIMER:
		timer_interrupt();
		break;
	case IRQ_S_EXT:
		irq_external();
		break;
	case IRQ_S_SOFT:
		csr_clear(sip, SIE_SSIE);
		ipi_interrupt();
		break;
	default:
		panic("unexpected interrupt %lu", irq);
	}
}

static void syscall_from_user(struct trapframe *tf)
{
	tf->regs[TF_EPC] += 4;
	arch_irq_enable();
	uint64_t *a = &tf->regs[TF_A0];
	tf->regs[TF_A0] = (uint64_t)syscall_dispatch(tf->regs[TF_A7], a);
}

static void user_exception(struct trapframe *tf)
{
	uint64_t cause = tf->scause;
	if (cause == EXC_ECALL_U) {
		syscall_from_user(tf);
		return;
	}
	arch_irq_enable();
	if (is_page_fault(cause)) {
		proc_page_fault(tf->stval, fault_access_of(cause), tf->regs[TF_EPC]);
		return;
	}
	proc_user_fault(exception_name(cause), exception_signal(cause), tf->regs[TF_EPC], tf->stval);
}

/* The user-copy routines (usercopy.S) mark where a fault may happen. */
extern char usercopy_start[], usercopy_end[], usercopy_fault[];

static void kernel_exception(struct trapframe *tf)
{
	uint64_t cause = tf->scause, pc = tf->regs[TF_EPC];
	if (is_page_fault(cause) && pc >= (uint64_t)usercopy_start && pc < (uint64_t)usercopy_end) {
		/* Resolving may sleep: no user access meanwhile (SUM comes
		 * back from the frame on return). */
		csr_clear(sstatus, SSTATUS_SUM);
		if (tf->sstatus & SSTATUS_SPIE)
			arch_irq_enable();
		if (proc_usercopy_fault(tf->stval, fault_access_of(cause)) == 0)
			return;
		tf->regs[TF_EPC] = (uint64_t)usercopy_fault;
		return;
	}
	panic_trap_report(tf, exception_name(cause));
}

void trap_handler(struct trapframe *tf)
{
	if (__builtin_expect(tf->scause == EXC_ECALL_U, 1)) { /* the hot path */
		syscall_from_user(tf);
		proc_return_to_user();
		return;
	}
	bool from_user = !(tf->sstatus & SSTATUS_SPP);
	if (tf->scause & SCAUSE_INTERRUPT)
		interrupt_dispatch(tf->scause & ~SCAUSE_INTERRUPT);
	else if (from_user)
		user_exception(tf);
	else
		kernel_exception(tf);
	if (from_user) {
		proc_return_to_user();
		return;
	}
	if (tf->scause & SCAUSE_INTERRUPT)
		proc_maybe_preempt_kernel(tf->sstatus & SSTATUS_SPIE);
	arch_irq_disable();
}
