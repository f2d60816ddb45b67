/* SPDX-License-Identifier: MIT */
/* PATH lookup as boundary's Go runtime does it (exec.LookPath): the PATH
 * of this process as it is, so an unset PATH finds nothing, as it would
 * for boundary. */
#pragma once

#include <stddef.h>

/* First executable regular file called name in a PATH directory, copied
 * into out; "" when there is none. Empty and relative entries are skipped:
 * a preflight must not report a stray ./sudo as the real one. */
void pf_find_on_path(const char *name, char *out, size_t size);

/* Which iptables a path is: "nft", "legacy" (from the names along its
 * symlink chain, then its real path), or "" when it does not tell. */
const char *pf_iptables_variant(const char *path);
