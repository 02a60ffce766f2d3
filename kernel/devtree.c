/*
 * devtree.c - fill the struct platform of devtree.h from a DTB.
 *
 * devtree_parse() checks the whole blob first (fdt_init, fdt_check: a
 * corrupt blob is an error, never a stray read) and then reads the tree in
 * passes, each over one part of it:
 *   root     "model"; memory nodes (children of / with device_type
 *            "memory"); the memory reservation block and the children of
 *            /reserved-memory that have a reg
 *   /cpus    one hart per cpu node; timebase; each hart's interrupt
 *            controller phandle, kept for the PLIC pass
 *   /chosen  bootargs, the initrd range, the node stdout-path names
 *   devices  (devtree_devices.c) every enabled node, in document order: UARTs (the console is
 *            the stdout-path one, else the first we can drive), the first
 *            PLIC (whose interrupts-extended gives each hart its S-mode
 *            context), and virtio-mmio transports
 * It runs before the kernel has an allocator or a console: no globals, no
 * allocation; the state of one parse is a struct devtree_ctx on the
 * caller's stack, and errors come back as a negative errno plus a message.
 */
#include "kernel/devtree.h"

#include <string.h>

#include "kernel/devtree_impl.h"
#include "kernel/fdt.h"
#include "kernel/uapi/errno.h"

/* ---- errors ---------------------------------------------------------- */

static size_t devtree_append(char *buf, size_t cap, size_t n, const char *s)
{
	while (*s != '\0' && n + 1 < cap)
		buf[n++] = *s++;
	buf[n] = '\0';
	return n;
}

/* Put "what" or "what: detail" in the caller's buffer; return code. */
int devtree_fail(struct devtree_ctx *ctx, int code, const char *what,
                        const char *detail)
{
	size_t n;

	if (ctx->errlen == 0)
		return code;
	n = devtree_append(ctx->err, ctx->errlen, 0, what);
	if (detail != NULL) {
		n = devtree_append(ctx->err, ctx->errlen, n, ": ");
		devtree_append(ctx->err, ctx->errlen, n, detail);
	}
	return code;
}

/* Copy string s (may be NULL) into dst[0..cap-1], truncating. */
void devtree_copy_string(char *dst, size_t cap, const char *s)
{
	dst[0] = '\0';
	if (s != NULL)
		devtree_append(dst, cap, 0, s);
}

/* ---- memory ---------------------------------------------------------- */

static int devtree_add_range(struct devtree_ctx *ctx, struct devtree_range *table,
                             int *n, uint64_t base, uint64_t size, const char *what)
{
	if (size == 0)
		return 0;
	if (base + size < base)
		return devtree_fail(ctx, -EINVAL, what, "range wraps around");
	if (*n >= DEVTREE_MAX_RANGES)
		return devtree_fail(ctx, -ENOSPC, what,
		                    "table full (DEVTREE_MAX_RANGES = "
		                    DEVTREE_XSTR(DEVTREE_MAX_RANGES) ")");
	table[*n].base = base;
	table[*n].size = size;
	(*n)++;
	return 0;
}

/* Add every entry of node's reg (none if it has no reg) to the table. */
static int devtree_add_reg(struct devtree_ctx *ctx, int node,
                           struct devtree_range *table, int *n, const char *what)
{
	int count = fdt_node_reg_count(&ctx->fdt, node);
	uint64_t base, size;
	int i, r;

	if (count == -ENOENT)
		return 0;
	if (count < 0)
		return devtree_fail(ctx, count, "malformed reg in node",
		                    fdt_node_name(&ctx->fdt, node));
	for (i = 0; i < count; i++) {
		r = fdt_node_reg(&ctx->fdt, node, i, &base, &size);
		if (r < 0)
			return devtree_fail(ctx, r, "untranslatable reg in node",
			                    fdt_node_name(&ctx->fdt, node));
		r = devtree_add_range(ctx, table, n, base, size, what);
		if (r < 0)
			return r;
	}
	return 0;
}

static bool devtree_is_memory(const struct fdt *fdt, int node)
{
	const char *type = fdt_getprop_string(fdt, node, "device_type");

	return type != NULL && strcmp(type, "memory") == 0 &&
	       fdt_node_is_enabled(fdt, node);
}

