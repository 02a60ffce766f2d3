/*
 * sleep.h - sleeping for a time: a queue of sleepers sorted by deadline,
 * woken from the timer interrupt. The timer is programmed for the nearest
 * deadline, so sleeps have the timer's resolution, not the tick's.
 */
#ifndef PROC_SLEEP_H
#define PROC_SLEEP_H

#include <stdint.h>

/* Sleep for ns nanoseconds; 0, or -EINTR if killed meanwhile. */
int sleep_ns(uint64_t ns);
/* Timer interrupt: wake every sleeper whose deadline (time CSR units)
 * has passed. */
void sleep_queue_tick(uint64_t now);

#endif
