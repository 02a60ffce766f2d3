/*
 * sh.h - the shell's shared types: the input reader, tokens, parsed
 * pipelines and the shell's state.
 *
 * Flow: main.c reads a line (input.c), then repeatedly lexes and parses
 * one pipeline up to ';', '&' or the end (lex.c, parse.c) and runs it
 * (run.c) before looking at the rest of the line, so "$?" in a later
 * command sees the status of an earlier one on the same line.
 */
#ifndef SH_H
#define SH_H

#include <stddef.h>
#include <sys/types.h>

#define SH_LINE_MAX 4096
#define SH_ARENA_SIZE (2 * SH_LINE_MAX)
#define SH_ARGS_MAX 128
#define SH_CMDS_MAX 16
#define SH_STATUS_NOT_FOUND 127
#define SH_STATUS_NOT_EXEC 126
#define SH_STATUS_SIGNAL_BASE 128
#define SH_STATUS_SYNTAX 2

/* ---- input.c: lines from a file descriptor or a string ---- */
struct input {
	int fd;              /* -1: read from str */
	int bytewise;        /* read one byte at a time (shared pipe input) */
	const char *str;     /* for sh -c */
	char buf[1024];
	int len, pos;
};

void input_init_fd(struct input *in, int fd);
void input_init_string(struct input *in, const char *str);
/* Read one line (without its newline) into line; -1 at end of input. */
int input_line(struct input *in, char *line, size_t size);

/* ---- lex.c: words and operators ---- */
enum tok_kind {
	TOK_WORD,
	TOK_PIPE,   /* | */
	TOK_IN,     /* < */
	TOK_OUT,    /* > */
	TOK_APPEND, /* >> */
	TOK_SEMI,   /* ; */
	TOK_AMP,    /* & */
	TOK_END,    /* end of line, or a comment */
	TOK_ERROR,
};

struct token {
	enum tok_kind kind;
	char *word; /* TOK_WORD: the unquoted, expanded text (in the arena) */
};

struct lexer {
	const char *p;       /* next unread character of the line */
	int last_status;     /* what $? expands to */
	char arena[SH_ARENA_SIZE];
	size_t used;
	const char *error;   /* set with TOK_ERROR */
};

void lex_start(struct lexer *lx, const char *line, int last_status);
void lex_next(struct lexer *lx, struct token *t);

/* ---- parse.c: one pipeline ---- */
struct command {
	char *argv[SH_ARGS_MAX + 1];
	int argc;
	char *in;        /* < file */
	char *out;       /* > or >> file */
	int append;      /* out was given with >> */
};

struct pipeline {
	struct command cmds[SH_CMDS_MAX];
	int ncmds;
	int background;  /* ended with & */
	int last;        /* ended the line */
};

/* Parse the next pipeline from lx; -1 (and a message) on a syntax error. */
int parse_pipeline(struct lexer *lx, struct pipeline *pl);

/* ---- run.c: running pipelines and builtins ---- */
struct shell {
	int interactive; /* commands come from the console */
	int last_status;
	int exiting;     /* the exit builtin ran */
	int exit_status;
};

int run_pipeline(struct shell *sh, struct pipeline *pl);
void run_reap_jobs(void);

/* ---- main.c ---- */
void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
