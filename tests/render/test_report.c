/* SPDX-License-Identifier: MIT */
/* Report model, JSON writer and reader, text renderer. The report is built
 * from synthetic facts and a hand-made verdict (sample_report.c), so these
 * tests do not depend on the probes or on pf_decide. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pf_config.h"
#include "preflight/report.h"
#include "sample_report.h"

static struct pf_facts facts;
static struct pf_verdict verdict;

static void build(struct pf_report *r, bool host, bool redact)
{
	struct pf_options opts = { .jail = PF_JAIL_NSJAIL, .user_namespace = true, .redact = redact };
	struct pf_error e = { 0 };
	if (host)
		sample_host(&facts, &verdict);
	else
		sample_docker(&facts, &verdict);
	ck_assert_int_eq(pf_report_build(r, &facts, &verdict, &opts, 4.2, &e), 0);
}

static char *render_json(bool host, bool redact)
{
	struct pf_report r;
	build(&r, host, redact);
	char *text = pf_render_json(&r);
	pf_report_free(&r);
	ck_assert_ptr_nonnull(text);
	return text;
}

/* A file in a fresh temporary directory; the caller unlinks it. */
static char *write_temp(const char *content, size_t len)
{
	char *path = strdup("/tmp/pf-render-test-XXXXXX.json");
	ck_assert_ptr_nonnull(path);
	int fd = mkstemps(path, 5);
	ck_assert_int_ge(fd, 0);
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, content + done, len - done);
		ck_assert_int_gt(n, 0);
		done += (size_t)n;
	}
	close(fd);
	return path;
}

/* Read path back as a report; return the error message ("" on success). */
static const char *read_error(const char *path, struct pf_error *e)
{
	struct pf_report r;
	memset(e, 0, sizeof *e);
	int rc = pf_report_from_file(path, &r, e);
	if (rc == 0) {
		pf_report_free(&r);
		return "";
	}
	ck_assert_int_eq(rc, -1);
	/* a failed read leaves nothing behind */
	ck_assert_ptr_null(r.tool_name);
	ck_assert_ptr_null(r.probes);
	return e->msg;
}

/* The sample report with one change made through jansson. */
static char *mutated(void (*change)(json_t *root))
{
	char *text = render_json(false, false);
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	free(text);
	ck_assert_ptr_nonnull(root);
	change(root);
	char *out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	ck_assert_ptr_nonnull(out);
	return out;
}

static void expect_error(const char *content, const char *expected_after_path)
{
	char *path = write_temp(content, strlen(content));
	struct pf_error e;
	const char *msg = read_error(path, &e);
	char expected[600];
	snprintf(expected, sizeof expected, "%s: %s", path, expected_after_path);
	ck_assert_str_eq(msg, expected);
	unlink(path);
	free(path);
}

/* ---- JSON ---- */

START_TEST(json_round_trip_is_byte_identical)
{
	char *first = render_json(false, false);
	char *path = write_temp(first, strlen(first));

	struct pf_report r;
	struct pf_error e = { 0 };
	ck_assert_msg(pf_report_from_file(path, &r, &e) == 0, "%s", e.msg);
	char *second = pf_render_json(&r);
	ck_assert_ptr_nonnull(second);
	ck_assert_str_eq(second, first);

	/* and once more through pf_report_from_json */
	json_error_t jerr;
	json_t *root = json_loads(second, 0, &jerr);
	struct pf_report r2;
	ck_assert_int_eq(pf_report_from_json(root, "mem", &r2, &e), 0);
	char *third = pf_render_json(&r2);
	ck_assert_str_eq(third, first);

	json_decref(root);
	pf_report_free(&r);
	pf_report_free(&r2);
	unlink(path);
	free(path);
	free(first);
	free(second);
	free(third);
}
END_TEST

START_TEST(json_round_trip_of_host_and_redacted)
{
	for (int variant = 0; variant < 2; variant++) {
		char *first = render_json(variant == 0, variant == 1);
		char *path = write_temp(first, strlen(first));
		struct pf_report r;
		struct pf_error e = { 0 };
		ck_assert_msg(pf_report_from_file(path, &r, &e) == 0, "%s", e.msg);
		char *second = pf_render_json(&r);
		ck_assert_str_eq(second, first);
		pf_report_free(&r);
		unlink(path);
		free(path);
		free(first);
		free(second);
	}
}
END_TEST

