/*
 * waitqueue.h - sleeping until something happens.
 *
 * A waitqueue is a list of sleeping processes. The condition a sleeper
 * waits for is guarded by some lock L of the caller's; the protocol that
 * loses no wakeup:
 *
 *	spin_lock(L);
 *	while (!condition)
 *		waitqueue_sleep(&wq, L);     // drops L while asleep, retakes it
 *	...
 *	spin_unlock(L);
 *
 * and the waker changes the condition under L, then calls
 * waitqueue_wake_one() or waitqueue_wake_all() (with or without L).
 * waitqueue_wake_one wakes the longest sleeper only.
 *
 * Sleeps are interruptible by kill: waitqueue_sleep returns -EINTR when
 * the sleeper has been killed; callers give up and return.
 */
#ifndef PROC_WAITQUEUE_H
#define PROC_WAITQUEUE_H

#include "kernel/list.h"
#include "kernel/spinlock.h"

struct waitqueue {
	struct spinlock lock; /* guards waiters */
	struct list_node waiters;
};

void waitqueue_init(struct waitqueue *wq, const char *name);
int waitqueue_sleep(struct waitqueue *wq, struct spinlock *cond_lock);
/* The same, but a kill does not cut it short (for short, sure waits). */
void waitqueue_sleep_uninterruptible(struct waitqueue *wq, struct spinlock *cond_lock);
void waitqueue_wake_one(struct waitqueue *wq);
void waitqueue_wake_all(struct waitqueue *wq);

#endif
