/*
 * init.c - the first process. It starts in the kernel, mounts the root
 * file system (which may sleep on the disk, so it needs a process), then
 * becomes /init through exec and drops to user mode.
 */
#include "arch/riscv/arch.h"
#include "arch/riscv/trap.h"
#include "fs/block.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "kernel/printk.h"
#include "proc/proc.h"
#include "proc/sched.h"

static void init_entry(void)
{
	sched_proc_first_run();
	struct proc *p = proc_current();
	int r = fs_mount_root();
	if (r < 0)
		panic("init: cannot mount the root file system (error %d)", r);
	p->cwd = fs_root();
	long argc = proc_exec("/init", 0, 0);
	if (argc < 0)
		panic("init: cannot run /init (error %ld)", argc);
	arch_irq_disable();
	trap_exit(p->tf);
}

void proc_init(void)
{
	struct proc *p = proc_alloc("init", 0);
	if (!p || !(p->files = files_create()))
		panic("init: out of memory");
	p->pgid = p->pid;
	init_proc = p;
	proc_start(p, init_entry);
}
