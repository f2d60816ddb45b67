/* SPDX-License-Identifier: MIT */
/* Bounded, root-relative file reading. /proc files can be huge (mountinfo
 * with thousands of mounts), binary, or replaced by FIFOs in hostile
 * fixtures; every read stops at the buffer size and never blocks. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "preflight/cleanup.h"
#include "preflight/procfs.h"

int pf_root_path(const char *root, const char *path, char *out, size_t size)
{
	if (!root || !*root || strcmp(root, "/") == 0)
		root = "";
	/* strip trailing slashes of root so "dir/" + "/proc" has one slash */
	size_t rl = strlen(root);
	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	int n = snprintf(out, size, "%.*s%s%s", (int)rl, root, path[0] == '/' ? "" : "/", path);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

ssize_t pf_read_file(const char *root, const char *path, char *buf, size_t size)
{
	char full[PATH_MAX];
	if (size == 0)
		return -EINVAL;
	buf[0] = '\0';
	int r = pf_root_path(root, path, full, sizeof full);
	if (r < 0)
		return r;
	_cleanup_close_ int fd = open(full, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL; /* FIFOs, devices, directories: never read */
	size_t len = 0;
	while (len < size - 1) {
		ssize_t n = read(fd, buf + len, size - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	return (ssize_t)len;
}

bool pf_path_exists(const char *root, const char *path)
{
	char full[PATH_MAX];
	struct stat st;
	if (pf_root_path(root, path, full, sizeof full) < 0)
		return false;
	return lstat(full, &st) == 0;
}

ssize_t pf_readlink(const char *root, const char *path, char *buf, size_t size)
{
	char full[PATH_MAX];
	if (size == 0)
		return -EINVAL;
	int r = pf_root_path(root, path, full, sizeof full);
	if (r < 0)
		return r;
	ssize_t n = readlink(full, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

int pf_status_field(const char *text, const char *key, char *out, size_t size)
{
	size_t kl = strlen(key);
	const char *p = text;
	if (size == 0)
		return -EINVAL;
	while (p && *p) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ':') {
			const char *v = p + kl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			const char *end = strchr(v, '\n');
			size_t vl = end ? (size_t)(end - v) : strlen(v);
			while (vl > 0 && isspace((unsigned char)v[vl - 1]))
				vl--;
			if (vl >= size)
				vl = size - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -ENOENT;
}

int pf_parse_hex_u64(const char *s, uint64_t *out)
{
	while (isspace((unsigned char)*s))
		s++;
	if (!isxdigit((unsigned char)*s))
		return -EINVAL;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 16);
	if (errno)
		return -errno;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return -EINVAL;
	*out = (uint64_t)v;
	return 0;
}

int pf_parse_long(const char *s, long *out)
{
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return -EINVAL;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno)
		return -errno;
	if (end == s)
		return -EINVAL;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

int pf_read_long(const char *root, const char *path, long *out)
{
	char buf[64] = "";
	ssize_t n = pf_read_file(root, path, buf, sizeof buf);
	if (n < 0)
		return (int)n;
	return pf_parse_long(buf, out);
}

void pf_unescape_octal(const char *src, size_t len, char *out, size_t size)
{
	size_t o = 0;
	for (size_t i = 0; i < len && o + 1 < size; i++) {
		if (src[i] == '\\' && i + 3 < len && src[i + 1] >= '0' && src[i + 1] <= '3' && src[i + 2] >= '0' &&
		    src[i + 2] <= '7' && src[i + 3] >= '0' && src[i + 3] <= '7') {
			out[o++] = (char)(((src[i + 1] - '0') << 6) | ((src[i + 2] - '0') << 3) | (src[i + 3] - '0'));
			i += 3;
		} else {
			out[o++] = src[i];
		}
	}
	out[o] = '\0';
}

/* One space-separated mountinfo field at *p (leading spaces skipped);
 * false when there is none before end. */
static bool next_field(const char **p, const char *end, const char **field, size_t *len)
{
	while (*p < end && **p == ' ')
		(*p)++;
	const char *start = *p;
	while (*p < end && **p != ' ')
		(*p)++;
	if (*p == start)
		return false;
	*field = start;
	*len = (size_t)(*p - start);
	return true;
}

int pf_mountinfo_parse_line(const char *line, size_t len, struct pf_mount *m)
{
	const char *field[6];
	size_t flen[6];
	const char *p = line, *end = line + len;
	int nf = 0;

	/* the first five fields, then skip to the " - " separator */
	while (p < end && nf < 5) {
		if (!next_field(&p, end, &field[nf], &flen[nf]))
			return -EINVAL;
		nf++;
	}
	if (nf < 5)
		return -EINVAL;
	const char *sep = NULL;
	for (const char *q = p; q + 2 < end; q++) {
		if (q[0] == ' ' && q[1] == '-' && q[2] == ' ') {
			sep = q + 3;
			break;
		}
	}
	if (!sep)
		return -EINVAL;
	p = sep;
	const char *after[2];
	size_t alen[2];
	for (int i = 0; i < 2; i++)
		if (!next_field(&p, end, &after[i], &alen[i]))
			return -EINVAL;
	pf_unescape_octal(field[3], flen[3], m->root, sizeof m->root);
	pf_unescape_octal(field[4], flen[4], m->mountpoint, sizeof m->mountpoint);
	pf_unescape_octal(after[0], alen[0], m->fstype, sizeof m->fstype);
	pf_unescape_octal(after[1], alen[1], m->source, sizeof m->source);
	return 0;
}

bool pf_mountinfo_each(const char *text, pf_mount_fn fn, void *arg)
{
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		struct pf_mount m;
		if (pf_mountinfo_parse_line(p, len, &m) == 0 && fn(&m, arg))
			return true;
		p += len;
		if (*p == '\n')
			p++;
	}
	return false;
}
