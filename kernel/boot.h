/*
 * boot.h - what boot learned about the machine, for the rest of the
 * kernel: the platform facts from the device tree and the command line.
 */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/devtree.h"

extern struct platform platform;

/*
 * The kernel command line (/chosen bootargs), words "key=value" or "flag".
 * cmdline_get returns the value of key (or "" for a bare flag), NULL if
 * absent.
 */
void cmdline_init(const char *bootargs);
const char *cmdline_get(const char *key);
bool cmdline_has(const char *key);
long cmdline_get_long(const char *key, long fallback);

#endif
