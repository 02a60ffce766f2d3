/*
 * grep [-v] [-c] [-n] [-i] [-F] pattern [file...] - print the lines that
 * match pattern (or, with -v, that do not).
 *
 *   -c count matching lines   -n number lines   -i ignore case
 *   -F pattern is a fixed string, not a regular expression
 *
 * Regular expressions (a small backtracking matcher): literal characters,
 * '.', bracket sets "[abc]" "[a-z]" "[^...]", '\' escapes, the
 * repetitions '*' '+' '?' after any of those, and the anchors '^' and '$'.
 * Exit status 0 if some line matched, 1 if none, 2 on error.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define GREP_LINE_MAX 4096
#define GREP_REPEAT_MAX 0x7fffffff

struct grep_opts {
	int invert, count, number, icase, fixed;
	const char *pattern;
};

static int re_here(const char *re, const char *text, int icase);

static int re_fold(int c, int icase)
{
	return icase ? tolower((unsigned char)c) : (unsigned char)c;
}

/* Length of the atom at re: an escape, a bracket set or one char. */
static int re_atom_len(const char *re)
{
	const char *p = re + 1;

	if (re[0] == '\\')
		return re[1] ? 2 : 1;
	if (re[0] != '[')
		return 1;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']')
		p++;
	return *p ? (int)(p - re) + 1 : 1;
}

static int re_set_match(const char *set, int len, int c, int icase)
{
	int negate = 0, found = 0, i = 1;

	if (set[i] == '^') {
		negate = 1;
		i++;
	}
	for (; i < len - 1; i++) {
		int lo = re_fold(set[i], icase), hi = lo;
		if (set[i + 1] == '-' && i + 2 < len - 1) {
			hi = re_fold(set[i + 2], icase);
			i += 2;
		}
		if (c >= lo && c <= hi)
			found = 1;
	}
	return found != negate;
}

static int re_atom_match(const char *re, int len, char ch, int icase)
{
	int c = re_fold(ch, icase);

	if (ch == '\0')
		return 0;
	if (re[0] == '\\' && len == 2)
		return c == re_fold(re[1], icase);
	if (re[0] == '[' && len > 1)
		return re_set_match(re, len, c, icase);
	return re[0] == '.' || c == re_fold(re[0], icase);
}

/* Match between min and max copies of the atom, longest first, then rest. */
static int re_repeat(const char *atom, int len, const char *rest, const char *text,
		     int min, int max, int icase)
{
	int n = 0;

	while (n < max && re_atom_match(atom, len, text[n], icase))
		n++;
	for (; n >= min; n--)
		if (re_here(rest, text + n, icase))
			return 1;
	return 0;
}

static int re_here(const char *re, const char *text, int icase)
{
	int len;

	if (re[0] == '\0')
		return 1;
	if (re[0] == '$' && re[1] == '\0')
		return *text == '\0';
	len = re_atom_len(re);
	switch (re[len]) {
	case '*':
		return re_repeat(re, len, re + len + 1, text, 0, GREP_REPEAT_MAX, icase);
	case '+':
		return re_repeat(re, len, re + len + 1, text, 1, GREP_REPEAT_MAX, icase);
	case '?':
		return re_repeat(re, len, re + len + 1, text, 0, 1, icase);
	}
	return re_atom_match(re, len, *text, icase) && re_here(re + len, text + 1, icase);
}

static int re_match(const char *re, const char *text, int icase)
{
	if (re[0] == '^')
		return re_here(re + 1, text, icase);
	do {
		if (re_here(re, text, icase))
			return 1;
	} while (*text++);
	return 0;
}

static int grep_fixed(const char *pat, const char *text, int icase)
{
	size_t n = strlen(pat);

	for (; *text; text++)
		if ((icase ? strncasecmp(text, pat, n) : strncmp(text, pat, n)) == 0)
			return 1;
	return n == 0;
}

static int grep_line_matches(const struct grep_opts *o, const char *line)
{
	int m = o->fixed ? grep_fixed(o->pattern, line, o->icase)
			 : re_match(o->pattern, line, o->icase);

	return m != o->invert;
}

/* Returns the number of matching lines. */
static long grep_stream(const struct grep_opts *o, FILE *f, const char *name)
{
	static char line[GREP_LINE_MAX];
	long lineno = 0, matches = 0;

	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);
		int had_newline = n > 0 && line[n - 1] == '\n';
		if (had_newline)
			line[n - 1] = '\0';
		lineno++;
		if (!grep_line_matches(o, line))
			continue;
		matches++;
		if (o->count)
			continue;
		if (name)
			printf("%s:", name);
		if (o->number)
			printf("%ld:", lineno);
		puts(line);
	}
	if (o->count) {
		if (name)
			printf("%s:", name);
		printf("%ld\n", matches);
	}
	return matches;
}

static int grep_options(int argc, char **argv, struct grep_opts *o)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *f;
		for (f = argv[i] + 1; *f; f++) {
			switch (*f) {
			case 'v': o->invert = 1; break;
			case 'c': o->count = 1; break;
			case 'n': o->number = 1; break;
			case 'i': o->icase = 1; break;
			case 'F': o->fixed = 1; break;
			default: return -1;
			}
		}
	}
	return i;
}

int main(int argc, char **argv)
{
	struct grep_opts o = { 0 };
	long matches = 0;
	int status = 0, many;
	int i = grep_options(argc, argv, &o);

	if (i < 0 || i >= argc) {
		fprintf(stderr, "usage: grep [-vcniF] pattern [file...]\n");
		return 2;
	}
	o.pattern = argv[i++];
	many = argc - i > 1;
	if (i == argc)
		matches = grep_stream(&o, stdin, NULL);
	for (; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");
		if (f == NULL) {
			fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
			status = 2;
			continue;
		}
		matches += grep_stream(&o, f, many ? argv[i] : NULL);
		fclose(f);
	}
	if (status)
		return status;
	return matches > 0 ? 0 : 1;
}
