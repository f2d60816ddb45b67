/* SPDX-License-Identifier: MIT */
/* Test driver: `driver seccomp-profile [options]` runs the subcommand the
 * way main.c does, so these tests need nothing but the library. */
#include <stdio.h>

#include "preflight/seccomp_profile.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: driver seccomp-profile [options]\n", stderr);
		return 2;
	}
	return pf_cmd_seccomp_profile(argc - 1, argv + 1);
}
