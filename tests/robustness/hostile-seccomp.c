/* SPDX-License-Identifier: MIT */
/* Exec a command under a seccomp filter whose default action kills the
 * whole process, allowing only the syscalls listed in NAMES_FILE (one per
 * line: robustness.sh extracts the ones Docker's default profile allows
 * unconditionally) plus Docker's own clone rule (allowed while no
 * namespace flag is set, docs/facts.md section 2) and clone3 answered with
 * ENOSYS as Docker does. The tool's main process must only use what every
 * container profile allows: anything else it needs must run in a child,
 * where a KILL costs the child.
 *
 * usage: hostile-seccomp NAMES_FILE COMMAND [ARG...] */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET */
#define DOCKER_CLONE_NS_MASK 0x7E020000ULL

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: hostile-seccomp NAMES_FILE COMMAND [ARG...]\n");
		return 2;
	}
	FILE *names = fopen(argv[1], "re");
	if (!names) {
		fprintf(stderr, "hostile-seccomp: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx) {
		fprintf(stderr, "hostile-seccomp: seccomp_init failed\n");
		return 2;
	}
	char line[128];
	int allowed = 0;
	while (fgets(line, sizeof line, names)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		int nr = seccomp_syscall_resolve_name(line);
		if (nr == __NR_SCMP_ERROR)
			continue; /* not a syscall on this architecture */
		if (strcmp(line, "clone") == 0 || strcmp(line, "clone3") == 0)
			continue; /* added below with Docker's conditions */
		int r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (r < 0 && r != -EEXIST) {
			fprintf(stderr, "hostile-seccomp: allow %s: %s\n", line, strerror(-r));
			return 2;
		}
		allowed++;
	}
	fclose(names);
	if (allowed < 100) {
		fprintf(stderr, "hostile-seccomp: only %d syscalls in %s; expected Docker's list\n", allowed, argv[1]);
		return 2;
	}
	int r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
				 SCMP_A0(SCMP_CMP_MASKED_EQ, DOCKER_CLONE_NS_MASK, 0));
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (r == 0)
		r = seccomp_load(ctx);
	if (r < 0) {
		fprintf(stderr, "hostile-seccomp: cannot install the filter: %s\n", strerror(-r));
		return 2;
	}
	seccomp_release(ctx);
	execvp(argv[2], argv + 2);
	fprintf(stderr, "hostile-seccomp: exec %s: %s\n", argv[2], strerror(errno));
	return 127;
}
