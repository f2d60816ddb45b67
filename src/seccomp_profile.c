/* SPDX-License-Identifier: MIT */
/* `boundary-preflight seccomp-profile`: patch a Docker-format seccomp
 * profile so that boundary's clone(CLONE_NEWUSER|CLONE_NEWNET) passes
 * without CAP_SYS_ADMIN.
 *
 * Docker's default profile allows clone only when no namespace flag is set
 * (flags & 0x7E020000 == 0) unless the container holds CAP_SYS_ADMIN
 * (docs/facts.md section 2); boundary issues clone(2), not unshare or clone3,
 * with CLONE_NEWUSER|CLONE_NEWNET (docs/facts.md section 1). So we add one rule:
 * allow clone when flags & (0x7E020000 & ~(NEWUSER|NEWNET)) == 0, on every
 * arch but s390/s390x, plus its twin on argument 1 for those (clone's
 * argument order differs there, as Docker's own rule knows). Nothing else
 * changes: no other syscall, no default action, every other key and rule
 * kept in order. The output is indented with 4 spaces (jansson cannot
 * reproduce the tabs of Docker's file), so patching twice is byte-stable. */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "preflight/cleanup.h"
#include "preflight/error.h"
#include "preflight/output.h"
#include "preflight/seccomp_profile.h"
#include "preflight/util.h"

#define PROG "boundary-preflight"

#define DUMP_FLAGS (JSON_INDENT(4) | JSON_PRESERVE_ORDER)

#define RULE_COMMENT \
	"Added by boundary-preflight for boundary's nsjail jail: allows " \
	"clone(2) with CLONE_NEWUSER and/or CLONE_NEWNET and no other " \
	"namespace flag (flags & 0x2E020000 == 0). boundary starts its " \
	"jail with clone(CLONE_NEWUSER|CLONE_NEWNET), which Docker's " \
	"default rule (flags & 0x7E020000 == 0) denies without " \
	"CAP_SYS_ADMIN."
#define RULE_COMMENT_S390 RULE_COMMENT " s390 passes clone's flags in argument 1."

#define FRAGMENT_COMMENT \
	"Fragment written by boundary-preflight, not a complete profile: " \
	"append these rules to the \"syscalls\" of the engine's default " \
	"seccomp profile (or run: boundary-preflight seccomp-profile " \
	"--base default.json --output FILE)."

_Static_assert(PF_BOUNDARY_CLONE_MASK == 0x2E020000UL, "the comment above names the mask");

/* One clone rule on argument flags_arg, in Docker's key order; for
 * SCMP_CMP_MASKED_EQ "value" is the mask and "valueTwo" the value the masked
 * argument must equal. Docker-format (oci false): limited to s390/s390x
 * (s390) or to every other arch by "includes"/"excludes". OCI-format (oci
 * true): no such keys, for an engine that drops them. */
static json_t *clone_rule(json_int_t flags_arg, bool s390, bool oci)
{
	json_t *rule = json_pack("{s:[s], s:s, s:[{s:I, s:I, s:I, s:s}], s:s}", "names", "clone", "action",
				 "SCMP_ACT_ALLOW", "args", "index", flags_arg, "value",
				 (json_int_t)PF_BOUNDARY_CLONE_MASK, "valueTwo", (json_int_t)0, "op",
				 "SCMP_CMP_MASKED_EQ", "comment", s390 ? RULE_COMMENT_S390 : RULE_COMMENT);
	if (!rule || oci)
		return rule;

	json_t *arches = json_pack("{s:[s,s]}", "arches", "s390", "s390x");
	json_t *none = json_object();
	if (!arches || !none) {
		json_decref(arches);
		json_decref(none);
		json_decref(rule);
		return NULL;
	}
	/* set_new takes each reference, also when it fails */
	int bad = json_object_set_new(rule, "includes", s390 ? arches : none);
	bad |= json_object_set_new(rule, "excludes", s390 ? none : arches);
	if (bad) {
		json_decref(rule);
		return NULL;
	}
	return rule;
}

json_t *pf_seccomp_boundary_rules(void)
{
	return json_pack("[o, o]", clone_rule(0, false, false), clone_rule(1, true, false));
}

/* The rules for this profile. A Docker-format profile (with "archMap", or
 * without any architecture list) gets both arch-limited rules. An
 * OCI-format one (a LinuxSeccomp: "architectures" and no "archMap", as
 * containerd's and CRI-O's loaders read it) carries no "includes" or
 * "excludes", and those loaders drop them: the s390 rule on argument 1
 * would then apply on every arch and allow clone with any namespace flag
 * whenever the child stack pointer has the mask's bits clear. So such a
 * profile gets only the rule for its architectures' clone argument order,
 * and one listing s390 with other arches is refused. */
