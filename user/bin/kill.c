/*
 * kill [-SIGNAL] pid... - send a signal (default TERM) to processes.
 * SIGNAL is a number or one of INT, KILL, SEGV, TERM (with or without
 * a SIG prefix). Only killing is implemented: every signal ends the
 * process, which its parent sees as "killed by signal SIGNAL".
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kill_name {
	const char *name;
	int sig;
};

static const struct kill_name kill_names[] = {
	{ "INT", SIGINT }, { "KILL", SIGKILL }, { "SEGV", SIGSEGV }, { "TERM", SIGTERM },
};

static int kill_parse_signal(const char *s)
{
	size_t i;

	if (*s >= '0' && *s <= '9')
		return atoi(s);
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < sizeof(kill_names) / sizeof(kill_names[0]); i++)
		if (strcmp(s, kill_names[i].name) == 0)
			return kill_names[i].sig;
	return -1;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM;
	int status = 0;
	int i = 1;

	if (argc > 1 && argv[1][0] == '-') {
		sig = kill_parse_signal(argv[1] + 1);
		i++;
	}
	if (sig < 0 || i >= argc) {
		fprintf(stderr, "usage: kill [-SIGNAL] pid...\n");
		return 2;
	}
	for (; i < argc; i++) {
		if (kill(atoi(argv[i]), sig) < 0) {
			fprintf(stderr, "kill: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
