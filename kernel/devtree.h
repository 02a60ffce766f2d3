/*
 * devtree.h - the platform facts the kernel takes from the flattened device
 * tree (DTB) that the firmware hands it in a1.
 *
 * devtree_parse() walks the blob once and fills a struct platform. It needs
 * nothing from the rest of the kernel (no allocator, no console), so the
 * same code runs in the kernel at boot and in host unit tests on the DTBs
 * that QEMU dumps and on the real board DTBs in test/data/.
 *
 * Limits below are array sizes of this table, not limits of the kernel:
 * a DTB with more entries is reported as an error naming the table.
 */
#ifndef KERNEL_DEVTREE_H
#define KERNEL_DEVTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEVTREE_MAX_RANGES 16  /* memory ranges, reserved ranges */
#define DEVTREE_MAX_HARTS 32   /* cpu nodes */
#define DEVTREE_MAX_VIRTIO 16  /* virtio,mmio nodes */
#define DEVTREE_BOOTARGS_MAX 256

struct devtree_range {
	uint64_t base;
	uint64_t size;
};

/* One cpu node. Only harts with usable = true are ever started. */
struct devtree_hart {
	uint32_t hartid;        /* "reg" */
	bool usable;            /* has mmu-type and status is not "disabled" */
	bool has_sstc;          /* "riscv,isa" or "riscv,isa-extensions" names sstc */
	int32_t plic_s_context; /* PLIC context for this hart's S-mode external
	                           interrupt (from the PLIC's interrupts-extended),
	                           or -1 when the PLIC gives it none */
	char mmu_type[16];      /* e.g. "riscv,sv39", empty when absent */
};

enum devtree_uart_kind {
	UART_NONE = 0,
	UART_NS16550,  /* "ns16550a", "ns16550", "snps,dw-apb-uart" (8250 family) */
	UART_SIFIVE,   /* "sifive,uart0" */
};

struct devtree_uart {
	enum devtree_uart_kind kind;
	uint64_t base;         /* physical address of the registers */
	uint64_t size;
	uint32_t reg_shift;    /* "reg-shift", 0 when absent */
	uint32_t reg_io_width; /* "reg-io-width" in bytes, 1 when absent */
	uint32_t clock_hz;     /* "clock-frequency", 0 when absent */
	uint32_t irq;          /* PLIC source number, 0 when none */
};

struct devtree_plic {
	bool present;
	uint64_t base;
	uint64_t size;
	uint32_t ndev;         /* "riscv,ndev": highest source number */
};

struct devtree_virtio {
	uint64_t base;
	uint64_t size;
	uint32_t irq;
};

struct platform {
	char model[64];                 /* root "model", or "" */

	struct devtree_range mem[DEVTREE_MAX_RANGES];   /* usable RAM, from
	                                                   every memory node */
	int nmem;
	struct devtree_range reserved[DEVTREE_MAX_RANGES]; /* /memreserve/ and
	                                                   /reserved-memory
	                                                   children with reg */
	int nreserved;

	struct devtree_hart harts[DEVTREE_MAX_HARTS];
	int nharts;
	uint64_t timebase_hz;           /* /cpus "timebase-frequency" (or a
	                                   cpu's, when /cpus has none) */

	char bootargs[DEVTREE_BOOTARGS_MAX]; /* /chosen "bootargs", or "" */
	uint64_t initrd_start;          /* /chosen linux,initrd-start/-end */
	uint64_t initrd_end;            /* both 0 when there is no initrd */

	struct devtree_uart uart;       /* the console: /chosen stdout-path
	                                   (or linux,stdout-path), else the first
	                                   enabled UART we can drive */
	struct devtree_plic plic;
	struct devtree_virtio virtio[DEVTREE_MAX_VIRTIO]; /* sorted by base */
	int nvirtio;
	uint64_t test_finisher;         /* "sifive,test0" (QEMU's exit device)
	                                   registers, or 0 */
};

/* Largest DTB devtree_parse() accepts (its totalsize is otherwise trusted). */
#define DEVTREE_BLOB_MAX (2u << 20)

/*
 * Parse the DTB at 'blob' (its size is read from the header) into *p.
 * => returns 0, or a negative errno-style code with a message naming what
 *    was wrong (bad magic, missing /cpus, missing memory, ...) copied into
 *    err[0..errlen-1], NUL-terminated.
 * => never writes outside *p and err; never reads past the blob's totalsize.
 * Codes (kernel/uapi/errno.h): -ENOEXEC not a DTB or unknown version,
 * -ERANGE totalsize larger than the buffer (or DEVTREE_BLOB_MAX), -EINVAL
 * corrupt blob or malformed property, -ENOENT a required node or property
 * is missing, -ENOSPC a table above is full, -E2BIG bootargs too long.
 * On error *p holds what was parsed so far; do not use it.
 */
int devtree_parse(const void *blob, struct platform *p, char *err, size_t errlen);

/* The same for a blob in a buffer of bufsize bytes: the header's
 * totalsize must fit in it (host tests, or a copy of known size). */
int devtree_parse_buffer(const void *blob, size_t bufsize, struct platform *p,
                         char *err, size_t errlen);

/* Total size in bytes of the DTB at blob, or 0 if the magic is wrong. */
uint32_t devtree_blob_size(const void *blob);

/* The hart entry for hartid, or NULL. */
const struct devtree_hart *devtree_find_hart(const struct platform *p, uint32_t hartid);

#endif
