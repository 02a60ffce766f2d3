/*
 * mmaptest - mmap, munmap, mprotect and msync: anonymous and file
 * mappings, shared and private, MAP_FIXED, partial unmaps, a shared file
 * mapping and write() seeing the same bytes, private isolation, dirty
 * pages reaching the file, protections enforced, W^X refused.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>

#include "check.h"
#include "ulib.h"

#define PAGE 4096

static char *fault_addr;
static void write_fault_addr(void) { *(volatile char *)fault_addr = 1; }
static void read_fault_addr(void) { (void)*(volatile char *)fault_addr; }

#define CHECK_SEGV(fn, what)                                                          \
	do {                                                                          \
		int st_ = check_child_status(fn);                                               \
		CHECK(WIFSIGNALED(st_) && WTERMSIG(st_) == SIGSEGV, "%s: status %#x", what, st_); \
	} while (0)

static int make_file(const char *path, int pages, char fill)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	char buf[PAGE];
	memset(buf, fill, PAGE);
	for (int i = 0; i < pages; i++)
		if (write(fd, buf, PAGE) != PAGE)
			return -1;
	return fd;
}

static int test_anon_private(void)
{
	char *p = mmap(0, 10 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	for (int i = 0; i < 10 * PAGE; i += 511)
		CHECK(p[i] == 0, "fresh byte %d not zero", i);
	memset(p, 7, 10 * PAGE);
	CHECK(p[10 * PAGE - 1] == 7, "write lost");
	CHECK(munmap(p, 10 * PAGE) == 0, "munmap: %s", strerror(errno));
	fault_addr = p;
	CHECK_SEGV(read_fault_addr, "read after munmap");
	return 0;
}

static int test_partial_unmap(void)
{
	char *p = mmap(0, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(p, 1, 8 * PAGE);
	CHECK(munmap(p + 3 * PAGE, 2 * PAGE) == 0, "munmap of the middle: %s", strerror(errno));
	CHECK(p[0] == 1 && p[3 * PAGE - 1] == 1 && p[5 * PAGE] == 1 && p[8 * PAGE - 1] == 1,
	      "the pages around the hole changed");
	fault_addr = p + 4 * PAGE;
	CHECK_SEGV(read_fault_addr, "read in the hole");
	CHECK(munmap(p, 8 * PAGE) == 0, "munmap of the rest (spanning the hole)");
	return 0;
}

static int test_fixed(void)
{
	char *want = (char *)0x2000000000UL;
	char *p = mmap(want, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(p == want, "MAP_FIXED gave %p, want %p", p, want);
	p[0] = 3;
	char *q = mmap(want, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == want && q[0] == 0, "MAP_FIXED over a mapping did not replace it");
	CHECK_ERRNO(mmap((void *)(want + 1), PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
	return 0;
}

static int test_bad_args(void)
{
	CHECK_ERRNO(mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERRNO(mmap(0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERRNO(mmap(0, PAGE, PROT_READ, MAP_PRIVATE, 99, 0), EBADF);
	CHECK_ERRNO(mmap(0, PAGE, PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EACCES);
	CHECK_ERRNO(munmap((void *)0x1001, PAGE), EINVAL);
	return 0;
}

static int test_mprotect(void)
{
	char *p = mmap(0, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap");
	memset(p, 9, 4 * PAGE);
	CHECK(mprotect(p + PAGE, PAGE, PROT_READ) == 0, "mprotect: %s", strerror(errno));
	CHECK(p[PAGE] == 9, "read of a read-only page failed");
	fault_addr = p + PAGE;
	CHECK_SEGV(write_fault_addr, "write to a read-only page");
	p[0] = 1;
	p[2 * PAGE] = 1; /* neighbours still writable */
	CHECK(mprotect(p + PAGE, PAGE, PROT_READ | PROT_WRITE) == 0, "mprotect back");
	p[PAGE] = 2;
	CHECK_ERRNO(mprotect(p, PAGE, PROT_WRITE | PROT_EXEC), EACCES);
	return 0;
}

