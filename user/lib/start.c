/*
 * start.c - from crt0 to main for native (picolibc) programs.
 *
 * __user_start(argc, argv, envp), called by crt0.S, prepares what
 * picolibc expects of its environment and then runs the program:
 *   1. tp = the TLS block, before anything can touch errno (picolibc's
 *      errno is __thread); the loaded .tdata/.tbss image serves as the
 *      block of the single thread (see user.ld);
 *   2. environ = envp, for getenv() and execv();
 *   3. constructors (.init_array);
 *   4. exit(main(...)), which runs destructors (lib/stdio.c flushes
 *      stdout/stderr there) and calls _exit.
 */
#include <picolibc.h>
#include <picotls.h>
#include <stdlib.h>
#include <unistd.h>

extern char __tls_base[];
extern void __libc_init_array(void);
extern int main(int argc, char **argv, char **envp);

void __user_start(int argc, char **argv, char **envp) __attribute__((noreturn));

void __user_start(int argc, char **argv, char **envp)
{
	_set_tls(__tls_base);
	environ = envp;
	__libc_init_array();
	exit(main(argc, argv, envp));
}
