/*
 * cmdline.c - the kernel command line, split once at boot into words.
 */
#include <string.h>

#include "kernel/boot.h"

#define CMDLINE_MAX_WORDS 32

static char line[DEVTREE_BOOTARGS_MAX];
static const char *words[CMDLINE_MAX_WORDS];
static int nwords;

void cmdline_init(const char *bootargs)
{
	strncpy(line, bootargs, sizeof line - 1);
	nwords = 0;
	char *p = line;
	while (*p && nwords < CMDLINE_MAX_WORDS) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		words[nwords++] = p;
		while (*p && *p != ' ')
			p++;
	}
}

const char *cmdline_get(const char *key)
{
	size_t n = strlen(key);
	for (int i = 0; i < nwords; i++) {
		if (strncmp(words[i], key, n) != 0)
			continue;
		if (words[i][n] == '=')
			return words[i] + n + 1;
		if (words[i][n] == '\0')
			return "";
	}
	return 0;
}

bool cmdline_has(const char *key)
{
	return cmdline_get(key) != 0;
}

long cmdline_get_long(const char *key, long fallback)
{
	const char *v = cmdline_get(key);
	if (!v || !*v)
		return fallback;
	long n = 0;
	for (; *v >= '0' && *v <= '9'; v++)
		n = n * 10 + (*v - '0');
	return n;
}
