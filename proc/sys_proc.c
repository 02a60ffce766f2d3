/*
 * sys_proc.c - system calls about processes and time.
 */
#include <string.h>

#include "arch/riscv/arch.h"
#include "fs/fs.h"
#include "kernel/boot.h"
#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/misc.h"
#include "kernel/uapi/procinfo.h"
#include "kernel/uapi/wait.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/sleep.h"
#include "vm/mm.h"
#include "vm/kmalloc.h"
#include "vm/uaccess.h"

#define PATH_MAX 4096

long sys_exit(const uint64_t *a)
{
	proc_exit(KW_EXITCODE((int)a[0]));
}

long sys_fork(const uint64_t *a)
{
	return proc_fork();
}

long sys_waitpid(const uint64_t *a)
{
	return proc_wait((int)a[0], a[1], (int)a[2]);
}

long sys_execve(const uint64_t *a)
{
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	long r = strncpy_from_user(path, a[0], PATH_MAX);
	if (r >= 0)
		r = a[1] ? proc_exec(path, a[1], a[2]) : -EFAULT;
	kfree(path);
	return r;
}

long sys_getpid(const uint64_t *a)
{
	return proc_current()->pid;
}

long sys_getppid(const uint64_t *a)
{
	struct proc *p = proc_current();
	spin_lock(&proc_tree_lock);
	int ppid = p->parent ? p->parent->pid : 0;
	spin_unlock(&proc_tree_lock);
	return ppid;
}

long sys_kill(const uint64_t *a)
{
	return proc_kill((int)a[0], (int)a[1]);
}

long sys_sbrk(const uint64_t *a)
{
	return mm_sbrk(proc_current()->mm, (long)a[0], a[1] & KSBRK_EAGER);
}

long sys_msleep(const uint64_t *a)
{
	uint64_t ms = a[0];
	if (ms > 1000ULL * 86400 * 365)
		return -EINVAL;
	return sleep_ns(ms * 1000000ULL);
}

long sys_uptime_ms(const uint64_t *a)
{
	return (long)(time_now_ns() / 1000000ULL);
}

long sys_sched_yield(const uint64_t *a)
{
	sched_yield();
	return 0;
}

long sys_poweroff(const uint64_t *a)
{
	/* The file system commits lazily: put what is pending on the disk. */
	int err = fs_sync_all();
	if (err)
		printk("kernel: power off: file-system sync failed (%d)\n", err);
	printk("kernel: power off (status %d)\n", (int)a[0]);
	arch_poweroff(a[0] != 0);
}

static int state_of(const struct proc *p)
{
	switch (p->state) {
	case PROC_RUNNING: return KPROC_RUNNING;
	case PROC_SLEEPING: return KPROC_SLEEPING;
	case PROC_ZOMBIE: return KPROC_ZOMBIE;
	default: return KPROC_RUNNABLE;
	}
}

/* Fill *out from the index-th process; the next index, or 0 at the end. */
static int procinfo_fill(int index, struct kprocinfo *out)
{
	int i = 0, next = 0;
	struct list_node *pos;
	spin_lock(&proc_tree_lock);
	list_for_each(pos, &proc_list) {
		struct proc *p = container_of(pos, struct proc, all_link);
		if (i++ < index)
			continue;
		out->pid = p->pid;
		out->ppid = p->parent ? p->parent->pid : 0;
		out->state = state_of(p);
		out->hart = p->sched.cpu >= 0 ? (int)cpus[p->sched.cpu].hartid : -1;
		out->level = p->sched.se.level;
		out->cpu_ns = p->sched.cpu_ns;
		out->vsize = p->mm ? mm_virtual_size(p->mm) : 0;
		out->rss = p->mm ? p->mm->stats.rss_pages * PAGE_SIZE : 0;
		memcpy(out->name, p->name, sizeof out->name);
		next = pos->next == &proc_list ? 0 : index + 1;
		break;
	}
	spin_unlock(&proc_tree_lock);
	return i > index ? next : -ESRCH;
}

long sys_procinfo(const uint64_t *a)
{
	struct kprocinfo info;
	memset(&info, 0, sizeof info);
	int index = (int)a[0];
	if (index < 0)
		return -EINVAL;
	int next = procinfo_fill(index, &info);
	if (next < 0)
		return next;
	if (copy_to_user(a[1], &info, sizeof info) < 0)
		return -EFAULT;
	return next;
}

long sys_nice(const uint64_t *a)
{
	int pid = (int)a[0], value = (int)a[1];
	if (value < -20 || value > 19)
		return -EINVAL;
	long r = -ESRCH;
	struct list_node *pos;
	spin_lock(&proc_tree_lock);
	list_for_each(pos, &proc_list) {
		struct proc *p = container_of(pos, struct proc, all_link);
		if (p->pid == pid || (pid == 0 && p == proc_current())) {
			spin_lock(&p->lock);
			p->sched.se.nice = value;
			spin_unlock(&p->lock);
			r = 0;
			break;
		}
	}
	spin_unlock(&proc_tree_lock);
	return r;
}

/* schedctl(SCHEDCTL_GET, 0) -> policy; schedctl(SCHEDCTL_SET, kind). */
long sys_schedctl(const uint64_t *a)
{
	switch (a[0]) {
	case KSCHEDCTL_GET:
		return sched_kind;
	case KSCHEDCTL_SET:
		if (a[1] >= SCHED_NKINDS)
			return -EINVAL;
		sched_kind = (enum sched_kind)a[1];
		return 0;
	default:
		return -EINVAL;
	}
}

/* sigalarm(interval_ms, handler): every interval_ms of CPU time (rounded
 * up to whole ticks) the handler runs; 0 turns the alarm off. */
long sys_sigalarm(const uint64_t *a)
{
	struct proc *p = proc_current();
	long ms = (long)a[0];
	if (ms < 0 || ms > 1000L * 3600 * 24 || (ms && a[1] >= USER_TOP))
		return -EINVAL;
	uint64_t ticks = ((uint64_t)ms * timer_hz() + 999) / 1000;
	p->alarm_interval = ticks;
	p->alarm_left = ticks;
	p->alarm_handler = a[1];
	return 0;
}

long sys_sigreturn(const uint64_t *a)
{
	return proc_alarm_return();
}

static struct proc *find_proc(int pid)
{
	struct list_node *pos;
	list_for_each(pos, &proc_list) {
		struct proc *p = container_of(pos, struct proc, all_link);
		if (p->pid == pid && p->state != PROC_ZOMBIE)
			return p;
	}
	return 0;
}

/* setpgid(pid, pgid): pid 0 = the caller; pgid 0 = pid. Only the caller
 * or its children may be moved. */
long sys_setpgid(const uint64_t *a)
{
	struct proc *self = proc_current();
	int pid = (int)a[0] ? (int)a[0] : self->pid;
	int pgid = (int)a[1] ? (int)a[1] : pid;
	if (pid < 0 || pgid < 0)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	struct proc *p = find_proc(pid);
	long r = !p ? -ESRCH : (p != self && p->parent != self) ? -ESRCH : 0;
	if (r == 0)
		p->pgid = pgid;
	spin_unlock(&proc_tree_lock);
	return r;
}

long sys_getpgid(const uint64_t *a)
{
	struct proc *self = proc_current();
	int pid = (int)a[0] ? (int)a[0] : self->pid;
	spin_lock(&proc_tree_lock);
	struct proc *p = find_proc(pid);
	long r = p ? p->pgid : -ESRCH;
	spin_unlock(&proc_tree_lock);
	return r;
}

long sys_timebase_hz(const uint64_t *a)
{
	return (long)platform.timebase_hz;
}
