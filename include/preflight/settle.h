/* SPDX-License-Identifier: MIT */
/* The gate must not use up what it gates: the namespaces the check made
 * still count against user.max_user_namespaces and user.max_net_namespaces
 * until the kernel frees them, tens of ms after their last process left
 * (docs/facts.md section 7). exec waits for that before it runs the
 * command. */
#pragma once

#include "preflight/facts.h"

enum pf_slot { PF_SLOT_UNTESTABLE, PF_SLOT_FREE, PF_SLOT_FULL };

/* Whether a user namespace could be made now, found without keeping one:
 * a chrooted clone fails with EPERM after the limit check, with ENOSPC at
 * it, and gives its slot back at once (kernel/user_namespace.c,
 * create_user_ns). Needs CAP_SYS_CHROOT; runs in a throwaway child. */
enum pf_slot pf_user_slot(int timeout_ms);

/* Wait (at most timeout_ms) until the namespaces the userns probe made no
 * longer count. Where pf_user_slot can tell, it decides; the network namespace the probe
 * made is freed before its owning user namespace, so the user test covers
 * it too when the user limit is the tight one. Otherwise a fixed grace,
 * measured, covers the network namespace. Returns the milliseconds waited. */
int pf_settle_namespaces(const struct pf_facts *f, int timeout_ms);
