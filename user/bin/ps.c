/*
 * ps - list the processes, one per line, from the procinfo system call
 * (struct kprocinfo, uapi/procinfo.h):
 *   PID PPID STATE HART LEVEL CPU(ms) VSZ(KiB) RSS(KiB) NAME
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ulib.h"

#define PS_NSEC_PER_MSEC 1000000ull
#define PS_KIB 1024

static const char *ps_state_name(int state)
{
	switch (state) {
	case KPROC_RUNNABLE:
		return "runnable";
	case KPROC_RUNNING:
		return "running";
	case KPROC_SLEEPING:
		return "sleeping";
	case KPROC_ZOMBIE:
		return "zombie";
	}
	return "?";
}

static void ps_print(const struct kprocinfo *p)
{
	char name[sizeof(p->name) + 1];

	memcpy(name, p->name, sizeof(p->name));
	name[sizeof(p->name)] = '\0';
	printf("%5d %5d %-8s %4d %5d %8llu %8llu %8llu %s\n", (int)p->pid,
	       (int)p->ppid, ps_state_name(p->state), (int)p->hart, (int)p->level,
	       (unsigned long long)(p->cpu_ns / PS_NSEC_PER_MSEC),
	       (unsigned long long)(p->vsize / PS_KIB),
	       (unsigned long long)(p->rss / PS_KIB), name);
}

int main(void)
{
	struct kprocinfo p;
	int index = 0;

	printf("%5s %5s %-8s %4s %5s %8s %8s %8s %s\n", "PID", "PPID", "STATE",
	       "HART", "LEVEL", "CPU(ms)", "VSZ(K)", "RSS(K)", "NAME");
	for (;;) {
		int next = procinfo(index, &p);
		if (next < 0 && errno == ESRCH && index > 0)
			break; /* the list shrank under us */
		if (next < 0) {
			fprintf(stderr, "ps: procinfo: %s\n", strerror(errno));
			return 1;
		}
		ps_print(&p);
		if (next == 0)
			break;
		index = next;
	}
	return 0;
}
