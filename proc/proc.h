/*
 * proc.h - processes.
 *
 * Processes live on a list (no fixed table); pids count up and are not
 * reused until the counter wraps. Each process has one kernel thread: a
 * kernel stack with a guard page, a saved context for context_switch,
 * and, while it is in the kernel from user mode, the user registers in a
 * trapframe at the top of its kernel stack.
 *
 * Locking (lock order: proc_tree_lock -> p->lock -> runqueue locks):
 *  - proc_tree_lock guards the process list, parent/children links and
 *    every process's exit_status and zombie reaping.
 *  - p->lock guards p->state, p->killed and the scheduler fields, and is
 *    held across context switches into and out of p.
 *  - Fields marked "self" are touched only by p itself (or before p first
 *    runs, or after it is a zombie).
 */
#ifndef PROC_PROC_H
#define PROC_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/riscv/context.h"
#include "kernel/cpu.h"
#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "proc/sched_policy.h"
#include "proc/waitqueue.h"

struct trapframe;
struct mm;
struct files;
struct inode;

enum proc_state {
	PROC_NEW = 0,     /* being set up, not yet runnable */
	PROC_RUNNABLE,
	PROC_RUNNING,
	PROC_SLEEPING,
	PROC_ZOMBIE,
};

#define PROC_NAME_MAX 32

struct proc_sched {                /* p->lock */
	struct sched_entity se;    /* policy state; se.link is on a runqueue
	                              while RUNNABLE (that queue's lock) */
	int cpu;                   /* hart it runs on or last ran on */
	uint64_t slice_start;      /* time it last started running */
	uint64_t runnable_since;
	/* accounting, for /proc and top */
	uint64_t cpu_ns;
	uint64_t wait_ns;          /* time runnable but not running */
	uint64_t nscheduled;
	uint64_t nvoluntary, ninvoluntary;
};

struct proc {
	struct spinlock lock;
	enum proc_state state;         /* p->lock */
	bool killed;                   /* p->lock; set by kill, acted on at the
	                                  next return to user mode or sleep */
	int kill_signal;               /* p->lock */
	struct list_node wait_link;    /* waitqueue's lock: while asleep */
	bool woken;                    /* p->lock */
	struct proc_sched sched;

	int pid;                       /* fixed at creation */
	int pgid;                      /* proc_tree_lock; process group */
	struct proc *parent;           /* proc_tree_lock */
	struct list_node children;     /* proc_tree_lock */
	struct list_node sibling;      /* proc_tree_lock */
	struct list_node all_link;     /* proc_tree_lock */
	int exit_status;               /* proc_tree_lock; wait-status word */

	void *kstack_top;              /* self */
	struct trapframe *tf;          /* self: user registers */
	struct context context;        /* p->lock while switched out */
	struct mm *mm;                 /* self */
	struct files *files;           /* self */
	struct inode *cwd;             /* self */
	char name[PROC_NAME_MAX];      /* self */
	uint64_t alarm_interval;       /* self: sigalarm, in ticks */
	uint64_t alarm_left;
	uint64_t alarm_handler;
	struct trapframe *alarm_saved; /* self: registers saved for sigreturn */
	struct waitqueue child_exit;   /* wait() sleeps here; proc_tree_lock */
};

extern struct spinlock proc_tree_lock;
extern struct list_node proc_list;

/* The running process (NULL in the scheduler and at boot). Interrupts
 * are masked for the two loads, so a preemption cannot move us to another
 * hart between reading this hart's struct cpu and its proc field. */
static inline struct proc *proc_current(void)
{
	bool on = arch_irq_save();
	struct proc *p = cpu_self()->proc;
	arch_irq_restore(on);
	return p;
}
extern struct proc *init_proc;
/* A new process (PROC_NEW) on the list; NULL if out of memory. */
struct proc *proc_alloc(const char *name, int nice);
/* Make p runnable; it starts in the kernel at entry, on its own stack. */
void proc_start(struct proc *p, void (*entry)(void));

void proc_init(void);              /* boot: create init */
/* Replace the current process's program (path is a kernel string, argv
 * and envp user pointers, or NULL): argc, or -errno with the caller's
 * program untouched. */
long proc_exec(const char *path, uint64_t uargv, uint64_t uenvp);
int proc_fork(void);               /* child pid or -errno */
void proc_exit(int status) __attribute__((noreturn));
int proc_wait(int pid, uint64_t status_uaddr, int options);
int proc_kill(int pid, int sig);
/* Send sig to every member of group pgid; how many got it. */
int proc_kill_group(int pgid, int sig);

/* Trap-path hooks (arch/riscv/trap.c). proc_return_to_user handles a
 * kill, a pending reschedule or a due alarm, and returns with interrupts
 * off, ready for the return to user mode. */
void proc_return_to_user_slow(void);

/* Something to do before returning to user mode? Interrupts off. */
static inline bool proc_return_work_pending(const struct cpu *c, const struct proc *p)
{
	bool alarm_due = p->alarm_interval && p->alarm_left == 0 && !p->alarm_saved;
	return c->need_resched | p->killed | alarm_due;
}

static inline void proc_return_to_user(void)
{
	arch_irq_disable();
	struct cpu *c = cpu_self();
	if (__builtin_expect(proc_return_work_pending(c, c->proc), 0))
		proc_return_to_user_slow();
}
void proc_maybe_preempt_kernel(bool irqs_were_on);
void proc_user_fault(const char *cause, int sig, uint64_t pc, uint64_t addr);
/* A user page fault: resolved, or the process dies with a segfault line.
 * access: 0 read, 1 write, 2 exec (enum fault_access). */
void proc_page_fault(uint64_t addr, int access, uint64_t pc);
/* A fault inside the user-copy routines: 0 if resolved, else -EFAULT. */
int proc_usercopy_fault(uint64_t addr, int access);
void proc_kill_self(int sig) __attribute__((noreturn));
/* sigalarm: count a tick for the running process; deliver on return to
 * user. sigreturn: restore the registers saved at delivery. */
void proc_alarm_tick(struct proc *p);
void proc_alarm_deliver(struct proc *p);
long proc_alarm_return(void);

#endif