START_TEST(json_duration_prints_as_written)
{
	char *text = render_json(false, false);
	ck_assert_ptr_nonnull(strstr(text, "\n  \"duration_ms\": 4.2,\n"));
	/* pretty, indent 2, one trailing newline */
	ck_assert_ptr_nonnull(strstr(text, "{\n  \"schema\": \"boundary-preflight/report/v1\",\n  \"tool\": {\n"));
	size_t n = strlen(text);
	ck_assert(n > 2 && text[n - 1] == '\n' && text[n - 2] == '}');
	free(text);
}
END_TEST

static void expect_keys(json_t *obj, const char *const *keys)
{
	const char *key;
	json_t *value;
	size_t i = 0;
	json_object_foreach(obj, key, value)
	{
		ck_assert_ptr_nonnull(keys[i]);
		ck_assert_str_eq(key, keys[i]);
		i++;
	}
	ck_assert_ptr_null(keys[i]);
}

START_TEST(json_key_order_follows_design)
{
	static const char *const top[] = { "schema", "tool",        "generated_at", "duration_ms", "options",
					   "system", "environment", "probes",       "verdict",     NULL };
	static const char *const tool[] = { "name", "version", NULL };
	static const char *const options[] = { "jail", "user_namespace", "strict", NULL };
	static const char *const system[] = { "kernel", "machine", "euid", NULL };
	static const char *const environment[] = { "engine", "runtime", "in_container", "evidence", NULL };
	static const char *const evidence[] = { "signal", "value", "weight", NULL };
	static const char *const probe[] = { "id", "status", "summary", "duration_us", "facts", NULL };
	static const char *const verdict_keys[] = { "configuration", "ready", "testing_only", "blockers", "warnings",
						    "fixes",         NULL };
	static const char *const finding[] = { "code", "probe", "message", NULL };
	static const char *const fix[] = { "for", "engine", "text", "snippet", NULL };

	char *text = render_json(false, false);
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	ck_assert_ptr_nonnull(root);
	expect_keys(root, top);
	expect_keys(json_object_get(root, "tool"), tool);
	expect_keys(json_object_get(root, "options"), options);
	expect_keys(json_object_get(root, "system"), system);
	json_t *env = json_object_get(root, "environment");
	expect_keys(env, environment);
	expect_keys(json_array_get(json_object_get(env, "evidence"), 0), evidence);
	json_t *probes = json_object_get(root, "probes");
	ck_assert_int_eq(json_array_size(probes), PF_PROBE_COUNT);
	for (int id = 0; id < PF_PROBE_COUNT; id++) {
		json_t *p = json_array_get(probes, (size_t)id);
		expect_keys(p, probe);
		ck_assert_str_eq(json_string_value(json_object_get(p, "id")), pf_probe_name((enum pf_probe_id)id));
	}
	json_t *v = json_object_get(root, "verdict");
	expect_keys(v, verdict_keys);
	expect_keys(json_array_get(json_object_get(v, "blockers"), 0), finding);
	expect_keys(json_array_get(json_object_get(v, "warnings"), 0), finding);
	expect_keys(json_array_get(json_object_get(v, "fixes"), 0), fix);
	json_decref(root);
	free(text);
}
END_TEST

static json_t *probe_facts(json_t *root, enum pf_probe_id id)
{
	return json_object_get(json_array_get(json_object_get(root, "probes"), (size_t)id), "facts");
}

START_TEST(json_model_fields)
{
	char *text = render_json(false, false);
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	ck_assert_ptr_nonnull(root);
	const char *generated;
	json_int_t euid;
	const char *engine, *runtime, *kernel, *configuration, *version;
	int in_container, ready;
	ck_assert_int_eq(json_unpack(root, "{s:s, s:{s:s}, s:{s:s, s:I}, s:{s:s, s:s, s:b}, s:{s:s, s:b}}",
				     "generated_at", &generated, "tool", "version", &version, "system", "kernel",
				     &kernel, "euid", &euid, "environment", "engine", &engine, "runtime", &runtime,
				     "in_container", &in_container, "verdict", "configuration", &configuration, "ready",
				     &ready),
			 0);
	ck_assert_str_eq(version, PF_VERSION);
	ck_assert_int_eq(strlen(generated), 20);
	ck_assert(generated[4] == '-' && generated[10] == 'T' && generated[19] == 'Z');
	ck_assert_str_eq(kernel, "6.1.0-13-amd64");
	ck_assert_int_eq(euid, 0);
	ck_assert_str_eq(engine, "docker");
	ck_assert_str_eq(runtime, "runc-compatible");
	ck_assert(in_container);
	ck_assert_str_eq(configuration, "none");
	ck_assert(!ready);

	json_t *fixes = json_object_get(json_object_get(root, "verdict"), "fixes");
	ck_assert_int_eq(json_array_size(fixes), 5);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(fixes, 2), "engine")), "kubernetes");
	json_t *blocker = json_array_get(json_object_get(json_object_get(root, "verdict"), "blockers"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(blocker, "probe")), "seccomp");
	json_decref(root);
	free(text);
}
END_TEST

