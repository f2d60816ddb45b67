/* SPDX-License-Identifier: MIT */
/* One error type carried up the stack: an errno and one human line, so the
 * top level prints exactly one clear message. */
#pragma once

#include <stdarg.h>

struct pf_error {
	int err;       /* errno value, 0 when the failure has none */
	char msg[512]; /* one line, no trailing newline */
};

/* Record the failure in e (when e is not NULL) and return -1, so callers can
 * write `return pf_error_set(e, errno, "open %s", path);`. */
int pf_error_set(struct pf_error *e, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
