/*
 * poweroff [status] - flush the file system and turn the machine off
 * (under QEMU, QEMU exits; status is passed on where the platform can).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ulib.h"

int main(int argc, char **argv)
{
	int status = argc > 1 ? atoi(argv[1]) : 0;

	poweroff(status);
	fprintf(stderr, "poweroff: %s\n", strerror(errno));
	return 1;
}
