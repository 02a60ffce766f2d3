/*
 * sched.c - per-hart run queues, the scheduler loop, yield and the tick.
 *
 * Each hart owns a runqueue (lock: rq->lock guards its sched_queue and
 * idle flag). A RUNNABLE process sits on one queue; the scheduler takes
 * it off, locks it and switches to it. p->lock is held across the switch
 * in both directions (taken by the scheduler before switching in, released
 * by p; taken by p before switching out, released by the scheduler), so
 * no other hart can run p before its registers are saved.
 *
 * The sched fields of a RUNNING process are touched only by the hart
 * running it (tick, switch out), so the tick needs no lock for them.
 *
 * Time: a process is charged at every timer interrupt and when it leaves
 * the hart. Switching a process in arms the timer for the end of its
 * slice, so slices end on time rather than at the next tick; the tick
 * itself does the rest (boost, alarms, preemption by a better level).
 * A late timer interrupt means the hart was not running (a hypervisor's
 * steal): that time is not charged.
 *
 * Placement (choose_cpu): a process goes to its last hart if that is
 * idle, else to any idle hart, else to the least loaded; a woken process
 * goes first in its level (sched_policy.h), and if it is at a better level
 * than what its hart runs, that hart reschedules at once (need_resched
 * here, an IPI elsewhere; an idle hart in wfi gets an IPI too). A hart
 * whose queue is empty steals from the busiest hart that runs something.
 *
 * Lock order: p->lock -> rq->lock.
 */
#include "proc/sched.h"

#include "arch/riscv/arch.h"
#include "kernel/boot.h"
#include "kernel/cpu.h"
#include "kernel/irq.h"
#include "kernel/printk.h"
#include "kernel/timer.h"
#include "proc/proc.h"
#include "proc/sched_policy.h"
#include "vm/mm.h"
#include "vm/pmap.h"

/* A timer interrupt this late was not merely held up by masked interrupts
 * (the kernel masks them for microseconds): the hart was not running. */
#define STEAL_MIN_NS 1000000ULL

struct runqueue {
	struct spinlock lock;
	struct sched_queue q;
	bool idle;              /* its hart waits in wfi */
};

static struct runqueue runqueues[MAX_CPUS];

#define se_of(p) (&(p)->sched.se)
#define proc_of(s) container_of((s), struct proc, sched.se)

#define MS ((uint64_t)1000000)
#define TENTH_MS ((uint64_t)100000)

/* The policy (sched=) and its parameters from the command line:
 * mlfq_levels=, mlfq_quantum_ms= (the top level's), mlfq_allot= (in
 * quanta), mlfq_boost_ms=, rr_quantum_ms=; the defaults are in
 * sched_policy.c. A bad value leaves all of them at their defaults. */
static void sched_params_from_cmdline(void)
{
	uint64_t tick_ns = 1000 * MS / timer_hz();
	sched_params_default(tick_ns);
	const char *policy = cmdline_get("sched");
	if (policy && sched_kind_parse(policy) >= 0)
		sched_kind = (enum sched_kind)sched_kind_parse(policy);
	else if (policy)
		printk("sched: unknown policy \"%s\", using %s\n", policy, sched_kind_name(sched_kind));
	long levels = cmdline_get_long("mlfq_levels", sched_params.levels);
	long quantum = cmdline_get_long("mlfq_quantum_ms", 0);
	long allot = cmdline_get_long("mlfq_allot",
	                              (long)(sched_params.allotment_ns[0] / sched_params.quantum_ns[0]));
	long boost = cmdline_get_long("mlfq_boost_ms", (long)(sched_params.boost_ns / MS));
	long rr = cmdline_get_long("rr_quantum_ms", 0);
	if (sched_params_set((int)levels, quantum ? quantum * MS : tick_ns, (int)allot, boost * MS,
	                     rr ? rr * MS : tick_ns) < 0)
		printk("sched: a parameter is out of range; using the defaults\n");
	uint64_t q = sched_params.quantum_ns[0], r = sched_params.rr_quantum_ns;
	printk("sched: policy %s; mlfq: %d levels, top quantum %lu.%lu ms, allotment %lu quanta, "
	       "boost every %lu ms; rr: quantum %lu.%lu ms\n",
	       sched_kind_name(sched_kind), sched_params.levels, q / MS, q / TENTH_MS % 10,
	       sched_params.allotment_ns[0] / q, sched_params.boost_ns / MS, r / MS,
	       r / TENTH_MS % 10);
}

void sched_init(void)
{
	sched_params_from_cmdline();
	for (int i = 0; i < MAX_CPUS; i++) {
		spin_init(&runqueues[i].lock, "runqueue");
		sched_queue_init(&runqueues[i].q);
	}
}

