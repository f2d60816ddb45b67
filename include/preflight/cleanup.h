/* SPDX-License-Identifier: MIT */
/* cleanup attributes: every resource has one release point. */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>

static inline void pf_freep(void *p)
{
	free(*(void **)p);
}
static inline void pf_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}
static inline void pf_fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

#define _cleanup_free_ __attribute__((cleanup(pf_freep)))
#define _cleanup_close_ __attribute__((cleanup(pf_closep)))
#define _cleanup_fclose_ __attribute__((cleanup(pf_fclosep)))

/* Hand ownership out of a cleanup variable. */
static inline int pf_steal_fd(int *fd)
{
	int r = *fd;
	*fd = -1;
	return r;
}
