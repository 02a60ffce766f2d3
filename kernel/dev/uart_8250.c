/*
 * uart_8250.c - the 8250/16550 family: QEMU virt's ns16550a and the
 * Synopsys DesignWare APB UART of the VisionFive 2 and the icicle kit.
 * Register n lives at base + (n << reg-shift), accessed reg-io-width bytes
 * wide. The baud rate is left as the firmware set it.
 */
#include "arch/riscv/mmio.h"
#include "kernel/dev/uart.h"

enum {
	REG_RBR_THR = 0, /* receive buffer (read) / transmit holding (write) */
	REG_IER = 1,     /* interrupt enable */
	REG_FCR = 2,     /* FIFO control (write) */
	REG_LCR = 3,     /* line control */
	REG_MCR = 4,     /* modem control */
	REG_LSR = 5,     /* line status */
};

#define IER_RX_AVAILABLE 0x01
#define FCR_FIFO_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define FCR_CLEAR_TX 0x04
#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT2 0x08    /* gates the interrupt line on PC-style 8250s */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

static volatile void *reg_addr(int reg)
{
	return uart_console.regs + ((uint64_t)reg << uart_console.reg_shift);
}

static uint32_t reg_read(int reg)
{
	if (uart_console.reg_io_width == 4)
		return mmio_read32(reg_addr(reg));
	return mmio_read8(reg_addr(reg));
}

static void reg_write(int reg, uint32_t v)
{
	if (uart_console.reg_io_width == 4)
		mmio_write32(reg_addr(reg), v);
	else
		mmio_write8(reg_addr(reg), (uint8_t)v);
}

static void uart_8250_init(void)
{
	reg_write(REG_IER, 0);
	reg_write(REG_FCR, FCR_FIFO_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX);
	reg_write(REG_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
}

static void uart_8250_putc(int c)
{
	while (!(reg_read(REG_LSR) & LSR_THR_EMPTY))
		;
	reg_write(REG_RBR_THR, (uint8_t)c);
}

static int uart_8250_getc(void)
{
	if (reg_read(REG_LSR) & LSR_DATA_READY)
		return reg_read(REG_RBR_THR) & 0xff;
	return -1;
}

static void uart_8250_enable_rx_irq(void)
{
	reg_write(REG_IER, IER_RX_AVAILABLE);
}

const struct uart_ops uart_8250_ops = {
	.init = uart_8250_init,
	.putc = uart_8250_putc,
	.getc = uart_8250_getc,
	.enable_rx_irq = uart_8250_enable_rx_irq,
};
