/*
 * proc.c - process life: creation, fork, exit, wait, kill, and the
 * checks made on every return to user mode.
 *
 * A process is freed by the parent that reaps it (wait), after it has
 * switched out for the last time (p->lock shows when). Orphans go to init
 * (pid 1), which reaps them.
 */
#include "proc/proc.h"

#include <string.h>

#include "arch/riscv/trap.h"
#include "arch/riscv/trapframe.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/wait.h"
#include "proc/sched.h"
#include "vm/fault.h"
#include "vm/kmalloc.h"
#include "vm/kstack.h"
#include "vm/mm.h"
#include "vm/page.h"
#include "vm/uaccess.h"

struct spinlock proc_tree_lock = SPINLOCK_INIT("proc_tree");
struct list_node proc_list = LIST_HEAD_INIT(proc_list);
static int next_pid = 1;       /* proc_tree_lock */
struct proc *init_proc;

static bool pid_in_use(int pid)
{
	struct list_node *pos;
	list_for_each(pos, &proc_list)
		if (container_of(pos, struct proc, all_link)->pid == pid)
			return true;
	return false;
}

/* A new process, PROC_NEW, on the process list; NULL if out of memory. */
struct proc *proc_alloc(const char *name, int nice)
{
	struct proc *p = kzalloc(sizeof *p);
	if (!p)
		return 0;
	p->kstack_top = kstack_alloc();
	if (!p->kstack_top) {
		kfree(p);
		return 0;
	}
	spin_init(&p->lock, "proc");
	waitqueue_init(&p->child_exit, "child_exit");
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->wait_link);
	sched_entity_init(&p->sched.se, nice);
	p->sched.cpu = -1;
	p->tf = (struct trapframe *)((char *)p->kstack_top - sizeof(struct trapframe));
	strncpy(p->name, name, PROC_NAME_MAX - 1);
	spin_lock(&proc_tree_lock);
	do {
		p->pid = next_pid++;
		if (next_pid < 0)
			next_pid = 2;
	} while (pid_in_use(p->pid));
	list_push_back(&proc_list, &p->all_link);
	spin_unlock(&proc_tree_lock);
	return p;
}

static void proc_free(struct proc *p)
{
	kfree(p->alarm_saved);
	kstack_free(p->kstack_top);
	kfree(p);
}

void proc_start(struct proc *p, void (*entry)(void))
{
	p->context.ra = (uint64_t)entry;
	p->context.sp = (uint64_t)p->tf;
	spin_lock(&p->lock);
	p->state = PROC_RUNNABLE;
	sched_enqueue(p);
	spin_unlock(&p->lock);
}

/* Where a forked child starts: back to user mode with fork() = 0. */
static void fork_child_entry(void)
{
	sched_proc_first_run();
	struct proc *p = proc_current();
	arch_irq_disable();
	trap_exit(p->tf);
}

int proc_fork(void)
{
	struct proc *parent = proc_current();
	if (vm_memory_low())
		return -ENOMEM; /* leave the rest to the processes that exist */
	struct proc *child = proc_alloc(parent->name, parent->sched.se.nice);
	if (!child)
		return -ENOMEM;
	child->mm = mm_fork(parent->mm);
	child->files = files_fork(parent->files);
	if (!child->mm || !child->files) {
		if (child->mm)
			mm_destroy(child->mm);
		if (child->files)
			files_destroy(child->files);
		spin_lock(&proc_tree_lock);
		list_remove(&child->all_link);
		spin_unlock(&proc_tree_lock);
		proc_free(child);
		return -ENOMEM;
	}
	child->cwd = parent->cwd ? inode_dup(parent->cwd) : 0;
	memcpy(child->tf, parent->tf, sizeof *child->tf);
	child->tf->regs[TF_A0] = 0;
	spin_lock(&proc_tree_lock);
	child->parent = parent;
	child->pgid = parent->pgid;
	list_push_back(&parent->children, &child->sibling);
	spin_unlock(&proc_tree_lock);
	int pid = child->pid;
	proc_start(child, fork_child_entry);
	return pid;
}

/* Give p's children to init; proc_tree_lock held. */
static void reparent_children(struct proc *p)
{
	bool zombies = false;
	while (!list_empty(&p->children)) {
		struct proc *c = list_first_entry(&p->children, struct proc, sibling);
		list_remove(&c->sibling);
		c->parent = init_proc;
		list_push_back(&init_proc->children, &c->sibling);
		zombies |= c->state == PROC_ZOMBIE;
	}
	if (zombies)
		waitqueue_wake_all(&init_proc->child_exit);
}

