/*
 * fault_decide.c - the decision part of page-fault handling (see
 * fault_decide.h). Pure: no locks, no allocation, no page tables.
 */
#include "vm/fault_decide.h"

#include "vm/mm.h"

static enum fault_result check_access(const struct vm_region *r, enum fault_access access)
{
	if (access == FAULT_WRITE && !(r->prot & VM_PROT_WRITE))
		return FAULT_READ_ONLY;
	if (access == FAULT_EXEC && !(r->prot & VM_PROT_EXEC))
		return FAULT_NO_EXEC;
	if (access == FAULT_READ && !(r->prot & VM_PROT_READ))
		return FAULT_NO_READ;
	return FAULT_OK;
}

static enum fault_action decide_present(enum fault_access access, const struct fault_pte *pte)
{
	if (access == FAULT_WRITE) {
		if (pte->prot & VM_PROT_COW)
			return FA_COW;
		if (!(pte->prot & VM_PROT_WRITE))
			return FA_MAKE_WRITABLE;
		return pte->accessed && pte->dirty ? FA_RETRY : FA_MARK_ACCESSED;
	}
	return pte->accessed ? FA_RETRY : FA_MARK_ACCESSED;
}

enum fault_action vm_fault_decide(const struct vm_region *r, bool in_guard,
                                  enum fault_access access, const struct fault_pte *pte,
                                  enum fault_result *why)
{
	*why = FAULT_OK;
	if (!r) {
		*why = in_guard ? FAULT_STACK_GUARD : FAULT_NOT_MAPPED;
		return FA_SEGV;
	}
	*why = check_access(r, access);
	if (*why != FAULT_OK)
		return FA_SEGV;
	if (pte->present)
		return decide_present(access, pte);
	return r->kind == VMR_FILE ? FA_FILL_FILE : FA_FILL_ZERO;
}
