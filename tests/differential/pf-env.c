/* SPDX-License-Identifier: MIT */
/* pf-env: build one environment of the differential suite from its JSON spec
 * in a throwaway sandbox, then execve the target in it.
 *
 * usage: pf-env [--nonroot UID:GID] [--user-files DIR] [--timeout SEC]
 *               SPEC.json -- PROGRAM [ARG...]
 *
 * This process stays outside (real root, initial namespaces). It clones the
 * sandbox: a new user namespace mapping every id to itself, a new mount
 * namespace and a new network namespace, both owned by that user namespace
 * (with "netns_owner": "parent" the network namespace is made first, out
 * here, so it belongs to the initial user namespace). A fresh sandbox per
 * run means every namespace count of user.max_*_namespaces starts from the
 * same place. Inside, as root with every capability, the child
 *   mounts a tmpfs over /run (with a root-only /run/xtables.lock, as on a
 *   host where iptables already ran) and, for the non-root user, binds
 *   DIR/passwd, DIR/group, DIR/shadow and DIR/sudoers.d over /etc's (the throwaway user
 *   exists in this mount namespace only);
 *   sets user.max_user_namespaces and user.max_net_namespaces (these
 *   belong to the sandbox's user namespace);
 *   without no_new_privs, loads the seccomp filter now, while it holds
 *   CAP_SYS_ADMIN (runc does the same: seccomp(2) needs one or the other);
 *   drops the bounding set; becomes the non-root user (PR_SET_KEEPCAPS);
 *   sets permitted/effective/inheritable, then the ambient set;
 *   sets no_new_privs, and with it loads the filter now;
 *   execve(PROGRAM).
 * The parent waits (with a deadline), then kills and reaps whatever the
 * target left behind (it is a child subreaper), naming each on stderr.
 *
 * Exit status: the target's; 128+N when a signal N ended it; 124 on the
 * deadline; 125 when the environment could not be built (message on
 * stderr); 126/127 when PROGRAM could not be executed; 2 on usage. */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <grp.h>
#include <jansson.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EXIT_USAGE 2
#define EXIT_TIMEOUT 124
#define EXIT_SETUP 125

/* Limits given as "large" in a spec. */
#define LIMIT_LARGE 65536

/* NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET: the flags moby's
 * default profile keys clone on (docs/facts.md section 2). */
#define DOCKER_CLONE_NS_MASK UINT64_C(0x7E020000)

extern char **environ;

static const char *spec_path;
static volatile sig_atomic_t terminate_signal;

static void on_terminate(int sig)
{
	terminate_signal = sig;
}

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pf-env: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	_exit(EXIT_SETUP);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: pf-env [--nonroot UID:GID] [--user-files DIR] [--timeout SEC] SPEC.json -- PROGRAM [ARG...]\n");
	exit(EXIT_USAGE);
}

/* The clone(2) argument that holds the flags: argument 0 everywhere but
 * s390/s390x (CLONE_BACKWARDS2: stack first, flags second; moby's profile
 * has the matching "index": 1 rule for s390). */
static unsigned int clone_flags_arg(void)
{
#if defined(__s390__) || defined(__s390x__)
	return 1;
#else
	return 0;
#endif
}

/* ---- the spec ------------------------------------------------------------ */

struct spec {
	json_t *root;
	bool nonroot;
	bool parent_netns;
	long max_user_ns, max_net_ns; /* -1: leave as it is */
	json_t *bounding_drop, *ambient, *seccomp;
	bool inheritable_bounding;
	bool nnp;
};

static long spec_limit(json_t *root, const char *key)
{
	json_t *v = json_object_get(root, key);

	if (!v)
		return -1;
	if (json_is_string(v) && strcmp(json_string_value(v), "large") == 0)
		return LIMIT_LARGE;
	if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= INT32_MAX)
		return (long)json_integer_value(v);
	die("%s: %s must be a non-negative integer or \"large\"", spec_path, key);
}

static const char *spec_string(json_t *root, const char *key, const char *dflt, const char *a, const char *b)
{
	json_t *v = json_object_get(root, key);
	const char *s;

	if (!v)
		return dflt;
	s = json_string_value(v);
	if (!s || (strcmp(s, a) != 0 && strcmp(s, b) != 0))
		die("%s: %s must be \"%s\" or \"%s\"", spec_path, key, a, b);
	return s;
}

static json_t *spec_array(json_t *root, const char *key)
{
	json_t *v = json_object_get(root, key);

	if (!v)
		return NULL;
	if (!json_is_array(v))
		die("%s: %s must be an array", spec_path, key);
	return v;
}

