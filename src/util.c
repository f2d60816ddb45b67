/* SPDX-License-Identifier: MIT */
/* See include/preflight/util.h. */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "preflight/util.h"

uint64_t pf_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int pf_ms_until(uint64_t deadline_us, int max_ms)
{
	uint64_t now = pf_now_us();
	if (now >= deadline_us)
		return 0;
	uint64_t ms = (deadline_us - now + 999) / 1000;
	return ms > (uint64_t)max_ms ? max_ms : (int)ms;
}

int pf_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