START_TEST(json_facts_every_probe)
{
	char *text = render_json(false, false);
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);

	/* errno both as number and name; gates by name */
	json_t *seccomp = probe_facts(root, PF_PROBE_SECCOMP);
	json_t *call = json_object_get(json_object_get(seccomp, "clone_userns_net"), "call");
	ck_assert_int_eq(json_integer_value(json_object_get(call, "errno")), EPERM);
	ck_assert_str_eq(json_string_value(json_object_get(call, "error")), "EPERM");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(seccomp, "clone_userns_net"), "gate")),
			 "denied");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(seccomp, "clone_net"), "expected_error")),
			 "EINVAL");
	json_t *setns = json_object_get(seccomp, "setns");
	ck_assert_str_eq(json_string_value(json_object_get(setns, "gate")), "killed");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(setns, "call"), "signal_name")), "SIGSYS");
	ck_assert(json_is_null(json_object_get(json_object_get(setns, "call"), "error")));
	ck_assert_int_eq(json_integer_value(json_object_get(seccomp, "filters")), 1);

	/* capability sets as hex and names */
	json_t *eff = json_object_get(probe_facts(root, PF_PROBE_CAPABILITIES), "effective");
	ck_assert_str_eq(json_string_value(json_object_get(eff, "hex")), "0x00000000a80435fb");
	json_t *names = json_object_get(eff, "names");
	bool net_admin = false, sys_admin = false;
	size_t i;
	json_t *name;
	json_array_foreach(names, i, name)
	{
		net_admin |= strcmp(json_string_value(name), "CAP_NET_ADMIN") == 0;
		sys_admin |= strcmp(json_string_value(name), "CAP_SYS_ADMIN") == 0;
	}
	ck_assert(net_admin && !sys_admin);
	ck_assert_int_eq(json_array_size(names), 15);
	ck_assert_int_eq(json_array_size(json_object_get(
				 json_object_get(probe_facts(root, PF_PROBE_CAPABILITIES), "ambient"), "names")),
			 0);

	/* unknown (-1) is null; absent text is null */
	json_t *sysctl = probe_facts(root, PF_PROBE_SYSCTL);
	ck_assert(json_is_null(json_object_get(sysctl, "unprivileged_userns_clone")));
	ck_assert_int_eq(json_integer_value(json_object_get(sysctl, "max_user_namespaces")), 63432);
	ck_assert(json_is_false(json_object_get(sysctl, "ip_forward_writable")));
	ck_assert(json_is_null(json_object_get(probe_facts(root, PF_PROBE_PRIVILEGE), "sudo_path")));
	json_t *landlock = probe_facts(root, PF_PROBE_LANDLOCK);
	ck_assert(json_is_null(json_object_get(landlock, "abi")));
	ck_assert_str_eq(json_string_value(json_object_get(landlock, "error")), "EOPNOTSUPP");

	json_t *userns = probe_facts(root, PF_PROBE_USERNS);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(userns, "clone"), "error")), "EPERM");
	ck_assert(json_is_false(json_object_get(json_object_get(userns, "veth"), "attempted")));
	ck_assert(json_is_true(json_object_get(probe_facts(root, PF_PROBE_NETADMIN), "net_admin_here")));

	json_t *runtime = probe_facts(root, PF_PROBE_RUNTIME);
	ck_assert_int_eq(json_array_size(json_object_get(runtime, "evidence")), 3);
	ck_assert_str_eq(json_string_value(json_object_get(runtime, "hostname")), SAMPLE_HOSTNAME);
	ck_assert_str_eq(json_string_value(json_object_get(runtime, "confidence")), "high");

	json_t *kernel = probe_facts(root, PF_PROBE_KERNEL);
	ck_assert_int_eq(json_array_size(json_object_get(kernel, "actions_avail")), 8);
	ck_assert_str_eq(json_string_value(json_object_get(probe_facts(root, PF_PROBE_TOOLS), "iptables_variant")),
			 "nft");
	ck_assert_str_eq(json_string_value(json_object_get(probe_facts(root, PF_PROBE_LSM), "apparmor")),
			 "docker-default (enforce)");
	/* a probe that ran fine carries no probe_error */
	ck_assert_ptr_null(json_object_get(kernel, "probe_error"));

	/* every probe's timing comes from facts->run */
	json_t *probe = json_array_get(json_object_get(root, "probes"), PF_PROBE_SECCOMP);
	ck_assert_int_eq(json_integer_value(json_object_get(probe, "duration_us")), 100 + PF_PROBE_SECCOMP * 37);
	json_decref(root);
	free(text);
}
END_TEST

