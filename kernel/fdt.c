/*
 * fdt.c - low-level reading of a flattened devicetree blob (see fdt.h).
 *
 * Everything here reads the blob in place and allocates nothing, so it
 * runs in the kernel before there is a heap and in host unit tests alike.
 * The one invariant: every byte read lies inside [blob, blob + totalsize),
 * and totalsize was checked against the caller's buffer by fdt_init().
 * fdt_token() is the only function that steps through the structure
 * block; it checks each token against the block's bounds, so the walkers
 * built on it cannot run off the end whatever the blob says. Each step
 * moves forward by at least one token, so every walk terminates.
 */
#include "kernel/fdt.h"

#include <string.h>

#include "kernel/uapi/errno.h"

/* Byte offsets of the header fields (all be32). */
enum {
	FDT_HDR_MAGIC = 0,
	FDT_HDR_TOTALSIZE = 4,
	FDT_HDR_OFF_STRUCT = 8,
	FDT_HDR_OFF_STRINGS = 12,
	FDT_HDR_OFF_RSVMAP = 16,
	FDT_HDR_VERSION = 20,
	FDT_HDR_LAST_COMP = 24,
	FDT_HDR_SIZE_STRINGS = 32,
	FDT_HDR_SIZE_STRUCT = 36,
};

#define FDT_TOKEN_SIZE 4
#define FDT_PROP_HEADER 8 /* be32 len, be32 nameoff after FDT_PROP */
#define FDT_RSV_ENTRY 16  /* be64 address, be64 size */

uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t fdt_be64(const void *p)
{
	const uint8_t *b = p;

	return (uint64_t)fdt_be32(b) << 32 | fdt_be32(b + 4);
}

uint64_t fdt_cells(const void *p, int ncells)
{
	const uint8_t *b = p;
	uint64_t v = 0;
	int i;

	for (i = 0; i < ncells; i++)
		v = v << 32 | fdt_be32(b + 4 * i);
	return v;
}

/* ---- header ---------------------------------------------------------- */

/* Is [off, off + size) a block inside the blob, past the header? */
static bool fdt_block_ok(uint32_t total, uint32_t off, uint32_t size, uint32_t align)
{
	return off >= FDT_HEADER_SIZE && off % align == 0 && off <= total &&
	       size <= total - off;
}

static uint32_t fdt_header(const struct fdt *fdt, int field)
{
	return fdt_be32(fdt->blob + field);
}

static int fdt_init_blocks(struct fdt *fdt)
{
	uint32_t st_off = fdt_header(fdt, FDT_HDR_OFF_STRUCT);
	uint32_t st_size = fdt_header(fdt, FDT_HDR_SIZE_STRUCT);
	uint32_t str_off = fdt_header(fdt, FDT_HDR_OFF_STRINGS);
	uint32_t str_size = fdt_header(fdt, FDT_HDR_SIZE_STRINGS);
	uint32_t rsv_off = fdt_header(fdt, FDT_HDR_OFF_RSVMAP);

	if (!fdt_block_ok(fdt->size, st_off, st_size, FDT_TOKEN_SIZE) ||
	    !fdt_block_ok(fdt->size, str_off, str_size, 1) ||
	    !fdt_block_ok(fdt->size, rsv_off, FDT_RSV_ENTRY, 8))
		return -EINVAL;
	fdt->struct_off = st_off;
	fdt->struct_end = st_off + st_size;
	fdt->strings_off = str_off;
	fdt->strings_end = str_off + str_size;
	fdt->rsvmap_off = rsv_off;
	return 0;
}

