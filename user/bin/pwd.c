/* pwd - print the current working directory. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PWD_MAX 1024

int main(void)
{
	char buf[PWD_MAX];

	if (getcwd(buf, sizeof(buf)) == NULL) {
		fprintf(stderr, "pwd: %s\n", strerror(errno));
		return 1;
	}
	puts(buf);
	return 0;
}
