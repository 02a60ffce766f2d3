/*
 * top [-b] [-n count] [-d seconds] - the processes, refreshed: pid,
 * name, state (R running, r runnable, S sleeping, Z zombie), hart (where
 * it runs or last ran), level or priority, CPU % over the last interval,
 * resident size. Interactive mode clears the screen each time and quits
 * on 'q'; -b (batch) prints plain snapshots for scripts.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib.h"

#define MAX_PROCS 512

struct sample {
	int n;
	struct kprocinfo p[MAX_PROCS];
	uint64_t when;
};

static void take(struct sample *s)
{
	s->n = 0;
	s->when = time_ns();
	for (int i = 0; s->n < MAX_PROCS;) {
		int next = procinfo(i, &s->p[s->n]);
		if (next < 0)
			break;
		s->n++;
		if (next == 0)
			break;
		i = next;
	}
}

static uint64_t prev_cpu(const struct sample *prev, int pid)
{
	for (int i = 0; i < prev->n; i++)
		if (prev->p[i].pid == pid)
			return prev->p[i].cpu_ns;
	return 0;
}

static void show(const struct sample *now, const struct sample *prev, int policy)
{
	static const char *const states = "?rRSZ"; /* by enum kproc_state */
	static const char *const policies[] = {"mlfq", "rr", "prio"};
	uint64_t dt = now->when - prev->when;
	printf("top: %d processes, policy %s\n", now->n, policy >= 0 && policy < 3 ? policies[policy] : "?");
	printf("%5s %-16s %c %4s %5s %6s %8s\n", "PID", "NAME", 'S', "HART", "LEVEL", "CPU%", "RSS_kB");
	for (int i = 0; i < now->n; i++) {
		const struct kprocinfo *p = &now->p[i];
		uint64_t used = p->cpu_ns - prev_cpu(prev, p->pid);
		unsigned pct10 = dt ? (unsigned)(used * 1000 / dt) : 0;
		printf("%5d %-16.16s %c %4d %5d %4u.%u %8lu\n", p->pid, p->name,
		       p->state >= 0 && p->state < 5 ? states[p->state] : '?', p->hart, p->level,
		       pct10 / 10, pct10 % 10, (unsigned long)(p->rss / 1024));
	}
}

/* A child that waits for 'q' on the console and then exits. */
static pid_t start_key_watcher(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		while (read(0, &c, 1) == 1 && c != 'q')
			;
		_exit(0);
	}
	return pid;
}

int main(int argc, char **argv)
{
	int batch = 0, count = -1, delay = 2, opt;
	while ((opt = getopt(argc, argv, "bn:d:")) != -1) {
		if (opt == 'b')
			batch = 1;
		else if (opt == 'n')
			count = atoi(optarg);
		else if (opt == 'd')
			delay = atoi(optarg);
		else {
			fprintf(stderr, "usage: top [-b] [-n count] [-d seconds]\n");
			return 2;
		}
	}
	static struct sample a, b;
	struct sample *prev = &a, *now = &b;
	take(prev);
	msleep(batch && count == 1 ? 200 : 500);
	pid_t watcher = -1;
	if (!batch) {
		console_mode(KCONSOLE_RAW, 0);
		watcher = start_key_watcher();
	}
	for (int i = 0; count < 0 || i < count; i++) {
		take(now);
		if (!batch)
			printf("\033[H\033[J");
		show(now, prev, sched_control(KSCHEDCTL_GET, 0));
		fflush(stdout);
		struct sample *t = prev;
		prev = now;
		now = t;
		if (count >= 0 && i + 1 >= count)
			break;
		for (int w = 0; w < delay * 10; w++) {
			if (!batch && waitpid(watcher, 0, WNOHANG) == watcher) {
				console_mode(KCONSOLE_COOKED, 0);
				return 0;
			}
			msleep(100);
		}
	}
	if (!batch) {
		kill(watcher, SIGKILL);
		waitpid(watcher, 0, 0);
		console_mode(KCONSOLE_COOKED, 0);
	}
	return 0;
}
