/*
 * smp.h - bringing up the other harts.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

struct cpu;

/* Arch: start c's hart at secondary_main(hartid); 0 or -1. */
int smp_start_hart(struct cpu *c);
/* Start every usable hart but this one; wait until they are online. */
void smp_boot_secondaries(void);

#endif
