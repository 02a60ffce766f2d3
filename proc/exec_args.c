/*
 * exec_args.c - collecting and laying out exec's arguments (see
 * exec_args.h). Stack layout, from USER_STACK_TOP down:
 *   argument and environment strings
 *   (padding to 16 bytes)
 *   argv[0..argc-1], NULL, envp[0..envc-1], NULL   <- sp
 */
#include "proc/exec_args.h"

#include <string.h>

#include "kernel/uapi/errno.h"
#include "vm/kmalloc.h"
#include "vm/mm.h"
#include "vm/uaccess.h"

static int add_string(struct exec_args *a, const char *s)
{
	uint64_t n = strlen(s) + 1;
	if (n > EXEC_ARG_MAX - a->used)
		return -E2BIG;
	memcpy(a->buf + a->used, s, n);
	a->used += n;
	return 0;
}

/* Copy the NULL-terminated user array of strings at uarr; count them. */
static int add_user_strings(struct exec_args *a, uint64_t uarr, int *count)
{
	for (int i = 0;; i++) {
		uint64_t ustr;
		if (copy_from_user(&ustr, uarr + 8 * (uint64_t)i, sizeof ustr) < 0)
			return -EFAULT;
		if (!ustr)
			return 0;
		if (a->argc + a->envc + *count >= EXEC_MAX_ARGS)
			return -E2BIG;
		long n = strncpy_from_user(a->buf + a->used, ustr, EXEC_ARG_MAX - a->used);
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return (int)n;
		a->used += (uint64_t)n + 1;
		(*count)++;
	}
}

int exec_args_collect(struct exec_args *a, const char *path, uint64_t uargv, uint64_t uenvp)
{
	a->used = 0;
	a->argc = a->envc = 0;
	a->buf = kmalloc(EXEC_ARG_MAX);
	if (!a->buf)
		return -ENOMEM;
	int r;
	if (!uargv) {
		r = add_string(a, path);
		a->argc = 1;
	} else {
		r = add_user_strings(a, uargv, &a->argc);
	}
	if (r == 0 && uenvp)
		r = add_user_strings(a, uenvp, &a->envc);
	return r;
}

int exec_args_push(struct mm *mm, const struct exec_args *a, uint64_t *sp,
                   uint64_t *argv, uint64_t *envp)
{
	uint64_t nptrs = (uint64_t)a->argc + 1 + a->envc + 1;
	uint64_t strings = USER_STACK_TOP - a->used;
	uint64_t arrays = (strings - nptrs * 8) & ~15UL;
	uint64_t *ptrs = kmalloc(nptrs * 8);
	if (!ptrs)
		return -ENOMEM;
	uint64_t off = 0, k = 0;
	for (int i = 0; i < a->argc + a->envc; i++) {
		if (i == a->argc)
			ptrs[k++] = 0; /* argv's NULL */
		ptrs[k++] = strings + off;
		off += strlen(a->buf + off) + 1;
	}
	if (a->envc == 0)
		ptrs[k++] = 0;
	ptrs[k++] = 0;
	int r = mm_copy_out(mm, strings, a->buf, a->used);
	if (r == 0)
		r = mm_copy_out(mm, arrays, ptrs, nptrs * 8);
	kfree(ptrs);
	*sp = arrays;
	*argv = arrays;
	*envp = arrays + 8 * ((uint64_t)a->argc + 1);
	return r;
}

void exec_args_free(struct exec_args *a)
{
	kfree(a->buf);
	a->buf = 0;
}
