/*
 * printk.c - the kernel's formatter and console messages.
 *
 * The formatter is our own rather than picolibc's vsnprintf: picolibc's
 * stdio keeps errno in thread-local storage reached through tp, and in the
 * kernel tp holds the hart's struct cpu. It supports the conversions the
 * kernel uses: %d %i %u %x %X %p %s %c %% with l/ll/z, width, '0' and '-'.
 *
 * Locking: printk_lock serialises whole messages; panic stops taking it so
 * a hart that panics while holding it still gets its message out.
 */
#include "kernel/printk.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "kernel/spinlock.h"

static void (*console_putc)(int c);
static struct spinlock printk_lock = SPINLOCK_INIT("printk");
static volatile bool panicking;

void printk_set_output(void (*putc)(int c))
{
	console_putc = putc;
}

struct outbuf {
	char *buf;
	size_t size;
	size_t len; /* characters produced, even those that did not fit */
};

static void out_char(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

struct spec {
	bool left, zero;
	int width;
	int longs;
};

static void out_string(struct outbuf *o, const char *s, const struct spec *sp)
{
	int n = (int)strlen(s);
	if (!sp->left)
		out_pad(o, ' ', sp->width - n);
	while (*s)
		out_char(o, *s++);
	if (sp->left)
		out_pad(o, ' ', sp->width - n);
}

static void out_number(struct outbuf *o, uint64_t v, bool negative, int base,
                       bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int len = n + (negative ? 1 : 0);
	if (!sp->left && !sp->zero)
		out_pad(o, ' ', sp->width - len);
	if (negative)
		out_char(o, '-');
	if (!sp->left && sp->zero)
		out_pad(o, '0', sp->width - len);
	while (n)
		out_char(o, tmp[--n]);
	if (sp->left)
		out_pad(o, ' ', sp->width - len);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){0};
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	while (*f == 'l' || *f == 'z') {
		sp->longs++;
		f++;
	}
	return f;
}

static void out_conversion(struct outbuf *o, char conv, const struct spec *sp, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		int64_t v = sp->longs ? va_arg(*ap, int64_t) : va_arg(*ap, int);
		out_number(o, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false, sp);
		break;
	}
	case 'u':
	case 'x':
	case 'X': {
		uint64_t v = sp->longs ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
		out_number(o, v, false, conv == 'u' ? 10 : 16, conv == 'X', sp);
		break;
	}
	case 'p':
		out_char(o, '0');
		out_char(o, 'x');
		out_number(o, (uint64_t)va_arg(*ap, void *), false, 16, false, sp);
		break;
	case 's': {
		const char *s = va_arg(*ap, const char *);
		out_string(o, s ? s : "(null)", sp);
		break;
	}
	case 'c':
		out_char(o, (char)va_arg(*ap, int));
		break;
	default:
		out_char(o, '%');
		out_char(o, conv);
	}
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = {.buf = buf, .size = size, .len = 0};
	va_list args;
	va_copy(args, ap);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			out_char(&o, *f);
			continue;
		}
		if (f[1] == '%') {
			out_char(&o, '%');
			f++;
			continue;
		}
		struct spec sp;
		f = parse_spec(f + 1, &sp);
		if (!*f)
			break;
		out_conversion(&o, *f, &sp, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void console_write(const char *s, int n)
{
	if (!console_putc)
		return;
	for (int i = 0; i < n; i++) {
		if (s[i] == '\n')
			console_putc('\r');
		console_putc(s[i]);
	}
}

static int vprintk(const char *fmt, va_list ap)
{
	char line[256];
	int n = kvsnprintf(line, sizeof line, fmt, ap);
	if (n >= (int)sizeof line)
		n = sizeof line - 1;
	bool locked = !panicking;
	if (locked)
		spin_lock(&printk_lock);
	console_write(line, n);
	if (locked)
		spin_unlock(&printk_lock);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* Defined by the trap code: registers, backtrace and stopping other harts. */
void panic_report_and_halt(void) __attribute__((noreturn));

void panic(const char *fmt, ...)
{
	va_list ap;
	panicking = true;
	printk("\npanic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	panic_report_and_halt();
}
