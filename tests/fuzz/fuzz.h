/* SPDX-License-Identifier: MIT */
/* Shared by the libFuzzer targets: the entry points libFuzzer calls, and a
 * scratch root where a target writes its input as /proc files so file-based
 * probes read it through procfs.h exactly as they read a captured tree. */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Create (once) an empty scratch directory under /dev/shm (or $TMPDIR);
 * removed at exit. Returns its path; aborts when it cannot be made. */
const char *fuzz_scratch_root(void);

/* Write data to ROOT/rel (parents created), replacing it. Aborts on error. */
void fuzz_write_file(const char *root, const char *rel, const void *data, size_t size);

/* Split data at each "\n@@\n" into at most max segments (pointer + length
 * into data); returns how many. Lets one input describe several files. */
size_t fuzz_split(const uint8_t *data, size_t size, const uint8_t **seg, size_t *len, size_t max);

/* A NUL-terminated copy of data (malloc'd; aborts on ENOMEM). */
char *fuzz_strndup(const uint8_t *data, size_t size);
