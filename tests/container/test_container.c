/* SPDX-License-Identifier: MIT */
/* The container section of the report (JSON out and back, byte for byte;
 * text; --redact) and the fix adjustment: fixes written against a
 * container name only the flags and compose keys it does not have yet.
 * The snippets adjusted here are the ones src/fixes.c writes (copied from
 * a real report of a --cap-add=NET_ADMIN container). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight/report.h"
#include "sample_report.h"

static struct pf_facts facts;
static struct pf_verdict verdict;

static struct pf_report_container *container(const char *cap, const char *runtime)
{
	struct pf_report_container *c = calloc(1, sizeof *c);
	ck_assert_ptr_nonnull(c);
	c->name = strdup("agent");
	c->id = strdup("3f2a9c41d0e5b6a7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5");
	c->image = strdup("sha256:9e85105c2d350f2484a4bcb56acc9a27d4be4bd5a9d1394aeadcce281208a8fe");
	c->engine = strdup("docker");
	c->api_version = strdup("1.41");
	c->runtime = strdup(runtime);
	c->user = strdup("");
	c->userns_mode = strdup("");
	c->network_mode = strdup("none");
	if (cap)
		ck_assert_int_eq(pf_string_list_add(&c->cap_add, cap), 0);
	return c;
}

/* A report holding exactly these fixes (engine, snippet pairs). */
static void with_fixes(struct pf_report *r, const char *const *fixes, size_t n)
{
	memset(r, 0, sizeof *r);
	r->fixes = calloc(n, sizeof *r->fixes);
	ck_assert_ptr_nonnull(r->fixes);
	r->n_fixes = n;
	for (size_t i = 0; i < n; i++) {
		r->fixes[i].for_code = strdup("SECCOMP_BLOCKS_CLONE");
		r->fixes[i].engine = strdup(fixes[2 * i]);
		r->fixes[i].text = strdup("text");
		r->fixes[i].snippet = strdup(fixes[2 * i + 1]);
	}
}

#define PROFILE_CMD "boundary-preflight seccomp-profile --base default.json --output boundary-seccomp.json"

static const char *const docker_fixes[] = {
	"docker",
	PROFILE_CMD "\ndocker run --cap-add=NET_ADMIN --security-opt seccomp=boundary-seccomp.json ...",
	"compose",
	"services:\n  agent:\n    cap_add:\n      - NET_ADMIN\n    security_opt:\n"
	"      - seccomp=./boundary-seccomp.json",
	"docker",
	"docker run --runtime=sysbox-runc --cap-add=NET_ADMIN ...",
	"compose",
	"services:\n  agent:\n    runtime: sysbox-runc\n    cap_add:\n      - NET_ADMIN",
	"docker",
	"docker run --cap-add=NET_ADMIN --cap-add=SYS_ADMIN ...",
	"compose",
	"services:\n  agent:\n    cap_add:\n      - NET_ADMIN\n      - SYS_ADMIN",
	"docker",
	"docker run --cap-add=NET_ADMIN ...",
	"compose",
	"services:\n  agent:\n    cap_add:\n      - NET_ADMIN",
	"kubernetes",
	"securityContext:\n  capabilities:\n    add: [\"NET_ADMIN\"]",
	"docker",
	"docker run -e BOUNDARY_JAIL_TYPE=landjail ...",
	"generic",
	"",
};
#define N_DOCKER_FIXES (sizeof docker_fixes / sizeof docker_fixes[0] / 2)

static void expect(const struct pf_report *r, const char *const *want, size_t n)
{
	ck_assert_uint_eq(r->n_fixes, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(r->fixes[i].engine, want[2 * i]);
		ck_assert_str_eq(r->fixes[i].snippet, want[2 * i + 1]);
	}
}

START_TEST(fixes_leave_out_what_the_container_has)
{
	/* the capability as Docker 20.10 reports it, and as podman does */
	const char *spellings[] = { "NET_ADMIN", "CAP_NET_ADMIN", "net_admin" };
	for (size_t k = 0; k < 3; k++) {
		struct pf_report r;
		with_fixes(&r, docker_fixes, N_DOCKER_FIXES);
		r.container = container(spellings[k], "runc");
		ck_assert_int_eq(pf_report_fixes_for_container(&r), 0);
		static const char *const want[] = {
			"docker",
			PROFILE_CMD "\ndocker run --security-opt seccomp=boundary-seccomp.json ...",
			"compose",
			"services:\n  agent:\n    security_opt:\n      - seccomp=./boundary-seccomp.json",
			"docker",
			"docker run --runtime=sysbox-runc ...",
			"compose",
			"services:\n  agent:\n    runtime: sysbox-runc",
			"docker",
			"docker run --cap-add=SYS_ADMIN ...",
			"compose",
			"services:\n  agent:\n    cap_add:\n      - SYS_ADMIN",
			/* "add NET_ADMIN" (docker and compose) is gone: nothing to add */
			"kubernetes",
			"securityContext:\n  capabilities:\n    add: [\"NET_ADMIN\"]",
			"docker",
			"docker run -e BOUNDARY_JAIL_TYPE=landjail ...",
			"generic",
			"",
		};
		expect(&r, want, sizeof want / sizeof want[0] / 2);
		pf_report_free(&r);
	}
}
END_TEST

