/*
 * syscall.c - the dispatch table, generated from kernel/syscall.tbl.
 */
#include "kernel/syscall.h"

#include "kernel/uapi/errno.h"

const syscall_fn syscall_table[] = {
#define SYSCALL(nr, name) [nr] = sys_##name,
#include "syscall_table.h"
#undef SYSCALL
};

const uint64_t syscall_count = sizeof syscall_table / sizeof syscall_table[0];

_Static_assert(ENOSYS == 88, "syscall_dispatch returns -88 for -ENOSYS");
