/* SPDX-License-Identifier: MIT */
/* A container's long-running command for the container suite: sleeps until
 * SIGTERM or SIGINT (as PID 1 a signal without a handler would be ignored),
 * or for argv[1] seconds (default 600; also when argv[1] is no number). Static: the test image holds no
 * libraries for it. */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static void on_signal(int sig)
{
	(void)sig;
	_exit(0);
}

int main(int argc, char **argv)
{
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	/* run as a twin's binary it gets the tool's flags: those are no number */
	unsigned left = argc > 1 && argv[1][0] >= '0' && argv[1][0] <= '9' ? (unsigned)strtoul(argv[1], NULL, 10) : 600;
	while (left > 0)
		left = sleep(left);
	return 0;
}
