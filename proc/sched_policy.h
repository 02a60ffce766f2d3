/*
 * sched_policy.h - the scheduling policies, apart from the machinery of
 * harts and context switches, so host unit tests can drive them with a
 * simulated clock (test/unit/test_sched.c).
 *
 * A sched_entity is what a policy knows of a process; a sched_queue is
 * one hart's run queue. The caller holds the queue's lock around every
 * call that takes a queue, and the entity's owner lock around the others.
 *
 *  mlfq: levels 0 (top) .. levels-1. A new entity starts at 0. Time used
 *        at a level accumulates across slices however they were cut
 *        (yielding early does not reset it); at the level's allotment the
 *        entity moves down one level. A slice lasts quantum[level]. Every
 *        boost period every entity returns to level 0. Sleeping keeps the
 *        level.
 *  rr:   one level, a fixed quantum, FIFO.
 *  prio: level = priority from nice (-20..19 -> 0..levels-1), always the
 *        best level first, round robin within a level.
 *
 * Where in its level an entity is queued (mlfq and prio; rr is FIFO):
 * at the back when it is new, yields, or its slice has run out; at the
 * front when it wakes from a sleep or was preempted with slice left, so
 * a woken interactive process runs next within its level and a preempted
 * one resumes. The exception keeps this from being gamed: an entity whose
 * slice ran out (even just as it went to sleep) goes to the back.
 * A woken entity preempts the running one only from a strictly better
 * level (sched_policy_wake_preempts).
 */
#ifndef PROC_SCHED_POLICY_H
#define PROC_SCHED_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/list.h"

#define SCHED_MAX_LEVELS 8

enum sched_kind { SCHED_MLFQ = 0, SCHED_RR, SCHED_PRIO, SCHED_NKINDS };

struct sched_params {
	int levels;                          /* mlfq / prio levels in use */
	uint64_t quantum_ns[SCHED_MAX_LEVELS];   /* slice length per level */
	uint64_t allotment_ns[SCHED_MAX_LEVELS]; /* mlfq: time before demotion */
	uint64_t boost_ns;                   /* mlfq: boost period */
	uint64_t rr_quantum_ns;
};

struct sched_entity {
	struct list_node link;
	int level;
	int nice;              /* -20 .. 19 */
	uint64_t level_used;   /* mlfq: ns used at the current level */
	uint64_t slice_used;   /* ns used in the current slice */
	uint32_t boost_epoch;  /* mlfq: the boost it has seen */
	bool expired;          /* its slice ran out since it was last queued */
};

/* Where sched_policy_enqueue puts an entity (see above). */
enum sched_place {
	SCHED_PLACE_BACK,   /* new, yielded, or slice over */
	SCHED_PLACE_FRONT,  /* woken, or preempted with slice left */
};

struct sched_queue {
	struct list_node lists[SCHED_MAX_LEVELS];
	int nr;
	uint32_t boost_epoch;
};

extern struct sched_params sched_params;
extern enum sched_kind sched_kind;
extern uint32_t sched_boost_epoch; /* advanced every boost period */

void sched_params_default(uint64_t tick_ns);
/* mlfq: levels, the top level's quantum (level l's is quantum << min(l, 3)),
 * the allotment at each level in that level's quanta, the boost period;
 * rr: its quantum. -1 (sched_params unchanged) if a value is out of range:
 * levels 1..SCHED_MAX_LEVELS, quanta 0.1 ms..1 s, allotment 1..100 quanta,
 * boost 10 ms..100 s. */
int sched_params_set(int levels, uint64_t quantum_ns, int allot_quanta, uint64_t boost_ns,
                     uint64_t rr_quantum_ns);
const char *sched_kind_name(enum sched_kind k);
int sched_kind_parse(const char *name); /* -1 if unknown */

void sched_queue_init(struct sched_queue *q);
void sched_entity_init(struct sched_entity *se, int nice);
void sched_policy_enqueue(struct sched_queue *q, struct sched_entity *se, enum sched_place where);
struct sched_entity *sched_policy_pick(struct sched_queue *q);
void sched_policy_remove(struct sched_queue *q, struct sched_entity *se);
/* Account ns of running; true if the slice is over. */
bool sched_policy_charge(struct sched_entity *se, uint64_t ns);
/* What is left of se's slice, in ns (the hart arms a timer for it). */
uint64_t sched_policy_slice_left(const struct sched_entity *se);
/* Should a running se give way to something waiting in q? */
bool sched_policy_preempts(const struct sched_queue *q, const struct sched_entity *se);
/* Should a just-woken (queued) entity preempt the running one? */
bool sched_policy_wake_preempts(const struct sched_entity *woken, const struct sched_entity *running);
/* Apply a pending boost to q's waiting entities (mlfq). */
void sched_policy_boost_queue(struct sched_queue *q);
/* Whether the boost period has passed at time now; advances the epoch. */
bool sched_policy_boost_due(uint64_t now_ns);

#endif
