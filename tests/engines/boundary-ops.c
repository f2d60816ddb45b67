/* SPDX-License-Identifier: MIT */
/* boundary-ops: perform coder/boundary's whole nsjail startup, the way
 * boundary does it and in its order, and print what each step did. It is
 * the ground truth every verdict of boundary-preflight is held against:
 * ready must mean that these operations succeed. docs/boundary-startup.md
 * lists each step with its source file in coder/boundary at commit a549a7c.
 *
 * Where boundary runs a program (ip, iptables, sysctl, sudo, setpriv) this
 * runs the same program, found by PATH, with the same argv; each command
 * is started the way Go's os/exec starts it with SysProcAttr.AmbientCaps
 * (PR_SET_KEEPCAPS, the capability added to the permitted and inheritable
 * sets, raised as ambient, then execve), stdin from /dev/null, stdout and
 * stderr captured together.
 *
 *   not root   privilege/privilege_linux.go: re-execute through
 *              sudo -E env PATH=... setpriv --reuid U --regid G
 *              --clear-groups --inh-caps +net_admin,+sys_admin
 *              --ambient-caps +net_admin,+sys_admin SELF --escalated ARGS,
 *              with BOUNDARY_PRIV_ESCALATED=1; the copy does the rest.
 *   host       networking_host.go: veth pair, 192.168.100.1/24, link up,
 *              sysctl -w net.ipv4.ip_forward=1 (failure tolerated), four
 *              iptables rules; proxy.go: listen on the proxy port.
 *   child      jail.go Command(): clone(2) with CLONE_NEWUSER|CLONE_NEWNET
 *              (CLONE_NEWNET only with --no-user-namespace), uid_map,
 *              setgroups deny, gid_map from the parent, ambient
 *              CAP_NET_ADMIN, Pdeathsig SIGTERM, execve of this program
 *              (--child) so it has the credentials boundary's child has.
 *   move       jail.go: ip link set veth_n_N netns PID.
 *   jail       child.go, networking_ns.go, dummy_dns.go: wait up to 5 s for
 *              the link, address, links up, default route, dummy DNS
 *              listeners, route_localnet (tolerated), five iptables rules.
 *
 * boundary stops at its first failure; so does this, unless --keep-going
 * is given, which tries the remaining steps for the record (the result
 * stays the first failure).
 *
 * Output: one "step: ok" or "step: FAIL ERRNAME (text)" line per step
 * (tolerated failures end in "[informational]"), "info:" lines, and a
 * closing "RESULT: success" or "RESULT: failure at STEP". ERRNAME is the
 * errno of a failed system call, the error a failed command printed (EPERM
 * for "Operation not permitted"), or EXITn when it printed none. Exit 0 on
 * success, 1 on failure, 2 on usage.
 *
 * Nothing is left behind, also on failure or SIGINT/SIGTERM: the child is
 * killed, the rules this run added are deleted, the host veth is deleted,
 * ip_forward (and what writing it changes) is written back. */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#define HOST_CIDR "192.168.100.1/24"
#define JAIL_CIDR "192.168.100.2/24"
#define GATEWAY "192.168.100.1"
#define SUBNET "192.168.100.0/24"
#define DNS_ADDR "127.0.0.1:5353"
#define DNS_PORT 5353
#define DEFAULT_PROXY_PORT 8080
#define LINK_WAIT_MS 5000      /* child.go: waitForInterface(..., 5*time.Second) */
#define PROXY_SETTLE_MS 100    /* manager.go: time.Sleep(100 * time.Millisecond) */
#define SUDO_TIMEOUT_MS 120000 /* the escalated copy's whole run */
#define CHILD_TIMEOUT_MS 60000 /* the jail child's whole run */
#define OUTPUT_MAX 4096

extern char **environ;

static bool keep_going;
static char first_failure[64];
static volatile sig_atomic_t stop_signal;

/* ---- reporting ---------------------------------------------------------- */

static bool stopped(void)
{
	return first_failure[0] && !keep_going;
}

static void fail_line(const char *step, const char *name, const char *text, bool essential)
{
	printf("%s: FAIL %s (%s)%s\n", step, name, text, essential ? "" : " [informational]");
	if (essential && !first_failure[0]) {
		snprintf(first_failure, sizeof(first_failure), "%s", step);
		if (keep_going)
			printf("info: boundary stops here; --keep-going: the remaining steps are tried "
			       "for the record\n");
	}
	fflush(stdout);
}

static void ok_line(const char *step)
{
	printf("%s: ok\n", step);
	fflush(stdout);
}

static const char *errname(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "EUNKNOWN";
}

static void report_errno(const char *step, int err, bool essential)
{
	if (err == 0)
		ok_line(step);
	else
		fail_line(step, errname(err), strerror(err), essential);
}

/* ---- running boundary's commands ------------------------------------------ */

/* Go's exec.LookPath: NAME with a slash as is, else the first executable
 * regular file DIR/NAME over $PATH (an empty element is the current dir). */
static bool look_path(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");
	struct stat st;

	if (strchr(name, '/')) {
		snprintf(out, size, "%s", name);
		return stat(out, &st) == 0 && !S_ISDIR(st.st_mode) && faccessat(AT_FDCWD, out, X_OK, AT_EACCESS) == 0;
	}
	if (!path)
		return false;
	for (;;) {
		size_t len = strcspn(path, ":");

		if ((size_t)snprintf(out, size, "%.*s/%s", (int)len, len ? path : ".", name) < size &&
		    stat(out, &st) == 0 && !S_ISDIR(st.st_mode) && faccessat(AT_FDCWD, out, X_OK, AT_EACCESS) == 0)
			return true;
		if (path[len] == '\0')
			return false;
		path += len + 1;
	}
}

/* Go's SysProcAttr.AmbientCaps for one capability, as forkAndExecInChild1
 * does it: keep-caps, add to permitted and inheritable, raise ambient. */
