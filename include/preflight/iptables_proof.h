/* SPDX-License-Identifier: MIT */
/* What boundary's iptables commands need, proven by calls that need the
 * same permission and change nothing (docs/facts.md section 7):
 *   legacy: open the xtables lock file as iptables opens it, a raw IPv4
 *           socket (CAP_NET_RAW), IPT_SO_GET_INFO for the nat table
 *           (CAP_NET_ADMIN; loads or finds the nat table's module);
 *   nft:    NFT_MSG_GETGEN over nfnetlink (CAP_NET_ADMIN; nf_tables present).
 * Runs in the calling process: call it from a throwaway child, since a
 * seccomp filter may kill the caller of any of these. */
#pragma once

#include "preflight/facts.h"

/* Fill out for the given variant ("nft" or "legacy"; anything else is
 * proven as nft, which is what iptables is on current distributions).
 * Stops at the first step that fails, as iptables does. */
void pf_iptables_prove(const char *variant, struct pf_iptables_proof *out);

/* The lock file legacy iptables opens: $XTABLES_LOCKFILE or /run/xtables.lock. */
const char *pf_xtables_lock_path(void);