START_TEST(fixes_for_a_container_with_nothing_are_unchanged)
{
	struct pf_report r;
	with_fixes(&r, docker_fixes, N_DOCKER_FIXES);
	r.container = container(NULL, "runc");
	ck_assert_int_eq(pf_report_fixes_for_container(&r), 0);
	expect(&r, docker_fixes, N_DOCKER_FIXES);
	pf_report_free(&r);

	/* and no container section: not touched at all */
	with_fixes(&r, docker_fixes, N_DOCKER_FIXES);
	ck_assert_int_eq(pf_report_fixes_for_container(&r), 0);
	expect(&r, docker_fixes, N_DOCKER_FIXES);
	pf_report_free(&r);
}
END_TEST

START_TEST(fixes_runtime_and_all_and_privileged)
{
	/* already on sysbox-runc with NET_ADMIN: the sysbox fixes ask nothing */
	struct pf_report r;
	static const char *const sysbox[] = {
		"docker",  "docker run --runtime=sysbox-runc --cap-add=NET_ADMIN ...",
		"compose", "services:\n  agent:\n    runtime: sysbox-runc\n    cap_add:\n      - NET_ADMIN",
		"podman",  "podman run --cap-add NET_ADMIN --cap-add SYS_ADMIN ...",
	};
	with_fixes(&r, sysbox, 3);
	r.container = container("NET_ADMIN", "sysbox-runc");
	ck_assert_int_eq(pf_report_fixes_for_container(&r), 0);
	static const char *const want[] = { "podman", "podman run --cap-add SYS_ADMIN ..." };
	expect(&r, want, 1);
	pf_report_free(&r);

	/* --cap-add=ALL and --privileged hold every capability */
	for (int privileged = 0; privileged < 2; privileged++) {
		with_fixes(&r, docker_fixes, N_DOCKER_FIXES);
		r.container = container(privileged ? NULL : "ALL", "runc");
		r.container->privileged = privileged;
		ck_assert_int_eq(pf_report_fixes_for_container(&r), 0);
		for (size_t i = 0; i < r.n_fixes; i++)
			ck_assert_msg(!strstr(r.fixes[i].snippet, "--cap-add") &&
					      !strstr(r.fixes[i].snippet, "cap_add"),
				      "%s", r.fixes[i].snippet);
		pf_report_free(&r);
	}
}
END_TEST

START_TEST(fixes_security_opt_already_there)
{
	struct pf_report r;
	static const char *const fixes[] = {
		"docker",
		"docker run --cap-add=NET_ADMIN --security-opt seccomp=unconfined ...",
		"compose",
		"services:\n  agent:\n    security_opt:\n      - seccomp=unconfined\n    cap_add:\n"
		"      - NET_ADMIN",
	};
	with_fixes(&r, fixes, 2);
	r.container = container(NULL, "runc");
	ck_assert_int_eq(pf_string_list_add(&r.container->security_opt, "seccomp=unconfined"), 0);
	ck_assert_int_eq(pf_report_fixes_for_container(&r), 0);
	static const char *const want[] = {
		"docker",
		"docker run --cap-add=NET_ADMIN ...",
		"compose",
		"services:\n  agent:\n    cap_add:\n      - NET_ADMIN",
	};
	expect(&r, want, 2);
	pf_report_free(&r);
}
END_TEST

/* ---- the container section in the report ---- */

static void build(struct pf_report *r)
{
	struct pf_options opts = { .jail = PF_JAIL_NSJAIL, .user_namespace = true };
	struct pf_error e = { 0 };
	sample_docker(&facts, &verdict);
	ck_assert_int_eq(pf_report_build(r, &facts, &verdict, &opts, 4.2, &e), 0);
}

