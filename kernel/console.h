/*
 * console.h - the console: the UART as a file (/dev/console, major
 * DEV_CONSOLE) with a line discipline.
 *
 * Cooked mode (default): input is echoed and edited a line at a time
 * (backspace, ^U kills the line); a line becomes readable at Enter; ^D
 * makes what was typed readable at once (at the start of a line: end of
 * file); ^C sends SIGINT to the foreground process group; ^P prints the
 * process list. Raw mode: every byte is readable as typed, no echo.
 * Output goes straight to the UART (polled).
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "fs/file.h"

extern const struct file_ops console_file_ops;

void console_init(void);      /* boot: hook the UART's receive interrupt */
void console_input(int c);    /* a received byte (interrupt context) */
long console_mode(int op, int arg);

#endif
