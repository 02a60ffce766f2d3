/*
 * printf.c (libxv6) - xv6's printf(fmt, ...), fprintf(fd, fmt, ...) and
 * vprintf(fd, fmt, ap).
 *
 * Conversions: %d %i %u %x %p %s %c %%, with l/ll length modifiers, an
 * optional '-' or '0' flag and a field width. Output is collected in a
 * small buffer and written with one write() per call (or per 128 bytes),
 * so it is unbuffered across calls, as xv6's is.
 */
#include <stdarg.h>

#include "kernel/types.h"
#include "user/user.h"

#define PRINT_BUF_SIZE 128

struct print_out {
	int fd;
	int len;
	char buf[PRINT_BUF_SIZE];
};

struct print_spec {
	int left;   /* '-' flag */
	char pad;   /* ' ' or '0' */
	int width;
	int longs;  /* number of 'l's */
};

static void print_flush(struct print_out *o)
{
	if (o->len > 0)
		write(o->fd, o->buf, o->len);
	o->len = 0;
}

static void print_char(struct print_out *o, char c)
{
	if (o->len == PRINT_BUF_SIZE)
		print_flush(o);
	o->buf[o->len++] = c;
}

static void print_padded(struct print_out *o, const char *s, int n,
			 const struct print_spec *sp)
{
	int fill = sp->width > n ? sp->width - n : 0;

	if (!sp->left && sp->pad == '0' && n > 0 && s[0] == '-') {
		print_char(o, *s++);
		n--;
	}
	if (!sp->left)
		for (; fill > 0; fill--)
			print_char(o, sp->pad);
	while (n-- > 0)
		print_char(o, *s++);
	for (; fill > 0; fill--)
		print_char(o, ' ');
}

static void print_number(struct print_out *o, uint64 v, int base, int negative,
			 const struct print_spec *sp)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = digits[v % base];
		v /= base;
	} while (v != 0);
	if (negative)
		tmp[--i] = '-';
	print_padded(o, tmp + i, sizeof(tmp) - i, sp);
}

static void print_signed(struct print_out *o, va_list *ap, const struct print_spec *sp)
{
	long v = sp->longs ? va_arg(*ap, long) : va_arg(*ap, int);
	uint64 mag = v < 0 ? -(uint64)v : (uint64)v;

	print_number(o, mag, 10, v < 0, sp);
}

static uint64 print_unsigned_arg(va_list *ap, const struct print_spec *sp)
{
	return sp->longs ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
}

static void print_string(struct print_out *o, const char *s, const struct print_spec *sp)
{
	int n = 0;

	if (s == 0)
		s = "(null)";
	while (s[n])
		n++;
	print_padded(o, s, n, sp);
}

static void print_pointer(struct print_out *o, void *p)
{
	static const char digits[] = "0123456789abcdef";
	uint64 v = (uint64)p;
	int i;

	print_char(o, '0');
	print_char(o, 'x');
	for (i = 60; i >= 0; i -= 4)
		print_char(o, digits[(v >> i) & 0xf]);
}

/* Parse flags, width and length after '%'; returns the conversion. */
static const char *print_parse(const char *f, struct print_spec *sp)
{
	sp->left = 0;
	sp->pad = ' ';
	sp->width = 0;
	sp->longs = 0;
	for (; *f == '-' || *f == '0'; f++) {
		if (*f == '-')
			sp->left = 1;
		else
			sp->pad = '0';
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	for (; *f == 'l'; f++)
		sp->longs++;
	return f;
}

static void print_convert(struct print_out *o, char c, va_list *ap,
			  const struct print_spec *sp)
{
	char ch;

	switch (c) {
	case 'd':
	case 'i':
		print_signed(o, ap, sp);
		break;
	case 'u':
		print_number(o, print_unsigned_arg(ap, sp), 10, 0, sp);
		break;
	case 'x':
		print_number(o, print_unsigned_arg(ap, sp), 16, 0, sp);
		break;
	case 'p':
		print_pointer(o, va_arg(*ap, void *));
		break;
	case 's':
		print_string(o, va_arg(*ap, const char *), sp);
		break;
	case 'c':
		ch = (char)va_arg(*ap, int);
		print_padded(o, &ch, 1, sp);
		break;
	case '%':
		print_char(o, '%');
		break;
	default: /* unknown: print it as written */
		print_char(o, '%');
		print_char(o, c);
		break;
	}
}

void vprintf(int fd, const char *fmt, va_list ap)
{
	struct print_out o = { .fd = fd, .len = 0 };
	struct print_spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			print_char(&o, *fmt++);
			continue;
		}
		fmt = print_parse(fmt + 1, &sp);
		if (*fmt == '\0')
			break;
		print_convert(&o, *fmt++, &args, &sp);
	}
	va_end(args);
	print_flush(&o);
}

void fprintf(int fd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fd, fmt, ap);
	va_end(ap);
}

void printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(1, fmt, ap);
	va_end(ap);
}