int fdt_init(struct fdt *fdt, const void *buf, size_t bufsize)
{
	const uint8_t *b = buf;
	uint32_t total;

	memset(fdt, 0, sizeof *fdt);
	if (b == NULL)
		return -EINVAL;
	if (bufsize < 4)
		return -ERANGE;
	if (fdt_be32(b + FDT_HDR_MAGIC) != FDT_MAGIC)
		return -ENOEXEC;
	if (bufsize < FDT_HEADER_SIZE)
		return -ERANGE;
	total = fdt_be32(b + FDT_HDR_TOTALSIZE);
	if (total > bufsize)
		return -ERANGE;
	if (total < FDT_HEADER_SIZE || total > FDT_MAX_SIZE)
		return -EINVAL;
	if (fdt_be32(b + FDT_HDR_VERSION) < FDT_FIRST_VERSION ||
	    fdt_be32(b + FDT_HDR_LAST_COMP) > FDT_FIRST_VERSION)
		return -ENOEXEC;
	fdt->blob = b;
	fdt->size = total;
	return fdt_init_blocks(fdt);
}

int fdt_rsv_get(const struct fdt *fdt, int i, uint64_t *base, uint64_t *size)
{
	uint64_t off = fdt->rsvmap_off + (uint64_t)i * FDT_RSV_ENTRY;

	if (i < 0 || off + FDT_RSV_ENTRY > fdt->size)
		return -EINVAL;
	*base = fdt_be64(fdt->blob + off);
	*size = fdt_be64(fdt->blob + off + 8);
	if (*base == 0 && *size == 0)
		return -ENOENT;
	return 0;
}

/* ---- tokens ---------------------------------------------------------- */

static uint32_t fdt_align(uint32_t off)
{
	return (off + FDT_TOKEN_SIZE - 1) & ~(uint32_t)(FDT_TOKEN_SIZE - 1);
}

/* The NUL-terminated string at nameoff in the strings block, or NULL. */
static const char *fdt_string_at(const struct fdt *fdt, uint32_t nameoff)
{
	uint32_t size = fdt->strings_end - fdt->strings_off;
	const uint8_t *s = fdt->blob + fdt->strings_off + nameoff;

	if (nameoff >= size || memchr(s, '\0', size - nameoff) == NULL)
		return NULL;
	return (const char *)s;
}

/* FDT_BEGIN_NODE at pos - 4: skip the NUL-terminated name at pos. */
static int fdt_token_node(const struct fdt *fdt, uint32_t pos, int *next)
{
	const uint8_t *name = fdt->blob + pos;
	const uint8_t *nul = memchr(name, '\0', fdt->struct_end - pos);

	if (nul == NULL)
		return -EINVAL;
	*next = (int)fdt_align(pos + (uint32_t)(nul - name) + 1);
	return FDT_BEGIN_NODE;
}

/* FDT_PROP at pos - 4: check the length and name, skip the value. */
static int fdt_token_prop(const struct fdt *fdt, uint32_t pos, int *next)
{
	uint32_t len, nameoff;

	if (fdt->struct_end - pos < FDT_PROP_HEADER)
		return -EINVAL;
	len = fdt_be32(fdt->blob + pos);
	nameoff = fdt_be32(fdt->blob + pos + 4);
	if (len > fdt->struct_end - pos - FDT_PROP_HEADER ||
	    fdt_string_at(fdt, nameoff) == NULL)
		return -EINVAL;
	*next = (int)fdt_align(pos + FDT_PROP_HEADER + len);
	return FDT_PROP;
}

/*
 * The token at off, with *next set to the offset of the token after it.
 * => a token value, or -EINVAL when off or the token is out of bounds.
 */
static int fdt_token(const struct fdt *fdt, int off, int *next)
{
	uint32_t pos = (uint32_t)off;
	uint32_t tag;

	if (off < 0 || pos < fdt->struct_off || pos % FDT_TOKEN_SIZE != 0 ||
	    pos > fdt->struct_end - FDT_TOKEN_SIZE)
		return -EINVAL;
	tag = fdt_be32(fdt->blob + pos);
	pos += FDT_TOKEN_SIZE;
	switch (tag) {
	case FDT_BEGIN_NODE:
		return fdt_token_node(fdt, pos, next);
	case FDT_PROP:
		return fdt_token_prop(fdt, pos, next);
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		*next = (int)pos;
		return (int)tag;
	default:
		return -EINVAL;
	}
}

