/*
 * fdt.h - low-level reading of a flattened devicetree blob (DTB).
 *
 * The blob is read in place and never trusted: fdt_init() checks the
 * header against the size of the buffer, fdt_check() walks the whole
 * structure block once, and every later read is bounds-checked again, so
 * a corrupt blob yields an error, never a read outside [blob, blob +
 * totalsize).  All numbers in a DTB are big-endian; they are read byte by
 * byte, so the blob needs no particular alignment.
 *
 * Nodes are named by their offset in the blob (the offset of their
 * FDT_BEGIN_NODE token), as in the devicetree specification.  Functions
 * that return an offset return a negative errno (kernel/uapi/errno.h)
 * instead when there is none:
 *   -ENOENT   no such node / property / entry
 *   -EINVAL   the blob is corrupt (bad offset, bad token, unbalanced nodes)
 *   -ENOEXEC  not a DTB, or a version this reader does not understand
 *   -ERANGE   the header's totalsize is larger than the buffer
 *
 * Layout (devicetree specification v0.4, chapter 5), all fields be32:
 *   header: magic totalsize off_dt_struct off_dt_strings off_mem_rsvmap
 *           version last_comp_version boot_cpuid_phys size_dt_strings
 *           size_dt_struct
 *   memory reservation block: (be64 address, be64 size)..., ended by (0, 0)
 *   structure block: tokens, each 4-byte aligned:
 *     FDT_BEGIN_NODE name\0 (padded) | FDT_END_NODE |
 *     FDT_PROP len nameoff data[len] (padded) | FDT_NOP | FDT_END
 *   strings block: NUL-terminated property names, indexed by nameoff
 */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_HEADER_SIZE 40      /* the ten be32 fields above */
#define FDT_FIRST_VERSION 17    /* first version with size_dt_struct */
#define FDT_MAX_SIZE 0x7fff0000u /* offsets must fit an int */
#define FDT_MAX_DEPTH 32        /* deeper trees are rejected as corrupt */
#define FDT_MAX_CELLS 4         /* largest #address-cells/#size-cells read */

#define FDT_BEGIN_NODE 0x1
#define FDT_END_NODE 0x2
#define FDT_PROP 0x3
#define FDT_NOP 0x4
#define FDT_END 0x9

/* A checked view of one blob; fill it with fdt_init(). */
struct fdt {
	const uint8_t *blob;
	uint32_t size;        /* header totalsize, <= the buffer size */
	uint32_t struct_off;  /* structure block is [struct_off, struct_end) */
	uint32_t struct_end;
	uint32_t strings_off; /* strings block is [strings_off, strings_end) */
	uint32_t strings_end;
	uint32_t rsvmap_off;  /* memory reservation block */
};

/* One property, as returned by fdt_prop_first()/fdt_prop_next(). */
struct fdt_prop {
	const char *name;     /* NUL-terminated inside the strings block */
	const uint8_t *data;  /* len bytes inside the structure block */
	uint32_t len;
	int next;             /* offset of the token after this property */
};

/* Big-endian loads from any address. */
uint32_t fdt_be32(const void *p);
uint64_t fdt_be64(const void *p);
/* The value of ncells (0..FDT_MAX_CELLS) be32 cells: their low 64 bits. */
uint64_t fdt_cells(const void *p, int ncells);

/*
 * Check the header of the blob in buf[0..bufsize-1] and fill *fdt.
 * => 0, or -ENOEXEC / -ERANGE / -EINVAL as above.
 */
int fdt_init(struct fdt *fdt, const void *buf, size_t bufsize);
/* Walk every token once: balanced nodes, one root, known tokens, property
 * names inside the strings block, depth <= FDT_MAX_DEPTH. 0 or -EINVAL. */
int fdt_check(const struct fdt *fdt);

/* Entry i of the memory reservation block: 0, -ENOENT past the end
 * marker, -EINVAL when the block runs off the blob. */
int fdt_rsv_get(const struct fdt *fdt, int i, uint64_t *base, uint64_t *size);

/* Walking nodes. */
int fdt_root(const struct fdt *fdt);
const char *fdt_node_name(const struct fdt *fdt, int node);
/* The next node after 'node' in document order; *depth goes +1 into a
 * child, stays for a sibling, drops when nodes close on the way. */
int fdt_next_node(const struct fdt *fdt, int node, int *depth);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
/* Offsets of the root .. parent of 'node' into chain[0..n-1]; returns n
 * (0 for the root) or a negative errno. */
int fdt_ancestors(const struct fdt *fdt, int node, int *chain, int max);

/* Properties. */
int fdt_prop_first(const struct fdt *fdt, int node, struct fdt_prop *prop);
int fdt_prop_next(const struct fdt *fdt, struct fdt_prop *prop);
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
                        uint32_t *len);
/* The property as a string, or NULL if absent or not NUL-terminated. */
const char *fdt_getprop_string(const struct fdt *fdt, int node, const char *name);
/* A one-cell property. */
bool fdt_getprop_u32(const struct fdt *fdt, int node, const char *name,
                     uint32_t *val);
/* A one- or two-cell property (its length says which). */
bool fdt_getprop_uint(const struct fdt *fdt, int node, const char *name,
                      uint64_t *val);
/* status absent, "okay" or "ok". */
bool fdt_node_is_enabled(const struct fdt *fdt, int node);
bool fdt_node_is_compatible(const struct fdt *fdt, int node, const char *compat);

/* String lists ("a\0b\0c\0"), as in compatible. */
bool fdt_stringlist_valid(const void *data, uint32_t len);
int fdt_stringlist_count(const void *data, uint32_t len);
const char *fdt_stringlist_get(const void *data, uint32_t len, int index);
bool fdt_stringlist_contains(const void *data, uint32_t len, const char *str);

/* #address-cells (default 2) and #size-cells (default 1) of a bus node:
 * the cell counts of its children's reg. */
int fdt_address_cells(const struct fdt *fdt, int node);
int fdt_size_cells(const struct fdt *fdt, int node);

/* Phandles: "phandle" (or "linux,phandle") of a node, 0 when none. */
uint32_t fdt_node_phandle(const struct fdt *fdt, int node);
int fdt_node_by_phandle(const struct fdt *fdt, uint32_t phandle);

/*
 * The node at path[0..len-1]: an absolute path ("/soc/serial@10000000";
 * a component without unit address matches "name@anything"), or an alias
 * from /aliases, optionally followed by "/more/components".
 */
int fdt_path_offset(const struct fdt *fdt, const char *path, size_t len);

/*
 * Entry 'index' of the node's reg, translated through the "ranges" of
 * every bus above it to a CPU physical address. A bus without ranges, or
 * with an empty one, maps one to one. => 0, -ENOENT (no such entry, or an
 * address no range covers) or -EINVAL.
 */
int fdt_node_reg(const struct fdt *fdt, int node, int index, uint64_t *addr,
                 uint64_t *size);
/* Number of entries in the node's reg, or a negative errno. */
int fdt_node_reg_count(const struct fdt *fdt, int node);

#endif
