/*
 * syscall.c - the dispatch table, generated from kernel/syscall.tbl.
 */
#include "kernel/syscall.h"

#include "kernel/uapi/errno.h"

static const syscall_fn syscall_table[] = {
#define SYSCALL(nr, name) [nr] = sys_##name,
#include "syscall_table.h"
#undef SYSCALL
};

long syscall_dispatch(uint64_t nr, const uint64_t *args)
{
	if (nr >= sizeof syscall_table / sizeof syscall_table[0] || !syscall_table[nr])
		return -ENOSYS;
	return syscall_table[nr](args);
}
