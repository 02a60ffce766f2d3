/*
 * devtree_impl.h - what the passes of devtree_parse() share (devtree.c,
 * devtree_devices.c): the state of one parse and its error reporting.
 * Nothing outside those files includes it.
 */
#ifndef KERNEL_DEVTREE_IMPL_H
#define KERNEL_DEVTREE_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/devtree.h"
#include "kernel/fdt.h"

/* The riscv,cpu-intc interrupt number of the supervisor external
 * interrupt (11 is the machine-mode one, which S-mode never sees). */
#define RISCV_INTC_S_EXTERNAL 9

#define DEVTREE_STR(x) #x
#define DEVTREE_XSTR(x) DEVTREE_STR(x)

struct devtree_ctx {
	struct fdt fdt;
	struct platform *p;
	char *err;                        /* the caller's message buffer */
	size_t errlen;
	uint32_t intc[DEVTREE_MAX_HARTS]; /* phandle of harts[i]'s interrupt
	                                     controller, 0 when none */
	int stdout_node;                  /* node named by stdout-path, or < 0 */
	bool console_found;               /* p->uart is that node */
	bool fallback_found;
	struct devtree_uart fallback;     /* the first UART we can drive */
};

/* Put "what" or "what: detail" in the caller's buffer; return code. */
int devtree_fail(struct devtree_ctx *ctx, int code, const char *what, const char *detail);
void devtree_copy_string(char *dst, size_t cap, const char *s);
/* The devices pass: 0 or the negative code devtree_fail returned. */
int devtree_parse_devices(struct devtree_ctx *ctx);

#endif
