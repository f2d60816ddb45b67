/* SPDX-License-Identifier: MIT */
/* Prints a report built from synthetic facts, or reads one back:
 *   report-sample json|text [docker|host] [--redact] [--color] [--width N]
 *   report-sample roundtrip FILE    read FILE, print it as JSON again
 * Used by validate-schema.py; the binary under test is libpreflight. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight/report.h"
#include "sample_report.h"

static int usage(void)
{
	fputs("usage: report-sample json|text [docker|host] [--redact] [--color] [--width N]\n"
	      "       report-sample roundtrip FILE\n",
	      stderr);
	return 2;
}

static int roundtrip(const char *path)
{
	struct pf_report r;
	struct pf_error e = { 0 };
	if (pf_report_from_file(path, &r, &e) < 0) {
		fprintf(stderr, "report-sample: %s\n", e.msg);
		return 2;
	}
	char *text = pf_render_json(&r);
	pf_report_free(&r);
	if (!text)
		return 3;
	fputs(text, stdout);
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "roundtrip") == 0)
		return argc == 3 ? roundtrip(argv[2]) : usage();
	bool json = strcmp(argv[1], "json") == 0;
	if (!json && strcmp(argv[1], "text") != 0)
		return usage();

	struct pf_options opts = { .jail = PF_JAIL_NSJAIL, .user_namespace = true };
	struct pf_text_style style = { .color = false, .width = 80 };
	bool host = false;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "host") == 0)
			host = true;
		else if (strcmp(argv[i], "docker") == 0)
			host = false;
		else if (strcmp(argv[i], "--redact") == 0)
			opts.redact = true;
		else if (strcmp(argv[i], "--color") == 0)
			style.color = true;
		else if (strcmp(argv[i], "--width") == 0 && i + 1 < argc)
			style.width = atoi(argv[++i]);
		else
			return usage();
	}

	static struct pf_facts facts;
	static struct pf_verdict verdict;
	if (host)
		sample_host(&facts, &verdict);
	else
		sample_docker(&facts, &verdict);

	struct pf_report r;
	struct pf_error e = { 0 };
	if (pf_report_build(&r, &facts, &verdict, &opts, 4.2, &e) < 0) {
		fprintf(stderr, "report-sample: %s\n", e.msg);
		return 3;
	}
	int rc = 0;
	if (json) {
		char *text = pf_render_json(&r);
		if (text)
			fputs(text, stdout);
		else
			rc = 3;
		free(text);
	} else {
		pf_render_text(stdout, &r, &style);
	}
	pf_report_free(&r);
	return rc;
}
