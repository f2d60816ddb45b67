/* SPDX-License-Identifier: MIT */
/* Test helper: load a Docker-format seccomp profile into the calling process
 * as a real seccomp filter, the way Docker/runc translate it, for the subset
 * the default profile uses: defaultAction/defaultErrnoRet; per rule names
 * (or name), action, errnoRet, args (index, value, valueTwo, op),
 * includes/excludes arches and caps. Capabilities count as not held (a
 * --cap-add=NET_ADMIN container): rules with includes.caps are skipped,
 * excludes.caps do not exclude. minKernel is ignored. Only the native
 * architecture is added. Irreversible: call it in a throwaway child. */
#pragma once

#include <stddef.h>

/* 0 when the filter is loaded; -1 with a message in err otherwise. */
int docker_filter_load(const char *profile_path, char *err, size_t err_len);

/* The name Docker profiles use for the native architecture ("amd64", ...). */
const char *docker_native_arch(void);
