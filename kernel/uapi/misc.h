/*
 * uapi/misc.h - small constants of the system-call ABI.
 */
#ifndef UAPI_MISC_H
#define UAPI_MISC_H

/* sbrk(increment, flags): with KSBRK_EAGER the pages are allocated at
 * once (xv6's sbrk; fails with -ENOMEM when memory is short); without it
 * the range is only reserved and filled on first touch. */
#define KSBRK_EAGER 1

/* Process entry: a0 = argc, a1 = argv, a2 = envp; sp is 16-byte aligned
 * and the argument strings and pointer arrays lie above it. */

/* User programs are linked at this address (page 0 and up to here are
 * never mapped, so NULL and small offsets fault). */
#define KUSER_TEXT_BASE 0x10000

/* console_mode(op, arg) */
#define KCONSOLE_COOKED 0  /* line editing, echo, ^C/^D/^U/^P handled */
#define KCONSOLE_RAW 1     /* bytes as typed, no echo */
#define KCONSOLE_SET_FG 2  /* arg = the foreground process group: ^C sends
                              SIGINT to its members; 0 = none */
#define KCONSOLE_GET_FG 3

/* schedctl(op, arg); policies: 0 mlfq, 1 rr, 2 prio */
#define KSCHEDCTL_GET 0
#define KSCHEDCTL_SET 1

#endif
