/*
 * uart_sifive.c - the SiFive UART of QEMU's sifive_u (and the HiFive
 * boards): 32-bit registers, a full flag in txdata, an empty flag in
 * rxdata, a receive-watermark interrupt.
 */
#include "arch/riscv/mmio.h"
#include "kernel/dev/uart.h"

enum {
	REG_TXDATA = 0x00,
	REG_RXDATA = 0x04,
	REG_TXCTRL = 0x08,
	REG_RXCTRL = 0x0c,
	REG_IE = 0x10,
};

#define TXDATA_FULL (1U << 31)
#define RXDATA_EMPTY (1U << 31)
#define CTRL_ENABLE 1U
#define IE_RXWM (1U << 1)  /* receive FIFO above its watermark (0) */

static volatile void *reg(int off)
{
	return uart_console.regs + off;
}

static void uart_sifive_init(void)
{
	mmio_write32(reg(REG_IE), 0);
	mmio_write32(reg(REG_TXCTRL), CTRL_ENABLE);
	mmio_write32(reg(REG_RXCTRL), CTRL_ENABLE);
}

static void uart_sifive_putc(int c)
{
	while (mmio_read32(reg(REG_TXDATA)) & TXDATA_FULL)
		;
	mmio_write32(reg(REG_TXDATA), (uint8_t)c);
}

static int uart_sifive_getc(void)
{
	uint32_t v = mmio_read32(reg(REG_RXDATA));
	return (v & RXDATA_EMPTY) ? -1 : (int)(v & 0xff);
}

static void uart_sifive_enable_rx_irq(void)
{
	mmio_write32(reg(REG_IE), IE_RXWM);
}

const struct uart_ops uart_sifive_ops = {
	.init = uart_sifive_init,
	.putc = uart_sifive_putc,
	.getc = uart_sifive_getc,
	.enable_rx_irq = uart_sifive_enable_rx_irq,
};
