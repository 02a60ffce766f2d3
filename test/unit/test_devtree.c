/*
 * test_devtree.c - host unit tests of kernel/devtree.c and kernel/fdt.c.
 *
 * Each test loads DTBs from test/data/ (regenerate them with
 * test/data/make-dtbs.sh; run from the top of the tree, or point
 * DEVTREE_TEST_DATA at the folder) into a heap buffer of exactly the file's
 * size, so AddressSanitizer reports any read past the end. The tests check
 * every fact the kernel takes from the device tree, on QEMU's machines, on
 * the real boards and on small hand-written trees, and then feed the parser
 * broken blobs: bad headers, truncations at every length, corrupted tokens
 * and random byte flips. Those must give an error (or a sane table), never
 * a crash or a stray read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/devtree.h"
#include "kernel/fdt.h"
#include "kernel/uapi/errno.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

/* ---- helpers --------------------------------------------------------- */

struct blob {
	uint8_t *data;
	size_t size;
};

static struct blob blob_load(const char *name)
{
	const char *dir = getenv("DEVTREE_TEST_DATA");
	char path[512];
	struct blob b = { NULL, 0 };
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/%s", dir != NULL ? dir : "test/data", name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s (run from the top of the tree)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	assert_true(n > 0);
	b.size = (size_t)n;
	b.data = malloc(b.size);
	assert_non_null(b.data);
	assert_int_equal(fread(b.data, 1, b.size, f), b.size);
	fclose(f);
	return b;
}

static struct blob blob_copy(const struct blob *src, size_t size)
{
	struct blob b = { malloc(size ? size : 1), size };

	assert_non_null(b.data);
	memcpy(b.data, src->data, size < src->size ? size : src->size);
	return b;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* Parse a file that must parse, with both entry points agreeing. */
static struct platform *parse_file(const char *name)
{
	struct blob b = blob_load(name);
	struct platform *p = calloc(1, sizeof *p), *q = calloc(1, sizeof *q);
	char err[128];
	int r;

