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

/* ---- /proc/<pid>/mountinfo (proc(5)) ---------------------------------- */

/* The fields of one mountinfo line the probes use, their \ooo escapes
 * decoded, each truncated to its buffer (always NUL-terminated). */
struct pf_mount {
	char root[512];       /* field 4: the root of the mount in its file system */
	char mountpoint[512]; /* field 5 */
	char fstype[64];      /* the first field after " - " */
	char source[256];     /* the second field after " - " */
};

/* Copy src[0..len) into out (at most size-1 bytes, NUL-terminated),
 * decoding the kernel's octal escapes: a backslash and three octal digits
 * (the first 0-3) become that byte: the kernel writes space, tab, newline
 * and backslash so in mountinfo (fs/proc_namespace.c, show_mountinfo()).
 * Any other backslash is copied as it is. size must be at least 1. */
void pf_unescape_octal(const char *src, size_t len, char *out, size_t size);

/* Parse one line "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] -
 * FSTYPE SOURCE SUPEROPTS" of len bytes (no NUL needed; nothing past len is
 * read). Returns 0, or -EINVAL for a malformed line (fewer than five fields
 * before the separator, no " - ", or fewer than two after it); m is then
 * partly written and not to be used. */
int pf_mountinfo_parse_line(const char *line, size_t len, struct pf_mount *m);

/* Call fn for every well-formed line of NUL-terminated mountinfo text, in
 * order, until it returns true; malformed lines are skipped. Returns true
 * when fn stopped the walk. */
typedef bool (*pf_mount_fn)(const struct pf_mount *m, void *arg);
bool pf_mountinfo_each(const char *text, pf_mount_fn fn, void *arg);
