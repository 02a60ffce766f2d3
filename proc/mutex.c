/*
 * mutex.c - sleeping locks (see mutex.h). A killed process still takes
 * the mutex: callers hold it briefly and rely on getting it.
 */
#include "proc/mutex.h"

#include "kernel/printk.h"
#include "proc/proc.h"

void mutex_init(struct mutex *m, const char *name)
{
	spin_init(&m->lock, name);
	waitqueue_init(&m->waiters, name);
	m->held = false;
	m->owner = 0;
	m->name = name;
}

void mutex_lock(struct mutex *m)
{
	spin_lock(&m->lock);
	if (m->held && m->owner == proc_current())
		panic("mutex_lock: %s already held by this process", m->name);
	while (m->held)
		waitqueue_sleep_uninterruptible(&m->waiters, &m->lock);
	m->held = true;
	m->owner = proc_current();
	spin_unlock(&m->lock);
}

void mutex_unlock(struct mutex *m)
{
	spin_lock(&m->lock);
	KASSERT(m->held && m->owner == proc_current());
	m->held = false;
	m->owner = 0;
	spin_unlock(&m->lock);
	waitqueue_wake_one(&m->waiters);
}

bool mutex_holding(struct mutex *m)
{
	spin_lock(&m->lock);
	bool mine = m->held && m->owner == proc_current();
	spin_unlock(&m->lock);
	return mine;
}
