/* SPDX-License-Identifier: MIT */
/* docs/fixes.md and the exported code lists cannot drift: every code has
 * a "## CODE" section and every code section names an exported code. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	const char *const *lists[] = { pf_blocker_codes, pf_warning_codes };
	for (int l = 0; l < 2; l++)
		for (const char *const *c = lists[l]; *c; c++) {
			bool found = false;
			for (int i = 0; i < n_sections && !found; i++)
				found = strcmp(sections[i], *c) == 0;
			ck_assert_msg(found, "docs/fixes.md has no \"## %s\" section", *c);
		}
}
END_TEST

START_TEST(test_every_section_is_a_code)
{
	read_sections();
	ck_assert_int_gt(n_sections, 0);
	for (int i = 0; i < n_sections; i++) {
		ck_assert_msg(in_list(pf_blocker_codes, sections[i]) || in_list(pf_warning_codes, sections[i]),
			      "docs/fixes.md documents %s, which the verdict does not export", sections[i]);
		for (int j = 0; j < i; j++)
			ck_assert_msg(strcmp(sections[i], sections[j]) != 0, "docs/fixes.md has %s twice", sections[i]);
	}
}
END_TEST

/* The manual page lists every code too, as a "*CODE*" term line. */
START_TEST(test_every_code_in_manual)
{
	FILE *fp = open_doc("docs/boundary-preflight.1.scd");
	static char text[256 * 1024];
	size_t n = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	text[n] = '\0';
	const char *const *lists[] = { pf_blocker_codes, pf_warning_codes };
	for (int l = 0; l < 2; l++)
		for (const char *const *c = lists[l]; *c; c++) {
			char term[80];
			snprintf(term, sizeof term, "\n*%s*\n", *c);
			ck_assert_msg(strstr(text, term) != NULL, "the manual page has no *%s* entry", *c);
		}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fixes-doc");
	TCase *tc = tcase_create("sections");
	tcase_add_test(tc, test_every_code_documented);
	tcase_add_test(tc, test_every_section_is_a_code);
	tcase_add_test(tc, test_every_code_in_manual);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
