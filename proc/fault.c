/*
 * fault.c - what happens to a process whose program misbehaves: user
 * exceptions and unresolvable page faults kill it, with one line on the
 * console naming the process, the cause, the pc and the address.
 */
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/wait.h"
#include "proc/proc.h"
#include "vm/fault.h"
#include "vm/vmstat.h"

void proc_user_fault(const char *cause, int sig, uint64_t pc, uint64_t addr)
{
	struct proc *p = proc_current();
	printk("pid %d (%s): %s at pc 0x%lx addr 0x%lx\n", p->pid, p->name, cause, pc, addr);
	proc_kill_self(sig);
}

static const char *fault_reason(enum fault_result r)
{
	switch (r) {
	case FAULT_READ_ONLY: return "read-only";
	case FAULT_NO_EXEC: return "no-exec";
	case FAULT_NO_READ: return "no-read";
	case FAULT_STACK_GUARD: return "stack guard";
	case FAULT_IO: return "I/O error";
	default: return "not mapped";
	}
}

static const char *const access_names[] = {"read", "write", "exec"};

void proc_page_fault(uint64_t addr, int access, uint64_t pc)
{
	struct proc *p = proc_current();
	enum fault_result r = vm_fault(p->mm, addr, (enum fault_access)access);
	if (r == FAULT_OK)
		return;
	if (r == FAULT_OOM) {
		VMSTAT_INC(oom_kills);
		printk("pid %d (%s): out of memory at pc 0x%lx addr 0x%lx: killed\n", p->pid,
		       p->name, pc, addr);
		proc_kill_self(KSIGKILL);
	}
	VMSTAT_INC(segfaults);
	printk("pid %d (%s): segfault %s at pc 0x%lx addr 0x%lx: %s\n", p->pid, p->name,
	       access_names[access], pc, addr, fault_reason(r));
	proc_kill_self(KSIGSEGV);
}

int proc_usercopy_fault(uint64_t addr, int access)
{
	struct proc *p = proc_current();
	if (!p)
		return -EFAULT;
	return vm_fault(p->mm, addr, (enum fault_access)access) == FAULT_OK ? 0 : -EFAULT;
}
