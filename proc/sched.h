/*
 * sched.h - the scheduler: per-hart run queues and the policy that picks
 * the next process.
 *
 * A RUNNABLE process is on exactly one hart's run queue. Each hart runs
 * sched_run() forever: it takes the best process from its own queue (or
 * steals from another hart's), switches to it, and gets control back when
 * the process yields, sleeps or exits. Idle harts wait in wfi and are
 * woken by IPI when work is queued for them.
 *
 * Policies: mlfq (default), rr, prio; chosen by sched= on the command
 * line or at run time with schedctl.
 */
#ifndef PROC_SCHED_H
#define PROC_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct proc;

void sched_init(void);            /* boot: policy from sched=, queues */
void sched_run(void) __attribute__((noreturn));
/* Make p (locked, PROC_RUNNABLE) runnable on a suitable hart. */
void sched_enqueue(struct proc *p);
/* Give up the hart: p->lock held, p->state already set. */
void sched_switch_out(struct proc *p);
void sched_yield(void);
/* The tick's timer interrupt, on every hart, late_ns after it was due
 * (time a hypervisor may have taken from the hart: not charged). */
void sched_tick(uint64_t late_ns);
/* Any other timer interrupt (a slice's end, a sleeper's deadline):
 * charge the running process, reschedule if its slice is over. */
void sched_timer_interrupt(uint64_t late_ns);
void sched_request_resched(void);  /* this hart should reschedule soon */
bool sched_resched_pending(void);
/* Start a new process for the first time (forkret). */
void sched_proc_first_run(void);
/* Make a sleeping p runnable (p->lock held); false if it was not asleep. */
bool sched_wake_locked(struct proc *p);

#endif