START_TEST(json_probe_error_is_reported)
{
	struct pf_report r;
	struct pf_options opts = { .jail = PF_JAIL_NSJAIL, .user_namespace = true };
	struct pf_error e = { 0 };
	sample_docker(&facts, &verdict);
	facts.run[PF_PROBE_USERNS].error = true;
	snprintf(facts.run[PF_PROBE_USERNS].error_msg, sizeof facts.run[PF_PROBE_USERNS].error_msg,
		 "child did not finish before the deadline");
	ck_assert_int_eq(pf_report_build(&r, &facts, &verdict, &opts, 1, &e), 0);
	json_t *pe = json_object_get(r.probes[PF_PROBE_USERNS].facts, "probe_error");
	ck_assert_str_eq(json_string_value(pe), "child did not finish before the deadline");
	pf_report_free(&r);
}
END_TEST

START_TEST(json_invalid_utf8_stays_valid_json)
{
	struct pf_report r;
	struct pf_options opts = { .jail = PF_JAIL_NSJAIL, .user_namespace = true };
	struct pf_error e = { 0 };
	sample_docker(&facts, &verdict);
	snprintf(facts.lsm.selinux, sizeof facts.lsm.selinux, "bad\xff\xfe label");
	ck_assert_int_eq(pf_report_build(&r, &facts, &verdict, &opts, 1, &e), 0);
	ck_assert_str_eq(json_string_value(json_object_get(r.probes[PF_PROBE_LSM].facts, "selinux")), "bad?? label");
	pf_report_free(&r);
}
END_TEST

START_TEST(json_redact_removes_identifying_text)
{
	char *plain = render_json(false, false);
	char *redacted = render_json(false, true);
	/* the sample does carry them, so their absence below means something */
	ck_assert_ptr_nonnull(strstr(plain, SAMPLE_HOSTNAME));
	ck_assert_ptr_nonnull(strstr(plain, SAMPLE_CONTAINER_ID));
	ck_assert_ptr_nonnull(strstr(plain, "/home/" SAMPLE_USER "/"));

	ck_assert_ptr_null(strstr(redacted, SAMPLE_HOSTNAME));
	ck_assert_ptr_null(strstr(redacted, "3f2a9c41d0e5")); /* not even the short id */
	ck_assert_ptr_null(strstr(redacted, SAMPLE_USER));
	ck_assert_ptr_nonnull(strstr(redacted, "\"hostname\": \"<redacted>\""));
	ck_assert_ptr_nonnull(strstr(redacted, "\"container_id\": \"<redacted>\""));
	ck_assert_ptr_nonnull(strstr(redacted, "\"value\": \"0::/docker/<redacted>\""));
	ck_assert_ptr_nonnull(strstr(redacted, "\"ip\": \"/home/<redacted>/.local/bin/ip\""));
	/* what identifies nothing stays */
	ck_assert_ptr_nonnull(strstr(redacted, "\"release\": \"6.1.0-13-amd64\""));
	ck_assert_ptr_nonnull(strstr(redacted, "\"value\": \"present\""));
	free(plain);
	free(redacted);
}
END_TEST

/* A Docker short id is 12 hex digits: exactly that long, it goes too,
 * wherever it stands (here in a mount path of the evidence); 11 digits
 * identify nothing and stay. */
START_TEST(json_redact_removes_a_short_id)
{
	struct pf_options opts = { .jail = PF_JAIL_NSJAIL, .user_namespace = true, .redact = true };
	struct pf_error e = { 0 };
	struct pf_report r;
	sample_docker(&facts, &verdict);
	struct pf_runtime_facts *rt = &facts.runtime;
	ck_assert_int_lt(rt->n_evidence, PF_MAX_EVIDENCE);
	struct pf_evidence *ev = &rt->evidence[rt->n_evidence++];
	snprintf(ev->signal, sizeof ev->signal, "mountinfo");
	snprintf(ev->value, sizeof ev->value, "/var/lib/docker/containers/0123456789ab/hostname 0123456789a");
	ev->weight = PF_WEAK;
	ck_assert_int_eq(pf_report_build(&r, &facts, &verdict, &opts, 4.2, &e), 0);
	char *text = pf_render_json(&r);
	pf_report_free(&r);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_null(strstr(text, "0123456789ab"));
	ck_assert_ptr_nonnull(strstr(text, "/var/lib/docker/containers/<redacted>/hostname 0123456789a\""));
	free(text);
}
END_TEST

