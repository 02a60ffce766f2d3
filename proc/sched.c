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

struct runqueue {
	struct spinlock lock;
	struct sched_queue q;
	bool idle;              /* its hart waits in wfi */
};

static struct runqueue runqueues[MAX_CPUS];

#define se_of(p) (&(p)->sched.se)
#define proc_of(s) container_of((s), struct proc, sched.se)

void sched_init(void)
{
	sched_params_default(1000000000ULL / timer_hz());
	const char *policy = cmdline_get("sched");
	if (policy && sched_kind_parse(policy) >= 0)
		sched_kind = (enum sched_kind)sched_kind_parse(policy);
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

/* Where p should run: its last hart if idle, else any idle hart, else the
 * hart with the shortest queue (its last hart on a tie). */
static int choose_cpu(struct proc *p)
{
	int last = p->sched.cpu;
	if (last >= 0 && last < ncpus && runqueues[last].idle)
		return last;
	int best = last >= 0 && last < ncpus && cpus[last].online ? last : cpu_self()->id;
	for (int i = 0; i < ncpus; i++) {
		if (!cpus[i].online)
			continue;
		if (runqueues[i].idle)
			return i;
		if (runqueues[i].q.nr < runqueues[best].q.nr)
			best = i;
	}
	return best;
}

void sched_enqueue(struct proc *p)
{
	assert_held(&p->lock);
	KASSERT(p->state == PROC_RUNNABLE);
	int target = choose_cpu(p);
	struct runqueue *rq = &runqueues[target];
	spin_lock(&rq->lock);
	struct sched_entity *se = se_of(p);
	sched_policy_enqueue(&rq->q, se);
	bool wake = rq->idle;
	spin_unlock(&rq->lock);
	p->sched.cpu = target;
	p->sched.runnable_since = time_now_ns();
	if (target == cpu_self()->id)
		return;
	struct proc *running = cpus[target].proc;
	if (wake || (running && running != p && se->level < running->sched.se.level))
		ipi_send(target, IPI_RESCHEDULE);
}

static struct proc *take_from(struct runqueue *rq)
{
	spin_lock(&rq->lock);
	sched_policy_boost_queue(&rq->q);
	struct sched_entity *se = sched_policy_pick(&rq->q);
	spin_unlock(&rq->lock);
	return se ? proc_of(se) : 0;
}

/* Our own queue first, then steal from the busiest other hart. */
static struct proc *take_next(struct cpu *c)
{
	struct proc *p = take_from(&runqueues[c->id]);
	if (p)
		return p;
	int busiest = -1;
	for (int i = 0; i < ncpus; i++)
		if (i != c->id && runqueues[i].q.nr > 0 &&
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

/* Charge the running process for its time since slice_start. */
static bool charge_running(struct proc *p, uint64_t now)
{
	uint64_t ran = now - p->sched.slice_start;
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
	charge_running(p, time_now_ns());
	bool were_enabled = c->irq_were_enabled;
	context_switch(&p->context, &c->scheduler_context);
	cpu_self()->irq_were_enabled = were_enabled;
}

void sched_yield(void)
{
	struct proc *p = proc_current();
	spin_lock(&p->lock);
	p->state = PROC_RUNNABLE;
	p->sched.ninvoluntary++;
	sched_enqueue(p);
	sched_switch_out(p);
	spin_unlock(&p->lock);
}

void sched_tick(void)
{
	struct cpu *c = cpu_self();
	uint64_t now = time_now_ns();
	if (c->id == 0)
		sched_policy_boost_due(now);
	struct proc *p = c->proc;
	if (!p)
		return;
	if (charge_running(p, now))
		c->need_resched = true;
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
	sched_enqueue(p);
	return true;
}

/* A new process's first instructions in the kernel (its context's ra):
 * release the lock the scheduler took for it. */
void sched_proc_first_run(void)
{
	spin_unlock(&proc_current()->lock);
}

/* The process lists for tools: fill in runqueue length per hart. */
int sched_queue_length(int cpu_id)
{
	return runqueues[cpu_id].q.nr;
}
