/*
 * uart.c - choose the console UART driver from the device tree.
 */
#include "kernel/dev/uart.h"

struct uart_dev uart_console;

bool uart_setup(const struct devtree_uart *u, volatile uint8_t *regs)
{
	switch (u->kind) {
	case UART_NS16550:
		uart_console.ops = &uart_8250_ops;
		break;
	case UART_SIFIVE:
		uart_console.ops = &uart_sifive_ops;
		break;
	default:
		return false;
	}
	uart_console.regs = regs;
	uart_console.reg_shift = u->reg_shift;
	uart_console.reg_io_width = u->reg_io_width ? u->reg_io_width : 1;
	uart_console.ops->init();
	return true;
}

void uart_putc(int c)
{
	uart_console.ops->putc(c);
}

int uart_getc(void)
{
	return uart_console.ops->getc();
}

void uart_enable_rx_irq(void)
{
	uart_console.ops->enable_rx_irq();
}
