/*
 * sh - the command shell.
 *
 *   sh              read commands from standard input; on the console,
 *                   print the prompt "$ " (on stderr) before each one
 *   sh FILE         run the commands in FILE
 *   sh -c COMMANDS  run COMMANDS
 *
 * Supports pipes (|), redirections (<, >, >>), sequences (;), background
 * commands (&), single and double quotes, $? (last status), comments,
 * and the builtins cd, exit [N] and wait. The shell exits with the
 * status of the last command (or exit's N) at the end of its input.
 * The prompt is printed only when the input is the console, and only
 * while waiting for a command.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

#define SH_PROMPT "$ "

static struct lexer sh_lexer;
static struct pipeline sh_pipeline;
static char sh_line[SH_LINE_MAX];

/* Error messages go straight to fd 2 in one write, so they are never
 * left in a stdio buffer across fork or _exit. */
void sh_error(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		write(2, buf, (size_t)n);
}

/* Run every pipeline of one line, in order. */
static void sh_run_line(struct shell *sh, const char *line)
{
	lex_start(&sh_lexer, line, sh->last_status);
	while (!sh->exiting) {
		sh_lexer.last_status = sh->last_status;
		if (parse_pipeline(&sh_lexer, &sh_pipeline) < 0) {
			sh->last_status = SH_STATUS_SYNTAX;
			return;
		}
		if (sh_pipeline.ncmds > 0)
			sh->last_status = run_pipeline(sh, &sh_pipeline);
		if (sh_pipeline.last)
			return;
	}
}

static int sh_loop(struct shell *sh, struct input *in, int interactive)
{
	for (;;) {
		run_reap_jobs();
		if (interactive)
			write(2, SH_PROMPT, strlen(SH_PROMPT));
		if (input_line(in, sh_line, sizeof(sh_line)) < 0)
			break;
		sh_run_line(sh, sh_line);
		if (sh->exiting)
			return sh->exit_status;
	}
	return sh->last_status;
}

static int sh_script(struct shell *sh, const char *path)
{
	static struct input in;
	int fd = open(path, O_RDONLY);
	int status;

	if (fd < 0) {
		sh_error("sh: %s: %s\n", path, strerror(errno));
		return SH_STATUS_NOT_FOUND;
	}
	input_init_fd(&in, fd);
	status = sh_loop(sh, &in, 0);
	close(fd);
	return status;
}

int main(int argc, char **argv)
{
	static struct input in;
	struct shell sh = { 0 };

	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		input_init_string(&in, argv[2]);
		return sh_loop(&sh, &in, 0);
	}
	if (argc > 1)
		return sh_script(&sh, argv[1]);
	input_init_fd(&in, 0);
	sh.interactive = isatty(0);
	return sh_loop(&sh, &in, sh.interactive);
}
