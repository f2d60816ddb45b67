/* SPDX-License-Identifier: MIT */
/* `seccomp-profile` against Debian's real Docker default.json: the patched
 * profile keeps every rule, adds exactly boundary's clone rule per arch
 * group, is idempotent, and - loaded into a real seccomp filter - lets
 * boundary's clone through and nothing broader (docs/facts.md sections 1-3).
 * Failures: malformed input exits 2 naming file and position, unwritable
 * output exits 3, and neither leaves or touches a file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "preflight/cleanup.h"
#include "preflight/seccomp_profile.h"
#include "docker_filter.h"

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

#define DEFAULT_JSON "/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json"

static const char *program; /* argv[1]: the boundary-preflight binary */

/* ---- per-test scratch directory ---- */

static char work[64];   /* captured streams live here */
static char outdir[96]; /* the directory outputs go to */
static char *captured_out;
static char *captured_err;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void setup(void)
{
	snprintf(work, sizeof work, "/tmp/pf-seccomp-profile-XXXXXX");
	ck_assert_msg(mkdtemp(work) != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(outdir, sizeof outdir, "%s/out", work);
	ck_assert_int_eq(mkdir(outdir, 0755), 0);
}

static void teardown(void)
{
	free(captured_out);
	free(captured_err);
	captured_out = captured_err = NULL;
	chmod(outdir, 0755);
	nftw(work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *default_json(void)
{
	const char *path = getenv("PF_DOCKER_DEFAULT_JSON");
	if (!path)
		path = DEFAULT_JSON;
	ck_assert_msg(access(path, R_OK) == 0,
		      "Docker's default.json is missing at %s (%s): install "
		      "golang-github-docker-docker-dev (scripts/test does)",
		      path, strerror(errno));
	return path;
}

static char *in_out(const char *name)
{
	char *p;
	ck_assert_int_ge(asprintf(&p, "%s/%s", outdir, name), 0);
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "open %s: %s", path, strerror(errno));
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, n, mem);
	fclose(f);
	fclose(mem);
	if (len)
		*len = size;
	return buf;
}

static void spit(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "create %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static json_t *load_json(const char *path)
{
	json_error_t jerr;
	json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	ck_assert_msg(j != NULL, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
	return j;
}

/* The names in dir, sorted, joined with spaces: "a.json b.json". */
static char *listing(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	ck_assert_msg(n >= 0, "scandir %s: %s", dir, strerror(errno));
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
			fprintf(mem, "%s%s", size || ftell(mem) ? " " : "", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	fclose(mem);
	return buf;
}

/* An output file made by spit(path, "OLD\n", 4) still says exactly that. */
static void assert_untouched(const char *path)
{
	size_t len;
	_cleanup_free_ char *text = slurp(path, &len);
	ck_assert_msg(len == 4 && memcmp(text, "OLD\n", 4) == 0, "%s was changed (%zu bytes now)", path, len);
}

/* ---- running the subcommand ---- */

/* Ends the argument list of run(). */
#define END ((const char *)NULL)

enum run_mode {
	RUN_PLAIN,
	RUN_WITHOUT_DAC, /* directory modes bind root too */
	RUN_STDOUT_FULL, /* standard output is /dev/full */
	RUN_FSIZE_4K,    /* writes past 4 KiB fail with EFBIG */
};

/* Without CAP_DAC_OVERRIDE root obeys directory modes like anyone: drop
 * it from the bounding set so the exec'd program does not get it back. */
static void drop_dac(void)
{
	if (geteuid() != 0)
		return;
	cap_value_t dac[] = { CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER };
	for (size_t i = 0; i < sizeof dac / sizeof dac[0]; i++)
		if (prctl(PR_CAPBSET_DROP, dac[i], 0, 0, 0) < 0)
			_exit(120);
	cap_t caps = cap_get_proc();
	if (!caps || cap_set_flag(caps, CAP_EFFECTIVE, 3, dac, CAP_CLEAR) < 0 ||
	    cap_set_flag(caps, CAP_PERMITTED, 3, dac, CAP_CLEAR) < 0 ||
	    cap_set_flag(caps, CAP_INHERITABLE, 3, dac, CAP_CLEAR) < 0 || cap_set_proc(caps) < 0)
		_exit(121);
	cap_free(caps);
}

/* Run `program seccomp-profile ARGS...` (END-terminated); capture stdout and
 * stderr; return the exit status (or 1000 + signal). */
static int run(enum run_mode mode, ...)
{
	const char *argv[16] = { program, "seccomp-profile" };
	size_t argc = 2;
	va_list ap;
	va_start(ap, mode);
	while ((argv[argc] = va_arg(ap, const char *)) != NULL)
		ck_assert_uint_lt(++argc, 15);
	va_end(ap);

	char out_path[128], err_path[128];
	snprintf(out_path, sizeof out_path, "%s/stdout", work);
	snprintf(err_path, sizeof err_path, "%s/stderr", work);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int out = open(mode == RUN_STDOUT_FULL ? "/dev/full" : out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(122);
		if (mode == RUN_WITHOUT_DAC)
			drop_dac();
		if (mode == RUN_FSIZE_4K) {
			struct rlimit lim = { 4096, 4096 };
			signal(SIGXFSZ, SIG_IGN);
			if (setrlimit(RLIMIT_FSIZE, &lim) < 0)
				_exit(124);
		}
		execv(program, (char *const *)argv);
		_exit(123);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	free(captured_out);
	free(captured_err);
	captured_out = mode == RUN_STDOUT_FULL ? strdup("") : slurp(out_path, NULL);
	captured_err = slurp(err_path, NULL);
	ck_assert_msg(!WIFEXITED(status) || WEXITSTATUS(status) < 120, "test harness failed to start the program (%d)",
		      WEXITSTATUS(status));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

/* Patch default.json into outdir/name; return the path. */
static char *patch_default(const char *name)
{
	char *out = in_out(name);
	int code = run(RUN_PLAIN, "--base", default_json(), "--output", out, END);
	ck_assert_msg(code == 0, "exit %d, stderr: %.300s", code, captured_err);
	return out;
}

/* ---- (a) the patched profile ---- */

static void assert_clone_rule(const json_t *rule, int index, bool s390)
{
	json_auto_t *args = json_pack("[{s:i, s:I, s:i, s:s}]", "index", index, "value", (json_int_t)0x2E020000,
				      "valueTwo", 0, "op", "SCMP_CMP_MASKED_EQ");
	json_auto_t *names = json_pack("[s]", "clone");
	json_auto_t *arches = json_pack("{s:[s,s]}", "arches", "s390", "s390x");
	json_auto_t *none = json_object();
	ck_assert(json_equal(json_object_get(rule, "names"), names));
	ck_assert_str_eq(json_string_value(json_object_get(rule, "action")), "SCMP_ACT_ALLOW");
	ck_assert(json_equal(json_object_get(rule, "args"), args));
	ck_assert(json_equal(json_object_get(rule, "includes"), s390 ? arches : none));
	ck_assert(json_equal(json_object_get(rule, "excludes"), s390 ? none : arches));
	const char *comment = json_string_value(json_object_get(rule, "comment"));
	ck_assert_ptr_nonnull(comment);
	ck_assert_ptr_nonnull(strstr(comment, "boundary-preflight"));
	ck_assert_ptr_nonnull(strstr(comment, "boundary's nsjail"));
	ck_assert_uint_eq(json_object_size(rule), 6);
}

START_TEST(test_patch_keeps_everything_adds_one_rule_per_arch_group)
{
	_cleanup_free_ char *out = patch_default("patched.json");
	ck_assert_str_eq(captured_out, "");
	json_auto_t *orig = load_json(default_json());
	json_auto_t *patched = load_json(out);

	/* Same top-level keys, same order, all but "syscalls" unchanged. */
	ck_assert_uint_eq(json_object_size(orig), json_object_size(patched));
	void *it_o = json_object_iter(orig), *it_p = json_object_iter(patched);
	for (; it_o && it_p; it_o = json_object_iter_next(orig, it_o), it_p = json_object_iter_next(patched, it_p)) {
		const char *key = json_object_iter_key(it_o);
		ck_assert_str_eq(key, json_object_iter_key(it_p));
		if (strcmp(key, "syscalls") != 0)
			ck_assert_msg(json_equal(json_object_iter_value(it_o), json_object_iter_value(it_p)),
				      "%s changed", key);
	}
	ck_assert_str_eq(json_string_value(json_object_get(patched, "defaultAction")),
			 json_string_value(json_object_get(orig, "defaultAction")));

	/* Every original rule, unchanged and in order, then exactly two. */
	const json_t *rules_o = json_object_get(orig, "syscalls");
	const json_t *rules_p = json_object_get(patched, "syscalls");
	size_t n = json_array_size(rules_o);
	ck_assert_uint_gt(n, 10);
	ck_assert_uint_eq(json_array_size(rules_p), n + 2);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(json_equal(json_array_get(rules_o, i), json_array_get(rules_p, i)),
			      "syscalls[%zu] changed", i);
	assert_clone_rule(json_array_get(rules_p, n), 0, false);
	assert_clone_rule(json_array_get(rules_p, n + 1), 1, true);

	/* The file itself: 4-space indent, one trailing newline. */
	size_t len;
	_cleanup_free_ char *text = slurp(out, &len);
	ck_assert_uint_gt(len, 2);
	ck_assert_int_eq(strncmp(text, "{\n    \"defaultAction\"", 21), 0);
	ck_assert(text[len - 1] == '\n' && text[len - 2] == '}');
	ck_assert_ptr_nonnull(strstr(captured_err, "--security-opt seccomp="));
}
END_TEST

/* ---- (b) idempotent ---- */

START_TEST(test_patch_twice_is_byte_identical)
{
	_cleanup_free_ char *once = patch_default("once.json");
	_cleanup_free_ char *twice = in_out("twice.json");
	ck_assert_int_eq(run(RUN_PLAIN, "--base", once, "--output", twice, END), 0);
	ck_assert_ptr_nonnull(strstr(captured_err, "already allows boundary's clone"));
	size_t len1, len2;
	_cleanup_free_ char *a = slurp(once, &len1);
	_cleanup_free_ char *b = slurp(twice, &len2);
	ck_assert_uint_eq(len1, len2);
	ck_assert(memcmp(a, b, len1) == 0);

	/* In place, --base and --output the same file. */
	ck_assert_int_eq(run(RUN_PLAIN, "--base", twice, "--output", twice, END), 0);
	_cleanup_free_ char *c = slurp(twice, &len2);
	ck_assert_uint_eq(len1, len2);
	ck_assert(memcmp(a, c, len1) == 0);
	_cleanup_free_ char *names = listing(outdir);
	ck_assert_str_eq(names, "once.json twice.json");
}
END_TEST

/* An equivalent rule with another comment counts as present. */
START_TEST(test_patch_recognises_rule_with_other_comment)
{
	json_auto_t *profile = load_json(default_json());
	struct pf_error e = { 0 };
	ck_assert_int_eq(pf_seccomp_profile_patch(profile, &e), 2);
	json_t *rules = json_object_get(profile, "syscalls");
	json_object_set_new(json_array_get(rules, json_array_size(rules) - 1), "comment", json_string("mine"));
	ck_assert_int_eq(pf_seccomp_profile_patch(profile, &e), 0);
	/* A rule that differs in its mask is not the same rule. */
	json_t *arg = json_array_get(json_object_get(json_array_get(rules, json_array_size(rules) - 1), "args"), 0);
	json_object_set_new(arg, "value", json_integer(0x7E020000));
	ck_assert_int_eq(pf_seccomp_profile_patch(profile, &e), 1);
}
END_TEST

/* ---- (c) real semantics in a real seccomp filter ---- */

enum probe_kind { CLONE_ORACLE, REAL_CLONE, UNSHARE_PARENT, SETNS_BAD_FD, CLONE3_NULL };

static long raw_clone(unsigned long flags)
{
#if defined(__s390__) || defined(__s390x__)
	return syscall(SYS_clone, 0, flags, NULL, NULL, 0);
#else
	return syscall(SYS_clone, flags, 0, NULL, NULL, 0);
#endif
}

/* In the child: fork-like clone; the new process reports whether it is in
 * a network namespace of its own. Returns 0 on success, else errno. */
static int real_clone(unsigned long flags)
{
	char before[64] = "";
	if (readlink("/proc/self/ns/net", before, sizeof before - 1) < 0)
		return 202;
	long pid = raw_clone(flags | SIGCHLD);
	if (pid == 0) {
		char after[64] = "";
		if (readlink("/proc/self/ns/net", after, sizeof after - 1) < 0)
			_exit(3);
		_exit(strcmp(before, after) != 0 ? 0 : 4);
	}
	if (pid < 0)
		return errno;
	int status;
	if (waitpid((pid_t)pid, &status, 0) != pid)
		return 203;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 201;
}

/* Fork; in the child load profile (NULL: no filter) and make one call.
 * Returns the call's errno (0 = it succeeded), or 1000 + signal. */
static int probe_under(const char *profile, enum probe_kind kind, unsigned long flags)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char err[256];
		if (profile && docker_filter_load(profile, err, sizeof err) < 0) {
			fprintf(stderr, "docker_filter_load: %s\n", err);
			_exit(200);
		}
		long r;
		errno = 0;
		switch (kind) {
		case CLONE_ORACLE:
			/* flags are always invalid: nothing is ever created */
			r = raw_clone(flags);
			if (r == 0)
				_exit(0);
			break;
		case REAL_CLONE: _exit(real_clone(flags));
		case UNSHARE_PARENT: r = syscall(SYS_unshare, CLONE_PARENT); break;
		case SETNS_BAD_FD: r = syscall(SYS_setns, -1, 0); break;
		case CLONE3_NULL: r = syscall(SYS_clone3, NULL, 0); break;
		default: _exit(204);
		}
		_exit(r < 0 ? errno : 0);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		return 1000 + WTERMSIG(status);
	ck_assert_msg(WEXITSTATUS(status) != 200, "filter did not load");
	return WEXITSTATUS(status);
}

#define ORACLE_USERNS_NET (CLONE_NEWUSER | CLONE_NEWNET | CLONE_FS)

/* Control: without a filter the kernel itself answers the oracles, so an
 * EPERM below can only come from the filter (docs/facts.md section 3). */
START_TEST(test_oracles_without_filter)
{
	ck_assert_int_eq(probe_under(NULL, CLONE_ORACLE, ORACLE_USERNS_NET), EINVAL);
	ck_assert_int_eq(probe_under(NULL, CLONE_ORACLE, CLONE_NEWNS | CLONE_FS), EINVAL);
	ck_assert_int_eq(probe_under(NULL, CLONE_ORACLE, CLONE_NEWNET | CLONE_SIGHAND), EINVAL);
	ck_assert_int_eq(probe_under(NULL, UNSHARE_PARENT, 0), EINVAL);
	ck_assert_int_eq(probe_under(NULL, SETNS_BAD_FD, 0), EBADF);
}
END_TEST

START_TEST(test_original_profile_denies_boundary_clone)
{
	const char *orig = default_json();
	ck_assert_int_eq(probe_under(orig, CLONE_ORACLE, ORACLE_USERNS_NET), EPERM);
	ck_assert_int_eq(probe_under(orig, CLONE_ORACLE, CLONE_NEWNET | CLONE_SIGHAND), EPERM);
	ck_assert_int_eq(probe_under(orig, REAL_CLONE, CLONE_NEWUSER | CLONE_NEWNET), EPERM);
	/* The translated filter is not simply "deny everything". */
	ck_assert_int_eq(probe_under(orig, CLONE_ORACLE, CLONE_THREAD), EINVAL);
}
END_TEST

START_TEST(test_patched_profile_allows_exactly_boundary_clone)
{
	_cleanup_free_ char *patched = patch_default("patched.json");
	const char *orig = default_json();

	/* What boundary needs: user+net, and net alone (--no-user-namespace). */
	ck_assert_int_eq(probe_under(patched, CLONE_ORACLE, ORACLE_USERNS_NET), EINVAL);
	ck_assert_int_eq(probe_under(patched, CLONE_ORACLE, CLONE_NEWUSER | CLONE_FS), EINVAL);
	ck_assert_int_eq(probe_under(patched, CLONE_ORACLE, CLONE_NEWNET | CLONE_SIGHAND), EINVAL);
	ck_assert_int_eq(probe_under(patched, REAL_CLONE, CLONE_NEWUSER | CLONE_NEWNET), 0);

	/* Nothing broader: every other namespace flag is still denied. */
	static const unsigned long others[] = {
		CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID,
	};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		ck_assert_msg(probe_under(patched, CLONE_ORACLE, ORACLE_USERNS_NET | others[i]) == EPERM,
			      "clone flag %#lx let through", others[i]);
	ck_assert_int_eq(probe_under(patched, CLONE_ORACLE, CLONE_NEWNS | CLONE_FS), EPERM);
	ck_assert_int_eq(probe_under(patched, UNSHARE_PARENT, 0), EPERM);
	ck_assert_int_eq(probe_under(patched, SETNS_BAD_FD, 0), EPERM);
	ck_assert_int_eq(probe_under(patched, CLONE3_NULL, 0), probe_under(orig, CLONE3_NULL, 0));
}
END_TEST

/* As containerd (and Kubernetes through it) loads a profile: into a
 * runtime-spec LinuxSeccomp, which has no "includes", "excludes" or
 * "archMap", so they are dropped and every rule applies on every arch.
 * Writes that view of path to outdir/name and returns its path. */
static char *as_containerd_reads(const char *path, const char *name)
{
	json_auto_t *profile = load_json(path);
	json_object_del(profile, "archMap");
	size_t i;
	json_t *rule;
	json_array_foreach(json_object_get(profile, "syscalls"), i, rule)
	{
		json_object_del(rule, "includes");
		json_object_del(rule, "excludes");
	}
	char *out = in_out(name);
	ck_assert_int_eq(json_dump_file(profile, out, JSON_INDENT(1)), 0);
	return out;
}

/* containerd's own default (OCI format, tests/engines/profiles): patched,
 * then read the way containerd reads it, it allows boundary's clone and
 * still no other namespace flag, also with a zero child stack (argument 1,
 * which an arch-limited s390 rule would test on x86 once containerd drops
 * its "includes"). */
START_TEST(test_containerd_profile_patched_as_containerd_reads_it)
{
	const char *root = getenv("PF_SOURCE_ROOT");
	ck_assert_ptr_nonnull(root);
	_cleanup_free_ char *base = NULL;
	ck_assert_int_ge(asprintf(&base, "%s/tests/engines/profiles/containerd-default-1.6.20.json", root), 0);
	_cleanup_free_ char *patched = in_out("containerd-patched.json");
	int code = run(RUN_PLAIN, "--base", base, "--output", patched, END);
	ck_assert_msg(code == 0, "exit %d, stderr: %.300s", code, captured_err);
	_cleanup_free_ char *seen = as_containerd_reads(patched, "containerd-seen.json");

	/* the base denies boundary's clone; the patched profile allows it */
	ck_assert_int_eq(probe_under(base, CLONE_ORACLE, ORACLE_USERNS_NET), EPERM);
	ck_assert_int_eq(probe_under(seen, CLONE_ORACLE, ORACLE_USERNS_NET), EINVAL);
	ck_assert_int_eq(probe_under(seen, REAL_CLONE, CLONE_NEWUSER | CLONE_NEWNET), 0);
	static const unsigned long others[] = {
		CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID,
	};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		ck_assert_msg(probe_under(seen, CLONE_ORACLE, ORACLE_USERNS_NET | others[i]) == EPERM,
			      "clone flag %#lx let through", others[i]);
}
END_TEST

/* ---- (d) malformed or wrongly shaped base ---- */

START_TEST(test_truncated_json_exits_2_with_position_and_writes_nothing)
{
	size_t len;
	_cleanup_free_ char *text = slurp(default_json(), &len);
	_cleanup_free_ char *bad = NULL;
	ck_assert_int_ge(asprintf(&bad, "%s/truncated.json", work), 0);
	spit(bad, text, len / 2);

	/* Where jansson itself says the truncated text goes wrong. */
	json_error_t jerr;
	ck_assert_ptr_null(json_loadb(text, len / 2, JSON_REJECT_DUPLICATES, &jerr));
	_cleanup_free_ char *where = NULL;
	ck_assert_int_ge(asprintf(&where, "%s:%d:%d: ", bad, jerr.line, jerr.column), 0);
	ck_assert_int_gt(jerr.line, 1);

	_cleanup_free_ char *fresh = in_out("fresh.json");
	ck_assert_int_eq(run(RUN_PLAIN, "--base", bad, "--output", fresh, END), 2);
	ck_assert_msg(strstr(captured_err, where), "stderr %.300s lacks %s", captured_err, where);
	_cleanup_free_ char *empty = listing(outdir);
	ck_assert_str_eq(empty, "");

	_cleanup_free_ char *old = in_out("old.json");
	spit(old, "OLD\n", 4);
	ck_assert_int_eq(run(RUN_PLAIN, "--base", bad, "--output", old, END), 2);
	assert_untouched(old);
	_cleanup_free_ char *names = listing(outdir);
	ck_assert_str_eq(names, "old.json");
	ck_assert_str_eq(captured_out, "");
}
END_TEST

/* Write default.json with one change made by edit, run on it, expect exit 2
 * and message in stderr. */
static void expect_shape_error(void (*edit)(json_t *), const char *message)
{
	json_auto_t *profile = load_json(default_json());
	edit(profile);
	_cleanup_free_ char *bad = NULL;
	ck_assert_int_ge(asprintf(&bad, "%s/bad.json", work), 0);
	ck_assert_int_eq(json_dump_file(profile, bad, JSON_INDENT(1)), 0);
	_cleanup_free_ char *out = in_out("out.json");
	ck_assert_int_eq(run(RUN_PLAIN, "--base", bad, "--output", out, END), 2);
	_cleanup_free_ char *want = NULL;
	ck_assert_int_ge(asprintf(&want, "%s: %s\n", bad, message), 0);
	ck_assert_msg(strstr(captured_err, want), "stderr %.300s lacks %s", captured_err, want);
	ck_assert_int_eq(access(out, F_OK), -1);
}

static json_t *rule_at(json_t *profile, size_t i)
{
	return json_array_get(json_object_get(profile, "syscalls"), i);
}
static void names_not_array(json_t *p)
{
	json_object_set_new(rule_at(p, 3), "names", json_string("personality"));
}
static void name_not_string(json_t *p)
{
	json_array_set_new(json_object_get(rule_at(p, 0), "names"), 5, json_integer(5));
}
static void op_not_string(json_t *p)
{
	json_object_set_new(json_array_get(json_object_get(rule_at(p, 2), "args"), 0), "op", json_true());
}
static void caps_not_array(json_t *p)
{
	json_object_set_new(json_object_get(rule_at(p, 12), "includes"), "caps", json_string("CAP_DAC_READ_SEARCH"));
}
static void syscalls_object(json_t *p)
{
	json_object_set_new(p, "syscalls", json_object());
}
static void rule_not_object(json_t *p)
{
	json_array_set_new(json_object_get(p, "syscalls"), 1, json_string("ptrace"));
}
static void no_action(json_t *p)
{
	json_object_del(rule_at(p, 4), "action");
}

START_TEST(test_wrong_shape_exits_2_naming_json_path)
{
	expect_shape_error(names_not_array, "syscalls[3].names: expected array");
	expect_shape_error(name_not_string, "syscalls[0].names[5]: expected string");
	expect_shape_error(op_not_string, "syscalls[2].args[0].op: expected string");
	expect_shape_error(caps_not_array, "syscalls[12].includes.caps: expected array");
	expect_shape_error(syscalls_object, "syscalls: expected array");
	expect_shape_error(rule_not_object, "syscalls[1]: expected object");
	expect_shape_error(no_action, "syscalls[4]: missing \"action\"");
}
END_TEST

START_TEST(test_bad_inputs_exit_2)
{
	_cleanup_free_ char *arr = NULL, *missing = NULL, *big = NULL, *edge = NULL;
	ck_assert_int_ge(asprintf(&arr, "%s/array.json", work), 0);
	spit(arr, "[]\n", 3);
	ck_assert_int_eq(run(RUN_PLAIN, "--base", arr, END), 2);
	ck_assert_ptr_nonnull(strstr(captured_err, "array.json: expected a JSON object"));
	ck_assert_str_eq(captured_out, "");

	ck_assert_int_ge(asprintf(&missing, "%s/missing.json", work), 0);
	ck_assert_int_eq(run(RUN_PLAIN, "--base", missing, END), 2);
	ck_assert_ptr_nonnull(strstr(captured_err, "missing.json: cannot open: No such file"));

	ck_assert_int_eq(run(RUN_PLAIN, "--base", work, END), 2);
	ck_assert_ptr_nonnull(strstr(captured_err, "Is a directory"));

	/* The limit is 8 MiB: one byte more is refused, exactly 8 MiB read. */
	size_t limit = PF_SECCOMP_PROFILE_MAX_BYTES;
	ck_assert_uint_eq(limit, 8u << 20);
	char *blob = malloc(limit + 1);
	memset(blob, ' ', limit + 1);
	memcpy(blob, "{}", 2);
	ck_assert_int_ge(asprintf(&big, "%s/big.json", work), 0);
	spit(big, blob, limit + 1);
	ck_assert_int_eq(run(RUN_PLAIN, "--base", big, END), 2);
	ck_assert_ptr_nonnull(strstr(captured_err, "big.json: larger than 8 MiB"));
	ck_assert_int_ge(asprintf(&edge, "%s/edge.json", work), 0);
	spit(edge, blob, limit);
	free(blob);
	ck_assert_int_eq(run(RUN_PLAIN, "--base", edge, END), 0);
	json_error_t jerr;
	json_auto_t *out = json_loads(captured_out, 0, &jerr);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(json_array_size(json_object_get(out, "syscalls")), 2);
}
END_TEST

START_TEST(test_usage)
{
	/* the same messages, exit status and help as the other subcommands */
	static const char *const try_help = "\nTry 'boundary-preflight --help'.\n";
	ck_assert_int_eq(run(RUN_PLAIN, "--bogus", END), 2);
	ck_assert_ptr_nonnull(strstr(captured_err, "unknown option '--bogus'"));
	ck_assert_ptr_nonnull(strstr(captured_err, try_help));
	ck_assert_str_eq(captured_out, "");
	ck_assert_int_eq(run(RUN_PLAIN, "-x", END), 2);
	ck_assert_ptr_nonnull(strstr(captured_err, "unknown option '-x'"));
	ck_assert_int_eq(run(RUN_PLAIN, "--base", END), 2);
	ck_assert_ptr_nonnull(strstr(captured_err, "option '--base' needs a value"));
	ck_assert_int_eq(run(RUN_PLAIN, "-o", END), 2);
	ck_assert_ptr_nonnull(strstr(captured_err, "option '-o' needs a value"));
	ck_assert_int_eq(run(RUN_PLAIN, "extra", END), 2);
	ck_assert_ptr_nonnull(strstr(captured_err, "unexpected argument 'extra'"));
	ck_assert_ptr_nonnull(strstr(captured_err, try_help));
	ck_assert_int_eq(run(RUN_PLAIN, "--output", "", END), 2);
	ck_assert_ptr_nonnull(strstr(captured_err, "--output: expected a file name"));
	ck_assert_int_eq(run(RUN_PLAIN, "--base=", END), 2);
	ck_assert_ptr_nonnull(strstr(captured_err, "--base: expected a file name"));
	ck_assert_str_eq(captured_out, "");
	ck_assert_int_eq(run(RUN_PLAIN, "--help", END), 0);
	ck_assert_ptr_nonnull(strstr(captured_out, "boundary-preflight seccomp-profile [--base PROFILE.json]"));
	ck_assert_ptr_nonnull(strstr(captured_out, "-b, --base FILE"));
	ck_assert_ptr_nonnull(strstr(captured_out, "-o, --output FILE"));
	ck_assert_str_eq(captured_err, "");
	_cleanup_free_ char *names = listing(outdir);
	ck_assert_str_eq(names, "");
}
END_TEST

/* ---- (e) output cannot be written: exit 3, old file untouched ---- */

START_TEST(test_unwritable_output_dir_exits_3_and_keeps_old_file)
{
	_cleanup_free_ char *old = in_out("profile.json");
	spit(old, "OLD\n", 4);
	ck_assert_int_eq(chmod(outdir, 0555), 0);
	int code = run(RUN_WITHOUT_DAC, "--base", default_json(), "--output", old, END);
	ck_assert_msg(code == 3, "exit %d, stderr: %.300s", code, captured_err);
	ck_assert_ptr_nonnull(strstr(captured_err, old));
	ck_assert_ptr_nonnull(strstr(captured_err, "Permission denied"));
	assert_untouched(old);
	_cleanup_free_ char *names = listing(outdir);
	ck_assert_str_eq(names, "profile.json");
}
END_TEST

/* The rename is what fails: the temporary file must not stay behind. */
START_TEST(test_failed_rename_removes_temporary)
{
	_cleanup_free_ char *target = in_out("profile.json");
	ck_assert_int_eq(mkdir(target, 0755), 0);
	ck_assert_int_eq(run(RUN_PLAIN, "--base", default_json(), "--output", target, END), 3);
	ck_assert_ptr_nonnull(strstr(captured_err, target));
	_cleanup_free_ char *names = listing(outdir);
	ck_assert_str_eq(names, "profile.json");
	struct stat st;
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
}
END_TEST

/* The write itself fails halfway: the old file is still whole, no
 * temporary stays behind. */
START_TEST(test_failed_write_keeps_old_file)
{
	_cleanup_free_ char *old = in_out("profile.json");
	spit(old, "OLD\n", 4);
	ck_assert_int_eq(run(RUN_FSIZE_4K, "--base", default_json(), "--output", old, END), 3);
	ck_assert_ptr_nonnull(strstr(captured_err, old));
	ck_assert_ptr_nonnull(strstr(captured_err, "File too large"));
	assert_untouched(old);
	_cleanup_free_ char *names = listing(outdir);
	ck_assert_str_eq(names, "profile.json");
}
END_TEST

START_TEST(test_stdout_write_error_exits_3)
{
	ck_assert_int_eq(run(RUN_STDOUT_FULL, "--base", default_json(), END), 3);
	ck_assert_ptr_nonnull(strstr(captured_err, "standard output"));
}
END_TEST

/* ---- (f) no base: a fragment ---- */

START_TEST(test_no_base_writes_fragment)
{
	_cleanup_free_ char *frag = in_out("fragment.json");
	ck_assert_int_eq(run(RUN_PLAIN, "--output", frag, END), 0);
	ck_assert_ptr_nonnull(strstr(captured_err, "fragment"));
	json_auto_t *doc = load_json(frag);
	ck_assert_uint_eq(json_object_size(doc), 2);
	void *it = json_object_iter(doc);
	ck_assert_str_eq(json_object_iter_key(it), "comment");
	const char *comment = json_string_value(json_object_iter_value(it));
	ck_assert_ptr_nonnull(comment);
	ck_assert_ptr_nonnull(strstr(comment, "not a complete profile"));
	ck_assert_ptr_nonnull(strstr(comment, "\"syscalls\""));
	it = json_object_iter_next(doc, it);
	ck_assert_str_eq(json_object_iter_key(it), "syscalls");
	ck_assert_ptr_null(json_object_get(doc, "defaultAction"));

	/* Its rules are the ones the patch appends to default.json. */
	_cleanup_free_ char *patched_path = patch_default("patched.json");
	json_auto_t *patched = load_json(patched_path);
	const json_t *all = json_object_get(patched, "syscalls");
	size_t n = json_array_size(all);
	const json_t *rules = json_object_get(doc, "syscalls");
	ck_assert_uint_eq(json_array_size(rules), 2);
	ck_assert(json_equal(json_array_get(rules, 0), json_array_get(all, n - 2)));
	ck_assert(json_equal(json_array_get(rules, 1), json_array_get(all, n - 1)));

	/* Standard output gets the same bytes. */
	ck_assert_int_eq(run(RUN_PLAIN, END), 0);
	_cleanup_free_ char *text = slurp(frag, NULL);
	ck_assert_msg(strcmp(captured_out, text) == 0, "standard output differs from the file");

	/* And the fragment patched again stays as it is. */
	_cleanup_free_ char *again = in_out("again.json");
	ck_assert_int_eq(run(RUN_PLAIN, "--base", frag, "--output", again, END), 0);
	_cleanup_free_ char *text2 = slurp(again, NULL);
	ck_assert_msg(strcmp(text, text2) == 0, "patching the fragment changed it");
}
END_TEST

/* -b and -o are --base and --output; --name=value works too */
START_TEST(test_short_and_joined_options)
{
	_cleanup_free_ char *long_path = patch_default("long.json");
	_cleanup_free_ char *short_path = in_out("short.json");
	_cleanup_free_ char *joined_path = in_out("joined.json");
	ck_assert_int_eq(run(RUN_PLAIN, "-b", default_json(), "-o", short_path, END), 0);
	_cleanup_free_ char *base_opt = NULL, *output_opt = NULL;
	ck_assert_int_ge(asprintf(&base_opt, "--base=%s", default_json()), 0);
	ck_assert_int_ge(asprintf(&output_opt, "--output=%s", joined_path), 0);
	ck_assert_int_eq(run(RUN_PLAIN, base_opt, output_opt, END), 0);
	size_t n_long, n_short, n_joined;
	_cleanup_free_ char *a = slurp(long_path, &n_long);
	_cleanup_free_ char *b = slurp(short_path, &n_short);
	_cleanup_free_ char *c = slurp(joined_path, &n_joined);
	ck_assert(n_long > 0 && n_long == n_short && n_long == n_joined);
	ck_assert(memcmp(a, b, n_long) == 0 && memcmp(a, c, n_long) == 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("seccomp_profile");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_patch_keeps_everything_adds_one_rule_per_arch_group);
	tcase_add_test(tc, test_patch_twice_is_byte_identical);
	tcase_add_test(tc, test_patch_recognises_rule_with_other_comment);
	tcase_add_test(tc, test_oracles_without_filter);
	tcase_add_test(tc, test_original_profile_denies_boundary_clone);
	tcase_add_test(tc, test_patched_profile_allows_exactly_boundary_clone);
	tcase_add_test(tc, test_containerd_profile_patched_as_containerd_reads_it);
	tcase_add_test(tc, test_truncated_json_exits_2_with_position_and_writes_nothing);
	tcase_add_test(tc, test_wrong_shape_exits_2_naming_json_path);
	tcase_add_test(tc, test_bad_inputs_exit_2);
	tcase_add_test(tc, test_usage);
	tcase_add_test(tc, test_short_and_joined_options);
	tcase_add_test(tc, test_unwritable_output_dir_exits_3_and_keeps_old_file);
	tcase_add_test(tc, test_failed_rename_removes_temporary);
	tcase_add_test(tc, test_failed_write_keeps_old_file);
	tcase_add_test(tc, test_stdout_write_error_exits_3);
	tcase_add_test(tc, test_no_base_writes_fragment);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s BOUNDARY-PREFLIGHT\n", argv[0]);
		return 2;
	}
	program = argv[1];
	SRunner *sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
