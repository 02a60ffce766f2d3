/*
 * badargs.h - shared by the badargs test program: the bad pointers it
 * passes to system calls, and the case lists of its two files
 * (main.c: pointers, descriptors, lengths; elf.c: malformed programs).
 */
#ifndef BADARGS_H
#define BADARGS_H

#include <stdint.h>

#include "check.h"
#include "ulib.h"

#define BAD_LOW ((void *)0x1000)                    /* below text: never mapped */
#define BAD_UNMAPPED ((void *)0x2000000000ul)       /* middle of user space */
#define BAD_KERNEL ((void *)0xffffffc000000000ul)   /* kernel half */
#define BAD_NONCANONICAL ((void *)0x4000000000ul)   /* just past the user half */
#define USER_TOP 0x4000000000ul                     /* end of the Sv39 user half */
#define BAD_STRADDLE ((void *)(USER_TOP - 8))       /* 8 bytes below the end */
#define BAD_LEN 64                                  /* so BAD_STRADDLE crosses it */
#define PAGE_SIZE 4096

/* A program that exists (for tests where only an argument is bad). */
const char *badargs_true_path(void);

void badargs_run_pointer_cases(void);
void badargs_run_elf_cases(void);

#endif
