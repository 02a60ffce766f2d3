/*
 * sys_proc.c - process calls: fork, exec, wait, exit, pids, process
 * groups, signals, scheduling and the machine (poweroff, procinfo,
 * the console's mode and foreground group).
 *
 * The status word of waitpid() is POSIX-encoded by the kernel
 * (uapi/wait.h), so <sys/wait.h>'s W* macros apply unchanged.
 */
#include <signal.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "uapi/wait.h"
#include "sysret.h"
#include "ulib.h"

_Static_assert(WNOHANG == KWNOHANG, "waitpid options match the kernel");
_Static_assert(SIGKILL == KSIGKILL && SIGTERM == KSIGTERM &&
		       SIGINT == KSIGINT && SIGSEGV == KSIGSEGV,
	       "signal numbers match the kernel");

pid_t fork(void)
{
	return sysret(__sys_fork());
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return sysret(__sys_execve(path, argv, envp));
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return sysret(__sys_waitpid(pid, status, options));
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}

void _exit(int status)
{
	for (;;)
		__sys_exit(status);
}

pid_t getpid(void)
{
	return __sys_getpid();
}

pid_t getppid(void)
{
	return __sys_getppid();
}

int kill(pid_t pid, int sig)
{
	return sysret(__sys_kill(pid, sig));
}

int sched_yield(void)
{
	return sysret(__sys_sched_yield());
}

int sched_control(int op, int arg)
{
	return sysret(__sys_schedctl(op, arg));
}

int proc_nice(int pid, int value)
{
	return sysret(__sys_nice(pid, value));
}

int sigalarm(int interval_ms, void (*handler)(void))
{
	return sysret(__sys_sigalarm(interval_ms, handler));
}

int sigreturn(void)
{
	return sysret(__sys_sigreturn());
}

int poweroff(int status)
{
	return sysret(__sys_poweroff(status));
}

int procinfo(int index, struct kprocinfo *out)
{
	return sysret(__sys_procinfo(index, out));
}

int console_mode(int op, int arg)
{
	return sysret(__sys_console_mode(op, arg));
}

int setpgid(pid_t pid, pid_t pgid)
{
	return sysret(__sys_setpgid(pid, pgid));
}

pid_t getpgid(pid_t pid)
{
	return sysret(__sys_getpgid(pid));
}

pid_t getpgrp(void)
{
	return getpgid(0);
}