	assert_non_null(p);
	assert_non_null(q);
	r = devtree_parse_buffer(b.data, b.size, p, err, sizeof err);
	if (r != 0)
		fail_msg("%s: devtree_parse_buffer = %d: %s", name, r, err);
	assert_string_equal(err, "");
	assert_int_equal(devtree_parse(b.data, q, err, sizeof err), 0);
	assert_memory_equal(p, q, sizeof *p);
	assert_int_equal(devtree_blob_size(b.data), b.size);
	free(q);
	free(b.data);
	return p;
}

/* Parse a file that must fail with code, the message containing what. */
static void parse_fails(const char *name, int code, const char *what)
{
	struct blob b = blob_load(name);
	struct platform p;
	char err[128];
	int r = devtree_parse_buffer(b.data, b.size, &p, err, sizeof err);

	if (r != code || strstr(err, what) == NULL)
		fail_msg("%s: got %d \"%s\", want %d \"...%s...\"", name, r, err, code, what);
	free(b.data);
}

static void check_range(const struct devtree_range *r, uint64_t base, uint64_t size)
{
	assert_int_equal(r->base, base);
	assert_int_equal(r->size, size);
}

static void check_hart(const struct platform *p, uint32_t hartid, bool usable,
                       bool sstc, int context, const char *mmu)
{
	const struct devtree_hart *h = devtree_find_hart(p, hartid);

	if (h == NULL)
		fail_msg("no hart %u", hartid);
	assert_int_equal(h->usable, usable);
	assert_int_equal(h->has_sstc, sstc);
	assert_int_equal(h->plic_s_context, context);
	assert_string_equal(h->mmu_type, mmu);
}

static void check_uart(const struct devtree_uart *u, enum devtree_uart_kind kind,
                       uint64_t base, uint64_t size, uint32_t shift, uint32_t width,
                       uint32_t irq)
{
	assert_int_equal(u->kind, kind);
	assert_int_equal(u->base, base);
	assert_int_equal(u->size, size);
	assert_int_equal(u->reg_shift, shift);
	assert_int_equal(u->reg_io_width, width);
	assert_int_equal(u->irq, irq);
}

/* ---- QEMU virt ------------------------------------------------------- */

struct virt_case {
	const char *file;
	int harts;
	uint64_t mem;
};

static const struct virt_case virt_cases[] = {
	{ "qemu-virt-1hart-128m.dtb", 1, 128 * MiB },
	{ "qemu-virt-4hart-128m.dtb", 4, 128 * MiB },
	{ "qemu-virt-8hart-128m.dtb", 8, 128 * MiB },
	{ "qemu-virt-1hart-2g.dtb", 1, 2 * GiB },
	{ "qemu-virt-4hart-2g.dtb", 4, 2 * GiB },
	{ "qemu-virt-8hart-2g.dtb", 8, 2 * GiB },
	{ "qemu-virt-initrd.dtb", 2, 256 * MiB },
};

/* Everything QEMU 7.2's virt machine has whatever -smp and -m say. */
static void check_virt(const struct platform *p, const struct virt_case *c)
{
	int i;

	assert_string_equal(p->model, "riscv-virtio,qemu");
	assert_int_equal(p->nmem, 1);
	check_range(&p->mem[0], 0x80000000, c->mem);
	assert_int_equal(p->nreserved, 0);
	assert_int_equal(p->nharts, c->harts);
	for (i = 0; i < c->harts; i++) {
		assert_int_equal(p->harts[i].hartid, i);
		check_hart(p, i, true, true, 2 * i + 1, "riscv,sv48");
	}
	assert_null(devtree_find_hart(p, c->harts));
	assert_int_equal(p->timebase_hz, 10000000);
	check_uart(&p->uart, UART_NS16550, 0x10000000, 0x100, 0, 1, 10);
	assert_int_equal(p->uart.clock_hz, 3686400);
	assert_true(p->plic.present);
	assert_int_equal(p->plic.base, 0xc000000);
	assert_int_equal(p->plic.size, 0x600000);
	assert_int_equal(p->plic.ndev, 96);
	assert_int_equal(p->nvirtio, 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(p->virtio[i].base, 0x10001000 + 0x1000 * i);
		assert_int_equal(p->virtio[i].size, 0x1000);
		assert_int_equal(p->virtio[i].irq, i + 1);
	}
}

static void test_virt(void **state)
{
	const struct virt_case *c = *state;
	struct platform *p = parse_file(c->file);

	check_virt(p, c);
	assert_string_equal(p->bootargs, "");
	assert_int_equal(p->initrd_start, 0);
	assert_int_equal(p->initrd_end, 0);
	free(p);
}

/* -append "root=vda" -initrd FILE (8192 bytes) -m 256M */
static void test_virt_initrd(void **state)
{
	struct platform *p = parse_file("qemu-virt-initrd.dtb");

	check_virt(p, &virt_cases[6]);
	assert_string_equal(p->bootargs, "root=vda");
	assert_int_equal(p->initrd_end - p->initrd_start, 8192);
	assert_int_equal(p->initrd_start % 4096, 0);
	assert_true(p->initrd_start >= 0x80000000);
	assert_true(p->initrd_end <= 0x80000000 + 256 * MiB);
	free(p);
}

/* ---- QEMU sifive_u --------------------------------------------------- */

static void test_sifive_u(void **state)
{
	struct platform *p = parse_file("qemu-sifive_u-5hart.dtb");
	int h;

	assert_string_equal(p->model, "SiFive HiFive Unleashed A00");
	assert_int_equal(p->nmem, 1);
	check_range(&p->mem[0], 0x80000000, 1 * GiB);
	assert_int_equal(p->nharts, 5);
	check_hart(p, 0, false, false, -1, ""); /* E51 monitor core: no MMU */
	for (h = 1; h < 5; h++)
		check_hart(p, h, true, false, 2 * h, "riscv,sv48");
	assert_int_equal(p->timebase_hz, 1000000);
	check_uart(&p->uart, UART_SIFIVE, 0x10010000, 0x1000, 0, 1, 4);
	assert_true(p->plic.present);
	assert_int_equal(p->plic.base, 0xc000000);
	assert_int_equal(p->plic.size, 0x4000000);
	assert_int_equal(p->plic.ndev, 53);
	assert_int_equal(p->nvirtio, 0);
	assert_string_equal(p->bootargs, "");
	free(p);
}

/* ---- real boards ----------------------------------------------------- */

/* JH7110: S7 monitor hart 0 (disabled, no MMU), U74 harts 1-4. */
static void test_visionfive2(void **state)
{
	const char *file = *state;
	struct platform *p = parse_file(file);
	int h;

	assert_non_null(strstr(p->model, "StarFive VisionFive 2 v1."));
	assert_int_equal(p->nmem, 1);
	check_range(&p->mem[0], 0x40000000, 4 * GiB);
	assert_int_equal(p->nreserved, 0);
	assert_int_equal(p->nharts, 5);
	check_hart(p, 0, false, false, -1, "");
	for (h = 1; h < 5; h++)
		check_hart(p, h, true, false, 2 * h, "riscv,sv39");
	assert_int_equal(p->timebase_hz, 4000000);
	check_uart(&p->uart, UART_NS16550, 0x10000000, 0x10000, 2, 4, 32);
	assert_int_equal(p->uart.clock_hz, 0); /* given by a clocks phandle */
	assert_true(p->plic.present);
	assert_int_equal(p->plic.base, 0xc000000);
	assert_int_equal(p->plic.size, 0x4000000);
	assert_int_equal(p->plic.ndev, 136);
	assert_int_equal(p->nvirtio, 0);
	assert_string_equal(p->bootargs, "");
	assert_int_equal(p->initrd_start, 0);
	free(p);
}

/* JH7100: two U74 harts, both usable; PLIC contexts are 2h+1 here. */
static void test_visionfive1(void **state)
{
	struct platform *p = parse_file("jh7100-starfive-visionfive-v1.dtb");

	assert_string_equal(p->model, "StarFive VisionFive V1");
	assert_int_equal(p->nmem, 1);
	check_range(&p->mem[0], 0x80000000, 8 * GiB);
	assert_int_equal(p->nreserved, 2);
	check_range(&p->reserved[0], 0xfa000000, 16 * MiB);
	check_range(&p->reserved[1], 0x107a000000, 16 * MiB);
	assert_int_equal(p->nharts, 2);
	check_hart(p, 0, true, false, 1, "riscv,sv39");
	check_hart(p, 1, true, false, 3, "riscv,sv39");
	assert_int_equal(p->timebase_hz, 6250000);
	check_uart(&p->uart, UART_NS16550, 0x12440000, 0x10000, 2, 4, 73);
	assert_int_equal(p->plic.ndev, 133);
	free(p);
}

/* PolarFire SoC: E51 monitor hart 0, two RAM ranges, stdout via alias. */
static void test_icicle(void **state)
{
	struct platform *p = parse_file("microchip-mpfs-icicle-kit.dtb");
	int h;

	assert_string_equal(p->model, "Microchip PolarFire-SoC Icicle Kit");
	assert_int_equal(p->nmem, 2);
	check_range(&p->mem[0], 0x80000000, 1 * GiB);
	check_range(&p->mem[1], 0x1040000000, 1 * GiB);
	assert_int_equal(p->nreserved, 1);
	check_range(&p->reserved[0], 0xbfc00000, 4 * MiB);
	assert_int_equal(p->nharts, 5);
	check_hart(p, 0, false, false, -1, "");
	for (h = 1; h < 5; h++)
		check_hart(p, h, true, false, 2 * h, "riscv,sv39");
	assert_int_equal(p->timebase_hz, 1000000);
	/* stdout-path = "serial1:115200n8" -> /soc/serial@20100000 */
	check_uart(&p->uart, UART_NS16550, 0x20100000, 0x400, 2, 4, 91);
	assert_true(p->plic.present);
	assert_int_equal(p->plic.base, 0xc000000);
	assert_int_equal(p->plic.ndev, 186);
	assert_int_equal(p->nvirtio, 0);
	free(p);
}

/* ---- hand-written trees ---------------------------------------------- */

static void test_synth_edge(void **state)
{
	struct platform *p = parse_file("synth-edge.dtb");

	assert_string_equal(p->model, "synthetic edge cases");
	assert_int_equal(p->nmem, 3); /* two from one reg, one disabled node */
	check_range(&p->mem[0], 0x80000000, 16 * MiB);
	check_range(&p->mem[1], 0x90000000, 32 * MiB);
	check_range(&p->mem[2], 0xc0000000, 64 * MiB);
	assert_int_equal(p->nreserved, 2); /* /memreserve/ + fw; pool has no reg */
	check_range(&p->reserved[0], 0x80000000, 0x20000);
	check_range(&p->reserved[1], 0x80000000, 0x40000);
	assert_int_equal(p->nharts, 4);
	check_hart(p, 0, false, false, -1, ""); /* riscv,none; "_sstcx" */
	check_hart(p, 1, true, true, 2, "riscv,sv39"); /* isa-extensions */
	check_hart(p, 2, false, true, -1, "riscv,sv39"); /* disabled */
	check_hart(p, 3, true, true, 4, "riscv,sv57"); /* after a 2-cell intc */
	assert_int_equal(p->timebase_hz, 50000000); /* 64-bit, in cpu@0 */
	assert_string_equal(p->bootargs, "console=hvc0 root=/dev/ram sched=rr");
	assert_int_equal(p->initrd_start, 0x84000000);
	assert_int_equal(p->initrd_end, 0x84100000);
	/* alias with options, translated through two buses' ranges */
	check_uart(&p->uart, UART_SIFIVE, 0xf0008010, 0x10, 0, 1, 8);
	assert_true(p->plic.present);
	assert_int_equal(p->plic.base, 0xc000000);
	assert_int_equal(p->plic.ndev, 64);
	assert_int_equal(p->nvirtio, 2); /* one disabled, one without irq */
	assert_int_equal(p->virtio[0].base, 0x10001000);
	assert_int_equal(p->virtio[0].irq, 1);
	assert_int_equal(p->virtio[1].base, 0x10003000);
	assert_int_equal(p->virtio[1].irq, 3);
	free(p);
}

static void test_synth_minimal(void **state)
{
	struct platform *p = parse_file("synth-minimal.dtb");

	assert_int_equal(p->nharts, 1);
	check_hart(p, 0, true, false, -1, "riscv,sv39");
	assert_int_equal(p->uart.kind, UART_NONE);
	assert_false(p->plic.present);
	assert_int_equal(p->nvirtio, 0);
	assert_string_equal(p->model, "");
	free(p);
}

/* stdout-path names no node: take the first enabled UART we can drive. */
static void test_synth_fallback_uart(void **state)
{
	struct platform *p = parse_file("synth-fallback-uart.dtb");

	check_uart(&p->uart, UART_SIFIVE, 0x10003000, 0x1000, 0, 1, 4);
	free(p);
}

static void test_synth_errors(void **state)
{
	parse_fails("synth-no-cpus.dtb", -ENOENT, "/cpus");
	parse_fails("synth-no-memory.dtb", -ENOENT, "memory");
	parse_fails("synth-no-timebase.dtb", -ENOENT, "timebase-frequency");
	parse_fails("synth-too-many-harts.dtb", -ENOSPC, "DEVTREE_MAX_HARTS");
	parse_fails("synth-long-bootargs.dtb", -E2BIG, "bootargs");
}

/* ---- fdt.c directly -------------------------------------------------- */

static struct fdt fdt_open(struct blob *b, const char *name)
{
	struct fdt fdt;

