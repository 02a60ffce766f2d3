/*
 * string.c (libxv6) - xv6's ulib helpers: strings, memory, atoi, gets.
 *
 * The compiler may also call memcpy/memset/memmove/memcmp on its own
 * (struct copies); these definitions serve it too, as xv6 programs link
 * no other C library.
 */
#include "kernel/types.h"
#include "user/user.h"

char *strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++) != 0)
		;
	return dst;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (uchar)*a - (uchar)*b;
}

uint strlen(const char *s)
{
	uint n = 0;

	while (s[n])
		n++;
	return n;
}

char *strchr(const char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			return (char *)s;
	return 0;
}

void *memset(void *dst, int c, uint n)
{
	uchar *d = dst;

	while (n-- > 0)
		*d++ = (uchar)c;
	return dst;
}

void *memmove(void *dst, const void *src, int n)
{
	uchar *d = dst;
	const uchar *s = src;

	if (n <= 0 || d == s)
		return dst;
	if (s < d && s + n > d) {
		while (n-- > 0)
			d[n] = s[n];
	} else {
		while (n-- > 0)
			*d++ = *s++;
	}
	return dst;
}

void *memcpy(void *dst, const void *src, uint n)
{
	return memmove(dst, src, (int)n);
}

int memcmp(const void *a, const void *b, uint n)
{
	const uchar *p = a, *q = b;

	for (; n > 0; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

int atoi(const char *s)
{
	int n = 0;
	int sign = 1;

	if (*s == '-') {
		sign = -1;
		s++;
	}
	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return sign * n;
}

/* Read a line of at most max-1 bytes, keeping its newline, from fd 0. */
char *gets(char *buf, int max)
{
	int i = 0;
	char c;

	while (i + 1 < max) {
		if (read(0, &c, 1) < 1)
			break;
		buf[i++] = c;
		if (c == '\n' || c == '\r')
			break;
	}
	buf[i] = '\0';
	return buf;
}
