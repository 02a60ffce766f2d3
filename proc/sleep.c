/*
 * sleep.c - timed sleeps (see sleep.h).
 *
 * Locking: sleep_lock guards the sleeper list and each sleeper's 'done'.
 * A sleeper lives on its sleeping process's kernel stack.
 */
#include "proc/sleep.h"

#include "arch/riscv/arch.h"
#include "kernel/timer.h"
#include "kernel/uapi/errno.h"
#include "proc/proc.h"
#include "proc/waitqueue.h"

struct sleeper {
	struct list_node link;
	uint64_t deadline;      /* time CSR value */
	struct waitqueue wq;
	bool done;
};

static struct spinlock sleep_lock = SPINLOCK_INIT("sleep");
static struct list_node sleepers = LIST_HEAD_INIT(sleepers);

static void insert_sorted(struct sleeper *s)
{
	struct list_node *pos;
	list_for_each(pos, &sleepers) {
		struct sleeper *o = container_of(pos, struct sleeper, link);
		if (o->deadline > s->deadline)
			break;
	}
	list_insert_between(&s->link, pos->prev, pos);
}

int sleep_ns(uint64_t ns)
{
	struct sleeper s = {.deadline = arch_time_now() + time_ns_to_ticks(ns), .done = false};
	waitqueue_init(&s.wq, "sleeper");
	spin_lock(&sleep_lock);
	insert_sorted(&s);
	timer_wake_at(s.deadline);
	int r = 0;
	while (!s.done && r == 0)
		r = waitqueue_sleep(&s.wq, &sleep_lock);
	if (!s.done)
		list_remove(&s.link);
	spin_unlock(&sleep_lock);
	return r;
}

void sleep_queue_tick(uint64_t now)
{
	spin_lock(&sleep_lock);
	while (!list_empty(&sleepers)) {
		struct sleeper *s = list_first_entry(&sleepers, struct sleeper, link);
		if (s->deadline > now)
			break;
		list_remove(&s->link);
		s->done = true;
		waitqueue_wake_one(&s->wq);
	}
	uint64_t next = list_empty(&sleepers) ? UINT64_MAX
	                : list_first_entry(&sleepers, struct sleeper, link)->deadline;
	spin_unlock(&sleep_lock);
	timer_wake_at(next);
}