static int go_ambient_cap(int cap, bool keepcaps)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (keepcaps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return errno;
	if (syscall(SYS_capget, &hdr, data) < 0)
		return errno;
	data[CAP_TO_INDEX(cap)].permitted |= CAP_TO_MASK(cap);
	data[CAP_TO_INDEX(cap)].inheritable |= CAP_TO_MASK(cap);
	if (syscall(SYS_capset, &hdr, data) < 0)
		return errno;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
		return errno;
	return 0;
}

struct cmd_result {
	int start_err;           /* errno of a start that failed (ENOENT: not on PATH) */
	int status;              /* wait status when started */
	char output[OUTPUT_MAX]; /* stdout and stderr together, or why it did not start */
};

static bool cmd_ok(const struct cmd_result *r)
{
	return r->start_err == 0 && WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0;
}

static void restore_default_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
}

/* exec.Command(argv...).CombinedOutput() with AmbientCaps {CAP_NET_ADMIN}
 * when ambient is set (boundary's command_runner.go passes an empty list
 * for sysctl ip_forward, CAP_NET_ADMIN for everything else). */
static void run_cmd(struct cmd_result *r, char *const argv[], bool ambient)
{
	char path[PATH_MAX];
	int out[2], err_pipe[2], child_err = 0, devnull;
	size_t used = 0;
	ssize_t n;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (!look_path(argv[0], path, sizeof(path))) {
		r->start_err = ENOENT;
		snprintf(r->output, sizeof(r->output), "exec: \"%s\": executable file not found in $PATH", argv[0]);
		return;
	}
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err_pipe, O_CLOEXEC) < 0) {
		r->start_err = errno;
		snprintf(r->output, sizeof(r->output), "pipe: %s", strerror(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		r->start_err = errno;
		snprintf(r->output, sizeof(r->output), "fork/exec %.1000s: %s", path, strerror(errno));
		close(out[0]), close(out[1]), close(err_pipe[0]), close(err_pipe[1]);
		return;
	}
	if (pid == 0) {
		restore_default_signals();
		devnull = open("/dev/null", O_RDONLY);
		if (devnull < 0 || dup2(devnull, STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0 ||
		    dup2(out[1], STDERR_FILENO) < 0)
			child_err = errno;
		if (!child_err && ambient)
			child_err = go_ambient_cap(CAP_NET_ADMIN, true);
		if (!child_err) {
			execve(path, argv, environ);
			child_err = errno;
		}
		if (write(err_pipe[1], &child_err, sizeof(child_err)) < 0)
			_exit(254);
		_exit(253);
	}
	close(out[1]);
	close(err_pipe[1]);
	n = read(err_pipe[0], &child_err, sizeof(child_err));
	close(err_pipe[0]);
	if (n == (ssize_t)sizeof(child_err)) {
		r->start_err = child_err;
		snprintf(r->output, sizeof(r->output), "fork/exec %.1000s: %s", path, strerror(child_err));
	}
	while ((n = read(out[0], r->output + used, sizeof(r->output) - 1 - used)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		used += (size_t)n;
		if (used == sizeof(r->output) - 1) {
			char discard[512];

			while (read(out[0], discard, sizeof(discard)) > 0)
				;
			break;
		}
	}
	if (!r->start_err)
		r->output[used] = '\0';
	close(out[0]);
	while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
		;
}

/* The errno a failed command's message names (the longest strerror text
 * it contains: "Operation not permitted" is EPERM), or 0. */
static int errno_in_text(const char *text)
{
	size_t best_len = 0;
	int best = 0;

	for (int e = 1; e < 134; e++) {
		const char *s = strerror(e);
		size_t len = strlen(s);

		if (len > best_len && strncmp(s, "Unknown error", 13) != 0 && strcasestr(text, s)) {
			best = e;
			best_len = len;
		}
	}
	return best;
}

/* Print one step for a command; true when it succeeded. */
static bool report_cmd(const char *step, const struct cmd_result *r, bool essential)
{
	char text[OUTPUT_MAX + 64], name[32], *p;
	int err;

	if (cmd_ok(r)) {
		ok_line(step);
		return true;
	}
	if (r->start_err) {
		snprintf(name, sizeof(name), "%s", errname(r->start_err));
		snprintf(text, sizeof(text), "%s", r->output);
	} else {
		err = errno_in_text(r->output);
		if (err)
			snprintf(name, sizeof(name), "%s", errname(err));
		else if (WIFEXITED(r->status))
			snprintf(name, sizeof(name), "EXIT%d", WEXITSTATUS(r->status));
		else
			snprintf(name, sizeof(name), "SIGNAL%d", WTERMSIG(r->status));
		if (WIFEXITED(r->status))
			snprintf(text, sizeof(text), "exit status %d: %s", WEXITSTATUS(r->status), r->output);
		else
			snprintf(text, sizeof(text), "killed by signal %d: %s", WTERMSIG(r->status), r->output);
	}
	/* one line: the command's newlines become " / " */
	for (p = text + strlen(text); p > text && (p[-1] == '\n' || p[-1] == ' '); p--)
		p[-1] = '\0';
	for (p = text; *p; p++)
		if (*p == '\n')
			*p = '|';
	fail_line(step, name, text, essential);
	return false;
}

/* The closing line; the exit status. */
static int finish(void)
{
	if (first_failure[0]) {
		printf("RESULT: failure at %s\n", first_failure);
		return 1;
	}
	printf("RESULT: success\n");
	return 0;
}

static bool step_cmd(const char *step, char *const argv[], bool ambient, bool essential)
{
	struct cmd_result r;

	run_cmd(&r, argv, ambient);
	return report_cmd(step, &r, essential);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !stop_signal)
		;
}

/* ---- relaying a copy's or the child's output ------------------------------ */

struct relay {
	bool saw_marker;         /* a line starting with marker */
	bool saw_result;         /* a "RESULT:" line */
	char first_fail[64];     /* its first essential FAIL step */
	char before_marker[512]; /* what came before the marker (sudo's words) */
	bool timed_out;
};

static void relay_line(struct relay *rl, const char *line, const char *marker)
{
	const char *colon = strstr(line, ": FAIL ");

	if (marker && !rl->saw_marker) {
		if (strncmp(line, marker, strlen(marker)) == 0) {
			rl->saw_marker = true;
			ok_line("escalation-sudo-setpriv");
		} else {
			size_t used = strlen(rl->before_marker);

			snprintf(rl->before_marker + used, sizeof(rl->before_marker) - used, "%s%s", used ? "|" : "",
				 line);
			return; /* printed by the caller as the failure's text */
		}
	}
	if (strncmp(line, "RESULT:", 7) == 0)
		rl->saw_result = true;
	if (colon && !strstr(line, "[informational]") && !rl->first_fail[0] && strncmp(line, "info:", 5) != 0)
		snprintf(rl->first_fail, sizeof(rl->first_fail), "%.*s", (int)(colon - line), line);
	printf("%s\n", line);
	fflush(stdout);
}

/* Copy lines from fd to stdout until EOF or timeout_ms. */
static void relay_output(int fd, struct relay *rl, const char *marker, long timeout_ms)
{
	char buf[8192], line[1024];
	long deadline = now_ms() + timeout_ms;
	size_t len = 0;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long left = deadline - now_ms();
		ssize_t n;
		int r;

		if (left <= 0 || stop_signal) {
			rl->timed_out = true;
			break;
		}
		r = poll(&pfd, 1, (int)(left > 1000 ? 1000 : left));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n' || len == sizeof(line) - 1) {
				line[len] = '\0';
				relay_line(rl, line, marker);
				len = 0;
				if (buf[i] == '\n')
					continue;
			}
			line[len++] = buf[i];
		}
	}
	if (len) {
		line[len] = '\0';
		relay_line(rl, line, marker);
	}
}

