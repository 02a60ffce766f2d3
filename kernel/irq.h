/*
 * irq.h - device interrupts and inter-processor interrupts.
 *
 * Drivers register a handler for their interrupt source (the number the
 * device tree gives); the interrupt controller (arch/riscv/plic.c) calls
 * it on whichever hart claims the interrupt, with interrupts off.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdint.h>

typedef void (*irq_handler_fn)(void *arg);

void irq_register(uint32_t irq, irq_handler_fn fn, void *arg);
void irq_handle(uint32_t irq);   /* called by the controller */
void irq_external(void);         /* the controller's entry: claim, handle */

/* Controller hooks (arch/riscv/plic.c). */
void plic_init(void);              /* boot hart, after the device tree */
void plic_init_hart(void);         /* every hart */
void plic_enable(uint32_t irq);

/* IPIs: what a hart is asked to do is posted in its struct cpu's flags. */
#define IPI_RESCHEDULE 1U
#define IPI_STOP 2U
#define IPI_RELEASE_PMAP 4U /* leave a lazily kept user page table */
void ipi_send(int cpu_id, unsigned what);
void ipi_interrupt(void);

#endif
