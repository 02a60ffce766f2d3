/*
 * test_sched.c - the scheduling policies (proc/sched_policy.c) driven
 * by a simulated clock: a tiny one-hart scheduler runs entities in
 * ticks, CPU-bound ones use their whole slice, interactive ones sleep
 * most of the time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proc/sched_policy.h"

#define TICK 10000000ULL /* 10 ms */
#define MAX_TASKS 16

struct task {
	struct sched_entity se;
	uint64_t ran;        /* ns of CPU received */
	int sleep_ticks;     /* interactive: ticks asleep between bursts */
	uint64_t burst_ns;   /* interactive: work per wakeup (0: CPU-bound) */
	int asleep_left;
	uint64_t waited;     /* ns runnable but not running, total */
	uint64_t max_wait;   /* longest such wait */
	uint64_t ready_since;
	bool yields_early;   /* gives the CPU up after 90% of each tick */
};

struct sim {
	struct sched_queue q;
	struct task tasks[MAX_TASKS];
	int n;
	uint64_t now;
};

static void sim_init(struct sim *s, enum sched_kind kind)
{
	memset(s, 0, sizeof *s);
	sched_kind = kind;
	sched_params_default(TICK);
	sched_queue_init(&s->q);
}

static struct task *sim_add(struct sim *s, int nice, uint64_t burst_ns, int sleep)
{
	struct task *t = &s->tasks[s->n++];
	sched_entity_init(&t->se, nice);
	t->burst_ns = burst_ns;
	t->sleep_ticks = sleep;
	sched_policy_enqueue(&s->q, &t->se, SCHED_PLACE_BACK);
	return t;
}

static struct task *task_of(struct sched_entity *se)
{
	return (struct task *)((char *)se - offsetof(struct task, se));
}

/* Run one entity for at most budget ns; returns the time it used. */
static uint64_t sim_run_one(struct sim *s, struct task *t, uint64_t budget)
{
	uint64_t wait = s->now - t->ready_since;
	t->waited += wait;
	if (wait > t->max_wait)
		t->max_wait = wait;
	uint64_t run = budget;
	if (t->burst_ns && t->burst_ns < run)
		run = t->burst_ns;
	if (t->yields_early && run > TICK * 9 / 10)
		run = TICK * 9 / 10;
	t->ran += run;
	s->now += run;
	sched_policy_charge(&t->se, run);
	if (t->burst_ns) {
		t->asleep_left = t->sleep_ticks;
	} else {
		t->ready_since = s->now;
		sched_policy_enqueue(&s->q, &t->se, SCHED_PLACE_BACK);
	}
	return run;
}

/* Run for ticks ticks. At each tick: wake sleepers, apply a due boost,
 * then hand out the tick: a CPU-bound task takes all of it (or 90% when
 * it yields early), an interactive one its short burst, after which the
 * next task gets the rest. */
static void sim_run(struct sim *s, int ticks)
{
	for (int i = 0; i < ticks; i++) {
		uint64_t tick_end = s->now + TICK;
		for (int k = 0; k < s->n; k++) {
			struct task *t = &s->tasks[k];
			if (t->asleep_left > 0 && --t->asleep_left == 0) {
				t->ready_since = s->now;
				sched_policy_enqueue(&s->q, &t->se, SCHED_PLACE_FRONT);
			}
		}
		if (sched_policy_boost_due(s->now))
			sched_policy_boost_queue(&s->q);
		while (s->now < tick_end) {
			struct sched_entity *se = sched_policy_pick(&s->q);
			if (!se)
				break;
			sim_run_one(s, task_of(se), tick_end - s->now);
		}
		s->now = tick_end;
	}
}

static void mlfq_new_task_starts_at_top(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_MLFQ);
	struct task *t = sim_add(&s, 0, 0, 0);
	assert_int_equal(t->se.level, 0);
}

static void mlfq_cpu_hog_is_demoted(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_MLFQ);
	struct task *t = sim_add(&s, 0, 0, 0);
	sim_run(&s, 50);
	assert_int_equal(t->se.level, sched_params.levels - 1);
}

static void mlfq_yielding_early_does_not_game(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_MLFQ);
	struct task *t = sim_add(&s, 0, 0, 0);
	t->yields_early = true; /* never uses a whole tick */
	sim_run(&s, 50);
	assert_int_equal(t->se.level, sched_params.levels - 1);
}