/* ---- reader errors ---- */

/* A hostname that is also a word of our prose ("boundary") leaves the
 * prose alone; the hostname field and machine text still lose it. */
START_TEST(json_redact_keeps_prose_words)
{
	struct pf_options opts = { .jail = PF_JAIL_NSJAIL, .user_namespace = true, .redact = true };
	struct pf_error e = { 0 };
	struct pf_report r;
	sample_docker(&facts, &verdict);
	snprintf(facts.runtime.hostname, sizeof facts.runtime.hostname, "boundary");
	snprintf(facts.runtime.evidence[0].value, sizeof facts.runtime.evidence[0].value, "boundary");
	snprintf(verdict.probes[PF_PROBE_PRIVILEGE].summary, sizeof verdict.probes[0].summary,
		 "running as root: boundary does not re-execute");
	ck_assert_int_eq(pf_report_build(&r, &facts, &verdict, &opts, 4.2, &e), 0);
	char *json = pf_render_json(&r);
	ck_assert_ptr_nonnull(strstr(json, "\"hostname\": \"<redacted>\""));
	ck_assert_ptr_nonnull(strstr(json, "running as root: boundary does not re-execute"));
	ck_assert_ptr_null(strstr(json, "\"value\": \"boundary\""));
	free(json);
	pf_report_free(&r);
}
END_TEST

START_TEST(read_malformed_names_line_and_column)
{
	expect_error("{\n  \"schema\": \"boundary-preflight/report/v1\",\n  \"tool\": ,\n}\n",
		     "malformed JSON at line 3, column 11: unexpected token near ','");
	expect_error("", "malformed JSON at line 1, column 0: '[' or '{' expected near end of file");
}
END_TEST

START_TEST(read_foreign_schema_is_refused)
{
	expect_error("{\"schema\": \"acme/report/v1\"}",
		     "not a boundary-preflight report (schema \"acme/report/v1\", expected "
		     "\"boundary-preflight/report/v1\")");
	expect_error("{\"tool\": {}}", "not a boundary-preflight report (no \"schema\" key)");
	expect_error("[1, 2]", "not a boundary-preflight report (the top level is not an object)");
	expect_error("{\"schema\": \"boundary-preflight/report/v0\"}",
		     "not a boundary-preflight report (schema \"boundary-preflight/report/v0\", expected "
		     "\"boundary-preflight/report/v1\")");
}
END_TEST

START_TEST(read_newer_version_is_refused)
{
	/* refused for its version, not for its (unknown) shape */
	expect_error("{\"schema\": \"boundary-preflight/report/v2\", \"something\": \"new\"}",
		     "report schema \"boundary-preflight/report/v2\" is newer than this boundary-preflight "
		     "understands (boundary-preflight/report/v1); read it with a newer boundary-preflight");
}
END_TEST

static void ready_as_string(json_t *root)
{
	json_object_set_new(json_object_get(root, "verdict"), "ready", json_string("yes"));
}
static void fixes_removed(json_t *root)
{
	json_object_del(json_object_get(root, "verdict"), "fixes");
}
static void bad_status(json_t *root)
{
	json_object_set_new(json_array_get(json_object_get(root, "probes"), 1), "status", json_string("maybe"));
}
static void extra_key(json_t *root)
{
	json_object_set_new(json_array_get(json_object_get(json_object_get(root, "environment"), "evidence"), 0),
			    "extra", json_integer(1));
}
static void facts_not_object(json_t *root)
{
	json_object_set_new(json_array_get(json_object_get(root, "probes"), 3), "facts", json_array());
}
static void negative_duration(json_t *root)
{
	json_object_set_new(json_array_get(json_object_get(root, "probes"), 0), "duration_us", json_integer(-5));
}
static void bad_time(json_t *root)
{
	json_object_set_new(root, "generated_at", json_string("yesterday"));
}