	*b = blob_load(name);
	assert_int_equal(fdt_init(&fdt, b->data, b->size), 0);
	assert_int_equal(fdt_check(&fdt), 0);
	return fdt;
}

static int path(const struct fdt *fdt, const char *s)
{
	return fdt_path_offset(fdt, s, strlen(s));
}

static void test_fdt_paths(void **state)
{
	struct blob b;
	struct fdt fdt = fdt_open(&b, "qemu-sifive_u-5hart.dtb");
	int serial = path(&fdt, "/soc/serial@10010000");

	assert_true(serial > 0);
	assert_string_equal(fdt_node_name(&fdt, serial), "serial@10010000");
	assert_int_equal(path(&fdt, "/soc/serial"), serial); /* first match */
	assert_int_equal(path(&fdt, "serial0"), serial);     /* alias */
	assert_int_equal(path(&fdt, "//soc//serial@10010000/"), serial);
	assert_int_equal(path(&fdt, "/soc/serial@10011000"),
	                 fdt_next_sibling(&fdt, serial));
	assert_int_equal(path(&fdt, "/soc/serial@1"), -ENOENT);
	assert_int_equal(path(&fdt, "/nope"), -ENOENT);
	assert_int_equal(path(&fdt, "nope"), -ENOENT);
	assert_int_equal(path(&fdt, ""), -ENOENT);
	assert_int_equal(path(&fdt, "/"), fdt_root(&fdt));
	assert_int_equal(fdt_ancestors(&fdt, fdt_root(&fdt), NULL, 0), 0);
	free(b.data);
}

static void test_fdt_props(void **state)
{
	struct blob b;
	struct fdt fdt = fdt_open(&b, "jh7110-starfive-visionfive-2-v1.3b.dtb");
	int uart = path(&fdt, "serial0"), cpu1 = path(&fdt, "/cpus/cpu@1");
	uint32_t len, v;
	const void *compat = fdt_getprop(&fdt, uart, "compatible", &len);

	assert_non_null(compat);
	assert_int_equal(fdt_stringlist_count(compat, len), 2);
	assert_string_equal(fdt_stringlist_get(compat, len, 1), "snps,dw-apb-uart");
	assert_null(fdt_stringlist_get(compat, len, 2));
	assert_true(fdt_node_is_compatible(&fdt, uart, "starfive,jh7110-uart"));
	assert_false(fdt_node_is_compatible(&fdt, uart, "snps,dw-apb"));
	assert_true(fdt_getprop_u32(&fdt, uart, "reg-shift", &v));
	assert_int_equal(v, 2);
	assert_null(fdt_getprop(&fdt, uart, "no-such-prop", &len));
	assert_false(fdt_node_is_enabled(&fdt, path(&fdt, "/cpus/cpu@0")));
	assert_true(fdt_node_is_enabled(&fdt, cpu1));
	assert_int_equal(fdt_address_cells(&fdt, path(&fdt, "/cpus")), 1);
	assert_int_equal(fdt_size_cells(&fdt, path(&fdt, "/cpus")), 0);
	/* phandles: cpu@1's interrupt controller */
	assert_int_equal(fdt_node_by_phandle(&fdt, fdt_node_phandle(&fdt, cpu1)), cpu1);
	assert_int_equal(fdt_node_by_phandle(&fdt, 0), -ENOENT);
	assert_int_equal(fdt_node_by_phandle(&fdt, 0x7777), -ENOENT);
	free(b.data);
}

/* usb@10100000 maps its children's 0.. to 0x10100000 through ranges. */
static void test_fdt_translate(void **state)
{
	struct blob b;
	struct fdt fdt = fdt_open(&b, "jh7110-starfive-visionfive-2-v1.3b.dtb");
	int usb = path(&fdt, "/soc/usb@10100000/usb@0");
	uint64_t addr, size;

	assert_int_equal(fdt_node_reg_count(&fdt, usb), 3);
	assert_int_equal(fdt_node_reg(&fdt, usb, 1, &addr, &size), 0);
	assert_int_equal(addr, 0x10110000);
	assert_int_equal(size, 0x10000);
	assert_int_equal(fdt_node_reg(&fdt, usb, 3, &addr, &size), -ENOENT);
	assert_int_equal(fdt_node_reg(&fdt, fdt_root(&fdt), 0, &addr, &size), -EINVAL);
	free(b.data);

	fdt = fdt_open(&b, "synth-edge.dtb");
	assert_int_equal(fdt_node_reg(&fdt, path(&fdt, "/bus@f0000000/serial@1000"), 0,
	                              &addr, &size), 0);
	assert_int_equal(addr, 0xf0001000);
	assert_int_equal(fdt_node_reg(&fdt, path(&fdt, "uart1"), 0, &addr, &size), 0);
	assert_int_equal(addr, 0xf0008010);
	free(b.data);
}

static void test_fdt_memreserve(void **state)
{
	struct blob b;
	struct fdt fdt = fdt_open(&b, "synth-edge.dtb");
	uint64_t base, size;

	assert_int_equal(fdt_rsv_get(&fdt, 0, &base, &size), 0);
	assert_int_equal(base, 0x80000000);
	assert_int_equal(size, 0x20000);
	assert_int_equal(fdt_rsv_get(&fdt, 1, &base, &size), -ENOENT);
	assert_int_equal(fdt_rsv_get(&fdt, -1, &base, &size), -EINVAL);
	assert_int_equal(fdt_rsv_get(&fdt, 100000, &base, &size), -EINVAL);
	free(b.data);
}

/* Node offsets that are not nodes: every accessor says so. */
static void test_fdt_bad_offsets(void **state)
{
	struct blob b;
	struct fdt fdt = fdt_open(&b, "qemu-virt-1hart-128m.dtb");
	int root = fdt_root(&fdt), depth = 0;
	const int bad[] = { -4, -1, 0, 8, root + 1, root + 2, root + 4, (int)b.size,
	                    (int)b.size + 4, 0x7ffffffc };
	struct fdt_prop prop;
	uint64_t addr, size;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_null(fdt_node_name(&fdt, bad[i]));
		assert_null(fdt_getprop(&fdt, bad[i], "reg", NULL));
		assert_true(fdt_prop_first(&fdt, bad[i], &prop) < 0);
		assert_true(fdt_first_child(&fdt, bad[i]) < 0);
		assert_true(fdt_next_sibling(&fdt, bad[i]) < 0);
		assert_true(fdt_next_node(&fdt, bad[i], &depth) < 0);
		assert_true(fdt_node_reg(&fdt, bad[i], 0, &addr, &size) < 0);
	}
	for (i = fdt.struct_off; i < fdt.struct_end; i++) {
		if (i % 4 != 0)
			assert_true(fdt_prop_first(&fdt, (int)i, &prop) < 0);
	}
	free(b.data);

