/*
 * run.c - running a parsed pipeline.
 *
 * A lone builtin (cd, exit, wait) runs in the shell itself; everything
 * else runs in children, one per command, joined by pipes. In each
 * child the pipe ends are put on fds 0/1 first, then the command's own
 * redirections (so "a > f | b" writes to f), then the program is
 * executed: a name containing '/' as given, otherwise /bin/NAME, then
 * /NAME. The shell waits for all children of a foreground pipeline and
 * takes the last one's status ($?); it does not wait for a background
 * (&) pipeline, whose children are reaped later by run_reap_jobs().
 * An interactive shell gives each pipeline its own process group and
 * the console to the foreground one (struct job).
 *
 * Status: the exit code, or 128 + signal for a killed command;
 * 127 when the program was not found, 126 when it could not be run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"
#include "ulib.h"

#define SH_FILE_MODE 0666
#define SH_PATH_MAX 1024

static const char *const run_search_dirs[] = { "/bin", "" };

/* ---- builtins ---- */

static int builtin_cd(struct shell *sh, struct command *c)
{
	const char *dir = c->argc > 1 ? c->argv[1] : getenv("HOME");

	if (dir == NULL)
		dir = "/";
	if (chdir(dir) < 0) {
		sh_error("sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

static int builtin_exit(struct shell *sh, struct command *c)
{
	sh->exiting = 1;
	sh->exit_status = c->argc > 1 ? atoi(c->argv[1]) : sh->last_status;
	return sh->exit_status;
}

/* wait: wait for every background job. */
static int builtin_wait(struct shell *sh, struct command *c)
{
	int status;

	while (wait(&status) > 0 || errno == EINTR)
		;
	return 0;
}

struct builtin {
	const char *name;
	int (*fn)(struct shell *sh, struct command *c);
};

static const struct builtin run_builtins[] = {
	{ "cd", builtin_cd },
	{ "exit", builtin_exit },
	{ "wait", builtin_wait },
};

static const struct builtin *run_find_builtin(const struct command *c)
{
	size_t i;

	for (i = 0; i < sizeof(run_builtins) / sizeof(run_builtins[0]); i++)
		if (strcmp(c->argv[0], run_builtins[i].name) == 0)
			return &run_builtins[i];
	return NULL;
}

/* ---- in the child ---- */

static int run_redirect_one(const char *path, int flags, int target)
{
	int fd = open(path, flags, SH_FILE_MODE);

	if (fd < 0) {
		sh_error("sh: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fd != target) {
		dup2(fd, target);
		close(fd);
	}
	return 0;
}

static int run_redirect(const struct command *c)
{
	int out_flags = O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC);

	if (c->in && run_redirect_one(c->in, O_RDONLY, 0) < 0)
		return -1;
	if (c->out && run_redirect_one(c->out, out_flags, 1) < 0)
		return -1;
	return 0;
}

/* Execute c->argv[0]; returns only on failure, with the status to use. */
static int run_exec(const struct command *c)
{
	char path[SH_PATH_MAX];
	const char *name = c->argv[0];
	int saved = ENOENT;
	size_t i;

	if (strchr(name, '/')) {
		execve(name, c->argv, environ);
		saved = errno;
	} else {
		for (i = 0; i < sizeof(run_search_dirs) / sizeof(run_search_dirs[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s", run_search_dirs[i], name);
			execve(path, c->argv, environ);
			if (errno != ENOENT && errno != ENOTDIR)
				saved = errno;
		}
	}
	if (saved == ENOENT) {
		sh_error("sh: %s: not found\n", name);
		return SH_STATUS_NOT_FOUND;
	}
	sh_error("sh: %s: %s\n", name, strerror(saved));
	return SH_STATUS_NOT_EXEC;
}

static void run_child(struct shell *sh, struct command *c, int in, int out)
{
	const struct builtin *b;

	if (in != 0) {
		dup2(in, 0);
		close(in);
	}
	if (out != 1) {
		dup2(out, 1);
		close(out);
	}
	if (run_redirect(c) < 0)
		_exit(1);
	b = run_find_builtin(c);
	if (b) {
		int status = b->fn(sh, c);
		fflush(stdout);
		_exit(status);
	}
	_exit(run_exec(c));
}

/* ---- in the shell ---- */

static int run_status(int wstatus)
{
	if (WIFSIGNALED(wstatus))
		return SH_STATUS_SIGNAL_BASE + WTERMSIG(wstatus);
	return WEXITSTATUS(wstatus);
}

/* The children of one pipeline. When the shell is interactive they form
 * a process group of their own (led by the first), which is made the
 * console's foreground group while the shell waits, so ^C interrupts
 * them and not the shell; background jobs never get the console. */
struct job {
	pid_t pids[SH_CMDS_MAX];
	pid_t pgid;      /* 0 until the first child exists */
	int manage;      /* interactive: use process groups */
};

/* Start command i of pl reading from in; sets *next_in for command i+1.
 * Returns the child's pid or -1. Both sides set the child's group, so
 * it is right whichever runs first. */
static pid_t run_start(struct shell *sh, struct pipeline *pl, struct job *job, int i,
		       int in, int *next_in)
{
	int fds[2] = { -1, 1 };
	pid_t pid;

	*next_in = -1;
	if (i + 1 < pl->ncmds && pipe(fds) < 0) {
		sh_error("sh: pipe: %s\n", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		if (job->manage)
			setpgid(0, job->pgid); /* pgid 0: lead a new group */
		if (fds[0] >= 0)
			close(fds[0]);
		run_child(sh, &pl->cmds[i], in, fds[1]);
	}
	if (pid < 0)
		sh_error("sh: fork: %s\n", strerror(errno));
	if (pid > 0 && job->manage) {
		if (job->pgid == 0)
			job->pgid = pid;
		setpgid(pid, job->pgid);
	}
	if (fds[1] != 1)
		close(fds[1]);
	if (pid < 0 && fds[0] >= 0)
		close(fds[0]);
	else
		*next_in = fds[0];
	return pid;
}

/* Wait for the job's n children; returns the last one's status. */
static int run_wait(const struct job *job, int n)
{
	int status = 0, wstatus, i;

	if (job->manage && job->pgid > 0)
		console_mode(KCONSOLE_SET_FG, job->pgid);
	for (i = 0; i < n; i++) {
		if (job->pids[i] < 0)
			continue;
		while (waitpid(job->pids[i], &wstatus, 0) < 0) {
			if (errno != EINTR) {
				wstatus = 0;
				break;
			}
		}
		status = run_status(wstatus);
	}
	if (job->manage)
		console_mode(KCONSOLE_SET_FG, 0);
	return status;
}

static int run_children(struct shell *sh, struct pipeline *pl)
{
	struct job job = { .pgid = 0, .manage = sh->interactive };
	int in = 0, next_in = -1, i, failed = 0;

	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < pl->ncmds; i++) {
		job.pids[i] = -1;
		if (!failed)
			job.pids[i] = run_start(sh, pl, &job, i, in, &next_in);
		if (in != 0)
			close(in);
		if (job.pids[i] < 0) {
			failed = 1;
			next_in = -1;
		}
		in = next_in >= 0 ? next_in : 0;
	}
	if (pl->background)
		return 0;
	i = run_wait(&job, pl->ncmds);
	return failed ? 1 : i;
}

int run_pipeline(struct shell *sh, struct pipeline *pl)
{
	const struct builtin *b;

	if (pl->ncmds == 1 && !pl->background && (b = run_find_builtin(&pl->cmds[0])))
		return b->fn(sh, &pl->cmds[0]);
	return run_children(sh, pl);
}

/* Collect finished background jobs (any child not waited for yet). */
void run_reap_jobs(void)
{
	int wstatus;

	while (waitpid(-1, &wstatus, WNOHANG) > 0)
		;
}