/* ---- not root: sudo + setpriv (privilege_linux.go) ----------------------- */

#define ESCALATED_MARKER "info: escalated:"

/* os/user.Current() of a static Go binary: the /etc/passwd entry of the
 * real uid (its primary gid), else the real gid. */
static bool current_user_gid(uid_t uid, gid_t *gid)
{
	char line[1024];
	FILE *f = fopen("/etc/passwd", "re");

	*gid = getgid();
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *fields[4] = { 0 }, *p = line;
		int i;

		for (i = 0; i < 4 && p; i++) {
			fields[i] = p;
			p = strchr(p, ':');
			if (p)
				*p++ = '\0';
		}
		if (i == 4 && fields[3] && strtoul(fields[2], NULL, 10) == uid && fields[2][0]) {
			*gid = (gid_t)strtoul(fields[3], NULL, 10);
			fclose(f);
			return true;
		}
	}
	fclose(f);
	return false;
}

static int escalate(int argc, char **argv)
{
	char sudo[PATH_MAX], setpriv[PATH_MAX], self[PATH_MAX], path_arg[PATH_MAX + 8], uid_s[16], gid_s[16];
	const char *path = getenv("PATH");
	uid_t uid = getuid();
	struct relay rl = { 0 };
	int out[2], status = 0, nenv = 0;
	char **args, **env;
	gid_t gid;
	ssize_t n;
	pid_t pid;
	int a = 0;

	printf("info: not root: boundary re-executes itself through sudo and setpriv (privilege_linux.go)\n");
	if (!look_path("sudo", sudo, sizeof(sudo))) {
		fail_line("escalation-sudo-on-path", "ENOENT", "exec: \"sudo\": executable file not found in $PATH",
			  true);
		return finish();
	}
	ok_line("escalation-sudo-on-path");
	if (!look_path("setpriv", setpriv, sizeof(setpriv))) {
		fail_line("escalation-setpriv-on-path", "ENOENT",
			  "exec: \"setpriv\": executable file not found in $PATH", true);
		return finish();
	}
	ok_line("escalation-setpriv-on-path");
	if (!current_user_gid(uid, &gid) && (!getenv("USER") || !getenv("HOME"))) {
		fail_line("escalation-current-user", "ENOENT",
			  "user: Current requires cgo or $USER, $HOME set in environment", true);
		return finish();
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0) {
		report_errno("escalation-executable", n < 0 ? errno : ENOENT, true);
		return finish();
	}
	self[n] = '\0';
	snprintf(uid_s, sizeof(uid_s), "%u", uid);
	snprintf(gid_s, sizeof(gid_s), "%u", gid);
	snprintf(path_arg, sizeof(path_arg), "PATH=%s", path ? path : "");

	args = calloc((size_t)argc + 20, sizeof(*args));
	for (char **e = environ; *e; e++)
		nenv++;
	env = calloc((size_t)nenv + 2, sizeof(*env));
	if (!args || !env) {
		free(args);
		free(env);
		report_errno("escalation-sudo-setpriv", ENOMEM, true);
		return finish();
	}
	for (int i = 0; i < nenv; i++)
		env[i] = environ[i];
	env[nenv] = "BOUNDARY_PRIV_ESCALATED=1";
	args[a++] = sudo;
	args[a++] = "-E";
	args[a++] = "env";
	args[a++] = path_arg;
	args[a++] = setpriv;
	args[a++] = "--reuid";
	args[a++] = uid_s;
	args[a++] = "--regid";
	args[a++] = gid_s;
	args[a++] = "--clear-groups";
	args[a++] = "--inh-caps";
	args[a++] = "+net_admin,+sys_admin";
	args[a++] = "--ambient-caps";
	args[a++] = "+net_admin,+sys_admin";
	args[a++] = self;
	args[a++] = "--escalated"; /* this program's marker; boundary passes os.Args[1:] only */
	for (int i = 1; i < argc; i++)
		args[a++] = argv[i];
	printf("info: running %s -E env PATH=... %s --reuid %s --regid %s --clear-groups --inh-caps "
	       "+net_admin,+sys_admin --ambient-caps +net_admin,+sys_admin %s --escalated ...\n",
	       sudo, setpriv, uid_s, gid_s, self);

	if (pipe2(out, O_CLOEXEC) < 0) {
		report_errno("escalation-sudo-setpriv", errno, true);
		free(args);
		free(env);
		return finish();
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		report_errno("escalation-sudo-setpriv", errno, true);
		close(out[0]);
		close(out[1]);
		free(args);
		free(env);
		return finish();
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		restore_default_signals();
		/* boundary hands sudo its own stdin and terminal. Here no
		 * terminal (a new session) and stdin from /dev/null: a password
		 * prompt fails at once instead of waiting. */
		setsid();
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		dup2(out[1], STDERR_FILENO);
		execve(sudo, args, env);
		dprintf(STDERR_FILENO, "fork/exec %s: %s\n", sudo, strerror(errno));
		_exit(127);
	}
	close(out[1]);
	relay_output(out[0], &rl, ESCALATED_MARKER, SUDO_TIMEOUT_MS);
	close(out[0]);
	if (rl.timed_out)
		kill(-pid, SIGKILL), kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	free(args);
	free(env);
	if (!rl.saw_marker) {
		char name[32], text[700];
		int err = errno_in_text(rl.before_marker);

		if (rl.timed_out)
			snprintf(name, sizeof(name), "ETIMEDOUT");
		else if (err)
			snprintf(name, sizeof(name), "%s", errname(err));
		else if (WIFEXITED(status))
			snprintf(name, sizeof(name), "EXIT%d", WEXITSTATUS(status));
		else
			snprintf(name, sizeof(name), "SIGNAL%d", WTERMSIG(status));
		snprintf(text, sizeof(text), "%s%s", rl.timed_out ? "no answer in time: " : "",
			 rl.before_marker[0] ? rl.before_marker : "sudo printed nothing");
		fail_line("escalation-sudo-setpriv", name, text, true);
		printf("RESULT: failure at escalation-sudo-setpriv\n");
		return 1;
	}
	if (!rl.saw_result) {
		printf("RESULT: failure at %s\n", rl.first_fail[0] ? rl.first_fail : "escalated-copy");
		return 1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

/* ---- sysctl values this run must give back --------------------------------- */

/* Writing net.ipv4.ip_forward also rewrites every conf/X/forwarding and
 * conf/all/accept_redirects (net/ipv4/devinet.c, devinet_sysctl_forward):
 * all are saved before and written back when they differ. */
struct saved_value {
	char path[128];
	char value[32];
};
static struct saved_value saved[64];
static int nsaved;

static bool read_value(const char *path, char *value, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, value, size - 1);
	close(fd);
	if (n <= 0)
		return false;
	value[n] = '\0';
	return true;
}

static void save_value(const char *path)
{
	if (nsaved < (int)(sizeof(saved) / sizeof(saved[0])) &&
	    read_value(path, saved[nsaved].value, sizeof(saved[nsaved].value))) {
		snprintf(saved[nsaved].path, sizeof(saved[nsaved].path), "%s", path);
		nsaved++;
	}
}

static void save_forwarding(void)
{
	glob_t g;

	save_value("/proc/sys/net/ipv4/ip_forward");
	if (glob("/proc/sys/net/ipv4/conf/*/forwarding", 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			save_value(g.gl_pathv[i]);
		globfree(&g);
	}
	save_value("/proc/sys/net/ipv4/conf/all/accept_redirects");
	if (nsaved)
		printf("info: net.ipv4.ip_forward is %.*s before", (int)strcspn(saved[0].value, "\n"), saved[0].value);
	else
		printf("info: net.ipv4.ip_forward cannot be read");
	printf(" (written back at the end)\n");
}

static void restore_forwarding(void)
{
	for (int i = 0; i < nsaved; i++) {
		char now[32];
		int fd;

		if (!read_value(saved[i].path, now, sizeof(now)) || strcmp(now, saved[i].value) == 0)
			continue;
		fd = open(saved[i].path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, saved[i].value, strlen(saved[i].value)) < 0)
			printf("info: could not write %s back: %s\n", saved[i].path, strerror(errno));
		else
			printf("info: wrote %s back to %.*s\n", saved[i].path, (int)strcspn(saved[i].value, "\n"),
			       saved[i].value);
		if (fd >= 0)
			close(fd);
	}
}

/* ---- host side (networking_host.go) -------------------------------------- */

struct host_state {
	char veth_host[16], veth_jail[16], port[8];
	bool rule_added[4];
	int proxy_fd;
	pid_t child;
	int child_out;
};

static void host_rule_argv(const struct host_state *h, int i, const char *action, char **argv)
{
	static const char *const fixed[4][14] = {
		{ "iptables", "-t", "nat", "@", "POSTROUTING", "-s", SUBNET, "-j", "MASQUERADE", NULL },
		{ "iptables", "-t", "nat", "@", "PREROUTING", "-i", "#", "-p", "tcp", "-j", "REDIRECT", "--to-ports",
		  "%", NULL },
		{ "iptables", "@", "FORWARD", "-s", SUBNET, "-j", "ACCEPT", NULL },
		{ "iptables", "@", "FORWARD", "-d", SUBNET, "-j", "ACCEPT", NULL },
	};
	int k;

	for (k = 0; fixed[i][k]; k++) {
		const char *word = fixed[i][k];

		argv[k] = (char *)(strcmp(word, "@") == 0   ? action
				   : strcmp(word, "#") == 0 ? h->veth_host
				   : strcmp(word, "%") == 0 ? h->port
							    : word);
	}
	argv[k] = NULL;
}

static const char *const host_rule_steps[4] = { "iptables-nat-masquerade", "iptables-nat-redirect",
						"iptables-forward-out", "iptables-forward-in" };

/* proxy.go Start(): net.Listen("tcp", ":PORT"), which is a dual-stack
 * [::] socket with SO_REUSEADDR (0.0.0.0 where there is no IPv6). */
static int proxy_listen(int port, int *fd_out)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
				   .sin6_port = htons((uint16_t)port),
				   .sin6_addr = IN6ADDR_ANY_INIT };
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1, zero = 0, fd, err;

	fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&a6, sizeof(a6)) == 0 && listen(fd, SOMAXCONN) == 0) {
			*fd_out = fd;
			return 0;
		}
		err = errno;
		close(fd);
		if (err != EADDRNOTAVAIL && err != EAFNOSUPPORT)
			return err;
	} else if (errno != EAFNOSUPPORT) {
		return errno;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a4, sizeof(a4)) < 0 || listen(fd, SOMAXCONN) < 0) {
		err = errno;
		close(fd);
		return err;
	}
	*fd_out = fd;
	return 0;
}

