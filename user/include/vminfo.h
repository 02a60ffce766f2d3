/*
 * vminfo.h - reading the kernel's VM figures from /proc for the demos
 * and tests (lib/vminfo.c).
 */
#ifndef USER_VMINFO_H
#define USER_VMINFO_H

#include <stdint.h>

/* The value of "key" in /proc/vmstat (lines "key value"), or -1. */
long vminfo_vmstat(const char *key);
/* The number in kB after "key:" in /proc/<pid>/status (pid 0 = self),
 * or -1. */
long vminfo_status_kb(int pid, const char *key);
/* Free memory in bytes from /proc/meminfo, or -1. */
long vminfo_free_bytes(void);
/* Copy /proc/<what> to stdout; -1 if it cannot be read. */
int vminfo_cat(const char *what);

#endif