	/* a reservation entry whose first word looks like FDT_BEGIN_NODE */
	fdt = fdt_open(&b, "synth-edge.dtb");
	put_be32(b.data + fdt.rsvmap_off, 1);
	assert_null(fdt_node_name(&fdt, (int)fdt.rsvmap_off));
	free(b.data);
}

/* ---- broken blobs ---------------------------------------------------- */

enum { HDR_TOTALSIZE = 4, HDR_OFF_STRUCT = 8, HDR_OFF_STRINGS = 12,
       HDR_OFF_RSVMAP = 16, HDR_VERSION = 20, HDR_LAST_COMP = 24,
       HDR_SIZE_STRINGS = 32, HDR_SIZE_STRUCT = 36 };

/* Parse bytes[0..size-1] and return the code; the message must be set. */
static int parse_bytes(const uint8_t *bytes, size_t size)
{
	struct platform *p = malloc(sizeof *p);
	char err[64];
	int r;

	assert_non_null(p);
	memset(err, 'x', sizeof err);
	r = devtree_parse_buffer(bytes, size, p, err, sizeof err);
	assert_true(memchr(err, '\0', sizeof err) != NULL);
	if (r < 0)
		assert_true(err[0] != '\0');
	else
		assert_true(p->nmem >= 1 && p->nmem <= DEVTREE_MAX_RANGES &&
		            p->nharts >= 1 && p->nharts <= DEVTREE_MAX_HARTS &&
		            p->nvirtio <= DEVTREE_MAX_VIRTIO && p->timebase_hz != 0);
	free(p);
	return r;
}

