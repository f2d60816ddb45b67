#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "preflight/child.h"
#include "preflight/cleanup.h"
#include "preflight/output.h"

int pf_write_file_atomic(const char *path, const void *data, size_t len, struct pf_error *e)
{
	char tmp[PATH_MAX];
	char dir_buf[PATH_MAX];
	if (!path || !*path)
		return pf_error_set(e, EINVAL, "output file name is empty");
	if (snprintf(dir_buf, sizeof dir_buf, "%s", path) >= (int)sizeof dir_buf ||
	    snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dirname(dir_buf), "boundary-preflight") >= (int)sizeof tmp)
		return pf_error_set(e, ENAMETOOLONG, "%s", path);

	_cleanup_close_ int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return pf_error_set(e, errno, "cannot write %s", path);
	/* keep an existing file's permissions; new files get 0644 less umask */
	struct stat st;
	mode_t mode = 0644;
	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	else {
		mode_t mask = umask(0);
		umask(mask);
		mode &= ~mask;
	}
	int err = 0;
	if (pf_write_all(fd, data, len) < 0 || fchmod(fd, mode) < 0 || fsync(fd) < 0)
		err = errno ? errno : EIO;
	if (!err && close(pf_steal_fd(&fd)) < 0)
		err = errno;
	if (!err && rename(tmp, path) < 0)
		err = errno;
	if (err) {
		unlink(tmp);
		return pf_error_set(e, err, "cannot write %s", path);
	}
	return 0;
}
