/* SPDX-License-Identifier: MIT */
/* Writing files the careful way: a temporary file in the same directory,
 * fsync, rename. A failed write never leaves a truncated file, and the
 * previous file stays as it was. */
#pragma once

#include <stddef.h>

#include "preflight/error.h"

/* Write data to path atomically. Returns 0, or -1 with e naming the file. */
int pf_write_file_atomic(const char *path, const void *data, size_t len, struct pf_error *e);