/* Parse a copy of src with the be32 header field at off set to v. */
static int parse_with_field(const struct blob *src, int off, uint32_t v)
{
	struct blob b = blob_copy(src, src->size);
	int r;

	put_be32(b.data + off, v);
	r = parse_bytes(b.data, b.size);
	free(b.data);
	return r;
}

static void test_bad_header(void **state)
{
	struct blob b = blob_load("qemu-virt-1hart-128m.dtb");
	uint32_t total = (uint32_t)b.size;
	struct platform p;
	char err[64];

	assert_int_equal(parse_with_field(&b, 0, 0xd00dfeee), -ENOEXEC);
	assert_int_equal(parse_with_field(&b, HDR_VERSION, 16), -ENOEXEC);
	assert_int_equal(parse_with_field(&b, HDR_LAST_COMP, 18), -ENOEXEC);
	assert_int_equal(parse_with_field(&b, HDR_TOTALSIZE, 39), -EINVAL);
	assert_int_equal(parse_with_field(&b, HDR_TOTALSIZE, total + 1), -ERANGE);
	assert_int_equal(parse_with_field(&b, HDR_TOTALSIZE, 0xffffffff), -ERANGE);
	assert_int_equal(parse_with_field(&b, HDR_OFF_STRUCT, total), -EINVAL);
	assert_int_equal(parse_with_field(&b, HDR_OFF_STRUCT, 0x3a), -EINVAL);
	assert_int_equal(parse_with_field(&b, HDR_OFF_STRUCT, 0), -EINVAL);
	assert_int_equal(parse_with_field(&b, HDR_SIZE_STRUCT, 0xfffffff0), -EINVAL);
	assert_int_equal(parse_with_field(&b, HDR_SIZE_STRUCT, 0), -EINVAL);
	assert_int_equal(parse_with_field(&b, HDR_OFF_STRINGS, 0xfffffff0), -EINVAL);
	assert_int_equal(parse_with_field(&b, HDR_SIZE_STRINGS, total), -EINVAL);
	assert_int_equal(parse_with_field(&b, HDR_OFF_RSVMAP, total - 8), -EINVAL);
	assert_int_equal(parse_with_field(&b, HDR_OFF_RSVMAP, 0x2c), -EINVAL);
	/* tiny and missing buffers */
	assert_int_equal(parse_bytes(b.data, 0), -ERANGE);
	assert_int_equal(parse_bytes(b.data, 3), -ERANGE);
	assert_int_equal(parse_bytes(b.data, 39), -ERANGE);
	assert_int_equal(devtree_parse_buffer(NULL, 100, &p, err, sizeof err), -EINVAL);
	/* the header-only entry point, and the size helper */
	b.data[0] ^= 1;
	assert_int_equal(devtree_blob_size(b.data), 0);
	assert_int_equal(devtree_parse(b.data, &p, err, sizeof err), -ENOEXEC);
	assert_non_null(strstr(err, "magic"));
	assert_null(devtree_find_hart(&p, 0));
	free(b.data);
}