static void mlfq_io_bound_stays_high(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_MLFQ);
	sched_params.boost_ns = UINT64_MAX; /* no help from boosts */
	struct task *io = sim_add(&s, 0, TICK / 10, 5); /* 1 ms of work, 5 ticks asleep */
	for (int i = 0; i < 4; i++)
		sim_add(&s, 0, 0, 0);
	sim_run(&s, 50); /* new hogs start at the top too: let them sink */
	io->max_wait = 0;
	sim_run(&s, 300);
	/* It stays above the hogs, which sink to the bottom... */
	assert_true(io->se.level < sched_params.levels - 1);
	assert_int_equal(s.tasks[1].se.level, sched_params.levels - 1);
	/* ...so, woken, it runs within a tick. */
	assert_true(io->max_wait <= TICK);
}

static void mlfq_boost_prevents_starvation(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_MLFQ);
	sched_params.boost_ns = 100 * TICK;
	struct task *hog = sim_add(&s, 0, 0, 0);
	sim_run(&s, 20); /* the hog sinks to the bottom */
	/* A stream of short interactive tasks keeps the top busy. */
	for (int i = 0; i < 12; i++)
		sim_add(&s, 0, TICK, 1);
	uint64_t before = hog->ran;
	sim_run(&s, 300);
	assert_true(hog->ran > before);
	assert_true(hog->max_wait <= sched_params.boost_ns + 10 * TICK);
}

static void rr_equal_shares(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_RR);
	for (int i = 0; i < 4; i++)
		sim_add(&s, 0, 0, 0);
	sim_run(&s, 400);
	for (int i = 0; i < 4; i++)
		assert_int_equal(s.tasks[i].ran, 100 * TICK);
}

static void prio_higher_priority_first(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_PRIO);
	struct task *low = sim_add(&s, 19, 0, 0);
	struct task *high = sim_add(&s, -20, 0, 0);
	sim_run(&s, 100);
	assert_int_equal(high->ran, 100 * TICK);
	assert_int_equal(low->ran, 0);
}

static void prio_round_robin_within_level(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_PRIO);
	struct task *a = sim_add(&s, 0, 0, 0);
	struct task *b = sim_add(&s, 0, 0, 0);
	sim_run(&s, 100);
	assert_true(a->ran == b->ran);
}

/* Queue three CPU-bound entities and one more (e) at level 0 with where;
 * the one picked first. */
static struct sched_entity *first_after(struct sim *s, struct sched_entity *e,
                                        enum sched_place where)
{
	for (int i = 0; i < 3; i++)
		sim_add(s, 0, 0, 0);
	sched_policy_enqueue(&s->q, e, where);
	return sched_policy_pick(&s->q);
}

static void mlfq_woken_goes_first_in_its_level(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_MLFQ);
	struct sched_entity woken;
	sched_entity_init(&woken, 0);
	woken.slice_used = TICK / 2; /* it ran a little before sleeping */
	assert_ptr_equal(first_after(&s, &woken, SCHED_PLACE_FRONT), &woken);
}

static void mlfq_woken_after_full_slice_goes_last(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_MLFQ);
	sched_params.allotment_ns[0] = 100 * TICK; /* stay at level 0 */
	struct sched_entity gamer;
	sched_entity_init(&gamer, 0);
	/* Used its whole slice, then slept: no place at the front. */
	assert_true(sched_policy_charge(&gamer, sched_params.quantum_ns[0]));
	assert_ptr_not_equal(first_after(&s, &gamer, SCHED_PLACE_FRONT), &gamer);
	/* The next time, with slice left, it may go first again. */
	sched_policy_remove(&s.q, &gamer);
	sched_policy_enqueue(&s.q, &gamer, SCHED_PLACE_FRONT);
	assert_ptr_equal(sched_policy_pick(&s.q), &gamer);
}

static void mlfq_front_placement_does_not_beat_demotion(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_MLFQ);
	sched_params.boost_ns = UINT64_MAX;
	/* Sleeps after 90% of each tick: woken each time, still demoted. */
	struct task *t = sim_add(&s, 0, TICK * 9 / 10, 1);
	sim_add(&s, 0, 0, 0);
	sim_run(&s, 100);
	assert_int_equal(t->se.level, sched_params.levels - 1);
}

