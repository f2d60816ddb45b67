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