static void spec_load(struct spec *s, const char *path)
{
	static const char *const known[] = { "user",
					     "netns_owner",
					     "max_user_namespaces",
					     "max_net_namespaces",
					     "iptables",
					     "bounding_drop",
					     "inheritable",
					     "ambient",
					     "nnp",
					     "seccomp",
					     "seed",
					     "user_namespace",
					     NULL };
	json_error_t err;
	const char *key;
	json_t *v;

	memset(s, 0, sizeof(*s));
	s->root = json_load_file(path, 0, &err);
	if (!s->root || !json_is_object(s->root))
		die("%s: line %d: %s", path, err.line, s->root ? "not an object" : err.text);
	json_object_foreach(s->root, key, v)
	{
		bool ok = false;

		for (int i = 0; known[i]; i++)
			ok = ok || strcmp(known[i], key) == 0;
		if (!ok)
			die("%s: unknown key \"%s\"", path, key);
	}
	s->nonroot = strcmp(spec_string(s->root, "user", "root", "root", "nonroot"), "nonroot") == 0;
	s->parent_netns = strcmp(spec_string(s->root, "netns_owner", "sandbox", "sandbox", "parent"), "parent") == 0;
	s->max_user_ns = spec_limit(s->root, "max_user_namespaces");
	s->max_net_ns = spec_limit(s->root, "max_net_namespaces");
	/* "iptables" (the PATH) and "user_namespace" (the targets' flag) are
	 * the driver's; checked here only. */
	spec_string(s->root, "iptables", "nft", "nft", "legacy");
	v = json_object_get(s->root, "user_namespace");
	if (v && !json_is_boolean(v))
		die("%s: user_namespace must be true or false", path);
	s->inheritable_bounding =
		strcmp(spec_string(s->root, "inheritable", "none", "none", "bounding"), "bounding") == 0;
	v = json_object_get(s->root, "nnp");
	if (v && !json_is_boolean(v))
		die("%s: nnp must be true or false", path);
	s->nnp = v && json_is_true(v);
	s->bounding_drop = spec_array(s->root, "bounding_drop");
	s->ambient = spec_array(s->root, "ambient");
	s->seccomp = spec_array(s->root, "seccomp");
	if (s->ambient && json_array_size(s->ambient) && !s->nonroot)
		die("%s: ambient capabilities are for the non-root user", path);
}

static cap_value_t cap_named(json_t *v)
{
	const char *name = json_string_value(v);
	char full[64];
	cap_value_t cap;

	if (!name)
		die("%s: a capability must be a string", spec_path);
	snprintf(full, sizeof(full), "cap_%s", name);
	if (cap_from_name(strncasecmp(name, "cap_", 4) == 0 ? name : full, &cap) < 0)
		die("%s: unknown capability \"%s\"", spec_path, name);
	return cap;
}

/* ---- seccomp --------------------------------------------------------------- */

static const struct {
	const char *name;
	int value;
} errnos[] = {
	{ "EPERM", EPERM },   { "EACCES", EACCES }, { "ENOSYS", ENOSYS }, { "EINVAL", EINVAL },
	{ "ENOSPC", ENOSPC }, { "EAGAIN", EAGAIN }, { "ENOMEM", ENOMEM }, { "EBADF", EBADF },
};

/* "errno:EPERM", "kill", "trap", "log", "allow" */
static uint32_t rule_action(const char *action)
{
	if (strncmp(action, "errno:", 6) == 0) {
		for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
			if (strcmp(errnos[i].name, action + 6) == 0)
				return SCMP_ACT_ERRNO((uint32_t)errnos[i].value);
		die("%s: unknown errno in action \"%s\"", spec_path, action);
	}
	if (strcmp(action, "kill") == 0)
		return SCMP_ACT_KILL_PROCESS;
	if (strcmp(action, "trap") == 0)
		return SCMP_ACT_TRAP;
	if (strcmp(action, "log") == 0)
		return SCMP_ACT_LOG;
	if (strcmp(action, "allow") == 0)
		return SCMP_ACT_ALLOW;
	die("%s: unknown action \"%s\"", spec_path, action);
}

static void rule_add(scmp_filter_ctx ctx, uint32_t action, int nr, unsigned int ncmp, struct scmp_arg_cmp *cmp,
		     size_t index)
{
	int rc = seccomp_rule_add_array(ctx, action, nr, ncmp, cmp);

	if (rc < 0)
		die("%s: seccomp rule %zu: %s%s", spec_path, index, strerror(-rc),
		    rc == -EEXIST ? " (it repeats an earlier rule's condition)" : "");
}

