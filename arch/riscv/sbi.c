/*
 * sbi.c - the SBI calling convention (a7 = extension, a6 = function,
 * a0-a5 = arguments; a0 = error, a1 = value) and the calls we use.
 */
#include "arch/riscv/sbi.h"

static struct sbiret sbi_call(long ext, long fid, unsigned long a0, unsigned long a1,
                              unsigned long a2, unsigned long a3)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r3 __asm__("a3") = a3;
	register unsigned long r6 __asm__("a6") = fid;
	register unsigned long r7 __asm__("a7") = ext;
	__asm__ volatile("ecall"
	                 : "+r"(r0), "+r"(r1)
	                 : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
	                 : "memory");
	return (struct sbiret){.error = (long)r0, .value = (long)r1};
}

static bool has_time, has_ipi, has_rfence;

long sbi_spec_version(void)
{
	return sbi_call(SBI_EXT_BASE, 0, 0, 0, 0, 0).value;
}

bool sbi_has_extension(long ext)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, 3, ext, 0, 0, 0);
	return r.error == SBI_SUCCESS && r.value != 0;
}

void sbi_init(void)
{
	has_time = sbi_has_extension(SBI_EXT_TIME);
	has_ipi = sbi_has_extension(SBI_EXT_IPI);
	has_rfence = sbi_has_extension(SBI_EXT_RFENCE);
}

void sbi_set_timer(uint64_t stime_value)
{
	if (has_time)
		sbi_call(SBI_EXT_TIME, 0, stime_value, 0, 0, 0);
	else
		sbi_call(0x0, 0, stime_value, 0, 0, 0); /* legacy set_timer */
}

int sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	if (!has_ipi)
		return SBI_ERR_NOT_SUPPORTED;
	return (int)sbi_call(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0, 0).error;
}

int sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base,
                          unsigned long start, unsigned long size)
{
	if (!has_rfence)
		return SBI_ERR_NOT_SUPPORTED;
	return (int)sbi_call(SBI_EXT_RFENCE, 1, hart_mask, hart_mask_base, start, size).error;
}

int sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque)
{
	return (int)sbi_call(SBI_EXT_HSM, 0, hartid, start_pa, opaque, 0).error;
}

long sbi_hart_status(unsigned long hartid)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, 2, hartid, 0, 0, 0);
	return r.error ? r.error : r.value;
}

void sbi_system_reset(int type, int reason)
{
	sbi_call(SBI_EXT_SRST, 0, type, reason, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void sbi_legacy_putchar(int c)
{
	sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned long)c, 0, 0, 0);
}
