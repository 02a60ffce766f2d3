/*
 * fdt_path.c - addressing in a flattened devicetree (see fdt.h): the
 * #address-cells/#size-cells of a node, phandles, paths and aliases, and
 * "reg" entries translated through the parent buses' "ranges". Built on
 * the bounds-checked walkers of fdt.c; reads the blob in place.
 */
#include "kernel/fdt.h"

#include <string.h>

#include "kernel/uapi/errno.h"

#define FDT_PHANDLE_NONE 0xffffffffu /* "no phandle" (a value phandles never take) */

static int fdt_cells_prop(const struct fdt *fdt, int node, const char *name, int dflt)
{
	uint32_t v;

	if (!fdt_getprop_u32(fdt, node, name, &v))
		return dflt;
	return v <= FDT_MAX_CELLS ? (int)v : -EINVAL;
}

int fdt_address_cells(const struct fdt *fdt, int node)
{
	return fdt_cells_prop(fdt, node, "#address-cells", 2);
}

int fdt_size_cells(const struct fdt *fdt, int node)
{
	return fdt_cells_prop(fdt, node, "#size-cells", 1);
}

uint32_t fdt_node_phandle(const struct fdt *fdt, int node)
{
	uint32_t ph;

	if (!fdt_getprop_u32(fdt, node, "phandle", &ph) &&
	    !fdt_getprop_u32(fdt, node, "linux,phandle", &ph))
		return 0;
	return ph == FDT_PHANDLE_NONE ? 0 : ph;
}

int fdt_node_by_phandle(const struct fdt *fdt, uint32_t phandle)
{
	int depth = 0;
	int node = fdt_root(fdt);

	if (phandle == 0 || phandle == FDT_PHANDLE_NONE)
		return -ENOENT;
	for (; node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		if (fdt_node_phandle(fdt, node) == phandle)
			return node;
	}
	return node;
}

/* ---- paths ----------------------------------------------------------- */

/* Does node name match path component comp[0..len-1]? */
static bool fdt_name_matches(const char *name, const char *comp, size_t len)
{
	if (strlen(name) < len || memcmp(name, comp, len) != 0)
		return false;
	if (name[len] == '\0')
		return true;
	return name[len] == '@' && memchr(comp, '@', len) == NULL;
}

static int fdt_subnode(const struct fdt *fdt, int node, const char *comp, size_t len)
{
	int child;

	for (child = fdt_first_child(fdt, node); child >= 0;
	     child = fdt_next_sibling(fdt, child)) {
		const char *name = fdt_node_name(fdt, child);

		if (name != NULL && fdt_name_matches(name, comp, len))
			return child;
	}
	return child;
}

/* Follow the components of path[0..len-1] down from node. */
static int fdt_path_walk(const struct fdt *fdt, int node, const char *path, size_t len)
{
	size_t i = 0, start;

	while (node >= 0 && i < len) {
		if (path[i] == '/') {
			i++;
			continue;
		}
		for (start = i; i < len && path[i] != '/'; i++)
			;
		node = fdt_subnode(fdt, node, path + start, i - start);
	}
	return node;
}

/* The path that /aliases gives name[0..len-1], or NULL. */
static const char *fdt_alias(const struct fdt *fdt, const char *name, size_t len)
{
	int aliases = fdt_path_walk(fdt, fdt_root(fdt), "/aliases", 8);
	struct fdt_prop prop;
	int r;

	if (aliases < 0)
		return NULL;
	for (r = fdt_prop_first(fdt, aliases, &prop); r == 0; r = fdt_prop_next(fdt, &prop)) {
		if (strlen(prop.name) != len || memcmp(prop.name, name, len) != 0)
			continue;
		if (!fdt_stringlist_valid(prop.data, prop.len))
			return NULL;
		return (const char *)prop.data;
	}
	return NULL;
}