/* ---- the jail child: started as Go's os/exec starts it (jail.go) -------- */

struct clone_ctx {
	int map_pipe[2];
	int err_pipe[2];
	int out_fd;
	pid_t ppid;
	bool user_ns;
	char **argv;
	char **envp;
};

/* A stage of the child before its execve and the errno it met. */
struct child_error {
	int stage;
	int err;
};
enum { STAGE_MAPS = 1, STAGE_AMBIENT, STAGE_PDEATHSIG, STAGE_EXEC };

/* forkAndExecInChild1 after the clone, in its order. With CLONE_VM (the
 * --no-user-namespace clone) this shares the parent's memory until execve,
 * so only system calls and this stack. */
static int clone_child(void *arg)
{
	struct clone_ctx *c = arg;
	struct child_error ce = { 0, 0 };
	int map_err = 0;
	ssize_t n;

	restore_default_signals(); /* the Go runtime clears handlers in the child */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) {
		ce = (struct child_error){ STAGE_AMBIENT, errno };
		goto error;
	}
	if (c->user_ns) {
		close(c->map_pipe[1]);
		n = read(c->map_pipe[0], &map_err, sizeof(map_err));
		if (n != (ssize_t)sizeof(map_err) || map_err) {
			ce = (struct child_error){ STAGE_MAPS, n < 0 ? errno : map_err ? map_err : EINVAL };
			goto error;
		}
	}
	ce.err = go_ambient_cap(CAP_NET_ADMIN, false);
	if (ce.err) {
		ce.stage = STAGE_AMBIENT;
		goto error;
	}
	if (prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) < 0) {
		ce = (struct child_error){ STAGE_PDEATHSIG, errno };
		goto error;
	}
	if (getppid() != c->ppid)
		kill(getpid(), SIGTERM);
	if (dup2(c->out_fd, STDOUT_FILENO) < 0) {
		ce = (struct child_error){ STAGE_EXEC, errno };
		goto error;
	}
	execve("/proc/self/exe", c->argv, c->envp);
	ce = (struct child_error){ STAGE_EXEC, errno };
