/*
 * sbi.h - calls into the SBI firmware (OpenSBI) below us, per the RISC-V
 * SBI specification v1.0: base, TIME, IPI, RFENCE, HSM, SRST, and the
 * legacy console putchar for the earliest messages.
 */
#ifndef ARCH_RISCV_SBI_H
#define ARCH_RISCV_SBI_H

#include <stdbool.h>
#include <stdint.h>

struct sbiret {
	long error;
	long value;
};

#define SBI_SUCCESS 0
#define SBI_ERR_NOT_SUPPORTED (-2)

/* Extension IDs */
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_LEGACY_PUTCHAR 0x1

/* SRST reset types and reasons */
#define SBI_SRST_SHUTDOWN 0
#define SBI_SRST_COLD_REBOOT 1
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_FAILURE 1

/* HSM hart states */
#define SBI_HSM_STARTED 0
#define SBI_HSM_STOPPED 1

void sbi_init(void);
bool sbi_has_extension(long ext);
long sbi_spec_version(void);
void sbi_set_timer(uint64_t stime_value);
int sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
int sbi_remote_sfence_vma(unsigned long hart_mask, unsigned long hart_mask_base,
                          unsigned long start, unsigned long size);
int sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque);
long sbi_hart_status(unsigned long hartid);
void sbi_system_reset(int type, int reason) __attribute__((noreturn));
void sbi_legacy_putchar(int c);

#endif
