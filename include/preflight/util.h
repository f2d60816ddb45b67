/* SPDX-License-Identifier: MIT */
/* Small helpers with no dependency on the rest of the tool: the monotonic
 * clock every deadline is measured on, and a complete write. Probes, the
 * probe runner and the child machinery all use these; this header includes
 * no other of the project's headers. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Monotonic microseconds: every deadline is measured on this clock. */
uint64_t pf_now_us(void);

/* Milliseconds from now until deadline_us, rounded up so that it is at
 * least 1 while time remains; 0 once it has passed; at most max_ms. */
int pf_ms_until(uint64_t deadline_us, int max_ms);

/* Write the whole buffer, retrying on EINTR. Returns 0 or -errno. Safe in
 * a forked child (write(2) only). */
int pf_write_all(int fd, const void *buf, size_t len);