static int devtree_parse_memory(struct devtree_ctx *ctx, int root)
{
	struct platform *p = ctx->p;
	int node, r;

	for (node = fdt_first_child(&ctx->fdt, root); node >= 0;
	     node = fdt_next_sibling(&ctx->fdt, node)) {
		if (!devtree_is_memory(&ctx->fdt, node))
			continue;
		r = devtree_add_reg(ctx, node, p->mem, &p->nmem, "memory");
		if (r < 0)
			return r;
	}
	if (node != -ENOENT)
		return devtree_fail(ctx, node, "corrupt DTB: walking /", NULL);
	if (p->nmem == 0)
		return devtree_fail(ctx, -ENOENT, "no memory node",
		                    "no enabled child of / with device_type \"memory\" and a reg");
	return 0;
}

/* The header's memory reservation block (/memreserve/ in a .dts). */
static int devtree_parse_memreserve(struct devtree_ctx *ctx)
{
	struct platform *p = ctx->p;
	uint64_t base, size;
	int i, r;

	for (i = 0;; i++) {
		r = fdt_rsv_get(&ctx->fdt, i, &base, &size);
		if (r == -ENOENT)
			return 0;
		if (r < 0)
			return devtree_fail(ctx, r, "corrupt DTB",
			                    "memory reservation block has no end marker");
		r = devtree_add_range(ctx, p->reserved, &p->nreserved, base, size,
		                      "reserved memory");
		if (r < 0)
			return r;
	}
}

