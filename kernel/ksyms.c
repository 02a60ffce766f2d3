/*
 * ksyms.c - look up addresses in the generated symbol table. The table
 * (ksyms_addrs sorted ascending, ksyms_names with one NUL-terminated name
 * per entry) is linked in by the second link pass (Makefile).
 */
#include "kernel/ksyms.h"

extern const uint64_t ksyms_addrs[];
extern const uint32_t ksyms_offsets[];
extern const char ksyms_names[];
extern const uint64_t ksyms_count;
extern char _text[], _etext[];

const char *ksyms_lookup(uint64_t addr, uint64_t *offset)
{
	if (addr < (uint64_t)_text || addr >= (uint64_t)_etext || ksyms_count == 0)
		return 0;
	uint64_t lo = 0, hi = ksyms_count; /* find the last entry <= addr */
	while (hi - lo > 1) {
		uint64_t mid = (lo + hi) / 2;
		if (ksyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (ksyms_addrs[lo] > addr)
		return 0;
	*offset = addr - ksyms_addrs[lo];
	return ksyms_names + ksyms_offsets[lo];
}
