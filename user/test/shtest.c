/*
 * shtest - shell feature tests. Each case runs /bin/sh on a script (as
 * "sh FILE", as commands piped into its standard input, or as "sh -c")
 * with stdout and stderr captured, and compares the output and the exit
 * status: echo, pipes, <, >, >>, ;, &, wait, quotes, $?, cd, exit,
 * comments, "not found", syntax errors, path lookup, no prompt when the
 * input is not the console, input shared with the commands.
 * One "PASS name" / "FAIL name: reason" line per case.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define SCRIPT "/tmp/shtest.sh"
#define OUT_MAX 4096

enum sh_mode { SH_FILE, SH_STDIN, SH_DASH_C };

struct sh_case {
	const char *name;
	enum sh_mode mode;
	const char *script;
	const char *want;
	int status;
};

static const struct sh_case sh_cases[] = {
	{ "sh_echo", SH_FILE, "echo hello world\n", "hello world\n", 0 },
	{ "sh_pipe", SH_FILE, "echo abc | cat\n", "abc\n", 0 },
	{ "sh_pipe_chain", SH_FILE, "echo x | cat | cat | cat | cat | cat\n", "x\n", 0 },
	{ "sh_pipe_grep_wc", SH_FILE, "echo hello | grep ell | wc\n", "1 1 6\n", 0 },
	{ "sh_redirect_out", SH_FILE, "echo hi > /tmp/sht_a\ncat /tmp/sht_a\n", "hi\n", 0 },
	{ "sh_redirect_truncate", SH_FILE,
	  "echo long line > /tmp/sht_a\necho s > /tmp/sht_a\ncat /tmp/sht_a\n", "s\n", 0 },
	{ "sh_redirect_append", SH_FILE,
	  "echo a > /tmp/sht_b\necho b >> /tmp/sht_b\ncat /tmp/sht_b\n", "a\nb\n", 0 },
	{ "sh_redirect_in", SH_FILE, "echo in > /tmp/sht_c\ncat < /tmp/sht_c\n", "in\n", 0 },
	{ "sh_redirect_both", SH_FILE,
	  "echo io > /tmp/sht_c\ncat < /tmp/sht_c > /tmp/sht_d\ncat /tmp/sht_d\n", "io\n", 0 },
	{ "sh_redirect_fail", SH_FILE, "cat < /tmp/sht_none; echo $?\n",
	  "sh: /tmp/sht_none: No such file or directory\n1\n", 0 },
	{ "sh_status", SH_FILE, "false\necho $?\ntrue\necho $?\n", "1\n0\n", 0 },
	{ "sh_status_pipeline", SH_FILE, "false | true; echo $?\ntrue | false; echo $?\n",
	  "0\n1\n", 0 },
	{ "sh_not_found", SH_FILE, "nosuchcmd_x\necho $?\n",
	  "sh: nosuchcmd_x: not found\n127\n", 0 },
	{ "sh_semicolon", SH_FILE, "echo a; echo b ;echo c\n", "a\nb\nc\n", 0 },
	{ "sh_background", SH_FILE, "echo bg > /tmp/sht_e &\nsleep 0.5\ncat /tmp/sht_e\n",
	  "bg\n", 0 },
	{ "sh_background_wait", SH_FILE, "sleep 0.2 & echo first\nwait\necho second\n",
	  "first\nsecond\n", 0 },
	{ "sh_quotes", SH_FILE, "echo 'a  b' \"c  d\" e'f'\"g\"\n", "a  b c  d efg\n", 0 },
	{ "sh_quoted_operators", SH_FILE, "echo \"a|b;c&d<e>f\" 'x|y' \\;\n",
	  "a|b;c&d<e>f x|y ;\n", 0 },
	{ "sh_quoted_dollar", SH_FILE, "false; echo '$?' \"$?\" $?x\n", "$? 1 1x\n", 0 },
	{ "sh_empty_arg", SH_FILE, "echo a '' b\n", "a  b\n", 0 },
	{ "sh_cd", SH_FILE,
	  "mkdir /tmp/sht_dir\ncd /tmp/sht_dir\necho x > f\ncat /tmp/sht_dir/f\ncd /\n"
	  "rm -r /tmp/sht_dir\necho $?\n",
	  "x\n0\n", 0 },
	{ "sh_cd_fail", SH_FILE, "cd /tmp/sht_nodir; echo $?\n",
	  "sh: cd: /tmp/sht_nodir: No such file or directory\n1\n", 0 },
	{ "sh_exit_status", SH_FILE, "echo a\nexit 3\necho b\n", "a\n", 3 },
	{ "sh_last_status", SH_FILE, "true\nfalse\n", "", 1 },
	{ "sh_comments", SH_FILE, "# a comment\necho x # trailing\n   # indented\n", "x\n", 0 },
	{ "sh_blank_lines", SH_FILE, "\n   \n\techo t\n;\n", "t\n", 0 },
	{ "sh_syntax_error", SH_FILE, "echo a |\necho ok\n",
	  "sh: syntax error: empty command\nok\n", 0 },
	{ "sh_stdin_no_prompt", SH_STDIN, "echo one\necho two\n", "one\ntwo\n", 0 },
	{ "sh_stdin_shared", SH_STDIN, "cat\nhello from stdin\n", "hello from stdin\n", 0 },
	{ "sh_stdin_exit", SH_STDIN, "exit 4\necho no\n", "", 4 },
	{ "sh_dash_c", SH_DASH_C, "echo c1; echo c2", "c1\nc2\n", 0 },
};

/* Child: run sh with stdout and stderr on fd out. */
static void sh_child(const struct sh_case *c, int in, int out)
{
	char *argv_file[] = { "sh", SCRIPT, NULL };
	char *argv_stdin[] = { "sh", NULL };
	char *argv_c[] = { "sh", "-c", (char *)c->script, NULL };
	char **argv = c->mode == SH_FILE ? argv_file : c->mode == SH_STDIN ? argv_stdin : argv_c;

	dup2(in, 0);
	dup2(out, 1);
	dup2(out, 2);
	close(in);
	close(out);
	check_exec("sh", argv);
	_exit(99);
}