/* One spec rule: {"syscall": "clone", "match": "newuser|newnet|docker-mask|any",
 * "action": ...} or {"syscall": "clone3|unshare|setns", "action": ...}. An
 * "allow" rule is the default action already: libseccomp refuses it, and it
 * changes nothing, so it is kept in the spec and not added. */
static void add_spec_rule(scmp_filter_ctx ctx, json_t *rule, size_t index)
{
	const char *syscall_name = json_string_value(json_object_get(rule, "syscall"));
	const char *match = json_string_value(json_object_get(rule, "match"));
	const char *action_name = json_string_value(json_object_get(rule, "action"));
	uint32_t action;
	uint64_t mask = 0;
	int nr;

	if (!syscall_name || !action_name)
		die("%s: seccomp rule %zu needs \"syscall\" and \"action\"", spec_path, index);
	action = rule_action(action_name);
	nr = seccomp_syscall_resolve_name(syscall_name);
	if (nr == __NR_SCMP_ERROR || !(strcmp(syscall_name, "clone") == 0 || strcmp(syscall_name, "clone3") == 0 ||
				       strcmp(syscall_name, "unshare") == 0 || strcmp(syscall_name, "setns") == 0))
		die("%s: seccomp rule %zu: syscall must be clone, clone3, unshare or setns", spec_path, index);
	if (strcmp(syscall_name, "clone") == 0) {
		if (!match)
			die("%s: seccomp rule %zu: a clone rule needs \"match\"", spec_path, index);
		if (strcmp(match, "newuser") == 0)
			mask = CLONE_NEWUSER;
		else if (strcmp(match, "newnet") == 0)
			mask = CLONE_NEWNET;
		else if (strcmp(match, "docker-mask") == 0)
			mask = DOCKER_CLONE_NS_MASK;
		else if (strcmp(match, "any") != 0)
			die("%s: seccomp rule %zu: match must be newuser, newnet, docker-mask or any", spec_path,
			    index);
	} else if (match) {
		die("%s: seccomp rule %zu: only clone rules take \"match\"", spec_path, index);
	}
	if (action == SCMP_ACT_ALLOW)
		return;
	if (mask == 0) {
		rule_add(ctx, action, nr, 0, NULL, index);
		return;
	}
	/* moby allows clone only when (flags & mask) == 0; libseccomp has no
	 * masked not-equal, so one rule per bit of the mask: a call with any of
	 * them set matches one rule, which is the same set of calls. */
	for (int bit = 0; bit < 64; bit++) {
		uint64_t flag = UINT64_C(1) << bit;
		struct scmp_arg_cmp cmp = SCMP_CMP(clone_flags_arg(), SCMP_CMP_MASKED_EQ, flag, flag);

		if (mask & flag)
			rule_add(ctx, action, nr, 1, &cmp, index);
	}
}

static void load_filter(const struct spec *s)
{
	scmp_filter_ctx ctx;
	size_t i;
	json_t *rule;
	int rc;

	if (!s->seccomp || json_array_size(s->seccomp) == 0)
		return;
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		die("seccomp_init failed");
	/* libseccomp sets no_new_privs on load unless told not to: the spec
	 * decides that, not the library. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (rc < 0)
		die("seccomp_attr_set: %s", strerror(-rc));
	json_array_foreach(s->seccomp, i, rule)
	{
		if (!json_is_object(rule))
			die("%s: seccomp rule %zu must be an object", spec_path, i);
		add_spec_rule(ctx, rule, i);
	}
	rc = seccomp_load(ctx);
	if (rc < 0)
		die("seccomp_load: %s", strerror(-rc));
	seccomp_release(ctx);
}

/* ---- the sandbox ------------------------------------------------------------ */

static void write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	n = write(fd, text, strlen(text));
	if (n != (ssize_t)strlen(text))
		die("write %s: %s", path, n < 0 ? strerror(errno) : "short write");
	close(fd);
}

static void lo_up(void)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket: %s", strerror(errno));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		die("SIOCGIFFLAGS lo: %s", strerror(errno));
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		die("SIOCSIFFLAGS lo: %s", strerror(errno));
	close(fd);
}

static void bind_over(const char *dir, const char *name, const char *target)
{
	char source[4096];

	snprintf(source, sizeof(source), "%s/%s", dir, name);
	if (mount(source, target, NULL, MS_BIND, NULL) < 0)
		die("bind %s over %s: %s", source, target, strerror(errno));
}