START_TEST(read_wrong_types_name_the_path)
{
	static const struct {
		void (*change)(json_t *);
		const char *message;
	} cases[] = {
		{ ready_as_string, "verdict.ready: expected boolean" },
		{ fixes_removed, "verdict.fixes: missing (required)" },
		{ bad_status, "probes[1].status: \"maybe\" is not one of pass, fail, warn, skip, error" },
		{ extra_key, "environment.evidence[0].extra: unexpected key" },
		{ facts_not_object, "probes[3].facts: expected object" },
		{ negative_duration, "probes[0].duration_us: -5 is below the minimum 0" },
		{ bad_time, "generated_at: expected RFC 3339 UTC time (YYYY-MM-DDTHH:MM:SSZ)" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = mutated(cases[i].change);
		expect_error(text, cases[i].message);
		free(text);
	}
}
END_TEST

START_TEST(read_missing_file)
{
	struct pf_error e;
	const char *msg = read_error("/nonexistent-dir/report.json", &e);
	ck_assert_str_eq(msg, "cannot read /nonexistent-dir/report.json: No such file or directory");
	ck_assert_int_eq(e.err, ENOENT);
}
END_TEST

START_TEST(read_size_is_bounded)
{
	/* a valid report padded to exactly 4 MiB is read; one byte more is not */
	const size_t limit = 4u * 1024 * 1024;
	char *report = render_json(false, false);
	size_t n = strlen(report);
	char *big = malloc(limit + 1);
	ck_assert_ptr_nonnull(big);
	memcpy(big, report, n);
	memset(big + n, ' ', limit + 1 - n);

	char *path = write_temp(big, limit);
	struct pf_error e;
	ck_assert_str_eq(read_error(path, &e), "");
	unlink(path);
	free(path);

	path = write_temp(big, limit + 1);
	char expected[300];
	snprintf(expected, sizeof expected, "%s: larger than 4 MiB; not a boundary-preflight report", path);
	ck_assert_str_eq(read_error(path, &e), expected);
	unlink(path);
	free(path);
	free(big);
	free(report);
}
END_TEST

/* ---- text ---- */

static char *render_text(bool host, bool redact, bool color, int width)
{
	struct pf_report r;
	build(&r, host, redact);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(out);
	struct pf_text_style style = { .color = color, .width = width };
	pf_render_text(out, &r, &style);
	fclose(out);
	pf_report_free(&r);
	return buf;
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}

/* Widest line in columns (UTF-8 characters). */
static int widest_line(const char *text)
{
	int widest = 0, col = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			widest = col > widest ? col : widest;
			col = 0;
		} else if (((unsigned char)*p & 0xc0) != 0x80) {
			col++;
		}
	}
	return col > widest ? col : widest;
}

START_TEST(text_key_lines)
{
	char *text = render_text(false, false, false, 80);
	ck_assert_msg(has_line(text, "boundary-preflight " PF_VERSION ": nsjail readiness, Docker (runc-compatible)"),
		      "%s", text);
	/* the second header line: kernel release (machine), euid, when, how long */
	ck_assert_msg(strstr(text, "\nkernel 6.1.0-13-amd64 (x86_64), euid ") != NULL, "%s", text);
	ck_assert(has_line(text, "  pass  capabilities  CAP_NET_ADMIN effective; CAP_SYS_ADMIN absent (not needed)"));
	ck_assert(has_line(text, "  FAIL  userns        clone(CLONE_NEWUSER|CLONE_NEWNET): EPERM"));
	ck_assert(has_line(text, "  skip  privilege     running as root"));
	ck_assert(has_line(text, "  warn  landlock      Landlock unavailable: EOPNOTSUPP"));
	ck_assert(has_line(text, "NOT READY: no documented configuration matches."));
	ck_assert(has_line(text, "  Fix (safest first):"));
	ck_assert(has_line(text, "    2. Run the container with sysbox-runc."));
	ck_assert(has_line(text, "       docker run --runtime=sysbox-runc --cap-add=NET_ADMIN ..."));
	/* a fix for another engine says which; YAML stays as written */
	ck_assert(has_line(text, "    3. Kubernetes: Testing only: grant CAP_SYS_ADMIN."));
	ck_assert(has_line(text, "           add: [\"NET_ADMIN\", \"SYS_ADMIN\"]"));
	ck_assert(has_line(text, "Warnings:"));
	ck_assert(has_line(text, "  Fix: Set net.ipv4.ip_forward=1 on the host."));
	/* a generic fix is shown only where no fix names an engine */
	ck_assert_ptr_null(strstr(text, "Allow clone(2) with CLONE_NEWUSER|CLONE_NEWNET."));
	/* blocker code followed by its evidence */
	ck_assert_ptr_nonnull(strstr(text, "\n  SECCOMP_BLOCKS_CLONE  Docker's default seccomp profile rejects"));
	ck_assert_ptr_nonnull(strstr(text, "EPERM where the kernel answers EINVAL."));
	/* order: probes, verdict, blocker, its fixes, warnings */
	ck_assert(strstr(text, "  pass  kernel") < strstr(text, "NOT READY"));
	ck_assert(strstr(text, "NOT READY") < strstr(text, "SECCOMP_BLOCKS_CLONE"));
	ck_assert(strstr(text, "SECCOMP_BLOCKS_CLONE") < strstr(text, "Fix (safest first)"));
	ck_assert(strstr(text, "Fix (safest first)") < strstr(text, "Warnings:"));
	free(text);
}
END_TEST