static int devtree_parse_reserved(struct devtree_ctx *ctx)
{
	struct platform *p = ctx->p;
	int node, r = devtree_parse_memreserve(ctx);
	int parent = fdt_path_offset(&ctx->fdt, "/reserved-memory", 16);

	if (r < 0 || parent < 0)
		return r;
	for (node = fdt_first_child(&ctx->fdt, parent); node >= 0;
	     node = fdt_next_sibling(&ctx->fdt, node)) {
		if (!fdt_node_is_enabled(&ctx->fdt, node))
			continue;
		r = devtree_add_reg(ctx, node, p->reserved, &p->nreserved,
		                    "reserved memory");
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- cpus ------------------------------------------------------------ */

/* Does the riscv,isa string name ext as a whole "_ext" token, as in
 * "rv64imafdch_zicsr_sstc"? (Single letters before the first '_' are
 * never multi-letter extensions.) */
static bool devtree_isa_has(const char *isa, const char *ext)
{
	size_t n = strlen(ext);
	const char *s = isa;

	while ((s = strchr(s, '_')) != NULL) {
		s++;
		if (strncmp(s, ext, n) == 0 && (s[n] == '_' || s[n] == '\0'))
			return true;
	}
	return false;
}

static bool devtree_hart_has(const struct fdt *fdt, int cpu, const char *ext)
{
	const char *isa = fdt_getprop_string(fdt, cpu, "riscv,isa");
	uint32_t len;
	const void *list = fdt_getprop(fdt, cpu, "riscv,isa-extensions", &len);

	if (isa != NULL && devtree_isa_has(isa, ext))
		return true;
	return list != NULL && fdt_stringlist_contains(list, len, ext);
}

/* The phandle of the cpu's interrupt-controller child, or 0. */
static uint32_t devtree_cpu_intc(const struct fdt *fdt, int cpu)
{
	int child;

	for (child = fdt_first_child(fdt, cpu); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		if (fdt_getprop(fdt, child, "interrupt-controller", NULL) != NULL)
			return fdt_node_phandle(fdt, child);
	}
	return 0;
}

static void devtree_hart_fill(const struct fdt *fdt, int cpu, struct devtree_hart *h)
{
	const char *mmu = fdt_getprop_string(fdt, cpu, "mmu-type");

	if (mmu != NULL && strcmp(mmu, "riscv,none") == 0)
		mmu = NULL;
	h->usable = mmu != NULL && fdt_node_is_enabled(fdt, cpu);
	devtree_copy_string(h->mmu_type, sizeof h->mmu_type, mmu);
	h->has_sstc = devtree_hart_has(fdt, cpu, "sstc");
	h->plic_s_context = -1;
}

/* Add the cpu node to the hart table; other children of /cpus (cpu-map)
 * are skipped. */
static int devtree_add_hart(struct devtree_ctx *ctx, int cpu)
{
	struct platform *p = ctx->p;
	const char *type = fdt_getprop_string(&ctx->fdt, cpu, "device_type");
	uint64_t hartid, unused;

	if (type == NULL || strcmp(type, "cpu") != 0)
		return 0;
	if (fdt_node_reg(&ctx->fdt, cpu, 0, &hartid, &unused) < 0 || hartid > UINT32_MAX)
		return devtree_fail(ctx, -EINVAL, "cpu node without a valid reg",
		                    fdt_node_name(&ctx->fdt, cpu));
	if (p->nharts >= DEVTREE_MAX_HARTS)
		return devtree_fail(ctx, -ENOSPC, "too many cpu nodes",
		                    "hart table full (DEVTREE_MAX_HARTS = "
		                    DEVTREE_XSTR(DEVTREE_MAX_HARTS) ")");
	p->harts[p->nharts].hartid = (uint32_t)hartid;
	devtree_hart_fill(&ctx->fdt, cpu, &p->harts[p->nharts]);
	ctx->intc[p->nharts] = devtree_cpu_intc(&ctx->fdt, cpu);
	if (p->timebase_hz == 0)
		fdt_getprop_uint(&ctx->fdt, cpu, "timebase-frequency", &p->timebase_hz);
	p->nharts++;
	return 0;
}

static int devtree_parse_cpus(struct devtree_ctx *ctx)
{
	struct platform *p = ctx->p;
	int cpus = fdt_path_offset(&ctx->fdt, "/cpus", 5);
	int cpu, r;

	if (cpus < 0)
		return devtree_fail(ctx, -ENOENT, "missing /cpus node", NULL);
	fdt_getprop_uint(&ctx->fdt, cpus, "timebase-frequency", &p->timebase_hz);
	for (cpu = fdt_first_child(&ctx->fdt, cpus); cpu >= 0;
	     cpu = fdt_next_sibling(&ctx->fdt, cpu)) {
		r = devtree_add_hart(ctx, cpu);
		if (r < 0)
			return r;
	}
	if (cpu != -ENOENT)
		return devtree_fail(ctx, cpu, "corrupt DTB: walking /cpus", NULL);
	if (p->nharts == 0)
		return devtree_fail(ctx, -ENOENT, "no cpu node in /cpus",
		                    "need a child with device_type \"cpu\"");
	if (p->timebase_hz == 0)
		return devtree_fail(ctx, -ENOENT, "missing timebase-frequency",
		                    "neither /cpus nor a cpu node has one");
	return 0;
}

/* ---- chosen ---------------------------------------------------------- */

static int devtree_parse_bootargs(struct devtree_ctx *ctx, int chosen)
{
	const char *args = fdt_getprop_string(&ctx->fdt, chosen, "bootargs");

	if (args == NULL)
		return 0;
	if (strlen(args) >= DEVTREE_BOOTARGS_MAX)
		return devtree_fail(ctx, -E2BIG, "/chosen bootargs too long",
		                    "longer than DEVTREE_BOOTARGS_MAX - 1 bytes "
		                    "(DEVTREE_BOOTARGS_MAX = "
		                    DEVTREE_XSTR(DEVTREE_BOOTARGS_MAX) ")");
	memcpy(ctx->p->bootargs, args, strlen(args) + 1);
	return 0;
}

/* linux,initrd-start/-end: one or two cells each (QEMU writes one). */
static int devtree_parse_initrd(struct devtree_ctx *ctx, int chosen)
{
	const struct fdt *fdt = &ctx->fdt;
	bool has_start = fdt_getprop(fdt, chosen, "linux,initrd-start", NULL) != NULL;
	bool has_end = fdt_getprop(fdt, chosen, "linux,initrd-end", NULL) != NULL;
	uint64_t start, end;

	if (!has_start && !has_end)
		return 0;
	if (!has_start || !has_end ||
	    !fdt_getprop_uint(fdt, chosen, "linux,initrd-start", &start) ||
	    !fdt_getprop_uint(fdt, chosen, "linux,initrd-end", &end) || end < start)
		return devtree_fail(ctx, -EINVAL, "bad initrd in /chosen",
		                    "need linux,initrd-start <= linux,initrd-end, 1 or 2 cells each");
	ctx->p->initrd_start = start;
	ctx->p->initrd_end = end;
	return 0;
}

/* The node stdout-path names: a path or alias, options after ':' cut. */
static int devtree_stdout_node(const struct fdt *fdt, int chosen)
{
	const char *path = fdt_getprop_string(fdt, chosen, "stdout-path");
	const char *colon;

	if (path == NULL)
		path = fdt_getprop_string(fdt, chosen, "linux,stdout-path");
	if (path == NULL)
		return -ENOENT;
	colon = strchr(path, ':');
	return fdt_path_offset(fdt, path, colon != NULL ? (size_t)(colon - path) : strlen(path));
}

static int devtree_parse_chosen(struct devtree_ctx *ctx)
{
	int chosen = fdt_path_offset(&ctx->fdt, "/chosen", 7);
	int r;

	if (chosen < 0)
		return 0;
	r = devtree_parse_bootargs(ctx, chosen);
	if (r == 0)
		r = devtree_parse_initrd(ctx, chosen);
	ctx->stdout_node = devtree_stdout_node(&ctx->fdt, chosen);
	return r;
}

/* ---- entry points ---------------------------------------------------- */

static int devtree_open(struct devtree_ctx *ctx, const void *blob, size_t bufsize)
{
	int r;

	if (blob == NULL)
		return devtree_fail(ctx, -EINVAL, "no DTB", "null pointer");
	if (bufsize >= 4 && fdt_be32(blob) != FDT_MAGIC)
		return devtree_fail(ctx, -ENOEXEC, "not a DTB", "bad magic");
	r = fdt_init(&ctx->fdt, blob, bufsize);
	if (r == -ENOEXEC)
		return devtree_fail(ctx, r, "unsupported DTB version", NULL);
	if (r == -ERANGE)
		return devtree_fail(ctx, r, "DTB truncated",
		                    "header totalsize is larger than the buffer "
		                    "(or DEVTREE_BLOB_MAX)");
	if (r < 0)
		return devtree_fail(ctx, r, "corrupt DTB", "header sizes or offsets out of bounds");
	r = fdt_check(&ctx->fdt);
	if (r < 0)
		return devtree_fail(ctx, r, "corrupt DTB", "bad structure block");
	return 0;
}

static int devtree_parse_root(struct devtree_ctx *ctx)
{
	int root = fdt_root(&ctx->fdt);
	int r;

	if (root < 0)
		return devtree_fail(ctx, root, "corrupt DTB", "no root node");
	devtree_copy_string(ctx->p->model, sizeof ctx->p->model,
	                    fdt_getprop_string(&ctx->fdt, root, "model"));
	r = devtree_parse_memory(ctx, root);
	if (r == 0)
		r = devtree_parse_reserved(ctx);
	return r;
}

int devtree_parse_buffer(const void *blob, size_t bufsize, struct platform *p,
                         char *err, size_t errlen)
{
	struct devtree_ctx ctx;
	int r;

	memset(p, 0, sizeof *p);
	memset(&ctx, 0, sizeof ctx);
	ctx.p = p;
	ctx.err = err;
	ctx.errlen = err != NULL ? errlen : 0;
	ctx.stdout_node = -ENOENT;
	if (ctx.errlen > 0)
		err[0] = '\0';
	r = devtree_open(&ctx, blob, bufsize);
	if (r == 0)
		r = devtree_parse_root(&ctx);
	if (r == 0)
		r = devtree_parse_cpus(&ctx);
	if (r == 0)
		r = devtree_parse_chosen(&ctx);
	if (r == 0)
		r = devtree_parse_devices(&ctx);
	return r;
}

int devtree_parse(const void *blob, struct platform *p, char *err, size_t errlen)
{
	uint32_t size = devtree_blob_size(blob);

	if (size == 0)
		size = 4; /* just the magic, for the "not a DTB" message */
	if (size > DEVTREE_BLOB_MAX)
		size = DEVTREE_BLOB_MAX;
	return devtree_parse_buffer(blob, size, p, err, errlen);
}

uint32_t devtree_blob_size(const void *blob)
{
	if (blob == NULL || fdt_be32(blob) != FDT_MAGIC)
		return 0;
	return fdt_be32((const uint8_t *)blob + 4);
}

const struct devtree_hart *devtree_find_hart(const struct platform *p, uint32_t hartid)
{
	int i;

	for (i = 0; i < p->nharts; i++) {
		if (p->harts[i].hartid == hartid)
			return &p->harts[i];
	}
	return NULL;
}