int fdt_check(const struct fdt *fdt)
{
	int off = (int)fdt->struct_off, next, tag, depth = 0;
	bool seen_root = false;

	for (;; off = next) {
		tag = fdt_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_END)
			return depth == 0 && seen_root ? 0 : -EINVAL;
		if (tag == FDT_BEGIN_NODE) {
			if ((depth == 0 && seen_root) || depth == FDT_MAX_DEPTH)
				return -EINVAL;
			seen_root = true;
			depth++;
		} else if (tag == FDT_END_NODE) {
			if (depth == 0)
				return -EINVAL;
			depth--;
		} else if (tag == FDT_PROP && depth == 0) {
			return -EINVAL;
		}
	}
}

/* ---- nodes ----------------------------------------------------------- */

int fdt_root(const struct fdt *fdt)
{
	int off = (int)fdt->struct_off, next, tag;

	for (;; off = next) {
		tag = fdt_token(fdt, off, &next);
		if (tag == FDT_BEGIN_NODE)
			return off;
		if (tag != FDT_NOP)
			return tag < 0 ? tag : -EINVAL;
	}
}

const char *fdt_node_name(const struct fdt *fdt, int node)
{
	int next;

	if (fdt_token(fdt, node, &next) != FDT_BEGIN_NODE)
		return NULL;
	return (const char *)fdt->blob + node + FDT_TOKEN_SIZE;
}

int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	int next, off, tag = fdt_token(fdt, node, &next);

	if (tag != FDT_BEGIN_NODE)
		return tag < 0 ? tag : -EINVAL;
	for (;;) {
		off = next;
		tag = fdt_token(fdt, off, &next);
		if (tag < 0)
			return tag;
		if (tag == FDT_BEGIN_NODE) {
			(*depth)++;
			return off;
		}
		if (tag == FDT_END_NODE)
			(*depth)--;
		else if (tag == FDT_END)
			return -ENOENT;
	}
}

int fdt_first_child(const struct fdt *fdt, int node)
{
	int depth = 0;
	int off = fdt_next_node(fdt, node, &depth);

	if (off < 0)
		return off;
	return depth == 1 ? off : -ENOENT;
}

int fdt_next_sibling(const struct fdt *fdt, int node)
{
	int depth = 0;
	int off = node;

	do {
		off = fdt_next_node(fdt, off, &depth);
		if (off < 0)
			return off;
	} while (depth > 0);
	return depth == 0 ? off : -ENOENT;
}

int fdt_ancestors(const struct fdt *fdt, int node, int *chain, int max)
{
	int stack[FDT_MAX_DEPTH];
	int root = fdt_root(fdt), off = root, depth = 0;

	while (off >= 0) {
		if (depth < 0 || depth >= FDT_MAX_DEPTH || (off != root && depth == 0))
			return -EINVAL;
		stack[depth] = off;
		if (off == node) {
			if (depth > max)
				return -EINVAL;
			if (depth > 0)
				memcpy(chain, stack, (size_t)depth * sizeof(int));
			return depth;
		}
		off = fdt_next_node(fdt, off, &depth);
	}
	return off;
}

/* ---- properties ------------------------------------------------------ */

/* The first property at or after off (skipping NOPs), or -ENOENT when the
 * node's properties end there. */
static int fdt_prop_scan(const struct fdt *fdt, int off, struct fdt_prop *prop)
{
	int next, tag;

	for (;; off = next) {
		tag = fdt_token(fdt, off, &next);
		if (tag == FDT_PROP)
			break;
		if (tag != FDT_NOP)
			return tag < 0 ? tag : -ENOENT;
	}
	prop->len = fdt_be32(fdt->blob + off + FDT_TOKEN_SIZE);
	prop->name = fdt_string_at(fdt, fdt_be32(fdt->blob + off + FDT_TOKEN_SIZE + 4));
	prop->data = fdt->blob + off + FDT_TOKEN_SIZE + FDT_PROP_HEADER;
	prop->next = next;
	return 0;
}