/* totalsize larger than the buffer really is: caught before any read. */
static void test_truncated(void **state)
{
	struct blob b = blob_load("jh7110-starfive-visionfive-2-v1.3b.dtb");
	struct blob t = blob_copy(&b, b.size - 1);
	struct platform p;
	char err[64];

	assert_int_equal(devtree_parse_buffer(t.data, t.size, &p, err, sizeof err), -ERANGE);
	assert_non_null(strstr(err, "truncated"));
	free(t.data);
	free(b.data);
}

/* Every prefix, with the header made to agree (totalsize and block sizes
 * cut to fit) so the structure walk meets the cut mid-token. */
static void cut_everywhere(const char *name, size_t step)
{
	struct blob b = blob_load(name);
	size_t n;

	for (n = 0; n < b.size; n += step) {
		struct blob t = blob_copy(&b, n);

		if (n >= FDT_HEADER_SIZE) {
			uint32_t st = fdt_be32(b.data + HDR_OFF_STRUCT);
			uint32_t str = fdt_be32(b.data + HDR_OFF_STRINGS);
			uint32_t st_size = fdt_be32(b.data + HDR_SIZE_STRUCT);
			uint32_t str_size = fdt_be32(b.data + HDR_SIZE_STRINGS);

			put_be32(t.data + HDR_TOTALSIZE, (uint32_t)n);
			if (st < n && st + st_size > n)
				put_be32(t.data + HDR_SIZE_STRUCT, (uint32_t)n - st);
			if (str < n && str + str_size > n)
				put_be32(t.data + HDR_SIZE_STRINGS, (uint32_t)n - str);
		}
		assert_true(parse_bytes(t.data, t.size) < 0);
		free(t.data);
	}
	free(b.data);
}