int fdt_path_offset(const struct fdt *fdt, const char *path, size_t len)
{
	const char *target;
	size_t n = 0;
	int node;

	if (len == 0)
		return -ENOENT;
	if (path[0] == '/')
		return fdt_path_walk(fdt, fdt_root(fdt), path, len);
	while (n < len && path[n] != '/')
		n++;
	target = fdt_alias(fdt, path, n);
	if (target == NULL || target[0] != '/')
		return -ENOENT;
	node = fdt_path_walk(fdt, fdt_root(fdt), target, strlen(target));
	return fdt_path_walk(fdt, node, path + n, len - n);
}

/* ---- reg and ranges -------------------------------------------------- */

/* Entry 'index' of node's reg, in the address space of bus 'parent'. */
static int fdt_reg_entry(const struct fdt *fdt, int node, int parent, int index,
                         uint64_t *addr, uint64_t *size)
{
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	uint32_t len, entry;
	const uint8_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (reg == NULL)
		return -ENOENT;
	if (ac < 1 || sc < 0)
		return -EINVAL;
	entry = 4 * (uint32_t)(ac + sc);
	if (len % entry != 0)
		return -EINVAL;
	if (index < 0 || (uint32_t)index >= len / entry)
		return -ENOENT;
	*addr = fdt_cells(reg + entry * (uint32_t)index, ac);
	*size = fdt_cells(reg + entry * (uint32_t)index + 4 * (uint32_t)ac, sc);
	return 0;
}

/* Map *addr from bus's address space to parent's through bus's ranges. */
static int fdt_range_map(const struct fdt *fdt, int bus, int parent, uint64_t *addr)
{
	int cac = fdt_address_cells(fdt, bus), csc = fdt_size_cells(fdt, bus);
	int pac = fdt_address_cells(fdt, parent);
	uint32_t len, off, entry;
	const uint8_t *r = fdt_getprop(fdt, bus, "ranges", &len);

	if (r == NULL || len == 0)
		return 0; /* no ranges or empty ranges: one to one */
	if (cac < 1 || csc < 1 || pac < 1)
		return -EINVAL;
	entry = 4 * (uint32_t)(cac + pac + csc);
	if (len % entry != 0)
		return -EINVAL;
	for (off = 0; off < len; off += entry) {
		uint64_t child = fdt_cells(r + off, cac);
		uint64_t dest = fdt_cells(r + off + 4 * cac, pac);
		uint64_t size = fdt_cells(r + off + 4 * (cac + pac), csc);

		if (*addr >= child && *addr - child < size) {
			*addr = dest + (*addr - child);
			return 0;
		}
	}
	return -ENOENT;
}

int fdt_node_reg(const struct fdt *fdt, int node, int index, uint64_t *addr,
                 uint64_t *size)
{
	int chain[FDT_MAX_DEPTH];
	int n = fdt_ancestors(fdt, node, chain, FDT_MAX_DEPTH);
	int k, r;

	if (n < 0)
		return n;
	if (n == 0)
		return -EINVAL; /* the root has no reg */
	r = fdt_reg_entry(fdt, node, chain[n - 1], index, addr, size);
	for (k = n - 1; k >= 1 && r == 0; k--)
		r = fdt_range_map(fdt, chain[k], chain[k - 1], addr);
	return r;
}

int fdt_node_reg_count(const struct fdt *fdt, int node)
{
	int chain[FDT_MAX_DEPTH];
	int n = fdt_ancestors(fdt, node, chain, FDT_MAX_DEPTH);
	int ac, sc;
	uint32_t len;

	if (n < 0)
		return n;
	if (n == 0 || fdt_getprop(fdt, node, "reg", &len) == NULL)
		return n == 0 ? -EINVAL : -ENOENT;
	ac = fdt_address_cells(fdt, chain[n - 1]);
	sc = fdt_size_cells(fdt, chain[n - 1]);
	if (ac < 1 || sc < 0 || len % (4 * (uint32_t)(ac + sc)) != 0)
		return -EINVAL;
	return (int)(len / (4 * (uint32_t)(ac + sc)));
}
