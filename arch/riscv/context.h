/*
 * context.h - callee-saved registers kept across a kernel context switch
 * (switch.S). Everything else is saved by the C calling convention.
 */
#ifndef ARCH_RISCV_CONTEXT_H
#define ARCH_RISCV_CONTEXT_H

#include <stdint.h>

struct context {
	uint64_t ra;
	uint64_t sp;
	uint64_t s[12]; /* s0 (frame pointer) .. s11 */
};

/* Save the current context in *from, resume *to. */
void context_switch(struct context *from, struct context *to);

#endif
