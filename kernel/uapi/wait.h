/*
 * uapi/wait.h - waitpid() options and the encoding of its status word,
 * which follows the POSIX convention: exited normally -> (code & 0xff) << 8;
 * killed by signal s -> s.
 */
#ifndef UAPI_WAIT_H
#define UAPI_WAIT_H

#define KWNOHANG 1

#define KW_EXITCODE(code) (((code) & 0xff) << 8)
#define KW_SIGNALED(sig) ((sig) & 0x7f)

/* Signals that kill() can send. Only killing is implemented. */
#define KSIGINT 2
#define KSIGILL 4
#define KSIGTRAP 5
#define KSIGBUS 7
#define KSIGKILL 9
#define KSIGSEGV 11
#define KSIGTERM 15

#endif
