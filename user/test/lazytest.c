/*
 * lazytest - sbrk reserves, touching fills: a huge sbrk on a small
 * machine, sparse touches keep the resident size small, fresh pages read
 * zero, shrinking the heap unmaps it (a later access is a segfault), and
 * an sbrk past the limit fails cleanly. Also stack growth and its guard.
 */
#include <signal.h>

#include "check.h"
#include "ulib.h"
#include "vminfo.h"

#define PAGE 4096L
#define GIB (1L << 30)

static int test_huge_sbrk(void)
{
	long rss0 = vminfo_status_kb(0, "VmRSS");
	char *p = sbrk(GIB);
	CHECK(p != (char *)-1, "sbrk(1 GiB) failed: %s", strerror(errno));
	for (long off = 0; off < GIB; off += 64 * 1024 * 1024)
		p[off] = 1; /* 16 pages touched */
	long rss1 = vminfo_status_kb(0, "VmRSS");
	long vsz = vminfo_status_kb(0, "VmSize");
	CHECK(rss0 >= 0 && rss1 >= 0, "cannot read /proc/self/status");
	CHECK(vsz >= GIB / 1024, "VmSize %ld kB does not include the 1 GiB heap", vsz);
	CHECK(rss1 - rss0 < 1024, "resident size grew by %ld kB for 16 touched pages", rss1 - rss0);
	return 0;
}

static int test_fresh_zero(void)
{
	unsigned char *p = sbrk(64 * PAGE);
	CHECK(p != (unsigned char *)-1, "sbrk failed");
	for (long i = 0; i < 64 * PAGE; i += 97)
		CHECK(p[i] == 0, "fresh heap byte %ld is %d", i, p[i]);
	return 0;
}

static char *shrunk;
static void touch_shrunk(void)
{
	shrunk[0] = 1;
}

static int test_negative_sbrk(void)
{
	shrunk = sbrk(8 * PAGE);
	CHECK(shrunk != (char *)-1, "sbrk failed");
	shrunk[0] = 1;
	CHECK(sbrk(-8 * PAGE) != (void *)-1, "sbrk(-8 pages) failed");
	int st = check_child_status(touch_shrunk);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	      "touching freed heap gave status %#x, want SIGSEGV", st);
	return 0;
}

static int test_sbrk_past_limit(void)
{
	void *p = sbrk(300 * GIB);
	CHECK(p == (void *)-1 && errno == ENOMEM, "sbrk(300 GiB) returned %p errno %d", p, errno);
	char *q = sbrk(PAGE);
	CHECK(q != (char *)-1, "a small sbrk failed afterwards");
	q[0] = 5;
	return 0;
}

static int test_eager_sbrk_oom(void)
{
	void *p = sbrk_flags(64 * GIB, KSBRK_EAGER);
	CHECK(p == (void *)-1 && errno == ENOMEM, "eager sbrk(64 GiB) returned %p", p);
	char *q = sbrk_flags(16 * PAGE, KSBRK_EAGER);
	CHECK(q != (char *)-1, "eager sbrk of 16 pages failed after a failed one");
	return 0;
}

static int depth_reached;
static void recurse(int n)
{
	volatile char frame[1024];
	frame[0] = (char)n;
	depth_reached = n;
	if (n > 0)
		recurse(n - 1);
	(void)frame[0];
}

static int test_stack_growth(void)
{
	recurse(4000); /* about 4 MiB of stack */
	CHECK(depth_reached == 0, "recursion stopped at %d", depth_reached);
	return 0;
}

static void overflow(void)
{
	recurse(1 << 20); /* 1 GiB: past the 8 MiB limit */
}

static int test_stack_guard(void)
{
	int st = check_child_status(overflow);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "stack overflow gave status %#x", st);
	return 0;
}

int main(void)
{
	check_run("lazy_huge_sbrk", test_huge_sbrk);
	check_run("lazy_fresh_pages_zero", test_fresh_zero);
	check_run("lazy_negative_sbrk_unmaps", test_negative_sbrk);
	check_run("lazy_sbrk_past_limit", test_sbrk_past_limit);
	check_run("lazy_eager_sbrk_oom", test_eager_sbrk_oom);
	check_run("lazy_stack_growth", test_stack_growth);
	check_run("lazy_stack_guard", test_stack_guard);
	return check_summary("lazytest");
}
