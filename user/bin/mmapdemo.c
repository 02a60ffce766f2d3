/*
 * mmapdemo - two processes share a file mapping: the child writes into
 * the mapped page, the parent sees it at once in its own mapping and
 * through read(), because both map the very page of the file cache.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	const char *path = "/tmp/mmapdemo.txt";
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char zero[4096] = {0};
	if (fd < 0 || write(fd, zero, sizeof zero) != sizeof zero) {
		perror("mmapdemo: cannot make the file");
		return 1;
	}
	char *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmapdemo: mmap");
		return 1;
	}
	printf("mmapdemo: %s mapped shared at %p\n", path, (void *)p);
	fflush(stdout);
	if (fork() == 0) {
		strcpy(p, "hello from the child");
		printf("mmapdemo: child %d stored \"%s\"\n", getpid(), p);
		return 0;
	}
	wait(0);
	char buf[32] = {0};
	pread(fd, buf, sizeof buf - 1, 0);
	printf("mmapdemo: parent reads \"%s\" in its mapping\n", p);
	printf("mmapdemo: parent reads \"%s\" with read()\n", buf);
	munmap(p, 4096);
	close(fd);
	unlink(path);
	return 0;
}
