/*
 * main.c - boot: from the first C instruction to the first process.
 *
 * kernel_main runs on the boot hart (whichever hart the firmware picked)
 * with the boot page table (entry.S); secondary_main on each other hart
 * once smp_boot_secondaries starts it. Boot-only code.
 */
#include <string.h>

#include "arch/riscv/arch.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/trap.h"
#include "fs/block.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/dev/uart.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/selftest.h"
#include "kernel/smp.h"
#include "kernel/timer.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "vm/bootmem.h"
#include "vm/kmalloc.h"
#include "vm/page.h"
#include "vm/pmap.h"

struct cpu cpus[MAX_CPUS];
int ncpus;
struct platform platform;

extern char _kernel_start[], _end[];
extern uint64_t boot_load_pa;

static void parse_device_tree(uint64_t dtb_pa)
{
	static char err[128];
	const void *blob = phys_to_virt(dtb_pa);
	if (devtree_parse(blob, &platform, err, sizeof err) < 0)
		panic("device tree: %s", err);
	cmdline_init(platform.bootargs);
}

static void console_setup(void)
{
	const struct devtree_uart *u = &platform.uart;
	if (u->kind == UART_NONE)
		panic("device tree: no console UART (stdout-path or a known serial node)");
	volatile uint8_t *regs = pmap_map_device(u->base, u->size ? u->size : PAGE_SIZE);
	if (uart_setup(u, regs))
		printk_set_output(uart_putc);
	if (platform.test_finisher)
		pmap_map_device(platform.test_finisher, PAGE_SIZE);
}

/* All RAM minus firmware, kernel, DTB, initrd and reserved ranges. */
static void memory_setup(uint64_t dtb_pa)
{
	if (platform.nmem == 0)
		panic("device tree: no memory node");
	for (int i = 0; i < platform.nmem; i++)
		bootmem_add_ram(platform.mem[i].base, platform.mem[i].size);
	for (int i = 0; i < platform.nreserved; i++)
		bootmem_reserve(platform.reserved[i].base, platform.reserved[i].size);
	bootmem_reserve(boot_load_pa, (uint64_t)(_end - _kernel_start));
	bootmem_reserve(dtb_pa, devtree_blob_size(phys_to_virt(dtb_pa)));
	if (platform.initrd_end > platform.initrd_start)
		bootmem_reserve(platform.initrd_start, platform.initrd_end - platform.initrd_start);
	page_alloc_init();
	kmalloc_init();
}

/* One struct cpu per usable hart; cpus[0] is the boot hart. */
static void cpus_setup(uint32_t boot_hartid)
{
	ncpus = 1;
	for (int i = 0; i < platform.nharts; i++) {
		const struct devtree_hart *h = &platform.harts[i];
		if (!h->usable || ncpus == MAX_CPUS)
			continue;
		struct cpu *c = h->hartid == boot_hartid ? &cpus[0] : &cpus[ncpus++];
		c->id = (int)(c - cpus);
		c->hartid = h->hartid;
		c->plic_context = h->plic_s_context;
		c->has_sstc = h->has_sstc && !cmdline_has("nosstc");
	}
}

/* Bytes of the boot stack ever used: .bss starts zeroed, so the lowest
 * non-zero word marks the deepest point reached. */
static uint64_t boot_stack_used(void)
{
	extern uint64_t boot_stack[], boot_stack_top[];
	uint64_t *w = boot_stack;
	while (w < boot_stack_top && *w == 0)
		w++;
	return (uint64_t)(boot_stack_top - w) * sizeof *w;
}

static void banner(void)
{
	struct page_stats ps;
	page_stats(&ps);
	int online = 0;
	for (int i = 0; i < ncpus; i++)
		online += cpus[i].online;
	printk("kernel: %d harts, %lu MiB RAM, booted on hart %u\n", online,
	       bootmem_ram_bytes() >> 20, cpus[0].hartid);
	printk("kernel: %s, %lu MiB free, timebase %lu Hz, %u Hz tick, %u ASID bits, cmdline \"%s\"\n",
	       platform.model[0] ? platform.model : "unknown machine",
	       ps.free_pages * PAGE_SIZE >> 20, platform.timebase_hz, timer_hz(),
	       pmap_asid_bits(), platform.bootargs);
}

void kernel_main(uint64_t hartid, uint64_t dtb_pa)
{
	cpus[0].hartid = (uint32_t)hartid;
	cpus[0].plic_context = -1;
	arch_cpu_set_self(&cpus[0]);
	printk_set_output(sbi_legacy_putchar);
	sbi_init();
	parse_device_tree(dtb_pa);
	memory_setup(dtb_pa);
	pmap_bootstrap();
	console_setup();
	cpus_setup((uint32_t)hartid);
	cpus[0].online = true;

	trap_init_hart();
	timer_init();
	plic_init();
	plic_init_hart();
	console_init();
	block_probe_all();
	block_selftest();

	if (cmdline_has("selftest")) {
		selftest_run_all();
		printk("selftest: boot stack used %lu of %lu bytes\n", boot_stack_used(),
		       (uint64_t)BOOT_STACK_SIZE);
	}
	sched_init();
	smp_boot_secondaries();
	banner();
	pmap_kernel_seal();
	proc_init();
	timer_init_hart();
	sched_run();
}

void secondary_main(uint64_t hartid)
{
	struct cpu *c = 0;
	for (int i = 0; i < ncpus; i++)
		if (cpus[i].hartid == hartid)
			c = &cpus[i];
	if (!c)
		for (;;)
			arch_wait_for_interrupt();
	arch_cpu_set_self(c);
	trap_init_hart();
	plic_init_hart();
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	timer_init_hart();
	sched_run();
}

#define HART_START_TIMEOUT_NS 3000000000ULL
#define HART_START_TRIES 3

static bool wait_online(struct cpu *c)
{
	uint64_t deadline = time_now_ns() + HART_START_TIMEOUT_NS;
	while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE))
		if (time_now_ns() > deadline)
			return false;
	return true;
}

/* A start can go astray (the hart lands on _start and stops itself
 * again, see entry.S): try a few times. */
void smp_boot_secondaries(void)
{
	for (int i = 1; i < ncpus; i++) {
		bool online = false;
		for (int t = 0; t < HART_START_TRIES && !online; t++)
			online = smp_start_hart(&cpus[i]) == 0 && wait_online(&cpus[i]);
		if (!online)
			printk("smp: hart %u did not come online\n", cpus[i].hartid);
	}
}
