/* SPDX-License-Identifier: MIT */
/* Docker-format profile -> libseccomp filter, for the semantic tests. The
 * mapping follows what the engine does with the file: arch and capability
 * conditions are decided here, once, and each remaining rule becomes one
 * libseccomp rule per syscall name (args ANDed; args that repeat an index
 * become one rule each, i.e. ORed, as Docker does). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <seccomp.h>

#include "docker_filter.h"

/* Record a message in err (len bytes) and evaluate to -1. */
#define FAIL(err, len, ...) (snprintf((err), (len), __VA_ARGS__), -1)

const char *docker_native_arch(void)
{
	switch (seccomp_arch_native()) {
	case SCMP_ARCH_X86_64: return "amd64";
	case SCMP_ARCH_X86: return "x86";
	case SCMP_ARCH_X32: return "x32";
	case SCMP_ARCH_ARM: return "arm";
	case SCMP_ARCH_AARCH64: return "arm64";
	case SCMP_ARCH_PPC64LE: return "ppc64le";
	case SCMP_ARCH_PPC64: return "ppc64";
	case SCMP_ARCH_S390: return "s390";
	case SCMP_ARCH_S390X: return "s390x";
	case SCMP_ARCH_MIPS64: return "mips64";
	case SCMP_ARCH_MIPSEL64: return "mipsel64";
	case SCMP_ARCH_RISCV64: return "riscv64";
	default: return "unknown";
	}
}

static bool list_has(const json_t *filter, const char *key, const char *want)
{
	size_t i;
	const json_t *item;
	json_array_foreach(json_object_get(filter, key), i,
			   item) if (want && strcmp(json_string_value(item), want) == 0) return true;
	return false;
}

static size_t list_size(const json_t *filter, const char *key)
{
	return json_array_size(json_object_get(filter, key));
}

static int parse_action(const char *name, const json_t *errno_ret, uint32_t *action)
{
	int err = errno_ret ? (int)json_integer_value(errno_ret) : EPERM;
	if (!name)
		return -1;
	if (strcmp(name, "SCMP_ACT_ALLOW") == 0)
		*action = SCMP_ACT_ALLOW;
	else if (strcmp(name, "SCMP_ACT_ERRNO") == 0)
		*action = SCMP_ACT_ERRNO(err);
	else if (strcmp(name, "SCMP_ACT_KILL") == 0 || strcmp(name, "SCMP_ACT_KILL_THREAD") == 0)
		*action = SCMP_ACT_KILL_THREAD;
	else if (strcmp(name, "SCMP_ACT_KILL_PROCESS") == 0)
		*action = SCMP_ACT_KILL_PROCESS;
	else if (strcmp(name, "SCMP_ACT_TRAP") == 0)
		*action = SCMP_ACT_TRAP;
	else if (strcmp(name, "SCMP_ACT_LOG") == 0)
		*action = SCMP_ACT_LOG;
	else
		return -1;
	return 0;
}