void sched_request_resched(void)
{
	cpu_self()->need_resched = true;
}

bool sched_resched_pending(void)
{
	irq_push_off();
	bool pending = cpu_self()->need_resched;
	irq_pop_off();
	return pending;
}

/* A hart's load as p would see it: what waits in its queue plus what it
 * runs, unless that is p itself (p yielding). Read without locks: a
 * placement hint. */
static int hart_load(int i, const struct proc *p)
{
	const struct proc *running = cpus[i].proc;
	return runqueues[i].q.nr + (running && running != p);
}

/* Whether p, queued, would preempt what hart i runs. */
static bool would_preempt(int i, struct proc *p)
{
	const struct proc *running = cpus[i].proc;
	return running && running != p && sched_policy_wake_preempts(se_of(p), se_of(running));
}

/* Where p should run: its last hart if idle, else any idle hart, else the
 * least loaded hart. On a tie, this hart if p would preempt what it runs
 * (no IPI, and this hart is certainly running: under a hypervisor the
 * last hart may not be), else its last hart. So a yielding process moves
 * only when that evens the load out (its hart has two more waiting than
 * another), not back and forth between equal harts. */
static int choose_cpu(struct proc *p)
{
	int self = cpu_self()->id, last = p->sched.cpu;
	if (last >= 0 && last < ncpus && runqueues[last].idle)
		return last;
	int best = last >= 0 && last < ncpus && cpus[last].online ? last : self;
	if (best != self && would_preempt(self, p) && hart_load(self, p) <= hart_load(best, p))
		best = self;
	int best_load = hart_load(best, p);
	for (int i = 0; i < ncpus; i++) {
		if (!cpus[i].online)
			continue;
		if (runqueues[i].idle)
			return i;
		int load = hart_load(i, p);
		if (load < best_load) {
			best = i;
			best_load = load;
		}
	}
	return best;
}

/* Queue p on a suitable hart and make that hart reschedule when p should
 * run before what it runs now: an IPI to an idle or preemptible hart,
 * need_resched for our own. The running process's level is read without
 * its lock: a stale value costs one needless or one late reschedule. */
static void enqueue(struct proc *p, enum sched_place where)
{
	assert_held(&p->lock);
	KASSERT(p->state == PROC_RUNNABLE);
	int target = choose_cpu(p);
	struct runqueue *rq = &runqueues[target];
	spin_lock(&rq->lock);
	struct sched_entity *se = se_of(p);
	sched_policy_enqueue(&rq->q, se, where);
	bool idle = rq->idle;
	spin_unlock(&rq->lock);
	p->sched.cpu = target;
	p->sched.runnable_since = time_now_ns();
	bool preempt = would_preempt(target, p);
	if (target == cpu_self()->id) {
		if (preempt)
			sched_request_resched();
	} else if (idle || preempt) {
		ipi_send(target, IPI_RESCHEDULE);
	}
}

void sched_enqueue(struct proc *p)
{
	enqueue(p, SCHED_PLACE_BACK);
}

static struct proc *take_from(struct runqueue *rq)
{
	spin_lock(&rq->lock);
	sched_policy_boost_queue(&rq->q);
	struct sched_entity *se = sched_policy_pick(&rq->q);
	spin_unlock(&rq->lock);
	return se ? proc_of(se) : 0;
}

/* Our own queue first, then steal from the busiest other hart: one that
 * runs a process and has more waiting. A hart running nothing is about
 * to take its queue itself (it may be waking from wfi for it), and
 * stealing from it would only move a process that was placed with care. */
static struct proc *take_next(struct cpu *c)
{
	struct proc *p = take_from(&runqueues[c->id]);
	if (p)
		return p;
	int busiest = -1;
	for (int i = 0; i < ncpus; i++)
		if (i != c->id && runqueues[i].q.nr > 0 && cpus[i].proc &&
		    (busiest < 0 || runqueues[i].q.nr > runqueues[busiest].q.nr))
			busiest = i;
	return busiest >= 0 ? take_from(&runqueues[busiest]) : 0;
}

static void idle_wait(struct cpu *c)
{
	struct runqueue *rq = &runqueues[c->id];
	spin_lock(&rq->lock);
	rq->idle = rq->q.nr == 0;
	spin_unlock(&rq->lock);
	if (rq->idle)
		arch_wait_for_interrupt();
	rq->idle = false;
}

