/*
 * start.c (libxv6) - from crt0 to main for xv6 programs.
 *
 * xv6 programs need no TLS, environment or constructors: main(argc,
 * argv) runs and its return value, if it returns, is the exit status,
 * as with xv6's own start code.
 */
#include "kernel/types.h"
#include "user/user.h"

extern int main(int argc, char **argv);

void __user_start(int argc, char **argv, char **envp) __attribute__((noreturn));

void __user_start(int argc, char **argv, char **envp)
{
	(void)envp;
	exit(main(argc, argv));
}
