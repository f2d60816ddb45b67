/* SPDX-License-Identifier: MIT */
/* docs/fixes.md, the manual and the one table of finding codes
 * (include/preflight/findings.def) cannot drift: every code has a
 * "## CODE" section and every code section names a code; the manual lists
 * every code under its kind, in the table's order, with the table's text;
 * the exported code lists are the table's. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight/findings.h"
#include "preflight/verdict.h"

#ifndef PF_DEFAULT_SOURCE_ROOT
#define PF_DEFAULT_SOURCE_ROOT "."
#endif

#define MAX_SECTIONS 64

static char sections[MAX_SECTIONS][64];
static int n_sections;

/* Open a file of the source tree (PF_SOURCE_ROOT from the test env). */
static FILE *open_doc(const char *relative)
{
	const char *root = getenv("PF_SOURCE_ROOT");
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", root && *root ? root : PF_DEFAULT_SOURCE_ROOT, relative);
	FILE *fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	return fp;
}

/* "## CODE" where CODE is upper case, digits and underscores only; other
 * "## " headings (prose sections) are not codes. */
static void read_sections(void)
{
	FILE *fp = open_doc("docs/fixes.md");
	char line[512];
	n_sections = 0;
	while (fgets(line, sizeof line, fp)) {
		if (strncmp(line, "## ", 3) != 0)
			continue;
		char *name = line + 3;
		name[strcspn(name, "\r\n")] = '\0';
		while (*name && name[strlen(name) - 1] == ' ')
			name[strlen(name) - 1] = '\0';
		if (!*name || strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen(name))
			continue;
		ck_assert_int_lt(n_sections, MAX_SECTIONS);
		snprintf(sections[n_sections++], sizeof sections[0], "%s", name);
	}
	fclose(fp);
}

static bool in_list(const char *const *list, const char *code)
{
	for (; *list; list++)
		if (strcmp(*list, code) == 0)
			return true;
	return false;
}

START_TEST(test_every_code_documented)
{
	read_sections();
	for (int c = 0; c < PF_CODE_COUNT; c++) {
		const char *name = pf_code_name((enum pf_code)c);
		bool found = false;
		for (int i = 0; i < n_sections && !found; i++)
			found = strcmp(sections[i], name) == 0;
		ck_assert_msg(found, "docs/fixes.md has no \"## %s\" section", name);
	}
}
END_TEST

START_TEST(test_every_section_is_a_code)
{
	read_sections();
	ck_assert_int_gt(n_sections, 0);
	for (int i = 0; i < n_sections; i++) {
		ck_assert_msg(pf_code_from_name(sections[i]) >= 0,
			      "docs/fixes.md documents %s, which include/preflight/findings.def does not have",
			      sections[i]);
		for (int j = 0; j < i; j++)
			ck_assert_msg(strcmp(sections[i], sections[j]) != 0, "docs/fixes.md has %s twice", sections[i]);
	}
}
END_TEST

static char manual[256 * 1024];

static void read_manual(void)
{
	FILE *fp = open_doc("docs/boundary-preflight.1.scd");
	size_t n = fread(manual, 1, sizeof manual - 1, fp);
	fclose(fp);
	manual[n] = '\0';
}

/* The manual's entry text after pos ("\tline\n\tline\n"), on one line. */
static void entry_text(const char *pos, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	while (*pos == '\t') {
		const char *end = strchr(pos, '\n');
		size_t n = end ? (size_t)(end - pos - 1) : strlen(pos + 1);
		if (len + n + 2 >= size)
			break;
		if (len)
			out[len++] = ' ';
		memcpy(out + len, pos + 1, n);
		len += n;
		out[len] = '\0';
		if (!end)
			break;
		pos = end + 1;
	}
}

/* The manual page lists every code as a "*CODE*" term line followed by the
 * table's text, blockers before "Warnings (", warnings after, in the
 * table's order. */
START_TEST(test_every_code_in_manual)
{
	read_manual();
	const char *blockers = strstr(manual, "Blockers (");
	const char *warnings = strstr(manual, "Warnings (");
	ck_assert_msg(blockers && warnings && blockers < warnings,
		      "the manual has no \"Blockers (\" paragraph before \"Warnings (\"");
	const char *last = blockers;
	for (int c = 0; c < PF_CODE_COUNT; c++) {
		const struct pf_code_info *info = pf_code_info((enum pf_code)c);
		char term[80], text[1024];
		snprintf(term, sizeof term, "\n*%s*\n", info->name);
		const char *at = strstr(manual, term);
		ck_assert_msg(at != NULL, "the manual page has no *%s* entry", info->name);
		ck_assert_msg(at > last, "the manual lists *%s* out of the table's order", info->name);
		if (info->kind == PF_KIND_BLOCKER)
			ck_assert_msg(at < warnings, "the manual lists blocker *%s* among the warnings", info->name);
		else
			ck_assert_msg(at > warnings, "the manual lists warning *%s* among the blockers", info->name);
		entry_text(at + strlen(term), text, sizeof text);
		ck_assert_msg(strcmp(text, info->doc) == 0,
			      "the manual's *%s* says\n  %s\nthe table (include/preflight/findings.def) says\n  %s",
			      info->name, text, info->doc);
		last = at;
	}
}
END_TEST

static int count(const char *const *list)
{
	int n = 0;
	while (list[n])
		n++;
	return n;
}

/* pf_blocker_codes and pf_warning_codes are the table's rows by kind,
 * and a code's name leads back to its row. */
START_TEST(test_code_lists_are_the_table)
{
	int blockers = 0, warnings = 0;
	for (int c = 0; c < PF_CODE_COUNT; c++) {
		const struct pf_code_info *info = pf_code_info((enum pf_code)c);
		ck_assert_int_eq(pf_code_from_name(info->name), c);
		ck_assert_str_eq(pf_code_name((enum pf_code)c), info->name);
		/* a probe, or any probe for PROBE_ERROR alone */
		ck_assert_msg((unsigned)info->probe < PF_PROBE_COUNT || c == PF_CODE_PROBE_ERROR, "%s names no probe",
			      info->name);
		ck_assert_msg(info->kind != PF_KIND_WARNING ? in_list(pf_blocker_codes, info->name)
							    : !in_list(pf_blocker_codes, info->name),
			      "%s in pf_blocker_codes", info->name);
		ck_assert_msg(info->kind != PF_KIND_BLOCKER ? in_list(pf_warning_codes, info->name)
							    : !in_list(pf_warning_codes, info->name),
			      "%s in pf_warning_codes", info->name);
		blockers += info->kind != PF_KIND_WARNING;
		warnings += info->kind != PF_KIND_BLOCKER;
	}
	ck_assert_int_eq(count(pf_blocker_codes), blockers);
	ck_assert_int_eq(count(pf_warning_codes), warnings);
	ck_assert_int_eq(pf_code_from_name("NO_SUCH_CODE"), -1);
	ck_assert_ptr_null(pf_code_info(PF_CODE_COUNT));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fixes-doc");
	TCase *tc = tcase_create("sections");
	tcase_add_test(tc, test_every_code_documented);
	tcase_add_test(tc, test_every_section_is_a_code);
	tcase_add_test(tc, test_every_code_in_manual);
	tcase_add_test(tc, test_code_lists_are_the_table);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