START_TEST(json_container_section_round_trips)
{
	struct pf_report r;
	build(&r);
	char *plain = pf_render_json(&r);
	ck_assert_ptr_nonnull(plain);
	ck_assert_ptr_null(strstr(plain, "\"container\""));

	r.container = container("NET_ADMIN", "runc");
	struct pf_report_container *c = r.container;
	ck_assert_int_eq(pf_string_list_add(&c->security_opt, "seccomp=<custom profile, 1234 bytes>"), 0);
	ck_assert_int_eq(pf_string_list_add(&c->sysctls, "net.ipv4.ip_forward=1"), 0);
	ck_assert_int_eq(pf_string_list_add(&c->devices, "/dev/net/tun:/dev/net/tun:rwm"), 0);
	ck_assert_int_eq(pf_string_list_add(&c->cap_drop, "NET_RAW"), 0);
	c->privileged = true;
	char *first = pf_render_json(&r);
	ck_assert_ptr_nonnull(first);
	/* the section comes last, after the verdict */
	ck_assert_ptr_nonnull(strstr(first, "\n  },\n  \"container\": {\n    \"name\": \"agent\",\n"));

	json_error_t jerr;
	json_t *root = json_loads(first, 0, &jerr);
	ck_assert_ptr_nonnull(root);
	struct pf_report back;
	struct pf_error e = { 0 };
	ck_assert_msg(pf_report_from_json(root, "mem", &back, &e) == 0, "%s", e.msg);
	char *second = pf_render_json(&back);
	ck_assert_str_eq(second, first);
	ck_assert(back.container->privileged);
	ck_assert_str_eq(back.container->devices.items[0], "/dev/net/tun:/dev/net/tun:rwm");
	/* each setting under its own name, as the engine calls it */
	json_t *settings = json_object_get(json_object_get(root, "container"), "settings");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(settings, "cap_add"), 0)), "NET_ADMIN");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(settings, "cap_drop"), 0)), "NET_RAW");
	ck_assert_uint_eq(json_array_size(json_object_get(settings, "cap_add")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(settings, "cap_drop")), 1);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(settings, "sysctls"), 0)),
			 "net.ipv4.ip_forward=1");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(settings, "security_opt"), 0)),
			 "seccomp=<custom profile, 1234 bytes>");
	ck_assert_str_eq(json_string_value(json_object_get(settings, "runtime")), "runc");
	ck_assert_str_eq(json_string_value(json_object_get(settings, "network_mode")), "none");
	ck_assert_str_eq(back.container->cap_add.items[0], "NET_ADMIN");
	ck_assert_str_eq(back.container->cap_drop.items[0], "NET_RAW");

	/* a stranger inside the section is refused, naming it */
	json_object_set_new(json_object_get(json_object_get(root, "container"), "settings"), "Env", json_array());
	struct pf_report bad;
	ck_assert_int_eq(pf_report_from_json(root, "mem", &bad, &e), -1);
	ck_assert_str_eq(e.msg, "mem: container.settings.Env: unexpected key");
	json_object_set_new(json_object_get(root, "container"), "engine", json_string("lxc"));
	json_object_del(json_object_get(json_object_get(root, "container"), "settings"), "Env");
	ck_assert_int_eq(pf_report_from_json(root, "mem", &bad, &e), -1);
	ck_assert_str_eq(e.msg, "mem: container.engine: \"lxc\" is not one of docker, podman");

	json_decref(root);
	free(plain);
	free(first);
	free(second);
	pf_report_free(&back);
	pf_report_free(&r);
}
END_TEST

START_TEST(text_container_lines)
{
	struct pf_report r;
	build(&r);
	r.container = container("NET_ADMIN", "runc");
	ck_assert_int_eq(pf_string_list_add(&r.container->security_opt, "no-new-privileges"), 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	struct pf_text_style style = { .color = false, .width = 80 };
	pf_render_text(mem, &r, &style);
	fclose(mem);
	ck_assert_msg(strstr(buf,
			     "\ncontainer agent (3f2a9c41d0e5), image sha256:9e85105c2d35, Docker API 1.41\n"
			     "  checked in a throwaway twin with its settings; the fixes add to them:\n"
			     "    --cap-add=NET_ADMIN --security-opt no-new-privileges --runtime=runc\n"
			     "    --network none\n\n"),
		      "%s", buf);
	free(buf);
	pf_report_free(&r);
}
END_TEST

START_TEST(redact_container_section)
{
	struct pf_report_container *c = container("NET_ADMIN", "runc");
	free(c->user);
	c->user = strdup("alice:1000");
	ck_assert_int_eq(pf_report_container_redact(c), 0);
	ck_assert_str_eq(c->name, "<redacted>");
	ck_assert_str_eq(c->id, "<redacted>");
	ck_assert_str_eq(c->image, "<redacted>");
	ck_assert_str_eq(c->user, "<redacted>");
	pf_report_container_free(c);

	/* a numeric uid names nobody: kept */
	c = container(NULL, "runc");
	free(c->user);
	c->user = strdup("65534:65534");
	ck_assert_int_eq(pf_report_container_redact(c), 0);
	ck_assert_str_eq(c->user, "65534:65534");
	pf_report_container_free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("container");
	TCase *tc = tcase_create("container");
	tcase_add_test(tc, fixes_leave_out_what_the_container_has);
	tcase_add_test(tc, fixes_for_a_container_with_nothing_are_unchanged);
	tcase_add_test(tc, fixes_runtime_and_all_and_privileged);
	tcase_add_test(tc, fixes_security_opt_already_there);
	tcase_add_test(tc, json_container_section_round_trips);
	tcase_add_test(tc, text_container_lines);
	tcase_add_test(tc, redact_container_section);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
