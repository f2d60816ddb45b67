/* SPDX-License-Identifier: MIT */
/* src/arch.c against the real things: libseccomp's own architecture table,
 * moby's default seccomp profile (which argument its clone rule tests per
 * arch), uname(2), and clone(2) itself on the architecture we run on. */
#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "preflight/arch.h"

#define DOCKER_DEFAULT_JSON "/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json"

/* What libseccomp's seccomp.h calls each of ours, and how moby's profiles
 * name it in "arches" (Go's GOARCH). */
static const struct {
	enum pf_arch arch;
	uint32_t scmp;
	const char *goarch;
} expected[] = {
	{ PF_ARCH_X86_64, SCMP_ARCH_X86_64, "amd64" },
	{ PF_ARCH_AARCH64, SCMP_ARCH_AARCH64, "arm64" },
	{ PF_ARCH_S390X, SCMP_ARCH_S390X, "s390x" },
	{ PF_ARCH_S390, SCMP_ARCH_S390, "s390" },
	{ PF_ARCH_X86, SCMP_ARCH_X86, "386" },
	{ PF_ARCH_ARM, SCMP_ARCH_ARM, "arm" },
	{ PF_ARCH_PPC64LE, SCMP_ARCH_PPC64LE, "ppc64le" },
	{ PF_ARCH_RISCV64, SCMP_ARCH_RISCV64, "riscv64" },
};
#define N_EXPECTED ((int)(sizeof expected / sizeof expected[0]))

START_TEST(test_every_arch_listed)
{
	ck_assert_int_eq(N_EXPECTED, PF_ARCH_COUNT);
	for (int i = 0; i < N_EXPECTED; i++)
		ck_assert_int_eq(expected[i].arch, i);
}
END_TEST

/* The token, lowercased without SCMP_ARCH_, is libseccomp's name of the
 * same architecture: seccomp_arch_resolve_name gives its constant. */
START_TEST(test_token_is_libseccomps)
{
	const int i = _i;
	const char *token = pf_arch_seccomp_token(expected[i].arch);
	ck_assert_ptr_nonnull(token);
	ck_assert_msg(!strncmp(token, "SCMP_ARCH_", 10), "%s", token);
	char lower[32];
	size_t n = 0;
	for (const char *p = token + 10; *p && n + 1 < sizeof lower; p++)
		lower[n++] = (char)tolower((unsigned char)*p);
	lower[n] = '\0';
	ck_assert_msg(seccomp_arch_resolve_name(lower) == expected[i].scmp,
		      "%s: libseccomp resolves '%s' to %#x, expected %#x", pf_arch_name(expected[i].arch), lower,
		      seccomp_arch_resolve_name(lower), expected[i].scmp);
}
END_TEST

START_TEST(test_names_round_trip)
{
	for (int i = 0; i < PF_ARCH_COUNT; i++)
		ck_assert_int_eq(pf_arch_from_name(pf_arch_name((enum pf_arch)i)), i);
	ck_assert_int_eq(pf_arch_from_name("i386"), PF_ARCH_X86);
	ck_assert_int_eq(pf_arch_from_name("i586"), PF_ARCH_X86);
	ck_assert_int_eq(pf_arch_from_name("armv6l"), PF_ARCH_ARM);
	ck_assert_int_eq(pf_arch_from_name("armv8l"), PF_ARCH_ARM);
	ck_assert_int_eq(pf_arch_from_name("arm64"), PF_ARCH_UNKNOWN); /* Go's, not uname's */
	ck_assert_int_eq(pf_arch_from_name("armv7b"), PF_ARCH_UNKNOWN);
	ck_assert_int_eq(pf_arch_from_name("mips"), PF_ARCH_UNKNOWN);
	ck_assert_int_eq(pf_arch_from_name(""), PF_ARCH_UNKNOWN);
	ck_assert_int_eq(pf_arch_from_name(NULL), PF_ARCH_UNKNOWN);
	ck_assert_str_eq(pf_arch_name(PF_ARCH_UNKNOWN), "unknown");
	ck_assert_str_eq(pf_arch_name((enum pf_arch) - 1), "unknown");
	ck_assert_ptr_null(pf_arch_seccomp_token(PF_ARCH_UNKNOWN));
	ck_assert_int_eq(pf_clone_flags_arg(PF_ARCH_UNKNOWN), 0);
}
END_TEST

