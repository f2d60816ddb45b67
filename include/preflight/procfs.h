/* SPDX-License-Identifier: MIT */
/* Bounded, root-relative readers for /proc, /sys and other text files.
 * Every file a probe reads goes through here, so tests can point file-based
 * probes at a fixture tree with --root. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Largest file any probe reads; /proc text longer than this is truncated. */
#define PF_READ_MAX ((size_t)64 * 1024)

/* Read ROOT/path (path is absolute, e.g. "/proc/self/status") into buf,
 * at most size-1 bytes, NUL-terminated; NUL bytes inside are replaced by
 * spaces so the text can be parsed as a string. Returns the length or
 * -errno. Never blocks on a FIFO (O_NONBLOCK) and never follows the path
 * outside ROOT by prefixing ROOT. */
ssize_t pf_read_file(const char *root, const char *path, char *buf, size_t size);

/* Join root and path into out. Returns 0 or -ENAMETOOLONG. */
int pf_root_path(const char *root, const char *path, char *out, size_t size);

/* Does ROOT/path exist (lstat)? */
bool pf_path_exists(const char *root, const char *path);

/* readlink ROOT/path, NUL-terminated. Returns length or -errno. */
ssize_t pf_readlink(const char *root, const char *path, char *buf, size_t size);

/* Find "Key:<ws>value" in /proc/<pid>/status style text; copy value
 * (trimmed, at most size-1 bytes) into out. Returns 0 or -ENOENT. */
int pf_status_field(const char *text, const char *key, char *out, size_t size);

/* Parse an unsigned hexadecimal number (CapEff style), whole string.
 * Returns 0 or -EINVAL. */
int pf_parse_hex_u64(const char *s, uint64_t *out);

/* Parse a decimal long, whole string (surrounding whitespace allowed).
 * Returns 0 or -EINVAL / -ERANGE. */
int pf_parse_long(const char *s, long *out);

/* Read ROOT/path as one decimal integer (sysctl files). Returns 0, -ENOENT
 * when absent, or another -errno. */
int pf_read_long(const char *root, const char *path, long *out);
