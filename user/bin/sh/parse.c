/*
 * parse.c - turning tokens into one pipeline:
 *
 *   pipeline := command ('|' command)* [';' | '&' | end]
 *   command  := (word | '<' word | '>' word | '>>' word)+
 *
 * An empty pipeline (blank line, or "a ; ; b") parses with ncmds = 0.
 */
#include <string.h>

#include "sh.h"

static int parse_fail(const char *what)
{
	sh_error("sh: syntax error: %s\n", what);
	return -1;
}

static int parse_redirect(struct lexer *lx, struct command *c, enum tok_kind op)
{
	struct token t;

	lex_next(lx, &t);
	if (t.kind == TOK_ERROR)
		return parse_fail(lx->error);
	if (t.kind != TOK_WORD)
		return parse_fail("missing file name after redirection");
	if (op == TOK_IN) {
		c->in = t.word;
	} else {
		c->out = t.word;
		c->append = op == TOK_APPEND;
	}
	return 0;
}

static int parse_word(struct command *c, char *word)
{
	if (c->argc == SH_ARGS_MAX)
		return parse_fail("too many arguments");
	c->argv[c->argc++] = word;
	c->argv[c->argc] = NULL;
	return 0;
}

/* Start the next command of pl after a '|'. */
static int parse_next_command(struct pipeline *pl)
{
	struct command *c = &pl->cmds[pl->ncmds - 1];

	if (c->argc == 0)
		return parse_fail("empty command in pipeline");
	if (pl->ncmds == SH_CMDS_MAX)
		return parse_fail("pipeline too long");
	memset(&pl->cmds[pl->ncmds++], 0, sizeof(struct command));
	return 0;
}

/* Finish at ';', '&' or end; returns 0, or -1 for an empty command. */
static int parse_finish(struct pipeline *pl, enum tok_kind end)
{
	struct command *c = &pl->cmds[pl->ncmds - 1];

	pl->background = end == TOK_AMP;
	pl->last = end == TOK_END;
	if (c->argc > 0)
		return 0;
	if (pl->ncmds > 1 || c->in || c->out)
		return parse_fail("empty command");
	pl->ncmds = 0;
	if (pl->background)
		return parse_fail("'&' without a command");
	return 0;
}

int parse_pipeline(struct lexer *lx, struct pipeline *pl)
{
	struct token t;

	pl->ncmds = 1;
	memset(&pl->cmds[0], 0, sizeof(struct command));
	for (;;) {
		int r = 0;
		lex_next(lx, &t);
		switch (t.kind) {
		case TOK_WORD:
			r = parse_word(&pl->cmds[pl->ncmds - 1], t.word);
			break;
		case TOK_IN:
		case TOK_OUT:
		case TOK_APPEND:
			r = parse_redirect(lx, &pl->cmds[pl->ncmds - 1], t.kind);
			break;
		case TOK_PIPE:
			r = parse_next_command(pl);
			break;
		case TOK_SEMI:
		case TOK_AMP:
		case TOK_END:
			return parse_finish(pl, t.kind);
		case TOK_ERROR:
			return parse_fail(lx->error);
		}
		if (r < 0)
			return -1;
	}
}