static void rr_woken_goes_last(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_RR);
	struct sched_entity woken;
	sched_entity_init(&woken, 0);
	assert_ptr_not_equal(first_after(&s, &woken, SCHED_PLACE_FRONT), &woken);
}

static void wake_preempts_only_from_a_better_level(void **state)
{
	struct sched_entity woken, running;
	sim_init(&(struct sim){0}, SCHED_MLFQ);
	sched_entity_init(&woken, 0);
	sched_entity_init(&running, 0);
	assert_false(sched_policy_wake_preempts(&woken, &running));
	running.level = 2;
	assert_true(sched_policy_wake_preempts(&woken, &running));
	sched_boost_epoch++; /* boosted: the running one is back at the top */
	woken.boost_epoch = sched_boost_epoch;
	assert_false(sched_policy_wake_preempts(&woken, &running));
	sched_kind = SCHED_RR;
	running.boost_epoch = sched_boost_epoch;
	assert_false(sched_policy_wake_preempts(&woken, &running));
}

static void params_set_checks_and_fills_levels(void **state)
{
	sched_params_default(TICK);
	struct sched_params before = sched_params;
	assert_int_equal(sched_params_set(0, TICK, 2, 100 * TICK, TICK), -1);
	assert_int_equal(sched_params_set(SCHED_MAX_LEVELS + 1, TICK, 2, 100 * TICK, TICK), -1);
	assert_int_equal(sched_params_set(4, 0, 2, 100 * TICK, TICK), -1);
	assert_int_equal(sched_params_set(4, TICK, 0, 100 * TICK, TICK), -1);
	assert_int_equal(sched_params_set(4, TICK, 2, 0, TICK), -1);
	assert_memory_equal(&sched_params, &before, sizeof before);
	assert_int_equal(sched_params_set(6, 2 * TICK, 3, 50 * TICK, 5 * TICK), 0);
	assert_int_equal(sched_params.levels, 6);
	assert_int_equal(sched_params.quantum_ns[0], 2 * TICK);
	assert_int_equal(sched_params.quantum_ns[2], 8 * TICK);
	assert_int_equal(sched_params.quantum_ns[5], 16 * TICK); /* doubling stops at 8x */
	assert_int_equal(sched_params.allotment_ns[1], 12 * TICK);
	assert_int_equal(sched_params.boost_ns, 50 * TICK);
	assert_int_equal(sched_params.rr_quantum_ns, 5 * TICK);
}

static void mlfq_more_levels_sink_further(void **state)
{
	struct sim s;
	sim_init(&s, SCHED_MLFQ);
	/* 6 levels, allotment 1 quantum, the longest boost period: 100 s. */
	assert_int_equal(sched_params_set(6, TICK, 1, 10000 * TICK, TICK), 0);
	struct task *t = sim_add(&s, 0, 0, 0);
	sim_run(&s, 200);
	assert_int_equal(t->se.level, 5);
}

static void kind_names_round_trip(void **state)
{
	for (int k = 0; k < SCHED_NKINDS; k++)
		assert_int_equal(sched_kind_parse(sched_kind_name((enum sched_kind)k)), k);
	assert_int_equal(sched_kind_parse("fifo"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mlfq_new_task_starts_at_top),
		cmocka_unit_test(mlfq_cpu_hog_is_demoted),
		cmocka_unit_test(mlfq_yielding_early_does_not_game),
		cmocka_unit_test(mlfq_io_bound_stays_high),
		cmocka_unit_test(mlfq_boost_prevents_starvation),
		cmocka_unit_test(rr_equal_shares),
		cmocka_unit_test(prio_higher_priority_first),
		cmocka_unit_test(prio_round_robin_within_level),
		cmocka_unit_test(mlfq_woken_goes_first_in_its_level),
		cmocka_unit_test(mlfq_woken_after_full_slice_goes_last),
		cmocka_unit_test(mlfq_front_placement_does_not_beat_demotion),
		cmocka_unit_test(rr_woken_goes_last),
		cmocka_unit_test(wake_preempts_only_from_a_better_level),
		cmocka_unit_test(params_set_checks_and_fills_levels),
		cmocka_unit_test(mlfq_more_levels_sink_further),
		cmocka_unit_test(kind_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