static json_t *rules_for(const json_t *profile, struct pf_error *e)
{
	const json_t *arches = json_object_get(profile, "architectures");
	json_t *rules;
	if (json_object_get(profile, "archMap") || !json_is_array(arches) || json_array_size(arches) == 0) {
		rules = pf_seccomp_boundary_rules();
		if (!rules)
			pf_error_set(e, ENOMEM, "building the clone rules");
		return rules;
	}

	bool s390 = false, other = false;
	size_t i;
	const json_t *arch;
	json_array_foreach(arches, i, arch)
	{
		const char *name = json_string_value(arch);
		if (strcmp(name, "SCMP_ARCH_S390") == 0 || strcmp(name, "SCMP_ARCH_S390X") == 0)
			s390 = true;
		else
			other = true;
	}
	if (s390 && other) {
		pf_error_set(e, 0,
			     "architectures: lists s390 with other architectures, and a profile without "
			     "\"archMap\" cannot limit a rule to some of them (clone's flags are argument 1 "
			     "on s390, 0 elsewhere); split it per architecture");
		return NULL;
	}
	rules = json_pack("[o]", clone_rule(s390 ? 1 : 0, s390, true));
	if (!rules)
		pf_error_set(e, ENOMEM, "building the clone rules");
	return rules;
}

/* ---- shape check: the keys a Docker profile gives meaning to ---- */

/* JSON paths in messages, e.g. "syscalls[3].args[0].op". */
#define PATH_LEN 192

/* Print a path into buf (PATH_LEN bytes), marking a cut one with "...". */
static const char *path_printf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *path_printf(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, PATH_LEN, fmt, ap);
	va_end(ap);
	if (n >= PATH_LEN)
		memcpy(buf + PATH_LEN - 4, "...", 4);
	return buf;
}

/* The path of key inside base; the top level has no leading dot. */
static const char *join(char *buf, const char *base, const char *key)
{
	return path_printf(buf, "%s%s%s", base, *base ? "." : "", key);
}

static int check_strings(const json_t *v, const char *path, struct pf_error *e)
{
	if (!json_is_array(v))
		return pf_error_set(e, 0, "%s: expected array", path);
	size_t i;
	const json_t *item;
	json_array_foreach(v, i, item) if (!json_is_string(item)) return pf_error_set(e, 0, "%s[%zu]: expected string",
										      path, i);
	return 0;
}

/* When obj has key, its value must pass test; else fail naming its path.
 * Expects `base` (the path of obj) and `e` in scope. */
#define OPTIONAL(obj, key, test, what) \
	do { \
		const json_t *v_ = json_object_get((obj), (key)); \
		if (v_ && !test(v_)) { \
			char p_[PATH_LEN]; \
			return pf_error_set(e, 0, "%s: expected %s", join(p_, base, (key)), (what)); \
		} \
	} while (0)

#define REQUIRED(obj, key) \
	do { \
		if (!json_object_get((obj), (key))) \
			return pf_error_set(e, 0, "%s: missing \"%s\"", *base ? base : "profile", (key)); \
	} while (0)

static int check_filter(const json_t *filter, const char *base, struct pf_error *e)
{
	char path[PATH_LEN];
	if (!json_is_object(filter))
		return pf_error_set(e, 0, "%s: expected object", base);
	static const char *const lists[] = { "arches", "caps" };
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		const json_t *v = json_object_get(filter, lists[i]);
		if (v && !json_is_null(v) && check_strings(v, join(path, base, lists[i]), e) < 0)
			return -1;
	}
	OPTIONAL(filter, "minKernel", json_is_string, "string");
	return 0;
}

static int check_arg(const json_t *arg, const char *base, struct pf_error *e)
{
	if (!json_is_object(arg))
		return pf_error_set(e, 0, "%s: expected object", base);
	REQUIRED(arg, "index");
	const json_t *index = json_object_get(arg, "index");
	if (!json_is_integer(index) || json_integer_value(index) < 0 || json_integer_value(index) > 5)
		return pf_error_set(e, 0, "%s.index: expected integer 0 to 5", base);
	OPTIONAL(arg, "value", json_is_integer, "integer");
	OPTIONAL(arg, "valueTwo", json_is_integer, "integer");
	REQUIRED(arg, "op");
	OPTIONAL(arg, "op", json_is_string, "string");
	return 0;
}

