/* SPDX-License-Identifier: MIT */
/* Run a command as a child subreaper and check that nothing it started
 * outlives it (docs/design.md "Targets", robustness). Every orphan of COMMAND is
 * re-parented to us by the time waitpid() returns its status, so anything
 * still our child afterwards (live or a zombie) outlived the run.
 *
 * usage: subreaper COMMAND [ARG...]
 * Prints "status N" (the exit status, or 128+signal), then one line per
 * leftover process. Exit: 0 nothing left, 1 something left (killed and
 * reaped by us), 2 usage or setup error. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* comm of a pid, for the report; "?" when it is gone */
static void describe(pid_t pid, char *out, size_t size)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f || !fgets(out, (int)size, f))
		snprintf(out, size, "?");
	if (f)
		fclose(f);
	out[strcspn(out, "\n")] = '\0';
}

/* Live children, from /proc/self/task/<tid>/children (one line, spaces). */
static int list_live_children(pid_t *pids, int max)
{
	int n = 0;
	DIR *tasks = opendir("/proc/self/task");
	if (!tasks)
		return 0;
	struct dirent *d;
	while ((d = readdir(tasks)) && n < max) {
		if (d->d_name[0] == '.')
			continue;
		char path[300]; /* d_name is at most 255 bytes */
		snprintf(path, sizeof path, "/proc/self/task/%s/children", d->d_name);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		int pid;
		while (n < max && fscanf(f, "%d", &pid) == 1)
			pids[n++] = pid;
		fclose(f);
	}
	closedir(tasks);
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: subreaper COMMAND [ARG...]\n");
		return 2;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		perror("subreaper: PR_SET_CHILD_SUBREAPER");
		return 2;
	}
	pid_t child = fork();
	if (child < 0) {
		perror("subreaper: fork");
		return 2;
	}
	if (child == 0) {
		execvp(argv[1], argv + 1);
		fprintf(stderr, "subreaper: exec %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	int status;
	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("subreaper: waitpid");
			return 2;
		}
	}
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("status %d\n", code);

	int leftovers = 0;
	/* zombies first: orphans that ended before we looked */
	for (;;) {
		siginfo_t si = { 0 };
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) < 0 || si.si_pid == 0)
			break;
		char comm[64];
		describe(si.si_pid, comm, sizeof comm);
		printf("leftover zombie pid %d (%s)\n", (int)si.si_pid, comm);
		leftovers++;
		waitpid(si.si_pid, NULL, __WALL);
	}
	pid_t live[256];
	int n = list_live_children(live, 256);
	for (int i = 0; i < n; i++) {
		char comm[64];
		describe(live[i], comm, sizeof comm);
		printf("leftover live pid %d (%s)\n", (int)live[i], comm);
		leftovers++;
		kill(live[i], SIGKILL);
	}
	/* reap what we killed; -1/ECHILD once nothing is left */
	while (n > 0 && waitpid(-1, NULL, __WALL) > 0)
		;
	fflush(stdout);
	return leftovers ? 1 : 0;
}