error:
	if (write(c->err_pipe[1], &ce, sizeof(ce)) < 0)
		_exit(254);
	_exit(253);
}

/* Go 1.23+ asks for a pidfd (CLONE_PIDFD) when pidfd_open, waitid(P_PIDFD)
 * and pidfd_send_signal work (os/pidfd_linux.go, checkPidfd). */
static bool pidfd_works(void)
{
	int fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	bool ok;

	if (fd < 0)
		return false;
	ok = syscall(SYS_waitid, P_PIDFD, fd, NULL, WEXITED, NULL) < 0 && errno == ECHILD &&
	     syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0) == 0;
	close(fd);
	return ok;
}

static int write_proc_file(pid_t pid, const char *name, const char *text)
{
	char path[64];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
	fd = open(path, O_RDWR | O_CLOEXEC); /* Go's writeIDMappings, writeSetgroups */
	if (fd < 0)
		return errno;
	if (write(fd, text, strlen(text)) < 0)
		err = errno;
	if (close(fd) < 0 && !err)
		err = errno;
	return err;
}

/* writeUidGidMappings: uid_map, setgroups deny (ENOENT tolerated), gid_map,
 * each "ID ID 1" of the real uid and gid (jail.go: os.Getuid, os.Getgid). */
static int write_maps(pid_t pid)
{
	char map[48];
	int err;

	snprintf(map, sizeof(map), "%u %u 1\n", getuid(), getuid());
	err = write_proc_file(pid, "uid_map", map);
	report_errno("uid-map", err, true);
	if (err)
		return err;
	err = write_proc_file(pid, "setgroups", "deny");
	report_errno("setgroups-deny", err == ENOENT ? 0 : err, true);
	if (err && err != ENOENT)
		return err;
	snprintf(map, sizeof(map), "%u %u 1\n", getgid(), getgid());
	err = write_proc_file(pid, "gid_map", map);
	report_errno("gid-map", err, true);
	return err;
}

static void kill_child(struct host_state *h)
{
	int status;

	if (h->child <= 0)
		return;
	kill(h->child, SIGKILL);
	while (waitpid(h->child, &status, 0) < 0 && errno == EINTR)
		;
	h->child = 0;
}