static int parse_op(const char *name, enum scmp_compare *op)
{
	static const struct {
		const char *name;
		enum scmp_compare op;
	} ops[] = {
		{ "SCMP_CMP_NE", SCMP_CMP_NE },
		{ "SCMP_CMP_LT", SCMP_CMP_LT },
		{ "SCMP_CMP_LE", SCMP_CMP_LE },
		{ "SCMP_CMP_EQ", SCMP_CMP_EQ },
		{ "SCMP_CMP_GE", SCMP_CMP_GE },
		{ "SCMP_CMP_GT", SCMP_CMP_GT },
		{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
	};
	for (size_t i = 0; name && i < sizeof ops / sizeof ops[0]; i++) {
		if (strcmp(name, ops[i].name) == 0) {
			*op = ops[i].op;
			return 0;
		}
	}
	return -1;
}

/* Is the rule in force for this arch, with no capability held? */
static bool rule_applies(const json_t *rule, const char *arch)
{
	const json_t *inc = json_object_get(rule, "includes");
	const json_t *exc = json_object_get(rule, "excludes");
	if (list_size(inc, "caps") > 0)
		return false;
	if (list_size(inc, "arches") > 0 && !list_has(inc, "arches", arch))
		return false;
	if (list_has(exc, "arches", arch))
		return false;
	return true;
}

static int add_for_names(scmp_filter_ctx ctx, const json_t *rule, uint32_t action, unsigned n,
			 const struct scmp_arg_cmp *conds, char *err, size_t len)
{
	const json_t *names = json_object_get(rule, "names");
	const json_t *one = json_object_get(rule, "name");
	size_t count = names ? json_array_size(names) : 1;
	for (size_t i = 0; i < count; i++) {
		const char *name = json_string_value(names ? json_array_get(names, i) : one);
		if (!name)
			return FAIL(err, len, "rule without a syscall name");
		int nr = seccomp_syscall_resolve_name(name);
		if (nr == __NR_SCMP_ERROR)
			continue; /* unknown to libseccomp: the engines skip it too */
		int r = seccomp_rule_add_array(ctx, action, nr, n, conds);
		/* Negative numbers are syscalls this arch does not have. */
		if (r < 0 && nr >= 0)
			return FAIL(err, len, "seccomp_rule_add %s: %s", name, strerror(-r));
	}
	return 0;
}

static int add_rule(scmp_filter_ctx ctx, const json_t *rule, uint32_t default_action, char *err, size_t len)
{
	uint32_t action;
	const char *action_name = json_string_value(json_object_get(rule, "action"));
	if (parse_action(action_name, json_object_get(rule, "errnoRet"), &action) < 0)
		return FAIL(err, len, "unsupported action %s", action_name ? action_name : "(none)");
	if (action == default_action)
		return 0; /* redundant, and libseccomp refuses it */

	struct scmp_arg_cmp conds[6];
	unsigned n = 0;
	bool repeated_index = false;
	size_t i;
	const json_t *arg;
	const json_t *args = json_object_get(rule, "args");
	if (json_array_size(args) > 6)
		return FAIL(err, len, "more than 6 args");
	json_array_foreach(args, i, arg)
	{
		enum scmp_compare op;
		const char *op_name = json_string_value(json_object_get(arg, "op"));
		if (parse_op(op_name, &op) < 0)
			return FAIL(err, len, "unsupported op %s", op_name ? op_name : "(none)");
		conds[n] = (struct scmp_arg_cmp){
			.arg = (unsigned)json_integer_value(json_object_get(arg, "index")),
			.op = op,
			.datum_a = (scmp_datum_t)json_integer_value(json_object_get(arg, "value")),
			.datum_b = (scmp_datum_t)json_integer_value(json_object_get(arg, "valueTwo")),
		};
		for (unsigned k = 0; k < n; k++)
			if (conds[k].arg == conds[n].arg)
				repeated_index = true;
		n++;
	}
	if (!repeated_index)
		return add_for_names(ctx, rule, action, n, conds, err, len);
	for (unsigned k = 0; k < n; k++)
		if (add_for_names(ctx, rule, action, 1, &conds[k], err, len) < 0)
			return -1;
	return 0;
}

int docker_filter_load(const char *profile_path, char *err, size_t err_len)
{
	json_error_t jerr;
	json_t *profile = json_load_file(profile_path, JSON_REJECT_DUPLICATES, &jerr);
	if (!profile)
		return FAIL(err, err_len, "%s:%d:%d: %s", profile_path, jerr.line, jerr.column, jerr.text);

	int rc = -1;
	scmp_filter_ctx ctx = NULL;
	uint32_t default_action;
	const char *default_name = json_string_value(json_object_get(profile, "defaultAction"));
	if (parse_action(default_name, json_object_get(profile, "defaultErrnoRet"), &default_action) < 0) {
		rc = FAIL(err, err_len, "%s: unsupported defaultAction", profile_path);
		goto out;
	}
	ctx = seccomp_init(default_action);
	if (!ctx) {
		rc = FAIL(err, err_len, "seccomp_init failed");
		goto out;
	}

	const char *arch = docker_native_arch();
	size_t i;
	const json_t *rule;
	json_array_foreach(json_object_get(profile, "syscalls"), i, rule)
	{
		if (!rule_applies(rule, arch))
			continue;
		if (add_rule(ctx, rule, default_action, err, err_len) < 0)
			goto out;
	}
	int r = seccomp_load(ctx);
	if (r < 0) {
		rc = FAIL(err, err_len, "seccomp_load: %s", strerror(-r));
		goto out;
	}
	rc = 0;
out:
	if (ctx)
		seccomp_release(ctx);
	json_decref(profile);
	return rc;
}
