/*
 * lex.c - splitting a command line into words and operators.
 *
 * Operators: | < > >> ; & (and end of line). A '#' at the start of a
 * word starts a comment. A word is a run of:
 *   plain characters          (a backslash makes the next one plain)
 *   'single quoted text'      (taken literally)
 *   "double quoted text"      ($? expands; \" \\ \$ are escapes)
 * and "$?" outside single quotes expands to the last exit status (so
 * does "$$" to the shell's pid). Words are copied, unquoted, into the
 * lexer's arena.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

void lex_start(struct lexer *lx, const char *line, int last_status)
{
	lx->p = line;
	lx->last_status = last_status;
	lx->used = 0;
	lx->error = NULL;
}

static int lex_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int lex_is_operator(char c)
{
	return c == '|' || c == '<' || c == '>' || c == ';' || c == '&' || c == '\0';
}

static int lex_put(struct lexer *lx, char c)
{
	if (lx->used + 1 >= sizeof(lx->arena)) {
		lx->error = "line too long";
		return -1;
	}
	lx->arena[lx->used++] = c;
	return 0;
}

static int lex_put_string(struct lexer *lx, const char *s)
{
	for (; *s; s++)
		if (lex_put(lx, *s) < 0)
			return -1;
	return 0;
}

/* At a '$': expand $? or $$ (advancing p), else copy the '$'. */
static int lex_dollar(struct lexer *lx)
{
	char num[16];

	if (lx->p[1] == '?')
		snprintf(num, sizeof(num), "%d", lx->last_status);
	else if (lx->p[1] == '$')
		snprintf(num, sizeof(num), "%d", (int)getpid());
	else {
		lx->p++;
		return lex_put(lx, '$');
	}
	lx->p += 2;
	return lex_put_string(lx, num);
}

static int lex_single_quoted(struct lexer *lx)
{
	for (lx->p++; *lx->p != '\''; lx->p++) {
		if (*lx->p == '\0') {
			lx->error = "unterminated quote";
			return -1;
		}
		if (lex_put(lx, *lx->p) < 0)
			return -1;
	}
	lx->p++;
	return 0;
}

static int lex_double_quoted(struct lexer *lx)
{
	lx->p++;
	while (*lx->p != '"') {
		const char *p = lx->p;
		if (*p == '\0') {
			lx->error = "unterminated quote";
			return -1;
		}
		if (*p == '$') {
			if (lex_dollar(lx) < 0)
				return -1;
			continue;
		}
		if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$'))
			p = ++lx->p;
		if (lex_put(lx, *p) < 0)
			return -1;
		lx->p++;
	}
	lx->p++;
	return 0;
}

/* One piece of a word: a quoted part, an expansion or a character. */
static int lex_word_part(struct lexer *lx)
{
	switch (*lx->p) {
	case '\'':
		return lex_single_quoted(lx);
	case '"':
		return lex_double_quoted(lx);
	case '$':
		return lex_dollar(lx);
	case '\\':
		if (lx->p[1] != '\0')
			lx->p++;
		/* fall through */
	default:
		return lex_put(lx, *lx->p++);
	}
}

static void lex_word(struct lexer *lx, struct token *t)
{
	size_t start = lx->used;

	while (!lex_is_blank(*lx->p) && !lex_is_operator(*lx->p)) {
		if (lex_word_part(lx) < 0) {
			t->kind = TOK_ERROR;
			return;
		}
	}
	if (lex_put(lx, '\0') < 0) {
		t->kind = TOK_ERROR;
		return;
	}
	t->kind = TOK_WORD;
	t->word = lx->arena + start;
}

static enum tok_kind lex_operator(struct lexer *lx)
{
	char c = *lx->p;

	if (c == '\0')
		return TOK_END;
	lx->p++;
	switch (c) {
	case '|':
		return TOK_PIPE;
	case '<':
		return TOK_IN;
	case ';':
		return TOK_SEMI;
	case '&':
		return TOK_AMP;
	}
	if (*lx->p == '>') {
		lx->p++;
		return TOK_APPEND;
	}
	return TOK_OUT;
}

void lex_next(struct lexer *lx, struct token *t)
{
	while (lex_is_blank(*lx->p))
		lx->p++;
	t->word = NULL;
	if (*lx->p == '#') {
		lx->p += strlen(lx->p);
		t->kind = TOK_END;
	} else if (lex_is_operator(*lx->p)) {
		t->kind = lex_operator(lx);
	} else {
		lex_word(lx, t);
	}
}