/* cmd.Start() and ConfigureHostNsCommunication (manager.go RunChildProcess). */
static void start_child(struct host_state *h, bool user_ns, bool have_veth, int argc, char **argv)
{
	static char stack[256 * 1024] __attribute__((aligned(16)));
	struct clone_ctx c = { .ppid = getpid(), .user_ns = user_ns, .map_pipe = { -1, -1 }, .err_pipe = { -1, -1 } };
	struct child_error ce = { 0, 0 };
	char veth_env[48], **cargv, **cenv;
	struct relay rl = { 0 };
	int out[2] = { -1, -1 }, flags, nenv = 0, k = 0, pidfd = -1, status;
	const char *clone_step = user_ns ? "clone-newuser-newnet" : "clone-newnet";
	ssize_t n;

	/* jail.go Command(): the environment plus CHILD=true and VETH_JAIL_NAME. */
	for (char **e = environ; *e; e++)
		nenv++;
	cenv = calloc((size_t)nenv + 3, sizeof(*cenv));
	cargv = calloc((size_t)argc + 3, sizeof(*cargv));
	if (!cenv || !cargv) {
		free(cenv);
		free(cargv);
		report_errno(clone_step, ENOMEM, true);
		return;
	}
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "CHILD=", 6) != 0 && strncmp(*e, "VETH_JAIL_NAME=", 15) != 0)
			cenv[k++] = *e;
	snprintf(veth_env, sizeof(veth_env), "VETH_JAIL_NAME=%s", h->veth_jail);
	cenv[k++] = "CHILD=true";
	cenv[k++] = veth_env;
	k = 0;
	cargv[k++] = argv[0];
	cargv[k++] = "--child"; /* this program's marker; boundary's child sees CHILD=true */
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--escalated") != 0)
			cargv[k++] = argv[i];
	c.argv = cargv;
	c.envp = cenv;

	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(c.err_pipe, O_CLOEXEC) < 0 ||
	    (user_ns && pipe2(c.map_pipe, O_CLOEXEC) < 0)) {
		report_errno(clone_step, errno, true);
		for (int i = 0; i < 2; i++) {
			if (out[i] >= 0)
				close(out[i]);
			if (c.err_pipe[i] >= 0)
				close(c.err_pipe[i]);
			if (c.map_pipe[i] >= 0)
				close(c.map_pipe[i]);
		}
		free(cenv);
		free(cargv);
		return;
	}
	c.out_fd = out[1];

	/* forkAndExecInChild1: without CLONE_NEWUSER Go adds CLONE_VFORK|CLONE_VM. */
	flags = CLONE_NEWNET | SIGCHLD;
	if (user_ns)
		flags |= CLONE_NEWUSER;
	else
		flags |= CLONE_VFORK | CLONE_VM;
	if (pidfd_works())
		flags |= CLONE_PIDFD;
	printf("info: clone flags 0x%x (%s%s|SIGCHLD)\n", flags,
	       user_ns ? "CLONE_NEWUSER|CLONE_NEWNET" : "CLONE_NEWNET|CLONE_VFORK|CLONE_VM",
	       flags & CLONE_PIDFD ? "|CLONE_PIDFD" : "");
	fflush(stdout);
	h->child = clone(clone_child, stack + sizeof(stack), flags, &c, &pidfd);
	report_errno(clone_step, h->child < 0 ? errno : 0, true);
	close(out[1]);
	close(c.err_pipe[1]);
	if (h->child < 0) {
		h->child = 0;
		close(out[0]), close(c.err_pipe[0]);
		if (user_ns)
			close(c.map_pipe[0]), close(c.map_pipe[1]);
		free(cenv), free(cargv);
		return;
	}
	if (pidfd >= 0)
		close(pidfd);
	h->child_out = out[0];
	if (user_ns) {
		int map_err;

		close(c.map_pipe[0]);
		map_err = write_maps(h->child);
		if (write(c.map_pipe[1], &map_err, sizeof(map_err)) < 0)
			map_err = errno;
		close(c.map_pipe[1]);
	}
	/* os.StartProcess: the child's errno, or EOF when execve succeeded. */
	n = read(c.err_pipe[0], &ce, sizeof(ce));
	close(c.err_pipe[0]);
	free(cenv), free(cargv);
	if (n == (ssize_t)sizeof(ce)) {
		if (ce.stage == STAGE_AMBIENT)
			report_errno("child-ambient-cap-net-admin", ce.err, true);
		else if (ce.stage == STAGE_PDEATHSIG || ce.stage == STAGE_EXEC)
			fail_line("child-exec", errname(ce.err),
				  ce.stage == STAGE_EXEC ? strerror(ce.err) : "prctl(PR_SET_PDEATHSIG)", true);
		/* STAGE_MAPS: the map write that failed is reported above */
		kill_child(h);
		return;
	}
	ok_line("child-ambient-cap-net-admin");
	ok_line("child-exec");

	if (!have_veth) { /* --keep-going after veth-add failed */
		printf("info: no veth pair to move: the child is stopped\n");
		kill_child(h);
		return;
	}
	/* ConfigureHostNsCommunication */
	{
		char pid_s[16];
		char *move[] = { "ip", "link", "set", h->veth_jail, "netns", pid_s, NULL };

		snprintf(pid_s, sizeof(pid_s), "%d", h->child);
		if (!step_cmd("veth-move-to-child", move, true, true)) {
			/* boundary returns; its exit SIGTERMs the child (Pdeathsig) */
			kill_child(h);
			return;
		}
	}
	relay_output(h->child_out, &rl, NULL, CHILD_TIMEOUT_MS);
	if (rl.timed_out) {
		if (stop_signal)
			fail_line("interrupted", errname(EINTR), strsignal(stop_signal), true);
		else
			fail_line("child", "ETIMEDOUT", "the jail child did not finish", true);
		kill_child(h);
		return;
	}
	while (waitpid(h->child, &status, 0) < 0 && errno == EINTR)
		;
	h->child = 0;
	if (rl.first_fail[0] && !first_failure[0])
		snprintf(first_failure, sizeof(first_failure), "%s", rl.first_fail);
	if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) && !first_failure[0]) {
		char text[64];

		snprintf(text, sizeof(text), "the jail child ended with status 0x%x", status);
		fail_line("child", "EXIT", text, true);
	}
}