int fdt_prop_first(const struct fdt *fdt, int node, struct fdt_prop *prop)
{
	int next, tag = fdt_token(fdt, node, &next);

	if (tag != FDT_BEGIN_NODE)
		return tag < 0 ? tag : -EINVAL;
	return fdt_prop_scan(fdt, next, prop);
}

int fdt_prop_next(const struct fdt *fdt, struct fdt_prop *prop)
{
	return fdt_prop_scan(fdt, prop->next, prop);
}

const void *fdt_getprop(const struct fdt *fdt, int node, const char *name,
                        uint32_t *len)
{
	struct fdt_prop prop;
	int r;

	for (r = fdt_prop_first(fdt, node, &prop); r == 0; r = fdt_prop_next(fdt, &prop)) {
		if (strcmp(prop.name, name) == 0) {
			if (len != NULL)
				*len = prop.len;
			return prop.data;
		}
	}
	return NULL;
}

const char *fdt_getprop_string(const struct fdt *fdt, int node, const char *name)
{
	uint32_t len;
	const uint8_t *data = fdt_getprop(fdt, node, name, &len);

	if (data == NULL || len == 0 || data[len - 1] != '\0')
		return NULL;
	return (const char *)data;
}

bool fdt_getprop_u32(const struct fdt *fdt, int node, const char *name,
                     uint32_t *val)
{
	uint32_t len;
	const uint8_t *data = fdt_getprop(fdt, node, name, &len);

	if (data == NULL || len != 4)
		return false;
	*val = fdt_be32(data);
	return true;
}

bool fdt_getprop_uint(const struct fdt *fdt, int node, const char *name,
                      uint64_t *val)
{
	uint32_t len;
	const uint8_t *data = fdt_getprop(fdt, node, name, &len);

	if (data == NULL || (len != 4 && len != 8))
		return false;
	*val = fdt_cells(data, (int)(len / 4));
	return true;
}

bool fdt_node_is_enabled(const struct fdt *fdt, int node)
{
	uint32_t len;
	const char *status = fdt_getprop(fdt, node, "status", &len);

	if (status == NULL)
		return true;
	if (len == 0 || status[len - 1] != '\0')
		return false;
	return strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0;
}

bool fdt_node_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	uint32_t len;
	const void *data = fdt_getprop(fdt, node, "compatible", &len);

	return data != NULL && fdt_stringlist_contains(data, len, compat);
}

/* ---- string lists ---------------------------------------------------- */

bool fdt_stringlist_valid(const void *data, uint32_t len)
{
	const char *s = data;

	return data != NULL && len > 0 && s[len - 1] == '\0';
}

int fdt_stringlist_count(const void *data, uint32_t len)
{
	const char *s = data;
	uint32_t i;
	int n = 0;

	if (!fdt_stringlist_valid(data, len))
		return -EINVAL;
	for (i = 0; i < len; i++)
		n += s[i] == '\0';
	return n;
}

const char *fdt_stringlist_get(const void *data, uint32_t len, int index)
{
	const char *s = data;
	uint32_t pos = 0;

	if (!fdt_stringlist_valid(data, len) || index < 0)
		return NULL;
	for (; pos < len; pos += (uint32_t)strlen(s + pos) + 1) {
		if (index-- == 0)
			return s + pos;
	}
	return NULL;
}

bool fdt_stringlist_contains(const void *data, uint32_t len, const char *str)
{
	const char *s;
	int i;

	for (i = 0; (s = fdt_stringlist_get(data, len, i)) != NULL; i++) {
		if (strcmp(s, str) == 0)
			return true;
	}
	return false;
}

/* ---- cells and phandles ---------------------------------------------- */
