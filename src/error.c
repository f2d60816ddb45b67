/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "preflight/error.h"
#include "preflight/probe.h"

int pf_error_set(struct pf_error *e, int err, const char *fmt, ...)
{
	if (!e)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	e->err = err;
	/* Append the errno text once, so the top level prints one line. */
	if (err > 0 && n >= 0 && (size_t)n < sizeof e->msg)
		snprintf(e->msg + n, sizeof e->msg - (size_t)n, ": %s", strerror(err));
	return -1;
}

int pf_probe_fail(struct pf_probe_run *run, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(run->error_msg, sizeof run->error_msg, fmt, ap);
	va_end(ap);
	run->error = true;
	return -1;
}
