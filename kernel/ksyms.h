/*
 * ksyms.h - the kernel's own symbol table (function names for
 * backtraces), generated at link time by scripts/gen_ksyms.sh.
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stdint.h>

/* The function containing addr: its name and addr's offset into it, or
 * NULL when addr is not in the kernel's text. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);

#endif