START_TEST(text_wraps_at_width)
{
	char *text = render_text(false, false, false, 80);
	ck_assert_int_le(widest_line(text), 80);
	/* the long seccomp summary continues under its own column */
	ck_assert(has_line(text, "  FAIL  seccomp       filter active (1); clone with CLONE_NEWUSER|CLONE_NEWNET"));
	ck_assert(has_line(text, "                      denied (invalid-flag probe: EPERM, expected EINVAL);"));
	/* a long shell command is folded with continuations, still paste-able */
	ck_assert(has_line(text, "       docker run --cap-add=NET_ADMIN --security-opt \\"));
	ck_assert(has_line(text, "           seccomp=boundary-seccomp.json ..."));
	free(text);

	/* prose wraps at any width; snippets are left out here because YAML
	 * and single shell words cannot be broken without changing them */
	struct pf_report r;
	build(&r, false, false);
	for (size_t i = 0; i < r.n_fixes; i++)
		r.fixes[i].snippet[0] = '\0';
	for (int width = 40; width <= 72; width += 8) {
		char *buf = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&buf, &len);
		struct pf_text_style style = { .color = false, .width = width };
		pf_render_text(out, &r, &style);
		fclose(out);
		ck_assert_msg(widest_line(buf) <= width, "width %d:\n%s", width, buf);
		ck_assert_ptr_nonnull(strstr(buf, "NOT READY"));
		ck_assert_ptr_nonnull(strstr(buf, "sysbox-runc."));
		free(buf);
	}
	pf_report_free(&r);
}
END_TEST

START_TEST(text_color_only_when_asked)
{
	char *plain = render_text(false, false, false, 80);
	ck_assert_ptr_null(strchr(plain, '\033'));
	char *color = render_text(false, false, true, 80);
	ck_assert_ptr_nonnull(strstr(color, "\033[32mpass\033[0m"));
	ck_assert_ptr_nonnull(strstr(color, "\033[1;31mFAIL\033[0m"));
	ck_assert_ptr_nonnull(strstr(color, "\033[33mwarn\033[0m"));
	ck_assert_ptr_nonnull(strstr(color, "\033[1;31mNOT READY\033[0m"));
	free(plain);
	free(color);
}
END_TEST

START_TEST(text_host_ready)
{
	char *text = render_text(true, false, false, 80);
	ck_assert(has_line(text, "boundary-preflight " PF_VERSION ": nsjail readiness, host (not in a container)"));
	ck_assert(has_line(text, "READY: host (not in a container)."));
	ck_assert_ptr_nonnull(strstr(text, "\n  STALE_CONTAINER_MARKER  /.dockerenv exists"));
	ck_assert_ptr_null(strstr(text, "NOT READY"));
	/* a fix for this host needs no engine name */
	ck_assert(has_line(text, "  Fix: Remove the stale marker if nothing relies on it."));
	ck_assert(has_line(text, "       rm /.dockerenv"));
	free(text);
}
END_TEST

START_TEST(text_from_saved_report_cannot_inject_escapes)
{
	/* text in a saved report is untrusted: no control byte reaches the terminal */
	struct pf_report r;
	build(&r, false, false);
	free(r.probes[0].summary);
	r.probes[0].summary = strdup("evil \033]0;title\007 \033[2J text");
	free(r.blockers[0].message);
	r.blockers[0].message = strdup("also \033[31m here");
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct pf_text_style style = { .color = false, .width = 80 };
	pf_render_text(out, &r, &style);
	fclose(out);
	ck_assert_ptr_null(strchr(buf, '\033'));
	ck_assert_ptr_null(strchr(buf, '\007'));
	ck_assert_ptr_nonnull(strstr(buf, "evil ?]0;title? ?[2J text"));
	free(buf);
	pf_report_free(&r);
}
END_TEST

