/*
 * vminfo.c - small readers of /proc text files (see vminfo.h).
 */
#include "vminfo.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read the whole file at path into buf (NUL-terminated); bytes or -1. */
static int slurp(const char *path, char *buf, int size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	int n = 0, r;
	while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return n;
}

/* The number after "key" + sep at the start of a line of text, or -1. */
static long find_number(const char *text, const char *key, char sep)
{
	size_t klen = strlen(key);
	for (const char *line = text; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (strncmp(line, key, klen) == 0 && line[klen] == sep)
			return strtol(line + klen + 1, 0, 10);
	}
	return -1;
}

long vminfo_vmstat(const char *key)
{
	static char buf[2048];
	if (slurp("/proc/vmstat", buf, sizeof buf) < 0)
		return -1;
	return find_number(buf, key, ' ');
}

long vminfo_status_kb(int pid, const char *key)
{
	static char buf[1024];
	char path[48];
	if (pid)
		snprintf(path, sizeof path, "/proc/%d/status", pid);
	else
		snprintf(path, sizeof path, "/proc/self/status");
	if (slurp(path, buf, sizeof buf) < 0)
		return -1;
	return find_number(buf, key, ':');
}

long vminfo_free_bytes(void)
{
	static char buf[512];
	if (slurp("/proc/meminfo", buf, sizeof buf) < 0)
		return -1;
	long kb = find_number(buf, "MemFree", ':');
	return kb < 0 ? -1 : kb * 1024;
}

int vminfo_cat(const char *what)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%s", what);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	int n;
	fflush(stdout);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		write(1, buf, n);
	close(fd);
	return 0;
}
