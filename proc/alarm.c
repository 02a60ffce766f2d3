/*
 * alarm.c - xv6's sigalarm/sigreturn: every alarm_interval ticks of CPU
 * time the process's handler runs; sigreturn resumes where it was
 * interrupted. The handler is not re-entered while it runs.
 */
#include <string.h>

#include "arch/riscv/trapframe.h"
#include "kernel/uapi/errno.h"
#include "proc/proc.h"
#include "vm/kmalloc.h"

/* Called on the tick for the running process (its own hart). */
void proc_alarm_tick(struct proc *p)
{
	if (p->alarm_interval && p->alarm_left > 0)
		p->alarm_left--;
}

/* On return to user: start the handler if the alarm is due. */
void proc_alarm_deliver(struct proc *p)
{
	if (!p->alarm_interval || p->alarm_left > 0 || p->alarm_saved)
		return;
	p->alarm_saved = kmalloc(sizeof *p->alarm_saved);
	if (!p->alarm_saved)
		return; /* try again at the next return */
	memcpy(p->alarm_saved, p->tf, sizeof *p->tf);
	p->tf->regs[TF_EPC] = p->alarm_handler;
	p->alarm_left = p->alarm_interval;
}

long proc_alarm_return(void)
{
	struct proc *p = proc_current();
	if (!p->alarm_saved)
		return -EINVAL;
	memcpy(p->tf, p->alarm_saved, sizeof *p->tf);
	kfree(p->alarm_saved);
	p->alarm_saved = 0;
	return (long)p->tf->regs[TF_A0]; /* keep a0 as it was */
}
