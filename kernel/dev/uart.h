/*
 * uart.h - the console UART, whichever kind the device tree names.
 * Output is polled (usable before interrupts and from panic); input
 * arrives by interrupt and is handed to the console (kernel/console.c).
 */
#ifndef KERNEL_DEV_UART_H
#define KERNEL_DEV_UART_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/devtree.h"

/* One UART model: its registers are reached through 'regs'. */
struct uart_ops {
	void (*init)(void);
	void (*putc)(int c);
	int (*getc)(void);          /* a received byte, or -1 */
	void (*enable_rx_irq)(void);
};

struct uart_dev {
	volatile uint8_t *regs;     /* virtual address of the registers */
	uint32_t reg_shift;
	uint32_t reg_io_width;
	const struct uart_ops *ops;
};

extern struct uart_dev uart_console;
extern const struct uart_ops uart_8250_ops;
extern const struct uart_ops uart_sifive_ops;

/* Pick the driver for u and set it up; false if we have none for it. */
bool uart_setup(const struct devtree_uart *u, volatile uint8_t *regs);
void uart_putc(int c);
int uart_getc(void);
void uart_enable_rx_irq(void);

#endif