static int check_rule(const json_t *rule, const char *base, struct pf_error *e)
{
	char path[PATH_LEN];
	if (!json_is_object(rule))
		return pf_error_set(e, 0, "%s: expected object", base);

	/* "name" is the one-syscall form of older profiles. */
	const json_t *names = json_object_get(rule, "names");
	if (!json_object_get(rule, "name"))
		REQUIRED(rule, "names");
	if (names && check_strings(names, join(path, base, "names"), e) < 0)
		return -1;
	OPTIONAL(rule, "name", json_is_string, "string");

	REQUIRED(rule, "action");
	OPTIONAL(rule, "action", json_is_string, "string");
	OPTIONAL(rule, "errnoRet", json_is_integer, "integer");
	OPTIONAL(rule, "comment", json_is_string, "string");

	/* Docker's own file has "args": null. */
	const json_t *args = json_object_get(rule, "args");
	if (args && !json_is_null(args)) {
		if (!json_is_array(args))
			return pf_error_set(e, 0, "%s: expected array", join(path, base, "args"));
		size_t i;
		const json_t *arg;
		json_array_foreach(args, i, arg)
		{
			path_printf(path, "%s.args[%zu]", base, i);
			if (check_arg(arg, path, e) < 0)
				return -1;
		}
	}

	static const char *const filters[] = { "includes", "excludes" };
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
		const json_t *v = json_object_get(rule, filters[i]);
		if (v && check_filter(v, join(path, base, filters[i]), e) < 0)
			return -1;
	}
	return 0;
}

int pf_seccomp_profile_check(const json_t *profile, struct pf_error *e)
{
	if (!json_is_object(profile))
		return pf_error_set(e, 0,
				    "expected a JSON object at the top level "
				    "(a Docker seccomp profile)");

	const char *base = "";
	OPTIONAL(profile, "defaultAction", json_is_string, "string");
	OPTIONAL(profile, "defaultErrnoRet", json_is_integer, "integer");
	OPTIONAL(profile, "archMap", json_is_array, "array");
	OPTIONAL(profile, "syscalls", json_is_array, "array");
	const json_t *arches = json_object_get(profile, "architectures");
	if (arches && !json_is_null(arches) && check_strings(arches, "architectures", e) < 0)
		return -1;

	char path[PATH_LEN];
	size_t i;
	const json_t *rule;
	json_array_foreach(json_object_get(profile, "syscalls"), i, rule)
	{
		path_printf(path, "syscalls[%zu]", i);
		if (check_rule(rule, path, e) < 0)
			return -1;
	}
	return 0;
}

/* ---- patch ---- */

/* Two rules are the same rule when everything but the comment is equal:
 * the comment explains, it does not filter. */
static bool same_rule(const json_t *a, const json_t *b)
{
	if (!json_is_object(a) || !json_is_object(b))
		return false;
	size_t keys_a = json_object_size(a) - (json_object_get(a, "comment") ? 1 : 0);
	size_t keys_b = json_object_size(b) - (json_object_get(b, "comment") ? 1 : 0);
	if (keys_a != keys_b)
		return false;
	const char *key;
	const json_t *value;
	json_object_foreach((json_t *)a, key, value)
	{
		if (strcmp(key, "comment") == 0)
			continue;
		if (!json_equal(value, json_object_get(b, key)))
			return false;
	}
	return true;
}

static bool holds_rule(const json_t *rules, const json_t *rule)
{
	size_t i;
	const json_t *have;
	json_array_foreach(rules, i, have) if (same_rule(have, rule)) return true;
	return false;
}

int pf_seccomp_profile_patch(json_t *profile, struct pf_error *e)
{
	if (pf_seccomp_profile_check(profile, e) < 0)
		return -1;

	json_auto_t *wanted = rules_for(profile, e);
	if (!wanted)
		return -1;

	json_t *rules = json_object_get(profile, "syscalls");
	if (!rules) {
		if (json_object_set_new(profile, "syscalls", json_array()) < 0)
			return pf_error_set(e, ENOMEM, "adding \"syscalls\"");
		rules = json_object_get(profile, "syscalls");
	}

	int added = 0;
	size_t i;
	json_t *rule;
	json_array_foreach(wanted, i, rule)
	{
		if (holds_rule(rules, rule))
			continue;
		if (json_array_append(rules, rule) < 0)
			return pf_error_set(e, ENOMEM, "appending a rule");
		added++;
	}
	return added;
}

/* ---- files ---- */