static int sh_write_script(const char *text)
{
	int fd = open(SCRIPT, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	size_t n = strlen(text);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, n) == (ssize_t)n;
	close(fd);
	return ok ? 0 : -1;
}

/* Run the case; fills out (NUL-terminated) and returns the wait status. */
static int sh_run(const struct sh_case *c, char *out, size_t size)
{
	int inp[2], outp[2];
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	if (pipe(inp) < 0 || pipe(outp) < 0)
		return -1;
	pid = check_fork();
	if (pid == 0) {
		close(inp[1]);
		close(outp[0]);
		sh_child(c, inp[0], outp[1]);
	}
	close(inp[0]);
	close(outp[1]);
	if (c->mode == SH_STDIN)
		write(inp[1], c->script, strlen(c->script));
	close(inp[1]);
	while (n + 1 < size && (r = read(outp[0], out + n, size - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(outp[0]);
	return pid < 0 ? -1 : check_wait(pid);
}

static const struct sh_case *sh_current;

static int sh_test_case(void)
{
	static char out[OUT_MAX];
	const struct sh_case *c = sh_current;
	int st;

	CHECK(c->mode != SH_FILE || sh_write_script(c->script) == 0, "writing %s: %s",
	      SCRIPT, strerror(errno));
	st = sh_run(c, out, sizeof(out));
	CHECK(st >= 0, "running sh failed: %s", strerror(errno));
	CHECK(strcmp(out, c->want) == 0, "output \"%s\", want \"%s\"", out, c->want);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == c->status, "status %#x, want exit %d", st,
	      c->status);
	return 0;
}

int main(void)
{
	size_t i;

	mkdir("/tmp", 0777);
	for (i = 0; i < sizeof(sh_cases) / sizeof(sh_cases[0]); i++) {
		sh_current = &sh_cases[i];
		check_run(sh_cases[i].name, sh_test_case);
	}
	unlink(SCRIPT);
	unlink("/tmp/sht_a");
	unlink("/tmp/sht_b");
	unlink("/tmp/sht_c");
	unlink("/tmp/sht_d");
	unlink("/tmp/sht_e");
	return check_summary("shtest");
}
