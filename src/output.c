/* SPDX-License-Identifier: MIT */
/* Atomic file output: a temporary file in the same directory, fsync,
 * rename. Readers see the old file or the new one, never a part; on
 * failure the temporary file is gone and the old file untouched. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "preflight/cleanup.h"
#include "preflight/output.h"
#include "preflight/util.h"

int pf_write_file_atomic(const char *path, const void *data, size_t len, struct pf_error *e)
{
	if (!path || !*path)
		return pf_error_set(e, EINVAL, "output file name is empty");
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	if (*name == '\0')
		return pf_error_set(e, EISDIR, "cannot write %s", path);
	char dir[PATH_MAX] = ".";
	if (slash) {
		size_t dir_len = slash == path ? 1 : (size_t)(slash - path);
		if (dir_len >= sizeof dir)
			return pf_error_set(e, ENAMETOOLONG, "cannot write %s", path);
		memcpy(dir, path, dir_len);
		dir[dir_len] = '\0';
	}
	char tmp[PATH_MAX];
	int n = snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, name);
	if (n < 0 || (size_t)n >= sizeof tmp)
		return pf_error_set(e, ENAMETOOLONG, "cannot write %s", path);

	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return pf_error_set(e, errno, "cannot write %s: cannot create a file in %s", path, dir);

	/* mkstemp makes 0600: keep a replaced file's mode, else what a plain
	 * create would give */
	struct stat st;
	mode_t mode;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		mode = st.st_mode & 07777;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	int r = 0;
	if (fchmod(fd, mode) < 0)
		r = pf_error_set(e, errno, "cannot write %s: chmod %s", path, tmp);
	else if ((r = pf_write_all(fd, data, len)) < 0)
		r = pf_error_set(e, -r, "cannot write %s: writing %s", path, tmp);
	else if (fsync(fd) < 0)
		r = pf_error_set(e, errno, "cannot write %s: fsync %s", path, tmp);
	/* close reports delayed write errors (NFS): check it too */
	if (close(fd) < 0 && r == 0)
		r = pf_error_set(e, errno, "cannot write %s: closing %s", path, tmp);
	if (r == 0 && rename(tmp, path) < 0)
		r = pf_error_set(e, errno, "cannot write %s: rename from %s", path, tmp);
	if (r < 0) {
		unlink(tmp);
		return r;
	}
	/* make the rename itself durable; the file is in place either way */
	_cleanup_close_ int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd >= 0)
		(void)fsync(dirfd);
	return 0;
}
