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
	sched_policy_enqueue(&s->q, &t->se);
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
		sched_policy_enqueue(&s->q, &t->se);
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
				sched_policy_enqueue(&s->q, &t->se);
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
		cmocka_unit_test(kind_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