START_TEST(text_strict_testing_only)
{
	struct pf_report r;
	build(&r, false, false);
	free(r.configuration);
	r.configuration = strdup("runc-cap-sys-admin");
	r.testing_only = true;
	r.strict = true;
	r.ready = false;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	pf_render_text(out, &r, NULL);
	fclose(out);
	ck_assert_msg(has_line(buf, "NOT READY: runc-cap-sys-admin (documented configuration 2, runc with"), "%s", buf);
	ck_assert(has_line(buf, "  CAP_SYS_ADMIN, for testing only) does not count under --strict."));
	free(buf);

	r.strict = false;
	r.ready = true;
	buf = NULL;
	out = open_memstream(&buf, &len);
	pf_render_text(out, &r, NULL);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(buf, "\nREADY (testing only): runc-cap-sys-admin"));
	free(buf);
	pf_report_free(&r);
}
END_TEST

static char *render_at(const struct pf_report *r, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(out);
	struct pf_text_style style = { .color = false, .width = width };
	pf_render_text(out, r, &style);
	fclose(out);
	return buf;
}

START_TEST(text_width_has_a_floor)
{
	/* a width below 40 columns is taken as 40; none as 80 (one report,
	 * so the time in its header is the same in each rendering) */
	struct pf_report r;
	build(&r, false, false);
	char *narrow = render_at(&r, 10);
	char *floor = render_at(&r, 40);
	char *unset = render_at(&r, 0);
	char *standard = render_at(&r, 80);
	ck_assert_str_eq(narrow, floor);
	ck_assert_str_eq(unset, standard);
	ck_assert_str_ne(floor, standard);
	free(narrow);
	free(floor);
	free(unset);
	free(standard);
	pf_report_free(&r);
}
END_TEST

static int times_in(const char *text, const char *needle)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

START_TEST(text_each_fix_once)
{
	/* a fix follows its blocker or warning, once; "Other fixes" holds only
	 * fixes whose code is neither */
	char *text = render_text(false, false, false, 80);
	ck_assert_int_eq(times_in(text, "Set net.ipv4.ip_forward=1 on the host."), 1);
	ck_assert_int_eq(times_in(text, "Run the container with sysbox-runc."), 1);
	ck_assert_msg(strstr(text, "Other fixes:") == NULL, "%s", text);
	free(text);

	struct pf_report r;
	build(&r, false, false);
	ck_assert_uint_gt(r.n_fixes, 0);
	size_t last = r.n_fixes - 1;
	free(r.fixes[last].for_code);
	r.fixes[last].for_code = strdup("SOME_OTHER_CODE");
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	pf_render_text(out, &r, NULL);
	fclose(out);
	ck_assert_int_eq(times_in(buf, "\nOther fixes:\n  SOME_OTHER_CODE\n"), 1);
	ck_assert_int_eq(times_in(buf, r.fixes[last].text), 1);
	ck_assert(strstr(buf, "Warnings:") < strstr(buf, "Other fixes:"));
	free(buf);
	pf_report_free(&r);
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *json = tcase_create("json");
	tcase_add_test(json, json_round_trip_is_byte_identical);
	tcase_add_test(json, json_round_trip_of_host_and_redacted);
	tcase_add_test(json, json_duration_prints_as_written);
	tcase_add_test(json, json_key_order_follows_design);
	tcase_add_test(json, json_model_fields);
	tcase_add_test(json, json_facts_every_probe);
	tcase_add_test(json, json_probe_error_is_reported);
	tcase_add_test(json, json_invalid_utf8_stays_valid_json);
	tcase_add_test(json, json_redact_removes_identifying_text);
	tcase_add_test(json, json_redact_removes_a_short_id);
	tcase_add_test(json, json_redact_keeps_prose_words);
	suite_add_tcase(s, json);

	TCase *reader = tcase_create("reader");
	tcase_add_test(reader, read_malformed_names_line_and_column);
	tcase_add_test(reader, read_foreign_schema_is_refused);
	tcase_add_test(reader, read_newer_version_is_refused);
	tcase_add_test(reader, read_wrong_types_name_the_path);
	tcase_add_test(reader, read_missing_file);
	tcase_add_test(reader, read_size_is_bounded);
	suite_add_tcase(s, reader);

	TCase *text = tcase_create("text");
	tcase_add_test(text, text_key_lines);
	tcase_add_test(text, text_wraps_at_width);
	tcase_add_test(text, text_color_only_when_asked);
	tcase_add_test(text, text_host_ready);
	tcase_add_test(text, text_from_saved_report_cannot_inject_escapes);
	tcase_add_test(text, text_strict_testing_only);
	tcase_add_test(text, text_each_fix_once);
	tcase_add_test(text, text_width_has_a_floor);
	suite_add_tcase(s, text);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(report_suite());
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