static void run_proc(struct cpu *c, struct proc *p)
{
	spin_lock(&p->lock);
	KASSERT(p->state == PROC_RUNNABLE);
	uint64_t now = time_now_ns();
	p->state = PROC_RUNNING;
	p->sched.cpu = c->id;
	p->sched.nscheduled++;
	p->sched.wait_ns += now - p->sched.runnable_since;
	p->sched.slice_start = now;
	timer_wake_after_ns(sched_policy_slice_left(se_of(p))); /* slices end on time */
	c->proc = p;
	c->kernel_sp = (uint64_t)p->kstack_top;
	c->need_resched = false;
	if (p->mm)
		pmap_activate(&p->mm->pmap);
	context_switch(&c->scheduler_context, &p->context);
	/* p gave the hart back, still holding p->lock. */
	c->proc = 0;
	spin_unlock(&p->lock);
}

void sched_run(void)
{
	struct cpu *c = cpu_self();
	for (;;) {
		/* Let interrupts in: a wakeup may be waiting for us. */
		arch_irq_enable();
		arch_irq_disable();
		struct proc *p = take_next(c);
		if (p)
			run_proc(c, p);
		else
			idle_wait(c);
	}
}

/* Charge the running process for its time since slice_start, less
 * `stolen` ns the hart did not run. */
static bool charge_running(struct proc *p, uint64_t now, uint64_t stolen)
{
	uint64_t ran = now - p->sched.slice_start;
	ran -= stolen < ran ? stolen : ran;
	p->sched.slice_start = now;
	p->sched.cpu_ns += ran;
	return sched_policy_charge(se_of(p), ran);
}

void sched_switch_out(struct proc *p)
{
	struct cpu *c = cpu_self();
	assert_held(&p->lock);
	KASSERT(c->irq_depth == 1);
	KASSERT(p->state != PROC_RUNNING);
	charge_running(p, time_now_ns(), 0);
	bool were_enabled = c->irq_were_enabled;
	context_switch(&p->context, &c->scheduler_context);
	cpu_self()->irq_were_enabled = were_enabled;
}

/* Give up the hart but stay runnable. With a reschedule pending this is
 * a preemption (involuntary; p resumes first in its level if its slice
 * is not over), else the process asked (voluntary; to the back). */
void sched_yield(void)
{
	struct proc *p = proc_current();
	spin_lock(&p->lock);
	bool preempted = sched_resched_pending();
	charge_running(p, time_now_ns(), 0); /* the level and slice it queues with */
	p->state = PROC_RUNNABLE;
	if (preempted)
		p->sched.ninvoluntary++;
	else
		p->sched.nvoluntary++;
	enqueue(p, preempted ? SCHED_PLACE_FRONT : SCHED_PLACE_BACK);
	sched_switch_out(p);
	spin_unlock(&p->lock);
}

/* Charge the running process at a timer interrupt that came late_ns
 * after its deadline; reschedule when its slice is over, else keep a
 * timer set for the slice's end (the interrupt re-armed it for the next
 * tick). An interrupt STEAL_MIN_NS late or more means the hart was not
 * running (a hypervisor, or QEMU's host, ran something else: "steal"):
 * the process is not charged for that time, so a slice costs what it
 * ran, and round robin stays fair on a busy host. */
static void charge_at_interrupt(struct cpu *c, struct proc *p, uint64_t now, uint64_t late_ns)
{
	if (charge_running(p, now, late_ns >= STEAL_MIN_NS ? late_ns : 0))
		c->need_resched = true;
	else
		timer_wake_after_ns(sched_policy_slice_left(se_of(p)));
}

void sched_timer_interrupt(uint64_t late_ns)
{
	struct cpu *c = cpu_self();
	if (c->proc)
		charge_at_interrupt(c, c->proc, time_now_ns(), late_ns);
}

void sched_tick(uint64_t late_ns)
{
	struct cpu *c = cpu_self();
	uint64_t now = time_now_ns();
	if (c->id == 0)
		sched_policy_boost_due(now);
	struct proc *p = c->proc;
	if (!p)
		return;
	charge_at_interrupt(c, p, now, late_ns);
	proc_alarm_tick(p);
	struct runqueue *rq = &runqueues[c->id];
	spin_lock(&rq->lock);
	sched_policy_boost_queue(&rq->q);
	if (sched_policy_preempts(&rq->q, se_of(p)))
		c->need_resched = true;
	spin_unlock(&rq->lock);
}

bool sched_wake_locked(struct proc *p)
{
	assert_held(&p->lock);
	if (p->state != PROC_SLEEPING)
		return false;
	p->state = PROC_RUNNABLE;
	enqueue(p, SCHED_PLACE_FRONT);
	return true;
}

/* A new process's first instructions in the kernel (its context's ra):
 * release the lock the scheduler took for it. */
void sched_proc_first_run(void)
{
	spin_unlock(&proc_current()->lock);
}
