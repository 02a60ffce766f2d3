/*
 * devtree_devices.c - the devices pass of devtree_parse() (see
 * devtree.c): every enabled node in document order; UARTs (the console is
 * the stdout-path one, else the first we can drive), the first PLIC with
 * each hart's S-mode context from interrupts-extended, virtio-mmio
 * transports, QEMU's test finisher.
 */
#include <string.h>

#include "kernel/devtree.h"
#include "kernel/devtree_impl.h"
#include "kernel/fdt.h"
#include "kernel/uapi/errno.h"

static const struct {
	const char *compatible;
	enum devtree_uart_kind kind;
} devtree_uart_table[] = {
	{ "ns16550a", UART_NS16550 },
	{ "ns16550", UART_NS16550 },
	{ "snps,dw-apb-uart", UART_NS16550 },
	{ "sifive,uart0", UART_SIFIVE },
};

static enum devtree_uart_kind devtree_uart_kind(const void *compat, uint32_t len)
{
	size_t i;

	for (i = 0; i < sizeof devtree_uart_table / sizeof devtree_uart_table[0]; i++) {
		if (fdt_stringlist_contains(compat, len, devtree_uart_table[i].compatible))
			return devtree_uart_table[i].kind;
	}
	return UART_NONE;
}

/* "riscv,plic0", "sifive,plic-1.0.0", or any other "...plic..." */
static bool devtree_is_plic(const void *compat, uint32_t len)
{
	const char *s;
	int i;

	for (i = 0; (s = fdt_stringlist_get(compat, len, i)) != NULL; i++) {
		if (strstr(s, "plic") != NULL)
			return true;
	}
	return false;
}

/* First cell of "interrupts", or the irq of the first "interrupts-extended"
 * pair; 0 when the node has neither. */
static uint32_t devtree_first_irq(const struct fdt *fdt, int node)
{
	uint32_t len;
	const uint8_t *cells = fdt_getprop(fdt, node, "interrupts", &len);

	if (cells != NULL && len >= 4)
		return fdt_be32(cells);
	cells = fdt_getprop(fdt, node, "interrupts-extended", &len);
	if (cells != NULL && len >= 8)
		return fdt_be32(cells + 4);
	return 0;
}

static bool devtree_uart_read(const struct fdt *fdt, int node, struct devtree_uart *u)
{
	uint64_t clock = 0;

	u->reg_shift = 0;
	u->reg_io_width = 1;
	if (fdt_node_reg(fdt, node, 0, &u->base, &u->size) < 0)
		return false;
	fdt_getprop_u32(fdt, node, "reg-shift", &u->reg_shift);
	fdt_getprop_u32(fdt, node, "reg-io-width", &u->reg_io_width);
	fdt_getprop_uint(fdt, node, "clock-frequency", &clock);
	u->clock_hz = clock <= UINT32_MAX ? (uint32_t)clock : 0;
	u->irq = devtree_first_irq(fdt, node);
	return u->reg_shift < 8 &&
	       (u->reg_io_width == 1 || u->reg_io_width == 2 || u->reg_io_width == 4);
}

static int devtree_probe_uart(struct devtree_ctx *ctx, int node,
                              enum devtree_uart_kind kind)
{
	struct devtree_uart u;

	memset(&u, 0, sizeof u);
	u.kind = kind;
	if (!devtree_uart_read(&ctx->fdt, node, &u))
		return 0; /* not one we can drive */
	if (node == ctx->stdout_node) {
		ctx->p->uart = u;
		ctx->console_found = true;
	} else if (!ctx->fallback_found) {
		ctx->fallback = u;
		ctx->fallback_found = true;
	}
	return 0;
}

/* The #interrupt-cells of the node with this phandle, or -1. */
static int devtree_interrupt_cells(const struct fdt *fdt, uint32_t phandle)
{
	int node = fdt_node_by_phandle(fdt, phandle);
	uint32_t n = 1;

	if (node < 0)
		return -1;
	fdt_getprop_u32(fdt, node, "#interrupt-cells", &n);
	return n >= 1 && n <= FDT_MAX_CELLS ? (int)n : -1;
}

static void devtree_set_context(struct devtree_ctx *ctx, uint32_t intc, int context)
{
	int i;

	for (i = 0; i < ctx->p->nharts; i++) {
		if (ctx->intc[i] == intc && intc != 0)
			ctx->p->harts[i].plic_s_context = context;
	}
}

