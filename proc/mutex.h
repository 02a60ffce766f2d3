/*
 * mutex.h - a sleeping lock, for long critical sections that may wait
 * for I/O (an address space during a fault, an inode, a buffer).
 * Only processes take mutexes (never interrupt handlers or the scheduler).
 */
#ifndef PROC_MUTEX_H
#define PROC_MUTEX_H

#include <stdbool.h>

#include "proc/waitqueue.h"

struct proc;

struct mutex {
	struct spinlock lock;   /* guards held and owner */
	bool held;
	struct proc *owner;
	struct waitqueue waiters;
	const char *name;
};

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_holding(struct mutex *m);

#endif
