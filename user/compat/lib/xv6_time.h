/*
 * xv6_time.h - xv6 counts time in ticks of its timer interrupt, about
 * 100 ms on QEMU; the compat layer converts them to milliseconds.
 */
#ifndef XV6_TIME_H
#define XV6_TIME_H

#define XV6_TICK_MS 100

#endif
