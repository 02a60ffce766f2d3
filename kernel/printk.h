/*
 * printk.h - formatted kernel messages to the console, and panic.
 * printk is safe from any context, interrupts on or off, and serialises
 * whole messages across harts (except while panicking).
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include <stddef.h>

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Where console output goes: the UART driver once it is up; the SBI
 * legacy console before that. */
void printk_set_output(void (*putc)(int c));

#define KASSERT(cond)                                                          \
	do {                                                                   \
		if (!(cond))                                                   \
			panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)

#endif