static void test_cut_everywhere(void **state)
{
	cut_everywhere("qemu-virt-4hart-128m.dtb", 1);
	cut_everywhere("microchip-mpfs-icicle-kit.dtb", 7);
}

/* Offset of the first FDT_PROP token named name in the structure block. */
static size_t find_prop(const struct blob *b, const char *name)
{
	uint32_t st = fdt_be32(b->data + HDR_OFF_STRUCT);
	uint32_t str = fdt_be32(b->data + HDR_OFF_STRINGS);
	size_t off;

	for (off = st; off + 12 <= b->size; off += 4) {
		uint32_t nameoff = fdt_be32(b->data + off + 8);

		if (fdt_be32(b->data + off) == FDT_PROP && str + nameoff < b->size &&
		    strcmp((const char *)b->data + str + nameoff, name) == 0)
			return off;
	}
	fail_msg("no property %s", name);
	return 0;
}

static int parse_with_word(const struct blob *src, size_t off, uint32_t v)
{
	struct blob b = blob_copy(src, src->size);
	int r;

	put_be32(b.data + off, v);
	r = parse_bytes(b.data, b.size);
	free(b.data);
	return r;
}

static void test_corrupt_tokens(void **state)
{
	struct blob b = blob_load("qemu-virt-1hart-128m.dtb");
	uint32_t st = fdt_be32(b.data + HDR_OFF_STRUCT);
	uint32_t st_size = fdt_be32(b.data + HDR_SIZE_STRUCT);
	size_t reg = find_prop(&b, "reg");

	assert_int_equal(parse_with_word(&b, reg + 4, 0x7fffffff), -EINVAL); /* len */
	assert_int_equal(parse_with_word(&b, reg + 4, 0xfffffffc), -EINVAL);
	/* a length that wraps the offset back onto the same token */
	assert_int_equal(parse_with_word(&b, reg + 4, 0xfffffff4), -EINVAL);
	assert_int_equal(parse_with_word(&b, reg + 8, 0xfffffff0), -EINVAL); /* nameoff */
	assert_int_equal(parse_with_word(&b, reg, 0x5), -EINVAL);            /* token */
	assert_int_equal(parse_with_word(&b, st, FDT_END_NODE), -EINVAL);
	assert_int_equal(parse_with_word(&b, st, FDT_END), -EINVAL);
	assert_int_equal(parse_with_word(&b, st + st_size - 4, FDT_NOP), -EINVAL);
	assert_int_equal(parse_with_word(&b, st + st_size - 8, FDT_NOP), -EINVAL);
	assert_int_equal(parse_with_word(&b, st + st_size - 8, FDT_BEGIN_NODE), -EINVAL);
	/* the root's name runs to the end of the block */
	{
		struct blob t = blob_copy(&b, b.size);

		memset(t.data + st + 4, 'a', st_size - 4);
		assert_int_equal(parse_bytes(t.data, t.size), -EINVAL);
		free(t.data);
	}
	/* a cell count no one could mean makes reg unreadable */
	assert_int_equal(parse_with_word(&b, find_prop(&b, "#address-cells") + 12, 99),
	                 -EINVAL);
	free(b.data);
}

/* A blob whose root holds a chain of depth - 1 nested nodes:
 * header, memory reservation block at 48 (just the end marker), structure
 * block at 64 (each node "a": FDT_BEGIN_NODE "a\0\0\0"), no strings. */
