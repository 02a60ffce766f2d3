/*
 * plic.c - the RISC-V Platform-Level Interrupt Controller.
 *
 * Each hart has an S-mode "context" whose number the device tree gives
 * (interrupts-extended of the PLIC node: 2h+1 on QEMU virt, 2h on the
 * VisionFive 2 and the icicle kit). Register layout (PLIC spec):
 *   base + 4*irq                      priority of source irq
 *   base + 0x2000 + 0x80*ctx          enable bits of context ctx
 *   base + 0x200000 + 0x1000*ctx      priority threshold of ctx
 *   base + 0x200004 + 0x1000*ctx      claim/complete of ctx
 * Every source we use gets priority 1 and is enabled on every hart's
 * context; threshold 0 lets all through.
 */
#include "arch/riscv/mmio.h"
#include "kernel/boot.h"
#include "kernel/cpu.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "vm/pmap.h"

#define PLIC_PRIORITY(irq) (4UL * (irq))
#define PLIC_ENABLE(ctx) (0x2000UL + 0x80UL * (ctx))
#define PLIC_THRESHOLD(ctx) (0x200000UL + 0x1000UL * (ctx))
#define PLIC_CLAIM(ctx) (0x200004UL + 0x1000UL * (ctx))

static volatile uint8_t *plic_regs;
static uint32_t plic_ndev;
static uint32_t enabled_bits[1024 / 32]; /* sources turned on so far */

static int hart_context(const struct cpu *c)
{
	return c->plic_context;
}

static void context_enable_all(int ctx)
{
	for (uint32_t w = 0; w <= plic_ndev / 32; w++)
		mmio_write32(plic_regs + PLIC_ENABLE(ctx) + 4 * w, enabled_bits[w]);
}

void plic_init(void)
{
	if (!platform.plic.present)
		panic("device tree: no interrupt controller (riscv,plic0) node");
	plic_regs = pmap_map_device(platform.plic.base, platform.plic.size);
	plic_ndev = platform.plic.ndev;
	/* Clear every enable bit of every S-mode context we own. */
	for (int i = 0; i < platform.nharts; i++)
		if (platform.harts[i].usable && platform.harts[i].plic_s_context >= 0)
			context_enable_all(platform.harts[i].plic_s_context);
}

void plic_init_hart(void)
{
	int ctx = hart_context(cpu_self());
	if (ctx < 0)
		return; /* no S-mode context: this hart takes no device interrupts */
	mmio_write32(plic_regs + PLIC_THRESHOLD(ctx), 0);
	context_enable_all(ctx);
}

void plic_enable(uint32_t irq)
{
	if (irq > plic_ndev)
		panic("plic: interrupt %u beyond riscv,ndev %u", irq, plic_ndev);
	mmio_write32(plic_regs + PLIC_PRIORITY(irq), 1);
	enabled_bits[irq / 32] |= 1U << (irq % 32);
	for (int i = 0; i < ncpus; i++) {
		int ctx = hart_context(&cpus[i]);
		if (ctx >= 0)
			mmio_write32(plic_regs + PLIC_ENABLE(ctx) + 4 * (irq / 32),
			             enabled_bits[irq / 32]);
	}
}

void irq_external(void)
{
	int ctx = hart_context(cpu_self());
	if (ctx < 0)
		return;
	uint32_t irq;
	while ((irq = mmio_read32(plic_regs + PLIC_CLAIM(ctx))) != 0) {
		irq_handle(irq);
		mmio_write32(plic_regs + PLIC_CLAIM(ctx), irq);
	}
}