/* The PLIC's interrupts-extended lists its contexts in order, each as
 * <cpu-intc-phandle irq>: context i whose irq is the S-mode external
 * interrupt belongs to the hart owning that interrupt controller. */
static void devtree_plic_contexts(struct devtree_ctx *ctx, int plic)
{
	uint32_t len, pos, n;
	const uint8_t *cells = fdt_getprop(&ctx->fdt, plic, "interrupts-extended", &len);
	int context, ncells;

	if (cells == NULL)
		return;
	for (pos = 0, context = 0; len - pos >= 8; context++) {
		uint32_t intc = fdt_be32(cells + pos);

		ncells = devtree_interrupt_cells(&ctx->fdt, intc);
		if (ncells < 0)
			return; /* dangling phandle: the rest cannot be decoded */
		n = 4 * (uint32_t)ncells;
		if (len - pos - 4 < n)
			return;
		if (fdt_be32(cells + pos + 4) == RISCV_INTC_S_EXTERNAL)
			devtree_set_context(ctx, intc, context);
		pos += 4 + n;
	}
}

static int devtree_probe_plic(struct devtree_ctx *ctx, int node)
{
	struct devtree_plic *plic = &ctx->p->plic;

	if (plic->present || fdt_node_reg(&ctx->fdt, node, 0, &plic->base, &plic->size) < 0)
		return 0;
	plic->present = true;
	fdt_getprop_u32(&ctx->fdt, node, "riscv,ndev", &plic->ndev);
	devtree_plic_contexts(ctx, node);
	return 0;
}

/* Insert v into the virtio table, keeping it sorted by base. */
static int devtree_probe_virtio(struct devtree_ctx *ctx, int node)
{
	struct platform *p = ctx->p;
	struct devtree_virtio v;
	int i;

	memset(&v, 0, sizeof v);
	if (fdt_node_reg(&ctx->fdt, node, 0, &v.base, &v.size) < 0 ||
	    (v.irq = devtree_first_irq(&ctx->fdt, node)) == 0)
		return 0;
	if (p->nvirtio >= DEVTREE_MAX_VIRTIO)
		return devtree_fail(ctx, -ENOSPC, "too many virtio,mmio nodes",
		                    "virtio table full (DEVTREE_MAX_VIRTIO = "
		                    DEVTREE_XSTR(DEVTREE_MAX_VIRTIO) ")");
	for (i = p->nvirtio; i > 0 && p->virtio[i - 1].base > v.base; i--)
		p->virtio[i] = p->virtio[i - 1];
	p->virtio[i] = v;
	p->nvirtio++;
	return 0;
}

static int devtree_probe_node(struct devtree_ctx *ctx, int node)
{
	const struct fdt *fdt = &ctx->fdt;
	uint32_t len;
	const void *compat = fdt_getprop(fdt, node, "compatible", &len);
	enum devtree_uart_kind kind;

	if (!fdt_stringlist_valid(compat, len) || !fdt_node_is_enabled(fdt, node))
		return 0;
	kind = devtree_uart_kind(compat, len);
	if (kind != UART_NONE)
		return devtree_probe_uart(ctx, node, kind);
	if (fdt_stringlist_contains(compat, len, "virtio,mmio"))
		return devtree_probe_virtio(ctx, node);
	if (devtree_is_plic(compat, len))
		return devtree_probe_plic(ctx, node);
	if (fdt_stringlist_contains(compat, len, "sifive,test0")) {
		uint64_t size;
		if (fdt_node_reg(fdt, node, 0, &ctx->p->test_finisher, &size) < 0)
			ctx->p->test_finisher = 0;
	}
	return 0;
}

int devtree_parse_devices(struct devtree_ctx *ctx)
{
	int depth = 0, node = fdt_root(&ctx->fdt), r;

	while ((node = fdt_next_node(&ctx->fdt, node, &depth)) >= 0) {
		if (depth <= 0)
			return devtree_fail(ctx, -EINVAL, "corrupt DTB", "a node after the root");
		r = devtree_probe_node(ctx, node);
		if (r < 0)
			return r;
	}
	if (node != -ENOENT)
		return devtree_fail(ctx, node, "corrupt DTB", "walking the tree");
	if (!ctx->console_found && ctx->fallback_found)
		ctx->p->uart = ctx->fallback;
	return 0;
}

