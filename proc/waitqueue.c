/*
 * waitqueue.c - sleeping and waking (protocol in waitqueue.h).
 *
 * A sleeper is on wq->waiters from before it releases the condition lock
 * until it runs again. A waker takes it off the list and, under p->lock,
 * either makes it runnable or, if it has not gone to sleep yet, sets
 * p->woken so it does not.
 *
 * Lock order: condition lock -> wq->lock -> p->lock -> runqueue lock.
 */
#include "proc/waitqueue.h"

#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "proc/proc.h"
#include "proc/sched.h"

void waitqueue_init(struct waitqueue *wq, const char *name)
{
	spin_init(&wq->lock, name);
	list_init(&wq->waiters);
}

static int sleep_on(struct waitqueue *wq, struct spinlock *cond_lock, bool interruptible)
{
	struct proc *p = proc_current();
	spin_lock(&wq->lock);
	list_push_back(&wq->waiters, &p->wait_link);
	spin_lock(&p->lock);
	spin_unlock(&wq->lock);
	spin_unlock(cond_lock);
	if (!p->woken && !(interruptible && p->killed)) {
		p->state = PROC_SLEEPING;
		p->sched.nvoluntary++;
		sched_switch_out(p);
	}
	p->woken = false;
	bool killed = p->killed;
	spin_unlock(&p->lock);

	spin_lock(&wq->lock);
	list_remove(&p->wait_link); /* no-op if a waker already did */
	spin_unlock(&wq->lock);
	spin_lock(cond_lock);
	return interruptible && killed ? -EINTR : 0;
}

int waitqueue_sleep(struct waitqueue *wq, struct spinlock *cond_lock)
{
	return sleep_on(wq, cond_lock, true);
}

void waitqueue_sleep_uninterruptible(struct waitqueue *wq, struct spinlock *cond_lock)
{
	sleep_on(wq, cond_lock, false);
}

static void wake(struct proc *p)
{
	spin_lock(&p->lock);
	if (!sched_wake_locked(p))
		p->woken = true;
	spin_unlock(&p->lock);
}

void waitqueue_wake_one(struct waitqueue *wq)
{
	spin_lock(&wq->lock);
	if (!list_empty(&wq->waiters)) {
		struct proc *p = list_first_entry(&wq->waiters, struct proc, wait_link);
		list_remove(&p->wait_link);
		wake(p);
	}
	spin_unlock(&wq->lock);
}

void waitqueue_wake_all(struct waitqueue *wq)
{
	spin_lock(&wq->lock);
	while (!list_empty(&wq->waiters)) {
		struct proc *p = list_first_entry(&wq->waiters, struct proc, wait_link);
		list_remove(&p->wait_link);
		wake(p);
	}
	spin_unlock(&wq->lock);
}
