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
/* When each hart's timer is set to fire (touched only by that hart, with
 * interrupts off): the next tick, or an earlier sleeper's deadline or end
 * of a slice. How late an interrupt comes after it tells the scheduler
 * whether the hart was running meanwhile. */
static uint64_t armed[MAX_CPUS];

static void timer_arm(struct cpu *c, uint64_t when)
{
	armed[c->id] = when;
	arch_timer_set(when);
}

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
	timer_arm(c, c->next_tick);
}

void timer_wake_at(uint64_t when)
{
	bool on = arch_irq_save();
	struct cpu *c = cpu_self();
	if (when < armed[c->id])
		timer_arm(c, when);
	arch_irq_restore(on);
}

void timer_wake_after_ns(uint64_t ns)
{
	/* Rounded up: never before ns have passed. */
	timer_wake_at(arch_time_now() + time_ns_to_ticks(ns) + 1);
}

void timer_interrupt(void)
{
	struct cpu *c = cpu_self();
	uint64_t now = arch_time_now();
	uint64_t late = now > armed[c->id] ? time_ticks_to_ns(now - armed[c->id]) : 0;
	bool is_tick = now >= c->next_tick; /* else a sleeper's or a slice's end */
	while (c->next_tick <= now)
		c->next_tick += tick_interval;
	timer_arm(c, c->next_tick);
	sleep_queue_tick(now);
	if (is_tick)
		sched_tick(late);
	else
		sched_timer_interrupt(late);
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