/* ---- inside the jail (child.go, networking_ns.go, dummy_dns.go) ----------- */

/* waitForInterface: "ip link show NAME" (ambient CAP_NET_ADMIN) retried
 * with backoff v5's exponential schedule (50 ms doubling to 500 ms, +-50%
 * jitter) until it succeeds or 5 s have passed. */
static bool wait_for_link(const char *name)
{
	char *show[] = { "ip", "link", "show", (char *)name, NULL };
	long start = now_ms(), deadline = start + LINK_WAIT_MS, interval = 50;
	struct cmd_result r;
	int tries = 0;

	srand((unsigned)(start ^ getpid()));
	for (;;) {
		long wait, left;

		tries++;
		run_cmd(&r, show, true);
		if (cmd_ok(&r)) {
			printf("info: %s visible after %ld ms (%d tries)\n", name, now_ms() - start, tries);
			ok_line("child-peer-visible");
			return true;
		}
		wait = interval / 2 + rand() % (interval + 1);
		left = deadline - now_ms();
		if (left <= 0 || wait > left || stop_signal)
			break;
		sleep_ms(wait);
		interval = interval * 2 > 500 ? 500 : interval * 2;
	}
	return report_cmd("child-peer-visible", &r, true);
}

/* dnsdummy.Server.ListenAndServe: UDP and TCP on 127.0.0.1:5353 in
 * goroutines; a failure is only logged. */
static void dns_listen(int type, const char *step, int *fd_out)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(DNS_PORT),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0), one = 1, err = 0;

	*fd_out = -1;
	if (fd < 0) {
		report_errno(step, errno, false);
		return;
	}
	if (type == SOCK_STREAM)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || (type == SOCK_STREAM && listen(fd, SOMAXCONN) < 0))
		err = errno;
	report_errno(step, err, false);
	if (err)
		close(fd);
	else
		*fd_out = fd;
}

static int jail_main(void)
{
	const char *veth = getenv("VETH_JAIL_NAME");
	int udp_fd, tcp_fd;

	if (!veth || !*veth) {
		fail_line("child-veth-name", "EINVAL", "VETH_JAIL_NAME environment variable is not set", true);
		return 1;
	}
	printf("info: jail child pid %d uid %u gid %u\n", getpid(), getuid(), getgid());
	if (!wait_for_link(veth) && !keep_going)
		return 1;
	{
		char *addr[] = { "ip", "addr", "add", JAIL_CIDR, "dev", (char *)veth, NULL };
		char *up[] = { "ip", "link", "set", (char *)veth, "up", NULL };
		char *lo[] = { "ip", "link", "set", "lo", "up", NULL };
		char *route[] = { "ip", "route", "add", "default", "via", GATEWAY, NULL };

		if ((!step_cmd("child-addr-add", addr, true, true) && !keep_going) ||
		    (!step_cmd("child-peer-up", up, true, true) && !keep_going) ||
		    (!step_cmd("child-lo-up", lo, true, true) && !keep_going) ||
		    (!step_cmd("child-default-route", route, true, true) && !keep_going))
			return 1;
	}
	dns_listen(SOCK_STREAM, "child-dns-listen-tcp", &tcp_fd);
	dns_listen(SOCK_DGRAM, "child-dns-listen-udp", &udp_fd);
	{
		char *localnet[] = { "sysctl", "-w", "net.ipv4.conf.all.route_localnet=1", NULL };
		char *dnat_udp[] = { "iptables", "-t", "nat", "-A",   "OUTPUT",           "-p",     "udp",
				     "--dport",  "53", "-j",  "DNAT", "--to-destination", DNS_ADDR, NULL };
		char *dnat_tcp[] = { "iptables", "-t", "nat", "-A",   "OUTPUT",           "-p",     "tcp",
				     "--dport",  "53", "-j",  "DNAT", "--to-destination", DNS_ADDR, NULL };
		char *udp_dst[] = { "iptables", "-A", "OUTPUT", "-p", "udp", "-d", "127.0.0.1", "-j", "ACCEPT", NULL };
		char *udp_src[] = { "iptables", "-A", "OUTPUT", "-p", "udp", "-s", "127.0.0.1", "-j", "ACCEPT", NULL };
		char *udp_drop[] = { "iptables", "-A", "OUTPUT", "-p", "udp", "-j", "DROP", NULL };

		step_cmd("child-sysctl-route-localnet", localnet, true, false);
		if ((!step_cmd("child-iptables-dns-dnat", dnat_udp, true, true) && !keep_going) ||
		    (!step_cmd("child-iptables-dns-dnat-tcp", dnat_tcp, true, true) && !keep_going) ||
		    (!step_cmd("child-iptables-udp-loopback-dst", udp_dst, true, true) && !keep_going) ||
		    (!step_cmd("child-iptables-udp-loopback-src", udp_src, true, true) && !keep_going) ||
		    (!step_cmd("child-iptables-udp-drop", udp_drop, true, true) && !keep_going))
			return 1;
	}
	/* boundary now runs the target command; the namespace, its links and
	 * rules go away with this process. */
	if (udp_fd >= 0)
		close(udp_fd);
	if (tcp_fd >= 0)
		close(tcp_fd);
	return first_failure[0] ? 1 : 0;
}

/* ---- main ------------------------------------------------------------------ */

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void print_status_lines(void)
{
	static const char *const keys[] = {
		"Seccomp:", "NoNewPrivs:", "CapInh:", "CapEff:", "CapBnd:", "CapAmb:", NULL
	};
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		for (int i = 0; keys[i]; i++)
			if (strncmp(line, keys[i], strlen(keys[i])) == 0)
				printf("info: %s", line);
	}
	fclose(f);
}

