/*
 * sleep seconds - pause for a number of seconds, which may have a
 * fraction ("0.25"); millisecond resolution (the msleep system call).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>

#include "ulib.h"

/* Parse "S[.FFF]" into milliseconds; -1 if malformed. */
static int64_t sleep_parse_ms(const char *s)
{
	int64_t ms = 0;
	int64_t scale = 100;

	if (!isdigit((unsigned char)*s) && *s != '.')
		return -1;
	for (; isdigit((unsigned char)*s); s++)
		ms = ms * 10 + (*s - '0');
	ms *= 1000;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++, scale /= 10)
			ms += (*s - '0') * scale;
	return *s == '\0' ? ms : -1;
}

int main(int argc, char **argv)
{
	int64_t ms;

	if (argc != 2 || (ms = sleep_parse_ms(argv[1])) < 0) {
		fprintf(stderr, "usage: sleep seconds\n");
		return 2;
	}
	return msleep((uint64_t)ms) < 0;
}
