/* SPDX-License-Identifier: MIT */
/* The report reader behind `explain`: any bytes through jansson and
 * pf_report_from_json; a report it accepts must render as JSON and text. */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "fuzz.h"
#include "preflight/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return 0;
	struct pf_report r = { 0 };
	struct pf_error e = { 0 };
	if (pf_report_from_json(root, "fuzz", &r, &e) == 0) {
		char *json = pf_render_json(&r);
		free(json);
		json_t *again = pf_report_to_json(&r);
		json_decref(again);
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);
		if (mem) {
			struct pf_text_style style = { .color = true, .width = 80 };
			pf_render_text(mem, &r, &style);
			fclose(mem);
		}
		free(text);
	}
	pf_report_free(&r);
	json_decref(root);
	return 0;
}
