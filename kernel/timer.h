/*
 * timer.h - time and the periodic tick.
 *
 * Time comes from the `time` CSR at the device tree's timebase. Each hart
 * takes a timer interrupt every tick (hz= on the command line, default
 * TIMER_DEFAULT_HZ), which drives the scheduler and the sleep queue.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#define TIMER_DEFAULT_HZ 100

void timer_init(void);          /* boot hart: frequency, tick length */
void timer_init_hart(void);     /* every hart: arm the first tick */
void timer_interrupt(void);
/* Make this hart's timer fire at `time` value when, or earlier (it keeps
 * an earlier deadline already set); the tick goes on as before. */
void timer_wake_at(uint64_t when);
/* The same, ns from now (the scheduler: the end of a slice). */
void timer_wake_after_ns(uint64_t ns);

uint64_t time_now_ns(void);     /* since boot */
uint64_t time_ticks_to_ns(uint64_t ticks);
uint64_t time_ns_to_ticks(uint64_t ns);
unsigned timer_hz(void);

/* Arch hook: raise the timer interrupt at `time` value `when`. */
void arch_timer_set(uint64_t when);

#endif
