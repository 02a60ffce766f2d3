/*
 * irq.c - the table of device interrupt handlers, and IPIs.
 * Handlers are registered at boot before interrupts are enabled and never
 * change after, so the table needs no lock.
 */
#include "kernel/irq.h"

#include "arch/riscv/arch.h"
#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "proc/sched.h"
#include "vm/pmap.h"

#define IRQ_MAX 1024 /* PLIC sources: the spec's limit */

static struct {
	irq_handler_fn fn;
	void *arg;
} handlers[IRQ_MAX];

void irq_register(uint32_t irq, irq_handler_fn fn, void *arg)
{
	if (irq == 0 || irq >= IRQ_MAX)
		panic("irq_register: bad interrupt %u", irq);
	handlers[irq].fn = fn;
	handlers[irq].arg = arg;
	plic_enable(irq);
}

void irq_handle(uint32_t irq)
{
	if (irq < IRQ_MAX && handlers[irq].fn)
		handlers[irq].fn(handlers[irq].arg);
	else
		printk("irq: spurious interrupt %u\n", irq);
}

static volatile unsigned ipi_pending[MAX_CPUS];

void ipi_send(int cpu_id, unsigned what)
{
	__atomic_fetch_or(&ipi_pending[cpu_id], what, __ATOMIC_SEQ_CST);
	arch_send_ipi(cpus[cpu_id].hartid);
}

void ipi_interrupt(void)
{
	unsigned what = __atomic_exchange_n(&ipi_pending[cpu_self()->id], 0, __ATOMIC_SEQ_CST);
	if (what & IPI_STOP)
		for (;;) {
			arch_irq_disable();
			arch_wait_for_interrupt();
		}
	if (what & IPI_RESCHEDULE)
		sched_request_resched();
	if (what & IPI_RELEASE_PMAP)
		pmap_release_lazy();
}
