/*
 * stdio.c - stdin, stdout and stderr for picolibc's tinystdio.
 *
 * tinystdio leaves the standard streams to the program. Ours are
 * picolibc "bufio" streams over file descriptors 0, 1 and 2 and our
 * read/write/lseek/close wrappers. stdout and stderr are line buffered
 * whatever they are connected to, so output stays line-oriented for the
 * console and for test harnesses reading a pipe; a program that forks
 * with a partial line pending should fflush first. A destructor flushes
 * both at exit() (not at _exit()).
 */
#include <stdio.h>
#include <stdio-bufio.h>
#include <unistd.h>

#define STDIO_IN_SIZE 1024
#define STDIO_OUT_SIZE 1024
#define STDIO_ERR_SIZE 256

static char stdio_in_buf[STDIO_IN_SIZE];
static char stdio_out_buf[STDIO_OUT_SIZE];
static char stdio_err_buf[STDIO_ERR_SIZE];

static struct __file_bufio stdio_in =
	FDEV_SETUP_BUFIO(0, stdio_in_buf, STDIO_IN_SIZE, read, write, lseek,
			 close, __SRD, 0);
static struct __file_bufio stdio_out =
	FDEV_SETUP_BUFIO(1, stdio_out_buf, STDIO_OUT_SIZE, read, write, lseek,
			 close, __SWR, __BLBF);
static struct __file_bufio stdio_err =
	FDEV_SETUP_BUFIO(2, stdio_err_buf, STDIO_ERR_SIZE, read, write, lseek,
			 close, __SWR, __BLBF);

FILE *const stdin = &stdio_in.xfile.cfile.file;
FILE *const stdout = &stdio_out.xfile.cfile.file;
FILE *const stderr = &stdio_err.xfile.cfile.file;

__attribute__((destructor)) static void stdio_flush_at_exit(void)
{
	fflush(stdout);
	fflush(stderr);
}