static void usage(void)
{
	fprintf(stderr, "usage: boundary-ops [--no-user-namespace] [--proxy-port PORT] [--keep-going]\n");
	exit(2);
}

/* The host steps, the child, then boundary's Close(). */
static int run_host(int argc, char **argv, bool user_ns, int port)
{
	struct host_state h = { .proxy_fd = -1, .child_out = -1 };
	struct timespec ts;
	char *rule[16];
	bool veth_made = false;
	unsigned long unique;

	/* networking_host.go: time.Now().UnixNano() % 10000000 */
	clock_gettime(CLOCK_REALTIME, &ts);
	unique = (unsigned long)(((unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec) %
				 10000000ULL);
	snprintf(h.veth_host, sizeof(h.veth_host), "veth_h_%lu", unique);
	snprintf(h.veth_jail, sizeof(h.veth_jail), "veth_n_%lu", unique);
	snprintf(h.port, sizeof(h.port), "%d", port);
	printf("info: veth pair %s / %s, proxy port %s\n", h.veth_host, h.veth_jail, h.port);
	save_forwarding();

	/* configureHostNetworkBeforeCmdExec */
	{
		char *add[] = { "ip", "link", "add", h.veth_host, "type", "veth", "peer", "name", h.veth_jail, NULL };
		char *addr[] = { "ip", "addr", "add", HOST_CIDR, "dev", h.veth_host, NULL };
		char *up[] = { "ip", "link", "set", h.veth_host, "up", NULL };

		veth_made = step_cmd("veth-add", add, true, true);
		if (!stopped())
			step_cmd("host-addr-add", addr, true, true);
		if (!stopped())
			step_cmd("host-veth-up", up, true, true);
	}
	/* configureIptables: ip_forward (any failure tolerated), four rules */
	if (!stopped()) {
		char *forward[] = { "sysctl", "-w", "net.ipv4.ip_forward=1", NULL };

		step_cmd("sysctl-ip-forward-writable", forward, false, false);
	}
	for (int i = 0; i < 4 && !stopped() && !stop_signal; i++) {
		host_rule_argv(&h, i, "-A", rule);
		h.rule_added[i] = step_cmd(host_rule_steps[i], rule, true, true);
	}
	/* manager.go setupHostAndStartProxy: the proxy, then 100 ms */
	if (!stopped() && !stop_signal) {
		report_errno("proxy-listen", proxy_listen(port, &h.proxy_fd), true);
		sleep_ms(PROXY_SETTLE_MS);
	}
	if (!stopped() && !stop_signal) {
		start_child(&h, user_ns, veth_made, argc, argv);
	}
	if (stop_signal && !first_failure[0])
		fail_line("interrupted", errname(EINTR), strsignal(stop_signal), true);

	/* Close(): proxy, the rules (boundary's order), the veth pair; then
	 * this program's own: the child, the sysctl values. */
	kill_child(&h);
	if (h.child_out >= 0)
		close(h.child_out);
	if (h.proxy_fd >= 0)
		close(h.proxy_fd);
	for (int i = 0; i < 4; i++) {
		struct cmd_result r;

		if (!h.rule_added[i])
			continue;
		host_rule_argv(&h, i, "-D", rule);
		run_cmd(&r, rule, true);
		if (!cmd_ok(&r))
			printf("info: cleanup: %s -D failed: %s\n", host_rule_steps[i], r.output);
	}
	if (veth_made) {
		char *del[] = { "ip", "link", "del", h.veth_host, NULL };
		struct cmd_result r;

		run_cmd(&r, del, true);
		/* networking_host.go tolerates "Cannot find device": the pair
		 * is gone with the child's namespace */
		if (!cmd_ok(&r) && !strstr(r.output, "Cannot find device"))
			printf("info: cleanup: ip link del %s failed: %s\n", h.veth_host, r.output);
	}
	restore_forwarding();
	return finish();
}

int main(int argc, char **argv)
{
	bool user_ns = true, escalated = false, child = false;
	struct sigaction sa = { .sa_handler = on_signal };
	int port = DEFAULT_PROXY_PORT;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-user-namespace") == 0) {
			user_ns = false;
		} else if (strcmp(argv[i], "--keep-going") == 0) {
			keep_going = true;
		} else if (strcmp(argv[i], "--proxy-port") == 0 && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);

			if (*end || v < 1 || v > 65535)
				usage();
			port = (int)v;
		} else if (strcmp(argv[i], "--escalated") == 0) {
			escalated = true;
		} else if (strcmp(argv[i], "--child") == 0) {
			child = true;
		} else {
			usage();
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN); /* a reader gone must not stop the cleanup */

	if (child) {
		print_status_lines();
		return jail_main();
	}
	if (escalated) {
		printf("%s uid=%u gid=%u\n", ESCALATED_MARKER, getuid(), getgid());
		print_status_lines();
		/* EnsurePrivileges: without the variable boundary re-executes again */
		const char *marker = getenv("BOUNDARY_PRIV_ESCALATED");

		if (!marker || strcmp(marker, "1") != 0) {
			fail_line("escalation-env-preserved", "EINVAL",
				  "BOUNDARY_PRIV_ESCALATED=1 did not survive sudo -E; boundary would re-execute again",
				  true);
			return finish();
		}
		ok_line("escalation-env-preserved");
	} else {
		printf("info: uid=%u gid=%u euid=%u mode=%s\n", getuid(), getgid(), geteuid(),
		       user_ns ? "user+net" : "net-only");
		print_status_lines();
		if (geteuid() != 0)
			return escalate(argc, argv);
		printf("info: root: boundary does not re-execute itself (privilege_linux.go)\n");
	}
	return run_host(argc, argv, user_ns, port);
}
