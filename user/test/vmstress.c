/*
 * vmstress - many processes at once forking, touching memory, mapping
 * and unmapping, so the harts fault, copy and shoot down TLB entries
 * concurrently. Every child checks its own data; the case passes when
 * all of them did.
 */
#include <sys/mman.h>

#include "check.h"
#include "ulib.h"

#define PAGE 4096
#define WORKERS 8
#define ROUNDS 20

/* One worker: fork children that write and verify a shared-then-copied
 * heap, while it maps and unmaps anonymous memory itself. */
static int worker(int id)
{
	char *heap = sbrk(32 * PAGE);
	if (heap == (char *)-1)
		return 1;
	for (int i = 0; i < 32; i++)
		heap[i * PAGE] = (char)id;
	for (int round = 0; round < ROUNDS; round++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (int i = 0; i < 32; i++) {
				if (heap[i * PAGE] != (char)id)
					_exit(2);
				heap[i * PAGE] = (char)(id + round);
			}
			_exit(0);
		}
		char *m = mmap(0, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return 3;
		for (int i = 0; i < 16; i++)
			m[i * PAGE] = (char)i;
		for (int i = 0; i < 16; i++)
			if (m[i * PAGE] != (char)i)
				return 4;
		munmap(m, 16 * PAGE);
		int st;
		if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
			return 5;
		for (int i = 0; i < 32; i++)
			if (heap[i * PAGE] != (char)id)
				return 6;
	}
	return 0;
}

static int test_concurrent(void)
{
	pid_t pids[WORKERS];
	for (int w = 0; w < WORKERS; w++) {
		pids[w] = check_fork();
		if (pids[w] == 0)
			_exit(worker(w + 1));
		CHECK(pids[w] > 0, "fork: %s", strerror(errno));
	}
	int bad = 0, code = 0;
	for (int w = 0; w < WORKERS; w++) {
		int st = check_wait(pids[w]);
		if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			bad++;
			code = st;
		}
	}
	CHECK(bad == 0, "%d of %d workers failed (last status %#x)", bad, WORKERS, code);
	return 0;
}

int main(void)
{
	check_run("vm_stress_fork_touch_unmap", test_concurrent);
	return check_summary("vmstress");
}