/* Read at most PF_SECCOMP_PROFILE_MAX_BYTES of path and parse it. */
static int load_profile(const char *path, json_t **out, struct pf_error *e)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return pf_error_set(e, errno, "%s: cannot open", path);
	struct stat st;
	if (fstat(fd, &st) < 0)
		return pf_error_set(e, errno, "%s: cannot stat", path);
	if (S_ISDIR(st.st_mode))
		return pf_error_set(e, EISDIR, "%s", path);

	/* One byte more than the limit tells "too large" from "exactly full",
	 * for pipes too, where st_size says nothing. */
	const size_t cap = PF_SECCOMP_PROFILE_MAX_BYTES + 1;
	_cleanup_free_ char *buf = malloc(cap);
	if (!buf)
		return pf_error_set(e, ENOMEM, "%s", path);
	size_t len = 0;
	while (len < cap) {
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return pf_error_set(e, errno, "%s: cannot read", path);
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > PF_SECCOMP_PROFILE_MAX_BYTES)
		return pf_error_set(e, 0, "%s: larger than %u MiB, not a seccomp profile", path,
				    PF_SECCOMP_PROFILE_MAX_BYTES >> 20);

	/* Duplicate keys would silently lose a rule set on rewrite. */
	json_error_t jerr;
	json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return pf_error_set(e, 0, "%s:%d:%d: malformed JSON: %s", path, jerr.line, jerr.column, jerr.text);
	*out = root;
	return 0;
}

static int write_stdout(const char *text, size_t len, struct pf_error *e)
{
	int r = pf_write_all(STDOUT_FILENO, text, len);
	if (r < 0)
		return pf_error_set(e, -r, "cannot write to standard output");
	return 0;
}

/* ---- the subcommand, once main.c has parsed its options ---- */

enum pf_seccomp_profile_status pf_seccomp_profile_write(const char *base, const char *output)
{
	struct pf_error e = { 0 };
	json_auto_t *profile = NULL;
	if (base) {
		if (load_profile(base, &profile, &e) < 0) {
			fprintf(stderr, PROG ": %s\n", e.msg);
			return PF_SECCOMP_PROFILE_BAD_INPUT;
		}
	} else {
		profile = json_pack("{s:s}", "comment", FRAGMENT_COMMENT);
		if (!profile) {
			fprintf(stderr, PROG ": out of memory\n");
			return PF_SECCOMP_PROFILE_NOT_WRITTEN;
		}
	}

	int added = pf_seccomp_profile_patch(profile, &e);
	if (added < 0) {
		if (e.err == ENOMEM) {
			fprintf(stderr, PROG ": %s\n", e.msg);
			return PF_SECCOMP_PROFILE_NOT_WRITTEN;
		}
		fprintf(stderr, PROG ": %s: %s\n", base ? base : "(built-in)", e.msg);
		return PF_SECCOMP_PROFILE_BAD_INPUT;
	}

	_cleanup_free_ char *text = json_dumps(profile, DUMP_FLAGS);
	if (!text) {
		fprintf(stderr, PROG ": out of memory\n");
		return PF_SECCOMP_PROFILE_NOT_WRITTEN;
	}
	_cleanup_free_ char *line = NULL;
	int len = asprintf(&line, "%s\n", text);
	if (len < 0) {
		fprintf(stderr, PROG ": out of memory\n");
		return PF_SECCOMP_PROFILE_NOT_WRITTEN;
	}

	int r = output ? pf_write_file_atomic(output, line, (size_t)len, &e) : write_stdout(line, (size_t)len, &e);
	if (r < 0) {
		fprintf(stderr, PROG ": %s\n", e.msg);
		return PF_SECCOMP_PROFILE_NOT_WRITTEN;
	}

	const char *where = output ? output : "standard output";
	if (!base)
		fprintf(stderr,
			PROG
			": wrote a fragment to %s, not a complete profile: "
			"merge its \"syscalls\" into the engine's default profile, or "
			"use --base default.json\n",
			where);
	else if (added == 0)
		fprintf(stderr,
			PROG
			": %s already allows boundary's clone; "
			"wrote it unchanged to %s\n",
			base, where);
	else if (!json_object_get(profile, "defaultAction"))
		fprintf(stderr,
			PROG
			": %s has no \"defaultAction\": %s is a "
			"fragment, not a complete profile\n",
			base, where);
	else if (output)
		fprintf(stderr,
			PROG
			": wrote %s; use it with: docker run "
			"--cap-add=NET_ADMIN --security-opt seccomp=%s ...\n",
			output, output);
	return PF_SECCOMP_PROFILE_WRITTEN;
}
