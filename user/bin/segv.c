/*
 * segv - each classic memory bug, caught by the MMU: a NULL store, a
 * write to text, a jump into the stack, a stack overflow. Each runs in a
 * child; the kernel kills it with one line on the console and the shell
 * (and this program) go on.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void null_store(void) { *(volatile int *)0 = 1; }
static void text_write(void) { *(volatile int *)(void *)null_store = 1; }
static void stack_jump(void)
{
	unsigned code[2] = {0x00008067}; /* ret */
	((void (*)(void))code)();
}
static volatile int depth_limit = 1 << 30; /* never reached: the stack ends first */
static int deep(int n)
{
	volatile char pad[512];
	pad[0] = (char)n;
	return n < depth_limit ? deep(n + 1) + pad[0] : 0;
}
static void stack_overflow(void) { deep(0); }

static const struct {
	const char *what;
	void (*fn)(void);
} bugs[] = {
	{"NULL store", null_store},
	{"write to text", text_write},
	{"jump into the stack", stack_jump},
	{"stack overflow", stack_overflow},
};

int main(void)
{
	for (unsigned i = 0; i < sizeof bugs / sizeof bugs[0]; i++) {
		printf("segv: %s ...\n", bugs[i].what);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			bugs[i].fn();
			_exit(0);
		}
		int st;
		waitpid(pid, &st, 0);
		if (WIFSIGNALED(st))
			printf("segv: %s: child killed by signal %d (%s)\n", bugs[i].what,
			       WTERMSIG(st), WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : "?");
		else
			printf("segv: %s: NOT caught (status %#x)\n", bugs[i].what, st);
	}
	return 0;
}