/* The three the product ships for or meets most, spelled out. */
START_TEST(test_table_values)
{
	ck_assert_str_eq(pf_arch_name(PF_ARCH_X86_64), "x86_64");
	ck_assert_str_eq(pf_arch_name(PF_ARCH_AARCH64), "aarch64");
	ck_assert_str_eq(pf_arch_name(PF_ARCH_S390X), "s390x");
	ck_assert_str_eq(pf_arch_seccomp_token(PF_ARCH_X86_64), "SCMP_ARCH_X86_64");
	ck_assert_str_eq(pf_arch_seccomp_token(PF_ARCH_AARCH64), "SCMP_ARCH_AARCH64");
	ck_assert_str_eq(pf_arch_seccomp_token(PF_ARCH_S390X), "SCMP_ARCH_S390X");
	ck_assert_uint_eq(pf_clone_flags_arg(PF_ARCH_X86_64), 0);
	ck_assert_uint_eq(pf_clone_flags_arg(PF_ARCH_AARCH64), 0);
	ck_assert_uint_eq(pf_clone_flags_arg(PF_ARCH_S390X), 1);
	ck_assert_uint_eq(pf_clone_flags_arg(PF_ARCH_S390), 1);
}
END_TEST

/* The compile-time architecture is the one we run as: libseccomp's native
 * arch (compiled into the same binary) and uname's machine (qemu-user
 * reports the emulated one). */
START_TEST(test_current)
{
	enum pf_arch a = pf_arch_current();
	ck_assert_int_ne(a, PF_ARCH_UNKNOWN);
	struct utsname u;
	ck_assert_int_eq(uname(&u), 0);
	ck_assert_str_eq(pf_arch_name(a), u.machine);
	int i;
	for (i = 0; i < N_EXPECTED && expected[i].arch != a; i++)
		;
	ck_assert_int_lt(i, N_EXPECTED);
	ck_assert_uint_eq(seccomp_arch_native(), expected[i].scmp);
}
END_TEST

static bool has_string(const json_t *list, const char *s)
{
	size_t i;
	const json_t *v;
	json_array_foreach(list, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), s)) return true;
	return false;
}

/* moby's default profile allows clone for a container without
 * CAP_SYS_ADMIN by a masked test on the flags argument, with one rule per
 * argument order: the index of the rule that applies to an arch is where
 * that arch's kernel reads the flags. */
START_TEST(test_clone_arg_matches_docker_profile)
{
	const int i = _i;
	const char *path = getenv("PF_DOCKER_DEFAULT_JSON");
	if (!path || !*path)
		path = DOCKER_DEFAULT_JSON;
	json_error_t err;
	json_t *profile = json_load_file(path, 0, &err);
	ck_assert_msg(profile, "Docker's default.json at %s: %s (package golang-github-docker-docker-dev)", path,
		      err.text);
	const char *goarch = expected[i].goarch;
	int found = 0;
	long index = -1;
	size_t k;
	const json_t *rule;
	json_array_foreach(json_object_get(profile, "syscalls"), k, rule)
	{
		const json_t *args = json_object_get(rule, "args");
		if (!has_string(json_object_get(rule, "names"), "clone") || json_array_size(args) != 1)
			continue;
		const json_t *inc = json_object_get(json_object_get(rule, "includes"), "arches");
		const json_t *exc = json_object_get(json_object_get(rule, "excludes"), "arches");
		if (json_array_size(inc) > 0 && !has_string(inc, goarch))
			continue;
		if (has_string(exc, goarch))
			continue;
		found++;
		index = (long)json_integer_value(json_object_get(json_array_get(args, 0), "index"));
	}
	json_decref(profile);
	ck_assert_msg(found == 1, "%d clone rules with an argument apply to %s in %s", found, goarch, path);
	ck_assert_int_eq(index, (long)pf_clone_flags_arg(expected[i].arch));
}
END_TEST

