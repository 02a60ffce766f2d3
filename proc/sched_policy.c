/*
 * sched_policy.c - MLFQ, round robin and static priority over run queues
 * (see sched_policy.h). Pure logic: no locks, no harts, no clock.
 */
#include "proc/sched_policy.h"

#include <string.h>

struct sched_params sched_params;
enum sched_kind sched_kind = SCHED_MLFQ;
uint32_t sched_boost_epoch;
static uint64_t last_boost_ns;

static const char *const kind_names[SCHED_NKINDS] = {"mlfq", "rr", "prio"};

#define MS 1000000ULL

/* Defaults: 4 levels; quanta 1, 2, 4, 8 ticks; allotment 2 quanta;
 * boost every second; rr quantum 1 tick. */
void sched_params_default(uint64_t tick_ns)
{
	sched_params_set(4, tick_ns, 2, 1000 * MS, tick_ns);
}

static bool quantum_ok(uint64_t ns)
{
	return ns >= MS / 10 && ns <= 1000 * MS; /* 0.1 ms: the tick at hz=10000 */
}

int sched_params_set(int levels, uint64_t quantum_ns, int allot_quanta, uint64_t boost_ns,
                     uint64_t rr_quantum_ns)
{
	if (levels < 1 || levels > SCHED_MAX_LEVELS || !quantum_ok(quantum_ns) ||
	    allot_quanta < 1 || allot_quanta > 100 || boost_ns < 10 * MS ||
	    boost_ns > 100000 * MS || !quantum_ok(rr_quantum_ns))
		return -1;
	sched_params.levels = levels;
	for (int l = 0; l < SCHED_MAX_LEVELS; l++) {
		sched_params.quantum_ns[l] = quantum_ns << (l < 3 ? l : 3);
		sched_params.allotment_ns[l] = allot_quanta * sched_params.quantum_ns[l];
	}
	sched_params.boost_ns = boost_ns;
	sched_params.rr_quantum_ns = rr_quantum_ns;
	return 0;
}

const char *sched_kind_name(enum sched_kind k)
{
	return k < SCHED_NKINDS ? kind_names[k] : "?";
}

int sched_kind_parse(const char *name)
{
	for (int k = 0; k < SCHED_NKINDS; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return k;
	return -1;
}

void sched_queue_init(struct sched_queue *q)
{
	for (int l = 0; l < SCHED_MAX_LEVELS; l++)
		list_init(&q->lists[l]);
	q->nr = 0;
	q->boost_epoch = sched_boost_epoch;
}

static int prio_level(int nice)
{
	int levels = sched_params.levels;
	return (nice + 20) * levels / 40;
}

void sched_entity_init(struct sched_entity *se, int nice)
{
	list_init(&se->link);
	se->nice = nice;
	se->level = sched_kind == SCHED_PRIO ? prio_level(nice) : 0;
	se->level_used = 0;
	se->slice_used = 0;
	se->boost_epoch = sched_boost_epoch;
	se->expired = false;
}

/* The level an entity is queued at under the current policy. */
static int queue_level(struct sched_entity *se)
{
	switch (sched_kind) {
	case SCHED_RR:
		return 0;
	case SCHED_PRIO:
		return prio_level(se->nice);
	default:
		if (se->boost_epoch != sched_boost_epoch) {
			se->boost_epoch = sched_boost_epoch;
			se->level = 0;
			se->level_used = 0;
		}
		if (se->level >= sched_params.levels)
			se->level = sched_params.levels - 1;
		return se->level;
	}
}

void sched_policy_enqueue(struct sched_queue *q, struct sched_entity *se, enum sched_place where)
{
	se->level = queue_level(se);
	struct list_node *list = &q->lists[se->level];
	if (where == SCHED_PLACE_FRONT && !se->expired && sched_kind != SCHED_RR)
		list_push_front(list, &se->link);
	else
		list_push_back(list, &se->link);
	se->expired = false;
	q->nr++;
}

struct sched_entity *sched_policy_pick(struct sched_queue *q)
{
	for (int l = 0; l < SCHED_MAX_LEVELS; l++) {
		if (list_empty(&q->lists[l]))
			continue;
		struct sched_entity *se = list_first_entry(&q->lists[l], struct sched_entity, link);
		sched_policy_remove(q, se);
		return se;
	}
	return 0;
}

void sched_policy_remove(struct sched_queue *q, struct sched_entity *se)
{
	list_remove(&se->link);
	q->nr--;
}

static uint64_t slice_of(const struct sched_entity *se)
{
	if (sched_kind == SCHED_RR)
		return sched_params.rr_quantum_ns;
	return sched_params.quantum_ns[se->level];
}

bool sched_policy_charge(struct sched_entity *se, uint64_t ns)
{
	se->slice_used += ns;
	if (sched_kind == SCHED_MLFQ) {
		queue_level(se); /* apply a boost that happened meanwhile */
		se->level_used += ns;
		if (se->level_used >= sched_params.allotment_ns[se->level] &&
		    se->level + 1 < sched_params.levels) {
			se->level++;
			se->level_used = 0;
			se->slice_used = 0;
			se->expired = true;
			return true; /* demoted: let the queue decide again */
		}
	}
	if (se->slice_used >= slice_of(se)) {
		se->slice_used = 0;
		se->expired = true;
		return true;
	}
	return false;
}

uint64_t sched_policy_slice_left(const struct sched_entity *se)
{
	uint64_t slice = slice_of(se);
	return se->slice_used < slice ? slice - se->slice_used : 0;
}

bool sched_policy_preempts(const struct sched_queue *q, const struct sched_entity *se)
{
	if (sched_kind == SCHED_RR)
		return false;
	for (int l = 0; l < se->level; l++)
		if (!list_empty(&q->lists[l]))
			return true;
	return false;
}

/* The level se would be queued at now: level 0 if a boost has happened
 * since it last looked (mlfq). */
static int effective_level(const struct sched_entity *se)
{
	if (sched_kind == SCHED_MLFQ && se->boost_epoch != sched_boost_epoch)
		return 0;
	return se->level;
}

bool sched_policy_wake_preempts(const struct sched_entity *woken, const struct sched_entity *running)
{
	return sched_kind != SCHED_RR && woken->level < effective_level(running);
}

void sched_policy_boost_queue(struct sched_queue *q)
{
	if (sched_kind != SCHED_MLFQ || q->boost_epoch == sched_boost_epoch)
		return;
	q->boost_epoch = sched_boost_epoch;
	for (int l = 1; l < SCHED_MAX_LEVELS; l++) {
		while (!list_empty(&q->lists[l])) {
			struct sched_entity *se = list_first_entry(&q->lists[l], struct sched_entity, link);
			list_remove(&se->link);
			queue_level(se);
			list_push_back(&q->lists[0], &se->link);
		}
	}
}

bool sched_policy_boost_due(uint64_t now_ns)
{
	if (sched_kind != SCHED_MLFQ || now_ns - last_boost_ns < sched_params.boost_ns)
		return false;
	last_boost_ns = now_ns;
	sched_boost_epoch++;
	return true;
}
