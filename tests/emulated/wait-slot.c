/* SPDX-License-Identifier: MIT */
/* wait-slot: wait until a user namespace could be made here, without
 * making one (the chrooted clone test of pf_user_slot, src/settle.c).
 *
 * A test that gives a case exactly one free slot must know the slot is
 * free before each trial: the namespaces of the trial before stop counting
 * only when the kernel frees them, later under load.
 *
 * usage: wait-slot MILLISECONDS
 * Exit: 0 free, 1 still taken after MILLISECONDS, 77 cannot tell here,
 * 2 usage. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "preflight/settle.h"
#include "preflight/util.h"

#define EXIT_UNTESTABLE 77
#define EXIT_USAGE 2
#define POLL_US 2000

int main(int argc, char **argv)
{
	char *end = NULL;
	errno = 0;
	long wait_ms = argc == 2 ? strtol(argv[1], &end, 10) : -1;
	if (argc != 2 || errno || end == argv[1] || *end || wait_ms < 0 || wait_ms > 600000) {
		fprintf(stderr, "usage: wait-slot MILLISECONDS (0 to 600000)\n");
		return EXIT_USAGE;
	}
	uint64_t deadline = pf_now_us() + (uint64_t)wait_ms * 1000;
	for (;;) {
		enum pf_slot slot = pf_user_slot(1000);
		if (slot == PF_SLOT_FREE)
			return 0;
		if (slot == PF_SLOT_UNTESTABLE) {
			fprintf(stderr, "wait-slot: cannot test the slot here (needs CAP_SYS_CHROOT)\n");
			return EXIT_UNTESTABLE;
		}
		if (pf_now_us() >= deadline) {
			fprintf(stderr, "wait-slot: no user namespace slot free after %ld ms\n", wait_ms);
			return 1;
		}
		usleep(POLL_US);
	}
}