static void setup_mounts(const struct spec *s, const char *user_files)
{
	int fd;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("making / private: %s", strerror(errno));
	/* sudo's timestamps and iptables' lock go to this /run, not the host's. */
	if (mount("pf-env-run", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		die("tmpfs on /run: %s", strerror(errno));
	fd = open("/run/xtables.lock", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		die("creating /run/xtables.lock: %s", strerror(errno));
	close(fd);
	if (s->nonroot) {
		if (!user_files)
			die("a non-root spec needs --user-files");
		bind_over(user_files, "passwd", "/etc/passwd");
		bind_over(user_files, "group", "/etc/group");
		bind_over(user_files, "shadow", "/etc/shadow");
		bind_over(user_files, "sudoers.d", "/etc/sudoers.d");
	}
}

static void set_limits(const struct spec *s)
{
	char text[32];

	if (s->max_user_ns >= 0) {
		snprintf(text, sizeof(text), "%ld\n", s->max_user_ns);
		write_text("/proc/sys/user/max_user_namespaces", text);
	}
	if (s->max_net_ns >= 0) {
		snprintf(text, sizeof(text), "%ld\n", s->max_net_ns);
		write_text("/proc/sys/user/max_net_namespaces", text);
	}
}

/* Capabilities as the spec gives them, all consistent with the bounding
 * set: root gets permitted = effective = bounding (what execve gives root
 * anyway) and an inheritable set that is empty or the bounding set; the
 * non-root user gets its ambient set as permitted, effective and
 * inheritable, and as ambient. */
static void apply_identity_and_caps(const struct spec *s, uid_t uid, gid_t gid)
{
	cap_value_t keep[64];
	int nkeep = 0;
	size_t i;
	json_t *v;
	cap_t caps;

	json_array_foreach(s->bounding_drop, i, v)
	{
		cap_value_t cap = cap_named(v);

		if (cap_drop_bound(cap) < 0)
			die("dropping %s from the bounding set: %s", json_string_value(v), strerror(errno));
	}
	if (s->nonroot) {
		if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
			die("PR_SET_KEEPCAPS: %s", strerror(errno));
		if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
			die("becoming %u:%u: %s", uid, gid, strerror(errno));
		json_array_foreach(s->ambient, i, v) keep[nkeep++] = cap_named(v);
	} else {
		for (cap_value_t c = 0; c < (cap_value_t)cap_max_bits() && nkeep < 64; c++)
			if (cap_get_bound(c) == 1)
				keep[nkeep++] = c;
	}
	caps = cap_init();
	if (!caps)
		die("cap_init: %s", strerror(errno));
	if (nkeep && (cap_set_flag(caps, CAP_PERMITTED, nkeep, keep, CAP_SET) < 0 ||
		      cap_set_flag(caps, CAP_EFFECTIVE, nkeep, keep, CAP_SET) < 0 ||
		      ((s->nonroot || s->inheritable_bounding) &&
		       cap_set_flag(caps, CAP_INHERITABLE, nkeep, keep, CAP_SET) < 0)))
		die("cap_set_flag: %s", strerror(errno));
	if (cap_set_proc(caps) < 0)
		die("cap_set_proc: %s", strerror(errno));
	cap_free(caps);
	if (cap_reset_ambient() < 0)
		die("cap_reset_ambient: %s", strerror(errno));
	for (int k = 0; s->nonroot && k < nkeep; k++)
		if (cap_set_ambient(keep[k], CAP_SET) < 0)
			die("raising ambient %s: %s", cap_to_name(keep[k]), strerror(errno));
}

static int sandbox_main(const struct spec *s, int go_fd, uid_t uid, gid_t gid, const char *user_files, char **argv)
{
	char go;

	if (read(go_fd, &go, 1) != 1)
		die("the outside process gave up");
	close(go_fd);
	setup_mounts(s, user_files);
	if (!s->parent_netns)
		lo_up();
	set_limits(s);
	if (!s->nnp)
		load_filter(s);
	apply_identity_and_caps(s, uid, gid);
	if (s->nnp) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			die("PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
		load_filter(s);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "pf-env: exec %s: %s\n", argv[0], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}

/* ---- outside ------------------------------------------------------------------ */

static void write_map(pid_t pid, const char *file)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	write_text(path, "0 0 4294967295\n");
}

/* Kill and reap every process the target left behind: as a subreaper this
 * process inherits them as their parents die. Returns how many. */
static int reap_leftovers(void)
{
	int killed = 0;

	for (;;) {
		char path[64], line[4096];
		bool any = false;
		FILE *f;

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		snprintf(path, sizeof(path), "/proc/self/task/%d/children", getpid());
		f = fopen(path, "re");
		if (f) {
			if (fgets(line, sizeof(line), f)) {
				for (char *tok = strtok(line, " \n"); tok; tok = strtok(NULL, " \n")) {
					pid_t pid = (pid_t)atoi(tok);
					char comm[64] = "?";
					FILE *c;

					snprintf(path, sizeof(path), "/proc/%d/comm", pid);
					c = fopen(path, "re");
					if (c) {
						if (fgets(comm, sizeof(comm), c))
							comm[strcspn(comm, "\n")] = '\0';
						fclose(c);
					}
					fprintf(stderr, "pf-env: leftover process %d (%s) killed\n", pid, comm);
					kill(pid, SIGKILL);
					killed++;
					any = true;
				}
			}
			fclose(f);
		}
		if (!any) {
			if (waitpid(-1, NULL, 0) < 0 && errno == ECHILD)
				return killed;
			continue;
		}
		while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
			;
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int main(int argc, char **argv)
{
	const char *user_files = NULL;
	uid_t uid = 0;
	gid_t gid = 0;
	long timeout_s = 30, deadline;
	int go_pipe[2], status = 0, pidfd, i;
	unsigned long flags;
	struct spec s;
	pid_t child;
	bool done = false, timed_out = false;

	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i], "--") != 0; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--nonroot") == 0) {
			if (sscanf(argv[++i], "%u:%u", &uid, &gid) != 2 || uid == 0)
				usage();
		} else if (strcmp(argv[i], "--user-files") == 0) {
			user_files = argv[++i];
		} else if (strcmp(argv[i], "--timeout") == 0) {
			timeout_s = strtol(argv[++i], NULL, 10);
			if (timeout_s <= 0)
				usage();
		} else {
			usage();
		}
	}
	if (argc - i < 3 || strcmp(argv[i + 1], "--") != 0)
		usage();
	spec_path = argv[i];
	argv += i + 2;
	spec_load(&s, spec_path);
	if (s.nonroot && uid == 0)
		die("%s: a non-root spec needs --nonroot UID:GID", spec_path);
	if (!s.nonroot) {
		uid = 0;
		gid = 0;
	}

	if (s.parent_netns) {
		if (unshare(CLONE_NEWNET) < 0)
			die("unshare(CLONE_NEWNET): %s", strerror(errno));
		lo_up();
	}
	/* Asked to stop (the driver's own deadline): the sandbox goes too. */
	signal(SIGTERM, on_terminate);
	signal(SIGINT, on_terminate);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		die("PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
	if (pipe2(go_pipe, O_CLOEXEC) < 0)
		die("pipe2: %s", strerror(errno));
	flags = CLONE_NEWUSER | CLONE_NEWNS | SIGCHLD;
	if (!s.parent_netns)
		flags |= CLONE_NEWNET;
	fflush(NULL);
	child = (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
	if (child < 0)
		die("clone(CLONE_NEWUSER|CLONE_NEWNS%s): %s", s.parent_netns ? "" : "|CLONE_NEWNET", strerror(errno));
	if (child == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		close(go_pipe[1]);
		_exit(sandbox_main(&s, go_pipe[0], uid, gid, user_files, argv));
	}
	close(go_pipe[0]);
	/* Every id maps to itself: inside, root is real root's files' owner. */
	write_map(child, "uid_map");
	write_map(child, "gid_map");
	if (write(go_pipe[1], "g", 1) != 1)
		die("starting the sandbox: %s", strerror(errno));
	close(go_pipe[1]);

	pidfd = (int)syscall(SYS_pidfd_open, child, 0);
	if (pidfd < 0)
		die("pidfd_open: %s", strerror(errno));
	deadline = now_ms() + timeout_s * 1000L;
	while (!done) {
		struct pollfd p = { .fd = pidfd, .events = POLLIN };
		long left = deadline - now_ms();
		int rc;

		if (left <= 0 || (terminate_signal && !timed_out)) {
			if (terminate_signal)
				fprintf(stderr, "pf-env: stopped by signal %d: %s killed\n", (int)terminate_signal,
					argv[0]);
			else
				fprintf(stderr, "pf-env: %s still running after %ld s: killed\n", argv[0], timeout_s);
			kill(child, SIGKILL);
			timed_out = true;
			deadline = now_ms() + 1000;
			left = 1000;
		}
		rc = poll(&p, 1, (int)left);
		if (rc < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		if (rc > 0) {
			if (waitpid(child, &status, 0) < 0)
				die("waitpid: %s", strerror(errno));
			done = true;
		}
	}
	close(pidfd);
	reap_leftovers();
	json_decref(s.root);
	if (terminate_signal)
		return 128 + terminate_signal;
	if (timed_out)
		return EXIT_TIMEOUT;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
