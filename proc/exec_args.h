/*
 * exec_args.h - exec's argument and environment strings: copied from the
 * caller's memory before anything changes, then pushed onto the new
 * program's stack.
 */
#ifndef PROC_EXEC_ARGS_H
#define PROC_EXEC_ARGS_H

#include <stdint.h>

#define EXEC_ARG_MAX (128 * 1024) /* bytes of strings: -E2BIG beyond */
#define EXEC_MAX_ARGS 4096        /* argv + envp entries: -E2BIG beyond */

struct mm;

struct exec_args {
	char *buf;     /* argc strings, then envc strings, each NUL-ended */
	uint64_t used;
	int argc, envc;
};

/* uargv NULL: argv is just { path }. 0 or -errno. */
int exec_args_collect(struct exec_args *a, const char *path, uint64_t uargv, uint64_t uenvp);
/* Lay the strings and the argv/envp arrays out below USER_STACK_TOP in
 * mm; returns the stack pointer and the arrays' addresses. */
int exec_args_push(struct mm *mm, const struct exec_args *a, uint64_t *sp,
                   uint64_t *argv, uint64_t *envp);
void exec_args_free(struct exec_args *a);

#endif
