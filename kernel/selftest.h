/*
 * selftest.h - in-kernel self-tests of the page allocator, kmalloc and
 * the page-table code, run at boot when the command line says
 * "selftest". Each case prints "PASS name" or "FAIL name: reason".
 */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

void selftest_run_all(void);

/* For test code: report one case; returns ok. */
int selftest_report(const char *name, int ok, const char *why);

#endif
