/*
 * timer.c - the tick and the clock (see timer.h).
 */
#include "kernel/timer.h"

#include "arch/riscv/arch.h"
#include "kernel/boot.h"
#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "proc/sched.h"
#include "proc/sleep.h"

static uint64_t timebase_hz;
static uint64_t tick_interval; /* in timebase units */
static unsigned hz;
static uint64_t boot_time;

void timer_init(void)
{
	timebase_hz = platform.timebase_hz;
	if (!timebase_hz)
		panic("device tree: /cpus has no timebase-frequency");
	hz = (unsigned)cmdline_get_long("hz", TIMER_DEFAULT_HZ);
	if (hz < 10 || hz > 10000)
		hz = TIMER_DEFAULT_HZ;
	tick_interval = timebase_hz / hz;
	boot_time = arch_time_now();
}

void timer_init_hart(void)
{
	struct cpu *c = cpu_self();
	c->next_tick = arch_time_now() + tick_interval;
	arch_timer_set(c->next_tick);
}

void timer_interrupt(void)
{
	struct cpu *c = cpu_self();
	uint64_t now = arch_time_now();
	bool is_tick = now >= c->next_tick; /* else an early sleeper deadline */
	while (c->next_tick <= now)
		c->next_tick += tick_interval;
	arch_timer_set(c->next_tick);
	sleep_queue_tick(now);
	if (is_tick)
		sched_tick();
}

uint64_t time_ticks_to_ns(uint64_t t)
{
	return (t / timebase_hz) * 1000000000ULL + (t % timebase_hz) * 1000000000ULL / timebase_hz;
}

uint64_t time_ns_to_ticks(uint64_t ns)
{
	return (ns / 1000000000ULL) * timebase_hz + (ns % 1000000000ULL) * timebase_hz / 1000000000ULL;
}

uint64_t time_now_ns(void)
{
	return time_ticks_to_ns(arch_time_now() - boot_time);
}

unsigned timer_hz(void)
{
	return hz;
}