static int parse_nested(int depth)
{
	size_t st = 64, size = st + 12 * (size_t)depth + 4;
	uint8_t *b = calloc(1, size);
	int i, r;

	assert_non_null(b);
	put_be32(b, FDT_MAGIC);
	put_be32(b + HDR_TOTALSIZE, (uint32_t)size);
	put_be32(b + HDR_OFF_STRUCT, (uint32_t)st);
	put_be32(b + HDR_OFF_STRINGS, (uint32_t)size);
	put_be32(b + HDR_OFF_RSVMAP, 48);
	put_be32(b + HDR_VERSION, 17);
	put_be32(b + HDR_LAST_COMP, 16);
	put_be32(b + HDR_SIZE_STRUCT, (uint32_t)(size - st));
	for (i = 0; i < depth; i++) {
		put_be32(b + st + 8 * i, FDT_BEGIN_NODE);
		b[st + 8 * i + 4] = 'a';
		put_be32(b + st + 8 * depth + 4 * i, FDT_END_NODE);
	}
	put_be32(b + size - 4, FDT_END);
	r = parse_bytes(b, size);
	free(b);
	return r;
}

static void test_deep_nesting(void **state)
{
	assert_int_equal(parse_nested(1), -ENOENT); /* well formed: no memory */
	assert_int_equal(parse_nested(FDT_MAX_DEPTH), -ENOENT);
	assert_int_equal(parse_nested(FDT_MAX_DEPTH + 1), -EINVAL);
	assert_int_equal(parse_nested(1000), -EINVAL);
}

/* Random byte flips: any result but a crash or a stray read. */
static void flip_bytes(const char *name, int rounds)
{
	struct blob b = blob_load(name);
	uint32_t seed = 0x12345678;
	int i, k, ok = 0;

	for (i = 0; i < rounds; i++) {
		struct blob t = blob_copy(&b, b.size);

		for (k = 0; k < 1 + i % 4; k++) {
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			t.data[FDT_HEADER_SIZE + seed % (b.size - FDT_HEADER_SIZE)] ^=
				(uint8_t)(1u << (seed >> 29));
		}
		ok += parse_bytes(t.data, t.size) == 0;
		free(t.data);
	}
	assert_true(ok > 0); /* most flips hit values, not structure */
	free(b.data);
}

static void test_random_flips(void **state)
{
	flip_bytes("qemu-virt-8hart-2g.dtb", 3000);
	flip_bytes("jh7110-starfive-visionfive-2-v1.3b.dtb", 300);
	flip_bytes("synth-edge.dtb", 1000);
}

static void test_error_buffer(void **state)
{
	struct blob b = blob_load("synth-no-cpus.dtb");
	struct platform p;
	char err[8];

	memset(err, 'x', sizeof err);
	assert_int_equal(devtree_parse_buffer(b.data, b.size, &p, err, sizeof err), -ENOENT);
	assert_string_equal(err, "missing");
	assert_int_equal(devtree_parse_buffer(b.data, b.size, &p, NULL, 0), -ENOENT);
	assert_int_equal(devtree_parse_buffer(b.data, b.size, &p, err, 0), -ENOENT);
	free(b.data);
}

/* One test per virt DTB, each with its own name in cmocka's output. */
#define VIRT_TEST(name, i) \
	{ "test_virt_" #name, test_virt, NULL, NULL, (void *)&virt_cases[i] }

int main(void)
{
	const struct CMUnitTest tests[] = {
		VIRT_TEST(1hart_128m, 0),
		VIRT_TEST(4hart_128m, 1),
		VIRT_TEST(8hart_128m, 2),
		VIRT_TEST(1hart_2g, 3),
		VIRT_TEST(4hart_2g, 4),
		VIRT_TEST(8hart_2g, 5),
		cmocka_unit_test(test_virt_initrd),
		cmocka_unit_test(test_sifive_u),
		{ "test_visionfive2_v1_3b", test_visionfive2, NULL, NULL,
		  (void *)"jh7110-starfive-visionfive-2-v1.3b.dtb" },
		{ "test_visionfive2_v1_2a", test_visionfive2, NULL, NULL,
		  (void *)"jh7110-starfive-visionfive-2-v1.2a.dtb" },
		cmocka_unit_test(test_visionfive1),
		cmocka_unit_test(test_icicle),
		cmocka_unit_test(test_synth_edge),
		cmocka_unit_test(test_synth_minimal),
		cmocka_unit_test(test_synth_fallback_uart),
		cmocka_unit_test(test_synth_errors),
		cmocka_unit_test(test_fdt_paths),
		cmocka_unit_test(test_fdt_props),
		cmocka_unit_test(test_fdt_translate),
		cmocka_unit_test(test_fdt_memreserve),
		cmocka_unit_test(test_fdt_bad_offsets),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_cut_everywhere),
		cmocka_unit_test(test_corrupt_tokens),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_random_flips),
		cmocka_unit_test(test_error_buffer),
	};

	return cmocka_run_group_tests_name("devtree", tests, NULL, NULL);
}
