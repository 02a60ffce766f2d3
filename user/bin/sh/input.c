/*
 * input.c - reading the shell's input a line at a time.
 *
 * From the console, read() returns one edited line (the kernel's cooked
 * mode). From a script file we read in blocks. When standard input is a
 * pipe the shell may share with the commands it starts ("... | sh"),
 * we read one byte at a time so no byte meant for a command is consumed.
 * For sh -c the "input" is a string.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

void input_init_fd(struct input *in, int fd)
{
	in->fd = fd;
	in->str = NULL;
	in->len = in->pos = 0;
	/* Seekable files and terminals: block reads are safe. */
	in->bytewise = !isatty(fd) && lseek(fd, 0, SEEK_CUR) < 0;
}

void input_init_string(struct input *in, const char *str)
{
	in->fd = -1;
	in->str = str;
	in->bytewise = 0;
	in->len = in->pos = 0;
}

/* Next byte of input, or -1 at the end. */
static int input_byte(struct input *in)
{
	ssize_t n;

	if (in->fd < 0)
		return *in->str ? (unsigned char)*in->str++ : -1;
	if (in->pos == in->len) {
		do {
			n = read(in->fd, in->buf, in->bytewise ? 1 : sizeof(in->buf));
		} while (n < 0 && errno == EINTR);
		if (n <= 0)
			return -1;
		in->len = (int)n;
		in->pos = 0;
	}
	return (unsigned char)in->buf[in->pos++];
}

int input_line(struct input *in, char *line, size_t size)
{
	size_t n = 0;
	int truncated = 0;
	int c;

	while ((c = input_byte(in)) >= 0 && c != '\n') {
		if (n + 1 < size)
			line[n++] = (char)c;
		else
			truncated = 1;
	}
	line[n] = '\0';
	if (c < 0 && n == 0)
		return -1;
	if (truncated)
		sh_error("sh: line too long, truncated\n");
	return (int)n;
}
