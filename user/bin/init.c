/*
 * init - the first process (pid 1).
 *
 * Opens /dev/console as file descriptors 0, 1 and 2, then runs /bin/sh
 * on it forever: whenever the shell exits it is started again. As every
 * orphan becomes init's child, init also reaps them (the waits that do
 * not return the shell's pid). If the shell dies at once (say it cannot
 * be executed), init waits a second before retrying instead of spinning.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib.h"

#define INIT_CONSOLE "/dev/console"
#define INIT_CONSOLE_MAJOR 1 /* TODO(uapi): device numbers have no header */
#define INIT_SHELL "/bin/sh"
#define INIT_RETRY_MS 1000

static char *const init_env[] = { "PATH=/bin:/", "HOME=/", NULL };

/* fds 0, 1, 2 = the console; creates the device node if missing. */
static int init_console(void)
{
	int fd = open(INIT_CONSOLE, O_RDWR);

	if (fd < 0 && errno == ENOENT) {
		mkdir("/dev", 0755);
		mknod_device(INIT_CONSOLE, INIT_CONSOLE_MAJOR, 0);
		fd = open(INIT_CONSOLE, O_RDWR);
	}
	if (fd < 0)
		return -1;
	if (fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	dup2(0, 1);
	dup2(0, 2);
	return 0;
}

static pid_t init_start_shell(void)
{
	char *argv[] = { "sh", NULL };
	pid_t pid = fork();

	if (pid == 0) {
		execve(INIT_SHELL, argv, init_env);
		fprintf(stderr, "init: exec %s: %s\n", INIT_SHELL, strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
	return pid;
}

/* Reap children until the shell itself is gone. */
static void init_wait_shell(pid_t shell)
{
	int status;
	pid_t pid;

	do {
		pid = wait(&status);
	} while (pid != shell && !(pid < 0 && errno == ECHILD));
}

int main(void)
{
	if (init_console() < 0)
		return 1; /* nowhere to even report it */
	for (;;) {
		uint64_t started = uptime_ms();
		pid_t shell = init_start_shell();
		if (shell > 0)
			init_wait_shell(shell);
		if (shell < 0 || uptime_ms() - started < INIT_RETRY_MS)
			msleep(INIT_RETRY_MS);
	}
}