void proc_exit(int status)
{
	struct proc *p = proc_current();
	if (p == init_proc)
		panic("init exited (status 0x%x)", status);
	if (p->files)
		files_destroy(p->files);
	p->files = 0;
	if (p->cwd)
		inode_put(p->cwd);
	p->cwd = 0;
	spin_lock(&proc_tree_lock); /* readers of p->mm hold it (/proc, ps) */
	struct mm *mm = p->mm;
	p->mm = 0;
	spin_unlock(&proc_tree_lock);
	if (mm) {
		pmap_activate_kernel();
		mm_destroy(mm);
	}
	spin_lock(&proc_tree_lock);
	reparent_children(p);
	p->exit_status = status;
	waitqueue_wake_all(&p->parent->child_exit);
	spin_lock(&p->lock);
	p->state = PROC_ZOMBIE;
	spin_unlock(&proc_tree_lock);
	sched_switch_out(p);
	panic("zombie %d ran again", p->pid);
}

/* Reap zombie child c (proc_tree_lock held, released here). */
static int reap(struct proc *c, uint64_t status_uaddr)
{
	list_remove(&c->sibling);
	list_remove(&c->all_link);
	int pid = c->pid, status = c->exit_status;
	spin_unlock(&proc_tree_lock);
	spin_lock(&c->lock);   /* it has switched out for good once we get it */
	spin_unlock(&c->lock);
	proc_free(c);
	if (status_uaddr && copy_to_user(status_uaddr, &status, sizeof status) < 0)
		return -EFAULT;
	return pid;
}

int proc_wait(int pid, uint64_t status_uaddr, int options)
{
	struct proc *p = proc_current();
	if (options & ~KWNOHANG)
		return -EINVAL;
	if (status_uaddr && (!user_range_ok(status_uaddr, sizeof(int)) ||
	                     vm_fault_in_range(p->mm, status_uaddr, sizeof(int), true) < 0))
		return -EFAULT;
	spin_lock(&proc_tree_lock);
	for (;;) {
		bool found = false;
		struct list_node *pos;
		list_for_each(pos, &p->children) {
			struct proc *c = container_of(pos, struct proc, sibling);
			if (pid > 0 && c->pid != pid)
				continue;
			found = true;
			if (c->state == PROC_ZOMBIE)
				return reap(c, status_uaddr);
		}
		if (!found || (options & KWNOHANG)) {
			spin_unlock(&proc_tree_lock);
			return found ? 0 : -ECHILD;
		}
		if (waitqueue_sleep(&p->child_exit, &proc_tree_lock) < 0) {
			spin_unlock(&proc_tree_lock);
			return -EINTR;
		}
	}
}

/* Mark p killed and wake it if asleep; proc_tree_lock held. */
static void signal_proc(struct proc *p, int sig)
{
	spin_lock(&p->lock);
	if (!p->killed) {
		p->killed = true;
		p->kill_signal = sig;
	}
	sched_wake_locked(p);
	spin_unlock(&p->lock);
}

int proc_kill(int pid, int sig)
{
	if (sig <= 0 || sig >= 32)
		return -EINVAL;
	int r = -ESRCH;
	spin_lock(&proc_tree_lock);
	struct list_node *pos;
	list_for_each(pos, &proc_list) {
		struct proc *p = container_of(pos, struct proc, all_link);
		if (p->pid != pid || p->state == PROC_ZOMBIE)
			continue;
		r = p == init_proc ? -EPERM : 0;
		if (r == 0)
			signal_proc(p, sig);
		break;
	}
	spin_unlock(&proc_tree_lock);
	return r;
}

int proc_kill_group(int pgid, int sig)
{
	int n = 0;
	if (pgid <= 0)
		return 0;
	spin_lock(&proc_tree_lock);
	struct list_node *pos;
	list_for_each(pos, &proc_list) {
		struct proc *p = container_of(pos, struct proc, all_link);
		if (p->pgid == pgid && p != init_proc && p->state != PROC_ZOMBIE) {
			signal_proc(p, sig);
			n++;
		}
	}
	spin_unlock(&proc_tree_lock);
	return n;
}

void proc_kill_self(int sig)
{
	proc_exit(KW_SIGNALED(sig));
}

void proc_return_to_user_slow(void)
{
	for (;;) {
		arch_irq_disable();
		struct cpu *c = cpu_self();
		struct proc *p = c->proc;
		if (!proc_return_work_pending(c, p))
			return;
		arch_irq_enable();
		if (p->killed)
			proc_kill_self(p->kill_signal);
		if (sched_resched_pending())
			sched_yield();
		proc_alarm_deliver(p);
	}
}

void proc_maybe_preempt_kernel(bool irqs_were_on)
{
	if (irqs_were_on && sched_resched_pending() && proc_current())
		sched_yield();
}