/* clone(2) on this machine with an invalid flag pair (CLONE_NEWUSER with
 * CLONE_FS: kernel/fork.c copy_process answers EINVAL before creating
 * anything) passed in the argument the table names. Had the table named the
 * wrong argument, the flags word would be 0 and the call a plain fork. */
START_TEST(test_clone_arg_live)
{
	unsigned long args[5] = { 0 };
	args[pf_clone_flags_arg(pf_arch_current())] = CLONE_NEWUSER | CLONE_FS | SIGCHLD;
	errno = 0;
	long r = syscall(SYS_clone, args[0], args[1], args[2], args[3], args[4]);
	int e = errno;
	if (r == 0)
		_exit(0);
	if (r > 0)
		waitpid((pid_t)r, NULL, 0);
	ck_assert_msg(r == -1 && e == EINVAL, "clone returned %ld (errno %d), expected EINVAL", r, e);
}
END_TEST

/* The argument vectors for x86_64, aarch64 and s390x: the flags word in
 * argument 0, 0 and 1, every other argument 0 (clone(2), NOTES). */
START_TEST(test_clone_args_per_arch)
{
	static const struct {
		enum pf_arch arch;
		unsigned long want[5];
	} cases[] = {
		{ PF_ARCH_X86_64, { 0x30000011UL, 0, 0, 0, 0 } },
		{ PF_ARCH_AARCH64, { 0x30000011UL, 0, 0, 0, 0 } },
		{ PF_ARCH_S390X, { 0, 0x30000011UL, 0, 0, 0 } },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned long got[5] = { 7, 7, 7, 7, 7 };
		pf_clone_args(cases[i].arch, 0x30000011UL, got);
		for (int k = 0; k < 5; k++)
			ck_assert_msg(got[k] == cases[i].want[k], "%s: argument %d is %#lx, expected %#lx",
				      pf_arch_name(cases[i].arch), k, got[k], cases[i].want[k]);
	}
}
END_TEST

/* pf_raw_clone with an invalid pair answers EINVAL here: the flags reached
 * the kernel as flags (a misplaced word would make it a plain fork). */
START_TEST(test_raw_clone_live)
{
	errno = 0;
	long r = pf_raw_clone(CLONE_NEWUSER | CLONE_FS | SIGCHLD);
	int e = errno;
	if (r == 0)
		_exit(0);
	if (r > 0)
		waitpid((pid_t)r, NULL, 0);
	ck_assert_msg(r == -1 && e == EINVAL, "pf_raw_clone returned %ld (errno %d), expected EINVAL", r, e);
}
END_TEST

static Suite *arch_suite(void)
{
	Suite *s = suite_create("arch");
	TCase *tc = tcase_create("tables");
	tcase_add_test(tc, test_every_arch_listed);
	tcase_add_loop_test(tc, test_token_is_libseccomps, 0, N_EXPECTED);
	tcase_add_test(tc, test_names_round_trip);
	tcase_add_test(tc, test_table_values);
	tcase_add_test(tc, test_current);
	/* x86_64, aarch64, s390x, s390: the arches moby's profile names */
	tcase_add_loop_test(tc, test_clone_arg_matches_docker_profile, 0, 4);
	tcase_add_test(tc, test_clone_arg_live);
	tcase_add_test(tc, test_clone_args_per_arch);
	tcase_add_test(tc, test_raw_clone_live);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(arch_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
