/* SPDX-License-Identifier: MIT */
/* A growable, always terminated string for text built piece by piece (the
 * redactor, the container fix filter). An allocation failure is sticky:
 * the owner checks oom once at the end and frees p either way. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct pf_strbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

/* Append n bytes of s (s need not be terminated). */
void pf_strbuf_add(struct pf_strbuf *b, const char *s, size_t n);