static int test_file_private(void)
{
	int fd = make_file("/tmp/mmap_priv", 3, 'f');
	CHECK(fd >= 0, "cannot make the file: %s", strerror(errno));
	char *p = mmap(0, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(p[0] == 'f' && p[3 * PAGE - 1] == 'f', "mapped bytes differ from the file");
	p[PAGE] = 'X';
	char c = 0;
	CHECK(pread(fd, &c, 1, PAGE) == 1 && c == 'f', "a private write reached the file");
	munmap(p, 3 * PAGE);
	close(fd);
	unlink("/tmp/mmap_priv");
	return 0;
}

static int test_file_shared_vs_write(void)
{
	int fd = make_file("/tmp/mmap_shared", 2, 's');
	CHECK(fd >= 0, "cannot make the file");
	char *p = mmap(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(pwrite(fd, "W", 1, 10) == 1, "pwrite");
	CHECK(p[10] == 'W', "write() not visible in the shared mapping");
	p[PAGE + 5] = 'M';
	char c = 0;
	CHECK(pread(fd, &c, 1, PAGE + 5) == 1 && c == 'M', "store not visible to read()");
	munmap(p, 2 * PAGE);
	close(fd);
	unlink("/tmp/mmap_shared");
	return 0;
}

static int test_msync_writeback(void)
{
	int fd = make_file("/tmp/mmap_sync", 1, '.');
	CHECK(fd >= 0, "cannot make the file");
	char *p = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap");
	memcpy(p, "synced", 6);
	CHECK(msync(p, PAGE, MS_SYNC) == 0, "msync: %s", strerror(errno));
	munmap(p, PAGE);
	close(fd);
	fd = open("/tmp/mmap_sync", O_RDONLY);
	char buf[7] = {0};
	CHECK(fd >= 0 && read(fd, buf, 6) == 6 && strcmp(buf, "synced") == 0,
	      "reopened file has '%s'", buf);
	close(fd);
	unlink("/tmp/mmap_sync");
	return 0;
}

static int test_shared_needs_rdwr(void)
{
	int fd = make_file("/tmp/mmap_ro", 1, 'r');
	CHECK(fd >= 0, "cannot make the file");
	close(fd);
	fd = open("/tmp/mmap_ro", O_RDONLY);
	CHECK_ERRNO(mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EACCES);
	char *p = mmap(0, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED && p[0] == 'r', "read-only shared mapping failed");
	CHECK_ERRNO(mprotect(p, PAGE, PROT_READ | PROT_WRITE), EACCES);
	close(fd);
	unlink("/tmp/mmap_ro");
	return 0;
}

static int test_two_processes_share(void)
{
	int fd = make_file("/tmp/mmap_two", 1, 0);
	CHECK(fd >= 0, "cannot make the file");
	volatile char *p = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap");
	pid_t pid = check_fork();
	if (pid == 0) {
		int fd2 = open("/tmp/mmap_two", O_RDWR);
		volatile char *q = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
		q[100] = 'c';
		_exit(q == MAP_FAILED);
	}
	check_wait(pid);
	CHECK(p[100] == 'c', "the other process's store is not visible");
	close(fd);
	unlink("/tmp/mmap_two");
	return 0;
}

int main(void)
{
	check_run("mmap_anon_private", test_anon_private);
	check_run("mmap_partial_unmap", test_partial_unmap);
	check_run("mmap_fixed", test_fixed);
	check_run("mmap_bad_args", test_bad_args);
	check_run("mmap_mprotect", test_mprotect);
	check_run("mmap_file_private", test_file_private);
	check_run("mmap_file_shared_vs_write", test_file_shared_vs_write);
	check_run("mmap_msync_writeback", test_msync_writeback);
	check_run("mmap_shared_needs_rdwr", test_shared_needs_rdwr);
	check_run("mmap_two_processes_share", test_two_processes_share);
	return check_summary("mmaptest");
}
